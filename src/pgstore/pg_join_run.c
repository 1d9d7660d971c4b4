/*
 * pg_join_run.c — running a pushed-down join (pg_join.c) and reading its
 * rows.
 *
 * A join with inputs (run once per row reaching it) is first run
 * prepared with LIMIT BATCH+1: most such runs are small and end there, in
 * one round trip.  A larger result, and a join without inputs (run once
 * per query), is read through a server-side cursor (DECLARE … NO SCROLL
 * CURSOR, then FETCH BATCH rows at a time), which keeps memory bounded and
 * leaves the connection free between batches for the other cursors of
 * the query.  Statements are prepared once per connection
 * (up to JOIN_CACHE forms; the rest run unprepared).
 */
#include "pgstore/pgstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 4096

typedef struct mg_pg_join_cursor {
    mg_join_cursor base;
    mg_pg_txn *t;
    PGresult *res;
    int row, rows;
    size_t nout;
    int done;          /* no more batches */
    char name[32];     /* the server-side cursor, "" when none */
} mg_pg_join_cursor;

/* The binary parameters of n ids. */
typedef struct params {
    unsigned char (*buf)[8];
    const char **vals;
    int *lens, *fmts;
} params;

static int params_make(params *p, const mg_id *in, size_t n)
{
    size_t m = n ? n : 1;
    p->buf = malloc(m * sizeof *p->buf);
    p->vals = malloc(m * sizeof *p->vals);
    p->lens = malloc(m * sizeof *p->lens);
    p->fmts = malloc(m * sizeof *p->fmts);
    if (!p->buf || !p->vals || !p->lens || !p->fmts)
        return -1;
    for (size_t i = 0; i < n; i++) {
        mg_pg_be64(p->buf[i], in[i]);
        p->vals[i] = (const char *)p->buf[i];
        p->lens[i] = 8;
        p->fmts[i] = 1;
    }
    return 0;
}

static void params_free(params *p)
{
    free(p->buf), free(p->vals), free(p->lens), free(p->fmts);
}

/* The first batch: the form with a limit, prepared on this connection. */
static PGresult *first_batch(mg_pg_txn *t, const char *form, const params *p,
                             int n, mg_status *st)
{
    mg_pg_conn *c = t->c;
    char *sql = malloc(strlen(form) + 32);
    if (!sql) {
        mg_fail(st, MG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    sprintf(sql, "%s LIMIT %d", form, BATCH + 1);
    size_t k = 0;
    while (k < c->njforms && strcmp(c->jforms[k], sql) != 0)
        k++;
    PGresult *r;
    char name[24];
    snprintf(name, sizeof name, "mgj%zu", k);
    if (k == c->njforms && k < MG_PG_JOIN_CACHE) {
        r = mg_pg_await(t, PQsendPrepare(c->conn, name, sql, n, NULL), st,
                        "joining in the store");
        if (!r) {
            free(sql);
            return NULL;
        }
        PQclear(r);
        c->jforms[c->njforms++] = sql;
        sql = NULL;
    }
    int sent = k < c->njforms
                   ? PQsendQueryPrepared(c->conn, name, n, p->vals, p->lens,
                                         p->fmts, 1)
                   : PQsendQueryParams(c->conn, sql, n, NULL, p->vals,
                                       p->lens, p->fmts, 1);
    free(sql);
    return mg_pg_await(t, sent, st, "joining in the store");
}

/* More than a batch: the same query through a server-side cursor,
 * positioned after the rows already read. */
static int open_portal(mg_pg_join_cursor *jc, const char *form,
                       const params *p, int n, int skip, mg_status *st)
{
    mg_pg_conn *c = jc->t->c;
    snprintf(jc->name, sizeof jc->name, "mgjc%u", ++c->jseq);
    char *sql = malloc(strlen(form) + 64);
    if (!sql) {
        mg_fail(st, MG_ERR_NOMEM, "out of memory");
        return -1;
    }
    sprintf(sql, "DECLARE %s NO SCROLL CURSOR FOR %s", jc->name, form);
    PGresult *r = mg_pg_await(jc->t,
                              PQsendQueryParams(c->conn, sql, n, NULL, p->vals,
                                                p->lens, p->fmts, 1),
                              st, "joining in the store");
    free(sql);
    if (!r) {
        jc->name[0] = 0;
        return -1;
    }
    PQclear(r);
    if (!skip)
        return 0;
    char mv[64];
    snprintf(mv, sizeof mv, "MOVE FORWARD %d IN %s", skip, jc->name);
    r = mg_pg_await(jc->t, PQsendQuery(c->conn, mv), st,
                    "joining in the store");
    PQclear(r);
    return r ? 0 : -1;
}

mg_code mg_pg_join_open(mg_txn *txn, const char *form, const mg_id *in,
                        size_t nin, size_t nout, double timeout,
                        mg_join_cursor **out, mg_status *st)
{
    *out = NULL;
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (timeout > 0 && !t->stmt_timeout) {
        /* Once per transaction: the query's time left when its first join
         * starts bounds every join (a cross product sorts for hours); the
         * engine checks the deadline between rows. */
        char sql[80];
        snprintf(sql, sizeof sql, "SET LOCAL statement_timeout = %lld",
                 (long long)(timeout * 1000.0) + 1);
        MG_TRY(mg_pg_exec(t->c->conn, sql, st, "joining in the store"));
        t->stmt_timeout = 1;
    }
    mg_pg_join_cursor *jc = calloc(1, sizeof *jc);
    params p = {0};
    if (!jc || params_make(&p, in, nin)) {
        free(jc);
        params_free(&p);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    jc->base.be = txn->be;
    jc->t = t;
    jc->nout = nout;
    mg_code rc = MG_OK;
    if (nin == 0) {
        /* run once per query: straight to a portal (the first batch would
         * sort the whole result for nothing when it is large) */
        if (open_portal(jc, form, &p, 0, 0, st))
            rc = st->code;
    } else if (!(jc->res = first_batch(t, form, &p, (int)nin, st))) {
        rc = st->code;
    } else {
        jc->rows = PQntuples(jc->res);
        if (jc->rows <= BATCH)
            jc->done = 1;
        else if (open_portal(jc, form, &p, (int)nin, BATCH, st))
            rc = st->code;
        else
            jc->rows = BATCH; /* the extra row comes again from the portal */
    }
    params_free(&p);
    if (rc != MG_OK) {
        mg_pg_join_close(&jc->base);
        return rc;
    }
    *out = &jc->base;
    return MG_OK;
}

int mg_pg_join_next(mg_join_cursor *cur, mg_id *out, mg_status *st)
{
    mg_pg_join_cursor *jc = (mg_pg_join_cursor *)cur;
    if (jc->row >= jc->rows) {
        if (jc->done)
            return 0;
        PQclear(jc->res);
        char sql[64];
        snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", BATCH, jc->name);
        PGconn *conn = jc->t->c->conn;
        jc->res = mg_pg_await(jc->t,
                              PQsendQueryParams(conn, sql, 0, NULL, NULL, NULL,
                                                NULL, 1),
                              st, "joining in the store");
        if (!jc->res)
            return -1;
        jc->rows = PQntuples(jc->res);
        jc->row = 0;
        if (jc->rows < BATCH)
            jc->done = 1;
        if (jc->rows == 0)
            return 0;
    }
    for (size_t i = 0; i < jc->nout; i++)
        out[i] = mg_pg_id(jc->res, jc->row, (int)i);
    jc->row++;
    return 1;
}

void mg_pg_join_close(mg_join_cursor *cur)
{
    mg_pg_join_cursor *jc = (mg_pg_join_cursor *)cur;
    if (!jc)
        return;
    PQclear(jc->res);
    if (jc->name[0] && jc->t->c) {
        /* A failed transaction refuses it; its end closes the portal. */
        char sql[64];
        snprintf(sql, sizeof sql, "CLOSE %s", jc->name);
        PQclear(PQexec(jc->t->c->conn, sql));
    }
    free(jc);
}
