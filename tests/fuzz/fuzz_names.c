/*
 * fuzz_names.c — the name resolver: the input, split at newlines, is used
 * as a class, a relationship and a property name in fixed query shapes on
 * the seed graph (prefixed names, IRIs in <…>, local names that are
 * ambiguous or unknown, with suggestions).  Each run must resolve or fail
 * with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(mg_db *db, const char *fmt, const char *name)
{
    char q[1200];
    snprintf(q, sizeof q, fmt, name);
    mg_query_opts o = {0};
    o.row_cap = 50;
    o.timeout = 0.5;
    o.max_intermediate = 100000;
    mg_status st;
    mg_status_clear(&st);
    mg_code rc = mg_query_exec(db, q, &o, &mg_fuzz_null_sink, &st);
    if (rc != MG_OK && (st.code == MG_OK || !st.msg[0]))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1024)
        return 0;
    mg_db *db = mg_fuzz_seed_store();
    char *text = mg_fuzz_cstr(data, size);
    static const char *shapes[] = {
        "MATCH (n:%s) RETURN count(*)",
        "MATCH (a)-[:%s]->(b) RETURN count(*)",
        "MATCH (a)-[:%s*1..2]-(b) RETURN count(*)",
        "MATCH (n) WHERE n.%s IS NOT NULL RETURN count(*)",
        "MATCH (n {%s: \"x\"}) RETURN n",
        "EXPLAIN MATCH (n:%s)-[r]->(m) RETURN m",
    };
    char *save = NULL;
    for (char *name = strtok_r(text, "\n", &save); name;
         name = strtok_r(NULL, "\n", &save))
        for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
            one(db, shapes[i], name);
    free(text);
    return 0;
}
