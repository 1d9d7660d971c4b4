/*
 * facts.c — what the catalogue says about the published graph, read from
 * it: VoID statistics, the vocabularies used, the territories (spatial
 * coverage), the earliest and latest event dates (temporal coverage) and
 * the most used subjects (keywords).
 *
 * Owns: the arrays of an mgp_facts (mgp_facts_free); the terms they point
 * to belong to the set.
 */
#include "publish/facts.h"

#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"

/* The namespace of an IRI: up to its last '#' or '/'. */
static size_t namespace_len(const mg_xterm *t)
{
    size_t n = t->len;
    while (n > 0 && t->value[n - 1] != '#' && t->value[n - 1] != '/')
        n--;
    return n;
}

static int is_project_prefix(const char *name)
{
    static const char *const ours[] = {"mg", "mgi", "person", "orga", "event",
                                       "terr", "pub", "concept", "role", "ms",
                                       "src", NULL};
    for (const char *const *o = ours; *o; o++)
        if (strcmp(name, *o) == 0)
            return 1;
    return 0;
}

static mg_code add_vocab(mgp_facts *f, const mg_xterm *t, mg_status *st)
{
    if (t->kind != MG_TERM_IRI)
        return MG_OK;
    const mg_prefix *p = mg_prefix_for_iri(t->value, t->len, NULL);
    size_t n = p ? strlen(p->iri) : namespace_len(t);
    if ((p && is_project_prefix(p->name)) || n == 0 ||
        strncmp(t->value, MG_INSTANCE_NS, strlen(MG_INSTANCE_NS)) == 0)
        return MG_OK;
    for (size_t i = 0; i < f->nvocabs; i++)
        if (strlen(f->vocabs[i]) == n && memcmp(f->vocabs[i], t->value, n) == 0)
            return MG_OK;
    char **v = realloc(f->vocabs, (f->nvocabs + 1) * sizeof *v);
    if (!v)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    f->vocabs = v;
    if (!(v[f->nvocabs] = strndup(t->value, n)))
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    f->nvocabs++;
    return MG_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* VoID counts over the distinct triples. */
static mg_code count_void(mg_xset *set, const char *uri_space, mgp_facts *f,
                          mg_status *st)
{
    mg_xset view;
    MG_TRY(mg_xset_triples_view(set, &view, st));
    f->triples = view.n;
    size_t ns = strlen(uri_space);
    mg_code rc = MG_OK;
    for (size_t i = 0; i < view.n && rc == MG_OK; i++) {
        const mg_xquad *q = &view.quads[i];
        if (i == 0 || q->s != view.quads[i - 1].s) {
            f->subjects++;
            if (q->s->kind == MG_TERM_IRI && q->s->len > ns &&
                memcmp(q->s->value, uri_space, ns) == 0)
                f->entities++;
        }
        if (!(q->o->mark & MGP_SEEN)) {
            ((mg_xterm *)q->o)->mark |= MGP_SEEN;
            f->objects++;
        }
        if (!(q->p->mark & MGP_CLASS)) {
            ((mg_xterm *)q->p)->mark |= MGP_CLASS;
            f->properties++;
            rc = add_vocab(f, q->p, st);
        }
    }
    mgp_clear(set, MGP_SEEN | MGP_CLASS);
    for (size_t i = 0; i < view.n && rc == MG_OK; i++) {
        const mg_xquad *q = &view.quads[i];
        if (mgp_is(q->p, NS_RDF "type") && !(q->o->mark & MGP_SEEN)) {
            ((mg_xterm *)q->o)->mark |= MGP_SEEN;
            f->classes++;
            rc = add_vocab(f, q->o, st);
        }
    }
    mgp_clear(set, MGP_SEEN);
    mg_xset_view_free(&view);
    if (rc == MG_OK && f->nvocabs)
        qsort(f->vocabs, f->nvocabs, sizeof *f->vocabs, cmp_str);
    return rc;
}

/* A date literal padded to a full date: the first day of its period
 * (end=0) or the last (end=1); 0 if it is not a date we read. */
static int pad_date(const mg_xterm *o, int end, char out[11])
{
    if (o->kind != MG_TERM_LITERAL || !o->datatype || o->len < 4)
        return 0;
    const char *dt = o->datatype;
    size_t n = 0;
    if (strcmp(dt, NS_XSD "date") == 0 || strcmp(dt, NS_XSD "dateTime") == 0)
        n = 10;
    else if (strcmp(dt, NS_XSD "gYearMonth") == 0)
        n = 7;
    else if (strcmp(dt, NS_XSD "gYear") == 0)
        n = 4;
    if (!n || o->len < n)
        return 0;
    memcpy(out, o->value, n);
    const char *tail = end ? "-12-31" : "-01-01";
    if (n == 4)
        memcpy(out + 4, tail, 6);
    else if (n == 7)
        memcpy(out + 7, end ? "-31" : "-01", 3);
    out[10] = '\0';
    return 1;
}

static void coverage(mg_xset *set, mgp_facts *f)
{
    static const char *const event[] = {NS_SCHEMA "Event", NULL};
    mgp_mark_instances(set, event, MGP_SEEN);
    char lo[11] = "", hi[11] = "";
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (!(q->s->mark & MGP_SEEN) || (!mgp_is(q->p, NS_SCHEMA "startDate") &&
                                         !mgp_is(q->p, NS_SCHEMA "endDate")))
            continue;
        char a[11], b[11];
        if (!pad_date(q->o, 0, a) || !pad_date(q->o, 1, b))
            continue;
        if (!f->start || strcmp(a, lo) < 0) {
            memcpy(lo, a, 11);
            f->start = q->o;
        }
        if (!f->end || strcmp(b, hi) > 0) {
            memcpy(hi, b, 11);
            f->end = q->o;
        }
    }
    mgp_clear(set, MGP_SEEN);
}

static int cmp_term(const void *a, const void *b)
{
    return mg_xterm_cmp(*(const mg_xterm *const *)a, *(const mg_xterm *const *)b);
}

/* The French label of t, else any rdfs:label, else NULL. */
const mg_xterm *mgp_label(const mg_xset *set, const mg_xterm *t)
{
    const mg_xterm *any = NULL;
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (q->s != t || !mgp_is(q->p, NS_RDFS "label") ||
            q->o->kind != MG_TERM_LITERAL)
            continue;
        if (q->o->lang && strcmp(q->o->lang, "fr") == 0)
            return q->o;
        if (!any)
            any = q->o;
    }
    return any;
}

static mg_code territories(mg_xset *set, mgp_facts *f, mg_status *st)
{
    static const char *const terr[] = {NS_MG "Territory", NULL};
    mgp_mark_instances(set, terr, MGP_SEEN);
    for (size_t i = 0; i < set->n; i++) {
        const mg_xterm *s = set->quads[i].s;
        if (!(s->mark & MGP_SEEN) || s->kind != MG_TERM_IRI)
            continue;
        ((mg_xterm *)s)->mark &= ~MGP_SEEN;
        const mg_xterm **a = realloc(f->places, (f->nplaces + 1) * sizeof *a);
        if (!a) {
            mgp_clear(set, MGP_SEEN);
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        }
        f->places = a;
        a[f->nplaces++] = s;
    }
    mgp_clear(set, MGP_SEEN);
    if (!f->nplaces)
        return MG_OK;
    qsort(f->places, f->nplaces, sizeof *f->places, cmp_term);
    f->place_labels = calloc(f->nplaces, sizeof *f->place_labels);
    if (!f->place_labels)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < f->nplaces; i++)
        f->place_labels[i] = mgp_label(set, f->places[i]);
    return MG_OK;
}

typedef struct subj_count {
    const mg_xterm *t;
    size_t n;
} subj_count;

static int cmp_count(const void *a, const void *b)
{
    const subj_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return mg_xterm_cmp(x->t, y->t);
}

/* The MGP_MAX_KEYWORDS subjects (dcterms:subject) used most. */
static mg_code keywords(mg_xset *set, mgp_facts *f, mg_status *st)
{
    subj_count *c = NULL;
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (!mgp_is(q->p, NS_DCT "subject") || q->o->kind != MG_TERM_IRI)
            continue;
        size_t k = 0;
        while (k < n && c[k].t != q->o)
            k++;
        if (k == n) {
            subj_count *m = realloc(c, (n + 1) * sizeof *m);
            if (!m) {
                free(c);
                return mg_fail(st, MG_ERR_NOMEM, "out of memory");
            }
            c = m;
            c[n++] = (subj_count){q->o, 0};
        }
        c[k].n++;
    }
    if (n)
        qsort(c, n, sizeof *c, cmp_count);
    for (size_t i = 0; i < n && f->nkeywords < MGP_MAX_KEYWORDS; i++) {
        const mg_xterm *l = mgp_label(set, c[i].t);
        if (l)
            f->keywords[f->nkeywords++] = l;
    }
    free(c);
    return MG_OK;
}

mg_code mgp_facts_read(mg_xset *set, const char *uri_space, mgp_facts *f,
                       mg_status *st)
{
    memset(f, 0, sizeof *f);
    MG_TRY(count_void(set, uri_space, f, st));
    coverage(set, f);
    MG_TRY(territories(set, f, st));
    return keywords(set, f, st);
}

void mgp_facts_free(mgp_facts *f)
{
    for (size_t i = 0; i < f->nvocabs; i++)
        free(f->vocabs[i]);
    free(f->vocabs);
    free(f->places);
    free(f->place_labels);
    memset(f, 0, sizeof *f);
}
