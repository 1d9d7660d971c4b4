/*
 * pg_quads.c — adding and removing single quads and dropping a graph on
 * PostgreSQL (pgstore.h); the statistics change in the same transaction.
 */
#include "pgstore/pgstore.h"

#include <stdio.h>
#include <stdlib.h>

static mg_code one_quad(mg_txn *txn, int ps, const mg_quad *q, int *changed,
                        mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (changed)
        *changed = 0;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "writing needs a write transaction");
    if (!q->g || !q->s || !q->p || !q->o)
        return mg_fail(st, MG_ERR_ARG, "a quad needs four non-zero ids");
    mg_id ids[4] = {q->g, q->s, q->p, q->o};
    PGresult *r = mg_pg_run_ids(t, ps, NULL, 4, ids, st);
    if (!r)
        return st->code;
    if (changed && PQntuples(r) == 1)
        *changed = mg_pg_id(r, 0, 0) == 1;
    PQclear(r);
    return MG_OK;
}

mg_code mg_pg_quad_add(mg_txn *txn, const mg_quad *q, int *added,
                       mg_status *st)
{
    return one_quad(txn, PS_QUAD_ADD, q, added, st);
}

mg_code mg_pg_quad_remove(mg_txn *txn, const mg_quad *q, int *removed,
                          mg_status *st)
{
    return one_quad(txn, PS_QUAD_REMOVE, q, removed, st);
}

mg_code mg_pg_graph_drop(mg_txn *txn, mg_id g, uint64_t *count, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (count)
        *count = 0;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "writing needs a write transaction");
    PGconn *conn = t->c->conn;
    MG_TRY(mg_pg_exec(conn, mg_pg_temp_sql(), st, "dropping a graph"));
    char sql[256];
    snprintf(sql, sizeof sql,
             "TRUNCATE mg_tmp_quads; WITH d AS (DELETE FROM mg_quads WHERE "
             "g = %llu RETURNING g, s, p, o) INSERT INTO mg_tmp_quads "
             "SELECT * FROM d",
             (unsigned long long)g);
    PGresult *r = PQexec(conn, sql);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        PQclear(r);
        return mg_pg_fail(st, conn, "dropping a graph");
    }
    uint64_t n = strtoull(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    if (count)
        *count = n;
    return n ? mg_pg_restat(t, st) : MG_OK;
}
