/*
 * engine.c — mg_query_exec (engine.h): parse, open one read transaction,
 * load the vocabulary, plan, then run (or EXPLAIN / PROFILE) and clean up.
 *
 * Owns: for the duration of a call, the syntax tree, the transaction, the
 * vocabulary and the plan; all are released before it returns.
 */
#include "query/engine.h"

#include <stdio.h>

#include "query/exec.h"
#include "query/parse.h"

mg_code mg_query_exec_ast(mg_db *db, const mg_query *q, const char *text,
                          const mg_query_opts *opts, mg_row_sink *sink,
                          mg_status *st)
{
    if (!db || !q)
        return mg_fail(st, MG_ERR_ARG, "mg_query_exec: no store or query");
    if (!db->native)
        return mg_fail(st, MG_ERR_UNSUPPORTED,
                       "the query language needs a Maillage store");
    mg_txn *txn;
    MG_TRY(mg_txn_begin(db->native, 0, &txn, st));
    mg_vocab vocab;
    mg_plan *plan = NULL;
    mg_code rc = mg_vocab_load(txn, &vocab, st);
    if (rc == MG_OK)
        rc = mg_plan_build(q, text, txn, &vocab, opts, &plan, st);
    if (rc == MG_OK) {
        if (plan->explain && !plan->profile) {
            rc = mg_explain(plan, 0, 0, 0, sink, st);
        } else {
            uint64_t rows = 0;
            double t0 = mg_now();
            rc = mg_exec_run(plan, txn, opts, sink, 1, &rows, st);
            if (rc == MG_OK && opts && opts->cancel && *opts->cancel)
                rc = mg_fail(st, MG_ERR_CANCELLED, "interrupted");
            double t1 = mg_now();
            if (rc == MG_OK && plan->profile)
                rc = mg_explain(plan, 1, t1 - t0, rows, sink, st);
        }
    }
    mg_plan_free(plan);
    mg_vocab_free(&vocab);
    mg_txn_abort(txn);
    return rc;
}

mg_code mg_query_exec(mg_db *db, const char *text, const mg_query_opts *opts,
                      mg_row_sink *sink, mg_status *st)
{
    if (!db || !text)
        return mg_fail(st, MG_ERR_ARG, "mg_query_exec: no store or query");
    if (!db->native)
        return mg_fail(st, MG_ERR_UNSUPPORTED,
                       "the query language needs a Maillage store");
    mg_query *q;
    MG_TRY(mg_query_parse(text, &q, st));
    mg_code rc = mg_query_exec_ast(db, q, text, opts, sink, st);
    mg_query_free(q);
    return rc;
}
