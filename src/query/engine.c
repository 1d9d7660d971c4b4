/*
 * engine.c — mg_query_exec (engine.h): parse, open one read transaction,
 * load the vocabulary, plan, then run (or EXPLAIN / PROFILE) and clean up.
 *
 * Owns: for the duration of a call, the syntax tree, the transaction, the
 * vocabulary and the plan; all are released before it returns.
 */
#include "query/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (opts && opts->cancel)
        mg_txn_set_cancel(txn, opts->cancel);
    mg_vocab vocab;
    mg_plan *plan = NULL;
    double t0 = mg_now();
    mg_code rc = mg_vocab_load(txn, &vocab, st);
    if (rc == MG_OK)
        rc = mg_plan_build(q, text, txn, &vocab, opts, &plan, st);
    if (rc == MG_OK) {
        if (plan->explain && !plan->profile) {
            rc = mg_explain(plan, 0, 0, 0, 0, sink, st);
        } else {
            uint64_t rows = 0;
            double t1 = mg_now();
            rc = mg_exec_run(plan, txn, opts, sink, 1, &rows, st);
            if (rc == MG_OK && opts && opts->cancel && *opts->cancel)
                rc = mg_fail(st, MG_ERR_CANCELLED, "interrupted");
            double t2 = mg_now();
            if (rc == MG_OK && plan->profile)
                rc = mg_explain(plan, 1, t1 - t0, t2 - t1, rows, sink, st);
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

static mg_code copy_columns(const mg_plan *plan, mg_sparql_query *out,
                            mg_status *st)
{
    const mg_ppart *part = &plan->parts[0];
    const mg_pstage *ps = &part->stages[part->nstages - 1];
    out->columns = calloc((size_t)ps->ncols + 1, sizeof *out->columns);
    out->vars = calloc((size_t)ps->ncols + 1, sizeof *out->vars);
    if (!out->columns || !out->vars)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (int i = 0; i < ps->ncols; i++) {
        out->columns[i] = strdup(ps->colnames[i]);
        out->vars[i] = mg_sparql_var(ps->colnames[i]);
        out->ncols = i + 1;
        if (!out->columns[i] || !out->vars[i])
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    return MG_OK;
}

mg_code mg_query_sparql(mg_db *db, const char *text, const mg_query_opts *opts,
                        mg_sparql_query *out, mg_status *st)
{
    memset(out, 0, sizeof *out);
    if (!db || !text)
        return mg_fail(st, MG_ERR_ARG, "mg_query_sparql: no store or query");
    if (!db->native)
        return mg_fail(st, MG_ERR_UNSUPPORTED,
                       "the query language needs a Maillage store");
    mg_query *q;
    MG_TRY(mg_query_parse(text, &q, st));
    mg_txn *txn;
    mg_code rc = mg_txn_begin(db->native, 0, &txn, st);
    if (rc != MG_OK) {
        mg_query_free(q);
        return rc;
    }
    mg_vocab vocab;
    mg_plan *plan = NULL;
    rc = mg_vocab_load(txn, &vocab, st);
    if (rc == MG_OK)
        rc = mg_plan_build(q, text, txn, &vocab, opts, &plan, st);
    if (rc == MG_OK) {
        out->explain = plan->explain && !plan->profile;
        out->profile = plan->profile;
        rc = copy_columns(plan, out, st);
    }
    if (rc == MG_OK)
        rc = mg_plan_sparql(plan, &out->text, st);
    mg_plan_free(plan);
    mg_vocab_free(&vocab);
    mg_txn_abort(txn);
    mg_query_free(q);
    return rc;
}

void mg_sparql_query_free(mg_sparql_query *q)
{
    if (!q)
        return;
    for (int i = 0; i < q->ncols; i++) {
        free(q->columns[i]);
        free(q->vars[i]);
    }
    free(q->columns);
    free(q->vars);
    free(q->text);
    memset(q, 0, sizeof *q);
}
