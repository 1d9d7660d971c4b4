/*
 * backend.c — store.h's functions: each dispatches to the backend that
 * opened the store (backend.h).  mg_store_open picks the backend by spec:
 * a postgresql:// or postgres:// URL is PostgreSQL, anything else a
 * directory of the embedded LMDB store.
 */
#include "store/backend.h"

#include <string.h>

/* Callers may pass no status (NULL); the backends always get one. */
#define NEED_STATUS(st)          \
    mg_status st_local_;         \
    if (!(st)) {                 \
        mg_status_clear(&st_local_); \
        (st) = &st_local_;       \
    }

int mg_store_spec_is_pg(const char *spec)
{
    return spec && (strncmp(spec, "postgresql://", 13) == 0 ||
                    strncmp(spec, "postgres://", 11) == 0);
}

mg_code mg_store_open(const char *path, int flags, mg_store **out,
                      mg_status *st)
{
    NEED_STATUS(st);
    if (mg_store_spec_is_pg(path))
        return mg_pg_backend_open(path, flags, out, st);
    return mg_lmdb_backend_open(path, flags, out, st);
}

void mg_store_close(mg_store *s)
{
    if (s)
        s->be->store_close(s);
}

const char *mg_store_path(const mg_store *s) { return s->be->store_path(s); }

const char *mg_store_backend(const mg_store *s) { return s->be->name; }

mg_code mg_txn_begin(mg_store *s, int write, mg_txn **out, mg_status *st)
{
    NEED_STATUS(st);
    return s->be->txn_begin(s, write, out, st);
}

mg_code mg_txn_commit(mg_txn *t, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->txn_commit(t, st);
}

void mg_txn_abort(mg_txn *t)
{
    if (t)
        t->be->txn_abort(t);
}

int mg_txn_is_write(const mg_txn *t) { return t->be->txn_is_write(t); }

void mg_txn_set_cancel(mg_txn *t, volatile sig_atomic_t *flag)
{
    if (t && t->be->txn_set_cancel)
        t->be->txn_set_cancel(t, flag);
}

mg_code mg_subjects_of(mg_txn *t, mg_id p, const mg_id *objects, size_t n,
                       mg_id_fn fn, void *ctx, mg_status *st)
{
    NEED_STATUS(st);
    if (t->be->subjects_of)
        return t->be->subjects_of(t, p, objects, n, fn, ctx, st);
    int stop = 0;
    for (size_t i = 0; i < n && !stop; i++) {
        mg_quad pat = {0, 0, p, objects[i]}, q;
        mg_cursor *c;
        MG_TRY(mg_cursor_open(t, &pat, MG_CURSOR_DISTINCT, &c, st));
        int r = 0;
        while (!stop && (r = mg_cursor_next(c, &q, st)) == 1)
            stop = fn(ctx, q.s);
        mg_cursor_close(c);
        if (!stop && r < 0)
            return st->code ? st->code
                            : mg_fail(st, MG_ERR_STORE, "cursor failed");
    }
    return MG_OK;
}

mg_code mg_prefetch(mg_txn *t, mg_id p, const mg_id *subjects, size_t n,
                    mg_status *st)
{
    NEED_STATUS(st);
    return t->be->prefetch && n ? t->be->prefetch(t, p, subjects, n, st)
                                : MG_OK;
}

mg_code mg_term_intern(mg_txn *t, const mg_term *term, mg_id *out,
                       mg_status *st)
{
    NEED_STATUS(st);
    return t->be->term_intern(t, term, out, st);
}

mg_code mg_term_lookup(mg_txn *t, const mg_term *term, mg_id *out,
                       mg_status *st)
{
    NEED_STATUS(st);
    return t->be->term_lookup(t, term, out, st);
}

mg_code mg_term_get(mg_txn *t, mg_id id, mg_term *out, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->term_get(t, id, out, st);
}

uint64_t mg_term_count(mg_txn *t) { return t->be->term_count(t); }

mg_code mg_quad_add(mg_txn *t, const mg_quad *q, int *added, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->quad_add(t, q, added, st);
}

mg_code mg_quad_remove(mg_txn *t, const mg_quad *q, int *removed,
                       mg_status *st)
{
    NEED_STATUS(st);
    return t->be->quad_remove(t, q, removed, st);
}

mg_code mg_graph_drop(mg_txn *t, mg_id g, uint64_t *count, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->graph_drop(t, g, count, st);
}

mg_code mg_cursor_open(mg_txn *t, const mg_quad *pattern, int flags,
                       mg_cursor **out, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->cursor_open(t, pattern, flags, out, st);
}

int mg_cursor_next(mg_cursor *c, mg_quad *q, mg_status *st)
{
    NEED_STATUS(st);
    return c->be->cursor_next(c, q, st);
}

void mg_cursor_close(mg_cursor *c)
{
    if (c)
        c->be->cursor_close(c);
}

const char *mg_cursor_index(const mg_cursor *c)
{
    return c->be->cursor_index(c);
}

mg_code mg_terms_intern_bulk(mg_txn *t, const mg_term *terms, size_t n,
                             mg_id *ids, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->terms_intern_bulk(t, terms, n, ids, st);
}

mg_code mg_quads_add_bulk(mg_txn *t, mg_quad *q, size_t n, size_t *kept,
                          uint64_t *added, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->quads_add_bulk(t, q, n, kept, added, st);
}

mg_code mg_store_counts(mg_txn *t, mg_counts *out, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->store_counts(t, out, st);
}

uint64_t mg_graph_size(mg_txn *t, mg_id g) { return t->be->graph_size(t, g); }

uint64_t mg_stat_predicate(mg_txn *t, mg_id p)
{
    uint64_t n = 0;
    t->be->stat_predicate_ex(t, p, &n, NULL, NULL);
    return n;
}

void mg_stat_predicate_ex(mg_txn *t, mg_id p, uint64_t *triples,
                          uint64_t *subjects, uint64_t *objects)
{
    t->be->stat_predicate_ex(t, p, triples, subjects, objects);
}

uint64_t mg_stat_class(mg_txn *t, mg_id c) { return t->be->stat_class(t, c); }

mg_code mg_stat_each(mg_txn *t, char kind, mg_stat_fn fn, void *ctx,
                     mg_status *st)
{
    NEED_STATUS(st);
    return t->be->stat_each(t, kind, fn, ctx, st);
}

mg_code mg_store_check(mg_txn *t, mg_status *st)
{
    NEED_STATUS(st);
    return t->be->store_check(t, st);
}

mg_code mg_text_search(mg_txn *t, const char *needle, size_t len,
                       mg_id_fn fn, void *ctx, mg_status *st)
{
    if (!t->be->text_search)
        return MG_ERR_UNSUPPORTED;
    NEED_STATUS(st);
    return t->be->text_search(t, needle, len, fn, ctx, st);
}

int mg_join_supported(mg_txn *t)
{
    return t->be->join_prepare != NULL;
}

mg_code mg_join_prepare(mg_txn *t, const mg_join *j, char **form,
                        mg_status *st)
{
    *form = NULL;
    if (!t->be->join_prepare)
        return MG_ERR_UNSUPPORTED;
    NEED_STATUS(st);
    return t->be->join_prepare(t, j, form, st);
}

mg_code mg_join_open(mg_txn *t, const char *form, const mg_id *in,
                     size_t nin, size_t nout, double timeout,
                     mg_join_cursor **out, mg_status *st)
{
    *out = NULL;
    if (!t->be->join_open)
        return MG_ERR_UNSUPPORTED;
    NEED_STATUS(st);
    return t->be->join_open(t, form, in, nin, nout, timeout, out, st);
}

int mg_join_next(mg_join_cursor *c, mg_id *out, mg_status *st)
{
    NEED_STATUS(st);
    return c->be->join_next(c, out, st);
}

void mg_join_close(mg_join_cursor *c)
{
    if (c)
        c->be->join_close(c);
}
