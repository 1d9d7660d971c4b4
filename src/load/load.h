/*
 * load.h — reading RDF files into a store: the library behind
 * `maillage load`, `maillage add` and `maillage remove`.
 *
 * Owns: nothing beyond a call.  Every entry point parses with raptor
 * directly (not librdf's parser, which drops TriG/N-Quads graph names)
 * into an in-memory quad buffer (mg_quadbuf), and writes to the model
 * only once every input has parsed: a syntax error anywhere leaves the
 * store untouched.  The write is one librdf transaction when the storage
 * has them (our LMDB module does: then a load is all or nothing).  Into
 * our own store, adding goes by the bulk path (no librdf call per
 * statement: docs/storage.md, "Bulk load"); MAILLAGE_BULK=0 in the
 * environment makes it take the librdf path like any other storage.
 *
 * Owns: for each parse, a raptor world of its own (URI interning off, our
 * blank-node-id and log handlers), freed before the parse returns.
 * Borrows: the mg_db (its world and model), the paths, options and
 * strings passed in, for the duration of the call only.
 *
 * Formats, by extension or by opts->format (names in parentheses are
 * accepted aliases):
 *     turtle   (ttl)   .ttl           ntriples (nt)     .nt
 *     trig             .trig          nquads   (nq)     .nq
 *     rdfxml   (rdf, xml)  .rdf .owl .xml
 * A path of "-" reads standard input; without opts->format it is read as
 * Turtle (which also accepts N-Triples).
 *
 * Graphs.  A file loaded without opts->graph goes into the graph
 * urn:maillage:file:BASENAME (basename only, percent-encoded where an IRI
 * needs it; stdin is urn:maillage:file:stdin).  TriG and N-Quads keep
 * their own graph names; their default-graph triples go into that file
 * graph; opts->graph with a TriG or N-Quads file is MG_ERR_ARG.  Every
 * graph a load writes to (and every file graph, even if its file is
 * empty) is REPLACED: its statements are removed once per call, before
 * anything is added, unless opts->append is set.
 *
 * Blank nodes get stable labels: "b" + 16 hex digits of FNV-1a-64 over
 * (file graph IRI, file label, label in the file), where the file label is
 * the basename ("stdin", "<argument>" for mg_load_text) and anonymous
 * nodes ([] and collections) are numbered in parse order.  Reloading a
 * file therefore changes nothing, and load order does not matter; two
 * files' _:a stay distinct.
 *
 * A blank node used as a graph name (N-Quads _:g) becomes the IRI
 * MG_BLANK_GRAPH_PREFIX + its stable label ("urn:maillage:blank-graph:b…"),
 * as RDF 1.1 allows (skolemization): graphs are listed, exported and
 * dropped by IRI.
 *
 * Base IRI: opts->base, else file:// + the file's real path (as rapper
 * does); for stdin and mg_load_text, file:// + the current directory + "/".
 *
 * Errors (the first one wins; mg_status.msg is ready to print):
 *   MG_ERR_ARG     unknown format or extension, --graph with a quad format
 *   MG_ERR_IO      "FILE: No such file or directory" (strerror text)
 *   MG_ERR_SYNTAX  "FILE:LINE:COLUMN: message (found 'TOKEN')", with
 *                  "unexpected end of input" at the end of the file, and a
 *                  hint when a TriG line uses the SPARQL GRAPH keyword
 *   MG_ERR_STORE   the model refused a write (rolled back if it could be)
 *   MG_ERR_NOMEM
 */
#ifndef MG_LOAD_H
#define MG_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

#define MG_BLANK_GRAPH_PREFIX "urn:maillage:blank-graph:"
#include "store/db.h"
#include "store/store.h"

typedef struct mg_load_opts {
    const char *graph;  /* target graph IRI for triple files; NULL: file graph */
    int append;         /* merge into existing graphs instead of replacing */
    const char *format; /* NULL: from the extension (see above) */
    const char *base;   /* base IRI; NULL: file:///REALPATH */
    int progress;       /* print "\rFILE: N triples (M triples/s)" to stderr */
} mg_load_opts;

typedef struct mg_load_report {
    size_t files;    /* files parsed */
    uint64_t parsed; /* statements parsed (duplicates included) */
    uint64_t removed; /* statements the replaced graphs held (0 if unknown) */
    uint64_t added;  /* statements the store grew by after replacing */
    size_t graphs;   /* distinct graphs written or replaced */
    double seconds;  /* wall time of the whole call */
} mg_load_report;

/*
 * Loads `n` files (paths; "-" is stdin) into db's model, all or nothing.
 * `opts` may be NULL (all defaults); `rep` may be NULL.
 */
mg_code mg_load_files(mg_db *db, const char *const *paths, size_t n,
                      const mg_load_opts *opts, mg_load_report *rep,
                      mg_status *st);

/*
 * `maillage add/remove --graph IRI 'TURTLE'`: parses `turtle` (errors name
 * the file "<argument>") and adds its triples to `graph` without replacing
 * it, or with `remove` removes them from `graph`.  `graph` is required
 * (MG_ERR_ARG if NULL or empty).  *changed (may be NULL) is the number of
 * statements the store gained or lost.  Blank nodes are labelled as for a
 * file named "<argument>" loaded into `graph`, so removing a triple with a
 * blank node removes one added by the same text.
 */
mg_code mg_load_text(mg_db *db, const char *turtle, const char *graph,
                     int remove, uint64_t *changed, mg_status *st);

/* ---- parse only: for tools that want the quads without a store ------- */

/*
 * A growable buffer of quads.  Terms are interned: each distinct term is
 * stored once in a string arena, and a quad is four 32-bit term numbers,
 * so a million triples take well under 200 MB.
 */
typedef struct mg_quadbuf mg_quadbuf;

mg_quadbuf *mg_quadbuf_new(void); /* NULL when out of memory */
void mg_quadbuf_free(mg_quadbuf *qb);
size_t mg_quadbuf_count(const mg_quadbuf *qb);

/*
 * The i-th quad as terms, out[0..3] = graph, subject, predicate, object.
 * Strings point into the buffer (NUL-terminated) and stay valid until it
 * is freed or grows.
 */
void mg_quadbuf_get(const mg_quadbuf *qb, size_t i, mg_term out[4]);

/*
 * Source lines (for `maillage check`).  After mg_quadbuf_keep_lines,
 * mg_parse_file records for each quad the line raptor's locator gave when
 * the statement was emitted (1-based).  Turtle and TriG emit a subject's
 * statements when its block ends, so that line is the line of the final
 * '.' or '}' of the block, not of the predicate.  mg_quadbuf_line
 * returns 0 when lines are not kept or unknown.
 */
void mg_quadbuf_keep_lines(mg_quadbuf *qb);
unsigned long mg_quadbuf_line(const mg_quadbuf *qb, size_t i);

/*
 * Parses one file ("-": stdin) and appends its quads to `qb`, following the
 * graph, blank node and base rules above.  `world` is not used (the parse
 * runs in a raptor world of its own).  On error `qb` holds what it held
 * before.
 */
mg_code mg_parse_file(librdf_world *world, const char *path,
                      const mg_load_opts *opts, mg_quadbuf *qb,
                      mg_status *st);

/* The canonical format name for a name or alias, or NULL if unknown. */
const char *mg_load_format_name(const char *name);

/* The format a path's extension implies, or NULL. */
const char *mg_load_format_for_path(const char *path);

#endif
