/*
 * push.c — `maillage push` (remote.h, mg_remote_push): each graph of the
 * store serialized by our exporter into memory, then sent with the Graph
 * Store HTTP Protocol, one request per graph.
 *
 * Owns: per graph, the serialization (an open_memstream buffer); the
 * list of the store's graph IRIs for the call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "remote/remote.h"

/* Where our LMDB storage keeps the default graph (export.h). */
#define DEFAULT_GRAPH "urn:maillage:default"

typedef struct names {
    char **v;
    size_t n;
} names;

static void names_free(names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static int by_iri(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The store's graphs, sorted. */
static mg_code store_graphs(mg_db *db, names *out, mg_status *st)
{
    librdf_iterator *it = librdf_model_get_contexts(db->model);
    size_t cap = 0;
    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
        librdf_node *g = librdf_iterator_get_object(it);
        if (!g || !librdf_node_is_resource(g))
            continue;
        const char *iri =
            (const char *)librdf_uri_as_string(librdf_node_get_uri(g));
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nv = realloc(out->v, cap * sizeof *nv);
            if (!nv)
                break;
            out->v = nv;
        }
        if (!(out->v[out->n] = strdup(iri)))
            break;
        out->n++;
    }
    int done = !it || librdf_iterator_end(it);
    if (it)
        librdf_free_iterator(it);
    if (!done) {
        names_free(out);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    qsort(out->v, out->n, sizeof *out->v, by_iri);
    return MG_OK;
}

static unsigned long long count_lines(const char *s, size_t n)
{
    unsigned long long k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '\n';
    return k;
}

/* graph: the store's graph to send (NULL: the union of all); target:
 * where it goes (NULL: the endpoint's default graph). */
static mg_code push_one(mg_db *db, const mg_endpoint *ep,
                        const mg_push_opts *o, const char *graph,
                        const char *target, mg_status *st)
{
    int turtle = o->format && strcmp(o->format, "turtle") == 0;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_export_opts eo = {turtle ? "turtle" : "ntriples", graph};
    mg_code rc = mg_export(db, mem, &eo, st);
    if (fclose(mem) != 0 && rc == MG_OK)
        rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_push_report r = {0};
    r.graph = target;
    r.bytes = len;
    r.triples = turtle ? 0 : count_lines(buf, len);
    if (rc == MG_OK)
        rc = mg_remote_graph_send(ep, r.graph, o->append,
                                  turtle ? "text/turtle" : "application/n-triples",
                                  buf, len, &r.status, st);
    if (rc != MG_OK)
        mg_status_prefix(st, "graph %s", graph ? graph : "(union)");
    if (o->report && (rc == MG_OK || r.status))
        o->report(o->ctx, &r);
    free(buf);
    return rc;
}

static const char *target_of(const char *graph)
{
    return strcmp(graph, DEFAULT_GRAPH) == 0 ? NULL : graph;
}

mg_code mg_remote_push(mg_db *db, const mg_endpoint *ep,
                       const mg_push_opts *o, mg_status *st)
{
    if (o->format && strcmp(o->format, "turtle") != 0 &&
        strcmp(o->format, "ntriples") != 0)
        return mg_fail(st, MG_ERR_ARG,
                       "push sends ntriples or turtle, not '%s'", o->format);
    names have = {0};
    MG_TRY(store_graphs(db, &have, st));
    mg_code rc = MG_OK;
    /* Every --graph first: a misspelt one sends nothing. */
    for (size_t i = 0; rc == MG_OK && i < o->ngraphs; i++) {
        const char *key = o->graphs[i];
        if (!bsearch(&key, have.v, have.n, sizeof *have.v, by_iri))
            rc = mg_fail(st, MG_ERR_NOT_FOUND,
                         "the store has no graph <%s> (maillage graphs)", key);
    }
    if (rc == MG_OK && (o->all || o->union_graph) && have.n == 0)
        rc = mg_fail(st, MG_ERR_NOT_FOUND, "the store has no graph to push");
    if (rc == MG_OK && o->union_graph) {
        rc = push_one(db, ep, o, NULL, o->union_graph, st);
        names_free(&have);
        return rc;
    }
    for (size_t i = 0; rc == MG_OK && o->all && i < have.n; i++)
        rc = push_one(db, ep, o, have.v[i], target_of(have.v[i]), st);
    for (size_t i = 0; rc == MG_OK && !o->all && i < o->ngraphs; i++)
        rc = push_one(db, ep, o, o->graphs[i], target_of(o->graphs[i]), st);
    names_free(&have);
    return rc;
}
