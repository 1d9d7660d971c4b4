/*
 * pg_rcache.c — the short cursor results a read transaction has seen
 * (pgstore.h mg_pg_rcache): a node's values for one predicate, or its
 * types, keyed by (subject, predicate).  The engine reads them again and
 * again (n.label for every row of a group, a type check per row), each a
 * round trip to the server; a read transaction sees one snapshot, so an
 * answer stays true until it ends.  Only results of at most
 * MG_PG_RCACHE_ROWS distinct triples are kept, up to MG_PG_RCACHE_MAX
 * keys; then nothing more is added.
 *
 * Also the batched reads of many nodes at once, 1,000 ids a query: the
 * values of a planner's seeds, read into the cache with their terms
 * (mg_prefetch), and the subjects of a text search's candidate values
 * (mg_subjects_of).
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

#define PREFETCH_BATCH 1000

static int cmp_id(const void *a, const void *b)
{
    mg_id x = *(const mg_id *)a, y = *(const mg_id *)b;
    return (x > y) - (x < y);
}

/* One batch: ids[0..n-1] sorted, distinct, none cached yet.  The rows
 * come as the (s, p, ?) cursor gives them (DISTINCT ON its key, ordered
 * s, o, g), grouped by subject. */
static mg_code prefetch_batch(mg_pg_txn *t, mg_id p, const mg_id *ids,
                              size_t n, mg_status *st)
{
    PGresult *r = mg_pg_with_ids(t,
                                 "SELECT DISTINCT ON (s, o) g, s, p, o FROM "
                                 "mg_quads WHERE s = ANY($1::bigint[]) AND "
                                 "p = $2::bigint ORDER BY s, o, g",
                                 ids, n, p, st);
    if (!r)
        return st->code;
    int rows = PQntuples(r), row = 0;
    /* and the terms the caller will print: the subjects and the values */
    mg_id *terms = malloc((n + (size_t)rows) * sizeof *terms);
    if (!terms) {
        PQclear(r);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    memcpy(terms, ids, n * sizeof *ids);
    for (int i = 0; i < rows; i++)
        terms[n + (size_t)i] = mg_pg_id(r, i, 3);
    mg_code rc = mg_pg_terms_prefetch(t, terms, n + (size_t)rows, st);
    free(terms);
    mg_quad q[MG_PG_RCACHE_ROWS];
    for (size_t i = 0; i < n; i++) {
        int k = 0;
        while (row < rows && mg_pg_id(r, row, 1) < ids[i])
            row++; /* not asked for: cannot happen */
        for (; row < rows && mg_pg_id(r, row, 1) == ids[i]; row++, k++)
            if (k < MG_PG_RCACHE_ROWS)
                q[k] = (mg_quad){mg_pg_id(r, row, 0), ids[i], p,
                                 mg_pg_id(r, row, 3)};
        if (k <= MG_PG_RCACHE_ROWS)
            mg_pg_rcache_put(&t->rcache, ids[i], p, q, k);
    }
    PQclear(r);
    return rc;
}

mg_code mg_pg_prefetch(mg_txn *txn, mg_id p, const mg_id *subjects, size_t n,
                       mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (t->write || !p || t->rcache.n >= MG_PG_RCACHE_MAX)
        return MG_OK; /* write transactions keep no cache */
    mg_id *ids = malloc(n * sizeof *ids);
    if (!ids)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (subjects[i] && !mg_pg_rcache_get(&t->rcache, subjects[i], p))
            ids[m++] = subjects[i];
    qsort(ids, m, sizeof *ids, cmp_id);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || ids[u - 1] != ids[i])
            ids[u++] = ids[i];
    mg_code rc = MG_OK;
    for (size_t i = 0; i < u && rc == MG_OK; i += PREFETCH_BATCH)
        rc = prefetch_batch(t, p, ids + i,
                            u - i < PREFETCH_BATCH ? u - i : PREFETCH_BATCH, st);
    free(ids);
    return rc;
}

mg_code mg_pg_subjects_of(mg_txn *txn, mg_id p, const mg_id *objects,
                          size_t n, mg_id_fn fn, void *ctx, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    int stop = 0;
    for (size_t i = 0; i < n && !stop; i += PREFETCH_BATCH) {
        PGresult *r = mg_pg_with_ids(
            t,
            "SELECT DISTINCT s FROM mg_quads WHERE o = ANY($1::bigint[]) AND "
            "p = $2::bigint",
            objects + i, n - i < PREFETCH_BATCH ? n - i : PREFETCH_BATCH, p,
            st);
        if (!r)
            return st->code;
        for (int row = 0; row < PQntuples(r) && !stop; row++)
            stop = fn(ctx, mg_pg_id(r, row, 0));
        PQclear(r);
    }
    return MG_OK;
}
