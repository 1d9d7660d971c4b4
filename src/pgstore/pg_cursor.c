/*
 * pg_cursor.c — cursors over the quads on PostgreSQL (pgstore.h).
 *
 * The index is chosen as the embedded store chooses it (the order whose
 * leading positions the pattern binds most; graph last for distinct
 * triples), and the rows come in that order: ORDER BY its columns, which
 * PostgreSQL reads from the matching index.  Rows are fetched in batches
 * by keyset: the first batch with LIMIT, each next one from the last row
 * read, WHERE (its columns) > (the last row's): no server-side cursor, so
 * any number of cursors share the transaction's connection, and a point
 * lookup is one round trip.  Distinct triples use DISTINCT ON the three
 * triple columns, which keeps the smallest graph of each, as the
 * embedded store reports the first.  In a read transaction, the short
 * answers to (s, p, ?) — a node's values for a property, its types — are
 * kept (pg_rcache.c) and served again without a round trip.
 */
#include "pgstore/pgstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BATCH 256
#define NEXT_BATCH 4096

enum { IDX_SPOG, IDX_POSG, IDX_OSPG, IDX_GSPO, IDX_COUNT };
/* positions 0=g 1=s 2=p 3=o, in each index's order */
static const int order[IDX_COUNT][4] = {
    {1, 2, 3, 0}, {2, 3, 1, 0}, {3, 1, 2, 0}, {0, 1, 2, 3}};
static const char *const idx_name[IDX_COUNT] = {"SPOG", "POSG", "OSPG", "GSPO"};
static const char col[4] = {'g', 's', 'p', 'o'};

typedef struct mg_pg_cursor {
    mg_cursor base;
    mg_pg_txn *t;
    int idx, mask, distinct;
    mg_quad pat;
    PGresult *res;
    int row, rows, limit;
    int done;
    mg_quad last;
    /* (s, p, ?) in a read transaction: served from, or kept in, the
     * transaction's rcache (pg_rcache.c) */
    int cacheable;
    const mg_quad *cq; /* the cached rows, when served from the cache */
    int cn, cpos, cached;
} mg_pg_cursor;

static mg_id pos(const mg_quad *q, int i)
{
    return i == 0 ? q->g : i == 1 ? q->s : i == 2 ? q->p : q->o;
}

/* The SQL of one cursor form: bound positions `mask` (bit i = position
 * i), index, distinct, first or next batch.  Parameters: the bound ids in
 * g, s, p, o order, then (next) the last row's key in index order. */
static void cursor_sql(char *sql, size_t cap, int mask, int idx, int distinct,
                       int next)
{
    int klen = distinct ? 3 : 4, n = 0, np = 0;
    char where[256] = "", key[64] = "", keyp[64] = "", ord[64] = "";
    for (int i = 0; i < 4; i++) {
        if (!(mask & (1 << i)))
            continue;
        n += snprintf(where + n, sizeof where - (size_t)n, "%s%c = $%d::bigint",
                      n ? " AND " : "", col[i], ++np);
    }
    int kn = 0, kpn = 0, on = 0;
    for (int i = 0; i < klen; i++) {
        kn += snprintf(key + kn, sizeof key - (size_t)kn, "%s%c", i ? ", " : "",
                       col[order[idx][i]]);
        kpn += snprintf(keyp + kpn, sizeof keyp - (size_t)kpn, "%s$%d::bigint",
                        i ? ", " : "", np + 1 + i);
    }
    for (int i = 0; i < 4; i++)
        on += snprintf(ord + on, sizeof ord - (size_t)on, "%s%c", i ? ", " : "",
                       col[order[idx][i]]);
    char cond[400];
    if (next)
        snprintf(cond, sizeof cond, " WHERE %s%s(%s) > (%s)", where,
                 *where ? " AND " : "", key, keyp);
    else
        snprintf(cond, sizeof cond, "%s%s", *where ? " WHERE " : "", where);
    snprintf(sql, cap, "SELECT %s%s%sg, s, p, o FROM mg_quads%s ORDER BY %s "
             "LIMIT %d",
             distinct ? "DISTINCT ON (" : "", distinct ? key : "",
             distinct ? ") " : "", cond, ord, next ? NEXT_BATCH : FIRST_BATCH);
}

mg_code mg_pg_cursor_open(mg_txn *txn, const mg_quad *pattern, int flags,
                          mg_cursor **out, mg_status *st)
{
    *out = NULL;
    mg_pg_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    c->base.be = txn->be;
    c->t = (mg_pg_txn *)txn;
    c->pat = *pattern;
    c->distinct = (flags & MG_CURSOR_DISTINCT) && pattern->g == 0;
    for (int i = 0; i < 4; i++)
        if (pos(pattern, i))
            c->mask |= 1 << i;
    int best = IDX_SPOG, best_n = -1;
    for (int i = 0; i < IDX_COUNT; i++) {
        if (c->distinct && order[i][3] != 0)
            continue;
        int n = 0;
        while (n < 4 && pos(pattern, order[i][n]))
            n++;
        if (n > best_n) {
            best = i;
            best_n = n;
        }
    }
    c->idx = best;
    c->cacheable = !c->t->write && c->distinct && c->mask == 6;
    if (c->cacheable) {
        const mg_pg_rentry *e =
            mg_pg_rcache_get(&c->t->rcache, pattern->s, pattern->p);
        if (e) {
            c->cached = 1;
            c->cq = e->q;
            c->cn = e->n;
        }
    }
    *out = &c->base;
    return MG_OK;
}

/* Fetches the next batch: 1 when it has rows, 0 when none, -1 on error. */
static int fetch(mg_pg_cursor *c, mg_status *st)
{
    int next = c->res != NULL;
    PQclear(c->res);
    c->res = NULL;
    mg_id params[8];
    int n = 0;
    for (int i = 0; i < 4; i++)
        if (c->mask & (1 << i))
            params[n++] = pos(&c->pat, i);
    if (next)
        for (int i = 0; i < (c->distinct ? 3 : 4); i++)
            params[n++] = pos(&c->last, order[c->idx][i]);
    int ps = PS_CURSOR0 + ((c->mask * 2 + c->distinct) * 2 + next);
    char sql[768];
    cursor_sql(sql, sizeof sql, c->mask, c->idx, c->distinct, next);
    c->res = mg_pg_run_ids(c->t, ps, sql, n, params, st);
    if (!c->res)
        return -1;
    c->limit = next ? NEXT_BATCH : FIRST_BATCH;
    c->rows = PQntuples(c->res);
    c->row = 0;
    if (c->cacheable && !next && c->rows <= MG_PG_RCACHE_ROWS) {
        mg_quad rows[MG_PG_RCACHE_ROWS];
        for (int i = 0; i < c->rows; i++)
            rows[i] = (mg_quad){mg_pg_id(c->res, i, 0), mg_pg_id(c->res, i, 1),
                                mg_pg_id(c->res, i, 2), mg_pg_id(c->res, i, 3)};
        mg_pg_rcache_put(&c->t->rcache, c->pat.s, c->pat.p, rows, c->rows);
    }
    return c->rows > 0;
}

int mg_pg_cursor_next(mg_cursor *cur, mg_quad *q, mg_status *st)
{
    mg_pg_cursor *c = (mg_pg_cursor *)cur;
    if (c->cached) {
        if (c->cpos >= c->cn)
            return 0;
        *q = c->cq[c->cpos++];
        return 1;
    }
    if (c->done)
        return 0;
    if (!c->res || c->row >= c->rows) {
        /* a batch shorter than its limit was the last one */
        int r = c->res && c->rows < c->limit ? 0 : fetch(c, st);
        if (r <= 0) {
            c->done = r == 0;
            return r;
        }
    }
    const PGresult *r = c->res;
    int i = c->row++;
    q->g = mg_pg_id(r, i, 0);
    q->s = mg_pg_id(r, i, 1);
    q->p = mg_pg_id(r, i, 2);
    q->o = mg_pg_id(r, i, 3);
    c->last = *q;
    return 1;
}

void mg_pg_cursor_close(mg_cursor *cur)
{
    mg_pg_cursor *c = (mg_pg_cursor *)cur;
    if (!c)
        return;
    PQclear(c->res);
    free(c);
}

const char *mg_pg_cursor_index(const mg_cursor *cur)
{
    return idx_name[((const mg_pg_cursor *)cur)->idx];
}
