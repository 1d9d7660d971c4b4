/*
 * quadbuf.c — the in-memory quad buffer (mg_quadbuf): a string arena of
 * interned terms, a hash table over them, and an array of quads of term
 * numbers.  Everything a load parses waits here until all inputs parsed.
 */
#include <stdlib.h>
#include <string.h>

#include "load/load_internal.h"

mg_quadbuf *mg_quadbuf_new(void)
{
    return calloc(1, sizeof(mg_quadbuf));
}

void mg_quadbuf_free(mg_quadbuf *qb)
{
    if (!qb)
        return;
    free(qb->arena);
    free(qb->terms);
    free(qb->htab);
    free(qb->quads);
    free(qb->fgraphs);
    free(qb->lines);
    free(qb);
}

size_t mg_quadbuf_count(const mg_quadbuf *qb)
{
    return qb ? qb->nquads : 0;
}

static int term_equals(const mg_quadbuf *qb, const mg_qterm *t, int kind,
                       const char *v, size_t len, const char *x, size_t xlen)
{
    if (t->kind != kind || t->len != len || t->xlen != xlen)
        return 0;
    const char *a = qb->arena + t->off;
    return memcmp(a, v, len) == 0 && memcmp(a + len + 1, x, xlen) == 0;
}

/* A word-at-a-time hash of bytes, continuing from h. */
static uint64_t hash_bytes(uint64_t h, const char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w ^ ((uint64_t)n << 56)) * k;
    return h ^ (h >> 32);
}

static uint32_t qb_hash(int kind, const char *v, size_t len, const char *x,
                        size_t xlen)
{
    uint64_t h = hash_bytes((uint64_t)kind * 0xff51afd7ed558ccdull, v, len);
    if (xlen)
        h = hash_bytes(h, x, xlen);
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return (uint32_t)(h ^ (h >> 33));
}

static int rehash(mg_quadbuf *qb)
{
    size_t ncap = qb->hcap ? qb->hcap * 2 : 1024;
    uint64_t *nt = calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (uint32_t i = 0; i < qb->nterms; i++) {
        uint32_t h = qb->terms[i].hash;
        size_t j = h & (ncap - 1);
        while (nt[j])
            j = (j + 1) & (ncap - 1);
        nt[j] = ((uint64_t)h << 32) | (i + 1);
    }
    free(qb->htab);
    qb->htab = nt;
    qb->hcap = ncap;
    return 0;
}

/*
 * Returns the number of the term (kind, v, x), adding it if new.  Terms
 * repeat a lot in RDF (predicates, classes, subjects of several triples),
 * so interning keeps a million triples in tens of megabytes.  A table
 * entry carries the term's hash, so a probe touches the term only when
 * the hashes agree.
 */
mg_code mg_qb_intern(mg_quadbuf *qb, int kind, const char *v, size_t len,
                     const char *x, size_t xlen, uint32_t *out)
{
    if (!x)
        x = "";
    if (len > UINT32_MAX || xlen > UINT32_MAX || qb->nterms == UINT32_MAX - 1)
        return MG_ERR_NOMEM;
    if ((size_t)(qb->nterms + 1) * 10 > qb->hcap * 7 && rehash(qb) != 0)
        return MG_ERR_NOMEM;
    uint32_t h = qb_hash(kind, v, len, x, xlen);
    size_t j = h & (qb->hcap - 1);
    for (; qb->htab[j]; j = (j + 1) & (qb->hcap - 1)) {
        uint64_t e = qb->htab[j];
        if ((uint32_t)(e >> 32) != h)
            continue;
        uint32_t n = (uint32_t)e - 1;
        if (term_equals(qb, &qb->terms[n], kind, v, len, x, xlen)) {
            *out = n;
            return MG_OK;
        }
    }
    size_t tcap = qb->tcap;
    if (mg_grow((void **)&qb->terms, &tcap, (size_t)qb->nterms + 1,
             sizeof *qb->terms) != 0 ||
        mg_grow((void **)&qb->arena, &qb->acap, qb->alen + len + xlen + 2, 1) != 0)
        return MG_ERR_NOMEM;
    qb->tcap = (uint32_t)(tcap > UINT32_MAX ? UINT32_MAX : tcap);
    mg_qterm *t = &qb->terms[qb->nterms];
    t->off = qb->alen;
    t->len = (uint32_t)len;
    t->xlen = (uint32_t)xlen;
    t->hash = h;
    t->kind = (uint8_t)kind;
    char *a = qb->arena + qb->alen;
    memcpy(a, v, len);
    a[len] = '\0';
    memcpy(a + len + 1, x, xlen);
    a[len + 1 + xlen] = '\0';
    qb->alen += len + xlen + 2;
    qb->htab[j] = ((uint64_t)h << 32) | (qb->nterms + 1);
    *out = qb->nterms++;
    return MG_OK;
}

mg_code mg_qb_intern_hint(mg_quadbuf *qb, uint32_t *hint, int kind,
                          const char *v, size_t len, const char *x,
                          size_t xlen, uint32_t *out)
{
    if (*hint < qb->nterms &&
        term_equals(qb, &qb->terms[*hint], kind, v, len, x ? x : "", xlen)) {
        *out = *hint;
        return MG_OK;
    }
    mg_code rc = mg_qb_intern(qb, kind, v, len, x, xlen, out);
    if (rc == MG_OK)
        *hint = *out;
    return rc;
}

mg_code mg_qb_add(mg_quadbuf *qb, uint32_t g, uint32_t s, uint32_t p,
                  uint32_t o)
{
    if (mg_grow((void **)&qb->quads, &qb->qcap, (qb->nquads + 1) * 4,
             sizeof *qb->quads) != 0)
        return MG_ERR_NOMEM;
    uint32_t *q = qb->quads + qb->nquads * 4;
    q[0] = g;
    q[1] = s;
    q[2] = p;
    q[3] = o;
    qb->nquads++;
    return MG_OK;
}

mg_code mg_qb_add_file_graph(mg_quadbuf *qb, uint32_t g)
{
    if (mg_grow((void **)&qb->fgraphs, &qb->fgcap, qb->nfg + 1,
             sizeof *qb->fgraphs) != 0)
        return MG_ERR_NOMEM;
    qb->fgraphs[qb->nfg++] = g;
    return MG_OK;
}

void mg_qb_truncate(mg_quadbuf *qb, size_t nquads, size_t nfg)
{
    if (nquads < qb->nquads)
        qb->nquads = nquads;
    if (nfg < qb->nfg)
        qb->nfg = nfg;
    if (nquads < qb->nlines)
        qb->nlines = nquads;
}

void mg_quadbuf_keep_lines(mg_quadbuf *qb)
{
    if (qb)
        qb->keep_lines = 1;
}

mg_code mg_qb_set_last_line(mg_quadbuf *qb, uint32_t line)
{
    if (!qb->keep_lines || qb->nquads == 0)
        return MG_OK;
    if (mg_grow((void **)&qb->lines, &qb->lcap, qb->nquads, sizeof *qb->lines) != 0)
        return MG_ERR_NOMEM;
    while (qb->nlines < qb->nquads - 1)
        qb->lines[qb->nlines++] = 0;
    qb->lines[qb->nquads - 1] = line;
    qb->nlines = qb->nquads;
    return MG_OK;
}

unsigned long mg_quadbuf_line(const mg_quadbuf *qb, size_t i)
{
    if (!qb || i >= qb->nlines)
        return 0;
    return qb->lines[i];
}

void mg_qb_term(const mg_quadbuf *qb, uint32_t n, mg_term *out)
{
    const mg_qterm *t = &qb->terms[n];
    const char *a = qb->arena + t->off;
    out->value = a;
    out->len = t->len;
    out->lang = NULL;
    out->datatype = NULL;
    switch (t->kind) {
    case MG_QT_IRI: out->kind = MG_TERM_IRI; break;
    case MG_QT_BLANK: out->kind = MG_TERM_BLANK; break;
    case MG_QT_LIT_LANG:
        out->kind = MG_TERM_LITERAL;
        out->lang = a + t->len + 1;
        break;
    case MG_QT_LIT_DT:
        out->kind = MG_TERM_LITERAL;
        out->datatype = a + t->len + 1;
        break;
    default: out->kind = MG_TERM_LITERAL; break;
    }
}

void mg_quadbuf_get(const mg_quadbuf *qb, size_t i, mg_term out[4])
{
    const uint32_t *q = qb->quads + i * 4;
    for (int k = 0; k < 4; k++)
        mg_qb_term(qb, q[k], &out[k]);
}
