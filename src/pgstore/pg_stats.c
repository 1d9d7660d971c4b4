/*
 * pg_stats.c — counts, statistics and the integrity check of a
 * PostgreSQL store (pgstore.h).
 */
#include "pgstore/pgstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mg_code mg_pg_store_counts(mg_txn *txn, mg_counts *out, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    memset(out, 0, sizeof *out);
    PGresult *r = PQexec(t->c->conn,
                         "SELECT (SELECT coalesce(sum(n), 0) FROM mg_gstat),"
                         " (SELECT coalesce(sum(triples), 0) FROM mg_pstat),"
                         " (SELECT count(*) FROM mg_gstat)");
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        PQclear(r);
        return mg_pg_fail(st, t->c->conn, "counting");
    }
    out->quads = strtoull(PQgetvalue(r, 0, 0), NULL, 10);
    out->triples = strtoull(PQgetvalue(r, 0, 1), NULL, 10);
    out->graphs = strtoull(PQgetvalue(r, 0, 2), NULL, 10);
    PQclear(r);
    out->terms = mg_pg_term_count(txn);
    return MG_OK;
}

/* The statistics tables as stat_row reads them: kind, width, SQL. */
static const struct {
    int ps, width;
    const char *all;
} tables[3] = {
    {PS_GRAPH_SIZE, 1, "SELECT g, n FROM mg_gstat ORDER BY g"},
    {PS_PSTAT, 3, "SELECT p, triples, subjects, objects FROM mg_pstat ORDER BY p"},
    {PS_CSTAT, 1, "SELECT c, n FROM mg_cstat ORDER BY c"},
};

/* Reads a whole statistics table into a read transaction (it cannot
 * change under its snapshot): 1 when loaded. */
static int load_table(mg_pg_txn *t, int k)
{
    mg_pg_stat_table *tb = &t->stats[k];
    if (tb->loaded)
        return tb->loaded > 0;
    tb->loaded = -1;
    PGresult *r = PQexecParams(t->c->conn, tables[k].all, 0, NULL, NULL, NULL,
                               NULL, 1);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        PQclear(r);
        return 0;
    }
    size_t n = (size_t)PQntuples(r), w = (size_t)tables[k].width;
    tb->ids = malloc((n ? n : 1) * sizeof *tb->ids);
    tb->v = malloc((n ? n : 1) * w * sizeof *tb->v);
    if (tb->ids && tb->v) {
        for (size_t i = 0; i < n; i++) {
            tb->ids[i] = mg_pg_id(r, (int)i, 0);
            for (size_t j = 0; j < w; j++)
                tb->v[i * w + j] = mg_pg_id(r, (int)i, (int)j + 1);
        }
        tb->n = n;
        tb->loaded = 1;
    }
    PQclear(r);
    return tb->loaded > 0;
}

/* The values of `id` in statistics table k (zeros when absent): from the
 * whole table in a read transaction, by one query in a write one. */
static void stat_row(mg_txn *txn, int k, mg_id id, uint64_t *v)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    int w = tables[k].width;
    for (int i = 0; i < w; i++)
        v[i] = 0;
    if (!t->write && load_table(t, k)) {
        const mg_pg_stat_table *tb = &t->stats[k];
        size_t lo = 0, hi = tb->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (tb->ids[mid] < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < tb->n && tb->ids[lo] == id)
            for (int i = 0; i < w; i++)
                v[i] = tb->v[lo * (size_t)w + (size_t)i];
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    PGresult *r = mg_pg_run_ids(t, tables[k].ps, NULL, 1, &id, &st);
    if (r && PQntuples(r) == 1)
        for (int i = 0; i < w; i++)
            v[i] = mg_pg_id(r, 0, i);
    PQclear(r);
}

uint64_t mg_pg_graph_size(mg_txn *txn, mg_id g)
{
    uint64_t v;
    stat_row(txn, 0, g, &v);
    return v;
}

void mg_pg_stat_predicate_ex(mg_txn *txn, mg_id p, uint64_t *triples,
                             uint64_t *subjects, uint64_t *objects)
{
    uint64_t v[3];
    stat_row(txn, 1, p, v);
    if (triples)
        *triples = v[0];
    if (subjects)
        *subjects = v[1];
    if (objects)
        *objects = v[2];
}

uint64_t mg_pg_stat_class(mg_txn *txn, mg_id c)
{
    uint64_t v;
    stat_row(txn, 2, c, &v);
    return v;
}

mg_code mg_pg_stat_each(mg_txn *txn, char kind, mg_stat_fn fn, void *ctx,
                        mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    const char *sql = kind == 'g'   ? "SELECT g, n FROM mg_gstat ORDER BY g"
                      : kind == 'p' ? "SELECT p, triples FROM mg_pstat ORDER BY p"
                      : kind == 'c' ? "SELECT c, n FROM mg_cstat ORDER BY c"
                                    : NULL;
    if (!sql)
        return mg_fail(st, MG_ERR_ARG, "unknown statistics table '%c'", kind);
    PGresult *r =
        PQexecParams(t->c->conn, sql, 0, NULL, NULL, NULL, NULL, 1);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        PQclear(r);
        return mg_pg_fail(st, t->c->conn, "reading statistics");
    }
    for (int i = 0; i < PQntuples(r); i++)
        if (fn(ctx, mg_pg_id(r, i, 0), mg_pg_id(r, i, 1)))
            break;
    PQclear(r);
    return MG_OK;
}

/* Integrity -------------------------------------------------------------- */

/* Each check is a query that returns no row when the store agrees, else
 * a row describing the first disagreement. */
static const struct {
    const char *what;
    const char *sql;
} checks[] = {
    {"a quad uses an id that is not in the dictionary",
     "SELECT x::text FROM (SELECT g AS x FROM mg_quads UNION SELECT s FROM "
     "mg_quads UNION SELECT p FROM mg_quads UNION SELECT o FROM mg_quads) u "
     "WHERE NOT EXISTS (SELECT 1 FROM mg_terms WHERE id = u.x) LIMIT 1"},
    {"a term id is not below next_id",
     "SELECT max(id)::text FROM mg_terms HAVING max(id) >= (SELECT value "
     "FROM mg_meta WHERE key = 'next_id')"},
    {"the graph statistics disagree with the quads (graph id)",
     "SELECT g::text FROM ((SELECT g, count(*) AS n FROM mg_quads GROUP BY g) "
     "EXCEPT (SELECT g, n FROM mg_gstat) UNION ALL ((SELECT g, n FROM "
     "mg_gstat) EXCEPT (SELECT g, count(*) FROM mg_quads GROUP BY g))) x "
     "LIMIT 1"},
    {"the predicate statistics disagree with the quads (predicate id)",
     "WITH t AS (SELECT DISTINCT s, p, o FROM mg_quads), c AS (SELECT p, "
     "count(*) AS triples, count(DISTINCT s) AS subjects, count(DISTINCT o) "
     "AS objects FROM t GROUP BY p) SELECT p::text FROM ((SELECT * FROM c "
     "EXCEPT SELECT * FROM mg_pstat) UNION ALL (SELECT * FROM mg_pstat "
     "EXCEPT SELECT * FROM c)) x LIMIT 1"},
    {"the class statistics disagree with the quads (class id)",
     "WITH c AS (SELECT o AS c, count(DISTINCT s) AS n FROM mg_quads WHERE "
     "p = mg_rdf_type() GROUP BY o) SELECT c::text FROM ((SELECT * FROM c "
     "EXCEPT SELECT * FROM mg_cstat) UNION ALL (SELECT * FROM mg_cstat "
     "EXCEPT SELECT * FROM c)) x LIMIT 1"},
    {"an index of the quads table is not valid",
     "SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid "
     "= 'mg_quads'::regclass AND NOT (i.indisvalid AND i.indisready) "
     "UNION ALL SELECT 'missing index' WHERE (SELECT count(*) FROM pg_index "
     "WHERE indrelid = 'mg_quads'::regclass) <> 4"},
};

mg_code mg_pg_store_check(mg_txn *txn, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        PGresult *r = PQexec(t->c->conn, checks[i].sql);
        if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
            PQclear(r);
            return mg_pg_fail(st, t->c->conn, "checking the store");
        }
        if (PQntuples(r) > 0) {
            mg_code rc = mg_fail(st, MG_ERR_INTERNAL, "%s: %s", checks[i].what,
                                 PQgetvalue(r, 0, 0));
            PQclear(r);
            return rc;
        }
        PQclear(r);
    }
    return mg_pg_text_check(t, st);
}
