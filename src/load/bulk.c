/*
 * bulk.c — mg_quadbuf → our LMDB store without a librdf call per
 * statement: the loader's fast path when the store is ours.
 *
 * Inside the one librdf transaction of the load (so readers, rollback and
 * the commit's sync are exactly as on the general path): the replaced
 * graphs are dropped, the buffer's terms are interned at once in order of
 * first use (so they get the ids the general path would give them), and
 * the quads are added at once (store.h: mg_terms_intern_bulk,
 * mg_quads_add_bulk: sorted, appended when the store has no quads).
 *
 * MAILLAGE_BULK=0 in the environment turns the fast path off (the tests
 * compare the two paths).
 */
#include <stdlib.h>
#include <string.h>

#include "load/load_internal.h"
#include "store/librdf_storage.h"

int mg_bulk_enabled(const mg_db *db)
{
    const char *env = getenv("MAILLAGE_BULK");
    return db->native && !(env && strcmp(env, "0") == 0);
}

static uint64_t triples_now(mg_txn *t)
{
    mg_counts c;
    mg_status st;
    mg_status_clear(&st);
    return mg_store_counts(t, &c, &st) == MG_OK ? c.triples : 0;
}

/* What the storage accepts (the general path's librdf checks): a subject
 * that is an IRI or blank node, an IRI predicate, a graph that is not a
 * literal. */
static int quads_legal(const mg_quadbuf *qb)
{
    for (size_t i = 0; i < qb->nquads; i++) {
        const uint32_t *q = qb->quads + i * 4;
        int gk = qb->terms[q[0]].kind, sk = qb->terms[q[1]].kind,
            pk = qb->terms[q[2]].kind;
        if ((gk != MG_QT_IRI && gk != MG_QT_BLANK) ||
            (sk != MG_QT_IRI && sk != MG_QT_BLANK) || pk != MG_QT_IRI)
            return 0;
    }
    return 1;
}

/* Empties every graph the buffer writes to and every input's file graph. */
static mg_code drop_graphs(mg_txn *t, const mg_quadbuf *qb,
                           const unsigned char *graph, mg_status *st)
{
    for (uint32_t n = 0; n < qb->nterms; n++) {
        if (!graph[n])
            continue;
        mg_term term;
        mg_id g = 0;
        mg_qb_term(qb, n, &term);
        mg_code rc = mg_term_lookup(t, &term, &g, st);
        if (rc == MG_ERR_NOT_FOUND)
            continue;
        if (rc == MG_OK)
            rc = mg_graph_drop(t, g, NULL, st);
        if (rc != MG_OK)
            return rc;
    }
    return MG_OK;
}

/* Interns the terms the quads use, in order of first use (g, s, p, o of
 * each quad in turn), and writes the quads as ids. */
static mg_code add_quads(mg_txn *t, const mg_quadbuf *qb, mg_status *st)
{
    uint32_t *slot = malloc((qb->nterms ? qb->nterms : 1) * sizeof *slot);
    mg_term *terms = malloc((qb->nterms ? qb->nterms : 1) * sizeof *terms);
    mg_id *ids = malloc((qb->nterms ? qb->nterms : 1) * sizeof *ids);
    mg_quad *quads = malloc((qb->nquads ? qb->nquads : 1) * sizeof *quads);
    mg_code rc = MG_OK;
    if (!slot || !terms || !ids || !quads) {
        rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
        goto done;
    }
    memset(slot, 0xff, (qb->nterms ? qb->nterms : 1) * sizeof *slot);
    size_t nt = 0;
    for (size_t i = 0; i < qb->nquads * 4; i++) {
        uint32_t n = qb->quads[i];
        if (slot[n] == UINT32_MAX) {
            slot[n] = (uint32_t)nt;
            mg_qb_term(qb, n, &terms[nt++]);
        }
    }
    rc = mg_terms_intern_bulk(t, terms, nt, ids, st);
    if (rc != MG_OK)
        goto done;
    for (size_t i = 0; i < qb->nquads; i++) {
        const uint32_t *q = qb->quads + i * 4;
        quads[i] = (mg_quad){ids[slot[q[0]]], ids[slot[q[1]]],
                             ids[slot[q[2]]], ids[slot[q[3]]]};
    }
    rc = mg_quads_add_bulk(t, quads, qb->nquads, NULL, NULL, st);
done:
    free(slot);
    free(terms);
    free(ids);
    free(quads);
    return rc;
}

mg_code mg_bulk_write(mg_db *db, const mg_quadbuf *qb, int replace,
                      uint64_t *changed, uint64_t *dropped, size_t *ngraphs,
                      mg_status *st)
{
    if (db->readonly)
        return mg_fail(st, MG_ERR_ARG, "the store is open read-only");
    if (!quads_legal(qb))
        return mg_fail(st, MG_ERR_STORE,
                       "adding a statement failed: a subject must be an IRI "
                       "or a blank node, a predicate an IRI, a graph name "
                       "not a literal");
    unsigned char *graph = calloc(qb->nterms ? qb->nterms : 1, 1);
    if (!graph)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    size_t ng = 0;
    for (size_t i = 0; i < qb->nquads; i++)
        graph[qb->quads[i * 4]] = 1;
    if (replace)
        for (size_t i = 0; i < qb->nfg; i++)
            graph[qb->fgraphs[i]] = 1;
    for (uint32_t n = 0; n < qb->nterms; n++)
        ng += graph[n];

    mg_world_clear_error(db->world);
    if (librdf_model_transaction_start(db->model) != 0) {
        free(graph);
        const char *why = mg_world_last_error(db->world);
        return mg_fail(st, MG_ERR_STORE, "starting the load failed%s%s",
                       *why ? ": " : "", why);
    }
    mg_txn *t = mg_librdf_storage_txn(db->storage);
    mg_code rc = t ? MG_OK
                   : mg_fail(st, MG_ERR_INTERNAL, "no transaction on the store");
    uint64_t initial = t ? triples_now(t) : 0, before = initial, after = 0;
    if (rc == MG_OK && replace) {
        rc = drop_graphs(t, qb, graph, st);
        before = triples_now(t);
    }
    if (rc == MG_OK && qb->nquads)
        rc = add_quads(t, qb, st);
    if (rc == MG_OK)
        after = triples_now(t);
    free(graph);
    if (rc != MG_OK) {
        librdf_model_transaction_rollback(db->model);
        return rc;
    }
    mg_world_clear_error(db->world);
    int crc = librdf_model_transaction_commit(db->model);
    if (crc != 0) {
        const char *why = mg_world_last_error(db->world);
        return mg_fail(st, MG_ERR_STORE, "committing the load failed%s%s",
                       *why ? ": " : "", why);
    }
    if (changed)
        *changed = after > before ? after - before : before - after;
    if (dropped)
        *dropped = initial > before ? initial - before : 0;
    if (ngraphs)
        *ngraphs = ng;
    return MG_OK;
}
