/*
 * lmdb_dict.c — the term dictionary: term <-> 64-bit id (store.h).
 *
 * A term is encoded as  kind(1) vlen(4, BE) value '\0' extra '\0'  where
 * kind is 'I' (IRI), 'B' (blank node), 'L' (plain literal), 'G' (literal
 * with a language tag in extra) or 'T' (typed literal, datatype IRI in
 * extra).  The NULs let mg_lmdb_term_get hand out C strings that point straight
 * into the memory map.  The same bytes are the t2i key when they fit under
 * LMDB's key limit; longer terms use a truncated prefix plus a hash, with
 * the first byte's high bit set so the two kinds of key never collide, and
 * are confirmed against i2t.
 */
#include "store/lmdb_internal.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>


typedef struct enc_buf {
    unsigned char small[512];
    unsigned char *data;
    size_t len;
} enc_buf;

static void enc_free(enc_buf *e)
{
    if (e->data != e->small)
        free(e->data);
}

mg_code mg_term_encoded_size(const mg_term *term, size_t *len, mg_status *st)
{
    if (term->kind != MG_TERM_IRI && term->kind != MG_TERM_BLANK &&
        term->kind != MG_TERM_LITERAL)
        return mg_fail(st, MG_ERR_ARG, "unknown term kind %d", (int)term->kind);
    if (term->len > 0xffffffffu)
        return mg_fail(st, MG_ERR_ARG, "term too long");
    size_t xlen = 0;
    if (term->kind == MG_TERM_LITERAL) {
        if (term->lang && *term->lang)
            xlen = strlen(term->lang);
        else if (term->datatype && *term->datatype)
            xlen = strlen(term->datatype);
    }
    *len = 1 + 4 + term->len + 1 + xlen + 1;
    return MG_OK;
}

void mg_term_encode_to(const mg_term *term, unsigned char *p)
{
    char kind = 'I';
    const char *extra = "";
    switch (term->kind) {
    case MG_TERM_IRI: kind = 'I'; break;
    case MG_TERM_BLANK: kind = 'B'; break;
    case MG_TERM_LITERAL:
        if (term->lang && *term->lang) {
            kind = 'G';
            extra = term->lang;
        } else if (term->datatype && *term->datatype) {
            kind = 'T';
            extra = term->datatype;
        } else {
            kind = 'L';
        }
        break;
    }
    size_t xlen = strlen(extra);
    uint32_t vl = (uint32_t)term->len;
    *p++ = (unsigned char)kind;
    *p++ = (unsigned char)(vl >> 24);
    *p++ = (unsigned char)(vl >> 16);
    *p++ = (unsigned char)(vl >> 8);
    *p++ = (unsigned char)vl;
    if (term->len)
        memcpy(p, term->value, term->len);
    p += term->len;
    *p++ = 0;
    memcpy(p, extra, xlen);
    p[xlen] = 0;
}

static mg_code encode(const mg_term *term, enc_buf *e, mg_status *st)
{
    MG_TRY(mg_term_encoded_size(term, &e->len, st));
    e->data = e->len <= sizeof e->small ? e->small : malloc(e->len);
    if (!e->data)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_term_encode_to(term, e->data);
    return MG_OK;
}

MDB_val mg_t2i_key(const unsigned char *enc, size_t len,
                   unsigned char buf[MG_KEY_MAX], int *is_long)
{
    MDB_val k;
    if (len <= MG_KEY_MAX) {
        *is_long = 0;
        k.mv_size = len;
        k.mv_data = (void *)enc;
        return k;
    }
    *is_long = 1;
    memcpy(buf, enc, MG_KEY_PREFIX);
    buf[0] |= 0x80;
    mg_put_id(buf + MG_KEY_PREFIX, mg_fnv1a64(MG_FNV_OFFSET, enc, len));
    k.mv_size = MG_KEY_MAX;
    k.mv_data = buf;
    return k;
}

static MDB_val t2i_key(const enc_buf *e, unsigned char *buf, int *is_long)
{
    return mg_t2i_key(e->data, e->len, buf, is_long);
}

mg_id mg_term_find_encoded(mg_lmdb_txn *t, const unsigned char *enc, size_t len,
                           mg_status *st)
{
    unsigned char kbuf[MG_KEY_MAX];
    int is_long;
    MDB_val k = mg_t2i_key(enc, len, kbuf, &is_long), v;
    if (!is_long) {
        int rc = mdb_get(t->txn, t->store->t2i, &k, &v);
        if (rc == MDB_NOTFOUND)
            return 0;
        if (rc) {
            mg_lmdb_fail(st, rc, "reading the dictionary");
            return (mg_id)-1;
        }
        return mg_get_id(v.mv_data);
    }
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, t->store->t2i, &c);
    if (rc) {
        mg_lmdb_fail(st, rc, "reading the dictionary");
        return (mg_id)-1;
    }
    mg_id found = 0;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_SET); rc == 0;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
        mg_id id = mg_get_id(v.mv_data);
        unsigned char ib[8];
        mg_put_id(ib, id);
        MDB_val ik = {8, ib}, iv;
        if (mdb_get(t->txn, t->store->i2t, &ik, &iv) == 0 &&
            iv.mv_size == len && memcmp(iv.mv_data, enc, len) == 0) {
            found = id;
            break;
        }
    }
    mdb_cursor_close(c);
    return found;
}

static mg_id find_encoded(mg_lmdb_txn *t, const enc_buf *e, mg_status *st)
{
    return mg_term_find_encoded(t, e->data, e->len, st);
}

mg_id mg_next_id_get(mg_lmdb_txn *t, mg_status *st)
{
    MDB_val k = {7, "next_id"}, v;
    int rc = mdb_get(t->txn, t->store->meta, &k, &v);
    if (rc == 0 && v.mv_size == 8)
        return mg_get_id(v.mv_data);
    if (rc == MDB_NOTFOUND)
        return 1;
    if (rc == 0)
        mg_fail(st, MG_ERR_INTERNAL, "corrupt next id in the store");
    else
        mg_lmdb_fail(st, rc, "reading the next id");
    return 0;
}

mg_code mg_next_id_set(mg_lmdb_txn *t, mg_id next, mg_status *st)
{
    unsigned char nb[8];
    mg_put_id(nb, next);
    MDB_val k = {7, "next_id"}, v = {8, nb};
    int rc = mdb_put(t->txn, t->store->meta, &k, &v, 0);
    if (rc)
        return mg_lmdb_fail(st, rc, "writing the next id");
    return MG_OK;
}

static mg_id next_id(mg_lmdb_txn *t, mg_status *st)
{
    mg_id id = mg_next_id_get(t, st);
    if (id == 0 || mg_next_id_set(t, id + 1, st) != MG_OK)
        return 0;
    return id;
}

mg_code mg_lmdb_term_lookup(mg_lmdb_txn *t, const mg_term *term, mg_id *out,
                       mg_status *st)
{
    enc_buf e;
    *out = 0;
    MG_TRY(encode(term, &e, st));
    mg_id id = find_encoded(t, &e, st);
    enc_free(&e);
    if (id == (mg_id)-1)
        return st ? st->code : MG_ERR_STORE;
    if (id == 0)
        return MG_ERR_NOT_FOUND;
    *out = id;
    return MG_OK;
}

mg_code mg_lmdb_term_intern(mg_lmdb_txn *t, const mg_term *term, mg_id *out,
                       mg_status *st)
{
    *out = 0;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "adding a term needs a write transaction");
    enc_buf e;
    MG_TRY(encode(term, &e, st));
    mg_code code = MG_OK;
    mg_id id = find_encoded(t, &e, st);
    if (id == (mg_id)-1) {
        code = st ? st->code : MG_ERR_STORE;
    } else if (id == 0) {
        id = next_id(t, st);
        if (id == 0) {
            code = st ? st->code : MG_ERR_STORE;
        } else {
            unsigned char ib[8], kbuf[MG_KEY_MAX];
            int is_long;
            mg_put_id(ib, id);
            MDB_val ik = {8, ib}, iv = {e.len, e.data};
            int rc = mdb_put(t->txn, t->store->i2t, &ik, &iv, MDB_APPEND);
            if (!rc) {
                MDB_val k = t2i_key(&e, kbuf, &is_long), v = {8, ib};
                rc = mdb_put(t->txn, t->store->t2i, &k, &v, MDB_NODUPDATA);
            }
            if (rc) {
                code = mg_lmdb_fail(st, rc, "adding a term");
            } else {
                mg_text_writer w;
                code = mg_text_writer_begin(&w, t, st);
                if (code == MG_OK)
                    code = mg_text_writer_add(&w, id, term->value, term->len,
                                              st);
                code = code == MG_OK ? mg_text_writer_end(&w, st)
                                     : (mg_text_writer_free(&w), code);
            }
            if (code == MG_OK)
                code = MG_FAILPOINT("dict", st);
            if (code == MG_OK && term->kind == MG_TERM_IRI &&
                t->rdf_type == 0 && term->len == 47 &&
                memcmp(term->value,
                       "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                       47) == 0)
                t->rdf_type = id;
        }
    }
    enc_free(&e);
    if (code == MG_OK)
        *out = id;
    return code;
}

/* One slot of a read transaction's term cache: a term's encoded bytes in
 * the memory map.  A query reads the same terms again and again (a filter,
 * then RETURN, then the output), each read a B-tree descent of i2t. */
struct mg_lmdb_tslot {
    mg_id id;
    const void *data;
    size_t size;
};
#define TCACHE_BITS 13
#define TCACHE_SLOTS (1u << TCACHE_BITS)

static int term_bytes(mg_lmdb_txn *t, mg_id id, MDB_val *v)
{
    struct mg_lmdb_tslot *slot = NULL;
    if (!t->write) {
        /* a transaction that reads a few terms does not pay for the slots */
        if (!t->tcache && ++t->treads > TCACHE_SLOTS / 32)
            t->tcache = calloc(TCACHE_SLOTS, sizeof *t->tcache);
        if (t->tcache) {
            slot = &t->tcache[(id * 0x9E3779B97F4A7C15ull) >> (64 - TCACHE_BITS)];
            if (slot->id == id && id) {
                v->mv_data = (void *)slot->data;
                v->mv_size = slot->size;
                return 0;
            }
        }
    }
    unsigned char ib[8];
    mg_put_id(ib, id);
    MDB_val k = {8, ib};
    int rc = mdb_get(t->txn, t->store->i2t, &k, v);
    if (rc == 0 && slot) {
        slot->id = id;
        slot->data = v->mv_data;
        slot->size = v->mv_size;
    }
    return rc;
}

mg_code mg_lmdb_term_get(mg_lmdb_txn *t, mg_id id, mg_term *out, mg_status *st)
{
    MDB_val v;
    int rc = term_bytes(t, id, &v);
    if (rc == MDB_NOTFOUND)
        return mg_fail(st, MG_ERR_NOT_FOUND, "no term with id %llu",
                       (unsigned long long)id);
    if (rc)
        return mg_lmdb_fail(st, rc, "reading a term");
    const unsigned char *p = v.mv_data;
    if (v.mv_size < 7)
        return mg_fail(st, MG_ERR_INTERNAL, "corrupt term %llu",
                       (unsigned long long)id);
    uint32_t vl = ((uint32_t)p[1] << 24) | ((uint32_t)p[2] << 16) |
                  ((uint32_t)p[3] << 8) | p[4];
    if ((size_t)vl + 7 > v.mv_size)
        return mg_fail(st, MG_ERR_INTERNAL, "corrupt term %llu",
                       (unsigned long long)id);
    memset(out, 0, sizeof *out);
    out->value = (const char *)p + 5;
    out->len = vl;
    const char *extra = (const char *)p + 5 + vl + 1;
    switch (p[0]) {
    case 'I': out->kind = MG_TERM_IRI; break;
    case 'B': out->kind = MG_TERM_BLANK; break;
    case 'L': out->kind = MG_TERM_LITERAL; break;
    case 'G': out->kind = MG_TERM_LITERAL; out->lang = extra; break;
    case 'T': out->kind = MG_TERM_LITERAL; out->datatype = extra; break;
    default:
        return mg_fail(st, MG_ERR_INTERNAL, "corrupt term %llu",
                       (unsigned long long)id);
    }
    return MG_OK;
}

uint64_t mg_lmdb_term_count(mg_lmdb_txn *t)
{
    MDB_stat s;
    if (mdb_stat(t->txn, t->store->i2t, &s))
        return 0;
    return s.ms_entries;
}

void mg_txn_find_rdf_type(mg_lmdb_txn *t)
{
    static const char rdf_type[] =
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    mg_term term = {MG_TERM_IRI, rdf_type, sizeof rdf_type - 1, NULL, NULL};
    mg_id id = 0;
    if (mg_lmdb_term_lookup(t, &term, &id, NULL) == MG_OK)
        t->rdf_type = id;
}
