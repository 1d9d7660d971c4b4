/*
 * resolve.h — turning the names a query writes (:Person, :speaker,
 * .startDate, foaf:Person, <http://…>) into term ids of the store, and the
 * ontology facts the matcher needs: the rdfs:subClassOf closure of a class
 * and the set of owl:SymmetricProperty properties.
 *
 * Owns: an mg_vocab (the candidate classes and properties with copies of
 * their IRIs, the symmetric set), freed by mg_vocab_free.
 * Borrows: the read transaction it was loaded in, for every later call.
 *
 * Candidates: classes are the objects of rdf:type in the data (statistics
 * 'c') plus what the loaded ontologies declare as owl:Class / rdfs:Class
 * or relate with rdfs:subClassOf; properties are the predicates in the
 * data (statistics 'p') plus the declared rdf:Property / owl:*Property.
 * A local name is what follows the last '#', '/' or ':' of the IRI.
 */
#ifndef MG_QUERY_RESOLVE_H
#define MG_QUERY_RESOLVE_H

#include <stddef.h>

#include "core/status.h"
#include "query/ast.h"
#include "query/value.h"
#include "store/store.h"

#define MG_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define MG_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define MG_OWL "http://www.w3.org/2002/07/owl#"

typedef struct mg_vocab_entry {
    mg_id id;
    char *iri;          /* owned copy */
    const char *local;  /* inside iri */
} mg_vocab_entry;

typedef struct mg_vocab {
    mg_txn *txn;
    mg_vocab_entry *classes, *props;
    size_t nclasses, nprops;
    mg_idset symmetric;
    mg_id rdf_type, rdfs_label, rdfs_subclassof; /* 0 when absent */
} mg_vocab;

typedef enum mg_name_role {
    MG_ROLE_CLASS = 'c',    /* (n:Label) */
    MG_ROLE_REL = 'r',      /* -[:rel]-> */
    MG_ROLE_PROP = 'p'      /* n.prop, {prop: …} */
} mg_name_role;

mg_code mg_vocab_load(mg_txn *txn, mg_vocab *v, mg_status *st);
void mg_vocab_free(mg_vocab *v);

/* The id of a full IRI, 0 when the dictionary does not have it. */
mg_id mg_iri_id(mg_txn *txn, const char *iri);

/*
 * Resolves a name in a role.  A local name must match exactly one
 * candidate (MG_ERR_NOT_FOUND with suggestions, or MG_ERR_ARG listing
 * the candidates when ambiguous; `text` is the query text for the caret).
 * A prefixed name or IRI that the store has never seen resolves to 0
 * (it matches nothing) — not an error.  An unknown prefix is an error.
 */
mg_code mg_resolve_name(mg_vocab *v, const mg_name *n, mg_name_role role,
                        const char *text, mg_id *out, mg_status *st);

/* The class and all its rdfs:subClassOf descendants (malloc'd array). */
mg_code mg_class_closure(mg_vocab *v, mg_id c, mg_id **ids, size_t *n,
                         mg_status *st);

int mg_vocab_symmetric(const mg_vocab *v, mg_id p);

/* "  line\n  ^^^" for the span pos/len of text, appended to buf. */
void mg_caret_append(const char *text, int pos, int len, char *buf,
                     size_t size);

#endif
