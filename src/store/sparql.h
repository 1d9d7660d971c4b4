/*
 * sparql.h — a SPARQL 1.1 query run by Redland's engine (rasqal) on a db,
 * its results written through output/results.h (SELECT, ASK) or a raptor
 * serializer (CONSTRUCT, DESCRIBE): `maillage sparql` and the server's
 * /sparql.  The slow path next to the query language (query/engine.h).
 *
 * Owns: an mg_sparql (the librdf query and its results) until
 * mg_sparql_free.  Borrows the db, which must outlive it.
 */
#ifndef MG_SPARQL_H
#define MG_SPARQL_H

#include <stdint.h>
#include <stdio.h>

#include "core/status.h"
#include "output/results.h"
#include "store/db.h"

typedef enum mg_sparql_kind {
    MG_SPARQL_BINDINGS, /* SELECT */
    MG_SPARQL_BOOLEAN,  /* ASK */
    MG_SPARQL_GRAPH     /* CONSTRUCT, DESCRIBE */
} mg_sparql_kind;

typedef struct mg_sparql mg_sparql;

/*
 * Parses and starts `text`.  `timeout` seconds (0: none) bound the whole
 * run, reading included: on our store every read stops at the deadline
 * (librdf_storage.h); elsewhere the rows are checked as they come.
 * MG_ERR_SYNTAX with rasqal's message and the query line it names.
 */
mg_code mg_sparql_start(mg_db *db, const char *text, double timeout,
                        mg_sparql **out, mg_status *st);
mg_sparql_kind mg_sparql_kind_of(const mg_sparql *q);

/*
 * Writes the results: rows or a boolean in `format`; a graph in raptor
 * syntax `syntax` ("turtle", "ntriples", "rdfxml", ...).  `max_rows`
 * (0: all) caps the rows, setting *truncated (may be NULL) when there
 * were more.  MG_ERR_LIMIT "the query ran past its time limit" at the
 * deadline (output may be partial: the caller drops it).
 */
mg_code mg_sparql_write(mg_sparql *q, FILE *out, mg_results_format format,
                        const char *syntax, uint64_t max_rows, int *truncated,
                        mg_status *st);
void mg_sparql_free(mg_sparql *q);

#endif
