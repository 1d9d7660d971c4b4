/*
 * check_internal.h — what the files of src/check share: the model an
 * mg_check holds (interned terms, quads with their origin, a subject
 * index), the vocabulary derived from it, and problem reporting.
 *
 *   model.c    terms, quads, sources, the subject index
 *   from_store.c  quads read from a store
 *   report.c   term names for messages, problems
 *   locate.c   finding the line of one statement in a Turtle/TriG block
 *   vocab.c    declarations, rdfs:subClassOf / subPropertyOf closure,
 *              domains, ranges and owl:unionOf lists
 *   rules.c    the checks themselves (mg_check_run)
 *   literal.c  lexical forms, language tags, label normalisation
 */
#ifndef MG_CHECK_INTERNAL_H
#define MG_CHECK_INTERNAL_H

#include <stdint.h>

#include "check/check.h"

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_OWL "http://www.w3.org/2002/07/owl#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"

typedef struct ck_term {
    mg_term_kind kind;
    char *value; /* NUL-terminated, `len` bytes */
    size_t len;
    char *extra; /* language tag or datatype IRI, "" if none */
    uint8_t ext_is_lang;
    /* vocabulary flags (vocab.c) */
    uint8_t is_class, is_prop, is_dtprop, is_objprop, is_datatype;
    uint8_t builtin;
} ck_term;

typedef struct ck_quad {
    uint32_t g, s, p, o;
    uint32_t src;  /* 1 + index into ck->srcs; 0: no file (store) */
    uint32_t line; /* as raptor gave it (block end for Turtle/TriG) */
    uint8_t context;
} ck_quad;

typedef struct ck_source {
    char *path;
    char *format;
    /* loaded on first use by locate.c */
    int loaded;
    char *text;
    char *code; /* text with strings and comments blanked out */
    size_t *line_off; /* line_off[i]: offset of line i+1 */
    size_t nlines;
    char **pfx_name; /* the file's own @prefix declarations */
    char **pfx_iri;
    size_t npfx;
} ck_source;

typedef struct ck_problem {
    mg_check_problem pub;
    uint32_t src;
    size_t seq;
    char *graph_owned;
    char *msg_owned;
} ck_problem;

/* Terms the rules need, looked up (not added) after loading; 0 = absent. */
typedef struct ck_well_known {
    uint32_t rdf_type, rdfs_label, rdfs_subclass, rdfs_subprop, rdfs_domain,
        rdfs_range, owl_unionof, rdf_first, rdf_rest, rdf_nil, owl_sameas,
        owl_differentfrom, owl_ontology;
} ck_well_known;

struct mg_check {
    ck_term *terms; /* term 0 is unused (0 means none) */
    uint32_t nterms, tcap;
    uint32_t *htab;
    size_t hcap;
    ck_quad *quads;
    size_t nquads, qcap;
    ck_source *srcs;
    size_t nsrcs;
    /* store id -> term (mg_check_add_store) */
    uint64_t *idmap_k;
    uint32_t *idmap_v;
    size_t idmap_cap, idmap_n;
    /* subject index: by_s[s_start[t] .. s_start[t+1]) are t's quads */
    uint32_t *by_s;
    size_t *s_start;
    /* object occurrence count, for "referenced but never described" */
    uint32_t *o_first; /* 1 + first quad index with this object, 0 none */
    ck_well_known wk;
    ck_problem *probs;
    size_t nprobs, pcap;
    size_t errors, warnings;
    int ran;
    /* scratch for closure walks (vocab.c) */
    uint32_t *mark;
    uint32_t mark_gen;
    uint32_t *stack;
};

/* model.c */
/* The check's number for term t (added when new); MG_ERR_NOMEM. */
mg_code ck_intern(mg_check *ck, const mg_term *t, uint32_t *out);
/* Adds quad g s p o (term numbers) from source src (0: none) and line. */
mg_code ck_add_ids(mg_check *ck, const uint32_t ids[4], uint32_t src,
                   unsigned long line, int context);
uint32_t ck_lookup_iri(const mg_check *ck, const char *iri);
int ck_iri_has_prefix(const ck_term *t, const char *ns);
mg_code ck_build_index(mg_check *ck);
/* quads of subject s: *n of them, indexes into ck->quads */
const uint32_t *ck_subject_quads(const mg_check *ck, uint32_t s, size_t *n);

/* report.c */
/* A term as a prefixed name, <IRI>, _:b or "literal"^^dt (truncated). */
void ck_name(const mg_check *ck, uint32_t t, char *buf, size_t size);
void ck_sort_problems(mg_check *ck);
/* Records a problem on quad q (its file and line; `where` chooses the
 * line: 's' subject, 'p' predicate, 'o' object). */
mg_code ck_report(mg_check *ck, mg_check_severity sev, uint32_t q, int where,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* locate.c */
unsigned long ck_locate(mg_check *ck, const ck_quad *q, int where);
void ck_source_release(ck_source *src);

/* vocab.c */
mg_code ck_vocab_build(mg_check *ck);
/* whether class c is d or under d through rdfs:subClassOf */
int ck_subclass(mg_check *ck, uint32_t c, uint32_t d);
/* whether term t (an instance) has a type under class expression x
 * (a class, or a node with owl:unionOf); -1 if t has no types at all */
int ck_instance_of(mg_check *ck, uint32_t t, uint32_t x);
/* domains / ranges of p and its super-properties: fills out[] (up to
 * max), returns how many */
size_t ck_domains(mg_check *ck, uint32_t p, uint32_t *out, size_t max);
size_t ck_ranges(mg_check *ck, uint32_t p, uint32_t *out, size_t max);
/* whether class expression x names only datatypes (then a literal is
 * expected); members of a union in out[] (x itself if not a union) */
int ck_is_datatype_expr(mg_check *ck, uint32_t x);
size_t ck_union_members(mg_check *ck, uint32_t x, uint32_t *out, size_t max);
/* whether literal l is a member of datatype expression x */
int ck_literal_in(mg_check *ck, uint32_t l, uint32_t x);

#endif
