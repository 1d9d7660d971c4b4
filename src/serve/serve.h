/*
 * serve.h — `maillage serve`: the store over HTTP (libmicrohttpd).  The
 * page `/` (the query editor, results, network view, node pages, search),
 * the JSON/CSV API of the query language (/query, /explain, /search,
 * /stats, /health), the SPARQL 1.1 protocol (/sparql, answered by rasqal
 * through librdf, the slow path), the SPARQL 1.1 Graph Store HTTP
 * Protocol (/data), exports (/export), networks (/network/VIEW) and node
 * descriptions (/entity).  See docs/serve.md.
 *
 * Owns: while mg_serve_run runs, the HTTP daemon and its worker threads,
 * the pool of databases they use (pool.h) and every request's state; all
 * freed before it returns.  Borrows: the options and the stop flag.
 *
 * Files:
 *   server.c      the daemon, request bodies, routing, responses
 *   pool.c        one db per worker thread (pool.h)
 *   http.c        content negotiation, form bodies, errors (http.h;
 *                 pure functions, unit-tested)
 *   json_body.c   JSON request bodies (http.h)
 *   api_query.c   /query /explain /search /stats /health
 *   api_sparql.c  /sparql
 *   api_data.c    /data (Graph Store protocol)
 *   api_graph.c   /export /network
 *   entity.c      /entity
 *   page.c        /, its script and style, the tutorial's examples
 */
#ifndef MG_SERVE_H
#define MG_SERVE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/status.h"

typedef struct mg_serve_opts {
    const char *store;  /* a store spec (db.h); NULL = the default */
    const char *bind;   /* address to listen on; NULL = 127.0.0.1 */
    int port;           /* 0 = a free port chosen by the system */
    int readonly;       /* refuse writes (/data PUT, POST, DELETE): 403 */
    double timeout;     /* seconds per query; 0 = MG_SERVE_TIMEOUT */
    uint64_t max_rows;  /* rows per result; 0 = MG_SERVE_MAX_ROWS */
    size_t max_body;    /* bytes of a request body; 0 = MG_SERVE_MAX_BODY */
    int threads;        /* worker threads; 0 = MG_SERVE_THREADS */
} mg_serve_opts;

#define MG_SERVE_TIMEOUT 30.0
#define MG_SERVE_MAX_ROWS 10000u
#define MG_SERVE_MAX_BODY (16u * 1024u * 1024u)
#define MG_SERVE_THREADS 4

/*
 * Opens the store, starts listening, writes one line
 * "maillage: serving STORE at http://HOST:PORT/" to `announce` (flushed:
 * with port 0 it names the port chosen), and serves until *stop becomes
 * non-zero (a signal handler sets it); then stops accepting, finishes the
 * requests in progress and closes everything.  MG_ERR_IO when the address
 * cannot be bound, the store's errors when it cannot be opened.
 */
mg_code mg_serve_run(const mg_serve_opts *opts, volatile sig_atomic_t *stop,
                     FILE *announce, mg_status *st);

#endif
