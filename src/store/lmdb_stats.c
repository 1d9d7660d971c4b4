/* lmdb_stats.c — counts, statistics and the integrity check (store.h). */
#include "store/lmdb_internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t entries(mg_lmdb_txn *t, MDB_dbi dbi)
{
    MDB_stat s;
    if (mdb_stat(t->txn, dbi, &s))
        return 0;
    return s.ms_entries;
}

mg_code mg_lmdb_store_counts(mg_lmdb_txn *t, mg_counts *out, mg_status *st)
{
    (void)st;
    out->quads = entries(t, t->store->idx[MG_IDX_SPOG]);
    out->triples = mg_counter_get(t, t->store->meta, MG_META_TRIPLES);
    out->graphs = entries(t, t->store->graphs);
    out->terms = entries(t, t->store->i2t);
    return MG_OK;
}

uint64_t mg_lmdb_graph_size(mg_lmdb_txn *t, mg_id g)
{
    return mg_counter_get(t, t->store->graphs, g);
}

uint64_t mg_lmdb_stat_predicate(mg_lmdb_txn *t, mg_id p)
{
    uint64_t n = 0;
    mg_lmdb_stat_predicate_ex(t, p, &n, NULL, NULL);
    return n;
}

void mg_lmdb_stat_predicate_ex(mg_lmdb_txn *t, mg_id p, uint64_t *triples,
                          uint64_t *subjects, uint64_t *objects)
{
    unsigned char kb[8];
    mg_put_id(kb, p);
    MDB_val k = {8, kb}, v;
    uint64_t n[3] = {0, 0, 0};
    if (mdb_get(t->txn, t->store->pstat, &k, &v) == 0 && v.mv_size == 24)
        for (int i = 0; i < 3; i++)
            n[i] = mg_get_id((const unsigned char *)v.mv_data + 8 * i);
    if (triples)
        *triples = n[0];
    if (subjects)
        *subjects = n[1];
    if (objects)
        *objects = n[2];
}

uint64_t mg_lmdb_stat_class(mg_lmdb_txn *t, mg_id c)
{
    return mg_counter_get(t, t->store->cstat, c);
}

static MDB_dbi stat_dbi(mg_lmdb_txn *t, char kind, int *ok)
{
    *ok = 1;
    switch (kind) {
    case 'g': return t->store->graphs;
    case 'p': return t->store->pstat;
    case 'c': return t->store->cstat;
    default: *ok = 0; return 0;
    }
}

mg_code mg_lmdb_stat_each(mg_lmdb_txn *t, char kind, mg_stat_fn fn, void *ctx,
                     mg_status *st)
{
    int ok;
    MDB_dbi dbi = stat_dbi(t, kind, &ok);
    if (!ok)
        return mg_fail(st, MG_ERR_ARG, "unknown statistics table '%c'", kind);
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, dbi, &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "reading statistics");
    MDB_val k, v;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        if (k.mv_size != 8 || v.mv_size < 8)
            continue;
        if (fn(ctx, mg_get_id(k.mv_data), mg_get_id(v.mv_data)))
            break;
    }
    mdb_cursor_close(c);
    return MG_OK;
}

/* Integrity ------------------------------------------------------------ */

typedef struct check_run {
    mg_lmdb_txn *t;
    mg_status *st;
} check_run;

/* Compares a statistics table with counts recomputed from an index scan:
 * the scan yields (id, count) in increasing id order. */
typedef struct recount {
    MDB_cursor *stat;
    int stat_rc;
    MDB_val k, v;
    const char *name;
} recount;

static mg_code recount_open(mg_lmdb_txn *t, MDB_dbi dbi, const char *name,
                            recount *r, mg_status *st)
{
    r->name = name;
    int rc = mdb_cursor_open(t->txn, dbi, &r->stat);
    if (rc)
        return mg_lmdb_fail(st, rc, "checking statistics");
    r->stat_rc = mdb_cursor_get(r->stat, &r->k, &r->v, MDB_FIRST);
    return MG_OK;
}

static mg_code recount_emit(recount *r, mg_id id, uint64_t n, mg_status *st)
{
    if (r->stat_rc != 0 || mg_get_id(r->k.mv_data) != id)
        return mg_fail(st, MG_ERR_INTERNAL,
                       "statistics '%s': id %llu has %llu in the indexes but "
                       "no entry", r->name, (unsigned long long)id,
                       (unsigned long long)n);
    uint64_t have = mg_get_id(r->v.mv_data); /* the first counter */
    if (have != n)
        return mg_fail(st, MG_ERR_INTERNAL,
                       "statistics '%s': id %llu says %llu, indexes say %llu",
                       r->name, (unsigned long long)id,
                       (unsigned long long)have, (unsigned long long)n);
    r->stat_rc = mdb_cursor_get(r->stat, &r->k, &r->v, MDB_NEXT);
    return MG_OK;
}

static mg_code recount_close(recount *r, mg_status *st)
{
    int extra = r->stat_rc == 0;
    mg_id id = extra ? mg_get_id(r->k.mv_data) : 0;
    mdb_cursor_close(r->stat);
    if (extra)
        return mg_fail(st, MG_ERR_INTERNAL,
                       "statistics '%s': id %llu has an entry but no quads",
                       r->name, (unsigned long long)id);
    return MG_OK;
}

/* Every SPOG key is in the three other indexes, its ids are in the
 * dictionary, and the distinct-triple count is right. */
static mg_code check_quads(mg_lmdb_txn *t, mg_status *st)
{
    mg_lmdb_store *s = t->store;
    uint64_t n = entries(t, s->idx[MG_IDX_SPOG]);
    for (int i = 1; i < MG_IDX_COUNT; i++)
        if (entries(t, s->idx[i]) != n)
            return mg_fail(st, MG_ERR_INTERNAL,
                           "index %s has %llu quads, SPOG has %llu",
                           mg_idx_name[i],
                           (unsigned long long)entries(t, s->idx[i]),
                           (unsigned long long)n);
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, s->idx[MG_IDX_SPOG], &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "checking indexes");
    MDB_val k, v;
    unsigned char last[24];
    uint64_t distinct = 0;
    mg_code code = MG_OK;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && code == MG_OK;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        const unsigned char *key = k.mv_data;
        mg_quad q = {mg_get_id(key + 24), mg_get_id(key), mg_get_id(key + 8),
                     mg_get_id(key + 16)};
        const mg_id ids[4] = {q.g, q.s, q.p, q.o};
        for (int i = 0; i < 4 && code == MG_OK; i++) {
            mg_term term;
            if (mg_lmdb_term_get(t, ids[i], &term, NULL) != MG_OK)
                code = mg_fail(st, MG_ERR_INTERNAL,
                               "quad uses id %llu, absent from the dictionary",
                               (unsigned long long)ids[i]);
        }
        for (int i = 1; i < MG_IDX_COUNT && code == MG_OK; i++) {
            unsigned char kb[32];
            for (int j = 0; j < 4; j++) {
                int pos = mg_idx_order[i][j];
                mg_put_id(kb + 8 * j, ids[pos]);
            }
            MDB_val ok = {32, kb}, ov;
            if (mdb_get(t->txn, s->idx[i], &ok, &ov) != 0)
                code = mg_fail(st, MG_ERR_INTERNAL,
                               "quad in SPOG missing from %s", mg_idx_name[i]);
        }
        if (code != MG_OK)
            break;
        if (distinct == 0 || memcmp(last, key, 24) != 0) {
            memcpy(last, key, 24);
            distinct++;
        }
    }
    mdb_cursor_close(c);
    uint64_t counted = mg_counter_get(t, s->meta, MG_META_TRIPLES);
    if (code == MG_OK && counted != distinct)
        code = mg_fail(st, MG_ERR_INTERNAL,
                       "the distinct-triple count says %llu, indexes hold %llu",
                       (unsigned long long)counted,
                       (unsigned long long)distinct);
    return code;
}

/* Scans index `idx` (whose order starts with position `lead`) counting,
 * per leading id, quads (distinct=0) or distinct triples (distinct=1:
 * graph-last index, adjacent equal 24-byte prefixes are one triple), and
 * compares with a statistics table.  With `only` set, scans only that
 * leading id and groups by the second position instead (class counts). */
static mg_code check_stat(mg_lmdb_txn *t, int idx, int distinct, mg_id only,
                          MDB_dbi dbi, const char *name, mg_status *st)
{
    recount r;
    MG_TRY(recount_open(t, dbi, name, &r, st));
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->idx[idx], &c);
    if (rc) {
        mdb_cursor_close(r.stat);
        return mg_lmdb_fail(st, rc, "checking statistics");
    }
    size_t group_off = only ? 8 : 0;
    MDB_val k, v;
    unsigned char pre[8];
    if (only) {
        mg_put_id(pre, only);
        k.mv_size = 8;
        k.mv_data = pre;
        rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    } else {
        rc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    }
    mg_id cur = 0;
    uint64_t n = 0;
    unsigned char last[24];
    int have_last = 0;
    mg_code code = MG_OK;
    for (; rc == 0 && code == MG_OK; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        const unsigned char *key = k.mv_data;
        if (only && mg_get_id(key) != only)
            break;
        mg_id id = mg_get_id(key + group_off);
        if (id != cur) {
            if (cur)
                code = recount_emit(&r, cur, n, st);
            cur = id;
            n = 0;
            have_last = 0;
        }
        if (distinct && have_last && memcmp(last, key, 24) == 0)
            continue;
        memcpy(last, key, 24);
        have_last = 1;
        n++;
    }
    if (code == MG_OK && cur)
        code = recount_emit(&r, cur, n, st);
    mdb_cursor_close(c);
    if (code == MG_OK)
        return recount_close(&r, st);
    mdb_cursor_close(r.stat);
    return code;
}

/* Every dictionary entry can be found again by its term. */
static mg_code check_dict(mg_lmdb_txn *t, mg_status *st)
{
    mg_lmdb_store *s = t->store;
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, s->i2t, &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "checking the dictionary");
    MDB_val k, v;
    mg_code code = MG_OK;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && code == MG_OK;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        mg_id id = mg_get_id(k.mv_data), back = 0;
        mg_term term;
        code = mg_lmdb_term_get(t, id, &term, st);
        if (code == MG_OK && (mg_lmdb_term_lookup(t, &term, &back, NULL) != MG_OK ||
                              back != id))
            code = mg_fail(st, MG_ERR_INTERNAL,
                           "dictionary: term %llu cannot be found by value",
                           (unsigned long long)id);
    }
    mdb_cursor_close(c);
    if (code == MG_OK && entries(t, s->t2i) != entries(t, s->i2t))
        code = mg_fail(st, MG_ERR_INTERNAL,
                       "dictionary: %llu terms by value, %llu by id",
                       (unsigned long long)entries(t, s->t2i),
                       (unsigned long long)entries(t, s->i2t));
    return code;
}

static int cmp_id(const void *a, const void *b)
{
    mg_id x = *(const mg_id *)a, y = *(const mg_id *)b;
    return x < y ? -1 : x > y;
}

/* Recounts distinct subjects and objects of every predicate from POSG
 * (p, o, s, g order: objects are runs, subjects are sorted per p). */
static mg_code check_pred_spread(mg_lmdb_txn *t, mg_status *st)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->idx[MG_IDX_POSG], &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "checking statistics");
    mg_code code = MG_OK;
    MDB_val k, v;
    mg_id cur = 0, last_o = 0;
    uint64_t objects = 0;
    size_t ns = 0, cap = 0;
    mg_id *subj = NULL;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST);; 
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        const unsigned char *key = rc == 0 ? k.mv_data : NULL;
        mg_id p = key ? mg_get_id(key) : 0;
        if (p != cur || !key) {
            if (cur) {
                uint64_t subjects = 0;
                if (ns)
                    qsort(subj, ns, sizeof *subj, cmp_id);
                for (size_t i = 0; i < ns; i++)
                    subjects += i == 0 || subj[i] != subj[i - 1];
                uint64_t tr, su, ob;
                mg_lmdb_stat_predicate_ex(t, cur, &tr, &su, &ob);
                if (su != subjects || ob != objects) {
                    code = mg_fail(st, MG_ERR_INTERNAL,
                                   "statistics 'predicates': id %llu says %llu "
                                   "subjects and %llu objects, indexes say "
                                   "%llu and %llu", (unsigned long long)cur,
                                   (unsigned long long)su,
                                   (unsigned long long)ob,
                                   (unsigned long long)subjects,
                                   (unsigned long long)objects);
                    break;
                }
            }
            if (!key)
                break;
            cur = p;
            objects = 0;
            ns = 0;
            last_o = 0;
        }
        mg_id o = mg_get_id(key + 8), s = mg_get_id(key + 16);
        if (o != last_o) {
            objects++;
            last_o = o;
        }
        if (ns == cap) {
            size_t ncap = cap ? 2 * cap : 1024;
            mg_id *bigger = realloc(subj, ncap * sizeof *bigger);
            if (!bigger) {
                code = mg_fail(st, MG_ERR_NOMEM, "out of memory");
                break;
            }
            subj = bigger;
            cap = ncap;
        }
        subj[ns++] = s;
    }
    free(subj);
    mdb_cursor_close(c);
    return code;
}

mg_code mg_lmdb_store_check(mg_lmdb_txn *t, mg_status *st)
{
    MG_TRY(check_dict(t, st));
    MG_TRY(mg_text_check(t, st));
    MG_TRY(check_quads(t, st));
    MG_TRY(check_stat(t, MG_IDX_GSPO, 0, 0, t->store->graphs, "graphs", st));
    MG_TRY(check_stat(t, MG_IDX_POSG, 1, 0, t->store->pstat, "predicates", st));
    MG_TRY(check_pred_spread(t, st));
    if (t->rdf_type)
        MG_TRY(check_stat(t, MG_IDX_POSG, 1, t->rdf_type, t->store->cstat,
                          "classes", st));
    else if (entries(t, t->store->cstat) != 0)
        return mg_fail(st, MG_ERR_INTERNAL,
                       "statistics 'classes' present without rdf:type");
    return MG_OK;
}
