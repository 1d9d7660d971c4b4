/*
 * check.h — `maillage check`: validating a dataset (files or a store)
 * against the ontology it carries.
 *
 * Owns: an mg_check, which holds its own copy of every term and quad it
 * is given (so the quad buffers and transactions they came from may go
 * away), the text of source files it re-reads to place problems on a
 * line, and the problems found; mg_check_free releases all of it.
 *
 * Borrows: nothing past a call.
 *
 * Use: add quads (mg_check_add_parsed for a parsed file, mg_check_add_store
 * for a store, mg_check_add_quad for one quad), then mg_check_run, then
 * read the problems, sorted by file and line (files) or graph (store).
 *
 * Checked (a "context" quad counts for declarations, types and labels but
 * is itself never reported on):
 *   entities    every IRI in https://w3id.org/maillage/id/ that is the
 *               subject of a statement has an rdf:type and an rdfs:label;
 *               one that is only ever an object is an error (a reference
 *               to nothing: usually a misspelt IRI)
 *   vocabulary  every class (rdf:type object, rdfs:subClassOf / domain /
 *               range target) and property (predicate, subPropertyOf
 *               target) is declared: typed owl:Class, rdfs:Class,
 *               rdfs:Datatype, rdf:Property or an owl:*Property kind; the
 *               rdf:, rdfs:, owl: and xsd: namespaces are built in
 *   domains     the subject of p has a type under every rdfs:domain of p
 *               (and of p's super-properties), through rdfs:subClassOf;
 *               owl:unionOf lists are accepted
 *   ranges      an object property's object is not a literal and, when it
 *               has types, has one under the range; a datatype range
 *               takes only literals of that datatype (xsd:string: plain
 *               or ^^xsd:string; rdf:langString: a language tag;
 *               rdfs:Literal: anything); owl:DatatypeProperty objects
 *               must be literals and owl:ObjectProperty objects must not
 *   literals    lexical forms of xsd:date, gYear, gYearMonth, gMonthDay,
 *               dateTime, time, integer, decimal, boolean (and the usual
 *               integer subtypes); language tags of BCP 47 shape
 *   duplicates  (warnings) two instance IRIs with a common asserted class
 *               whose rdfs:label values are equal once accents, case and
 *               punctuation are removed, unless the two are linked by
 *               owl:sameAs or owl:differentFrom (either direction)
 *   graphs      (warnings) every statement is in a document graph
 *               (https://w3id.org/maillage/source/...), the reference
 *               graph or the ontology graph
 *               (https://w3id.org/maillage/graph/{reference,ontology})
 */
#ifndef MG_CHECK_H
#define MG_CHECK_H

#include <stddef.h>

#include "core/status.h"
#include "load/load.h"
#include "store/store.h"

#define MG_CHECK_ID_NS "https://w3id.org/maillage/id/"
#define MG_CHECK_SOURCE_NS "https://w3id.org/maillage/source/"
#define MG_CHECK_REFERENCE_GRAPH "https://w3id.org/maillage/graph/reference"
#define MG_CHECK_ONTOLOGY_GRAPH "https://w3id.org/maillage/graph/ontology"

typedef struct mg_check mg_check;

typedef enum mg_check_severity {
    MG_CHECK_ERROR = 1,
    MG_CHECK_WARNING = 2
} mg_check_severity;

typedef struct mg_check_problem {
    mg_check_severity severity;
    const char *file;   /* the source file, or NULL (store) */
    unsigned long line; /* 1-based line in `file`, 0 if unknown */
    const char *graph;  /* the graph, as a prefixed name or <IRI> */
    const char *message; /* ends with "(SUBJECT, PREDICATE)" */
} mg_check_problem;

mg_check *mg_check_new(void); /* NULL when out of memory */
void mg_check_free(mg_check *ck);

/*
 * Adds quads [from, count) of `qb`, parsed from `path` (its format names
 * how to find lines: "turtle"/"trig" blocks are searched for the
 * statement's own line; NULL or "-" path: lines as raptor gave them).
 * When `graph_to` is set, quads in graph `graph_from` go to `graph_to`
 * instead (an ontology file's default graph to the ontology graph).
 * With `context`, the quads are used for declarations and types only.
 */
mg_code mg_check_add_parsed(mg_check *ck, const mg_quadbuf *qb, size_t from,
                            const char *path, const char *format,
                            const char *graph_from, const char *graph_to,
                            int context, mg_status *st);

/*
 * Adds the quads of the store read in `txn`: all of them, or with
 * `ontology_only` the graphs that are the ontology graph or hold an
 * owl:Ontology (as context).  *added (may be NULL) gets how many.
 */
mg_code mg_check_add_store(mg_check *ck, mg_txn *txn, int ontology_only,
                           size_t *added, mg_status *st);

/* Adds one quad q[0..3] = graph, subject, predicate, object; `file` (may
 * be NULL) and `line` say where it came from. */
mg_code mg_check_add_quad(mg_check *ck, const mg_term q[4], const char *file,
                          unsigned long line, int context, mg_status *st);

/* Whether graph `iri` (if present) holds an owl:Ontology subject. */
int mg_check_graph_has_ontology(const mg_check *ck, const char *iri);

/* Runs every check; problems are then available, sorted. */
mg_code mg_check_run(mg_check *ck, mg_status *st);

size_t mg_check_problem_count(const mg_check *ck);
const mg_check_problem *mg_check_problem_at(const mg_check *ck, size_t i);
void mg_check_totals(const mg_check *ck, size_t *errors, size_t *warnings);

/* ---- literal helpers (literal.c), exposed for tests ------------------ */

/* 1: `value` is a valid lexical form of `datatype` (a full IRI); 0: it is
 * not; -1: the datatype is not one checked here. */
int mg_check_lexical_ok(const char *datatype, const char *value, size_t len);
/* Whether `tag` has the shape of a BCP 47 language tag. */
int mg_check_langtag_ok(const char *tag);
/* The label with accents, case and punctuation removed (runs of spaces
 * and punctuation become one space, trimmed); malloc'd, NULL if out of
 * memory. */
char *mg_check_normalize_label(const char *s, size_t len);

#endif
