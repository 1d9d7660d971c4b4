/*
 * lmdb_bulk_dict.c — interning many terms at once (mg_lmdb_terms_intern_bulk,
 * store.h): the loader's fast path into the dictionary.
 *
 * Every term is encoded once into one arena; the encodings are sorted by
 * their t2i key, so equal terms become neighbours (one id for all of
 * them) and the t2i writes go in key order.  A term new to the store gets
 * the next id in input order — the ids n calls of mg_lmdb_term_intern would
 * give — and i2t is appended in id order.  When the dictionary is empty
 * there is nothing to look up, and t2i is appended too (MDB_APPEND: no
 * search, full pages).
 */
#include "store/lmdb_internal.h"

#include <stdlib.h>
#include <string.h>

/* One term of the input, for sorting. */
typedef struct bterm {
    const unsigned char *key; /* t2i key: the encoding, or keys[] for long */
    const unsigned char *enc; /* the encoding */
    uint32_t klen;
    uint32_t elen;
    size_t idx; /* position in the input */
} bterm;

static int cmp_bytes(const unsigned char *a, size_t al, const unsigned char *b,
                     size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    if (c)
        return c;
    return al < bl ? -1 : al > bl;
}

/* t2i key order (LMDB's default: bytes, then length), then the whole
 * encoding (long keys sharing a key), then input position. */
static int cmp_bterm(const void *pa, const void *pb)
{
    const bterm *a = pa, *b = pb;
    int c = cmp_bytes(a->key, a->klen, b->key, b->klen);
    if (!c)
        c = cmp_bytes(a->enc, a->elen, b->enc, b->elen);
    if (!c)
        c = a->idx < b->idx ? -1 : a->idx > b->idx;
    return c;
}

static int same_term(const bterm *a, const bterm *b)
{
    return a->elen == b->elen && memcmp(a->enc, b->enc, a->elen) == 0;
}

/* Writes the new terms: i2t in id order (ids are above every id in the
 * store: append), t2i in key order (append when it was empty, except a
 * long key equal to the previous one, which needs a duplicate). */
static mg_code write_terms(mg_lmdb_txn *t, const mg_term *terms,
                           const bterm *bt, size_t n, const size_t *by_idx,
                           const mg_id *ids,
                           const unsigned char *is_new, int t2i_empty,
                           mg_status *st)
{
    mg_text_writer tw;
    MG_TRY(mg_text_writer_begin(&tw, t, st));
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->i2t, &c);
    if (rc) {
        mg_text_writer_free(&tw);
        return mg_lmdb_fail(st, rc, "adding terms");
    }
    mg_code code = MG_OK;
    for (size_t i = 0; i < n && rc == 0 && code == MG_OK; i++) {
        const bterm *b = &bt[by_idx[i]];
        if (!is_new[by_idx[i]] || ids[i] == 0)
            continue;
        unsigned char ib[8];
        mg_put_id(ib, ids[i]);
        MDB_val k = {8, ib}, v = {b->elen, (void *)b->enc};
        rc = mdb_cursor_put(c, &k, &v, MDB_APPEND);
        if (!rc)
            code = mg_text_writer_add(&tw, ids[i], terms[i].value,
                                      terms[i].len, st);
    }
    mdb_cursor_close(c);
    if (rc || code != MG_OK) {
        mg_text_writer_free(&tw);
        return rc ? mg_lmdb_fail(st, rc, "adding terms") : code;
    }
    MG_TRY(mg_text_writer_end(&tw, st));
    rc = mdb_cursor_open(t->txn, t->store->t2i, &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "adding terms");
    const bterm *prev = NULL;
    for (size_t j = 0; j < n && rc == 0; j++) {
        const bterm *b = &bt[j];
        if (!is_new[j])
            continue;
        unsigned char ib[8];
        mg_put_id(ib, ids[b->idx]);
        MDB_val k = {b->klen, (void *)b->key}, v = {8, ib};
        unsigned flags = MDB_NODUPDATA;
        if (t2i_empty && !(prev && prev->klen == b->klen &&
                           memcmp(prev->key, b->key, b->klen) == 0))
            flags |= MDB_APPEND;
        rc = mdb_cursor_put(c, &k, &v, flags);
        prev = b;
    }
    mdb_cursor_close(c);
    if (rc)
        return mg_lmdb_fail(st, rc, "adding terms");
    return MG_OK;
}

static uint64_t entries(mg_lmdb_txn *t, MDB_dbi dbi)
{
    MDB_stat s;
    return mdb_stat(t->txn, dbi, &s) ? 0 : s.ms_entries;
}

mg_code mg_lmdb_terms_intern_bulk(mg_lmdb_txn *t, const mg_term *terms, size_t n,
                             mg_id *ids, mg_status *st)
{
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "adding a term needs a write transaction");
    if (n == 0)
        return MG_OK;
    size_t total = 0, nlong = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        MG_TRY(mg_term_encoded_size(&terms[i], &len, st));
        total += len;
        nlong += len > MG_KEY_MAX;
    }
    unsigned char *arena = malloc(total);
    unsigned char *longkeys = malloc(nlong ? nlong * MG_KEY_MAX : 1);
    bterm *bt = malloc(n * sizeof *bt);
    size_t *by_idx = malloc(n * sizeof *by_idx);
    unsigned char *is_new = calloc(n, 1);
    mg_code code = MG_OK;
    if (!arena || !longkeys || !bt || !by_idx || !is_new) {
        code = mg_fail(st, MG_ERR_NOMEM, "out of memory");
        goto done;
    }
    size_t off = 0, lk = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        mg_term_encoded_size(&terms[i], &len, NULL);
        mg_term_encode_to(&terms[i], arena + off);
        int is_long;
        MDB_val k = mg_t2i_key(arena + off, len, longkeys + lk * MG_KEY_MAX,
                               &is_long);
        lk += is_long;
        bt[i] = (bterm){k.mv_data, arena + off, (uint32_t)k.mv_size,
                        (uint32_t)len, i};
        off += len;
    }
    qsort(bt, n, sizeof *bt, cmp_bterm);

    /* ids[] is indexed by input position from here on; 0 = not known. */
    memset(ids, 0, n * sizeof *ids);
    int dict_empty = entries(t, t->store->i2t) == 0 &&
                     entries(t, t->store->t2i) == 0;
    /* The first of each run of equal terms (the earliest in the input)
     * stands for the run: look it up unless the dictionary is empty. */
    for (size_t j = 0; j < n; j++) {
        by_idx[bt[j].idx] = j;
        if (j > 0 && same_term(&bt[j], &bt[j - 1]))
            continue;
        mg_id id = dict_empty ? 0
                              : mg_term_find_encoded(t, bt[j].enc, bt[j].elen,
                                                     st);
        if (id == (mg_id)-1) {
            code = st ? st->code : MG_ERR_STORE;
            goto done;
        }
        ids[bt[j].idx] = id;
        is_new[j] = id == 0;
    }
    /* New ids in input order, for the runs' first members. */
    mg_id next = mg_next_id_get(t, st);
    if (next == 0) {
        code = st ? st->code : MG_ERR_STORE;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (is_new[by_idx[i]])
            ids[i] = next++;
    code = write_terms(t, terms, bt, n, by_idx, ids, is_new, dict_empty, st);
    if (code == MG_OK)
        code = mg_next_id_set(t, next, st);
    if (code == MG_OK)
        code = MG_FAILPOINT("dict", st);
    /* The other members of a run take its id. */
    for (size_t j = 1; j < n && code == MG_OK; j++)
        if (same_term(&bt[j], &bt[j - 1]))
            ids[bt[j].idx] = ids[bt[j - 1].idx];
    if (code == MG_OK && t->rdf_type == 0)
        mg_txn_find_rdf_type(t);
done:
    free(arena);
    free(longkeys);
    free(bt);
    free(by_idx);
    free(is_new);
    return code;
}
