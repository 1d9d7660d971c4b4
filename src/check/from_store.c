/*
 * from_store.c — a check's quads read from a store (mg_check_add_store):
 * every quad, or only those of the ontology graphs (the ontology graph
 * and the graphs holding an owl:Ontology), with store ids mapped to the
 * check's own interned terms.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

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
    mg_code rc = ck_intern(ck, &t, out);
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
        if (rc == MG_OK && ck_add_ids(ck, ids, 0, 0, context) != MG_OK)
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
