/*
 * pg_conn.c — opening a PostgreSQL store, its connection pool, its
 * transactions and the statement helpers the other pg_*.c files share
 * (pgstore.h).
 */
#include "pgstore/pgstore.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpq's messages end with a newline and may span lines: one line. */
static void flatten(char *dst, size_t cap, const char *src)
{
    size_t n = 0;
    int space = 0;
    for (; src && *src && n + 1 < cap; src++) {
        if (*src == '\n' || *src == '\t' || *src == '\r') {
            space = 1;
            continue;
        }
        if (space && n > 0 && n + 2 < cap)
            dst[n++] = ' ';
        space = 0;
        dst[n++] = *src;
    }
    dst[n] = '\0';
}

mg_code mg_pg_fail(mg_status *st, PGconn *conn, const char *what)
{
    char msg[768];
    flatten(msg, sizeof msg, conn ? PQerrorMessage(conn) : "no connection");
    return mg_fail(st, MG_ERR_STORE, "%s: %s", what, msg);
}

mg_code mg_pg_result_fail(mg_status *st, PGresult *r, PGconn *conn,
                          const char *what)
{
    char msg[768];
    const char *e = r ? PQresultErrorMessage(r) : NULL;
    flatten(msg, sizeof msg, e && *e ? e : PQerrorMessage(conn));
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    mg_code code = MG_ERR_STORE;
    /* 53100 disk full, 53200 out of memory, 54000 program limit */
    if (state && strcmp(state, "53100") == 0)
        code = MG_ERR_FULL;
    else if (state && strcmp(state, "53200") == 0)
        code = MG_ERR_NOMEM;
    else if (state && strcmp(state, "57014") == 0) /* statement_timeout */
        code = MG_ERR_LIMIT;
    return mg_fail(st, code, "%s: %s", what, msg);
}

mg_code mg_pg_exec(PGconn *conn, const char *sql, mg_status *st,
                   const char *what)
{
    PGresult *r = PQexec(conn, sql);
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    mg_code rc = MG_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = mg_pg_result_fail(st, r, conn, what);
    PQclear(r);
    return rc;
}

mg_code mg_pg_scalar(PGconn *conn, const char *sql, uint64_t *out,
                     mg_status *st)
{
    *out = 0;
    PGresult *r = PQexec(conn, sql);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        mg_code rc = mg_pg_result_fail(st, r, conn, "reading the store");
        PQclear(r);
        return rc;
    }
    if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        *out = strtoull(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return MG_OK;
}

PGresult *mg_pg_run(mg_pg_txn *t, int ps, const char *sql, int n,
                    const char *const *vals, const int *lens, mg_status *st)
{
    PGconn *conn = t->c->conn;
    char name[16];
    snprintf(name, sizeof name, "mg%d", ps);
    if (!t->c->prepared[ps]) {
        PGresult *r = PQprepare(conn, name, sql ? sql : mg_pg_sql(ps), 0, NULL);
        if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
            mg_pg_result_fail(st, r, conn, "preparing a statement");
            PQclear(r);
            return NULL;
        }
        PQclear(r);
        t->c->prepared[ps] = 1;
    }
    int fmts[8];
    for (int i = 0; i < n && i < 8; i++)
        fmts[i] = 1;
    return mg_pg_await(t, PQsendQueryPrepared(conn, name, n, vals, lens,
                                              fmts, 1),
                       st, "querying the store");
}

PGresult *mg_pg_await(mg_pg_txn *t, int sent, mg_status *st,
                      const char *what)
{
    PGconn *conn = t->c->conn;
    if (!sent) {
        mg_pg_fail(st, conn, what);
        return NULL;
    }
    /* A cancel that reaches the server before it has read the statement
     * is dropped: it is asked again every second while the flag stays
     * set (once the statement has ended, one more is harmless). */
    int asked = 0, waited = 0;
    while (PQconsumeInput(conn) && PQisBusy(conn)) {
        if (t->cancel && *t->cancel && (!asked || waited)) {
            PGcancel *pc = PQgetCancel(conn);
            char err[256];
            if (pc)
                PQcancel(pc, err, sizeof err);
            PQfreeCancel(pc);
            asked = 1;
        }
        struct pollfd pfd = {PQsocket(conn), POLLIN, 0};
        int n = poll(&pfd, 1, !t->cancel ? -1 : asked ? 1000 : 100);
        if (n < 0 && errno != EINTR)
            break;
        waited = n == 0;
    }
    /* Every result of the statement, the last one kept (PQexec's). */
    PGresult *last = NULL, *r;
    while ((r = PQgetResult(conn)) != NULL) {
        ExecStatusType s = PQresultStatus(r);
        if (last && PQresultStatus(last) == PGRES_FATAL_ERROR &&
            s != PGRES_FATAL_ERROR) {
            PQclear(r); /* the first error stands */
            continue;
        }
        PQclear(last);
        last = r;
    }
    ExecStatusType s = last ? PQresultStatus(last) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return last;
    const char *state = last ? PQresultErrorField(last, PG_DIAG_SQLSTATE) : NULL;
    if (asked && state && strcmp(state, "57014") == 0)
        mg_fail(st, MG_ERR_CANCELLED, "interrupted");
    else
        mg_pg_result_fail(st, last, conn, what);
    PQclear(last);
    return NULL;
}

PGresult *mg_pg_with_ids(mg_pg_txn *t, const char *sql, const mg_id *ids,
                         size_t n, mg_id p, mg_status *st)
{
    /* the ids as the text of a bigint[] parameter, "{1,2,3}" */
    char *list = malloc(n * 21 + 3);
    if (!list) {
        mg_fail(st, MG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    size_t len = 0;
    list[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(list + len, "%s%llu", i ? "," : "",
                               (unsigned long long)ids[i]);
    list[len++] = '}';
    list[len] = '\0';
    char pv[24];
    snprintf(pv, sizeof pv, "%llu", (unsigned long long)p);
    const char *vals[2] = {list, pv};
    PGresult *r = mg_pg_await(t,
                              PQsendQueryParams(t->c->conn, sql, p ? 2 : 1,
                                                NULL, vals, NULL, NULL, 1),
                              st, "reading the store");
    free(list);
    return r;
}

void mg_pg_be64(unsigned char out[8], mg_id v)
{
    for (int b = 7; b >= 0; b--, v >>= 8)
        out[b] = (unsigned char)(v & 0xff);
}

PGresult *mg_pg_run_ids(mg_pg_txn *t, int ps, const char *sql, int n,
                        const mg_id *ids, mg_status *st)
{
    unsigned char buf[8][8];
    const char *vals[8];
    int lens[8];
    for (int i = 0; i < n && i < 8; i++) {
        mg_pg_be64(buf[i], ids[i]);
        vals[i] = (const char *)buf[i];
        lens[i] = 8;
    }
    return mg_pg_run(t, ps, sql, n, vals, lens, st);
}

mg_id mg_pg_id(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col) || PQgetlength(r, row, col) != 8)
        return 0;
    const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, col);
    mg_id v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

/* Connections ------------------------------------------------------------ */

static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static mg_code pg_connect(mg_pg_store *s, mg_pg_conn **out, mg_status *st)
{
    *out = NULL;
    mg_pg_conn *c = calloc(1, sizeof *c);
    if (!c)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    c->conn = PQconnectdb(s->url);
    if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
        char msg[768];
        flatten(msg, sizeof msg,
                c->conn ? PQerrorMessage(c->conn) : "out of memory");
        mg_code rc = mg_fail(st, MG_ERR_STORE,
                             "cannot connect to the PostgreSQL store '%s': %s",
                             s->shown, msg);
        PQfinish(c->conn);
        free(c);
        return rc;
    }
    PQsetNoticeProcessor(c->conn, quiet_notices, NULL);
    /* A query whose client is gone (Ctrl-C during a long join) stops
     * within 2 s instead of running to its end (PostgreSQL 14+; older
     * servers refuse the setting, which changes nothing else). */
    PQclear(PQexec(c->conn, "SET client_connection_check_interval = 2000"));
    *out = c;
    return MG_OK;
}

static void conn_free(mg_pg_conn *c)
{
    if (!c)
        return;
    PQfinish(c->conn);
    for (size_t i = 0; i < c->njforms; i++)
        free(c->jforms[i]);
    free(c);
}

/* Gives a connection back to the pool when it is idle and healthy. */
static void conn_release(mg_pg_store *s, mg_pg_conn *c)
{
    if (PQstatus(c->conn) == CONNECTION_OK &&
        PQtransactionStatus(c->conn) == PQTRANS_IDLE) {
        c->next = s->idle;
        s->idle = c;
    } else {
        conn_free(c);
    }
}

/* The URL without the password of its user part, for messages. */
static char *redact(const char *url)
{
    char *out = strdup(url);
    if (!out)
        return NULL;
    char *auth = strstr(out, "://");
    if (!auth)
        return out;
    auth += 3;
    char *at = strchr(auth, '@');
    char *slash = strchr(auth, '/');
    if (!at || (slash && slash < at))
        return out;
    char *colon = memchr(auth, ':', (size_t)(at - auth));
    if (colon)
        memmove(colon, at, strlen(at) + 1);
    return out;
}

mg_code mg_pg_backend_open(const char *url, int flags, mg_store **out,
                           mg_status *st)
{
    *out = NULL;
    if ((flags & MG_STORE_CREATE) && (flags & MG_STORE_READONLY))
        return mg_fail(st, MG_ERR_ARG, "cannot create a read-only store");
    mg_pg_store *s = calloc(1, sizeof *s);
    if (!s)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    s->base.be = &mg_pg_backend;
    s->url = strdup(url);
    s->shown = redact(url);
    s->readonly = (flags & MG_STORE_READONLY) != 0;
    if (!s->url || !s->shown) {
        mg_pg_backend.store_close(&s->base);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    mg_pg_conn *c = NULL;
    mg_code rc = pg_connect(s, &c, st);
    if (rc == MG_OK)
        rc = mg_pg_schema(s, c->conn, (flags & MG_STORE_CREATE) != 0, st);
    if (rc != MG_OK) {
        conn_free(c);
        mg_pg_backend.store_close(&s->base);
        return rc;
    }
    conn_release(s, c);
    *out = &s->base;
    return MG_OK;
}

static void pg_close(mg_store *store)
{
    mg_pg_store *s = (mg_pg_store *)store;
    while (s->idle) {
        mg_pg_conn *c = s->idle;
        s->idle = c->next;
        conn_free(c);
    }
    mg_pg_tc_free(&s->committed);
    free(s->url);
    free(s->shown);
    free(s);
}

static const char *pg_path(const mg_store *store)
{
    return ((const mg_pg_store *)store)->shown;
}

/* Transactions ----------------------------------------------------------- */

static mg_code pg_begin(mg_store *store, int write, mg_txn **out,
                        mg_status *st)
{
    mg_pg_store *s = (mg_pg_store *)store;
    *out = NULL;
    if (write && s->readonly)
        return mg_fail(st, MG_ERR_ARG, "store '%s' is open read-only",
                       s->shown);
    mg_pg_txn *t = calloc(1, sizeof *t);
    if (!t)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    t->base.be = &mg_pg_backend;
    t->store = s;
    t->write = write;
    mg_code rc = MG_OK;
    if (s->idle) {
        t->c = s->idle;
        s->idle = t->c->next;
        t->c->next = NULL;
    } else {
        rc = pg_connect(s, &t->c, st);
    }
    if (rc == MG_OK)
        rc = mg_pg_exec(
            t->c->conn,
            write ? "BEGIN ISOLATION LEVEL READ COMMITTED; " MG_PG_LOCK_SQL
                  : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            st, "starting a transaction");
    if (rc != MG_OK) {
        if (t->c)
            conn_free(t->c);
        free(t);
        return rc;
    }
    *out = &t->base;
    return MG_OK;
}

static void txn_end(mg_pg_txn *t)
{
    mg_pg_txn_free_caches(t);
    conn_release(t->store, t->c);
    free(t);
}

static void pg_abort(mg_txn *txn)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    if (!t)
        return;
    PGresult *r = PQexec(t->c->conn, "ROLLBACK");
    PQclear(r);
    txn_end(t);
}

static mg_code pg_commit(mg_txn *txn, mg_status *st)
{
    mg_pg_txn *t = (mg_pg_txn *)txn;
    PGconn *conn = t->c->conn;
    mg_code rc = MG_OK;
    if (PQtransactionStatus(conn) != PQTRANS_INTRANS)
        rc = mg_fail(st, MG_ERR_STORE,
                     "committing: the transaction failed earlier");
    if (rc == MG_OK && t->write && t->next_dirty) {
        char sql[96];
        snprintf(sql, sizeof sql,
                 "UPDATE mg_meta SET value = %llu WHERE key = 'next_id'",
                 (unsigned long long)t->next_id);
        rc = mg_pg_exec(conn, sql, st, "saving the next term id");
    }
    if (rc != MG_OK) {
        pg_abort(txn);
        return rc;
    }
    /* COMMIT of a failed transaction "succeeds" as a ROLLBACK: check. */
    PGresult *r = PQexec(conn, "COMMIT");
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK ||
        strcmp(PQcmdStatus(r), "COMMIT") != 0)
        rc = r && PQresultStatus(r) != PGRES_COMMAND_OK
                 ? mg_pg_result_fail(st, r, conn, "committing")
                 : mg_fail(st, MG_ERR_STORE,
                           "committing: PostgreSQL rolled the transaction back");
    PQclear(r);
    txn_end(t);
    return rc;
}

static int pg_is_write(const mg_txn *txn)
{
    return ((const mg_pg_txn *)txn)->write;
}

static void pg_set_cancel(mg_txn *txn, volatile sig_atomic_t *flag)
{
    ((mg_pg_txn *)txn)->cancel = flag;
}

const mg_backend mg_pg_backend = {
    "postgresql",
    pg_close,
    pg_path,
    pg_begin,
    pg_commit,
    pg_abort,
    pg_is_write,
    mg_pg_term_intern,
    mg_pg_term_lookup,
    mg_pg_term_get,
    mg_pg_term_count,
    mg_pg_quad_add,
    mg_pg_quad_remove,
    mg_pg_graph_drop,
    mg_pg_cursor_open,
    mg_pg_cursor_next,
    mg_pg_cursor_close,
    mg_pg_cursor_index,
    mg_pg_terms_intern_bulk,
    mg_pg_quads_add_bulk,
    mg_pg_store_counts,
    mg_pg_graph_size,
    mg_pg_stat_predicate_ex,
    mg_pg_stat_class,
    mg_pg_stat_each,
    mg_pg_store_check,
    mg_pg_text_search,
    mg_pg_join_prepare,
    mg_pg_join_open,
    mg_pg_join_next,
    mg_pg_join_close,
    pg_set_cancel,
    mg_pg_prefetch,
    mg_pg_subjects_of,
};
