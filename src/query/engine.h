/*
 * engine.h — running a query of the Maillage language on a store: parse
 * (parse.h), resolve names against the store's dictionary and ontology,
 * plan from the store's statistics, execute on term ids, and hand rows to
 * a sink as mg_cell values (decoded to strings only there).
 *
 * Owns: nothing that outlives a call; the sink is borrowed.
 */
#ifndef MG_ENGINE_H
#define MG_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "output/results.h"
#include "store/db.h"

/* $name parameters: values are strings; a value that reads as an integer,
 * a decimal or true/false is used as that type. */
typedef struct mg_param {
    const char *name;
    const char *value;
} mg_param;

typedef struct mg_query_opts {
    const mg_param *params;
    size_t nparams;
    uint64_t row_cap;   /* 0 = no cap */
    int path_depth_cap; /* cap for unbounded *; 0 = default (10) */
    /* When set and non-zero (a signal handler sets it), the run stops at
     * the next step and fails with MG_ERR_CANCELLED "interrupted". */
    volatile sig_atomic_t *cancel;
    /* Seconds of run time (planning and execution); 0 = no limit.  Past
     * it the run fails with MG_ERR_LIMIT (rows already sent stay sent). */
    double timeout;
    /* Rows the run may hold in memory at once — ORDER BY buffers, groups,
     * DISTINCT sets, hash-join tables, collect() lists — before it fails
     * with MG_ERR_LIMIT instead of exhausting memory.  0 = the default
     * MG_MAX_INTERMEDIATE; UINT64_MAX = no cap. */
    uint64_t max_intermediate;
    /* Out, may be NULL: set to 1 when row_cap cut the result short (there
     * were more rows), else 0. */
    int *truncated;
} mg_query_opts;

#define MG_MAX_INTERMEDIATE 20000000u

/* Where rows go.  `columns` is called once before any row; `row` once per
 * row (cells valid during the call only); `text` receives the lines of
 * EXPLAIN / PROFILE output (may be NULL to drop them). */
typedef struct mg_row_sink {
    void *ctx;
    mg_code (*columns)(void *ctx, const char *const *names, int n,
                       mg_status *st);
    mg_code (*row)(void *ctx, const mg_cell *cells, mg_status *st);
    mg_code (*text)(void *ctx, const char *line, mg_status *st);
} mg_row_sink;

/*
 * Parses and runs `text`.  Errors: MG_ERR_SYNTAX (with the query line and a
 * caret under the offending token in st->msg), MG_ERR_NOT_FOUND for an
 * unknown name (with suggestions), MG_ERR_ARG for a type error or a
 * missing parameter (naming the expression), MG_ERR_UNSUPPORTED when the
 * store is not ours (the engine reads id-level indexes).
 */
mg_code mg_query_exec(mg_db *db, const char *text, const mg_query_opts *opts,
                      mg_row_sink *sink, mg_status *st);

/* The same for a tree already parsed (`text` is what it was parsed from,
 * for column names and carets; it may be NULL).  The tree is borrowed. */
struct mg_query;
mg_code mg_query_exec_ast(mg_db *db, const struct mg_query *q,
                          const char *text, const mg_query_opts *opts,
                          mg_row_sink *sink, mg_status *st);

/* A query translated for a SPARQL 1.1 endpoint (mg_query_sparql). */
typedef struct mg_sparql_query {
    char *text;     /* the SPARQL 1.1 query: what EXPLAIN prints */
    int ncols;
    char **columns; /* our column names, in order */
    char **vars;    /* the SPARQL variable (no '?') carrying each column */
    int explain;    /* the query was EXPLAIN …: nothing to send */
    int profile;    /* the query was PROFILE …: cannot run remotely */
} mg_sparql_query;

/*
 * Parses, resolves and plans `text` on the store (names resolve against
 * its vocabulary, as for a local run) and writes the equivalent SPARQL
 * 1.1 query: exactly the text EXPLAIN prints.  *out is filled (free it
 * with mg_sparql_query_free, also after a failure).  Errors: those of
 * mg_query_exec's parse and plan; MG_ERR_UNSUPPORTED when a term cannot
 * be written in SPARQL.
 */
mg_code mg_query_sparql(mg_db *db, const char *text, const mg_query_opts *opts,
                        mg_sparql_query *out, mg_status *st);
void mg_sparql_query_free(mg_sparql_query *q);

#endif
