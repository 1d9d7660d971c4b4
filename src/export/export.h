/*
 * export.h — writing the whole store, one named graph or a subset, as RDF
 * text: Turtle, N-Triples, N-Quads, TriG, RDF/XML or JSON-LD (`maillage
 * export`, and the distributions of `maillage publish`).
 *
 * Owns: nothing that outlives a call.  mg_export reads the model of `db`
 * through the librdf model API (so it works on any storage), keeps a
 * private sorted copy of the statements for the duration of the call and
 * frees it before returning.  Borrows `db` and `out`; never closes `out`,
 * but flushes it and reports a write error (ferror/fflush) as MG_ERR_FULL
 * (ENOSPC) or MG_ERR_IO.
 *
 * Output is deterministic: the same set of quads gives the same bytes
 * whatever order they were loaded in.  Statements are sorted by their
 * N-Triples form (graph, subject, predicate, object; bytewise; the default
 * graph first) and written in that order.  Blank node labels are written
 * as stored (the loader makes them content-derived), except labels the
 * syntax cannot hold, which become "x_" + hex of the label (see
 * export_internal.h).  Literals are escaped exactly (\" \\ \n \r \t,
 * other control characters as \u00XX), so every format round-trips.
 *
 * Formats:
 *   turtle   (default, .ttl)  the union of all graphs as a set of distinct
 *            triples (a triple in two graphs is written once); our writer,
 *            @prefix lines only for table prefixes some IRI uses.
 *   ntriples (.nt)    the same set of triples, one per line, full IRIs,
 *            UTF-8 as-is (N-Triples 1.1); our writer.
 *   rdfxml   (.rdf, .xml, .owl)  the same set, raptor's "rdfxml" writer.
 *            MG_ERR_UNSUPPORTED if a triple cannot be said in RDF/XML (a
 *            predicate that does not end in an XML name, a character XML
 *            1.0 forbids, e.g. U+0001), rather than raptor's silent skip.
 *   nquads   (.nq)    every quad, as N-Triples plus the graph; statements
 *            in the default graph have no graph term.  Our writer.
 *   trig     (.trig)  every quad, our writer: the default graph first as
 *            a `{ ... }` block, then `<g> { ... }` per named graph.
 *   jsonld   (.jsonld)  every quad, our writer (jsonld.c): compact JSON-LD,
 *            an @context of the prefixes used, the default graph's nodes
 *            then one {"@id": g, "@graph": [...]} per named graph; typed
 *            literals always as {"@value", "@type"}.
 * With opts->graph set, only that graph's statements are written (quad
 * formats keep the graph name); MG_ERR_NOT_FOUND if it holds none.
 *
 * Subsets and rewriting, applied in this order after --graph:
 *   query   a query of the Maillage language (query/engine.h): every node
 *           (IRI or blank node; lists included) it returns, in any column,
 *           is selected; written are the statements whose subject is a
 *           selected node, plus the rdfs:label statements of the nodes
 *           those statements point to.  Needs our LMDB store.
 *   cls     a class, as the query language names it (Organization,
 *           mg:Network, a full IRI in <...>): the same as the query
 *           MATCH (n:CLASS) RETURN DISTINCT n (subclasses included).
 *   lang    keeps literals without a language tag and those tagged
 *           `lang` or lang-* (case-insensitive); drops other tagged ones.
 *   base    an absolute IRI: IRIs under https://w3id.org/maillage/id/
 *           (the instances) are written under `base` instead, and so are
 *           the person:, orga:, ... prefixes.  The store is not changed.
 *
 * The default graph: statements a storage returns without a context, and
 * the graph <urn:maillage:default> where our LMDB storage keeps them, are
 * written as the default graph (no graph term in N-Quads, a bare { }
 * block in TriG); opts->graph may name it by that IRI.
 */
#ifndef MG_EXPORT_H
#define MG_EXPORT_H

#include <stdio.h>

#include "core/status.h"
#include "store/db.h"

typedef enum mg_export_format {
    MG_EXPORT_TURTLE = 0,
    MG_EXPORT_NTRIPLES,
    MG_EXPORT_NQUADS,
    MG_EXPORT_TRIG,
    MG_EXPORT_RDFXML,
    MG_EXPORT_JSONLD
} mg_export_format;

typedef struct mg_export_opts {
    const char *format; /* a format name (see above); NULL = "turtle" */
    const char *graph;  /* a graph IRI, or prefix:local with a prefix of
                           core/prefixes.h (src:doc1); NULL = all graphs */
} mg_export_opts;

/* The subset and rewriting steps (see above); each NULL or "" = off. */
typedef struct mg_export_filter {
    const char *query;  /* subset: the nodes this query returns */
    const char *cls;    /* subset: the instances of this class */
    const char *lang;   /* keep only this language's tagged literals */
    const char *base;   /* publish the instances under this IRI */
} mg_export_filter;

/* The instance namespace that --base replaces. */
#define MG_INSTANCE_NS "https://w3id.org/maillage/id/"

/* Checks that `iri` can be a base: absolute (scheme ':' then more), no
 * space or control character, no <>"{}|^`\ characters.  MG_ERR_ARG. */
mg_code mg_export_check_base(const char *iri, const char *what, mg_status *st);
/* The same, and ending in '/' or '#' (a namespace for --base). */
mg_code mg_export_check_namespace(const char *iri, const char *what,
                                  mg_status *st);

/* Writes the statements of `db` to `out`; `opts` may be NULL (Turtle, all
 * graphs).  On failure some output may already have been written. */
mg_code mg_export(mg_db *db, FILE *out, const mg_export_opts *opts,
                  mg_status *st);
/* The same with the subset and rewriting steps of `filter` (may be NULL). */
mg_code mg_export_ex(mg_db *db, FILE *out, const mg_export_opts *opts,
                     const mg_export_filter *filter, mg_status *st);

/*
 * Maps a format name ("turtle", "ttl", "ntriples", "nt", "nquads", "nq",
 * "trig", "rdfxml", "rdf", "xml", "jsonld", "json-ld"; case-insensitive)
 * or a file path whose extension is one of .ttl .nt .nq .trig .rdf .xml
 * .owl .jsonld to a format.
 * Unknown -> MG_ERR_ARG with a message listing the formats.
 */
mg_code mg_export_format_from_name(const char *name_or_path,
                                   mg_export_format *format, mg_status *st);

/* The canonical name of a format ("turtle", ...) and its usual extension
 * without the dot ("ttl", ...). */
const char *mg_export_format_name(mg_export_format format);
const char *mg_export_format_extension(mg_export_format format);

#endif
