/*
 * api_data.c — /data: the SPARQL 1.1 Graph Store HTTP Protocol (indirect
 * graph identification).  ?graph=IRI names a graph, ?default the default
 * graph (urn:maillage:default in our store).
 *   GET     the graph as Turtle (default), N-Triples, RDF/XML, JSON-LD,
 *           N-Quads or TriG (export/export.h); 404 if it holds nothing
 *   PUT     replaces the graph with the body: 201 if it was new, else 204
 *   POST    adds the body to the graph (201 new / 204); without ?graph or
 *           ?default, into a new graph: 201 with its Location
 *   DELETE  drops the graph: 204, or 404 if it holds nothing
 * Bodies are parsed whole by the loader (load/load.h) before anything is
 * written: a syntax error is a 400 naming the line and column, and the
 * store is unchanged.  Writes are refused with 403 under --read-only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/json.h"
#include "export/export.h"
#include "load/load.h"
#include "serve/serve_internal.h"
#include "store/librdf_storage.h"

/* The number of statements in graph `iri` (0: absent or empty). */
static long graph_size(mg_db *db, const char *iri)
{
    librdf_node *g = librdf_new_node_from_uri_string(db->world,
                                                     (const unsigned char *)iri);
    long n = 0;
    librdf_stream *s = g ? librdf_model_context_as_stream(db->model, g) : NULL;
    for (; s && !librdf_stream_end(s); librdf_stream_next(s))
        n++;
    if (s)
        librdf_free_stream(s);
    if (g)
        librdf_free_node(g);
    return n;
}

static void get_graph(mg_req *rq, mg_db *db, mg_resp *rs, const char *iri)
{
    static const char *const offers[] = {
        "text/turtle", "application/n-triples", "application/rdf+xml",
        "application/ld+json", "application/n-quads", "application/trig",
        "application/x-turtle", "text/plain"};
    static const char *const names[] = {"turtle", "ntriples", "rdfxml", "jsonld",
                                        "nquads", "trig", NULL, NULL};
    static const char *const formats[] = {"turtle", "ntriples", "rdfxml", "jsonld",
                                          "nquads", "trig", "turtle", "ntriples"};
    const char *fmt = mg_kvs_get(&rq->args, "format");
    int f = -1;
    mg_status st;
    mg_status_clear(&st);
    if (fmt && *fmt) { /* the CLI's names and aliases: ttl, nt, ... */
        mg_export_format ef;
        if (mg_export_format_from_name(fmt, &ef, &st) != MG_OK) {
            mg_resp_fail(rs, &st);
            return;
        }
        for (int i = 0; i < 6; i++)
            if (strcmp(names[i], mg_export_format_name(ef)) == 0)
                f = i;
    } else {
        f = mg_resp_negotiate(rq, rs, offers, names, 8);
    }
    if (f < 0)
        return;
    mg_export_opts eo = {0};
    eo.format = formats[f];
    eo.graph = iri;
    if (mg_export(db, rs->out, &eo, &st) != MG_OK) {
        mg_resp_fail(rs, &st);
        return;
    }
    snprintf(rs->ctype, sizeof rs->ctype, "%s; charset=utf-8", offers[f]);
}

static void delete_graph(mg_db *db, mg_resp *rs, const char *iri)
{
    if (graph_size(db, iri) == 0) {
        mg_resp_error(rs, 404, "not_found", "no graph <%s> in the store", iri);
        return;
    }
    librdf_node *g = librdf_new_node_from_uri_string(db->world,
                                                     (const unsigned char *)iri);
    int tx = librdf_model_transaction_start(db->model) == 0;
    mg_world_clear_error(db->world);
    if (!g || librdf_model_context_remove_statements(db->model, g) != 0 ||
        (tx && librdf_model_transaction_commit(db->model) != 0)) {
        if (tx)
            librdf_model_transaction_rollback(db->model);
        mg_resp_error(rs, 500, "store", "cannot drop <%s>: %s", iri,
                      mg_world_last_error(db->world));
    } else {
        rs->status = 204;
    }
    if (g)
        librdf_free_node(g);
}

/* The loader's format for a body's media type, or NULL. */
static const char *body_format(const char *ctype)
{
    static const char *const map[][2] = {
        {"text/turtle", "turtle"}, {"application/x-turtle", "turtle"},
        {"application/n-triples", "ntriples"}, {"text/plain", "ntriples"},
        {"application/rdf+xml", "rdfxml"}, {NULL, NULL}};
    for (int i = 0; map[i][0]; i++)
        if (strcmp(ctype, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* PUT (replace) or POST (append): the body through the loader. */
static void write_graph(mg_req *rq, mg_db *db, mg_resp *rs, const char *iri,
                        int append, int created_iri)
{
    const char *fmt = body_format(rq->ctype);
    if (!fmt) {
        mg_resp_error(rs, 415, "unsupported_media_type",
                      "a graph body must be text/turtle, application/n-triples "
                      "or application/rdf+xml, not '%s'",
                      rq->ctype[0] ? rq->ctype : "no Content-Type");
        return;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/maillage-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        mg_resp_error(rs, 500, "internal", "cannot make a temporary directory: %s",
                      strerror(errno));
        return;
    }
    snprintf(path, sizeof path, "%s/body.%s", dir,
             strcmp(fmt, "turtle") == 0 ? "ttl" : strcmp(fmt, "ntriples") == 0 ? "nt" : "rdf");
    FILE *f = fopen(path, "wb");
    int bad = !f || (rq->body_len && fwrite(rq->body, 1, rq->body_len, f) != rq->body_len);
    if (f && fclose(f) != 0)
        bad = 1;
    long before = created_iri ? 0 : graph_size(db, iri);
    mg_status st;
    mg_status_clear(&st);
    mg_code rc = bad ? mg_fail(&st, MG_ERR_IO, "cannot keep the request body: %s",
                               strerror(errno))
                     : MG_OK;
    if (rc == MG_OK) {
        mg_load_opts lo = {0};
        lo.graph = iri;
        lo.append = append;
        lo.format = fmt;
        lo.base = iri;
        const char *paths[1] = {path};
        rc = mg_load_files(db, paths, 1, &lo, NULL, &st);
    }
    unlink(path);
    rmdir(dir);
    if (rc != MG_OK) {
        /* name the body, not the temporary file */
        size_t dl = strlen(dir);
        if (strncmp(st.msg, dir, dl) == 0 && st.msg[dl] == '/')
            memmove(st.msg, st.msg + dl + 1, strlen(st.msg + dl + 1) + 1);
        mg_resp_fail(rs, &st);
        return;
    }
    rs->status = before > 0 ? 204 : 201;
    if (created_iri) {
        char loc[600];
        snprintf(loc, sizeof loc, "%s/data?graph=%s", rq->base_url, iri);
        mg_resp_header(rs, "Location", loc);
    }
    if (rs->status == 201) {
        snprintf(rs->ctype, sizeof rs->ctype, "application/json");
        fputs("{\"created\": ", rs->out);
        mg_json_string(rs->out, iri, strlen(iri), 0);
        fputs("}\n", rs->out);
    }
}

void mg_api_data(mg_req *rq, mg_db *db, mg_resp *rs)
{
    const char *graph = mg_kvs_get(&rq->args, "graph");
    int dflt = mg_kvs_get(&rq->args, "default") != NULL;
    int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    if (graph && dflt) {
        mg_resp_error(rs, 400, "bad_request", "give ?graph=IRI or ?default, not both");
        return;
    }
    if (graph && (!*graph || !strchr(graph, ':') || strpbrk(graph, " <>\"{}|^`\\"))) {
        mg_resp_error(rs, 400, "bad_request", "?graph='%s' is not an absolute IRI",
                      graph);
        return;
    }
    if (!get && rq->cfg->readonly) {
        mg_resp_error(rs, 403, "forbidden",
                      "this server is read-only (--read-only): %s is refused",
                      rq->method);
        return;
    }
    const char *iri = dflt ? MG_DEFAULT_GRAPH : graph;
    if (!iri && strcmp(rq->method, "POST") == 0) {
        /* POST to the service: a new graph of the server's naming */
        static unsigned long counter;
        char fresh[128];
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        snprintf(fresh, sizeof fresh, "urn:maillage:graph:%lx-%lx-%lx",
                 (unsigned long)t.tv_sec, (unsigned long)t.tv_nsec,
                 __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
        write_graph(rq, db, rs, fresh, 1, 1);
        return;
    }
    if (!iri) {
        mg_resp_error(rs, 400, "bad_request",
                      "name the graph: /data?graph=IRI or /data?default");
        return;
    }
    if (get)
        get_graph(rq, db, rs, iri);
    else if (strcmp(rq->method, "DELETE") == 0)
        delete_graph(db, rs, iri);
    else
        write_graph(rq, db, rs, iri, strcmp(rq->method, "POST") == 0, 0);
}
