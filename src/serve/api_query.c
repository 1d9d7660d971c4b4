/*
 * api_query.c — the query language over HTTP: /query (rows as SPARQL
 * JSON results, CSV, TSV, NDJSON or a text table, through
 * output/results.h), /explain, /search (accent-insensitive names), and
 * /health, /stats.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/json.h"
#include "query/engine.h"
#include "serve/serve_internal.h"
#include "store/librdf_storage.h"

/* ---- rows into a results writer ------------------------------------------- */

typedef struct rows_ctx {
    FILE *out;
    mg_results_format format;
    mg_results *w;
    uint64_t rows;
    int plan; /* EXPLAIN/PROFILE text lines seen */
} rows_ctx;

static mg_code on_columns(void *vctx, const char *const *names, int n,
                          mg_status *st)
{
    rows_ctx *c = vctx;
    return mg_results_new(c->out, c->format, names, n, &c->w, st);
}

static mg_code on_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    rows_ctx *c = vctx;
    c->rows++;
    return mg_results_row(c->w, cells, st);
}

static mg_code on_text(void *vctx, const char *line, mg_status *st)
{
    rows_ctx *c = vctx;
    (void)st;
    c->plan++;
    fputs(line, c->out);
    fputc('\n', c->out);
    return MG_OK;
}

/* The $name parameters of a request: "$NAME" arguments, and every other
 * argument that is not an option of the endpoint.  Borrowed strings. */
static mg_param *request_params(const mg_req *rq, size_t *n)
{
    static const char *const reserved[] = {"query", "format", "timeout",
                                           "max_rows", "q", NULL};
    mg_param *p = calloc(rq->args.n + 1, sizeof *p);
    *n = 0;
    if (!p)
        return NULL;
    for (size_t i = 0; i < rq->args.n; i++) {
        const char *k = rq->args.v[i].key;
        int skip = 0;
        for (int r = 0; reserved[r]; r++)
            skip |= strcmp(k, reserved[r]) == 0;
        if (skip || !*k)
            continue;
        p[*n].name = k[0] == '$' ? k + 1 : k;
        p[*n].value = rq->args.v[i].value;
        (*n)++;
    }
    return p;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Runs `text` with the request's parameters and limits into rs. */
static void run_query(mg_req *rq, mg_db *db, mg_resp *rs, const char *text,
                      mg_results_format format, const char *ctype)
{
    size_t nparams = 0;
    mg_param *params = request_params(rq, &nparams);
    if (!params) {
        mg_resp_error(rs, 500, "out_of_memory", "out of memory");
        return;
    }
    int truncated = 0;
    mg_query_opts qo = {0};
    qo.params = params;
    qo.nparams = nparams;
    qo.timeout = mg_req_timeout(rq);
    qo.row_cap = mg_req_max_rows(rq);
    qo.truncated = &truncated;
    rows_ctx c = {rs->out, format, NULL, 0, 0};
    mg_row_sink sink = {&c, on_columns, on_row, on_text};
    mg_status st;
    mg_status_clear(&st);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mg_code rc = mg_query_exec(db, text, &qo, &sink, &st);
    if (c.w) {
        if (rc == MG_OK)
            rc = mg_results_finish(c.w, &st);
        else
            mg_results_free(c.w);
    }
    double secs = seconds_since(&t0);
    free(params);
    if (rc == MG_ERR_NOT_FOUND) {
        /* an unknown class or property in the query is the request's
         * mistake (400), not a missing resource */
        mg_resp_error(rs, 400, "unknown_name", "%s", st.msg);
        return;
    }
    if (rc != MG_OK) {
        mg_resp_fail(rs, &st);
        return;
    }
    snprintf(rs->ctype, sizeof rs->ctype, "%s", c.w ? ctype : "text/plain; charset=utf-8");
    char v[64];
    snprintf(v, sizeof v, "%llu", (unsigned long long)c.rows);
    mg_resp_header(rs, "X-Maillage-Rows", v);
    snprintf(v, sizeof v, "%.6f", secs);
    mg_resp_header(rs, "X-Maillage-Seconds", v);
    mg_resp_header(rs, "X-Maillage-Truncated", truncated ? "true" : "false");
}

static const char *query_text(mg_req *rq, mg_resp *rs)
{
    const char *q = mg_kvs_get(&rq->args, "query");
    if (!q && rq->body && strcmp(rq->ctype, "text/plain") == 0)
        q = rq->body;
    if (!q || !*q) {
        mg_resp_error(rs, 400, "bad_request",
                      "no query: give it as ?query=..., a form field "
                      "'query', a JSON body {\"query\": ...} or a text/plain body");
        return NULL;
    }
    return q;
}

void mg_api_query(mg_req *rq, mg_db *db, mg_resp *rs)
{
    static const char *const offers[] = {
        "application/sparql-results+json", "application/json", "text/csv",
        "text/tab-separated-values", "application/x-ndjson", "text/plain"};
    static const char *const names[] = {"json", "rows", "csv", "tsv",
                                        "ndjson", "table"};
    static const mg_results_format formats[] = {
        MG_RESULTS_JSON, MG_RESULTS_JSON, MG_RESULTS_CSV, MG_RESULTS_TSV,
        MG_RESULTS_NDJSON, MG_RESULTS_TABLE};
    const char *text = query_text(rq, rs);
    if (!text)
        return;
    int f = mg_resp_negotiate(rq, rs, offers, names, 6);
    if (f < 0)
        return;
    mg_results_format fmt = formats[f];
    if (f == 1 && mg_kvs_get(&rq->args, "format"))
        fmt = MG_RESULTS_JSON_ROWS; /* format=rows: an array of objects */
    char ctype[96];
    snprintf(ctype, sizeof ctype, "%s%s", f == 1 && fmt == MG_RESULTS_JSON ?
             "application/sparql-results+json" : offers[f],
             f >= 2 ? "; charset=utf-8" : "");
    run_query(rq, db, rs, text, fmt, ctype);
}

void mg_api_explain(mg_req *rq, mg_db *db, mg_resp *rs)
{
    const char *text = query_text(rq, rs);
    if (!text)
        return;
    const char *p = text;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    int has = strncasecmp(p, "EXPLAIN", 7) == 0 || strncasecmp(p, "PROFILE", 7) == 0;
    char *full = malloc(strlen(text) + 10);
    if (!full) {
        mg_resp_error(rs, 500, "out_of_memory", "out of memory");
        return;
    }
    sprintf(full, "%s%s", has ? "" : "EXPLAIN ", text);
    run_query(rq, db, rs, full, MG_RESULTS_TABLE, "text/plain; charset=utf-8");
    free(full);
}

/* ---- /search ------------------------------------------------------------- */

/* People, organisations, events, territories and publications whose
 * label, short label, other label or name contains the text, compared
 * by fold() (no case, no accents).  One query per kind, so a store
 * without one of the classes still answers for the others. */
static const char *const search_kinds[][2] = {
    {"foaf:Person", "Person"}, {"org:Organization", "Organization"},
    {"schema:Event", "Event"}, {"mg:Territory", "Territory"},
    {"schema:CreativeWork", "Publication"}, {NULL, NULL}};
static const char search_query[] =
    "MATCH (n:%s) WHERE fold(n.rdfs:label) CONTAINS fold($q) "
    "OR fold(n.skos:prefLabel) CONTAINS fold($q) "
    "OR fold(n.skos:altLabel) CONTAINS fold($q) "
    "OR fold(n.foaf:name) CONTAINS fold($q) "
    "OR fold(n.schema:name) CONTAINS fold($q) "
    "RETURN DISTINCT id(n) AS entity, n.rdfs:label AS label, '%s' AS kind "
    "ORDER BY label LIMIT %llu";

/* The writer is made by the first part; later parts add rows to it. */
static mg_code search_columns(void *vctx, const char *const *names, int n,
                              mg_status *st)
{
    rows_ctx *c = vctx;
    if (c->w)
        return MG_OK;
    return mg_results_new(c->out, c->format, names, n, &c->w, st);
}

void mg_api_search(mg_req *rq, mg_db *db, mg_resp *rs)
{
    static const char *const offers[] = {
        "application/sparql-results+json", "application/json", "text/csv",
        "text/tab-separated-values"};
    static const char *const names[] = {"json", "rows", "csv", "tsv"};
    static const mg_results_format formats[] = {
        MG_RESULTS_JSON, MG_RESULTS_JSON_ROWS, MG_RESULTS_CSV, MG_RESULTS_TSV};
    const char *q = mg_kvs_get(&rq->args, "q");
    if (!q || !*q) {
        mg_resp_error(rs, 400, "bad_request", "no search text: /search?q=TEXT");
        return;
    }
    int f = mg_resp_negotiate(rq, rs, offers, names, 4);
    if (f < 0)
        return;
    uint64_t cap = mg_req_max_rows(rq);
    if (cap > 200)
        cap = 200;
    rows_ctx c = {rs->out, formats[f], NULL, 0, 0};
    mg_row_sink sink = {&c, search_columns, on_row, NULL};
    mg_param p = {"q", q};
    mg_status st;
    mg_status_clear(&st);
    mg_code rc = MG_OK;
    for (int k = 0; rc == MG_OK && search_kinds[k][0]; k++) {
        char text[sizeof search_query + 64];
        snprintf(text, sizeof text, search_query, search_kinds[k][0],
                 search_kinds[k][1], (unsigned long long)cap);
        mg_query_opts qo = {0};
        qo.params = &p;
        qo.nparams = 1;
        qo.timeout = mg_req_timeout(rq);
        rc = mg_query_exec(db, text, &qo, &sink, &st);
        if (rc == MG_ERR_NOT_FOUND) { /* a class the store does not know */
            mg_status_clear(&st);
            rc = MG_OK;
        }
    }
    if (c.w) {
        if (rc == MG_OK)
            rc = mg_results_finish(c.w, &st);
        else
            mg_results_free(c.w);
    } else if (rc == MG_OK) {
        /* no part ran: an empty result with the same columns */
        static const char *const cols[] = {"entity", "label", "kind"};
        mg_results *w;
        rc = mg_results_new(rs->out, formats[f], cols, 3, &w, &st);
        if (rc == MG_OK)
            rc = mg_results_finish(w, &st);
    }
    if (rc != MG_OK) {
        mg_resp_fail(rs, &st);
        return;
    }
    snprintf(rs->ctype, sizeof rs->ctype, "%s", offers[f]);
    char v[32];
    snprintf(v, sizeof v, "%llu", (unsigned long long)c.rows);
    mg_resp_header(rs, "X-Maillage-Rows", v);
}

/* ---- /health, /stats ------------------------------------------------------ */

void mg_api_health(mg_req *rq, mg_db *db, mg_resp *rs)
{
    snprintf(rs->ctype, sizeof rs->ctype, "application/json");
    fputs("{\"status\": \"ok\", \"store\": ", rs->out);
    mg_json_string(rs->out, db->spec, strlen(db->spec), 0);
    fprintf(rs->out, ", \"native\": %s, \"readonly\": %s, \"timeout\": %g, "
                     "\"max_rows\": %llu}\n",
            db->native ? "true" : "false", rq->cfg->readonly ? "true" : "false",
            rq->cfg->timeout, (unsigned long long)rq->cfg->max_rows);
}

void mg_api_stats(mg_req *rq, mg_db *db, mg_resp *rs)
{
    (void)rq;
    mg_status st;
    mg_status_clear(&st);
    snprintf(rs->ctype, sizeof rs->ctype, "application/json");
    if (db->native) {
        mg_txn *txn;
        mg_counts c;
        if (mg_txn_begin(db->native, 0, &txn, &st) != MG_OK) {
            mg_resp_fail(rs, &st);
            return;
        }
        mg_code rc = mg_store_counts(txn, &c, &st);
        if (rc == MG_OK) {
            fprintf(rs->out, "{\"triples\": %llu, \"quads\": %llu, \"graphs\": %llu, "
                             "\"terms\": %llu, \"graph_sizes\": {",
                    (unsigned long long)c.triples, (unsigned long long)c.quads,
                    (unsigned long long)c.graphs, (unsigned long long)c.terms);
            librdf_iterator *it = librdf_model_get_contexts(db->model);
            int first = 1;
            while (it && !librdf_iterator_end(it)) {
                librdf_node *g = librdf_iterator_get_object(it);
                if (g && librdf_node_is_resource(g)) {
                    const char *iri =
                        (const char *)librdf_uri_as_string(librdf_node_get_uri(g));
                    mg_term t = {MG_TERM_IRI, iri, strlen(iri), NULL, NULL};
                    mg_id id = 0;
                    mg_status s2;
                    mg_status_clear(&s2);
                    mg_term_lookup(txn, &t, &id, &s2);
                    fputs(first ? "" : ", ", rs->out);
                    mg_json_string(rs->out, iri, strlen(iri), 0);
                    fprintf(rs->out, ": %llu",
                            (unsigned long long)(id ? mg_graph_size(txn, id) : 0));
                    first = 0;
                }
                librdf_iterator_next(it);
            }
            if (it)
                librdf_free_iterator(it);
            fputs("}}\n", rs->out);
        }
        mg_txn_abort(txn);
        if (rc != MG_OK)
            mg_resp_fail(rs, &st);
        return;
    }
    int n = librdf_model_size(db->model);
    fprintf(rs->out, "{\"triples\": %d}\n", n);
}
