/*
 * rules.c — the checks of `maillage check` over an mg_check's quads:
 * entities typed and labelled, vocabulary declared, domains and ranges,
 * literals, likely duplicates and graphs (see check.h for the rules).
 * Each problem is recorded with ck_report on the quad that shows it.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

#define MAXX 32

/* ---- once-only reporting of a term per file (or per graph) ----------- */

typedef struct seen {
    uint32_t *t, *src, *g;
    size_t n, cap;
} seen;

/* 1 if (t, where) was already seen, else records it and returns 0;
 * -1 when out of memory. */
static int seen_once(seen *s, uint32_t t, const ck_quad *q)
{
    uint32_t g = q->src ? 0 : q->g;
    for (size_t i = 0; i < s->n; i++)
        if (s->t[i] == t && s->src[i] == q->src && s->g[i] == g)
            return 1;
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 64;
        uint32_t *a = realloc(s->t, nc * sizeof *a);
        if (!a)
            return -1;
        s->t = a;
        a = realloc(s->src, nc * sizeof *a);
        if (!a)
            return -1;
        s->src = a;
        a = realloc(s->g, nc * sizeof *a);
        if (!a)
            return -1;
        s->g = a;
        s->cap = nc;
    }
    s->t[s->n] = t;
    s->src[s->n] = q->src;
    s->g[s->n] = g;
    s->n++;
    return 0;
}

static void seen_free(seen *s)
{
    free(s->t);
    free(s->src);
    free(s->g);
}

/* "a T1, T2" listing up to three asserted types of t, or "untyped" */
static void types_of(mg_check *ck, uint32_t t, char *buf, size_t size)
{
    size_t n, k = 0, o = 0;
    const uint32_t *qs = ck_subject_quads(ck, t, &n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        const ck_quad *q = &ck->quads[qs[i]];
        if (q->p != ck->wk.rdf_type || !q->p)
            continue;
        char nm[300];
        ck_name(ck, q->o, nm, sizeof nm);
        size_t prev = o;
        o += (size_t)snprintf(buf + o, size - o, "%s%s", k ? ", " : "a ", nm);
        if (o >= size) {
            buf[prev] = '\0';
            break;
        }
        if (++k == 3)
            break;
    }
    if (!k)
        snprintf(buf, size, "untyped");
}

/* A class expression: its name, or "A or B" for an owl:unionOf. */
static void expr_name(mg_check *ck, uint32_t x, char *buf, size_t size)
{
    uint32_t mem[MAXX];
    size_t n = ck->terms[x].kind == MG_TERM_BLANK
                   ? ck_union_members(ck, x, mem, MAXX)
                   : 0;
    if (n == 0) {
        ck_name(ck, x, buf, size);
        return;
    }
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        char nm[300];
        ck_name(ck, mem[i], nm, sizeof nm);
        int w = snprintf(buf + o, size - o, "%s%s", i ? " or " : "", nm);
        if (w < 0 || (size_t)w >= size - o)
            break;
        o += (size_t)w;
    }
}

/* ---- per-statement checks -------------------------------------------- */

static mg_code check_declared(mg_check *ck, seen *sn, uint32_t qi,
                              uint32_t t, int as_class, int where)
{
    const ck_term *x = &ck->terms[t];
    if (x->kind != MG_TERM_IRI || x->builtin)
        return MG_OK;
    if (as_class ? (x->is_class || x->is_datatype) : x->is_prop)
        return MG_OK;
    int r = seen_once(sn, t, &ck->quads[qi]);
    if (r < 0)
        return MG_ERR_NOMEM;
    if (r)
        return MG_OK;
    char nm[600];
    ck_name(ck, t, nm, sizeof nm);
    if (!as_class && x->is_class)
        return ck_report(ck, MG_CHECK_ERROR, qi, where,
                         "%s is declared as a class, used as a property", nm);
    if (as_class && x->is_prop)
        return ck_report(ck, MG_CHECK_ERROR, qi, where,
                         "%s is declared as a property, used as a class", nm);
    return ck_report(ck, MG_CHECK_ERROR, qi, where, "undeclared %s %s",
                     as_class ? "class" : "property", nm);
}

static mg_code check_literal(mg_check *ck, uint32_t qi)
{
    const ck_quad *q = &ck->quads[qi];
    const ck_term *o = &ck->terms[q->o];
    char on[400];
    if (o->ext_is_lang) {
        if (!mg_check_langtag_ok(o->extra + 1)) {
            ck_name(ck, q->o, on, sizeof on);
            return ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                             "language tag '%s' of %s is not a BCP 47 tag",
                             o->extra + 1, on);
        }
        return MG_OK;
    }
    if (*o->extra && mg_check_lexical_ok(o->extra, o->value, o->len) == 0) {
        char dt[400];
        ck_name(ck, q->o, on, sizeof on);
        const char *hat = strstr(on, "\"^^");
        snprintf(dt, sizeof dt, "%s", hat ? hat + 3 : o->extra);
        return ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                         "%s is not a valid %s", on, dt);
    }
    return MG_OK;
}

static mg_code check_domain_range(mg_check *ck, uint32_t qi)
{
    const ck_quad *q = &ck->quads[qi];
    uint32_t xs[MAXX];
    char pn[400], cn[400], tn[1000], on[400];
    ck_name(ck, q->p, pn, sizeof pn);
    size_t n = ck_domains(ck, q->p, xs, MAXX);
    for (size_t i = 0; i < n; i++) {
        if (ck->terms[q->s].kind == MG_TERM_LITERAL)
            break;
        if (ck_instance_of(ck, q->s, xs[i]) != 0)
            continue; /* in the domain, or untyped (reported apart) */
        expr_name(ck, xs[i], cn, sizeof cn);
        types_of(ck, q->s, tn, sizeof tn);
        ck_name(ck, q->s, on, sizeof on);
        MG_TRY(ck_report(ck, MG_CHECK_ERROR, qi, 'p',
                         "%s is %s, not a %s (the domain of %s)", on, tn, cn,
                         pn));
    }
    const ck_term *o = &ck->terms[q->o];
    int is_lit = o->kind == MG_TERM_LITERAL;
    int reported = 0;
    n = ck_ranges(ck, q->p, xs, MAXX);
    for (size_t i = 0; i < n; i++) {
        expr_name(ck, xs[i], cn, sizeof cn);
        ck_name(ck, q->o, on, sizeof on);
        if (ck_is_datatype_expr(ck, xs[i])) {
            if (!is_lit) {
                reported = 1;
                MG_TRY(ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                                 "%s where a literal (%s) is expected (the "
                                 "range of %s)",
                                 on, cn, pn));
            } else if (!ck_literal_in(ck, q->o, xs[i])) {
                reported = 1;
                MG_TRY(ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                                 "%s is not a %s (the range of %s)", on, cn,
                                 pn));
            }
            continue;
        }
        if (is_lit) {
            reported = 1;
            MG_TRY(ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                             "literal %s where a %s is expected (the range "
                             "of %s)",
                             on, cn, pn));
            continue;
        }
        if (ck_instance_of(ck, q->o, xs[i]) == 0) {
            reported = 1;
            types_of(ck, q->o, tn, sizeof tn);
            MG_TRY(ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                             "%s is %s, not a %s (the range of %s)", on, tn,
                             cn, pn));
        }
    }
    const ck_term *p = &ck->terms[q->p];
    if (!reported && p->is_dtprop && !is_lit) {
        ck_name(ck, q->o, on, sizeof on);
        MG_TRY(ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                         "%s where a literal is expected (%s is an "
                         "owl:DatatypeProperty)",
                         on, pn));
    } else if (!reported && p->is_objprop && is_lit) {
        ck_name(ck, q->o, on, sizeof on);
        MG_TRY(ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                         "literal %s where an IRI is expected (%s is an "
                         "owl:ObjectProperty)",
                         on, pn));
    }
    return MG_OK;
}

/* ---- graphs ----------------------------------------------------------- */

static int graph_ok(const ck_term *g)
{
    return ck_iri_has_prefix(g, MG_CHECK_SOURCE_NS) ||
           (g->kind == MG_TERM_IRI &&
            (strcmp(g->value, MG_CHECK_REFERENCE_GRAPH) == 0 ||
             strcmp(g->value, MG_CHECK_ONTOLOGY_GRAPH) == 0));
}

static mg_code check_graphs(mg_check *ck)
{
    /* one warning per (graph, file): count, and the first statement */
    uint32_t *first = calloc(ck->nterms, sizeof *first);
    size_t *count = calloc(ck->nterms, sizeof *count);
    mg_code rc = first && count ? MG_OK : MG_ERR_NOMEM;
    for (uint32_t src = 0; rc == MG_OK && src <= ck->nsrcs; src++) {
        for (size_t i = 0; i < ck->nquads; i++) {
            const ck_quad *q = &ck->quads[i];
            if (q->src != src || q->context || graph_ok(&ck->terms[q->g]))
                continue;
            if (!count[q->g]++)
                first[q->g] = (uint32_t)i;
        }
        for (uint32_t g = 1; rc == MG_OK && g < ck->nterms; g++) {
            if (!count[g])
                continue;
            rc = ck_report(ck, MG_CHECK_WARNING, first[g], 's',
                           "%zu statement%s outside a document, reference or "
                           "ontology graph (first one here)",
                           count[g], count[g] == 1 ? "" : "s");
            count[g] = 0;
        }
    }
    free(first);
    free(count);
    return rc;
}

/* ---- entities ---------------------------------------------------------- */

static int is_entity(const ck_term *t)
{
    return ck_iri_has_prefix(t, MG_CHECK_ID_NS);
}

static mg_code check_entities(mg_check *ck)
{
    for (uint32_t t = 1; t < ck->nterms; t++) {
        if (!is_entity(&ck->terms[t]))
            continue;
        size_t n;
        const uint32_t *qs = ck_subject_quads(ck, t, &n);
        char nm[600];
        if (n == 0) {
            uint32_t f = ck->o_first[t];
            if (!f)
                continue;
            ck_name(ck, t, nm, sizeof nm);
            MG_TRY(ck_report(ck, MG_CHECK_ERROR, f - 1, 'o',
                             "%s is used but never described (no rdf:type, "
                             "no rdfs:label)",
                             nm));
            continue;
        }
        int typed = 0, labelled = 0;
        size_t at = (size_t)-1;
        for (size_t i = 0; i < n; i++) {
            const ck_quad *q = &ck->quads[qs[i]];
            typed |= q->p == ck->wk.rdf_type && q->p;
            labelled |= q->p == ck->wk.rdfs_label && q->p;
            if (at == (size_t)-1 && !q->context)
                at = qs[i];
        }
        if (at == (size_t)-1)
            continue;
        ck_name(ck, t, nm, sizeof nm);
        if (!typed)
            MG_TRY(ck_report(ck, MG_CHECK_ERROR, (uint32_t)at, 's',
                             "entity %s has no rdf:type", nm));
        if (!labelled)
            MG_TRY(ck_report(ck, MG_CHECK_ERROR, (uint32_t)at, 's',
                             "entity %s has no rdfs:label", nm));
    }
    return MG_OK;
}

/* ---- duplicates -------------------------------------------------------- */

typedef struct dup {
    uint32_t cls, ent, quad;
    char *norm;
} dup;

static int cmp_dup(const void *a, const void *b)
{
    const dup *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    int c = strcmp(x->norm, y->norm);
    if (c)
        return c;
    if (x->ent != y->ent)
        return x->ent < y->ent ? -1 : 1;
    return x->quad < y->quad ? -1 : x->quad > y->quad;
}

static int linked(mg_check *ck, uint32_t a, uint32_t b)
{
    for (int k = 0; k < 2; k++) {
        uint32_t s = k ? b : a, o = k ? a : b;
        size_t n;
        const uint32_t *qs = ck_subject_quads(ck, s, &n);
        for (size_t i = 0; i < n; i++) {
            const ck_quad *q = &ck->quads[qs[i]];
            if (q->o == o && q->p &&
                (q->p == ck->wk.owl_sameas || q->p == ck->wk.owl_differentfrom))
                return 1;
        }
    }
    return 0;
}

static mg_code check_duplicates(mg_check *ck)
{
    dup *d = NULL;
    size_t nd = 0, cap = 0;
    mg_code rc = MG_OK;
    if (!ck->wk.rdf_type || !ck->wk.rdfs_label)
        return MG_OK;
    for (uint32_t t = 1; rc == MG_OK && t < ck->nterms; t++) {
        if (!is_entity(&ck->terms[t]))
            continue;
        size_t n;
        const uint32_t *qs = ck_subject_quads(ck, t, &n);
        for (size_t i = 0; rc == MG_OK && i < n; i++) {
            const ck_quad *lq = &ck->quads[qs[i]];
            if (lq->p != ck->wk.rdfs_label ||
                ck->terms[lq->o].kind != MG_TERM_LITERAL)
                continue;
            for (size_t j = 0; rc == MG_OK && j < n; j++) {
                const ck_quad *tq = &ck->quads[qs[j]];
                if (tq->p != ck->wk.rdf_type)
                    continue;
                if (nd == cap) {
                    size_t nc = cap ? 2 * cap : 256;
                    dup *x = realloc(d, nc * sizeof *x);
                    if (!x) {
                        rc = MG_ERR_NOMEM;
                        break;
                    }
                    d = x;
                    cap = nc;
                }
                const ck_term *l = &ck->terms[lq->o];
                d[nd].norm = mg_check_normalize_label(l->value, l->len);
                if (!d[nd].norm) {
                    rc = MG_ERR_NOMEM;
                    break;
                }
                d[nd].cls = tq->o;
                d[nd].ent = t;
                d[nd].quad = qs[i];
                nd++;
            }
        }
    }
    if (rc == MG_OK)
        qsort(d, nd, sizeof *d, cmp_dup);
    /* pairs already reported (an entity pair shares several classes) */
    uint32_t *done = NULL;
    size_t ndone = 0, dcap = 0;
    for (size_t i = 0; rc == MG_OK && i < nd;) {
        size_t j = i + 1;
        while (j < nd && d[j].cls == d[i].cls && !strcmp(d[j].norm, d[i].norm))
            j++;
        for (size_t b = i + 1; rc == MG_OK && b < j && d[i].norm[0]; b++) {
            if (d[b].ent == d[b - 1].ent)
                continue; /* same entity, another label */
            for (size_t a = i; a < b; a++) {
                if (d[a].ent == d[b].ent)
                    continue;
                uint32_t x = d[a].ent, y = d[b].ent;
                int was = 0;
                for (size_t k = 0; k < ndone && !was; k++)
                    was = done[2 * k] == x && done[2 * k + 1] == y;
                if (was || linked(ck, x, y))
                    continue;
                if (ndone == dcap) {
                    size_t nc = dcap ? 2 * dcap : 32;
                    uint32_t *z = realloc(done, 2 * nc * sizeof *z);
                    if (!z) {
                        rc = MG_ERR_NOMEM;
                        break;
                    }
                    done = z;
                    dcap = nc;
                }
                done[2 * ndone] = x;
                done[2 * ndone + 1] = y;
                ndone++;
                char an[600], cn[400], ln[400];
                ck_name(ck, x, an, sizeof an);
                ck_name(ck, d[b].cls, cn, sizeof cn);
                ck_name(ck, ck->quads[d[b].quad].o, ln, sizeof ln);
                rc = ck_report(ck, MG_CHECK_WARNING, d[b].quad, 'o',
                               "likely duplicate of %s: both a %s labelled "
                               "%s (\"%s\" once accents, case and punctuation "
                               "are removed)",
                               an, cn, ln, d[b].norm);
                break;
            }
        }
        i = j;
    }
    free(done);
    for (size_t i = 0; i < nd; i++)
        free(d[i].norm);
    free(d);
    return rc;
}

/* ---- all --------------------------------------------------------------- */

mg_code mg_check_run(mg_check *ck, mg_status *st)
{
    if (ck->ran)
        return mg_fail(st, MG_ERR_ARG, "check: already run");
    ck->ran = 1;
    mg_code rc = ck_build_index(ck);
    if (rc == MG_OK)
        rc = ck_vocab_build(ck);
    seen sn_p = {0}, sn_c = {0};
    const ck_well_known *w = &ck->wk;
    for (size_t i = 0; rc == MG_OK && i < ck->nquads; i++) {
        const ck_quad *q = &ck->quads[i];
        if (q->context)
            continue;
        uint32_t qi = (uint32_t)i;
        rc = check_declared(ck, &sn_p, qi, q->p, 0, 'p');
        if (rc == MG_OK && q->p == w->rdf_type) {
            if (ck->terms[q->o].kind == MG_TERM_LITERAL)
                rc = ck_report(ck, MG_CHECK_ERROR, qi, 'o',
                               "the object of rdf:type is a literal");
            else
                rc = check_declared(ck, &sn_c, qi, q->o, 1, 'o');
        } else if (rc == MG_OK && q->p &&
                   (q->p == w->rdfs_subclass || q->p == w->rdfs_domain ||
                    q->p == w->rdfs_range)) {
            rc = check_declared(ck, &sn_c, qi, q->o, 1, 'o');
            if (rc == MG_OK && q->p == w->rdfs_subclass)
                rc = check_declared(ck, &sn_c, qi, q->s, 1, 's');
        } else if (rc == MG_OK && q->p && q->p == w->rdfs_subprop) {
            rc = check_declared(ck, &sn_p, qi, q->o, 0, 'o');
        }
        if (rc == MG_OK && ck->terms[q->o].kind == MG_TERM_LITERAL)
            rc = check_literal(ck, qi);
        if (rc == MG_OK)
            rc = check_domain_range(ck, qi);
    }
    seen_free(&sn_p);
    seen_free(&sn_c);
    if (rc == MG_OK)
        rc = check_entities(ck);
    if (rc == MG_OK)
        rc = check_duplicates(ck);
    if (rc == MG_OK)
        rc = check_graphs(ck);
    if (rc != MG_OK)
        return mg_fail(st, rc, "check: %s", rc == MG_ERR_NOMEM
                                                ? "out of memory"
                                                : "internal error");
    ck_sort_problems(ck);
    return MG_OK;
}
