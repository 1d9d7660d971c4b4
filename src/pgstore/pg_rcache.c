/*
 * pg_rcache.c — the short cursor results a read transaction has seen
 * (pgstore.h mg_pg_rcache): a node's values for one predicate, or its
 * types, keyed by (subject, predicate).  The engine reads them again and
 * again (n.label for every row of a group, a type check per row), each a
 * round trip to the server; a read transaction sees one snapshot, so an
 * answer stays true until it ends.  Only results of at most
 * MG_PG_RCACHE_ROWS distinct triples are kept, up to MG_PG_RCACHE_MAX
 * keys; then nothing more is added.
 */
#include "pgstore/pgstore.h"

#include <stdlib.h>
#include <string.h>

static size_t slot_of(const mg_pg_rcache *c, mg_id s, mg_id p)
{
    uint64_t h = (s * 0x9e3779b97f4a7c15ull) ^ (p * 0xc2b2ae3d27d4eb4full);
    h ^= h >> 29;
    return (size_t)h & (c->cap - 1);
}

const mg_pg_rentry *mg_pg_rcache_get(const mg_pg_rcache *c, mg_id s, mg_id p)
{
    if (!c->cap)
        return NULL;
    for (size_t i = slot_of(c, s, p);; i = (i + 1) & (c->cap - 1)) {
        const mg_pg_rentry *e = &c->e[i];
        if (!e->s)
            return NULL;
        if (e->s == s && e->p == p)
            return e;
    }
}

void mg_pg_rcache_put(mg_pg_rcache *c, mg_id s, mg_id p, const mg_quad *q,
                      int n)
{
    if (n > MG_PG_RCACHE_ROWS || c->n >= MG_PG_RCACHE_MAX || !s || !p)
        return;
    if ((c->n + 1) * 2 > c->cap) { /* at most half full */
        size_t cap = c->cap ? c->cap * 2 : 1024;
        mg_pg_rentry *e = calloc(cap, sizeof *e);
        if (!e)
            return; /* a cache: nothing is lost */
        mg_pg_rcache old = *c;
        c->e = e;
        c->cap = cap;
        for (size_t i = 0; i < old.cap; i++)
            if (old.e[i].s) {
                size_t j = slot_of(c, old.e[i].s, old.e[i].p);
                while (c->e[j].s)
                    j = (j + 1) & (cap - 1);
                c->e[j] = old.e[i];
            }
        free(old.e);
    }
    size_t i = slot_of(c, s, p);
    while (c->e[i].s) {
        if (c->e[i].s == s && c->e[i].p == p)
            return;
        i = (i + 1) & (c->cap - 1);
    }
    mg_quad *copy = NULL;
    if (n > 0) {
        copy = malloc((size_t)n * sizeof *copy);
        if (!copy)
            return;
        memcpy(copy, q, (size_t)n * sizeof *copy);
    }
    c->e[i] = (mg_pg_rentry){s, p, copy, n};
    c->n++;
}

void mg_pg_rcache_free(mg_pg_rcache *c)
{
    for (size_t i = 0; i < c->cap; i++)
        free(c->e[i].q);
    free(c->e);
    memset(c, 0, sizeof *c);
}
