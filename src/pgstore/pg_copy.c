/*
 * pg_copy.c — the bulk paths on PostgreSQL (pgstore.h): terms and quads
 * go to the connection's temporary tables by binary COPY, then into the
 * store by set-based INSERT ... SELECT, and the statistics of what they
 * touch are recomputed set-based, all in the caller's transaction (a
 * failure anywhere leaves it failed, and the abort leaves the store as
 * it was).
 */
#include "pgstore/pgstore.h"
#include "core/textmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A binary COPY stream --------------------------------------------------- */

typedef struct copy_buf {
    PGconn *conn;
    unsigned char *b;
    size_t n, cap;
    int failed;
} copy_buf;

#define COPY_FLUSH (1u << 20)

static void put(copy_buf *c, const void *p, size_t len)
{
    if (c->failed)
        return;
    if (c->n + len > c->cap) {
        size_t cap = c->cap ? c->cap : COPY_FLUSH + 4096;
        while (cap < c->n + len)
            cap *= 2;
        unsigned char *b = realloc(c->b, cap);
        if (!b) {
            c->failed = 1;
            return;
        }
        c->b = b;
        c->cap = cap;
    }
    memcpy(c->b + c->n, p, len);
    c->n += len;
}

static void put_be(copy_buf *c, uint64_t v, int bytes)
{
    unsigned char b[8];
    for (int i = bytes - 1; i >= 0; i--, v >>= 8)
        b[i] = (unsigned char)(v & 0xff);
    put(c, b, (size_t)bytes);
}

static void flush(copy_buf *c, int force)
{
    if (c->failed || (!force && c->n < COPY_FLUSH) || c->n == 0)
        return;
    if (PQputCopyData(c->conn, (const char *)c->b, (int)c->n) != 1)
        c->failed = 1;
    c->n = 0;
}

static mg_code copy_begin(copy_buf *c, PGconn *conn, const char *sql,
                          mg_status *st)
{
    memset(c, 0, sizeof *c);
    c->conn = conn;
    PGresult *r = PQexec(conn, sql);
    int ok = r && PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    if (!ok)
        return mg_pg_fail(st, conn, "starting a COPY");
    static const unsigned char header[19] = {'P', 'G', 'C', 'O', 'P', 'Y',
                                             '\n', 0xff, '\r', '\n', 0};
    put(c, header, sizeof header); /* signature, flags 0, extension 0 */
    return MG_OK;
}

static mg_code copy_end(copy_buf *c, mg_status *st)
{
    put_be(c, 0xffff, 2); /* trailer */
    flush(c, 1);
    free(c->b);
    c->b = NULL;
    int failed = c->failed;
    if (PQputCopyEnd(c->conn, failed ? "out of memory" : NULL) != 1)
        failed = 1;
    mg_code rc = MG_OK;
    PGresult *r;
    while ((r = PQgetResult(c->conn)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == MG_OK)
            rc = mg_pg_fail(st, c->conn, "copying into the store");
        PQclear(r);
    }
    if (rc == MG_OK && failed)
        rc = mg_fail(st, MG_ERR_NOMEM, "copying into the store: out of memory");
    return rc;
}

/* Runs SQL and returns its row count (PQcmdTuples) in *n. */
static mg_code exec_count(PGconn *conn, const char *sql, uint64_t *n,
                          mg_status *st, const char *what)
{
    PGresult *r = PQexec(conn, sql);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        PQclear(r);
        return mg_pg_fail(st, conn, what);
    }
    *n = strtoull(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return MG_OK;
}

/* Terms ------------------------------------------------------------------ */

#define TERM_MATCH                                                          \
    "d.kind = t.kind AND md5(d.value) = md5(t.value) AND d.value = t.value " \
    "AND d.lang = t.lang AND d.dt = t.dt"

mg_code mg_pg_terms_intern_bulk(mg_txn *txn, const mg_term *terms, size_t n,
                                mg_id *ids, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "adding terms needs a write transaction");
    if (n == 0)
        return MG_OK;
    if (n > 0x7fffffff)
        return mg_fail(st, MG_ERR_ARG, "too many terms in one batch");
    PGconn *conn = t->c->conn;
    MG_TRY(mg_pg_exec(conn, mg_pg_temp_sql(), st, "adding terms"));
    MG_TRY(mg_pg_exec(conn, "TRUNCATE mg_tmp_terms", st, "adding terms"));
    MG_TRY(mg_pg_next_id(t, st));
    copy_buf c;
    int text = t->store->has_text;
    MG_TRY(copy_begin(&c, conn,
                      text ? "COPY mg_tmp_terms (i, kind, value, lang, dt, fv, "
                             "bad) FROM STDIN (FORMAT binary)"
                           : "COPY mg_tmp_terms (i, kind, value, lang, dt) "
                             "FROM STDIN (FORMAT binary)", st));
    char *fv = NULL;
    size_t fvcap = 0;
    for (size_t i = 0; i < n; i++) {
        const mg_term *term = &terms[i];
        const char *lang = "", *dt = "";
        if (term->kind == MG_TERM_LITERAL) {
            if (term->lang && *term->lang)
                lang = term->lang;
            else if (term->datatype && *term->datatype)
                dt = term->datatype;
        }
        size_t ll = strlen(lang), dl = strlen(dt);
        put_be(&c, text ? 7 : 5, 2);
        put_be(&c, 4, 4);
        put_be(&c, i, 4);
        put_be(&c, 2, 4);
        put_be(&c, (uint64_t)term->kind, 2);
        put_be(&c, term->len, 4);
        put(&c, term->value ? term->value : "", term->len);
        put_be(&c, ll, 4);
        put(&c, lang, ll);
        put_be(&c, dl, 4);
        put(&c, dt, dl);
        if (text) { /* the value folded, for mg_text */
            const char *v = term->value ? term->value : "";
            if (MG_TEXT_MAP_MAX(term->len) + 1 > fvcap) {
                fvcap = MG_TEXT_MAP_MAX(term->len) + 1;
                char *b = realloc(fv, fvcap);
                if (!b) {
                    c.failed = 1;
                    break;
                }
                fv = b;
            }
            size_t fl = mg_text_map(v, term->len, 'f', fv);
            put_be(&c, fl, 4);
            put(&c, fv, fl);
            put_be(&c, 1, 4);
            put_be(&c, mg_utf8_valid(v, term->len) ? 0 : 1, 1);
        }
        flush(&c, 0);
    }
    free(fv);
    MG_TRY(copy_end(&c, st));
    char sql[640];
    uint64_t added = 0, first = t->next_id;
    MG_TRY(mg_pg_exec(conn,
                      "ANALYZE mg_tmp_terms; UPDATE mg_tmp_terms t SET id = d.id "
                      "FROM mg_terms d WHERE " TERM_MATCH,
                      st, "finding terms"));
    if (text) /* the new terms, and their rows of mg_text */
        snprintf(sql, sizeof sql,
                 "WITH f AS (SELECT %llu + row_number() OVER (ORDER BY i) - 1"
                 " AS id, kind, value, lang, dt, fv, bad FROM (SELECT min(i) "
                 "AS i, kind, value, lang, dt, fv, bad FROM mg_tmp_terms WHERE"
                 " id IS NULL GROUP BY kind, value, lang, dt, fv, bad) g), x "
                 "AS (INSERT INTO mg_text SELECT id, fv, bad FROM f) INSERT "
                 "INTO mg_terms SELECT id, kind, value, lang, dt FROM f",
                 (unsigned long long)first);
    else
        snprintf(sql, sizeof sql,
                 "INSERT INTO mg_terms SELECT %llu + row_number() OVER (ORDER "
                 "BY i) - 1, kind, value, lang, dt FROM (SELECT min(i) AS i, "
                 "kind, value, lang, dt FROM mg_tmp_terms WHERE id IS NULL "
                 "GROUP BY kind, value, lang, dt) f",
                 (unsigned long long)first);
    MG_TRY(exec_count(conn, sql, &added, st, "adding terms"));
    if (added) {
        t->next_id += added;
        t->next_dirty = 1;
        snprintf(sql, sizeof sql,
                 "UPDATE mg_tmp_terms t SET id = d.id FROM mg_terms d WHERE "
                 "t.id IS NULL AND d.id >= %llu AND " TERM_MATCH,
                 (unsigned long long)first);
        MG_TRY(mg_pg_exec(conn, sql, st, "adding terms"));
    }
    PGresult *r = PQexecParams(conn, "SELECT i, id FROM mg_tmp_terms", 0, NULL,
                               NULL, NULL, NULL, 1);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        PQclear(r);
        return mg_pg_fail(st, conn, "reading term ids");
    }
    mg_code rc = MG_OK;
    for (size_t i = 0; i < n; i++)
        ids[i] = 0;
    for (int row = 0; row < PQntuples(r); row++) {
        const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, 0);
        size_t i = ((size_t)p[0] << 24) | ((size_t)p[1] << 16) |
                   ((size_t)p[2] << 8) | p[3];
        if (i < n)
            ids[i] = mg_pg_id(r, row, 1);
    }
    PQclear(r);
    for (size_t i = 0; i < n && rc == MG_OK; i++)
        if (!ids[i])
            rc = mg_fail(st, MG_ERR_INTERNAL, "term %zu got no id", i);
    return rc;
}

/* Quads ------------------------------------------------------------------ */

static int cmp_spog(const void *a, const void *b)
{
    const mg_quad *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    if (x->o != y->o)
        return x->o < y->o ? -1 : 1;
    if (x->g != y->g)
        return x->g < y->g ? -1 : 1;
    return 0;
}

mg_code mg_pg_restat(mg_pg_txn *t, mg_status *st)
{
    return mg_pg_exec(
        t->c->conn,
        "CREATE TEMP TABLE IF NOT EXISTS mg_touch_g (g bigint);"
        "CREATE TEMP TABLE IF NOT EXISTS mg_touch_p (p bigint);"
        "CREATE TEMP TABLE IF NOT EXISTS mg_touch_c (c bigint);"
        "TRUNCATE mg_touch_g, mg_touch_p, mg_touch_c;"
        "INSERT INTO mg_touch_g SELECT DISTINCT g FROM mg_tmp_quads;"
        "INSERT INTO mg_touch_p SELECT DISTINCT p FROM mg_tmp_quads;"
        "INSERT INTO mg_touch_c SELECT DISTINCT o FROM mg_tmp_quads "
        " WHERE p = mg_rdf_type();"
        "ANALYZE mg_touch_g, mg_touch_p, mg_touch_c;"
        "DELETE FROM mg_gstat WHERE g IN (SELECT g FROM mg_touch_g);"
        "INSERT INTO mg_gstat SELECT q.g, count(*) FROM mg_quads q"
        " JOIN mg_touch_g x ON q.g = x.g GROUP BY q.g;"
        "DELETE FROM mg_pstat WHERE p IN (SELECT p FROM mg_touch_p);"
        "INSERT INTO mg_pstat SELECT p, count(*), count(DISTINCT s),"
        " count(DISTINCT o) FROM (SELECT DISTINCT q.s, q.p, q.o FROM mg_quads q"
        " JOIN mg_touch_p x ON q.p = x.p) t GROUP BY p;"
        "DELETE FROM mg_cstat WHERE c IN (SELECT c FROM mg_touch_c);"
        "INSERT INTO mg_cstat SELECT q.o, count(DISTINCT q.s) FROM mg_quads q"
        " JOIN mg_touch_c x ON q.o = x.c WHERE q.p = mg_rdf_type()"
        " GROUP BY q.o",
        st, "updating the statistics");
}

mg_code mg_pg_quads_add_bulk(mg_txn *txn, mg_quad *q, size_t n, size_t *kept,
                             uint64_t *added, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (kept)
        *kept = 0;
    if (added)
        *added = 0;
    if (!t->write)
        return mg_fail(st, MG_ERR_ARG, "writing needs a write transaction");
    for (size_t i = 0; i < n; i++)
        if (!q[i].g || !q[i].s || !q[i].p || !q[i].o)
            return mg_fail(st, MG_ERR_ARG, "a quad needs four non-zero ids");
    if (n == 0)
        return MG_OK;
    qsort(q, n, sizeof *q, cmp_spog);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (cmp_spog(&q[i], &q[k - 1]) != 0)
            q[k++] = q[i];
    if (kept)
        *kept = k;
    PGconn *conn = t->c->conn;
    MG_TRY(mg_pg_exec(conn, mg_pg_temp_sql(), st, "adding quads"));
    MG_TRY(mg_pg_exec(conn, "TRUNCATE mg_tmp_quads", st, "adding quads"));
    copy_buf c;
    MG_TRY(copy_begin(&c, conn,
                      "COPY mg_tmp_quads (g, s, p, o) FROM STDIN (FORMAT binary)",
                      st));
    for (size_t i = 0; i < k; i++) {
        put_be(&c, 4, 2);
        const mg_id v[4] = {q[i].g, q[i].s, q[i].p, q[i].o};
        for (int j = 0; j < 4; j++) {
            put_be(&c, 8, 4);
            put_be(&c, v[j], 8);
        }
        flush(&c, 0);
    }
    MG_TRY(copy_end(&c, st));
    uint64_t n_added = 0;
    MG_TRY(exec_count(conn,
                      "INSERT INTO mg_quads SELECT g, s, p, o FROM mg_tmp_quads "
                      "ON CONFLICT DO NOTHING",
                      &n_added, st, "adding quads"));
    if (added)
        *added = n_added;
    if (n_added == 0)
        return MG_OK;
    MG_TRY(mg_pg_restat(t, st));
    /* Fresh planner statistics after a large load. */
    if (n_added >= 10000)
        MG_TRY(mg_pg_exec(conn, "ANALYZE mg_quads; ANALYZE mg_terms", st,
                          "analysing the store"));
    return MG_OK;
}
