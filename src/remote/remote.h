/*
 * remote.h — Maillage as a client of any SPARQL 1.1 endpoint: queries of
 * our language sent as the SPARQL that EXPLAIN prints (query/engine.h,
 * mg_query_sparql) with the answer read back into the same mg_cell rows
 * a local run produces, and graphs uploaded with the SPARQL 1.1 Graph
 * Store HTTP Protocol (`maillage push`).  HTTP is libcurl's.
 *
 * Owns: for the duration of a call, the curl handle and the response
 * body (one buffer, parsed in place and freed before returning); each
 * row's decoded strings until the sink's row() returns.
 * Borrows: the endpoint description, the query text, the sink.
 *
 * Errors: MG_ERR_IO for a transport failure (cannot connect, TLS) or an
 * HTTP status >= 400 (the message has the status and the start of the
 * endpoint's error text); MG_ERR_LIMIT when --timeout passed or when
 * the endpoint says its answer is partial (Virtuoso's X-SQL-State
 * header: an "anytime" query cut short);
 * MG_ERR_SYNTAX when the answer is not SPARQL JSON results; MG_ERR_ARG
 * for a bad option (an unknown --auth, a --header without ':').
 */
#ifndef MG_REMOTE_H
#define MG_REMOTE_H

#include <stddef.h>

#include "core/status.h"
#include "query/engine.h"
#include "store/db.h"

typedef enum mg_auth {
    MG_AUTH_ANY = 0, /* whatever the server offers (curl's CURLAUTH_ANY) */
    MG_AUTH_BASIC,
    MG_AUTH_DIGEST
} mg_auth;

typedef struct mg_endpoint {
    const char *url;            /* the SPARQL or Graph Store endpoint */
    const char *user;           /* NULL: no authentication */
    const char *password;       /* NULL with a user: empty */
    mg_auth auth;
    const char *const *headers; /* extra "Name: value" lines */
    size_t nheaders;
    double timeout;             /* seconds for the whole exchange; 0: none */
    const char *default_graph;  /* queries: the protocol's default-graph-uri
                                   (NULL: the endpoint's default graph) */
    int verbose;                /* what is sent, on stderr */
} mg_endpoint;

/* Parses "basic", "digest" or "any".  MG_ERR_ARG otherwise. */
mg_code mg_auth_parse(const char *name, mg_auth *out, mg_status *st);

/*
 * Sends the SPARQL query `sparql` (form-encoded POST, Accept
 * application/sparql-results+json) and hands the rows to the sink: first
 * columns(columns), then one row per solution with cell i read from the
 * variable vars[i] (unbound: MG_CELL_UNBOUND).  The translation's own
 * forms (src/query/sparql_*.c) are read back as ours prints the values:
 *   - a literal that starts with U+001E is a collect() list: its items,
 *     separated by U+001F, become an MG_CELL_LIST of plain literals;
 *     U+001C instead: a labels() list, its items sorted (byte order);
 *   - companion variables of the column variable V (never a name of
 *     ours: '_' then a lower-case letter): ?_mV = "b", V is a condition,
 *     1 or 0 (Virtuoso's booleans) read as true or false; ?_sV and ?_dV,
 *     V is an avg(): its value is ?_sV / ?_dV as a double, printed as
 *     ours prints a computed double.
 */
mg_code mg_remote_select(const mg_endpoint *ep, const char *sparql,
                         const char *const *columns, const char *const *vars,
                         int ncols, mg_row_sink *sink, mg_status *st);

/*
 * Reads SPARQL 1.1 JSON results from buf[0..len) (results_json.c), with
 * the same mapping to the sink as mg_remote_select.  Strict: malformed
 * JSON, invalid UTF-8, a term without type or value, a boolean result, a
 * column the head does not name, a condition (?_mV) whose value is not
 * 1, 0, true or false, all fail with MG_ERR_SYNTAX and the byte offset.
 */
mg_code mg_sparql_json_read(const char *buf, size_t len,
                            const char *const *columns,
                            const char *const *vars, int ncols,
                            mg_row_sink *sink, mg_status *st);

/*
 * Graph Store HTTP Protocol: sends body[0..len) of `content_type` to
 * URL?graph=IRI (URL?default when graph is NULL) with PUT (replace) or,
 * when `append`, POST (merge).  *status gets the HTTP status (0 when
 * there was no answer); a status >= 400 is a failure.
 */
mg_code mg_remote_graph_send(const mg_endpoint *ep, const char *graph,
                             int append, const char *content_type,
                             const char *body, size_t len, long *status,
                             mg_status *st);

/* What push did for one graph (mg_remote_push's callback). */
typedef struct mg_push_report {
    const char *graph;   /* IRI; NULL for the default graph */
    size_t bytes;        /* the serialization sent */
    unsigned long long triples;
    long status;         /* HTTP status, 0 if none */
} mg_push_report;

typedef struct mg_push_opts {
    const char *const *graphs; /* IRIs to send; NULL/0 with all set */
    size_t ngraphs;
    int all;                   /* every graph of the store */
    const char *union_graph;   /* set: the union of all graphs, as a set
                                  of distinct triples, into this one graph */
    int append;                /* POST instead of PUT */
    const char *format;        /* "ntriples" (default) or "turtle" */
    void (*report)(void *ctx, const mg_push_report *r);
    void *ctx;
} mg_push_opts;

/*
 * Uploads graphs of `db`, one request per graph, each serialized by our
 * exporter (export.h); or, with union_graph, the whole store as the set
 * of its distinct triples in one request (for endpoints whose default
 * graph is the bag of all their graphs, as Virtuoso's).  Stops at the first failure (the graphs before it
 * stay sent).  MG_ERR_NOT_FOUND for a --graph the store does not have.
 */
mg_code mg_remote_push(mg_db *db, const mg_endpoint *ep,
                       const mg_push_opts *opts, mg_status *st);

#endif
