/*
 * pg_text.c — the text index of a PostgreSQL store (format 2): the table
 * mg_text holds every term's value folded as core/textmap.h folds it (the
 * embedded store's text index, lmdb_text.c, holds the same), written with
 * the term by pg_terms.c and pg_copy.c.  A search is one sequential scan
 * of that table by PostgreSQL, which sends back only the ids that match:
 * the candidates of fold(x) CONTAINS "…" and its kin (store.h), instead of
 * one label read per node.
 */
#include "pgstore/pgstore.h"
#include "core/textmap.h"

#include <stdlib.h>
#include <string.h>

mg_code mg_pg_text_of(const char *value, size_t len, char **fv,
                      size_t *fvlen, int *bad, mg_status *st)
{
    *fv = malloc(MG_TEXT_MAP_MAX(len) + 1);
    if (!*fv)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    *fvlen = mg_text_map(value ? value : "", len, 'f', *fv);
    *bad = !mg_utf8_valid(value ? value : "", len);
    return MG_OK;
}

mg_code mg_pg_text_search(mg_txn *txn, const char *needle, size_t len,
                          mg_id_fn fn, void *ctx, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (!t->store->has_text)
        return MG_ERR_UNSUPPORTED;
    char *folded = malloc(MG_TEXT_MAP_MAX(len) + 1);
    if (!folded)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    size_t n = mg_text_map(needle, len, 'f', folded);
    const char *vals[1] = {folded};
    int lens[1] = {(int)n};
    PGresult *r = mg_pg_run(t, PS_TEXT_SEARCH, NULL, 1, vals, lens, st);
    free(folded);
    if (!r)
        return st->code;
    for (int i = 0; i < PQntuples(r); i++)
        if (fn(ctx, mg_pg_id(r, i, 0)))
            break;
    PQclear(r);
    return MG_OK;
}

/* Reads the terms and their rows in id order, a batch at a time. */
mg_code mg_pg_text_check(mg_pg_txn *t, mg_status *st)
{
    if (!t->store->has_text)
        return MG_OK;
    PGconn *conn = t->c->conn;
    MG_TRY(mg_pg_exec(conn,
                      "DECLARE mg_text_check NO SCROLL CURSOR FOR SELECT "
                      "coalesce(d.id, x.id), d.value, x.fv, x.bad FROM "
                      "mg_terms d FULL JOIN mg_text x ON x.id = d.id "
                      "ORDER BY 1", st, "checking the text index"));
    mg_code rc = MG_OK;
    char *buf = NULL;
    for (;;) {
        PGresult *r = PQexecParams(conn, "FETCH 4096 FROM mg_text_check", 0,
                                   NULL, NULL, NULL, NULL, 1);
        if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
            rc = mg_pg_result_fail(st, r, conn, "checking the text index");
            PQclear(r);
            break;
        }
        int rows = PQntuples(r);
        for (int i = 0; rc == MG_OK && i < rows; i++) {
            unsigned long long id = (unsigned long long)mg_pg_id(r, i, 0);
            if (PQgetisnull(r, i, 1) || PQgetisnull(r, i, 2)) {
                rc = mg_fail(st, MG_ERR_INTERNAL, "text index: id %llu is %s",
                             id, PQgetisnull(r, i, 1)
                                     ? "not in the dictionary"
                                     : "missing from the text index");
                break;
            }
            size_t fvlen = 0;
            int bad = 0;
            free(buf);
            rc = mg_pg_text_of(PQgetvalue(r, i, 1),
                               (size_t)PQgetlength(r, i, 1), &buf, &fvlen,
                               &bad, st);
            if (rc == MG_OK &&
                (fvlen != (size_t)PQgetlength(r, i, 2) ||
                 memcmp(buf, PQgetvalue(r, i, 2), fvlen) != 0 ||
                 bad != (*PQgetvalue(r, i, 3) != 0)))
                rc = mg_fail(st, MG_ERR_INTERNAL,
                             "text index: the row of id %llu is not its "
                             "value folded", id);
        }
        PQclear(r);
        if (rc != MG_OK || rows < 4096)
            break;
    }
    free(buf);
    if (rc == MG_OK)
        rc = mg_pg_exec(conn, "CLOSE mg_text_check", st,
                        "checking the text index");
    return rc;
}
