/*
 * store_internal.h — the layout of the LMDB store, shared by the files
 * that implement store.h (store.c, dict.c, quads.c, stats.c).  Nothing
 * outside src/store/ includes it.
 *
 * Databases in one LMDB environment:
 *   meta    "version" -> u32, "next_id" -> u64 (big-endian), and the
 *           8-byte key MG_META_TRIPLES -> u64 distinct triples
 *   t2i     term key -> id (8 bytes BE), MDB_DUPSORT: long terms share
 *           a truncated key and are told apart through i2t
 *   i2t     id (8 bytes BE) -> encoded term
 *   spog posg ospg gspo   32-byte keys of four BE ids, empty values
 *   graphs  graph id -> u64 quads in it
 *   pstat   predicate id -> 3 x u64: distinct triples, subjects, objects
 *   cstat   class id -> u64 distinct (s rdf:type class) triples
 *   text    (format 5) chunk number (8 bytes BE) -> records of every term
 *           in id order: id (8, BE), length (4, BE), flags (1), then the
 *           term's value folded (core/textmap.h); see textindex.c
 */
#ifndef MG_STORE_INTERNAL_H
#define MG_STORE_INTERNAL_H

#include <lmdb.h>

#include "core/failpoint.h"
#include "store/store.h"

#define MG_STORE_VERSION 5u
/* The previous format: the same but for the text index. */
#define MG_STORE_VERSION_NO_TEXT 4u
/* meta key (as an 8-byte id) of the distinct-triple counter */
#define MG_META_TRIPLES ((mg_id)0x7472706c)
#define MG_IDX_COUNT 4

enum { MG_IDX_SPOG, MG_IDX_POSG, MG_IDX_OSPG, MG_IDX_GSPO };

struct mg_store {
    MDB_env *env;
    char *path;
    int readonly;
    MDB_dbi meta, t2i, i2t, graphs, pstat, cstat, text;
    MDB_dbi idx[MG_IDX_COUNT];
    int has_text; /* format 5: the text table is kept */
};

struct mg_txn {
    mg_store *store;
    MDB_txn *txn;
    int write;
    mg_id rdf_type; /* id of rdf:type, 0 if not in the dictionary yet */
};

/* Order of the quad positions (0=g 1=s 2=p 3=o) in each index. */
extern const int mg_idx_order[MG_IDX_COUNT][4];
extern const char *const mg_idx_name[MG_IDX_COUNT];
/* Failure point after writes to each index (core/failpoint.h). */
extern const char *const mg_idx_failpoint[MG_IDX_COUNT];

/* Big-endian encoding of ids, so byte order is numeric order. */
static inline void mg_put_id(unsigned char *p, mg_id v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static inline mg_id mg_get_id(const unsigned char *p)
{
    mg_id v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

/* An mg_status message for an LMDB error code in a named operation. */
mg_code mg_lmdb_fail(mg_status *st, int rc, const char *what);

/* Adds `delta` (+1/-1) to a u64 counter under key `id` in `dbi`; deletes
 * the key when it reaches zero.  *after receives the new value. */
mg_code mg_counter_add(mg_txn *t, MDB_dbi dbi, mg_id id, int delta,
                       uint64_t *after, mg_status *st);
uint64_t mg_counter_get(mg_txn *t, MDB_dbi dbi, mg_id id);

/* Looks up rdf:type without adding it (sets t->rdf_type if present). */
void mg_txn_find_rdf_type(mg_txn *t);

/* ---- dict.c: the term encoding, shared with the bulk writer ---- */
/* t2i keys longer than this are a prefix plus a hash (see dict.c). */
#define MG_KEY_MAX 480
#define MG_KEY_PREFIX (MG_KEY_MAX - 8)
/* The encoded size of a term (MG_ERR_ARG for an unknown kind). */
mg_code mg_term_encoded_size(const mg_term *term, size_t *len, mg_status *st);
/* Writes the encoding (mg_term_encoded_size bytes) to `out`. */
void mg_term_encode_to(const mg_term *term, unsigned char *out);
/* The t2i key of an encoded term: the encoding itself, or for a long one
 * a prefix + hash written into `buf` (*is_long = 1). */
MDB_val mg_t2i_key(const unsigned char *enc, size_t len,
                   unsigned char buf[MG_KEY_MAX], int *is_long);
/* The id of an encoded term: 0 if absent, (mg_id)-1 on error (in st). */
mg_id mg_term_find_encoded(mg_txn *t, const unsigned char *enc, size_t len,
                           mg_status *st);
/* Reads meta "next_id" (1 in a new store); 0 on error (in st). */
mg_id mg_next_id_get(mg_txn *t, mg_status *st);
mg_code mg_next_id_set(mg_txn *t, mg_id next, mg_status *st);

/* ---- textindex.c: the text index, written as terms are added ---- */
typedef struct mg_text_writer {
    mg_txn *t;
    unsigned char *buf; /* the chunk being filled */
    size_t len, cap;
    mg_id chunk;        /* its number */
    int on;             /* 0: the store keeps no text index */
} mg_text_writer;
/* Starts appending to the last chunk (a no-op writer on format 4). */
mg_code mg_text_writer_begin(mg_text_writer *w, mg_txn *t, mg_status *st);
/* Adds the record of a new term (ids must come in increasing order). */
mg_code mg_text_writer_add(mg_text_writer *w, mg_id id, const char *value,
                           size_t len, mg_status *st);
/* Writes what is pending and frees the writer (also on failure). */
mg_code mg_text_writer_end(mg_text_writer *w, mg_status *st);
void mg_text_writer_free(mg_text_writer *w);
/* Verifies one record per term, in id order, with the right text. */
mg_code mg_text_check(mg_txn *t, mg_status *st);

/* ---- bulk_quads.c ---- */
/* Sorts quads in the key order of index `idx` (stable LSD radix sort;
 * `scratch` has room for n quads). */
void mg_quads_sort(mg_quad *q, mg_quad *scratch, size_t n, int idx);

#endif
