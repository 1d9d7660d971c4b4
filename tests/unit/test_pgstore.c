/* test_pgstore.c — the PostgreSQL backend of store.h, against the
 * embedded LMDB one: the same operations on both give the same ids, the
 * same cursor results in the same order (every pattern shape, distinct
 * or not), the same statistics and terms; plus transactions (abort,
 * snapshots) and the opening errors.  Needs a server: MG_TEST_PG is its
 * URL (scripts/pg.sh start); without it the test is skipped (77). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "support.h"
#include "store/store.h"

static const char *server;
static char dbs[4][64];
static int ndbs;

/* A new empty database on the server; its URL in `url`. */
static int new_database(char *url, size_t cap, const char *sql_after)
{
    PGconn *c = PQconnectdb(server);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect to %s: %s", server, PQerrorMessage(c));
        PQfinish(c);
        return 0;
    }
    snprintf(dbs[ndbs], sizeof dbs[ndbs], "mg_unit_%d_%d", (int)getpid(), ndbs);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbs[ndbs]);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    const char *slash = strrchr(server, '/');
    snprintf(url, cap, "%.*s/%s", (int)(slash - server), server, dbs[ndbs]);
    ndbs++;
    if (ok && sql_after) {
        c = PQconnectdb(url);
        r = PQexec(c, sql_after);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        PQfinish(c);
    }
    return ok;
}

static void drop_databases(void)
{
    PGconn *c = PQconnectdb(server);
    for (int i = 0; i < ndbs; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
                 dbs[i]);
        PQclear(PQexec(c, sql));
    }
    PQfinish(c);
}

/* Terms --------------------------------------------------------------- */

#define NT 40
static char big[5000];
static char names[NT][64];

static void make_terms(mg_term *t)
{
    memset(big, 'y', sizeof big);
    for (int i = 0; i < NT; i++) {
        snprintf(names[i], sizeof names[i], "http://ex.org/t%d", i);
        t[i] = (mg_term){MG_TERM_IRI, names[i], strlen(names[i]), NULL, NULL};
    }
    t[1] = (mg_term){MG_TERM_IRI,
                     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", 47,
                     NULL, NULL};
    t[30] = (mg_term){MG_TERM_LITERAL, "été", strlen("été"), "fr", NULL};
    t[31] = (mg_term){MG_TERM_LITERAL, "été", strlen("été"), NULL, NULL};
    t[32] = (mg_term){MG_TERM_LITERAL, "été", strlen("été"), NULL,
                      "http://www.w3.org/2001/XMLSchema#string"};
    t[33] = (mg_term){MG_TERM_LITERAL, "a\0b", 3, NULL, NULL};
    t[34] = (mg_term){MG_TERM_LITERAL, big, sizeof big, NULL, NULL};
    t[35] = (mg_term){MG_TERM_BLANK, "b1", 2, NULL, NULL};
    t[36] = (mg_term){MG_TERM_LITERAL, "", 0, NULL, NULL};
    t[37] = (mg_term){MG_TERM_LITERAL, "42", 2, NULL,
                      "http://www.w3.org/2001/XMLSchema#integer"};
}

static int same_term(const mg_term *a, const mg_term *b)
{
    const char *la = a->lang ? a->lang : "", *lb = b->lang ? b->lang : "";
    const char *da = a->datatype ? a->datatype : "",
               *db = b->datatype ? b->datatype : "";
    return a->kind == b->kind && a->len == b->len &&
           memcmp(a->value, b->value, a->len) == 0 && strcmp(la, lb) == 0 &&
           strcmp(da, db) == 0;
}

/* Comparing two stores -------------------------------------------------- */

static int stat_sum(void *ctx, mg_id id, uint64_t n)
{
    uint64_t *acc = ctx;
    acc[0] = acc[0] * 31 + id;
    acc[1] = acc[1] * 31 + n;
    return 0;
}

/* Every cursor over `pat` gives the same rows in the same order. */
static void same_cursor(mg_txn *a, mg_txn *b, const mg_quad *pat, int flags)
{
    mg_status st;
    mg_status_clear(&st);
    mg_cursor *x = NULL, *y = NULL;
    CHECK_OK(mg_cursor_open(a, pat, flags, &x, &st), &st);
    CHECK_OK(mg_cursor_open(b, pat, flags, &y, &st), &st);
    if (!x || !y)
        return;
    CHECK(strcmp(mg_cursor_index(x), mg_cursor_index(y)) == 0);
    mg_quad qa, qb;
    int ra, rb;
    do {
        ra = mg_cursor_next(x, &qa, &st);
        rb = mg_cursor_next(y, &qb, &st);
        CHECK(ra == rb);
        if (ra == 1 && rb == 1 && memcmp(&qa, &qb, sizeof qa) != 0) {
            CHECK(!"cursor rows differ");
            break;
        }
    } while (ra == 1 && rb == 1);
    mg_cursor_close(x);
    mg_cursor_close(y);
}

static void same_stores(mg_store *sa, mg_store *sb, const mg_quad *sample,
                        size_t nsample)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *a = NULL, *b = NULL;
    CHECK_OK(mg_txn_begin(sa, 0, &a, &st), &st);
    CHECK_OK(mg_txn_begin(sb, 0, &b, &st), &st);
    if (!a || !b)
        return;
    mg_counts ca, cb;
    CHECK_OK(mg_store_counts(a, &ca, &st), &st);
    CHECK_OK(mg_store_counts(b, &cb, &st), &st);
    CHECK(ca.quads == cb.quads && ca.triples == cb.triples &&
          ca.graphs == cb.graphs && ca.terms == cb.terms);
    CHECK(mg_term_count(a) == mg_term_count(b));
    for (mg_id id = 1; id <= ca.terms; id++) {
        mg_term ta, tb;
        CHECK_OK(mg_term_get(a, id, &ta, &st), &st);
        CHECK_OK(mg_term_get(b, id, &tb, &st), &st);
        CHECK(same_term(&ta, &tb));
    }
    for (size_t i = 0; i < nsample; i++) {
        for (int mask = 0; mask < 16; mask++) {
            const mg_quad *q = &sample[i];
            mg_quad pat = {mask & 1 ? q->g : 0, mask & 2 ? q->s : 0,
                           mask & 4 ? q->p : 0, mask & 8 ? q->o : 0};
            same_cursor(a, b, &pat, 0);
            same_cursor(a, b, &pat, MG_CURSOR_DISTINCT);
        }
    }
    const char kinds[3] = {'g', 'p', 'c'};
    for (int k = 0; k < 3; k++) {
        uint64_t xa[2] = {0, 0}, xb[2] = {0, 0};
        CHECK_OK(mg_stat_each(a, kinds[k], stat_sum, xa, &st), &st);
        CHECK_OK(mg_stat_each(b, kinds[k], stat_sum, xb, &st), &st);
        CHECK(xa[0] == xb[0] && xa[1] == xb[1]);
    }
    for (size_t i = 0; i < nsample; i++) {
        uint64_t t1, s1, o1, t2, s2, o2;
        mg_stat_predicate_ex(a, sample[i].p, &t1, &s1, &o1);
        mg_stat_predicate_ex(b, sample[i].p, &t2, &s2, &o2);
        CHECK(t1 == t2 && s1 == s2 && o1 == o2);
        CHECK(mg_stat_class(a, sample[i].o) == mg_stat_class(b, sample[i].o));
        CHECK(mg_graph_size(a, sample[i].g) == mg_graph_size(b, sample[i].g));
    }
    CHECK_OK(mg_store_check(a, &st), &st);
    CHECK_OK(mg_store_check(b, &st), &st);
    mg_txn_abort(a);
    mg_txn_abort(b);
}

/* The same random work on both stores -------------------------------------- */

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

/* A random quad over the term ids: graphs and predicates among a few
 * IRIs, rdf:type (ids[1]) often. */
static mg_quad random_quad(const mg_id *ids)
{
    mg_quad q;
    q.g = ids[2 + rnd(3)];
    q.s = ids[rnd(4) == 0 ? 35 : 5 + rnd(10)];
    q.p = rnd(3) == 0 ? ids[1] : ids[15 + rnd(4)];
    q.o = q.p == ids[1] ? ids[20 + rnd(3)]
                        : ids[rnd(2) ? 30 + rnd(8) : 5 + rnd(10)];
    return q;
}

static void differential(mg_store *sa, mg_store *sb)
{
    mg_status st;
    mg_status_clear(&st);
    mg_term terms[NT];
    make_terms(terms);
    mg_id ia[NT], ib[NT];
    enum { NQ = 300 };
    mg_quad qa[NQ], qb[NQ], sample[12];
    mg_txn *a = NULL, *b = NULL;

    /* bulk on both */
    CHECK_OK(mg_txn_begin(sa, 1, &a, &st), &st);
    CHECK_OK(mg_txn_begin(sb, 1, &b, &st), &st);
    if (!a || !b)
        return;
    CHECK_OK(mg_terms_intern_bulk(a, terms, NT, ia, &st), &st);
    CHECK_OK(mg_terms_intern_bulk(b, terms, NT, ib, &st), &st);
    CHECK(memcmp(ia, ib, sizeof ia) == 0);
    for (int i = 0; i < NQ; i++)
        qa[i] = qb[i] = random_quad(ia);
    size_t ka = 0, kb = 0;
    uint64_t aa = 0, ab = 0;
    CHECK_OK(mg_quads_add_bulk(a, qa, NQ, &ka, &aa, &st), &st);
    CHECK_OK(mg_quads_add_bulk(b, qb, NQ, &kb, &ab, &st), &st);
    CHECK(ka == kb && aa == ab && aa > 0);
    CHECK_OK(mg_txn_commit(a, &st), &st);
    CHECK_OK(mg_txn_commit(b, &st), &st);
    for (int i = 0; i < 12; i++)
        sample[i] = random_quad(ia);
    same_stores(sa, sb, sample, 12);

    /* single adds and removes, a term added singly, a graph dropped */
    CHECK_OK(mg_txn_begin(sa, 1, &a, &st), &st);
    CHECK_OK(mg_txn_begin(sb, 1, &b, &st), &st);
    for (int i = 0; i < 200; i++) {
        mg_quad q = random_quad(ia);
        int ca = -1, cb = -1;
        if (rnd(2)) {
            CHECK_OK(mg_quad_add(a, &q, &ca, &st), &st);
            CHECK_OK(mg_quad_add(b, &q, &cb, &st), &st);
        } else {
            CHECK_OK(mg_quad_remove(a, &q, &ca, &st), &st);
            CHECK_OK(mg_quad_remove(b, &q, &cb, &st), &st);
        }
        CHECK(ca == cb);
    }
    mg_term fresh = {MG_TERM_IRI, "http://ex.org/fresh", 19, NULL, NULL};
    mg_id fa = 0, fb = 0;
    CHECK_OK(mg_term_intern(a, &fresh, &fa, &st), &st);
    CHECK_OK(mg_term_intern(b, &fresh, &fb, &st), &st);
    CHECK(fa == fb && fa == NT + 1);
    mg_quad fq = {ia[2], fa, ia[1], ia[20]};
    int added = 0;
    CHECK_OK(mg_quad_add(a, &fq, &added, &st), &st);
    CHECK_OK(mg_quad_add(b, &fq, &added, &st), &st);
    CHECK_OK(mg_txn_commit(a, &st), &st);
    CHECK_OK(mg_txn_commit(b, &st), &st);
    sample[0] = fq;
    same_stores(sa, sb, sample, 12); /* the incremental statistics */
    CHECK_OK(mg_txn_begin(sa, 1, &a, &st), &st);
    CHECK_OK(mg_txn_begin(sb, 1, &b, &st), &st);
    if (!a || !b)
        return;
    uint64_t da = 0, db = 0;
    CHECK_OK(mg_graph_drop(a, ia[3], &da, &st), &st);
    CHECK_OK(mg_graph_drop(b, ib[3], &db, &st), &st);
    CHECK(da == db && da > 0);
    CHECK_OK(mg_txn_commit(a, &st), &st);
    CHECK_OK(mg_txn_commit(b, &st), &st);
    same_stores(sa, sb, sample, 12);

    /* bulk into the non-empty stores: new and known terms and quads */
    terms[6] = (mg_term){MG_TERM_IRI, "http://ex.org/new", 17, NULL, NULL};
    CHECK_OK(mg_txn_begin(sa, 1, &a, &st), &st);
    CHECK_OK(mg_txn_begin(sb, 1, &b, &st), &st);
    CHECK_OK(mg_terms_intern_bulk(a, terms, NT, ia, &st), &st);
    CHECK_OK(mg_terms_intern_bulk(b, terms, NT, ib, &st), &st);
    CHECK(memcmp(ia, ib, sizeof ia) == 0);
    for (int i = 0; i < NQ; i++)
        qa[i] = qb[i] = random_quad(ia);
    CHECK_OK(mg_quads_add_bulk(a, qa, NQ, &ka, &aa, &st), &st);
    CHECK_OK(mg_quads_add_bulk(b, qb, NQ, &kb, &ab, &st), &st);
    CHECK(ka == kb && aa == ab);
    CHECK_OK(mg_txn_commit(a, &st), &st);
    CHECK_OK(mg_txn_commit(b, &st), &st);
    same_stores(sa, sb, sample, 12);
}

/* Transactions: an abort leaves the store as it was; a reader keeps its
 * snapshot while a writer commits; a read-only store refuses writers. */
static void transactions(const char *url, mg_store *s)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *r = NULL, *w = NULL, *r2 = NULL;
    mg_counts before, during, after;
    CHECK_OK(mg_txn_begin(s, 0, &r, &st), &st);
    if (!r)
        return;
    CHECK_OK(mg_store_counts(r, &before, &st), &st);
    CHECK(!mg_txn_is_write(r));
    mg_term t = {MG_TERM_IRI, "http://ex.org/tx", 16, NULL, NULL};
    mg_id id = 0;
    CHECK_OK(mg_txn_begin(s, 1, &w, &st), &st);
    CHECK_OK(mg_term_intern(w, &t, &id, &st), &st);
    mg_id aborted_id = id;
    mg_term seen;
    CHECK_OK(mg_term_get(w, id, &seen, &st), &st);
    mg_quad q = {id, id, id, id};
    int added = 0;
    CHECK_OK(mg_quad_add(w, &q, &added, &st), &st);
    CHECK(added == 1);
    mg_txn_abort(w);
    CHECK_OK(mg_txn_begin(s, 0, &r2, &st), &st);
    CHECK_OK(mg_store_counts(r2, &after, &st), &st);
    CHECK(after.quads == before.quads && after.terms == before.terms);
    CHECK(mg_term_lookup(r2, &t, &id, &st) == MG_ERR_NOT_FOUND);
    CHECK(st.code == MG_OK);
    mg_txn_abort(r2);

    /* the aborted term's id now goes to another term: no cache may
     * still know the first one by that id */
    mg_id other_id = 0;
    mg_term other = {MG_TERM_LITERAL, "autre", 5, "fr", NULL};
    CHECK_OK(mg_txn_begin(s, 1, &w, &st), &st);
    CHECK(mg_txn_is_write(w));
    CHECK_OK(mg_term_intern(w, &other, &other_id, &st), &st);
    CHECK(other_id == aborted_id);
    CHECK_OK(mg_term_intern(w, &t, &id, &st), &st);
    q = (mg_quad){id, id, id, id};
    CHECK_OK(mg_quad_add(w, &q, &added, &st), &st);
    CHECK_OK(mg_txn_commit(w, &st), &st);
    CHECK_OK(mg_store_counts(r, &during, &st), &st);
    CHECK(during.quads == before.quads); /* the reader's snapshot */
    mg_txn_abort(r);
    CHECK_OK(mg_txn_begin(s, 0, &r2, &st), &st);
    CHECK_OK(mg_store_counts(r2, &after, &st), &st);
    CHECK(after.quads == before.quads + 1 && after.terms == before.terms + 2);
    mg_term got;
    CHECK_OK(mg_term_get(r2, other_id, &got, &st), &st);
    CHECK(same_term(&got, &other));
    mg_id again = 0;
    CHECK_OK(mg_term_lookup(r2, &other, &again, &st), &st);
    CHECK(again == other_id);
    mg_txn_abort(r2);

    mg_store *ro = NULL;
    CHECK_OK(mg_store_open(url, MG_STORE_READONLY, &ro, &st), &st);
    if (ro) {
        CHECK(mg_txn_begin(ro, 1, &w, &st) == MG_ERR_ARG);
        mg_status_clear(&st);
        CHECK(strcmp(mg_store_backend(ro), "postgresql") == 0);
        mg_store_close(ro);
    }
}

/* Opening: no store without CREATE, a database of something else, an
 * unreachable server, a password kept out of messages. */
static void opening_errors(void)
{
    mg_status st;
    mg_status_clear(&st);
    char url[512];
    mg_store *s = NULL;
    CHECK(new_database(url, sizeof url, NULL));
    CHECK(mg_store_open(url, 0, &s, &st) == MG_ERR_NOT_FOUND);
    CHECK(strstr(st.msg, "no store") != NULL);
    mg_status_clear(&st);
    CHECK(new_database(url, sizeof url, "CREATE TABLE other (x int)"));
    CHECK(mg_store_open(url, MG_STORE_CREATE, &s, &st) == MG_ERR_STORE);
    CHECK(strstr(st.msg, "not a Maillage store") != NULL);
    mg_status_clear(&st);
    CHECK(mg_store_open("postgresql://nobody:secret@127.0.0.1:1/x",
                        MG_STORE_CREATE, &s, &st) == MG_ERR_STORE);
    CHECK(strstr(st.msg, "cannot connect") != NULL);
    CHECK(strstr(st.msg, "secret") == NULL);
    CHECK(s == NULL);
}

/* Pushed-down joins (store.h mg_join_*): rows across the batch boundary
 * (4096) in both ways a join is read — with an input (a limited first
 * batch, then a server-side cursor past it) and without one (the cursor
 * from the start) — in the engine's order, every row once. */
static void joins(mg_store *pg)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *t = NULL;
    CHECK_OK(mg_txn_begin(pg, 1, &t, &st), &st);
    if (!t)
        return;
    CHECK(mg_join_supported(t));
    char buf[64];
    mg_term term = {MG_TERM_IRI, buf, 0, NULL, NULL};
    mg_id g, p, hub[3];
    term.len = (size_t)snprintf(buf, sizeof buf, "http://j/g");
    CHECK_OK(mg_term_intern(t, &term, &g, &st), &st);
    term.len = (size_t)snprintf(buf, sizeof buf, "http://j/p");
    CHECK_OK(mg_term_intern(t, &term, &p, &st), &st);
    /* hub k links to 4095 + k leaves (4095, 4096, 4097 rows) */
    for (int k = 0; k < 3; k++) {
        term.len = (size_t)snprintf(buf, sizeof buf, "http://j/hub%d", k);
        CHECK_OK(mg_term_intern(t, &term, &hub[k], &st), &st);
        for (int i = 0; i < 4095 + k; i++) {
            mg_id leaf;
            term.len = (size_t)snprintf(buf, sizeof buf, "http://j/leaf%d", i);
            CHECK_OK(mg_term_intern(t, &term, &leaf, &st), &st);
            mg_quad q = {g, hub[k], p, leaf};
            int added;
            CHECK_OK(mg_quad_add(t, &q, &added, &st), &st);
        }
    }
    CHECK_OK(mg_txn_commit(t, &st), &st);
    CHECK_OK(mg_txn_begin(pg, 0, &t, &st), &st);
    if (!t)
        return;
    /* (h)-[:p]->(x), h given */
    mg_id preds[1] = {p};
    unsigned char both[1] = {0};
    mg_join_atom a = {MG_JOIN_EDGE, 0, 1, -1, 1, 0, preds, 1, 0, both, 0};
    int in[1] = {0}, out1[1] = {1}, out2[2] = {0, 1};
    mg_join j = {&a, 1, in, out1, 1, 1, 0};
    char *form = NULL;
    CHECK_OK(mg_join_prepare(t, &j, &form, &st), &st);
    for (int k = 0; form && k < 3; k++) {
        mg_join_cursor *c = NULL;
        CHECK_OK(mg_join_open(t, form, &hub[k], 1, 1, 0, &c, &st), &st);
        mg_id row[1], last = 0;
        int n = 0, r, sorted = 1;
        while (c && (r = mg_join_next(c, row, &st)) == 1) {
            sorted &= row[0] > last;
            last = row[0];
            n++;
        }
        mg_join_close(c);
        CHECK(n == 4095 + k && sorted);
    }
    free(form);
    /* every (h, x): no input, 3 * 4096 rows, by x then h (POSG order) */
    a.a_bound = 0;
    mg_join j2 = {&a, 1, NULL, out2, 0, 2, 0};
    form = NULL;
    CHECK_OK(mg_join_prepare(t, &j2, &form, &st), &st);
    mg_join_cursor *c = NULL;
    if (form)
        CHECK_OK(mg_join_open(t, form, NULL, 0, 2, 0, &c, &st), &st);
    mg_id row[2], last[2] = {0, 0};
    int n = 0, sorted = 1;
    while (c && mg_join_next(c, row, &st) == 1) {
        sorted &= row[1] > last[1] || (row[1] == last[1] && row[0] > last[0]);
        last[0] = row[0], last[1] = row[1];
        n++;
    }
    mg_join_close(c);
    CHECK(n == 3 * 4096 && sorted);
    free(form);
    mg_txn_abort(t);

    /* With the cancel flag set, a join the server would sort for hours
     * (every leaf three times over: 1.8e12 rows) stops with
     * MG_ERR_CANCELLED; the store answers the next transaction. */
    static volatile sig_atomic_t flag = 1;
    CHECK_OK(mg_txn_begin(pg, 0, &t, &st), &st);
    if (!t)
        return;
    mg_txn_set_cancel(t, &flag);
    mg_join_atom a3[3];
    for (int k = 0; k < 3; k++)
        a3[k] = (mg_join_atom){MG_JOIN_EDGE, 2 * k, 2 * k + 1, -1, 0, 0,
                               preds, 1, 0, both, 0};
    int out3[3] = {1, 3, 5};
    mg_join j3 = {a3, 3, NULL, out3, 0, 3, 0};
    form = NULL;
    CHECK_OK(mg_join_prepare(t, &j3, &form, &st), &st);
    c = NULL;
    mg_code rc = form ? mg_join_open(t, form, NULL, 0, 3, 0, &c, &st)
                      : MG_ERR_ARG;
    mg_id row3[3];
    if (rc == MG_OK && mg_join_next(c, row3, &st) != -1)
        rc = MG_OK; /* a row: not cancelled */
    else
        rc = st.code;
    CHECK(rc == MG_ERR_CANCELLED);
    CHECK(strcmp(st.msg, "interrupted") == 0);
    mg_join_close(c);
    free(form);
    mg_txn_abort(t);
    mg_status_clear(&st);
    CHECK_OK(mg_txn_begin(pg, 0, &t, &st), &st);
    if (!t)
        return;
    mg_cursor *cur = NULL;
    mg_quad pat = {0, hub[0], p, 0}, q;
    CHECK_OK(mg_cursor_open(t, &pat, 0, &cur, &st), &st);
    n = 0;
    while (cur && mg_cursor_next(cur, &q, &st) == 1)
        n++;
    mg_cursor_close(cur);
    CHECK(n == 4095);
    mg_txn_abort(t);
}

/* Reads (s, p, ?) distinct for each subject into rows[]; returns count. */
static size_t read_values(mg_txn *t, const mg_id *subj, size_t n, mg_id p,
                          mg_quad *rows, size_t cap)
{
    mg_status st;
    mg_status_clear(&st);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        mg_quad pat = {0, subj[i], p, 0}, q;
        mg_cursor *c = NULL;
        CHECK_OK(mg_cursor_open(t, &pat, MG_CURSOR_DISTINCT, &c, &st), &st);
        while (c && mg_cursor_next(c, &q, &st) == 1)
            if (k < cap)
                rows[k++] = q;
        mg_cursor_close(c);
        if (k < cap)
            rows[k++] = (mg_quad){0, 0, 0, 0}; /* end of a subject */
    }
    return k;
}

typedef struct ids_seen {
    mg_id v[8];
    size_t n;
} ids_seen;

static int see_id(void *ctx, mg_id id)
{
    ids_seen *s = ctx;
    if (s->n < 8)
        s->v[s->n++] = id;
    return 0;
}

/* mg_prefetch: what the cursors read afterwards is what they read
 * without it (a value in two graphs, more values than are kept, none,
 * a subject asked twice), and the terms are readable. */
static void prefetch(mg_store *pg)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *t = NULL;
    CHECK_OK(mg_txn_begin(pg, 1, &t, &st), &st);
    if (!t)
        return;
    char buf[64];
    mg_term term = {MG_TERM_IRI, buf, 0, NULL, NULL};
    mg_id g[2], p, subj[5];
    for (int i = 0; i < 2; i++) {
        term.len = (size_t)snprintf(buf, sizeof buf, "http://pf/g%d", i);
        CHECK_OK(mg_term_intern(t, &term, &g[i], &st), &st);
    }
    term.len = (size_t)snprintf(buf, sizeof buf, "http://pf/p");
    CHECK_OK(mg_term_intern(t, &term, &p, &st), &st);
    for (int i = 0; i < 4; i++) {
        term.len = (size_t)snprintf(buf, sizeof buf, "http://pf/s%d", i);
        CHECK_OK(mg_term_intern(t, &term, &subj[i], &st), &st);
    }
    subj[4] = subj[0];
    int nvals[4] = {3, 40, 0, 1};
    for (int i = 0; i < 4; i++)
        for (int v = 0; v < nvals[i]; v++) {
            mg_term lit = {MG_TERM_LITERAL, buf, 0, NULL, NULL};
            lit.len = (size_t)snprintf(buf, sizeof buf, "v%d-%d", i, v);
            mg_id o;
            CHECK_OK(mg_term_intern(t, &lit, &o, &st), &st);
            int added;
            mg_quad q = {g[1], subj[i], p, o};
            CHECK_OK(mg_quad_add(t, &q, &added, &st), &st);
            if (v == 1) { /* also in the other graph */
                q.g = g[0];
                CHECK_OK(mg_quad_add(t, &q, &added, &st), &st);
            }
        }
    CHECK_OK(mg_txn_commit(t, &st), &st);
    static mg_quad plain[128], fetched[128];
    CHECK_OK(mg_txn_begin(pg, 0, &t, &st), &st);
    if (!t)
        return;
    size_t n1 = read_values(t, subj, 5, p, plain, 128);
    mg_txn_abort(t);
    CHECK_OK(mg_txn_begin(pg, 0, &t, &st), &st);
    if (!t)
        return;
    CHECK_OK(mg_prefetch(t, p, subj, 5, &st), &st);
    size_t n2 = read_values(t, subj, 5, p, fetched, 128);
    CHECK(n1 == 3 + 40 + 0 + 1 + 3 + 5 && n1 == n2);
    CHECK(memcmp(plain, fetched, n1 * sizeof *plain) == 0);
    CHECK(plain[1].g == g[0]); /* v0-1: the first graph, as DISTINCT gives */
    mg_term got;
    CHECK_OK(mg_term_get(t, plain[0].o, &got, &st), &st);
    CHECK(got.len == 4 && memcmp(got.value, "v0-0", 4) == 0);
    /* the subjects of some values: v0-1 (in two graphs), v3-0, and an
     * id no triple has */
    mg_id objs[3] = {plain[1].o, plain[3 + 1 + 40 + 1 + 1].o, 999999999};
    CHECK(plain[3 + 1 + 40 + 1 + 1].s == subj[3]);
    ids_seen seen = {0};
    CHECK_OK(mg_subjects_of(t, p, objs, 3, see_id, &seen, &st), &st);
    CHECK(seen.n == 2 && ((seen.v[0] == subj[0] && seen.v[1] == subj[3]) ||
                          (seen.v[0] == subj[3] && seen.v[1] == subj[0])));
    mg_txn_abort(t);
}

int main(void)
{
    server = getenv("MG_TEST_PG");
    if (!server || !*server || !strrchr(server, '/')) {
        printf("MG_TEST_PG is not set: skipped (scripts/pg.sh start)\n");
        return 77;
    }
    mg_status st;
    mg_status_clear(&st);
    char url[512], dir[] = "/tmp/mg-test-pgstore-XXXXXX";
    if (!new_database(url, sizeof url, NULL) || !mkdtemp(dir))
        return 1;
    CHECK(mg_store_spec_is_pg(url) && mg_store_spec_is_pg("postgres://h/d"));
    CHECK(!mg_store_spec_is_pg(dir));
    mg_store *lm = NULL, *pg = NULL;
    CHECK_OK(mg_store_open(dir, MG_STORE_CREATE, &lm, &st), &st);
    CHECK_OK(mg_store_open(url, MG_STORE_CREATE, &pg, &st), &st);
    if (lm && pg) {
        differential(lm, pg);
        transactions(url, pg);
        joins(pg);
        prefetch(pg);
    }
    mg_store_close(lm);
    mg_store_close(pg);
    opening_errors();
    drop_databases();
    CHECK(mg_test_rm_rf(dir) == 0);
    CHECK_DONE();
}
