/*
 * bnode.c — stable blank node labels.
 *
 * raptor (through librdf's handler) names blank nodes after the time, the
 * pid and a counter, so reloading a file would add a second copy of every
 * triple with a blank node.  Instead every blank node becomes
 * "b" + hex(FNV-1a-64(file graph IRI, file label, label in the file)).
 * Anonymous nodes ([] and collections) have no label in the file: while a
 * parse runs, our raptor id handler names them "/1", "/2"... in parse
 * order ('/' cannot occur in a user label, so they never collide with
 * one); user labels pass through unchanged and are hashed in parse.c.
 */
#include <stdio.h>
#include <string.h>

#include "load/load_internal.h"

void mg_bnode_label(const char *graph, const char *file_label,
                    const char *local, size_t local_len, char out[18])
{
    uint64_t h = mg_fnv1a64(MG_FNV_OFFSET, graph, strlen(graph) + 1);
    h = mg_fnv1a64(h, file_label, strlen(file_label) + 1);
    h = mg_fnv1a64(h, local, local_len);
    snprintf(out, 18, "b%016llx", (unsigned long long)h);
}

/* Our handler while a parse runs: user labels as they are (raptor owns
 * the string either way), anonymous ones numbered from *counter. */
static unsigned char *gen_id(void *user_data, unsigned char *user_bnodeid)
{
    if (user_bnodeid)
        return user_bnodeid;
    uint64_t *counter = user_data;
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "/%llu",
                     (unsigned long long)++*counter);
    unsigned char *s = raptor_alloc_memory((size_t)n + 1);
    if (s)
        memcpy(s, tmp, (size_t)n + 1);
    return s;
}

void mg_bnode_install(raptor_world *world, uint64_t *counter)
{
    raptor_world_set_generate_bnodeid_handler(world, counter, gen_id);
}
