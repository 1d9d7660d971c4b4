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
#include "core/prefixes.h"

typedef struct mg_xterm {
    mg_term_kind kind;
    char *value;     /* IRI, blank node label or lexical form (NUL-ended) */
    size_t len;      /* bytes of value (a literal may hold NULs) */
    char *lang;      /* language tag without '@', or NULL */
    char *datatype;  /* datatype IRI, or NULL */
    char *key;       /* N-Triples form: the sort key (NUL-ended) */
    size_t keylen;
    struct mg_xterm *next; /* hash chain */
    unsigned mark;         /* scratch bits for the filters (subset.c, publish) */
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
    /* The prefixes the writers use: NULL means the table of
     * core/prefixes.h; otherwise `nprefixes` entries whose strings the set
     * owns (mg_xset_set_prefixes), e.g. the instance prefixes moved by
     * --base, or the extra vocabularies of catalog.ttl. */
    mg_prefix *prefixes;
    size_t nprefixes;
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

/*
 * The interned term for the given parts (kind, value of `len` bytes, lang
 * or datatype for a literal, NULL for none), added if new.  The returned
 * pointer lives as long as the set.
 */
mg_code mg_xset_intern(mg_xset *set, mg_term_kind kind, const char *value,
                       size_t len, const char *lang, const char *datatype,
                       const mg_xterm **out, mg_status *st);
/* The interned term with that kind and value (IRIs and blank nodes), or
 * NULL if the set has none. */
const mg_xterm *mg_xset_find(const mg_xset *set, mg_term_kind kind,
                             const char *value, size_t len);
/* Appends a quad (terms of this set; g NULL for the default graph); call
 * mg_xset_sort before writing. */
mg_code mg_xset_add(mg_xset *set, const mg_xterm *g, const mg_xterm *s,
                    const mg_xterm *p, const mg_xterm *o, mg_status *st);
/* Sorts by (g, s, p, o) and drops duplicates. */
void mg_xset_sort(mg_xset *set);
/*
 * The distinct triples of `set` (graphs dropped) as a view: `view` gets a
 * new quad array (its own, freed by mg_xset_view_free) pointing at the
 * terms of `set`, and shares its prefixes.  `set` must outlive `view`.
 */
mg_code mg_xset_triples_view(const mg_xset *set, mg_xset *view, mg_status *st);
void mg_xset_view_free(mg_xset *view);
/* Replaces the set's prefix table by a copy of `table` (n entries). */
mg_code mg_xset_set_prefixes(mg_xset *set, const mg_prefix *table, size_t n,
                             mg_status *st);
/* The prefix table writers use for this set: the set's own or the global
 * one (mg_prefix_at semantics), and the longest-match lookup on it. */
size_t mg_x_prefix_count(const mg_xset *set);
const mg_prefix *mg_x_prefix_at(const mg_xset *set, size_t i);
const mg_prefix *mg_x_prefix_for_iri(const mg_xset *set, const char *iri,
                                     size_t len, const char **local);

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
/* Sets used[i] for the prefix (index in the set's table) that term `t`
 * (or its datatype) is written with, if any. */
void mg_x_mark_prefixes(const mg_xset *set, const mg_xterm *t,
                        unsigned char *used);
/* Whether `p` is rdf:type. */
int mg_x_is_rdf_type(const mg_xterm *p);
/*
 * The prefixes (flags indexed like the set's table, malloc'd; NULL when
 * out of memory) that the writers need for `set`: those of every term,
 * graph names included when `graphs`, except the predicate of a quad for
 * which `short_type(q)` is true (rdf:type written as `a` or "@type").
 */
unsigned char *mg_x_used_prefixes(const mg_xset *set, int graphs,
                                  int (*short_type)(const mg_xquad *q));
/* The same with the prefixes of `set` (NULL: the global table). */
mg_code mg_x_put_term_in(FILE *out, const mg_xset *set, const mg_xterm *t,
                         int prefixed, mg_status *st);

/* The writers; each writes all of `set` to `out` and leaves flushing and
 * error checks to mg_export. */
mg_code mg_x_write_turtle(const mg_xset *set, int trig, FILE *out,
                          mg_status *st);
mg_code mg_x_write_lines(const mg_xset *set, int quads, FILE *out,
                         mg_status *st);
mg_code mg_x_write_rdfxml(const mg_xset *set, FILE *out, mg_status *st);
/* JSON-LD (jsonld.c): quads=1 keeps the graphs (one {"@id", "@graph"}
 * object per named graph), quads=0 writes the triples of the set. */
mg_code mg_x_write_jsonld(const mg_xset *set, int quads, FILE *out,
                          mg_status *st);
/*
 * Writes a collected set (quads, graphs kept) in `format`: the triple
 * formats get the distinct triples.  No flush or stream check.
 */
mg_code mg_x_write_format(const mg_xset *set, mg_export_format format,
                          FILE *out, mg_status *st);

/* ---- the filters of subsets and publication (subset.c) ---- */

/* Keeps the quads whose subject is a node the query returns (an IRI or
 * blank node cell, lists included) plus the rdfs:label quads of the
 * nodes those quads point to.  `query` is Maillage query text. */
mg_code mg_x_subset_query(mg_db *db, mg_xset *set, const char *query,
                          mg_status *st);
/* Drops literals tagged with a language other than `lang` (or lang-*). */
void mg_x_filter_lang(mg_xset *set, const char *lang);
/* Rewrites IRIs under https://w3id.org/maillage/id/ to `base` + the rest,
 * moves the instance prefixes with them and re-sorts. */
mg_code mg_x_rebase(mg_xset *set, const char *base, mg_status *st);
/* Keeps the quads with mark bit `bit` clear on subject and object, then
 * clears `bit` on every term. */
void mg_x_drop_marked(mg_xset *set, unsigned bit);

#endif
