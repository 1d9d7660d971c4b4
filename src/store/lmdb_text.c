/*
 * lmdb_text.c — the text index of the LMDB store (store.h mg_text_search): every term's
 * value folded, so an accent- and case-insensitive search reads one table
 * in order instead of looking up a label per node.
 *
 * Terms are never removed and get increasing ids, so the index only grows
 * at its end.  It is kept in chunks of about MG_TEXT_CHUNK bytes (a record
 * longer than that has a chunk of its own) holding records
 *     id (8, BE)  length (4, BE)  flags (1)  folded value (length bytes)
 * in id order.  Flag 1: the value is not valid UTF-8, where folding may
 * not keep a substring a substring; such a term is always a candidate.
 * Adding a term rewrites the last chunk (a few KB); the bulk loader adds
 * all of its new terms through one writer, one put per chunk.
 */
#include "store/lmdb_internal.h"
#include "core/textmap.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define MG_TEXT_CHUNK 4000
#define REC_HEAD 13

static mg_code grow(mg_text_writer *w, size_t need, mg_status *st)
{
    if (need <= w->cap)
        return MG_OK;
    size_t cap = w->cap ? w->cap : 2 * MG_TEXT_CHUNK;
    while (cap < need)
        cap *= 2;
    unsigned char *b = realloc(w->buf, cap);
    if (!b)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    w->buf = b;
    w->cap = cap;
    return MG_OK;
}

mg_code mg_text_writer_begin(mg_text_writer *w, mg_lmdb_txn *t, mg_status *st)
{
    memset(w, 0, sizeof *w);
    w->t = t;
    if (!t->store->has_text)
        return MG_OK;
    w->on = 1;
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->text, &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "reading the text index");
    MDB_val k, v;
    rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
    mdb_cursor_close(c);
    if (rc == MDB_NOTFOUND) {
        w->chunk = 1;
        return MG_OK;
    }
    if (rc)
        return mg_lmdb_fail(st, rc, "reading the text index");
    if (k.mv_size != 8)
        return mg_fail(st, MG_ERR_INTERNAL, "text index: bad chunk key");
    w->chunk = mg_get_id(k.mv_data);
    if (v.mv_size >= MG_TEXT_CHUNK) { /* full: start the next one */
        w->chunk++;
        return MG_OK;
    }
    MG_TRY(grow(w, v.mv_size, st));
    memcpy(w->buf, v.mv_data, v.mv_size);
    w->len = v.mv_size;
    return MG_OK;
}

static mg_code flush(mg_text_writer *w, mg_status *st)
{
    if (!w->len)
        return MG_OK;
    unsigned char kb[8];
    mg_put_id(kb, w->chunk);
    MDB_val k = {8, kb}, v = {w->len, w->buf};
    int rc = mdb_put(w->t->txn, w->t->store->text, &k, &v, 0);
    if (rc)
        return mg_lmdb_fail(st, rc, "writing the text index");
    return MG_OK;
}

mg_code mg_text_writer_add(mg_text_writer *w, mg_id id, const char *value,
                           size_t len, mg_status *st)
{
    if (!w->on)
        return MG_OK;
    if (len > 0x7fffffffu / 2)
        return mg_fail(st, MG_ERR_ARG, "term too long for the text index");
    size_t max = REC_HEAD + MG_TEXT_MAP_MAX(len) + 1;
    if (w->len && w->len + max > MG_TEXT_CHUNK) {
        /* The record might not fit: close this chunk, start the next. */
        MG_TRY(flush(w, st));
        w->chunk++;
        w->len = 0;
    }
    MG_TRY(grow(w, w->len + max, st));
    unsigned char *r = w->buf + w->len;
    size_t n = mg_text_map(value, len, 'f', (char *)r + REC_HEAD);
    mg_put_id(r, id);
    r[8] = (unsigned char)(n >> 24);
    r[9] = (unsigned char)(n >> 16);
    r[10] = (unsigned char)(n >> 8);
    r[11] = (unsigned char)n;
    r[12] = mg_utf8_valid(value, len) ? 0 : 1;
    w->len += REC_HEAD + n;
    return MG_OK;
}

mg_code mg_text_writer_end(mg_text_writer *w, mg_status *st)
{
    mg_code rc = w->on ? flush(w, st) : MG_OK;
    mg_text_writer_free(w);
    return rc;
}

void mg_text_writer_free(mg_text_writer *w)
{
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

/* Walks the records of one chunk: fn(ctx, id, text, len, flags) returns
 * non-zero to stop; -1 for a malformed chunk. */
typedef int (*rec_fn)(void *ctx, mg_id id, const unsigned char *s, size_t n,
                      int flags);

static int each_record(const MDB_val *v, rec_fn fn, void *ctx)
{
    const unsigned char *p = v->mv_data, *end = p + v->mv_size;
    while (p < end) {
        if ((size_t)(end - p) < REC_HEAD)
            return -1;
        size_t n = ((size_t)p[8] << 24) | ((size_t)p[9] << 16) |
                   ((size_t)p[10] << 8) | p[11];
        if ((size_t)(end - p - REC_HEAD) < n)
            return -1;
        int r = fn(ctx, mg_get_id(p), p + REC_HEAD, n, p[12]);
        if (r)
            return r;
        p += REC_HEAD + n;
    }
    return 0;
}

/* Runs fn over every chunk in order (0, 1 stopped, or an error). */
typedef int (*chunk_fn)(const MDB_val *v, void *ctx);

static mg_code each_chunk(mg_lmdb_txn *t, chunk_fn fn, void *ctx, mg_status *st)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->text, &c);
    if (rc)
        return mg_lmdb_fail(st, rc, "reading the text index");
    MDB_val k, v;
    mg_code code = MG_OK;
    int stopped = 0;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        int r = fn(&v, ctx);
        if (r < 0) {
            code = mg_fail(st, MG_ERR_INTERNAL, "text index: malformed chunk");
            break;
        }
        if (r) {
            stopped = 1;
            break;
        }
    }
    if (code == MG_OK && rc && rc != MDB_NOTFOUND && !stopped)
        code = mg_lmdb_fail(st, rc, "reading the text index");
    mdb_cursor_close(c);
    return code;
}

typedef struct search_ctx {
    const char *needle;
    size_t len;
    mg_id_fn fn;
    void *ctx;
} search_ctx;

/* One search over the chunk finds the next hit for many records at once:
 * the first occurrence at or after a record's text is the one that ends
 * earliest, so if it does not end inside that record, none does. */
static int search_chunk(const MDB_val *v, void *ctx)
{
    search_ctx *c = ctx;
    const unsigned char *p = v->mv_data, *end = p + v->mv_size;
    const unsigned char *hit = NULL;
    while (p < end) {
        if ((size_t)(end - p) < REC_HEAD)
            return -1;
        size_t n = ((size_t)p[8] << 24) | ((size_t)p[9] << 16) |
                   ((size_t)p[10] << 8) | p[11];
        const unsigned char *t = p + REC_HEAD;
        if ((size_t)(end - t) < n)
            return -1;
        int take = (p[12] & 1) || c->len == 0;
        if (!take) {
            if (!hit || hit < t) {
                hit = mg_memfind(t, (size_t)(end - t), c->needle, c->len);
                if (!hit)
                    hit = end;
            }
            take = hit + c->len <= t + n;
        }
        if (take && c->fn(c->ctx, mg_get_id(p)))
            return 1;
        p = t + n;
    }
    return 0;
}

mg_code mg_lmdb_text_search(mg_lmdb_txn *t, const char *needle, size_t len,
                       mg_id_fn fn, void *ctx, mg_status *st)
{
    if (!t->store->has_text)
        return MG_ERR_UNSUPPORTED;
    char *folded = malloc(MG_TEXT_MAP_MAX(len) + 1);
    if (!folded)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    search_ctx c = {folded, mg_text_map(needle, len, 'f', folded), fn, ctx};
    mg_code rc = each_chunk(t, search_chunk, &c, st);
    free(folded);
    return rc;
}

/* ---- integrity ---------------------------------------------------------- */

typedef struct check_ctx {
    mg_lmdb_txn *t;
    mg_status *st;
    mg_id last;
    uint64_t n;
    char *buf;
    size_t cap;
    mg_code rc;
} check_ctx;

static int check_rec(void *ctx, mg_id id, const unsigned char *s, size_t n,
                     int flags)
{
    check_ctx *c = ctx;
    mg_term term;
    if (id <= c->last) {
        c->rc = mg_fail(c->st, MG_ERR_INTERNAL,
                        "text index: id %llu after %llu",
                        (unsigned long long)id, (unsigned long long)c->last);
        return 1;
    }
    c->last = id;
    c->n++;
    if (mg_lmdb_term_get(c->t, id, &term, c->st) != MG_OK) {
        c->rc = mg_fail(c->st, MG_ERR_INTERNAL,
                        "text index: id %llu is not in the dictionary",
                        (unsigned long long)id);
        return 1;
    }
    size_t need = MG_TEXT_MAP_MAX(term.len) + 1;
    if (need > c->cap) {
        char *b = realloc(c->buf, need);
        if (!b) {
            c->rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
            return 1;
        }
        c->buf = b;
        c->cap = need;
    }
    size_t fn = mg_text_map(term.value, term.len, 'f', c->buf);
    int want = mg_utf8_valid(term.value, term.len) ? 0 : 1;
    if (fn != n || memcmp(c->buf, s, n) != 0 || want != flags) {
        c->rc = mg_fail(c->st, MG_ERR_INTERNAL,
                        "text index: the text of term %llu is wrong",
                        (unsigned long long)id);
        return 1;
    }
    return 0;
}

static int check_chunk(const MDB_val *v, void *ctx)
{
    return each_record(v, check_rec, ctx);
}

mg_code mg_text_check(mg_lmdb_txn *t, mg_status *st)
{
    if (!t->store->has_text)
        return MG_OK;
    check_ctx c = {t, st, 0, 0, NULL, 0, MG_OK};
    mg_code rc = each_chunk(t, check_chunk, &c, st);
    free(c.buf);
    if (rc != MG_OK)
        return rc;
    if (c.rc != MG_OK)
        return c.rc;
    uint64_t terms = mg_lmdb_term_count(t);
    if (c.n != terms)
        return mg_fail(st, MG_ERR_INTERNAL,
                       "text index: %llu records for %llu terms",
                       (unsigned long long)c.n, (unsigned long long)terms);
    return MG_OK;
}
