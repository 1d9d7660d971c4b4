/*
 * model.c — the data an mg_check holds: interned terms (one copy each),
 * quads with the file and line they came from, the subject index the
 * rules walk, term names for messages, and the list of problems.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "core/prefixes.h"
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

static mg_code intern(mg_check *ck, const mg_term *t, uint32_t *out)
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

static mg_code add_ids(mg_check *ck, const uint32_t ids[4], uint32_t src,
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
        MG_TRY(intern(ck, &q[k], &ids[k]));
    return add_ids(ck, ids, src, line, context);
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

/* store id -> our term, through a small open-addressing map */
static mg_code store_term(mg_check *ck, mg_txn *txn, mg_id id, uint32_t *out,
                          mg_status *st)
{
    if (ck->idmap_n * 10 >= ck->idmap_cap * 7) {
        size_t ncap = ck->idmap_cap ? ck->idmap_cap * 2 : 1024;
        uint64_t *nk = calloc(ncap, sizeof *nk);
        uint32_t *nv = calloc(ncap, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            return mg_fail(st, MG_ERR_NOMEM, "check: out of memory");
        }
        for (size_t i = 0; i < ck->idmap_cap; i++) {
            if (!ck->idmap_k[i])
                continue;
            size_t j = (ck->idmap_k[i] * 0x9E3779B97F4A7C15ULL) & (ncap - 1);
            while (nk[j])
                j = (j + 1) & (ncap - 1);
            nk[j] = ck->idmap_k[i];
            nv[j] = ck->idmap_v[i];
        }
        free(ck->idmap_k);
        free(ck->idmap_v);
        ck->idmap_k = nk;
        ck->idmap_v = nv;
        ck->idmap_cap = ncap;
    }
    size_t j = (id * 0x9E3779B97F4A7C15ULL) & (ck->idmap_cap - 1);
    while (ck->idmap_k[j]) {
        if (ck->idmap_k[j] == id) {
            *out = ck->idmap_v[j];
            return MG_OK;
        }
        j = (j + 1) & (ck->idmap_cap - 1);
    }
    mg_term t;
    MG_TRY(mg_term_get(txn, id, &t, st));
    /* the store's strings are not NUL-terminated: copy through intern */
    mg_code rc = intern(ck, &t, out);
    if (rc != MG_OK)
        return mg_fail(st, rc, "check: out of memory");
    ck->idmap_k[j] = id;
    ck->idmap_v[j] = *out;
    ck->idmap_n++;
    return MG_OK;
}

/* Graph ids of the store that are the ontology graph or hold an
 * owl:Ontology subject. */
static mg_code ontology_graphs(mg_txn *txn, mg_id **out, size_t *n,
                               mg_status *st)
{
    *out = NULL;
    *n = 0;
    mg_term ty = {MG_TERM_IRI, NS_RDF "type", strlen(NS_RDF "type"), NULL, NULL};
    mg_term on = {MG_TERM_IRI, NS_OWL "Ontology", strlen(NS_OWL "Ontology"),
                  NULL, NULL};
    mg_term og = {MG_TERM_IRI, MG_CHECK_ONTOLOGY_GRAPH,
                  strlen(MG_CHECK_ONTOLOGY_GRAPH), NULL, NULL};
    mg_id tid = 0, oid = 0, gid = 0;
    mg_status ignore;
    mg_status_clear(&ignore);
    mg_term_lookup(txn, &og, &gid, &ignore);
    size_t cap = 8;
    mg_id *v = malloc(cap * sizeof *v);
    if (!v)
        return mg_fail(st, MG_ERR_NOMEM, "check: out of memory");
    if (gid)
        v[(*n)++] = gid;
    if (mg_term_lookup(txn, &ty, &tid, &ignore) == MG_OK &&
        mg_term_lookup(txn, &on, &oid, &ignore) == MG_OK) {
        mg_quad pat = {0, 0, tid, oid};
        mg_cursor *c = NULL;
        if (mg_cursor_open(txn, &pat, 0, &c, st) != MG_OK) {
            free(v);
            return st->code;
        }
        mg_quad q;
        int r;
        while ((r = mg_cursor_next(c, &q, st)) == 1) {
            size_t k = 0;
            while (k < *n && v[k] != q.g)
                k++;
            if (k < *n)
                continue;
            if (*n == cap) {
                mg_id *nv = realloc(v, 2 * cap * sizeof *nv);
                if (!nv) {
                    r = -1;
                    mg_fail(st, MG_ERR_NOMEM, "check: out of memory");
                    break;
                }
                v = nv;
                cap *= 2;
            }
            v[(*n)++] = q.g;
        }
        mg_cursor_close(c);
        if (r < 0) {
            free(v);
            return st->code;
        }
    }
    *out = v;
    return MG_OK;
}

static mg_code add_store_pattern(mg_check *ck, mg_txn *txn, mg_id g,
                                 int context, size_t *added, mg_status *st)
{
    mg_quad pat = {g, 0, 0, 0};
    mg_cursor *c = NULL;
    MG_TRY(mg_cursor_open(txn, &pat, 0, &c, st));
    mg_quad q;
    int r;
    mg_code rc = MG_OK;
    while (rc == MG_OK && (r = mg_cursor_next(c, &q, st)) == 1) {
        uint32_t ids[4];
        mg_id in[4] = {q.g, q.s, q.p, q.o};
        for (int k = 0; rc == MG_OK && k < 4; k++)
            rc = store_term(ck, txn, in[k], &ids[k], st);
        if (rc == MG_OK && add_ids(ck, ids, 0, 0, context) != MG_OK)
            rc = mg_fail(st, MG_ERR_NOMEM, "check: out of memory");
        if (rc == MG_OK && added)
            (*added)++;
    }
    if (rc == MG_OK && r < 0)
        rc = st->code;
    mg_cursor_close(c);
    return rc;
}

mg_code mg_check_add_store(mg_check *ck, mg_txn *txn, int ontology_only,
                           size_t *added, mg_status *st)
{
    if (added)
        *added = 0;
    if (!ontology_only)
        return add_store_pattern(ck, txn, 0, 0, added, st);
    mg_id *gs = NULL;
    size_t n = 0;
    MG_TRY(ontology_graphs(txn, &gs, &n, st));
    mg_code rc = MG_OK;
    for (size_t i = 0; rc == MG_OK && i < n; i++)
        rc = add_store_pattern(ck, txn, gs[i], 1, added, st);
    free(gs);
    return rc;
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

/* ---- names ------------------------------------------------------------ */

static void iri_name(const char *iri, size_t len, char *buf, size_t size)
{
    const char *local = NULL;
    const mg_prefix *p = mg_prefix_for_iri(iri, len, &local);
    if (p && mg_prefix_local_ok(local, len - (size_t)(local - iri)))
        snprintf(buf, size, "%s:%.*s", p->name, (int)(len - (size_t)(local - iri)),
                 local);
    else
        snprintf(buf, size, "<%.*s>", (int)len, iri);
}

void ck_name(const mg_check *ck, uint32_t t, char *buf, size_t size)
{
    if (!t || t >= ck->nterms) {
        snprintf(buf, size, "-");
        return;
    }
    const ck_term *x = &ck->terms[t];
    if (x->kind == MG_TERM_IRI) {
        iri_name(x->value, x->len, buf, size);
        return;
    }
    if (x->kind == MG_TERM_BLANK) {
        snprintf(buf, size, "_:%s", x->value);
        return;
    }
    /* literal: at most 40 bytes of the value, cut on a UTF-8 boundary */
    size_t n = x->len;
    int cut = 0;
    if (n > 40) {
        n = 40;
        while (n > 0 && ((unsigned char)x->value[n] & 0xC0) == 0x80)
            n--;
        cut = 1;
    }
    char suffix[300] = "";
    if (x->ext_is_lang)
        snprintf(suffix, sizeof suffix, "%s", x->extra); /* "@tag" */
    else if (*x->extra) {
        char dt[280];
        iri_name(x->extra, strlen(x->extra), dt, sizeof dt);
        snprintf(suffix, sizeof suffix, "^^%s", dt);
    }
    snprintf(buf, size, "\"%.*s%s\"%s", (int)n, x->value, cut ? "..." : "",
             suffix);
}

/* ---- problems --------------------------------------------------------- */

mg_code ck_report(mg_check *ck, mg_check_severity sev, uint32_t qi, int where,
                  const char *fmt, ...)
{
    const ck_quad *q = &ck->quads[qi];
    if (q->context)
        return MG_OK;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg - 600, fmt, ap);
    va_end(ap);
    char sn[300], pn[300];
    ck_name(ck, q->s, sn, sizeof sn);
    ck_name(ck, q->p, pn, sizeof pn);
    size_t m = strlen(msg);
    snprintf(msg + m, sizeof msg - m, " (%s, %s)", sn, pn);
    if (mg_grow((void **)&ck->probs, &ck->pcap, ck->nprobs + 1,
             sizeof *ck->probs) != 0)
        return MG_ERR_NOMEM;
    ck_problem *p = &ck->probs[ck->nprobs];
    memset(p, 0, sizeof *p);
    char gn[600];
    ck_name(ck, q->g, gn, sizeof gn);
    p->msg_owned = strdup(msg);
    p->graph_owned = strdup(gn);
    if (!p->msg_owned || !p->graph_owned) {
        free(p->msg_owned);
        free(p->graph_owned);
        return MG_ERR_NOMEM;
    }
    p->src = q->src;
    p->seq = ck->nprobs;
    p->pub.severity = sev;
    p->pub.file = q->src ? ck->srcs[q->src - 1].path : NULL;
    p->pub.line = q->src ? ck_locate(ck, q, where) : 0;
    p->pub.graph = p->graph_owned;
    p->pub.message = p->msg_owned;
    ck->nprobs++;
    if (sev == MG_CHECK_ERROR)
        ck->errors++;
    else
        ck->warnings++;
    return MG_OK;
}

static int cmp_problem(const void *a, const void *b)
{
    const ck_problem *x = a, *y = b;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    if (!x->src) { /* store: by graph */
        int c = strcmp(x->pub.graph, y->pub.graph);
        if (c)
            return c;
    }
    if (x->pub.line != y->pub.line)
        return x->pub.line < y->pub.line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void ck_sort_problems(mg_check *ck)
{
    if (ck->nprobs > 1)
        qsort(ck->probs, ck->nprobs, sizeof *ck->probs, cmp_problem);
}

size_t mg_check_problem_count(const mg_check *ck)
{
    return ck ? ck->nprobs : 0;
}

const mg_check_problem *mg_check_problem_at(const mg_check *ck, size_t i)
{
    return ck && i < ck->nprobs ? &ck->probs[i].pub : NULL;
}

void mg_check_totals(const mg_check *ck, size_t *errors, size_t *warnings)
{
    if (errors)
        *errors = ck ? ck->errors : 0;
    if (warnings)
        *warnings = ck ? ck->warnings : 0;
}
