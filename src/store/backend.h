/*
 * backend.h — the storage backends behind store.h.
 *
 * store.h's functions are the one interface the rest of Maillage uses;
 * each dispatches through the table of the backend that opened the store
 * (backend.c).  Two backends exist: the embedded LMDB store (lmdb_*.c,
 * lmdb_backend.c) and PostgreSQL (src/pgstore/).  A backend's own store,
 * transaction and cursor structures begin with the matching header below,
 * so a pointer to one is a pointer to the other (C11 6.7.2.1).
 *
 * Owns: nothing; each backend owns what its open/begin/open calls return,
 * released by the matching close/commit/abort/close entry.
 */
#ifndef MG_BACKEND_H
#define MG_BACKEND_H

#include "store/store.h"

typedef struct mg_backend mg_backend;

struct mg_store {
    const mg_backend *be;
};
struct mg_txn {
    const mg_backend *be;
};
struct mg_cursor {
    const mg_backend *be;
};
struct mg_join_cursor {
    const mg_backend *be;
};

/* Every entry has the meaning of the store.h function of the same name. */
struct mg_backend {
    const char *name; /* "lmdb", "postgresql" */
    void (*store_close)(mg_store *s);
    const char *(*store_path)(const mg_store *s);
    mg_code (*txn_begin)(mg_store *s, int write, mg_txn **out, mg_status *st);
    mg_code (*txn_commit)(mg_txn *t, mg_status *st);
    void (*txn_abort)(mg_txn *t);
    int (*txn_is_write)(const mg_txn *t);
    mg_code (*term_intern)(mg_txn *t, const mg_term *term, mg_id *out,
                           mg_status *st);
    mg_code (*term_lookup)(mg_txn *t, const mg_term *term, mg_id *out,
                           mg_status *st);
    mg_code (*term_get)(mg_txn *t, mg_id id, mg_term *out, mg_status *st);
    uint64_t (*term_count)(mg_txn *t);
    mg_code (*quad_add)(mg_txn *t, const mg_quad *q, int *added, mg_status *st);
    mg_code (*quad_remove)(mg_txn *t, const mg_quad *q, int *removed,
                           mg_status *st);
    mg_code (*graph_drop)(mg_txn *t, mg_id g, uint64_t *count, mg_status *st);
    mg_code (*cursor_open)(mg_txn *t, const mg_quad *pattern, int flags,
                           mg_cursor **out, mg_status *st);
    int (*cursor_next)(mg_cursor *c, mg_quad *q, mg_status *st);
    void (*cursor_close)(mg_cursor *c);
    const char *(*cursor_index)(const mg_cursor *c);
    mg_code (*terms_intern_bulk)(mg_txn *t, const mg_term *terms, size_t n,
                                 mg_id *ids, mg_status *st);
    mg_code (*quads_add_bulk)(mg_txn *t, mg_quad *q, size_t n, size_t *kept,
                              uint64_t *added, mg_status *st);
    mg_code (*store_counts)(mg_txn *t, mg_counts *out, mg_status *st);
    uint64_t (*graph_size)(mg_txn *t, mg_id g);
    void (*stat_predicate_ex)(mg_txn *t, mg_id p, uint64_t *triples,
                              uint64_t *subjects, uint64_t *objects);
    uint64_t (*stat_class)(mg_txn *t, mg_id c);
    mg_code (*stat_each)(mg_txn *t, char kind, mg_stat_fn fn, void *ctx,
                         mg_status *st);
    mg_code (*store_check)(mg_txn *t, mg_status *st);
    /* NULL when the backend keeps no text index (MG_ERR_UNSUPPORTED). */
    mg_code (*text_search)(mg_txn *t, const char *needle, size_t len,
                           mg_id_fn fn, void *ctx, mg_status *st);
    /* NULL when the backend does not join (the engine does). */
    mg_code (*join_prepare)(mg_txn *t, const mg_join *j, char **form,
                            mg_status *st);
    mg_code (*join_open)(mg_txn *t, const char *form, const mg_id *in,
                         size_t nin, size_t nout, double timeout,
                         mg_join_cursor **out, mg_status *st);
    int (*join_next)(mg_join_cursor *c, mg_id *out, mg_status *st);
    void (*join_close)(mg_join_cursor *c);
    /* NULL when the backend has nothing to cancel. */
    void (*txn_set_cancel)(mg_txn *t, volatile sig_atomic_t *flag);
    /* NULL when the backend gains nothing from it. */
    mg_code (*prefetch)(mg_txn *t, mg_id p, const mg_id *subjects, size_t n,
                        mg_status *st);
    /* NULL: one cursor per object (backend.c). */
    mg_code (*subjects_of)(mg_txn *t, mg_id p, const mg_id *objects, size_t n,
                           mg_id_fn fn, void *ctx, mg_status *st);
};

/* Opening, one function per backend (mg_store_open picks by spec). */
mg_code mg_lmdb_backend_open(const char *path, int flags, mg_store **out,
                             mg_status *st);
mg_code mg_pg_backend_open(const char *url, int flags, mg_store **out,
                           mg_status *st);

#endif
