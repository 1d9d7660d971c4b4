/*
 * lmdb_bulk_quads.c — adding many quads at once (mg_lmdb_quads_add_bulk,
 * store.h): the loader's fast path into the four indexes and the statistics.
 *
 * The quads are sorted (an LSD radix sort on the ids, 11 bits a pass,
 * passes where every quad has the same digit skipped) and deduplicated.
 * Into a store without quads, each index is then written in its own key
 * order with MDB_APPEND — no search, pages filled to the brim — and the
 * statistics are counted along the sorted runs and written once:
 *
 *   SPOG  distinct triples (runs of s p o); distinct subjects per
 *         predicate (runs of s p, counted per p in a small hash table)
 *   POSG  per predicate: distinct triples, distinct objects (runs of p o);
 *         per class: distinct (s rdf:type class) triples
 *   GSPO  quads per graph
 *
 * Into a store that holds quads, each quad goes through mg_lmdb_quad_add in
 * SPOG order (which keeps the statistics by seeks, as any add does).
 */
#include "store/lmdb_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)

static const size_t pos_off[4] = {offsetof(mg_quad, g), offsetof(mg_quad, s),
                                  offsetof(mg_quad, p), offsetof(mg_quad, o)};

static inline mg_id field(const mg_quad *q, size_t off)
{
    mg_id v;
    memcpy(&v, (const char *)q + off, sizeof v);
    return v;
}

/* One stable counting pass on digit `shift` of the field at `off`;
 * returns 0 (and moves nothing) when every quad has the same digit. */
static int radix_pass(const mg_quad *src, mg_quad *dst, size_t n, size_t off,
                      unsigned shift, size_t *count)
{
    memset(count, 0, RADIX * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[(field(&src[i], off) >> shift) & (RADIX - 1)]++;
    for (size_t d = 0; d < RADIX; d++)
        if (count[d] == n)
            return 0;
    size_t sum = 0;
    for (size_t d = 0; d < RADIX; d++) {
        size_t c = count[d];
        count[d] = sum;
        sum += c;
    }
    for (size_t i = 0; i < n; i++)
        dst[count[(field(&src[i], off) >> shift) & (RADIX - 1)]++] = src[i];
    return 1;
}

/* Stable sort by the positions pos[0..npos) (most significant first). */
static void sort_by(mg_quad *q, mg_quad *scratch, size_t n, const int *pos,
                    int npos)
{
    if (n < 2)
        return;
    size_t count[RADIX];
    mg_quad *src = q, *dst = scratch;
    for (int k = npos - 1; k >= 0; k--) {
        size_t off = pos_off[pos[k]];
        mg_id max = 0;
        for (size_t i = 0; i < n; i++) {
            mg_id v = field(&src[i], off);
            if (v > max)
                max = v;
        }
        for (unsigned shift = 0; shift < 64 && (max >> shift) != 0;
             shift += RADIX_BITS) {
            if (radix_pass(src, dst, n, off, shift, count)) {
                mg_quad *tmp = src;
                src = dst;
                dst = tmp;
            }
        }
    }
    if (src != q)
        memcpy(q, src, n * sizeof *q);
}

void mg_quads_sort(mg_quad *q, mg_quad *scratch, size_t n, int idx)
{
    sort_by(q, scratch, n, mg_idx_order[idx], 4);
}

/* ---- a small id -> counter table (subjects per predicate) ---------- */

typedef struct idcount {
    mg_id *key;
    uint64_t *val;
    size_t cap, n;
} idcount;

static inline size_t id_slot(mg_id id, size_t cap)
{
    return (size_t)((id * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

static int idcount_grow(idcount *h)
{
    size_t ncap = h->cap ? h->cap * 2 : 64;
    mg_id *nk = calloc(ncap, sizeof *nk);
    uint64_t *nv = calloc(ncap, sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < h->cap; i++) {
        if (!h->key[i])
            continue;
        size_t j = id_slot(h->key[i], ncap);
        while (nk[j])
            j = (j + 1) & (ncap - 1);
        nk[j] = h->key[i];
        nv[j] = h->val[i];
    }
    free(h->key);
    free(h->val);
    h->key = nk;
    h->val = nv;
    h->cap = ncap;
    return 0;
}

static int idcount_inc(idcount *h, mg_id id)
{
    if ((h->n + 1) * 2 > h->cap && idcount_grow(h) != 0)
        return -1;
    size_t j = id_slot(id, h->cap);
    while (h->key[j] && h->key[j] != id)
        j = (j + 1) & (h->cap - 1);
    if (!h->key[j]) {
        h->key[j] = id;
        h->n++;
    }
    h->val[j]++;
    return 0;
}

static uint64_t idcount_get(const idcount *h, mg_id id)
{
    if (!h->cap)
        return 0;
    size_t j = id_slot(id, h->cap);
    while (h->key[j] && h->key[j] != id)
        j = (j + 1) & (h->cap - 1);
    return h->key[j] ? h->val[j] : 0;
}

/* ---- writing into an empty store ------------------------------------ */

static mg_code put_u64s(mg_lmdb_txn *t, MDB_dbi dbi, mg_id key, const uint64_t *v,
                        int nv, mg_status *st)
{
    unsigned char kb[8], vb[24];
    mg_put_id(kb, key);
    for (int i = 0; i < nv; i++)
        mg_put_id(vb + 8 * i, v[i]);
    MDB_val k = {8, kb}, val = {8 * (size_t)nv, vb};
    int rc = mdb_put(t->txn, dbi, &k, &val, 0);
    return rc ? mg_lmdb_fail(st, rc, "writing statistics")
              : MG_FAILPOINT("stats", st);
}

/* Appends the sorted, distinct quads to index `idx`. */
static mg_code append_index(mg_lmdb_txn *t, int idx, const mg_quad *q, size_t n,
                            mg_status *st)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->idx[idx], &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "adding quads");
    size_t off[4];
    for (int k = 0; k < 4; k++)
        off[k] = pos_off[mg_idx_order[idx][k]];
    unsigned char key[32];
    MDB_val k = {32, key}, v = {0, NULL};
    for (size_t i = 0; i < n && rc == 0; i++) {
        for (int j = 0; j < 4; j++)
            mg_put_id(key + 8 * j, field(&q[i], off[j]));
        k.mv_size = 32;
        k.mv_data = key;
        rc = mdb_cursor_put(c, &k, &v, MDB_APPEND);
    }
    mdb_cursor_close(c);
    return rc ? mg_lmdb_fail(st, rc, "adding quads")
              : MG_FAILPOINT(mg_idx_failpoint[idx], st);
}

/* SPOG order: distinct triples, and subjects per predicate. */
static mg_code count_spog(const mg_quad *q, size_t n, uint64_t *triples,
                          idcount *subjects, mg_status *st)
{
    *triples = 0;
    for (size_t i = 0; i < n; i++) {
        int new_sp = i == 0 || q[i].s != q[i - 1].s || q[i].p != q[i - 1].p;
        if (new_sp || q[i].o != q[i - 1].o)
            ++*triples;
        if (new_sp && idcount_inc(subjects, q[i].p) != 0)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    return MG_OK;
}

/* POSG order: pstat (with subjects from the SPOG pass) and cstat. */
static mg_code write_pred_stats(mg_lmdb_txn *t, const mg_quad *q, size_t n,
                                const idcount *subjects, mg_status *st)
{
    mg_id rdf_type = t->rdf_type;
    uint64_t triples = 0, objects = 0, instances = 0;
    for (size_t i = 0; i < n; i++) {
        int new_p = i == 0 || q[i].p != q[i - 1].p;
        int new_po = new_p || q[i].o != q[i - 1].o;
        int new_triple = new_po || q[i].s != q[i - 1].s;
        if (new_po && i > 0 && rdf_type && q[i - 1].p == rdf_type)
            MG_TRY(put_u64s(t, t->store->cstat, q[i - 1].o, &instances, 1, st));
        if (new_p && i > 0) {
            uint64_t v[3] = {triples, idcount_get(subjects, q[i - 1].p),
                             objects};
            MG_TRY(put_u64s(t, t->store->pstat, q[i - 1].p, v, 3, st));
        }
        if (new_p)
            triples = objects = 0;
        if (new_po)
            instances = 0;
        objects += new_po;
        triples += new_triple;
        instances += new_triple;
    }
    if (n > 0) {
        if (rdf_type && q[n - 1].p == rdf_type)
            MG_TRY(put_u64s(t, t->store->cstat, q[n - 1].o, &instances, 1, st));
        uint64_t v[3] = {triples, idcount_get(subjects, q[n - 1].p), objects};
        MG_TRY(put_u64s(t, t->store->pstat, q[n - 1].p, v, 3, st));
    }
    return MG_OK;
}

/* GSPO order: quads per graph. */
static mg_code write_graph_stats(mg_lmdb_txn *t, const mg_quad *q, size_t n,
                                 mg_status *st)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        run++;
        if (i + 1 == n || q[i + 1].g != q[i].g) {
            uint64_t v = run;
            MG_TRY(put_u64s(t, t->store->graphs, q[i].g, &v, 1, st));
            run = 0;
        }
    }
    return MG_OK;
}

/*
 * The whole empty-store path; q is sorted in SPOG order and distinct.
 * The other orders come from it by short stable sorts: SPOG sorted
 * stably by o is OSPG, OSPG sorted stably by p is POSG; GSPO is SPOG
 * itself when every quad is in one graph, else a full sort.
 */
static mg_code fill_empty(mg_lmdb_txn *t, mg_quad *q, mg_quad *scratch, size_t n,
                          mg_status *st)
{
    static const int by_o[1] = {3}, by_p[1] = {2};
    idcount subjects = {0};
    uint64_t triples = 0;
    int one_graph = 1;
    for (size_t i = 1; i < n && one_graph; i++)
        one_graph = q[i].g == q[0].g;
    mg_code rc = append_index(t, MG_IDX_SPOG, q, n, st);
    if (rc == MG_OK)
        rc = count_spog(q, n, &triples, &subjects, st);
    if (rc == MG_OK && one_graph) {
        rc = append_index(t, MG_IDX_GSPO, q, n, st);
        if (rc == MG_OK)
            rc = write_graph_stats(t, q, n, st);
    }
    if (rc == MG_OK) {
        sort_by(q, scratch, n, by_o, 1);
        rc = append_index(t, MG_IDX_OSPG, q, n, st);
    }
    if (rc == MG_OK) {
        sort_by(q, scratch, n, by_p, 1);
        rc = append_index(t, MG_IDX_POSG, q, n, st);
    }
    if (rc == MG_OK)
        rc = write_pred_stats(t, q, n, &subjects, st);
    if (rc == MG_OK && !one_graph) {
        mg_quads_sort(q, scratch, n, MG_IDX_GSPO);
        rc = append_index(t, MG_IDX_GSPO, q, n, st);
        if (rc == MG_OK)
            rc = write_graph_stats(t, q, n, st);
    }
    if (rc == MG_OK && triples)
        rc = put_u64s(t, t->store->meta, MG_META_TRIPLES, &triples, 1, st);
    free(subjects.key);
    free(subjects.val);
    return rc;
}

mg_code mg_lmdb_quads_add_bulk(mg_lmdb_txn *t, mg_quad *q, size_t n, size_t *kept,
                          uint64_t *added, mg_status *st)
{
    if (kept)
        *kept = 0;
    if (added)
        *added = 0;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "adding a quad needs a write transaction");
    for (size_t i = 0; i < n; i++)
        if (!q[i].g || !q[i].s || !q[i].p || !q[i].o)
            return mg_fail(st, MG_ERR_ARG, "a quad to add needs four ids");
    if (n == 0)
        return MG_OK;
    mg_quad *scratch = malloc(n * sizeof *scratch);
    if (!scratch)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_quads_sort(q, scratch, n, MG_IDX_SPOG);
    size_t m = 1;
    for (size_t i = 1; i < n; i++)
        if (memcmp(&q[i], &q[m - 1], sizeof *q) != 0)
            q[m++] = q[i];
    if (kept)
        *kept = m;

    MDB_stat ms;
    int rc = mdb_stat(t->txn, t->store->idx[MG_IDX_SPOG], &ms);
    mg_code code = MG_OK;
    if (rc) {
        code = mg_lmdb_fail(st, rc, "reading an index");
    } else if (ms.ms_entries == 0) {
        code = fill_empty(t, q, scratch, m, st);
        if (code == MG_OK && added)
            *added = m;
    } else {
        uint64_t a = 0;
        for (size_t i = 0; i < m && code == MG_OK; i++) {
            int one = 0;
            code = mg_lmdb_quad_add(t, &q[i], &one, st);
            a += (uint64_t)one;
        }
        if (code == MG_OK && added)
            *added = a;
    }
    free(scratch);
    return code;
}
