/*
 * prefixes.h — the project's table of namespace prefixes (rdf, rdfs, owl,
 * xsd, the vocabularies of the vocabulary contract (shared/design/vocabulary.md), and the
 * project's own mg:, mgi: and per-kind instance prefixes person:, orga:,
 * event:, terr:, pub:, concept:, role:, ms:, src:).
 *
 * Owns: nothing on the heap except what mg_prefix_expand returns.  The
 * table is static and read-only; every pointer it hands out stays valid
 * for the life of the program.  Shared by export (prefix declarations,
 * compact names) and the query language (expanding "prefix:local").
 */
#ifndef MG_PREFIXES_H
#define MG_PREFIXES_H

#include <stddef.h>

#include "core/status.h"

typedef struct mg_prefix {
    const char *name; /* "foaf" (no colon) */
    const char *iri;  /* "http://xmlns.com/foaf/0.1/" */
} mg_prefix;

/* The number of prefixes, and the i-th one (0 <= i < count; NULL past the
 * end).  The order is fixed: the W3C ones, the other vocabularies, then
 * the project's (it is the order Turtle/TriG @prefix lines are written). */
size_t mg_prefix_count(void);
const mg_prefix *mg_prefix_at(size_t i);

/* The prefix called `name` (`len` bytes, no colon), or NULL. */
const mg_prefix *mg_prefix_by_name(const char *name, size_t len);

/*
 * The prefix whose namespace is the longest leading part of `iri`
 * (`len` bytes), or NULL if none matches.  Longest wins, so
 * https://w3id.org/maillage/id/person/x gets person:, not mgi:.  On a
 * match, *local (if not NULL) points at the rest of the IRI inside `iri`.
 * The rest may not be a valid local name: see mg_prefix_local_ok.
 */
const mg_prefix *mg_prefix_for_iri(const char *iri, size_t len,
                                   const char **local);

/*
 * Whether `local` (`len` bytes) can be written after "prefix:" in Turtle,
 * TriG and our query language without escapes.  Deliberately narrower
 * than Turtle 1.1's PN_LOCAL so every reader (raptor 2.0.15 included)
 * accepts it: empty, or ASCII letters, digits, '_', '-' and '.', not
 * starting with '-' or '.', not ending with '.'.  Anything else (%, ':',
 * '/', non-ASCII, backslash escapes) is written as a full <IRI>.
 */
int mg_prefix_local_ok(const char *local, size_t len);

/*
 * Expands "prefix:local" to a full IRI in a new string the caller frees.
 * MG_ERR_ARG if there is no colon, MG_ERR_NOT_FOUND "unknown prefix" if
 * the prefix is not in the table.  The local part is appended as-is.
 */
mg_code mg_prefix_expand(const char *qname, char **iri, mg_status *st);

#endif
