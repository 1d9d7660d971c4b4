/*
 * catalog.c — catalog.ttl: the DCAT-AP 3 description of a published
 * folder, with its VoID statistics, built as a set of triples and written
 * by our Turtle writer (so it is escaped and ordered like every export).
 *
 *   <URL catalog.ttl#catalog>  dcat:Catalog
 *   <URL catalog.ttl#dataset>  dcat:Dataset, void:Dataset
 *   <URL catalog.ttl#FORMAT>   dcat:Distribution, one per file
 *   <URL catalog.ttl#publisher> foaf:Agent, _:contact vcard:Organization,
 *   _:period dct:PeriodOfTime, _:rights dct:RightsStatement,
 *   _:provenance dct:ProvenanceStatement, the licence dct:LicenseDocument,
 *   the EU data themes (skos:Concept) and the territories (dct:Location).
 *
 * Owns: the catalogue's own set during a call.
 */
#include "publish/facts.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define IANA "http://www.iana.org/assignments/media-types/"

typedef struct cb {
    mg_xset set;
    mg_status *st;
    mg_code rc;
} cb;

static const mg_xterm *iri(cb *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const mg_xterm *iri(cb *c, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const mg_xterm *t = NULL;
    if (c->rc != MG_OK)
        return NULL;
    if (n < 0 || (size_t)n >= sizeof buf)
        c->rc = mg_fail(c->st, MG_ERR_ARG, "IRI too long in the catalogue");
    else
        c->rc = mg_xset_intern(&c->set, MG_TERM_IRI, buf, (size_t)n, NULL,
                               NULL, &t, c->st);
    return t;
}

static const mg_xterm *blank(cb *c, const char *label)
{
    const mg_xterm *t = NULL;
    if (c->rc == MG_OK)
        c->rc = mg_xset_intern(&c->set, MG_TERM_BLANK, label, strlen(label),
                               NULL, NULL, &t, c->st);
    return t;
}

static const mg_xterm *lit(cb *c, const char *v, size_t len, const char *lang,
                           const char *dt)
{
    const mg_xterm *t = NULL;
    if (c->rc == MG_OK)
        c->rc = mg_xset_intern(&c->set, MG_TERM_LITERAL, v, len, lang, dt, &t,
                               c->st);
    return t;
}

static const mg_xterm *str(cb *c, const char *v, const char *lang)
{
    return lit(c, v, strlen(v), lang, NULL);
}

static const mg_xterm *typed(cb *c, const char *v, const char *dt)
{
    return lit(c, v, strlen(v), NULL, dt);
}

static const mg_xterm *count(cb *c, long long n, const char *dt)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", n);
    return typed(c, buf, dt);
}

/* A copy of a term of the data set (an IRI or a literal) in the
 * catalogue's set. */
static const mg_xterm *copy(cb *c, const mg_xterm *t)
{
    if (t->kind == MG_TERM_LITERAL)
        return lit(c, t->value, t->len, t->lang, t->datatype);
    const mg_xterm *r = NULL;
    if (c->rc == MG_OK)
        c->rc = mg_xset_intern(&c->set, t->kind, t->value, t->len, NULL, NULL,
                               &r, c->st);
    return r;
}

static void add(cb *c, const mg_xterm *s, const char *p, const mg_xterm *o)
{
    if (c->rc != MG_OK)
        return;
    const mg_xterm *pt = iri(c, "%s", p);
    if (c->rc == MG_OK && s && pt && o)
        c->rc = mg_xset_add(&c->set, NULL, s, pt, o, c->st);
}

static const char *people_fr(mg_people_policy p)
{
    switch (p) {
    case MG_PEOPLE_PUBLIC_ROLES: return "noms et rôles publics, sans coordonnées personnelles";
    case MG_PEOPLE_NAMES_ONLY: return "noms seulement, sans rôles ni coordonnées";
    case MG_PEOPLE_NONE: return "aucune donnée sur les personnes";
    }
    return "?";
}

static const char *people_en(mg_people_policy p)
{
    switch (p) {
    case MG_PEOPLE_PUBLIC_ROLES: return "names and public roles, no personal contact details";
    case MG_PEOPLE_NAMES_ONLY: return "names only, no roles or contact details";
    case MG_PEOPLE_NONE: return "no data about people";
    }
    return "?";
}

static const struct {
    int format;
    const char *title, *filetype, *media, *spec;
} kinds[] = {
    {MG_EXPORT_TURTLE, "Turtle", "RDF_TURTLE", "text/turtle", "https://www.w3.org/TR/turtle/"},
    {MG_EXPORT_NTRIPLES, "N-Triples", "RDF_N_TRIPLES", "application/n-triples", "https://www.w3.org/TR/n-triples/"},
    {MG_EXPORT_NQUADS, "N-Quads", "RDF_N_QUADS", "application/n-quads", "https://www.w3.org/TR/n-quads/"},
    {MG_EXPORT_TRIG, "TriG", "RDF_TRIG", "application/trig", "https://www.w3.org/TR/trig/"},
    {MG_EXPORT_RDFXML, "RDF/XML", "RDF_XML", "application/rdf+xml", "https://www.w3.org/TR/rdf-syntax-grammar/"},
    {MG_EXPORT_JSONLD, "JSON-LD", "JSON_LD", "application/ld+json", "https://www.w3.org/TR/json-ld11/"},
};

static void distributions(cb *c, const mgp_info *in, const mg_xterm *ds,
                          const mg_xterm *licence, const mg_xterm *rights)
{
    for (int i = 0; i < MGP_NDIST; i++) {
        const mgp_dist *d = &in->dists[i];
        size_t k = 0;
        while (k + 1 < sizeof kinds / sizeof kinds[0] && kinds[k].format != d->format)
            k++;
        const mg_xterm *t = iri(c, "%scatalog.ttl#%s", in->url,
                                mg_export_format_name((mg_export_format)d->format));
        int quads = d->format == MG_EXPORT_NQUADS || d->format == MG_EXPORT_TRIG ||
                    d->format == MG_EXPORT_JSONLD;
        char text[512];
        add(c, ds, NS_DCAT "distribution", t);
        add(c, t, NS_RDF "type", iri(c, NS_DCAT "Distribution"));
        snprintf(text, sizeof text, "%s (%s)", d->file, kinds[k].title);
        add(c, t, NS_DCT "title", str(c, text, NULL));
        snprintf(text, sizeof text,
                 quads ? "Le graphe publié en %s, un graphe nommé par document "
                         "source (%zu quadruplets)."
                       : "Le graphe publié en %s, union des graphes (%zu "
                         "triplets distincts).",
                 kinds[k].title, d->statements);
        add(c, t, NS_DCT "description", str(c, text, "fr"));
        snprintf(text, sizeof text,
                 quads ? "The published graph as %s, one named graph per "
                         "source document (%zu quads)."
                       : "The published graph as %s, the union of the graphs "
                         "(%zu distinct triples).",
                 kinds[k].title, d->statements);
        add(c, t, NS_DCT "description", str(c, text, "en"));
        add(c, t, NS_DCAT "accessURL", iri(c, "%s%s", in->url, d->file));
        add(c, t, NS_DCAT "downloadURL", iri(c, "%s%s", in->url, d->file));
        add(c, t, NS_DCT "format", iri(c, NS_EU "file-type/%s", kinds[k].filetype));
        add(c, t, NS_DCAT "mediaType", iri(c, IANA "%s", kinds[k].media));
        add(c, t, NS_DCT "conformsTo", iri(c, "%s", kinds[k].spec));
        add(c, t, NS_DCAT "byteSize", count(c, d->bytes, NS_XSD "nonNegativeInteger"));
        add(c, t, NS_DCT "license", licence);
        add(c, t, NS_DCT "rights", rights);
        add(c, t, NS_DCT "issued", typed(c, in->issued, NS_XSD "date"));
        add(c, t, NS_DCT "modified", typed(c, in->today, NS_XSD "date"));
    }
}

static void themes(cb *c, const mg_xterm *cat, const mg_xterm *ds)
{
    static const struct {
        const char *code, *fr, *en;
    } th[] = {
        {"SOCI", "Population et société", "Population and society"},
        {"ECON", "Économie et finances", "Economy and finance"},
        {"REGI", "Régions et villes", "Regions and cities"},
    };
    const mg_xterm *scheme = iri(c, NS_EU "data-theme");
    add(c, cat, NS_DCAT "themeTaxonomy", scheme);
    add(c, scheme, NS_RDF "type", iri(c, NS_SKOS "ConceptScheme"));
    add(c, scheme, NS_DCT "title", str(c, "Data theme", "en"));
    add(c, scheme, NS_DCT "title", str(c, "Thème des données", "fr"));
    for (size_t i = 0; i < sizeof th / sizeof th[0]; i++) {
        const mg_xterm *t = iri(c, NS_EU "data-theme/%s", th[i].code);
        add(c, ds, NS_DCAT "theme", t);
        add(c, t, NS_RDF "type", iri(c, NS_SKOS "Concept"));
        add(c, t, NS_SKOS "prefLabel", str(c, th[i].fr, "fr"));
        add(c, t, NS_SKOS "prefLabel", str(c, th[i].en, "en"));
        add(c, t, NS_SKOS "inScheme", scheme);
    }
}

static void keywords(cb *c, const mg_xterm *ds, const mgp_facts *f)
{
    static const char *const fr[] = {
        "économie sociale et solidaire", "ESS", "politique de la ville",
        "collectivités territoriales", "réseaux", "graphe de connaissances",
        "données liées", NULL};
    static const char *const en[] = {
        "social and solidarity economy", "urban policy", "local authorities",
        "networks", "knowledge graph", "linked data", NULL};
    for (const char *const *k = fr; *k; k++)
        add(c, ds, NS_DCAT "keyword", str(c, *k, "fr"));
    for (const char *const *k = en; *k; k++)
        add(c, ds, NS_DCAT "keyword", str(c, *k, "en"));
    for (size_t i = 0; i < f->nkeywords; i++)
        add(c, ds, NS_DCAT "keyword", copy(c, f->keywords[i]));
}

static void coverage(cb *c, const mg_xterm *ds, const mgp_info *in)
{
    const mgp_facts *f = in->facts;
    for (size_t i = 0; i < f->nplaces; i++) {
        const mg_xterm *t = copy(c, f->places[i]);
        add(c, ds, NS_DCT "spatial", t);
        add(c, t, NS_RDF "type", iri(c, NS_DCT "Location"));
        if (f->place_labels[i])
            add(c, t, NS_RDFS "label", copy(c, f->place_labels[i]));
    }
    if (f->start && f->end) {
        const mg_xterm *p = blank(c, "period");
        add(c, ds, NS_DCT "temporal", p);
        add(c, p, NS_RDF "type", iri(c, NS_DCT "PeriodOfTime"));
        add(c, p, NS_DCAT "startDate", copy(c, f->start));
        add(c, p, NS_DCAT "endDate", copy(c, f->end));
    }
}

static void voids(cb *c, const mg_xterm *ds, const mgp_info *in,
                  const char *uri_space)
{
    const mgp_facts *f = in->facts;
    const char *nn = NS_XSD "integer"; /* VoID's own examples use xsd:integer */
    add(c, ds, NS_RDF "type", iri(c, NS_VOID "Dataset"));
    add(c, ds, NS_VOID "triples", count(c, (long long)f->triples, nn));
    add(c, ds, NS_VOID "entities", count(c, (long long)f->entities, nn));
    add(c, ds, NS_VOID "classes", count(c, (long long)f->classes, nn));
    add(c, ds, NS_VOID "properties", count(c, (long long)f->properties, nn));
    add(c, ds, NS_VOID "distinctSubjects", count(c, (long long)f->subjects, nn));
    add(c, ds, NS_VOID "distinctObjects", count(c, (long long)f->objects, nn));
    add(c, ds, NS_VOID "uriSpace", str(c, uri_space, NULL));
    static const char *const formats[] = {"Turtle", "N-Triples", "N-Quads",
                                          "TriG", "RDF_XML", "JSON-LD", NULL};
    for (const char *const *x = formats; *x; x++)
        add(c, ds, NS_VOID "feature", iri(c, "http://www.w3.org/ns/formats/%s", *x));
    for (size_t i = 0; i < f->nvocabs; i++)
        add(c, ds, NS_VOID "vocabulary", iri(c, "%s", f->vocabs[i]));
    for (int i = 0; i < MGP_NDIST; i++)
        add(c, ds, NS_VOID "dataDump", iri(c, "%s%s", in->url, in->dists[i].file));
}

static void agents(cb *c, const mg_xterm *cat, const mg_xterm *ds,
                   const mgp_info *in)
{
    const mg_publish_opts *o = in->opts;
    const mg_xterm *pub = iri(c, "%scatalog.ttl#publisher", in->url);
    add(c, cat, NS_DCT "publisher", pub);
    add(c, ds, NS_DCT "publisher", pub);
    add(c, pub, NS_RDF "type", iri(c, NS_FOAF "Agent"));
    add(c, pub, NS_RDF "type", iri(c, NS_FOAF "Organization"));
    add(c, pub, NS_FOAF "name", str(c, o->publisher ? o->publisher : "Maillage", NULL));
    const mg_xterm *contact = blank(c, "contact");
    add(c, ds, NS_DCAT "contactPoint", contact);
    add(c, contact, NS_RDF "type", iri(c, NS_VCARD "Organization"));
    add(c, contact, NS_VCARD "fn", str(c, o->publisher ? o->publisher : "Maillage", NULL));
    add(c, contact, NS_VCARD "hasEmail",
        iri(c, "mailto:%s", o->contact ? o->contact : "contact@example.org"));
}

static void rights(cb *c, const mgp_info *in, const mg_xterm *r,
                   const mg_xterm *prov)
{
    const mg_publish_opts *o = in->opts;
    const mg_publish_report *rep = in->report;
    char fr[768], en[768], id[128];
    snprintf(id, sizeof id, "people=%s; private-sources=%s",
             mg_people_policy_name(o->people),
             o->include_private ? "included" : "excluded");
    add(c, r, NS_RDF "type", iri(c, NS_DCT "RightsStatement"));
    add(c, r, NS_DCT "identifier", str(c, id, NULL));
    snprintf(fr, sizeof fr, "Personnes nommées : %s (--people %s). Sources "
             "privées (« Ressource privée : Oui ») : %s.",
             people_fr(o->people), mg_people_policy_name(o->people),
             o->include_private ? "incluses (--include-private)" : "exclues");
    snprintf(en, sizeof en, "Named people: %s (--people %s). Private sources "
             "(« Ressource privée : Oui »): %s.",
             people_en(o->people), mg_people_policy_name(o->people),
             o->include_private ? "included (--include-private)" : "left out");
    add(c, r, NS_RDFS "label", str(c, fr, "fr"));
    add(c, r, NS_RDFS "label", str(c, en, "en"));
    add(c, prov, NS_RDF "type", iri(c, NS_DCT "ProvenanceStatement"));
    snprintf(fr, sizeof fr, "Extrait par Maillage (maillage publish) de "
             "documents sources, un graphe nommé par document, avec la "
             "provenance de chaque fait (prov:wasDerivedFrom, mg:evidence). "
             "Laissés de côté : %zu graphe(s) de source privée, %zu "
             "ressource(s) privée(s). Personnes : %s.",
             rep->private_graphs, rep->private_items, people_fr(o->people));
    snprintf(en, sizeof en, "Extracted by Maillage (maillage publish) from "
             "source documents, one named graph per document, with the "
             "provenance of each fact (prov:wasDerivedFrom, mg:evidence). Left "
             "out: %zu private source graph(s), %zu private resource(s). "
             "People: %s.",
             rep->private_graphs, rep->private_items, people_en(o->people));
    add(c, prov, NS_RDFS "label", str(c, fr, "fr"));
    add(c, prov, NS_RDFS "label", str(c, en, "en"));
}

static const mg_prefix extra_prefixes[] = {
    {"vcard", NS_VCARD},
    {"euthemes", NS_EU "data-theme/"},
    {"eufiletype", NS_EU "file-type/"},
    {"eulang", NS_EU "language/"},
    {"euaccess", NS_EU "access-right/"},
    {"iana", IANA},
};

static mg_code catalog_prefixes(cb *c)
{
    size_t ng = mg_prefix_count(), ne = sizeof extra_prefixes / sizeof extra_prefixes[0];
    mg_prefix *t = calloc(ng + ne, sizeof *t);
    if (!t)
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ng; i++)
        t[i] = *mg_prefix_at(i);
    for (size_t i = 0; i < ne; i++)
        t[ng + i] = extra_prefixes[i];
    mg_code rc = mg_xset_set_prefixes(&c->set, t, ng + ne, c->st);
    free(t);
    return rc;
}

mg_code mgp_write_catalog(const mgp_info *in, FILE *out, mg_status *st)
{
    cb c = {{0}, st, MG_OK};
    const mg_publish_opts *o = in->opts;
    const mgp_facts *f = in->facts;
    c.rc = catalog_prefixes(&c);
    const mg_xterm *cat = iri(&c, "%scatalog.ttl#catalog", in->url);
    const mg_xterm *ds = iri(&c, "%scatalog.ttl#dataset", in->url);
    const mg_xterm *licence = iri(&c, "%s", mgp_licence_iri(o->licence));
    const mg_xterm *r = blank(&c, "rights");
    const mg_xterm *prov = blank(&c, "provenance");
    const mg_xterm *fra = iri(&c, NS_EU "language/FRA");
    const mg_xterm *today = typed(&c, in->today, NS_XSD "date");
    const mg_xterm *issued = typed(&c, in->issued, NS_XSD "date");
    const char *title = o->title ? o->title
                                 : "Maillage : acteurs et réseaux de l'économie "
                                   "sociale et solidaire et de la politique de la ville";
    const char *title_en = o->title_en ? o->title_en
                                       : "Maillage: actors and networks of the social "
                                         "and solidarity economy and urban policy";
    char fr[1024], en[1024];
    snprintf(fr, sizeof fr, "Graphe de connaissances : organisations, réseaux, "
             "personnes, événements, publications et territoires de l'économie "
             "sociale et solidaire (ESS) et de la politique de la ville, lus "
             "dans des documents sources (un graphe nommé par document, avec "
             "la provenance de chaque fait). %zu triplets distincts, %zu "
             "entités, %zu territoires. Personnes : %s.",
             f->triples, f->entities, f->nplaces, people_fr(o->people));
    snprintf(en, sizeof en, "Knowledge graph: organisations, networks, people, "
             "events, publications and territories of the social and "
             "solidarity economy (ESS) and French urban policy, read from "
             "source documents (one named graph per document, with the "
             "provenance of each fact). %zu distinct triples, %zu entities, "
             "%zu territories. People: %s.",
             f->triples, f->entities, f->nplaces, people_en(o->people));

    add(&c, cat, NS_RDF "type", iri(&c, NS_DCAT "Catalog"));
    add(&c, cat, NS_DCT "title", str(&c, title, "fr"));
    add(&c, cat, NS_DCT "title", str(&c, title_en, "en"));
    add(&c, cat, NS_DCT "description", str(&c, "Catalogue DCAT-AP du dossier publié par maillage publish.", "fr"));
    add(&c, cat, NS_DCT "description", str(&c, "DCAT-AP catalogue of the folder written by maillage publish.", "en"));
    add(&c, cat, NS_DCAT "dataset", ds);
    add(&c, cat, NS_DCT "language", fra);
    add(&c, cat, NS_DCT "license", licence);
    add(&c, cat, NS_DCT "rights", r);
    add(&c, cat, NS_DCT "issued", issued);
    add(&c, cat, NS_DCT "modified", today);
    add(&c, cat, NS_FOAF "homepage", iri(&c, "%s", in->url));
    add(&c, cat, NS_DCT "conformsTo", iri(&c, "http://data.europa.eu/r5r/"));

    add(&c, ds, NS_RDF "type", iri(&c, NS_DCAT "Dataset"));
    add(&c, ds, NS_DCT "title", str(&c, title, "fr"));
    add(&c, ds, NS_DCT "title", str(&c, title_en, "en"));
    add(&c, ds, NS_DCT "description", str(&c, fr, "fr"));
    add(&c, ds, NS_DCT "description", str(&c, en, "en"));
    add(&c, ds, NS_DCT "issued", issued);
    add(&c, ds, NS_DCT "modified", today);
    add(&c, ds, NS_DCT "language", fra);
    add(&c, ds, NS_DCT "license", licence);
    add(&c, ds, NS_DCT "accessRights", iri(&c, NS_EU "access-right/PUBLIC"));
    add(&c, ds, NS_DCT "provenance", prov);
    add(&c, ds, NS_DCAT "landingPage", iri(&c, "%sREADME.md", in->url));
    add(&c, fra, NS_RDF "type", iri(&c, NS_DCT "LinguisticSystem"));
    add(&c, licence, NS_RDF "type", iri(&c, NS_DCT "LicenseDocument"));
    add(&c, licence, NS_DCT "type", iri(&c, "http://purl.org/adms/licencetype/Attribution"));
    add(&c, licence, NS_RDFS "label", str(&c, mgp_licence_name(o->licence), NULL));
    add(&c, licence, NS_FOAF "page", iri(&c, "%s", mgp_licence_page(o->licence)));

    const char *space = o->base ? o->base : MG_INSTANCE_NS;
    agents(&c, cat, ds, in);
    themes(&c, cat, ds);
    keywords(&c, ds, f);
    coverage(&c, ds, in);
    voids(&c, ds, in, space);
    rights(&c, in, r, prov);
    distributions(&c, in, ds, licence, r);
    if (c.rc == MG_OK) {
        mg_xset_sort(&c.set);
        c.rc = mg_x_write_turtle(&c.set, 0, out, st);
    }
    mg_xset_free(&c.set);
    return c.rc;
}
