/*
 * lmdb_quads.c — adding, removing and scanning quads in the four indexes, and
 * keeping the triple table and statistics in step (store.h).
 */
#include "store/lmdb_internal.h"

#include <stdlib.h>
#include <string.h>

static mg_id quad_pos(const mg_quad *q, int pos)
{
    switch (pos) {
    case 0: return q->g;
    case 1: return q->s;
    case 2: return q->p;
    default: return q->o;
    }
}

static void set_pos(mg_quad *q, int pos, mg_id v)
{
    switch (pos) {
    case 0: q->g = v; break;
    case 1: q->s = v; break;
    case 2: q->p = v; break;
    default: q->o = v; break;
    }
}

static void make_key(int idx, const mg_quad *q, unsigned char key[32])
{
    for (int i = 0; i < 4; i++)
        mg_put_id(key + 8 * i, quad_pos(q, mg_idx_order[idx][i]));
}

/*
 * Whether index `idx` holds a key that starts with the `n` ids of `pre`
 * (n = 2 or 3) and whose next id is not `except`: "does s p have another
 * object?" on SPOG, "does p o have another subject?" on POSG, "is s p o in
 * another graph?" on SPOG.  At most two seeks.
 */
static int has_other(mg_lmdb_txn *t, int idx, const mg_id *pre, int n, mg_id except,
                     int *err, mg_status *st)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->idx[idx], &c);
    if (rc) {
        *err = 1;
        mg_lmdb_fail(st, rc, "reading an index");
        return 0;
    }
    unsigned char kb[32];
    size_t plen = 8 * (size_t)n;
    for (int i = 0; i < n; i++)
        mg_put_id(kb + 8 * i, pre[i]);
    int found = 0;
    for (int step = 0; step < 2 && !found; step++) {
        MDB_val k = {step ? plen + 8 : plen, kb}, v;
        if (step) {
            if (except == UINT64_MAX)
                break;
            mg_put_id(kb + plen, except + 1);
        }
        rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
        if (rc == MDB_NOTFOUND)
            break;
        if (rc) {
            *err = 1;
            mg_lmdb_fail(st, rc, "reading an index");
            break;
        }
        if (k.mv_size != 32 || memcmp(k.mv_data, kb, plen) != 0)
            break; /* past the prefix range */
        if (mg_get_id((const unsigned char *)k.mv_data + plen) != except)
            found = 1;
    }
    mdb_cursor_close(c);
    return found;
}

/* Adds delta to the (triples, subjects, objects) counters of predicate p;
 * the entry goes when its triple count reaches zero. */
static mg_code pstat_add(mg_lmdb_txn *t, mg_id p, int dt, int ds, int dob,
                         mg_status *st)
{
    unsigned char kb[8], vb[24];
    mg_put_id(kb, p);
    MDB_val k = {8, kb}, v;
    uint64_t n[3] = {0, 0, 0};
    int rc = mdb_get(t->txn, t->store->pstat, &k, &v);
    if (rc == 0 && v.mv_size == 24)
        for (int i = 0; i < 3; i++)
            n[i] = mg_get_id((const unsigned char *)v.mv_data + 8 * i);
    else if (rc != MDB_NOTFOUND)
        return mg_lmdb_fail(st, rc, "reading predicate statistics");
    const int d[3] = {dt, ds, dob};
    for (int i = 0; i < 3; i++) {
        if (d[i] < 0 && n[i] == 0)
            return mg_fail(st, MG_ERR_INTERNAL, "predicate statistics below zero");
        n[i] = (uint64_t)((int64_t)n[i] + d[i]);
        mg_put_id(vb + 8 * i, n[i]);
    }
    if (n[0] == 0) {
        rc = mdb_del(t->txn, t->store->pstat, &k, NULL);
    } else {
        v.mv_size = 24;
        v.mv_data = vb;
        rc = mdb_put(t->txn, t->store->pstat, &k, &v, 0);
    }
    if (rc)
        return mg_lmdb_fail(st, rc, "writing predicate statistics");
    return MG_OK;
}

/* Updates the triple table and every statistic for one quad added or
 * removed: per-graph quads always; per-predicate and per-class counts only
 * when a distinct triple appears or disappears. */
static mg_code account(mg_lmdb_txn *t, const mg_quad *q, int delta, mg_status *st)
{
    MG_TRY(mg_counter_add(t, t->store->graphs, q->g, delta, NULL, st));
    MG_TRY(MG_FAILPOINT("stats", st));
    /* The indexes already hold (or no longer hold) the quad: the triple
     * appeared or disappeared unless another graph holds it. */
    int err = 0;
    const mg_id spo[3] = {q->s, q->p, q->o}, sp[2] = {q->s, q->p},
                po[2] = {q->p, q->o};
    if (has_other(t, MG_IDX_SPOG, spo, 3, q->g, &err, st) || err)
        return err ? (st ? st->code : MG_ERR_STORE) : MG_OK;
    MG_TRY(mg_counter_add(t, t->store->meta, MG_META_TRIPLES, delta, NULL, st));
    /* Is it the first/last triple of its subject (or object) for this
     * predicate? */
    int other_o = has_other(t, MG_IDX_SPOG, sp, 2, q->o, &err, st);
    int other_s = err ? 0 : has_other(t, MG_IDX_POSG, po, 2, q->s, &err, st);
    if (err)
        return st ? st->code : MG_ERR_STORE;
    MG_TRY(pstat_add(t, q->p, delta, other_o ? 0 : delta, other_s ? 0 : delta,
                     st));
    if (t->rdf_type && q->p == t->rdf_type)
        MG_TRY(mg_counter_add(t, t->store->cstat, q->o, delta, NULL, st));
    return MG_OK;
}

mg_code mg_lmdb_quad_add(mg_lmdb_txn *t, const mg_quad *q, int *added,
                         mg_status *st)
{
    if (added)
        *added = 0;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "adding a quad needs a write transaction");
    if (!q->g || !q->s || !q->p || !q->o)
        return mg_fail(st, MG_ERR_ARG, "a quad to add needs four ids");
    unsigned char key[32];
    MDB_val k = {32, key}, v = {0, NULL};
    make_key(MG_IDX_SPOG, q, key);
    int rc = mdb_put(t->txn, t->store->idx[MG_IDX_SPOG], &k, &v, MDB_NOOVERWRITE);
    if (rc == MDB_KEYEXIST)
        return MG_OK;
    if (rc)
        return mg_lmdb_fail(st, rc, "adding a quad");
    MG_TRY(MG_FAILPOINT(mg_idx_failpoint[MG_IDX_SPOG], st));
    for (int i = 1; i < MG_IDX_COUNT; i++) {
        make_key(i, q, key);
        rc = mdb_put(t->txn, t->store->idx[i], &k, &v, 0);
        if (rc)
            return mg_lmdb_fail(st, rc, "adding a quad");
        MG_TRY(MG_FAILPOINT(mg_idx_failpoint[i], st));
    }
    MG_TRY(account(t, q, +1, st));
    if (added)
        *added = 1;
    return MG_OK;
}

mg_code mg_lmdb_quad_remove(mg_lmdb_txn *t, const mg_quad *q, int *removed,
                            mg_status *st)
{
    if (removed)
        *removed = 0;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG,
                       "removing a quad needs a write transaction");
    unsigned char key[32];
    MDB_val k = {32, key};
    make_key(MG_IDX_SPOG, q, key);
    int rc = mdb_del(t->txn, t->store->idx[MG_IDX_SPOG], &k, NULL);
    if (rc == MDB_NOTFOUND)
        return MG_OK;
    if (rc)
        return mg_lmdb_fail(st, rc, "removing a quad");
    MG_TRY(MG_FAILPOINT(mg_idx_failpoint[MG_IDX_SPOG], st));
    for (int i = 1; i < MG_IDX_COUNT; i++) {
        make_key(i, q, key);
        rc = mdb_del(t->txn, t->store->idx[i], &k, NULL);
        if (rc)
            return rc == MDB_NOTFOUND
                       ? mg_fail(st, MG_ERR_INTERNAL,
                                 "index %s out of step with SPOG", mg_idx_name[i])
                       : mg_lmdb_fail(st, rc, "removing a quad");
        MG_TRY(MG_FAILPOINT(mg_idx_failpoint[i], st));
    }
    MG_TRY(account(t, q, -1, st));
    if (removed)
        *removed = 1;
    return MG_OK;
}

/* Dropping the graph that holds every quad empties the indexes and the
 * statistics at once (the dictionary stays: ids are never reused). */
static mg_code drop_everything(mg_lmdb_txn *t, uint64_t *count, mg_status *st)
{
    mg_lmdb_store *s = t->store;
    MDB_stat ms;
    int rc = mdb_stat(t->txn, s->idx[MG_IDX_SPOG], &ms);
    const MDB_dbi dbs[] = {s->idx[0], s->idx[1], s->idx[2], s->idx[3],
                           s->graphs, s->pstat, s->cstat};
    for (size_t i = 0; i < sizeof dbs / sizeof *dbs && !rc; i++) {
        rc = mdb_drop(t->txn, dbs[i], 0);
        const char *fp = i < MG_IDX_COUNT ? mg_idx_failpoint[i]
                         : i == MG_IDX_COUNT ? "stats" : NULL;
        if (!rc && fp)
            MG_TRY(MG_FAILPOINT(fp, st));
    }
    if (!rc) {
        unsigned char kb[8];
        mg_put_id(kb, MG_META_TRIPLES);
        MDB_val k = {8, kb};
        rc = mdb_del(t->txn, s->meta, &k, NULL);
        if (rc == MDB_NOTFOUND)
            rc = 0;
    }
    if (rc)
        return mg_lmdb_fail(st, rc, "dropping a graph");
    if (count)
        *count = ms.ms_entries;
    return MG_OK;
}

mg_code mg_lmdb_graph_drop(mg_lmdb_txn *t, mg_id g, uint64_t *count, mg_status *st)
{
    if (count)
        *count = 0;
    if (!g)
        return mg_fail(st, MG_ERR_ARG, "no graph given to drop");
    uint64_t n_g = mg_counter_get(t, t->store->graphs, g);
    MDB_stat ms;
    int lrc = mdb_stat(t->txn, t->store->idx[MG_IDX_SPOG], &ms);
    if (lrc)
        return mg_lmdb_fail(st, lrc, "reading an index");
    if (n_g > 0 && n_g == ms.ms_entries)
        return drop_everything(t, count, st);
    /* Collect first: removing through a cursor of the index being scanned
     * would move it under our feet. */
    size_t n = 0, cap = 1024;
    mg_quad *qs = malloc(cap * sizeof *qs);
    if (!qs)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_quad pat = {g, 0, 0, 0}, q;
    mg_lmdb_cursor *c;
    mg_code rc = mg_lmdb_cursor_open(t, &pat, 0, &c, st);
    if (rc != MG_OK) {
        free(qs);
        return rc;
    }
    int r;
    while ((r = mg_lmdb_cursor_next(c, &q, st)) == 1) {
        if (n == cap) {
            mg_quad *bigger = realloc(qs, 2 * cap * sizeof *qs);
            if (!bigger) {
                r = -1;
                mg_fail(st, MG_ERR_NOMEM, "out of memory");
                break;
            }
            qs = bigger;
            cap *= 2;
        }
        qs[n++] = q;
    }
    mg_lmdb_cursor_close(c);
    if (r < 0) {
        free(qs);
        return st ? st->code : MG_ERR_STORE;
    }
    for (size_t i = 0; i < n && rc == MG_OK; i++)
        rc = mg_lmdb_quad_remove(t, &qs[i], NULL, st);
    free(qs);
    if (rc == MG_OK && count)
        *count = n;
    return rc;
}

/* Cursors ---------------------------------------------------------------- */

struct mg_lmdb_cursor {
    mg_cursor base;
    mg_lmdb_txn *t;
    MDB_cursor *c;
    int idx;
    mg_quad pat;
    unsigned char prefix[32];
    size_t plen;
    int distinct;
    int started, done;
    unsigned char last[24];
    int have_last;
};

/* How many leading positions of index `idx` the pattern binds. */
static int bound_prefix(int idx, const mg_quad *pat)
{
    int n = 0;
    while (n < 4 && quad_pos(pat, mg_idx_order[idx][n]) != 0)
        n++;
    return n;
}

mg_code mg_lmdb_cursor_open(mg_lmdb_txn *t, const mg_quad *pattern, int flags,
                       mg_lmdb_cursor **out, mg_status *st)
{
    *out = NULL;
    mg_lmdb_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    c->base.be = &mg_lmdb_backend;
    c->t = t;
    c->pat = *pattern;
    c->distinct = (flags & MG_CURSOR_DISTINCT) && pattern->g == 0;
    int best = MG_IDX_SPOG, best_n = -1;
    for (int i = 0; i < MG_IDX_COUNT; i++) {
        if (c->distinct && mg_idx_order[i][3] != 0)
            continue; /* distinct triples need the graph last */
        int n = bound_prefix(i, pattern);
        if (n > best_n) {
            best = i;
            best_n = n;
        }
    }
    c->idx = best;
    c->plen = 8 * (size_t)best_n;
    for (int i = 0; i < best_n; i++)
        mg_put_id(c->prefix + 8 * i, quad_pos(pattern, mg_idx_order[best][i]));
    int rc = mdb_cursor_open(t->txn, t->store->idx[best], &c->c);
    if (rc) {
        free(c);
        return mg_lmdb_fail(st, rc, "opening a cursor");
    }
    *out = c;
    return MG_OK;
}

int mg_lmdb_cursor_next(mg_lmdb_cursor *c, mg_quad *q, mg_status *st)
{
    if (c->done)
        return 0;
    for (;;) {
        MDB_val k, v;
        int rc;
        if (!c->started) {
            c->started = 1;
            if (c->plen) {
                k.mv_size = c->plen;
                k.mv_data = c->prefix;
                rc = mdb_cursor_get(c->c, &k, &v, MDB_SET_RANGE);
            } else {
                rc = mdb_cursor_get(c->c, &k, &v, MDB_FIRST);
            }
        } else {
            rc = mdb_cursor_get(c->c, &k, &v, MDB_NEXT);
        }
        if (rc == MDB_NOTFOUND) {
            c->done = 1;
            return 0;
        }
        if (rc) {
            mg_lmdb_fail(st, rc, "reading an index");
            return -1;
        }
        if (k.mv_size != 32) {
            mg_fail(st, MG_ERR_INTERNAL, "corrupt key in index %s",
                    mg_idx_name[c->idx]);
            return -1;
        }
        const unsigned char *key = k.mv_data;
        if (c->plen && memcmp(key, c->prefix, c->plen) != 0) {
            c->done = 1;
            return 0;
        }
        mg_quad r = {0, 0, 0, 0};
        for (int i = 0; i < 4; i++)
            set_pos(&r, mg_idx_order[c->idx][i], mg_get_id(key + 8 * i));
        if ((c->pat.g && c->pat.g != r.g) || (c->pat.s && c->pat.s != r.s) ||
            (c->pat.p && c->pat.p != r.p) || (c->pat.o && c->pat.o != r.o))
            continue;
        if (c->distinct) {
            if (c->have_last && memcmp(c->last, key, 24) == 0)
                continue;
            memcpy(c->last, key, 24);
            c->have_last = 1;
        }
        *q = r;
        return 1;
    }
}

void mg_lmdb_cursor_close(mg_lmdb_cursor *c)
{
    if (!c)
        return;
    mdb_cursor_close(c->c);
    free(c);
}

const char *mg_lmdb_cursor_index(const mg_lmdb_cursor *c)
{
    return mg_idx_name[c->idx];
}
