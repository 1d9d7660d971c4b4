/*
 * api_sparql.c — /sparql: the SPARQL 1.1 Protocol (query operation only)
 * answered by rasqal through librdf on the same store (store/sparql.h).
 *   GET  /sparql?query=Q
 *   POST /sparql  application/x-www-form-urlencoded  query=Q
 *   POST /sparql  application/sparql-query           body = Q
 * SELECT and ASK: SPARQL JSON (default), XML, CSV or TSV by Accept;
 * CONSTRUCT and DESCRIBE: Turtle (default), N-Triples or RDF/XML.
 * Dataset arguments (default-graph-uri, named-graph-uri) are refused with
 * 400 (write FROM / FROM NAMED in the query), updates too (use /data).
 */
#include <string.h>

#include "serve/serve_internal.h"
#include "store/sparql.h"

void mg_api_sparql(mg_req *rq, mg_db *db, mg_resp *rs)
{
    static const char *const row_offers[] = {
        "application/sparql-results+json", "application/sparql-results+xml",
        "text/csv", "text/tab-separated-values", "application/json",
        "application/xml", "text/plain"};
    static const char *const row_names[] = {"json", "xml", "csv", "tsv",
                                            NULL, NULL, "table"};
    static const mg_results_format row_formats[] = {
        MG_RESULTS_JSON, MG_RESULTS_XML, MG_RESULTS_CSV, MG_RESULTS_TSV,
        MG_RESULTS_JSON, MG_RESULTS_XML, MG_RESULTS_TABLE};
    static const char *const graph_offers[] = {
        "text/turtle", "application/n-triples", "application/rdf+xml",
        "text/plain", "application/x-turtle"};
    static const char *const graph_names[] = {"turtle", "ntriples", "rdfxml",
                                              NULL, NULL};
    static const char *const graph_syntax[] = {"turtle", "ntriples",
                                               "rdfxml-abbrev", "ntriples",
                                               "turtle"};
    const char *text = mg_kvs_get(&rq->args, "query");
    if (strcmp(rq->method, "POST") == 0 &&
        strcmp(rq->ctype, "application/sparql-query") == 0)
        text = rq->body;
    else if (strcmp(rq->method, "POST") == 0 &&
             strcmp(rq->ctype, "application/x-www-form-urlencoded") != 0) {
        mg_resp_error(rs, 415, "unsupported_media_type",
                      "POST /sparql takes application/x-www-form-urlencoded "
                      "(query=...) or application/sparql-query, not '%s'",
                      rq->ctype[0] ? rq->ctype : "no Content-Type");
        return;
    }
    if (mg_kvs_get(&rq->args, "update")) {
        mg_resp_error(rs, 400, "bad_request",
                      "SPARQL Update is not offered here: write graphs with "
                      "the Graph Store protocol at /data");
        return;
    }
    if (mg_kvs_get(&rq->args, "default-graph-uri") ||
        mg_kvs_get(&rq->args, "named-graph-uri")) {
        mg_resp_error(rs, 400, "bad_request",
                      "default-graph-uri and named-graph-uri are not supported: "
                      "name the graphs with FROM / FROM NAMED in the query");
        return;
    }
    if (!text || !*text) {
        mg_resp_error(rs, 400, "bad_request",
                      "no query: GET /sparql?query=..., or POST query=... "
                      "(form) or the query itself (application/sparql-query)");
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    mg_sparql *q = NULL;
    if (mg_sparql_start(db, text, mg_req_timeout(rq), &q, &st) != MG_OK) {
        mg_resp_fail(rs, &st);
        return;
    }
    int graph = mg_sparql_kind_of(q) == MG_SPARQL_GRAPH;
    int f = graph ? mg_resp_negotiate(rq, rs, graph_offers, graph_names, 5)
                  : mg_resp_negotiate(rq, rs, row_offers, row_names, 7);
    if (f >= 0) {
        int truncated = 0;
        mg_code rc = mg_sparql_write(q, rs->out, graph ? MG_RESULTS_JSON : row_formats[f],
                                     graph ? graph_syntax[f] : NULL,
                                     mg_req_max_rows(rq), &truncated, &st);
        if (rc != MG_OK) {
            mg_resp_fail(rs, &st);
        } else {
            const char *ct = graph ? graph_offers[f] : row_offers[f];
            snprintf(rs->ctype, sizeof rs->ctype, "%s; charset=utf-8", ct);
            mg_resp_header(rs, "X-Maillage-Truncated", truncated ? "true" : "false");
            mg_resp_header(rs, "Access-Control-Allow-Origin", "*");
        }
    }
    mg_sparql_free(q);
}
