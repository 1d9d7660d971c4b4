/*
 * model.c — the data an mg_check holds: interned terms (one copy each),
 * quads with the file and line they came from, and the subject index the
 * rules walk.  Quads read from a store: from_store.c; term names and the
 * list of problems: report.c.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "core/util.h"

mg_check *mg_check_new(void)
{
    mg_check *ck = calloc(1, sizeof *ck);
    if (!ck)
        return NULL;
    ck->terms = calloc(64, sizeof *ck->terms);
    if (!ck->terms) {
        free(ck);
        return NULL;
    }
    ck->tcap = 64;
    ck->nterms = 1; /* term 0: none */
    return ck;
}

void ck_source_release(ck_source *src)
{
    free(src->path);
    free(src->format);
    free(src->text);
    free(src->code);
    free(src->line_off);
    for (size_t i = 0; i < src->npfx; i++) {
        free(src->pfx_name[i]);
        free(src->pfx_iri[i]);
    }
    free(src->pfx_name);
    free(src->pfx_iri);
}

void mg_check_free(mg_check *ck)
{
    if (!ck)
        return;
    for (uint32_t i = 1; i < ck->nterms; i++) {
        free(ck->terms[i].value);
        free(ck->terms[i].extra);
    }
    free(ck->terms);
    free(ck->htab);
    free(ck->quads);
    for (size_t i = 0; i < ck->nsrcs; i++)
        ck_source_release(&ck->srcs[i]);
    free(ck->srcs);
    free(ck->idmap_k);
    free(ck->idmap_v);
    free(ck->by_s);
    free(ck->s_start);
    free(ck->o_first);
    for (size_t i = 0; i < ck->nprobs; i++) {
        free(ck->probs[i].graph_owned);
        free(ck->probs[i].msg_owned);
    }
    free(ck->probs);
    free(ck->mark);
    free(ck->stack);
    free(ck);
}

/* ---- terms ------------------------------------------------------------ */

static int rehash(mg_check *ck)
{
    size_t ncap = ck->hcap ? ck->hcap * 2 : 1024;
    uint32_t *nt = calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (uint32_t i = 1; i < ck->nterms; i++) {
        const ck_term *t = &ck->terms[i];
        size_t j = mg_term_hash(t->kind, t->value, t->len, t->extra,
                                strlen(t->extra)) & (ncap - 1);
        while (nt[j])
            j = (j + 1) & (ncap - 1);
        nt[j] = i;
    }
    free(ck->htab);
    ck->htab = nt;
    ck->hcap = ncap;
    return 0;
}

static uint32_t find(const mg_check *ck, int kind, const char *v, size_t len,
                     const char *x, size_t *slot)
{
    if (!ck->hcap)
        return 0;
    size_t j = mg_term_hash(kind, v, len, x, strlen(x)) & (ck->hcap - 1);
    while (ck->htab[j]) {
        const ck_term *t = &ck->terms[ck->htab[j]];
        if ((int)t->kind == kind && t->len == len &&
            memcmp(t->value, v, len) == 0 && strcmp(t->extra, x) == 0)
            return ck->htab[j];
        j = (j + 1) & (ck->hcap - 1);
    }
    if (slot)
        *slot = j;
    return 0;
}

/* The extra string of a term: "@tag" for a language, the datatype IRI
 * otherwise (a '@' cannot start an absolute IRI). */
static void term_extra(const mg_term *t, const char **x, int *is_lang)
{
    *is_lang = 0;
    *x = "";
    if (t->kind != MG_TERM_LITERAL)
        return;
    if (t->lang && *t->lang) {
        *x = t->lang;
        *is_lang = 1;
    } else if (t->datatype && *t->datatype) {
        *x = t->datatype;
    }
}

mg_code ck_intern(mg_check *ck, const mg_term *t, uint32_t *out)
{
    const char *x;
    int is_lang;
    term_extra(t, &x, &is_lang);
    char *xk = NULL;
    if (is_lang) { /* key languages as "@tag" so they never equal a datatype */
        xk = malloc(strlen(x) + 2);
        if (!xk)
            return MG_ERR_NOMEM;
        xk[0] = '@';
        strcpy(xk + 1, x);
        x = xk;
    }
    if ((size_t)(ck->nterms + 1) * 10 > ck->hcap * 7 && rehash(ck) != 0) {
        free(xk);
        return MG_ERR_NOMEM;
    }
    size_t slot = 0;
    uint32_t id = find(ck, t->kind, t->value, t->len, x, &slot);
    if (id) {
        free(xk);
        *out = id;
        return MG_OK;
    }
    size_t tcap = ck->tcap;
    if (mg_grow((void **)&ck->terms, &tcap, (size_t)ck->nterms + 1,
             sizeof *ck->terms) != 0) {
        free(xk);
        return MG_ERR_NOMEM;
    }
    ck->tcap = (uint32_t)tcap;
    ck_term *nt = &ck->terms[ck->nterms];
    memset(nt, 0, sizeof *nt);
    nt->kind = t->kind;
    nt->len = t->len;
    nt->value = malloc(t->len + 1);
    nt->extra = xk ? xk : strdup(x);
    if (!nt->value || !nt->extra) {
        free(nt->value);
        free(nt->extra);
        return MG_ERR_NOMEM;
    }
    memcpy(nt->value, t->value, t->len);
    nt->value[t->len] = '\0';
    nt->ext_is_lang = (uint8_t)is_lang;
    ck->htab[slot] = ck->nterms;
    *out = ck->nterms++;
    return MG_OK;
}

uint32_t ck_lookup_iri(const mg_check *ck, const char *iri)
{
    return find(ck, MG_TERM_IRI, iri, strlen(iri), "", NULL);
}

int ck_iri_has_prefix(const ck_term *t, const char *ns)
{
    size_t n = strlen(ns);
    return t->kind == MG_TERM_IRI && t->len >= n &&
           memcmp(t->value, ns, n) == 0;
}

/* ---- adding quads ----------------------------------------------------- */

static mg_code add_source(mg_check *ck, const char *path, const char *format,
                          uint32_t *src)
{
    *src = 0;
    if (!path)
        return MG_OK;
    for (size_t i = 0; i < ck->nsrcs; i++)
        if (strcmp(ck->srcs[i].path, path) == 0) {
            *src = (uint32_t)i + 1;
            return MG_OK;
        }
    ck_source *ns = realloc(ck->srcs, (ck->nsrcs + 1) * sizeof *ns);
    if (!ns)
        return MG_ERR_NOMEM;
    ck->srcs = ns;
    ck_source *s = &ck->srcs[ck->nsrcs];
    memset(s, 0, sizeof *s);
    s->path = strdup(path);
    s->format = strdup(format ? format : "");
    if (!s->path || !s->format) {
        ck_source_release(s);
        return MG_ERR_NOMEM;
    }
    *src = (uint32_t)++ck->nsrcs;
    return MG_OK;
}

mg_code ck_add_ids(mg_check *ck, const uint32_t ids[4], uint32_t src,
                   unsigned long line, int context)
{
    if (mg_grow((void **)&ck->quads, &ck->qcap, ck->nquads + 1,
             sizeof *ck->quads) != 0)
        return MG_ERR_NOMEM;
    ck_quad *q = &ck->quads[ck->nquads++];
    q->g = ids[0];
    q->s = ids[1];
    q->p = ids[2];
    q->o = ids[3];
    q->src = src;
    q->line = line > UINT32_MAX ? 0 : (uint32_t)line;
    q->context = (uint8_t)(context != 0);
    return MG_OK;
}

static mg_code add_terms(mg_check *ck, const mg_term q[4], uint32_t src,
                         unsigned long line, int context)
{
    uint32_t ids[4];
    for (int k = 0; k < 4; k++)
        MG_TRY(ck_intern(ck, &q[k], &ids[k]));
    return ck_add_ids(ck, ids, src, line, context);
}

mg_code mg_check_add_quad(mg_check *ck, const mg_term q[4], const char *file,
                          unsigned long line, int context, mg_status *st)
{
    uint32_t src;
    mg_code rc = add_source(ck, file, NULL, &src);
    if (rc == MG_OK)
        rc = add_terms(ck, q, src, line, context);
    return rc == MG_OK ? MG_OK : mg_fail(st, rc, "check: out of memory");
}

mg_code mg_check_add_parsed(mg_check *ck, const mg_quadbuf *qb, size_t from,
                            const char *path, const char *format,
                            const char *graph_from, const char *graph_to,
                            int context, mg_status *st)
{
    uint32_t src = 0;
    mg_code rc = MG_OK;
    if (path && strcmp(path, "-") != 0)
        rc = add_source(ck, path, format, &src);
    size_t n = mg_quadbuf_count(qb);
    for (size_t i = from; rc == MG_OK && i < n; i++) {
        mg_term q[4];
        mg_quadbuf_get(qb, i, q);
        if (graph_from && graph_to && q[0].kind == MG_TERM_IRI &&
            strcmp(q[0].value, graph_from) == 0) {
            q[0].value = graph_to;
            q[0].len = strlen(graph_to);
        }
        rc = add_terms(ck, q, src, mg_quadbuf_line(qb, i), context);
    }
    return rc == MG_OK ? MG_OK : mg_fail(st, rc, "check: out of memory");
}


int mg_check_graph_has_ontology(const mg_check *ck, const char *iri)
{
    uint32_t g = ck_lookup_iri(ck, iri);
    uint32_t ty = ck_lookup_iri(ck, NS_RDF "type");
    uint32_t on = ck_lookup_iri(ck, NS_OWL "Ontology");
    if (!g || !ty || !on)
        return 0;
    for (size_t i = 0; i < ck->nquads; i++)
        if (ck->quads[i].g == g && ck->quads[i].p == ty &&
            ck->quads[i].o == on)
            return 1;
    return 0;
}

/* ---- index ------------------------------------------------------------ */

static const mg_check *sort_ck; /* qsort has no context argument */

static int cmp_by_s(const void *a, const void *b)
{
    const ck_quad *x = &sort_ck->quads[*(const uint32_t *)a];
    const ck_quad *y = &sort_ck->quads[*(const uint32_t *)b];
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    /* keep file order within a subject: the first statement first */
    uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;
    return ia < ib ? -1 : ia > ib;
}

mg_code ck_build_index(mg_check *ck)
{
    if (ck->nquads > UINT32_MAX)
        return MG_ERR_NOMEM;
    ck->by_s = malloc((ck->nquads ? ck->nquads : 1) * sizeof *ck->by_s);
    ck->s_start = calloc((size_t)ck->nterms + 1, sizeof *ck->s_start);
    ck->o_first = calloc(ck->nterms, sizeof *ck->o_first);
    ck->mark = calloc(ck->nterms, sizeof *ck->mark);
    ck->stack = malloc((size_t)ck->nterms * sizeof *ck->stack);
    if (!ck->by_s || !ck->s_start || !ck->o_first || !ck->mark || !ck->stack)
        return MG_ERR_NOMEM;
    for (size_t i = 0; i < ck->nquads; i++) {
        ck->by_s[i] = (uint32_t)i;
        ck->s_start[ck->quads[i].s + 1]++;
        if (!ck->o_first[ck->quads[i].o])
            ck->o_first[ck->quads[i].o] = (uint32_t)i + 1;
    }
    for (uint32_t t = 1; t <= ck->nterms; t++)
        ck->s_start[t] += ck->s_start[t - 1];
    sort_ck = ck;
    qsort(ck->by_s, ck->nquads, sizeof *ck->by_s, cmp_by_s);
    sort_ck = NULL;
    return MG_OK;
}

const uint32_t *ck_subject_quads(const mg_check *ck, uint32_t s, size_t *n)
{
    *n = ck->s_start[s + 1] - ck->s_start[s];
    return ck->by_s + ck->s_start[s];
}
