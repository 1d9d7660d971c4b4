/*
 * lmdb_backend.c — the LMDB backend's entry in the backend table
 * (backend.h): each entry converts the generic store, transaction and
 * cursor pointers to LMDB's (whose structures begin with them) and calls
 * the mg_lmdb_* function of lmdb_internal.h.
 */
#include "store/lmdb_internal.h"

#define S(x) ((mg_lmdb_store *)(x))
#define T(x) ((mg_lmdb_txn *)(x))
#define C(x) ((mg_lmdb_cursor *)(x))

mg_code mg_lmdb_backend_open(const char *path, int flags, mg_store **out,
                             mg_status *st)
{
    mg_lmdb_store *s = NULL;
    mg_code rc = mg_lmdb_store_open(path, flags, &s, st);
    *out = s ? &s->base : NULL;
    return rc;
}

static void b_close(mg_store *s) { mg_lmdb_store_close(S(s)); }
static const char *b_path(const mg_store *s)
{
    return mg_lmdb_store_path((const mg_lmdb_store *)s);
}
static mg_code b_begin(mg_store *s, int write, mg_txn **out, mg_status *st)
{
    mg_lmdb_txn *t = NULL;
    mg_code rc = mg_lmdb_txn_begin(S(s), write, &t, st);
    *out = t ? &t->base : NULL;
    return rc;
}
static mg_code b_commit(mg_txn *t, mg_status *st)
{
    return mg_lmdb_txn_commit(T(t), st);
}
static void b_abort(mg_txn *t) { mg_lmdb_txn_abort(T(t)); }
static int b_is_write(const mg_txn *t)
{
    return mg_lmdb_txn_is_write((const mg_lmdb_txn *)t);
}
static mg_code b_intern(mg_txn *t, const mg_term *term, mg_id *out,
                        mg_status *st)
{
    return mg_lmdb_term_intern(T(t), term, out, st);
}
static mg_code b_lookup(mg_txn *t, const mg_term *term, mg_id *out,
                        mg_status *st)
{
    return mg_lmdb_term_lookup(T(t), term, out, st);
}
static mg_code b_get(mg_txn *t, mg_id id, mg_term *out, mg_status *st)
{
    return mg_lmdb_term_get(T(t), id, out, st);
}
static uint64_t b_term_count(mg_txn *t) { return mg_lmdb_term_count(T(t)); }
static mg_code b_add(mg_txn *t, const mg_quad *q, int *added, mg_status *st)
{
    return mg_lmdb_quad_add(T(t), q, added, st);
}
static mg_code b_remove(mg_txn *t, const mg_quad *q, int *removed,
                        mg_status *st)
{
    return mg_lmdb_quad_remove(T(t), q, removed, st);
}
static mg_code b_drop(mg_txn *t, mg_id g, uint64_t *count, mg_status *st)
{
    return mg_lmdb_graph_drop(T(t), g, count, st);
}
static mg_code b_copen(mg_txn *t, const mg_quad *pattern, int flags,
                       mg_cursor **out, mg_status *st)
{
    mg_lmdb_cursor *c = NULL;
    mg_code rc = mg_lmdb_cursor_open(T(t), pattern, flags, &c, st);
    *out = (mg_cursor *)c;
    return rc;
}
static int b_cnext(mg_cursor *c, mg_quad *q, mg_status *st)
{
    return mg_lmdb_cursor_next(C(c), q, st);
}
static void b_cclose(mg_cursor *c) { mg_lmdb_cursor_close(C(c)); }
static const char *b_cindex(const mg_cursor *c)
{
    return mg_lmdb_cursor_index((const mg_lmdb_cursor *)c);
}
static mg_code b_intern_bulk(mg_txn *t, const mg_term *terms, size_t n,
                             mg_id *ids, mg_status *st)
{
    return mg_lmdb_terms_intern_bulk(T(t), terms, n, ids, st);
}
static mg_code b_add_bulk(mg_txn *t, mg_quad *q, size_t n, size_t *kept,
                          uint64_t *added, mg_status *st)
{
    return mg_lmdb_quads_add_bulk(T(t), q, n, kept, added, st);
}
static mg_code b_counts(mg_txn *t, mg_counts *out, mg_status *st)
{
    return mg_lmdb_store_counts(T(t), out, st);
}
static uint64_t b_graph_size(mg_txn *t, mg_id g)
{
    return mg_lmdb_graph_size(T(t), g);
}
static void b_pstat(mg_txn *t, mg_id p, uint64_t *triples, uint64_t *subjects,
                    uint64_t *objects)
{
    mg_lmdb_stat_predicate_ex(T(t), p, triples, subjects, objects);
}
static uint64_t b_cstat(mg_txn *t, mg_id c) { return mg_lmdb_stat_class(T(t), c); }
static mg_code b_each(mg_txn *t, char kind, mg_stat_fn fn, void *ctx,
                      mg_status *st)
{
    return mg_lmdb_stat_each(T(t), kind, fn, ctx, st);
}
static mg_code b_check(mg_txn *t, mg_status *st)
{
    return mg_lmdb_store_check(T(t), st);
}

static mg_code b_text(mg_txn *t, const char *needle, size_t len,
                      mg_id_fn fn, void *ctx, mg_status *st)
{
    return mg_lmdb_text_search(T(t), needle, len, fn, ctx, st);
}

const mg_backend mg_lmdb_backend = {
    "lmdb",        b_close,    b_path,        b_begin,    b_commit,
    b_abort,       b_is_write, b_intern,      b_lookup,   b_get,
    b_term_count,  b_add,      b_remove,      b_drop,     b_copen,
    b_cnext,       b_cclose,   b_cindex,      b_intern_bulk, b_add_bulk,
    b_counts,      b_graph_size, b_pstat,     b_cstat,    b_each,
    b_check,       b_text,
    NULL, NULL, NULL, NULL, /* no joins: the engine joins */
    NULL,                   /* nothing to cancel: no server to wait on */
    NULL,                   /* no prefetch: every read is local */
    NULL,                   /* subjects of objects: one range each */
};
