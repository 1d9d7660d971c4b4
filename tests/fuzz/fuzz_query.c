/*
 * fuzz_query.c — the query language end to end on the seed graph:
 * tokenizer, parser, name resolver, planner and executor.  Any input must
 * give rows or an error with a message, never a crash, a leak or a hang:
 * the run is bounded (0.5 s, 200 000 rows held, 1 000 rows out, paths of
 * depth 6) as `maillage query --timeout … --max-rows …` would be.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    mg_db *db = mg_fuzz_seed_store();
    char *text = mg_fuzz_cstr(data, size);
    static const mg_param params[] = {{"name", "Mahel Coppey"},
                                      {"n", "3"},
                                      {"since", "2023-01-01"}};
    mg_query_opts o = {0};
    o.params = params;
    o.nparams = sizeof params / sizeof *params;
    o.row_cap = 1000;
    o.path_depth_cap = 6;
    o.timeout = 0.5;
    o.max_intermediate = 200000;
    mg_status st;
    mg_status_clear(&st);
    mg_code rc = mg_query_exec(db, text, &o, &mg_fuzz_null_sink, &st);
    /* An error always says what went wrong. */
    if (rc != MG_OK && (st.code == MG_OK || !st.msg[0]))
        abort();
    free(text);
    return 0;
}
