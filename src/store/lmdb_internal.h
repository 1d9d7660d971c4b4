/*
 * lmdb_internal.h — the embedded backend of store.h on LMDB: the layout
 * of the store, shared by the files that implement it (lmdb_env.c,
 * lmdb_dict.c, lmdb_quads.c, lmdb_stats.c, lmdb_bulk_*.c) and the table
 * that plugs it in (lmdb_backend.c).  Each mg_lmdb_* function below has
 * the meaning of the store.h function without "lmdb_".  Nothing outside
 * src/store/ includes it.
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
 *           term's value folded (core/textmap.h); see lmdb_text.c
 */
#ifndef MG_LMDB_INTERNAL_H
#define MG_LMDB_INTERNAL_H

#include <lmdb.h>

#include "core/failpoint.h"
#include "store/backend.h"

#define MG_STORE_VERSION 5u
/* The previous format: the same but for the text index. */
#define MG_STORE_VERSION_NO_TEXT 4u
/* meta key (as an 8-byte id) of the distinct-triple counter */
#define MG_META_TRIPLES ((mg_id)0x7472706c)
#define MG_IDX_COUNT 4

enum { MG_IDX_SPOG, MG_IDX_POSG, MG_IDX_OSPG, MG_IDX_GSPO };

typedef struct mg_lmdb_store mg_lmdb_store;
typedef struct mg_lmdb_txn mg_lmdb_txn;
typedef struct mg_lmdb_cursor mg_lmdb_cursor;

struct mg_lmdb_store {
    mg_store base; /* first: an mg_lmdb_store * is an mg_store * */
    MDB_env *env;
    char *path;
    int readonly;
    MDB_dbi meta, t2i, i2t, graphs, pstat, cstat, text;
    MDB_dbi idx[MG_IDX_COUNT];
    int has_text; /* format 5: the text table is kept */
};

struct mg_lmdb_txn {
    mg_txn base;
    mg_lmdb_store *store;
    MDB_txn *txn;
    int write;
    mg_id rdf_type; /* id of rdf:type, 0 if not in the dictionary yet */
    /* Read transactions: the terms read so far by id, direct-mapped
     * (lmdb_dict.c; made after the first 256 reads, freed with the txn).
     * Their bytes are the memory map's, stable until the txn ends; a
     * write transaction's pages move, so it keeps none. */
    struct mg_lmdb_tslot *tcache;
    unsigned treads; /* terms read before the cache was made */
};

extern const mg_backend mg_lmdb_backend;

/* The store.h operations on LMDB (lmdb_env.c, lmdb_dict.c, ...). */
mg_code mg_lmdb_store_open(const char *path, int flags, mg_lmdb_store **out,
                           mg_status *st);
void mg_lmdb_store_close(mg_lmdb_store *store);
const char *mg_lmdb_store_path(const mg_lmdb_store *store);
mg_code mg_lmdb_txn_begin(mg_lmdb_store *store, int write, mg_lmdb_txn **out,
                          mg_status *st);
mg_code mg_lmdb_txn_commit(mg_lmdb_txn *txn, mg_status *st);
void mg_lmdb_txn_abort(mg_lmdb_txn *txn);
int mg_lmdb_txn_is_write(const mg_lmdb_txn *txn);
mg_code mg_lmdb_term_intern(mg_lmdb_txn *txn, const mg_term *term, mg_id *out,
                            mg_status *st);
mg_code mg_lmdb_term_lookup(mg_lmdb_txn *txn, const mg_term *term, mg_id *out,
                            mg_status *st);
mg_code mg_lmdb_term_get(mg_lmdb_txn *txn, mg_id id, mg_term *out,
                         mg_status *st);
uint64_t mg_lmdb_term_count(mg_lmdb_txn *txn);
mg_code mg_lmdb_quad_add(mg_lmdb_txn *txn, const mg_quad *q, int *added,
                         mg_status *st);
mg_code mg_lmdb_quad_remove(mg_lmdb_txn *txn, const mg_quad *q, int *removed,
                            mg_status *st);
mg_code mg_lmdb_graph_drop(mg_lmdb_txn *txn, mg_id g, uint64_t *count,
                           mg_status *st);
mg_code mg_lmdb_cursor_open(mg_lmdb_txn *txn, const mg_quad *pattern,
                            int flags, mg_lmdb_cursor **out, mg_status *st);
int mg_lmdb_cursor_next(mg_lmdb_cursor *c, mg_quad *q, mg_status *st);
void mg_lmdb_cursor_close(mg_lmdb_cursor *c);
const char *mg_lmdb_cursor_index(const mg_lmdb_cursor *c);
mg_code mg_lmdb_terms_intern_bulk(mg_lmdb_txn *txn, const mg_term *terms,
                                  size_t n, mg_id *ids, mg_status *st);
mg_code mg_lmdb_quads_add_bulk(mg_lmdb_txn *txn, mg_quad *q, size_t n,
                               size_t *kept, uint64_t *added, mg_status *st);
mg_code mg_lmdb_store_counts(mg_lmdb_txn *txn, mg_counts *out, mg_status *st);
uint64_t mg_lmdb_graph_size(mg_lmdb_txn *txn, mg_id g);
uint64_t mg_lmdb_stat_predicate(mg_lmdb_txn *txn, mg_id p);
void mg_lmdb_stat_predicate_ex(mg_lmdb_txn *txn, mg_id p, uint64_t *triples,
                               uint64_t *subjects, uint64_t *objects);
uint64_t mg_lmdb_stat_class(mg_lmdb_txn *txn, mg_id c);
mg_code mg_lmdb_stat_each(mg_lmdb_txn *txn, char kind, mg_stat_fn fn,
                          void *ctx, mg_status *st);
mg_code mg_lmdb_store_check(mg_lmdb_txn *txn, mg_status *st);
mg_code mg_lmdb_text_search(mg_lmdb_txn *txn, const char *needle, size_t len,
                            mg_id_fn fn, void *ctx, mg_status *st);

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
mg_code mg_counter_add(mg_lmdb_txn *t, MDB_dbi dbi, mg_id id, int delta,
                       uint64_t *after, mg_status *st);
uint64_t mg_counter_get(mg_lmdb_txn *t, MDB_dbi dbi, mg_id id);

/* Looks up rdf:type without adding it (sets t->rdf_type if present). */
void mg_txn_find_rdf_type(mg_lmdb_txn *t);

/* ---- lmdb_dict.c: the term encoding, shared with the bulk writer ---- */
/* t2i keys longer than this are a prefix plus a hash (see lmdb_dict.c). */
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
mg_id mg_term_find_encoded(mg_lmdb_txn *t, const unsigned char *enc, size_t len,
                           mg_status *st);
/* Reads meta "next_id" (1 in a new store); 0 on error (in st). */
mg_id mg_next_id_get(mg_lmdb_txn *t, mg_status *st);
mg_code mg_next_id_set(mg_lmdb_txn *t, mg_id next, mg_status *st);

/* ---- lmdb_text.c: the text index, written as terms are added ---- */
typedef struct mg_text_writer {
    mg_lmdb_txn *t;
    unsigned char *buf; /* the chunk being filled */
    size_t len, cap;
    mg_id chunk;        /* its number */
    int on;             /* 0: the store keeps no text index */
} mg_text_writer;
/* Starts appending to the last chunk (a no-op writer on format 4). */
mg_code mg_text_writer_begin(mg_text_writer *w, mg_lmdb_txn *t, mg_status *st);
/* Adds the record of a new term (ids must come in increasing order). */
mg_code mg_text_writer_add(mg_text_writer *w, mg_id id, const char *value,
                           size_t len, mg_status *st);
/* Writes what is pending and frees the writer (also on failure). */
mg_code mg_text_writer_end(mg_text_writer *w, mg_status *st);
void mg_text_writer_free(mg_text_writer *w);
/* Verifies one record per term, in id order, with the right text. */
mg_code mg_text_check(mg_lmdb_txn *t, mg_status *st);

/* ---- lmdb_bulk_quads.c ---- */
/* Sorts quads in the key order of index `idx` (stable LSD radix sort;
 * `scratch` has room for n quads). */
void mg_quads_sort(mg_quad *q, mg_quad *scratch, size_t n, int idx);

#endif
