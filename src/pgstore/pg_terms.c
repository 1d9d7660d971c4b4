/*
 * pg_terms.c — the term dictionary on PostgreSQL (pgstore.h): finding,
 * adding and reading terms one at a time, through the caches of
 * pg_cache.c: the store's (terms read in read transactions: committed,
 * so true while the store is open) and the write transaction's own.
 * What mg_term_get returns lives in one of them, so it stays valid until
 * the transaction ends (at least).
 */
#include "pgstore/pgstore.h"

#include <stdlib.h>
#include <string.h>

/* The four parameters of a term: kind (smallint), value, lang, dt. */
typedef struct term_params {
    unsigned char kind[2];
    const char *vals[4];
    int lens[4];
} term_params;

static mg_code term_params_of(const mg_term *term, term_params *p,
                              mg_status *st)
{
    if (term->kind < MG_TERM_IRI || term->kind > MG_TERM_LITERAL)
        return mg_fail(st, MG_ERR_ARG, "unknown term kind %d", (int)term->kind);
    if (term->len > 0x3fffffff)
        return mg_fail(st, MG_ERR_ARG, "term too long");
    const char *lang = "", *dt = "";
    if (term->kind == MG_TERM_LITERAL) {
        if (term->lang && *term->lang)
            lang = term->lang;
        else if (term->datatype && *term->datatype)
            dt = term->datatype;
    }
    p->kind[0] = 0;
    p->kind[1] = (unsigned char)term->kind;
    p->vals[0] = (const char *)p->kind;
    p->lens[0] = 2;
    p->vals[1] = term->len ? term->value : "";
    p->lens[1] = (int)term->len;
    p->vals[2] = lang;
    p->lens[2] = (int)strlen(lang);
    p->vals[3] = dt;
    p->lens[3] = (int)strlen(dt);
    return MG_OK;
}

/* Caches a term read from the store: in the store's cache when the
 * transaction reads committed data only, else in the transaction's. */
static mg_code remember(mg_pg_txn *t, mg_id id, const mg_term *term,
                        mg_status *st)
{
    mg_pg_tcache *c = &t->store->committed;
    if (t->write || c->n >= MG_PG_CACHE_MAX)
        c = &t->own;
    return mg_pg_tc_put(c, id, term, (size_t)-1, st);
}

mg_code mg_pg_term_lookup(mg_txn *txn, const mg_term *term, mg_id *out,
                          mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    *out = mg_pg_tc_find(&t->store->committed, term);
    if (!*out)
        *out = mg_pg_tc_find(&t->own, term);
    if (*out)
        return MG_OK;
    term_params p;
    MG_TRY(term_params_of(term, &p, st));
    PGresult *r = mg_pg_run(t, PS_TERM_FIND, NULL, 4, p.vals, p.lens, st);
    if (!r)
        return st->code;
    mg_code rc = MG_OK;
    if (PQntuples(r) > 0)
        *out = mg_pg_id(r, 0, 0);
    else
        rc = MG_ERR_NOT_FOUND;
    PQclear(r);
    if (rc == MG_OK)
        rc = remember(t, *out, term, st);
    return rc; /* MG_ERR_NOT_FOUND without a message, as store.h says */
}

mg_code mg_pg_next_id(mg_pg_txn *t, mg_status *st)
{
    if (t->next_id)
        return MG_OK;
    uint64_t v = 0;
    MG_TRY(mg_pg_scalar(t->c->conn,
                        "SELECT value FROM mg_meta WHERE key = 'next_id'", &v,
                        st));
    if (v == 0)
        return mg_fail(st, MG_ERR_INTERNAL, "the store has no next_id");
    t->next_id = v;
    return MG_OK;
}

mg_code mg_pg_term_intern(mg_txn *txn, const mg_term *term, mg_id *out,
                          mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "adding a term needs a write transaction");
    mg_code rc = mg_pg_term_lookup(txn, term, out, st);
    if (rc != MG_ERR_NOT_FOUND)
        return rc;
    MG_TRY(mg_pg_next_id(t, st));
    term_params p;
    MG_TRY(term_params_of(term, &p, st));
    unsigned char idb[8];
    mg_pg_be64(idb, t->next_id);
    /* format 2: the folded value goes to mg_text in the same statement */
    char *fv = NULL;
    size_t fvlen = 0;
    int bad = 0;
    if (t->store->has_text)
        MG_TRY(mg_pg_text_of(term->value, term->len, &fv, &fvlen, &bad, st));
    char badb = (char)bad;
    const char *vals[7] = {(const char *)idb, p.vals[0], p.vals[1], p.vals[2],
                           p.vals[3], fv, &badb};
    int lens[7] = {8, p.lens[0], p.lens[1], p.lens[2], p.lens[3], (int)fvlen,
                   1};
    PGresult *r = t->store->has_text
                      ? mg_pg_run(t, PS_TERM_PUT_TEXT, NULL, 7, vals, lens, st)
                      : mg_pg_run(t, PS_TERM_PUT, NULL, 5, vals, lens, st);
    free(fv);
    if (!r)
        return st->code;
    PQclear(r);
    *out = t->next_id++;
    t->next_dirty = 1;
    return mg_pg_tc_put(&t->own, *out, term, (size_t)-1, st);
}

/* Reading terms ------------------------------------------------------------ */

static void fill(const mg_pg_term *e, mg_term *out)
{
    memset(out, 0, sizeof *out);
    out->kind = e->kind;
    out->value = e->value;
    out->len = e->len;
    out->lang = e->lang;
    out->datatype = e->datatype;
}

/* Caches row `row` of a term batch (id, kind, value, lang, dt). */
static mg_code cache_row(mg_pg_txn *t, const PGresult *r, int row,
                         mg_status *st)
{
    if (PQgetlength(r, row, 1) != 2)
        return mg_fail(st, MG_ERR_INTERNAL, "a term with a bad kind");
    mg_term term = {
        (mg_term_kind)((const unsigned char *)PQgetvalue(r, row, 1))[1],
        PQgetvalue(r, row, 2), (size_t)PQgetlength(r, row, 2),
        PQgetlength(r, row, 3) ? PQgetvalue(r, row, 3) : NULL,
        PQgetlength(r, row, 4) ? PQgetvalue(r, row, 4) : NULL};
    return remember(t, mg_pg_id(r, row, 0), &term, st);
}

/* Caches every row of a term batch, and frees it. */
static mg_code cache_rows(mg_pg_txn *t, PGresult *r, mg_status *st)
{
    mg_code rc = MG_OK;
    for (int row = 0; row < PQntuples(r) && rc == MG_OK; row++)
        rc = cache_row(t, r, row, st);
    PQclear(r);
    return rc;
}

/* Terms are read in batches of neighbouring ids: terms loaded together
 * have consecutive ids and are mostly read together (an export, the rows
 * of a query), so one round trip serves many reads. */
#define TERM_BATCH 128

static const mg_pg_term *cached(const mg_pg_txn *t, mg_id id)
{
    const mg_pg_term *e = mg_pg_tc_get(&t->store->committed, id);
    return e ? e : mg_pg_tc_get(&t->own, id);
}

mg_code mg_pg_term_get(mg_txn *txn, mg_id id, mg_term *out, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    const mg_pg_term *hit = cached(t, id);
    if (!hit) {
        mg_id range[2] = {id, id + TERM_BATCH};
        PGresult *r = mg_pg_run_ids(t, PS_TERM_GET, NULL, 2, range, st);
        if (!r)
            return st->code;
        MG_TRY(cache_rows(t, r, st));
        hit = cached(t, id);
    }
    if (!hit)
        return mg_fail(st, MG_ERR_NOT_FOUND, "no term with id %llu",
                       (unsigned long long)id);
    fill(hit, out);
    return MG_OK;
}

mg_code mg_pg_terms_prefetch(mg_pg_txn *t, const mg_id *ids, size_t n,
                             mg_status *st)
{
    mg_id *want = malloc((n ? n : 1) * sizeof *want);
    if (!want)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i] && !cached(t, ids[i]))
            want[m++] = ids[i];
    PGresult *r = m ? mg_pg_with_ids(t,
                                     "SELECT id, kind, value, lang, dt FROM "
                                     "mg_terms WHERE id = ANY($1::bigint[])",
                                     want, m, 0, st)
                    : NULL;
    free(want);
    if (!m)
        return MG_OK;
    return r ? cache_rows(t, r, st) : st->code;
}

uint64_t mg_pg_term_count(mg_txn *txn)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    mg_status st;
    mg_status_clear(&st);
    if (t->next_id)
        return t->next_id - 1;
    uint64_t v = 0;
    if (mg_pg_scalar(t->c->conn,
                     "SELECT value FROM mg_meta WHERE key = 'next_id'", &v,
                     &st) != MG_OK || v == 0)
        return 0;
    return v - 1;
}
