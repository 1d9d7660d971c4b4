/*
 * results.h — writing rows of RDF terms as an aligned table, CSV, TSV or
 * JSON (the W3C SPARQL 1.1 results formats for CSV, TSV and JSON).
 *
 * Owns: an mg_results writer and a copy of every cell it is given (the
 * table format buffers all rows to align columns; the others stream).
 * Borrows: the FILE it writes to, which stays the caller's.
 */
#ifndef MG_RESULTS_H
#define MG_RESULTS_H

#include <stdio.h>

#include "core/status.h"

typedef enum mg_results_format {
    MG_RESULTS_TABLE,
    MG_RESULTS_CSV,       /* W3C SPARQL CSV; for `query`: RFC 4180, full IRIs */
    MG_RESULTS_TSV,       /* W3C SPARQL TSV */
    MG_RESULTS_JSON,      /* W3C SPARQL JSON results */
    MG_RESULTS_JSON_ROWS, /* an array of objects keyed by column */
    MG_RESULTS_NDJSON,    /* one JSON object per line */
    MG_RESULTS_CSV_EXCEL, /* UTF-8 BOM, ';' separator, CRLF (French Excel) */
    MG_RESULTS_XML        /* W3C SPARQL XML results (results_xml.c) */
} mg_results_format;

typedef enum mg_cell_kind {
    MG_CELL_UNBOUND = 0, /* null */
    MG_CELL_IRI,
    MG_CELL_BLANK,
    MG_CELL_LITERAL,
    MG_CELL_LIST         /* items/nitems */
} mg_cell_kind;

/* One value; strings are borrowed for the duration of mg_results_row.
 * Literals typed xsd:integer, xsd:decimal, xsd:double or xsd:boolean are
 * written as JSON numbers/booleans in the row formats. */
typedef struct mg_cell {
    mg_cell_kind kind;
    const char *value;
    const char *lang;     /* literal language tag or NULL */
    const char *datatype; /* literal datatype IRI or NULL */
    const struct mg_cell *items; /* MG_CELL_LIST */
    size_t nitems;
} mg_cell;

typedef struct mg_results mg_results;

/* Parses "table", "csv", "tsv", "json", "xml", "ndjson" or "csv-excel".  With
 * `rows` set (the query language), "json" means MG_RESULTS_JSON_ROWS. */
mg_code mg_results_format_parse(const char *name, int rows,
                                mg_results_format *out, mg_status *st);

mg_code mg_results_new(FILE *out, mg_results_format format,
                       const char *const *columns, int ncols, mg_results **w,
                       mg_status *st);
mg_code mg_results_row(mg_results *w, const mg_cell *cells, mg_status *st);
/* Writes what is buffered and the closing text ("(N rows)" for tables),
 * then frees the writer whatever happens. */
mg_code mg_results_finish(mg_results *w, mg_status *st);
/* Frees without writing anything more (after an error). */
void mg_results_free(mg_results *w);

/* A boolean result (SPARQL ASK). */
mg_code mg_results_boolean(FILE *out, mg_results_format format, int value,
                           mg_status *st);

/* The SPARQL XML results writer (results_xml.c), used by the above. */
void mg_results_xml_head(FILE *out, char *const *columns, int ncols);
void mg_results_xml_row(FILE *out, char *const *columns, int ncols,
                        const mg_cell *cells);
void mg_results_xml_end(FILE *out);
void mg_results_xml_boolean(FILE *out, int value);

#endif
