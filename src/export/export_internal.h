/*
 * export_internal.h — what the export files share (not a public API):
 * the private, sorted copy of the statements being exported (collect.c)
 * and the helpers the writers (trig.c, raptor_out.c) use on it.
 *
 * Owns: an mg_xset owns its terms (interned: one mg_xterm per distinct
 * term, so equal terms are equal pointers) and its quad array; both are
 * freed by mg_xset_free.
 */
#ifndef MG_EXPORT_INTERNAL_H
#define MG_EXPORT_INTERNAL_H

#include <stdio.h>

#include "core/status.h"
#include "export/export.h"
#include "store/db.h"
#include "store/store.h"

typedef struct mg_xterm {
    mg_term_kind kind;
    char *value;     /* IRI, blank node label or lexical form (NUL-ended) */
    size_t len;      /* bytes of value (a literal may hold NULs) */
    char *lang;      /* language tag without '@', or NULL */
    char *datatype;  /* datatype IRI, or NULL */
    char *key;       /* N-Triples form: the sort key (NUL-ended) */
    size_t keylen;
    struct mg_xterm *next; /* hash chain */
} mg_xterm;

/* One statement; g is NULL for the default graph (and in triple mode). */
typedef struct mg_xquad {
    const mg_xterm *g, *s, *p, *o;
} mg_xquad;

typedef struct mg_xset {
    mg_xterm **buckets;
    size_t nbuckets, nterms;
    mg_xquad *quads; /* sorted by (g, s, p, o) keys, no duplicates */
    size_t n, cap;
} mg_xset;

/*
 * Reads the statements of db's model into `set` (zeroed by the caller),
 * sorted and deduplicated.  quads=0: the set of distinct triples (g always
 * NULL); quads=1: the quads, with their graph.  `graph` (an IRI) limits
 * either to that graph: MG_ERR_NOT_FOUND if it holds no statement.
 */
mg_code mg_xset_collect(mg_db *db, int quads, const char *graph,
                        mg_xset *set, mg_status *st);
void mg_xset_free(mg_xset *set);

/* Orders terms by key bytewise; NULL (the default graph) first. */
int mg_xterm_cmp(const mg_xterm *a, const mg_xterm *b);

/*
 * The label to write for blank node `t` in a syntax that restricts
 * labels: Turtle/TriG (xml=0: [A-Za-z0-9_] then [A-Za-z0-9_.-], not
 * ending in '.') or RDF/XML rdf:nodeID (xml=1: an NCName, so no leading
 * digit).  Labels that fit and do not start with "x_" are kept; others
 * become "x_" + the hex of their bytes, which keeps distinct labels
 * distinct.  Returns a new string (caller frees) or NULL (no memory).
 */
char *mg_x_blank_label(const mg_xterm *t, int xml);

/*
 * Writes one term in Turtle/TriG/N-Triples syntax: IRIs as <...> (with
 * the characters IRIREF forbids as \u00XX) or, when `prefixed`, as
 * prefix:local where the table has a prefix and the local part is safe;
 * literals quoted with \" \\ \n \r \t and other controls as \u00XX,
 * UTF-8 as-is, then @lang or ^^datatype; blank nodes as _:label
 * (mg_x_blank_label).
 */
mg_code mg_x_put_term(FILE *out, const mg_xterm *t, int prefixed,
                      mg_status *st);

/* The writers; each writes all of `set` to `out` and leaves flushing and
 * error checks to mg_export. */
mg_code mg_x_write_turtle(const mg_xset *set, int trig, FILE *out,
                          mg_status *st);
mg_code mg_x_write_lines(const mg_xset *set, int quads, FILE *out,
                         mg_status *st);
mg_code mg_x_write_rdfxml(const mg_xset *set, FILE *out, mg_status *st);

#endif
