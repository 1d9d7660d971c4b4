/*
 * vocab.c — what the ontology says, read from the quads themselves:
 * which terms are declared classes, datatypes and properties (and of
 * which kind), the rdfs:subClassOf and rdfs:subPropertyOf closures,
 * the domains and ranges of a property (its super-properties' included)
 * and owl:unionOf lists.  Declarations in any graph count.
 */
#include <string.h>

#include "check/check_internal.h"

static uint32_t iri(const mg_check *ck, const char *s)
{
    return ck_lookup_iri(ck, s);
}

static int is_builtin_datatype(const ck_term *t)
{
    if (ck_iri_has_prefix(t, NS_XSD))
        return 1;
    return t->kind == MG_TERM_IRI &&
           (strcmp(t->value, NS_RDF "langString") == 0 ||
            strcmp(t->value, NS_RDF "PlainLiteral") == 0 ||
            strcmp(t->value, NS_RDF "XMLLiteral") == 0 ||
            strcmp(t->value, NS_RDF "HTML") == 0 ||
            strcmp(t->value, NS_RDF "JSON") == 0 ||
            strcmp(t->value, NS_RDFS "Literal") == 0);
}

mg_code ck_vocab_build(mg_check *ck)
{
    ck_well_known *w = &ck->wk;
    w->rdf_type = iri(ck, NS_RDF "type");
    w->rdfs_label = iri(ck, NS_RDFS "label");
    w->rdfs_subclass = iri(ck, NS_RDFS "subClassOf");
    w->rdfs_subprop = iri(ck, NS_RDFS "subPropertyOf");
    w->rdfs_domain = iri(ck, NS_RDFS "domain");
    w->rdfs_range = iri(ck, NS_RDFS "range");
    w->owl_unionof = iri(ck, NS_OWL "unionOf");
    w->rdf_first = iri(ck, NS_RDF "first");
    w->rdf_rest = iri(ck, NS_RDF "rest");
    w->rdf_nil = iri(ck, NS_RDF "nil");
    w->owl_sameas = iri(ck, NS_OWL "sameAs");
    w->owl_differentfrom = iri(ck, NS_OWL "differentFrom");
    w->owl_ontology = iri(ck, NS_OWL "Ontology");

    for (uint32_t t = 1; t < ck->nterms; t++) {
        ck_term *x = &ck->terms[t];
        x->builtin = (uint8_t)(ck_iri_has_prefix(x, NS_RDF) ||
                               ck_iri_has_prefix(x, NS_RDFS) ||
                               ck_iri_has_prefix(x, NS_OWL) ||
                               ck_iri_has_prefix(x, NS_XSD));
        x->is_datatype = (uint8_t)is_builtin_datatype(x);
    }
    static const char *const objkinds[] = {
        NS_OWL "ObjectProperty",       NS_OWL "TransitiveProperty",
        NS_OWL "SymmetricProperty",    NS_OWL "AsymmetricProperty",
        NS_OWL "ReflexiveProperty",    NS_OWL "IrreflexiveProperty",
        NS_OWL "InverseFunctionalProperty"};
    static const char *const otherkinds[] = {
        NS_RDF "Property", NS_OWL "AnnotationProperty",
        NS_OWL "FunctionalProperty", NS_OWL "OntologyProperty",
        NS_OWL "DeprecatedProperty"};
    uint32_t obj[7], other[5];
    for (size_t i = 0; i < 7; i++)
        obj[i] = iri(ck, objkinds[i]);
    for (size_t i = 0; i < 5; i++)
        other[i] = iri(ck, otherkinds[i]);
    uint32_t dtp = iri(ck, NS_OWL "DatatypeProperty");
    uint32_t oc = iri(ck, NS_OWL "Class"), rc = iri(ck, NS_RDFS "Class");
    uint32_t rd = iri(ck, NS_RDFS "Datatype");
    for (size_t i = 0; i < ck->nquads; i++) {
        const ck_quad *q = &ck->quads[i];
        if (!q->p || q->p != w->rdf_type)
            continue;
        ck_term *s = &ck->terms[q->s];
        uint32_t o = q->o;
        if (o && (o == oc || o == rc))
            s->is_class = 1;
        else if (o && o == rd)
            s->is_class = s->is_datatype = 1;
        else if (o && o == dtp)
            s->is_prop = s->is_dtprop = 1;
        else {
            for (size_t k = 0; k < 7; k++)
                if (obj[k] && o == obj[k])
                    s->is_prop = s->is_objprop = 1;
            for (size_t k = 0; k < 5; k++)
                if (other[k] && o == other[k])
                    s->is_prop = 1;
        }
    }
    return MG_OK;
}

/* Starts a walk: nothing is marked. */
static void walk_reset(mg_check *ck)
{
    if (++ck->mark_gen == 0) {
        memset(ck->mark, 0, ck->nterms * sizeof *ck->mark);
        ck->mark_gen = 1;
    }
}

/* Marks t; returns 1 if it was not marked yet. */
static int walk_mark(mg_check *ck, uint32_t t)
{
    if (ck->mark[t] == ck->mark_gen)
        return 0;
    ck->mark[t] = ck->mark_gen;
    return 1;
}

/* Visits `start` and everything reachable through predicate `via`;
 * calls fn on each; stops when fn returns non-zero (and returns that). */
typedef int (*visit_fn)(mg_check *ck, uint32_t t, void *ctx);

static int walk_up(mg_check *ck, uint32_t start, uint32_t via, visit_fn fn,
                   void *ctx)
{
    walk_reset(ck);
    size_t sp = 0;
    walk_mark(ck, start);
    ck->stack[sp++] = start;
    while (sp) {
        uint32_t t = ck->stack[--sp];
        int r = fn(ck, t, ctx);
        if (r)
            return r;
        if (!via)
            continue;
        size_t n;
        const uint32_t *qs = ck_subject_quads(ck, t, &n);
        for (size_t i = 0; i < n; i++) {
            const ck_quad *q = &ck->quads[qs[i]];
            if (q->p == via && walk_mark(ck, q->o))
                ck->stack[sp++] = q->o;
        }
    }
    return 0;
}

static int is_target(mg_check *ck, uint32_t t, void *ctx)
{
    (void)ck;
    return t == *(uint32_t *)ctx;
}

int ck_subclass(mg_check *ck, uint32_t c, uint32_t d)
{
    if (c == d)
        return 1;
    const ck_term *x = &ck->terms[d];
    if (x->kind == MG_TERM_IRI && (strcmp(x->value, NS_OWL "Thing") == 0 ||
                                   strcmp(x->value, NS_RDFS "Resource") == 0))
        return 1;
    return walk_up(ck, c, ck->wk.rdfs_subclass, is_target, &d) != 0;
}

size_t ck_union_members(mg_check *ck, uint32_t x, uint32_t *out, size_t max)
{
    if (ck->terms[x].kind == MG_TERM_IRI) {
        out[0] = x;
        return 1;
    }
    if (ck->terms[x].kind != MG_TERM_BLANK || !ck->wk.owl_unionof)
        return 0;
    size_t n;
    const uint32_t *qs = ck_subject_quads(ck, x, &n);
    uint32_t list = 0;
    for (size_t i = 0; i < n && !list; i++)
        if (ck->quads[qs[i]].p == ck->wk.owl_unionof)
            list = ck->quads[qs[i]].o;
    size_t m = 0, guard = 0;
    while (list && list != ck->wk.rdf_nil && m < max && guard++ < 1000) {
        const uint32_t *ls = ck_subject_quads(ck, list, &n);
        uint32_t first = 0, rest = 0;
        for (size_t i = 0; i < n; i++) {
            if (ck->quads[ls[i]].p == ck->wk.rdf_first)
                first = ck->quads[ls[i]].o;
            else if (ck->quads[ls[i]].p == ck->wk.rdf_rest)
                rest = ck->quads[ls[i]].o;
        }
        if (first && ck->terms[first].kind == MG_TERM_IRI)
            out[m++] = first;
        list = rest;
    }
    return m;
}

int ck_instance_of(mg_check *ck, uint32_t t, uint32_t x)
{
    uint32_t mem[32];
    size_t nm = ck_union_members(ck, x, mem, 32);
    if (nm == 0)
        return 1; /* a class expression we cannot evaluate: accept */
    size_t n;
    const uint32_t *qs = ck_subject_quads(ck, t, &n);
    int typed = 0;
    for (size_t i = 0; i < n; i++) {
        const ck_quad *q = &ck->quads[qs[i]];
        if (q->p != ck->wk.rdf_type || !q->p)
            continue;
        typed = 1;
        for (size_t k = 0; k < nm; k++)
            if (ck_subclass(ck, q->o, mem[k]))
                return 1;
    }
    return typed ? 0 : -1;
}

typedef struct collect {
    uint32_t via; /* rdfs:domain or rdfs:range */
    uint32_t *out;
    size_t n, max;
} collect;

static int collect_fn(mg_check *ck, uint32_t p, void *ctx)
{
    collect *c = ctx;
    size_t n;
    const uint32_t *qs = ck_subject_quads(ck, p, &n);
    for (size_t i = 0; i < n; i++) {
        const ck_quad *q = &ck->quads[qs[i]];
        if (q->p != c->via || !c->via)
            continue;
        size_t k = 0;
        while (k < c->n && c->out[k] != q->o)
            k++;
        if (k == c->n && c->n < c->max)
            c->out[c->n++] = q->o;
    }
    return 0;
}

static size_t collect_up(mg_check *ck, uint32_t p, uint32_t via,
                         uint32_t *out, size_t max)
{
    if (!via)
        return 0;
    collect c = {via, out, 0, max};
    walk_up(ck, p, ck->wk.rdfs_subprop, collect_fn, &c);
    return c.n;
}

size_t ck_domains(mg_check *ck, uint32_t p, uint32_t *out, size_t max)
{
    return collect_up(ck, p, ck->wk.rdfs_domain, out, max);
}

size_t ck_ranges(mg_check *ck, uint32_t p, uint32_t *out, size_t max)
{
    return collect_up(ck, p, ck->wk.rdfs_range, out, max);
}

int ck_is_datatype_expr(mg_check *ck, uint32_t x)
{
    uint32_t mem[32];
    size_t nm = ck_union_members(ck, x, mem, 32);
    if (nm == 0)
        return 0;
    for (size_t k = 0; k < nm; k++)
        if (!ck->terms[mem[k]].is_datatype)
            return 0;
    return 1;
}

/* Whether a literal of datatype `have` (a full IRI) is in datatype `want`
 * (integer subtypes are integers, integers are decimals). */
static int datatype_in(const char *have, const char *want)
{
    if (strcmp(have, want) == 0)
        return 1;
    size_t ns = strlen(NS_XSD);
    if (strncmp(have, NS_XSD, ns) != 0 || strncmp(want, NS_XSD, ns) != 0)
        return 0;
    static const char *const ints[] = {
        "integer", "long", "int", "short", "byte", "nonNegativeInteger",
        "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"};
    const char *h = have + ns, *w = want + ns;
    int h_int = 0;
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        h_int |= strcmp(h, ints[i]) == 0;
    if (strcmp(w, "decimal") == 0)
        return h_int;
    if (strcmp(w, "integer") == 0)
        return h_int;
    return 0;
}

int ck_literal_in(mg_check *ck, uint32_t l, uint32_t x)
{
    const ck_term *t = &ck->terms[l];
    uint32_t mem[32];
    size_t nm = ck_union_members(ck, x, mem, 32);
    if (nm == 0)
        return 1;
    const char *dt = t->ext_is_lang ? NS_RDF "langString"
                     : *t->extra    ? t->extra
                                    : NS_XSD "string";
    for (size_t k = 0; k < nm; k++) {
        const char *m = ck->terms[mem[k]].value;
        if (strcmp(m, NS_RDFS "Literal") == 0)
            return 1;
        if (strcmp(m, NS_RDF "PlainLiteral") == 0 &&
            (t->ext_is_lang || strcmp(dt, NS_XSD "string") == 0))
            return 1;
        if (datatype_in(dt, m))
            return 1;
    }
    return 0;
}
