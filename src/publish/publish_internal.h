/*
 * publish_internal.h — what the publish files share (not a public API):
 * vocabulary IRIs, the mark bits the filters use on collected terms, and
 * the steps publish.c runs (filter.c, classes.c, catalog.c, readme.c).
 *
 * Owns: nothing; every function borrows the set it works on.
 */
#ifndef MG_PUBLISH_INTERNAL_H
#define MG_PUBLISH_INTERNAL_H

#include <stdio.h>

#include "export/export_internal.h"
#include "publish/publish.h"

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define NS_FOAF "http://xmlns.com/foaf/0.1/"
#define NS_ORG "http://www.w3.org/ns/org#"
#define NS_SCHEMA "http://schema.org/"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NS_DCAT "http://www.w3.org/ns/dcat#"
#define NS_VOID "http://rdfs.org/ns/void#"
#define NS_VCARD "http://www.w3.org/2006/vcard/ns#"
#define NS_MG "https://w3id.org/maillage/ontology#"
#define NS_EU "http://publications.europa.eu/resource/authority/"

/* Mark bits (mg_xterm.mark); export's subset.c uses bits 0-1. */
enum {
    MGP_CLASS = 1u << 4,   /* scratch: a class of the closure being built */
    MGP_DROP = 1u << 5,    /* left out, with every statement it is in */
    MGP_PERSON = 1u << 6,  /* an instance of a person class */
    MGP_SEEN = 1u << 7     /* scratch */
};

/* Whether t is the IRI `iri`. */
int mgp_is(const mg_xterm *t, const char *iri);

/*
 * Sets `bit` on every subject typed (rdf:type) with one of the classes
 * `roots` (IRIs, NULL-terminated) or a subclass of one (the
 * rdfs:subClassOf closure of the set); returns how many distinct
 * subjects got it.
 */
size_t mgp_mark_instances(mg_xset *set, const char *const *roots,
                          unsigned bit);
void mgp_clear(mg_xset *set, unsigned bits);

/* filter.c: the private-source and people rules of publish.h.  Counts
 * what was left out. */
mg_code mgp_filter_private(mg_xset *set, size_t *graphs, size_t *items,
                           mg_status *st);
mg_code mgp_filter_people(mg_xset *set, mg_people_policy policy,
                          size_t *people, mg_status *st);

/* One written distribution. */
typedef struct mgp_dist {
    int format;          /* mg_export_format */
    const char *file;    /* "maillage.ttl" */
    long long bytes;
    size_t statements;   /* triples, or quads for quad formats */
} mgp_dist;

#define MGP_NDIST 6

/* Everything catalog.ttl and README.md say. */
typedef struct mgp_info {
    const mg_publish_opts *opts;
    const char *url;        /* the public URL, ending in '/' */
    const char *today;      /* YYYY-MM-DD */
    const char *issued;     /* YYYY-MM-DD */
    const mgp_dist *dists;
    const mg_publish_report *report;
    const struct mgp_facts *facts;
} mgp_info;

/* catalog.c: writes catalog.ttl (the facts come from the published set). */
mg_code mgp_write_catalog(const mgp_info *info, FILE *out, mg_status *st);
/* readme.c */
mg_code mgp_write_readme(const mgp_info *info, FILE *out, mg_status *st);
/* The licence's name, IRI and page. */
const char *mgp_licence_name(mg_licence l);
const char *mgp_licence_iri(mg_licence l);
const char *mgp_licence_page(mg_licence l);

#endif
