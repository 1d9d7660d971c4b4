/*
 * results_internal.h — what the files of src/output share and nobody else
 * needs: the text of one cell in each format (results_cells.c), which the
 * writer (results.c) puts together.
 *
 * Owns: nothing; an mg_r_sbuf's text is its user's to free.
 */
#ifndef MG_RESULTS_INTERNAL_H
#define MG_RESULTS_INTERNAL_H

#include <stdio.h>

#include "output/results.h"

/* A growable string, for building one cell's text (p: NULL until the
 * first append; oom set, and the text left as it was, when out of memory). */
typedef struct mg_r_sbuf {
    char *p;
    size_t len, cap;
    int oom;
} mg_r_sbuf;

void mg_r_puts(mg_r_sbuf *b, const char *s);

/* How a cell reads in a table: literals bare, IRIs compacted, lists in
 * brackets. */
void mg_r_display(mg_r_sbuf *b, const mg_cell *c);
/* The SPARQL TSV form of a cell (N-Triples/Turtle syntax). */
void mg_r_tsv_form(mg_r_sbuf *b, const mg_cell *c);
/* The plain text of a cell for CSV: full IRIs, lexical forms, list items
 * separated by " | ". */
void mg_r_plain_form(mg_r_sbuf *b, const mg_cell *c);
/* One CSV field, quoted when it holds sep, a quote or a line break. */
void mg_r_csv_field(FILE *out, const char *s, char sep);

/* A JSON string (NULL: ""). */
void mg_r_json_str(FILE *out, const char *s);
/* A cell as a SPARQL JSON results term object. */
void mg_r_json_cell(FILE *out, const mg_cell *c);
/* A value in the row formats: null, a string, a number, a boolean or an
 * array; IRIs as full strings, blank nodes as "_:label". */
void mg_r_json_value(FILE *out, const mg_cell *c);

#endif
