/*
 * commit.c — mg_quadbuf → model, and the two load entry points
 * (mg_load_files, mg_load_text) that parse everything first and write
 * only when every input parsed.
 *
 * The write is one librdf transaction when the storage supports them
 * (our LMDB module: all or nothing); storages without transactions (the
 * hashes store) are written directly.  Replaced graphs are emptied with
 * librdf_model_context_remove_statements once per call, before any add.
 * Adding to our own store takes the bulk path instead (bulk.c): same
 * transaction and results, no librdf call per statement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/failpoint.h"
#include "load/load_internal.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The librdf node of buffered term `t`, made once and cached (the cache
 * owns it; callers copy). */
static librdf_node *node_for(librdf_world *w, const mg_quadbuf *qb,
                             librdf_node **cache, uint32_t t)
{
    if (cache[t])
        return cache[t];
    mg_term term;
    mg_qb_term(qb, t, &term);
    const unsigned char *v = (const unsigned char *)term.value;
    librdf_node *n = NULL;
    switch (term.kind) {
    case MG_TERM_IRI: n = librdf_new_node_from_uri_string(w, v); break;
    case MG_TERM_BLANK: n = librdf_new_node_from_blank_identifier(w, v); break;
    case MG_TERM_LITERAL:
        if (term.datatype) {
            librdf_uri *dt =
                librdf_new_uri(w, (const unsigned char *)term.datatype);
            if (dt)
                n = librdf_new_node_from_typed_counted_literal(
                    w, v, term.len, NULL, 0, dt);
            librdf_free_uri(dt);
        } else {
            n = librdf_new_node_from_typed_counted_literal(
                w, v, term.len, term.lang,
                term.lang ? strlen(term.lang) : 0, NULL);
        }
        break;
    }
    cache[t] = n;
    return n;
}

/* Quad hash for finding duplicates within the buffer. */
static uint64_t quad_hash(const uint32_t *q)
{
    return mg_fnv1a64(MG_FNV_OFFSET, q, 4 * sizeof *q);
}

/*
 * Marks in dup[] every quad that repeats an earlier one, so each distinct
 * quad is written once: storages other than ours (the hashes store) keep
 * duplicates.  Returns -1 when out of memory.
 */
static int find_duplicates(const mg_quadbuf *qb, unsigned char *dup)
{
    size_t cap = 16;
    while (cap < qb->nquads * 2)
        cap *= 2;
    uint32_t *set = calloc(cap, sizeof *set);
    if (!set)
        return -1;
    for (size_t i = 0; i < qb->nquads; i++) {
        const uint32_t *q = qb->quads + i * 4;
        size_t j = quad_hash(q) & (cap - 1);
        for (;; j = (j + 1) & (cap - 1)) {
            if (!set[j]) {
                set[j] = (uint32_t)i + 1;
                break;
            }
            if (memcmp(qb->quads + (size_t)(set[j] - 1) * 4, q,
                       4 * sizeof *q) == 0) {
                dup[i] = 1;
                break;
            }
        }
    }
    free(set);
    return 0;
}

/* Is the statement already in graph g?  (Only asked of foreign storages
 * when adding without replacing; ours ignores a quad it holds.) */
static int model_has(librdf_model *m, librdf_node *g, librdf_statement *s)
{
    librdf_stream *str = librdf_model_find_statements_in_context(m, s, g);
    int found = str && !librdf_stream_end(str);
    if (str)
        librdf_free_stream(str);
    return found;
}

static mg_code store_fail(mg_db *db, mg_status *st, const char *what)
{
    const char *why = mg_world_last_error(db->world);
    return mg_fail(st, MG_ERR_STORE, "%s failed%s%s", what, *why ? ": " : "",
                   why);
}

/*
 * Writes the buffer: with `replace`, first empties every graph the buffer
 * writes to and every input's file graph; then adds (or with `remove`
 * removes) each quad.  *changed is how much the store grew or shrank
 * (from librdf_model_size when the storage knows it, else the number of
 * quads written); *dropped how much replacing graphs removed first;
 * *ngraphs the number of distinct graphs touched.
 */
static mg_code write_quads(mg_db *db, const mg_quadbuf *qb, int replace,
                           int remove, uint64_t *changed, uint64_t *dropped,
                           size_t *ngraphs, mg_status *st)
{
    if (!remove && mg_bulk_enabled(db))
        return mg_bulk_write(db, qb, replace, changed, dropped, ngraphs, st);
    librdf_world *w = db->world;
    librdf_model *m = db->model;
    if (db->readonly)
        return mg_fail(st, MG_ERR_ARG, "the store is open read-only");
    librdf_node **cache = calloc(qb->nterms ? qb->nterms : 1, sizeof *cache);
    unsigned char *graph = calloc(qb->nterms ? qb->nterms : 1, 1);
    unsigned char *dup = calloc(qb->nquads ? qb->nquads : 1, 1);
    if (!cache || !graph || !dup || find_duplicates(qb, dup) != 0) {
        free(cache);
        free(graph);
        free(dup);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    mg_world_clear_error(w);
    int txn = librdf_model_transaction_start(m) == 0;
    mg_code rc = MG_OK;
    size_t ng = 0;
    int initial = replace ? librdf_model_size(m) : -1;

    for (size_t i = 0; i < qb->nquads; i++)
        graph[qb->quads[i * 4]] = 1;
    if (replace)
        for (size_t i = 0; i < qb->nfg; i++)
            graph[qb->fgraphs[i]] = 1;
    for (uint32_t t = 0; t < qb->nterms && rc == MG_OK; t++) {
        if (!graph[t])
            continue;
        ng++;
        if (!replace)
            continue;
        librdf_node *g = node_for(w, qb, cache, t);
        if (!g)
            rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
        else if (librdf_model_context_remove_statements(m, g) != 0)
            rc = store_fail(db, st, "emptying a replaced graph");
    }

    int before = librdf_model_size(m);
    uint64_t written = 0;
    int check = !replace && !remove && !db->native;
    for (size_t i = 0; i < qb->nquads && rc == MG_OK; i++) {
        if (dup[i])
            continue;
        const uint32_t *q = qb->quads + i * 4;
        librdf_node *n[4];
        for (int k = 0; k < 4; k++)
            n[k] = node_for(w, qb, cache, q[k]);
        if (!n[0] || !n[1] || !n[2] || !n[3]) {
            rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
            break;
        }
        librdf_statement *s = librdf_new_statement_from_nodes(
            w, librdf_new_node_from_node(n[1]), librdf_new_node_from_node(n[2]),
            librdf_new_node_from_node(n[3]));
        if (!s) {
            rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
            break;
        }
        if (remove) {
            /* Removing a quad that is not there is not an error (some
             * storages report it as one). */
            if (librdf_model_context_remove_statement(m, n[0], s) == 0)
                written++;
        } else if (check && model_has(m, n[0], s)) {
            /* already there */
        } else if (librdf_model_context_add_statement(m, n[0], s) == 0) {
            written++;
        } else {
            rc = store_fail(db, st, "adding a statement");
        }
        librdf_free_statement(s);
    }
    int after = rc == MG_OK ? librdf_model_size(m) : -1;

    if (rc == MG_OK && txn && librdf_model_transaction_commit(m) != 0)
        rc = store_fail(db, st, "committing the load");
    else if (rc != MG_OK && txn)
        librdf_model_transaction_rollback(m);

    for (uint32_t t = 0; t < qb->nterms; t++)
        if (cache[t])
            librdf_free_node(cache[t]);
    free(cache);
    free(graph);
    free(dup);
    if (rc == MG_OK) {
        if (changed)
            *changed = (before >= 0 && after >= 0)
                           ? (uint64_t)(after > before ? after - before
                                                       : before - after)
                           : written;
        if (ngraphs)
            *ngraphs = ng;
        if (dropped)
            *dropped = (initial >= 0 && before >= 0 && initial > before)
                           ? (uint64_t)(initial - before)
                           : 0;
    }
    return rc;
}

mg_code mg_load_files(mg_db *db, const char *const *paths, size_t n,
                      const mg_load_opts *opts, mg_load_report *rep,
                      mg_status *st)
{
    static const mg_load_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    double t0 = now_seconds();
    if (rep)
        memset(rep, 0, sizeof *rep);
    if (n == 0)
        return mg_fail(st, MG_ERR_ARG, "no files to load");
    mg_quadbuf *qb = mg_quadbuf_new();
    if (!qb)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_code rc = MG_OK;
    for (size_t i = 0; i < n && rc == MG_OK; i++)
        rc = mg_parse_file(db->world, paths[i], opts, qb, st);
    uint64_t added = 0, removed = 0;
    size_t ng = 0;
    if (rc == MG_OK)
        rc = MG_FAILPOINT("begin", st);
    if (rc == MG_OK)
        rc = write_quads(db, qb, !opts->append, 0, &added, &removed, &ng, st);
    if (rc == MG_OK && rep) {
        rep->files = n;
        rep->parsed = qb->nquads;
        rep->added = added;
        rep->removed = removed;
        rep->graphs = ng;
        rep->seconds = now_seconds() - t0;
    }
    mg_quadbuf_free(qb);
    return rc;
}

mg_code mg_load_text(mg_db *db, const char *turtle, const char *graph,
                     int remove, uint64_t *changed, mg_status *st)
{
    if (changed)
        *changed = 0;
    if (!graph || !*graph)
        return mg_fail(st, MG_ERR_ARG, "%s needs a graph (--graph IRI)",
                       remove ? "remove" : "add");
    if (!turtle)
        return mg_fail(st, MG_ERR_ARG, "no Turtle text given");
    char *base = mg_cwd_base();
    mg_quadbuf *qb = mg_quadbuf_new();
    mg_code rc = MG_OK;
    if (!base || !qb) {
        rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
    } else {
        mg_parse_src src = {.data = turtle,
                            .len = strlen(turtle),
                            .display = "<argument>",
                            .label = "<argument>",
                            .format = "turtle",
                            .graph = graph,
                            .base = base,
                            .progress = 0};
        rc = mg_parse_buffer(&src, qb, st);
        if (rc == MG_OK)
            rc = MG_FAILPOINT("begin", st);
        if (rc == MG_OK)
            rc = write_quads(db, qb, 0, remove, changed, NULL, NULL, st);
    }
    mg_quadbuf_free(qb);
    free(base);
    return rc;
}
