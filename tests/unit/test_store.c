/* test_store.c — the LMDB store: dictionary, each index order, cursors,
 * transactions, statistics and the integrity check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "support.h"
#include "store/store.h"

static char dir[] = "/tmp/mg-test-store-XXXXXX";

static mg_term iri(const char *s)
{
    mg_term t = {MG_TERM_IRI, s, strlen(s), NULL, NULL};
    return t;
}

static mg_id id_of(mg_txn *t, mg_term term)
{
    mg_status st;
    mg_status_clear(&st);
    mg_id id = 0;
    CHECK_OK(mg_term_intern(t, &term, &id, &st), &st);
    return id;
}

static void test_dictionary(mg_store *s)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *t;
    CHECK_OK(mg_txn_begin(s, 1, &t, &st), &st);
    mg_term lit = {MG_TERM_LITERAL, "été", strlen("été"), "fr", NULL};
    mg_term typed = {MG_TERM_LITERAL, "2025-03-06", 10, NULL,
                     "http://www.w3.org/2001/XMLSchema#date"};
    mg_term plain = {MG_TERM_LITERAL, "été", strlen("été"), NULL, NULL};
    mg_term blank = {MG_TERM_BLANK, "b1", 2, NULL, NULL};
    mg_term withnul = {MG_TERM_LITERAL, "a\0b", 3, NULL, NULL};
    char *big = malloc(5000);
    memset(big, 'x', 4999);
    big[4999] = 0;
    mg_term longa = {MG_TERM_LITERAL, big, 4999, NULL, NULL};
    big[0] = 'y';
    mg_id a = id_of(t, iri("http://ex.org/a"));
    mg_id l = id_of(t, lit), ty = id_of(t, typed), p = id_of(t, plain);
    mg_id b = id_of(t, blank), n = id_of(t, withnul), lg = id_of(t, longa);
    big[0] = 'x';
    mg_id lg2 = id_of(t, longa);
    CHECK(a && l && ty && p && b && n && lg && lg2);
    CHECK(l != p && lg != lg2 && a != b);
    CHECK(id_of(t, iri("http://ex.org/a")) == a); /* interning is stable */
    big[0] = 'y';
    CHECK(id_of(t, longa) == lg);
    mg_term got;
    CHECK_OK(mg_term_get(t, l, &got, &st), &st);
    CHECK(got.kind == MG_TERM_LITERAL && got.len == strlen("été") &&
          memcmp(got.value, "été", got.len) == 0 && strcmp(got.lang, "fr") == 0);
    CHECK_OK(mg_term_get(t, ty, &got, &st), &st);
    CHECK(got.datatype && strcmp(got.datatype,
                                 "http://www.w3.org/2001/XMLSchema#date") == 0);
    CHECK_OK(mg_term_get(t, n, &got, &st), &st);
    CHECK(got.len == 3 && memcmp(got.value, "a\0b", 3) == 0);
    CHECK_OK(mg_term_get(t, lg, &got, &st), &st);
    CHECK(got.len == 4999 && got.value[0] == 'y');
    mg_id none;
    mg_term absent = iri("http://ex.org/absent");
    CHECK(mg_term_lookup(t, &absent, &none, NULL) == MG_ERR_NOT_FOUND);
    CHECK(mg_term_count(t) == 8);
    CHECK_OK(mg_txn_commit(t, &st), &st);
    free(big);
}

/* Brute force: does q match pattern p (0 = any)? */
static int matches(const mg_quad *p, const mg_quad *q)
{
    return (!p->g || p->g == q->g) && (!p->s || p->s == q->s) &&
           (!p->p || p->p == q->p) && (!p->o || p->o == q->o);
}

static void test_indexes(mg_store *s)
{
    mg_status st;
    mg_status_clear(&st);
    mg_txn *t;
    CHECK_OK(mg_txn_begin(s, 1, &t, &st), &st);
    mg_id ids[6];
    const char *names[6] = {"http://ex.org/g1", "http://ex.org/g2",
                            "http://ex.org/s", "http://ex.org/p",
                            "http://ex.org/o",
                            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"};
    for (int i = 0; i < 6; i++)
        ids[i] = id_of(t, iri(names[i]));
    mg_quad all[] = {
        {ids[0], ids[2], ids[3], ids[4]}, {ids[1], ids[2], ids[3], ids[4]},
        {ids[0], ids[4], ids[3], ids[2]}, {ids[0], ids[2], ids[5], ids[4]},
        {ids[1], ids[2], ids[5], ids[4]}, {ids[1], ids[4], ids[5], ids[3]},
    };
    size_t nall = sizeof all / sizeof all[0];
    for (size_t i = 0; i < nall; i++) {
        int added = 0;
        CHECK_OK(mg_quad_add(t, &all[i], &added, &st), &st);
        CHECK(added == 1);
    }
    int added = 1;
    CHECK_OK(mg_quad_add(t, &all[0], &added, &st), &st);
    CHECK(added == 0); /* a quad is a set member */

    mg_counts cn;
    CHECK_OK(mg_store_counts(t, &cn, &st), &st);
    CHECK(cn.quads == 6 && cn.triples == 4 && cn.graphs == 2);
    CHECK(mg_stat_predicate(t, ids[3]) == 2 && mg_stat_predicate(t, ids[5]) == 2);
    CHECK(mg_stat_class(t, ids[4]) == 1 && mg_stat_class(t, ids[3]) == 1);
    /* p: (s p o) and (o p s): 2 subjects, 2 objects; rdf:type: (s type o),
     * (o type p): subjects s,o; objects o,p */
    uint64_t tr, su, ob;
    mg_stat_predicate_ex(t, ids[3], &tr, &su, &ob);
    CHECK(tr == 2 && su == 2 && ob == 2);
    mg_stat_predicate_ex(t, ids[5], &tr, &su, &ob);
    CHECK(tr == 2 && su == 2 && ob == 2);
    CHECK(mg_graph_size(t, ids[0]) == 3 && mg_graph_size(t, ids[1]) == 3);

    /* Every pattern shape, against brute force, with and without DISTINCT. */
    for (int mask = 0; mask < 16; mask++) {
        for (size_t base = 0; base < nall; base++) {
            mg_quad pat = {mask & 1 ? all[base].g : 0, mask & 2 ? all[base].s : 0,
                           mask & 4 ? all[base].p : 0, mask & 8 ? all[base].o : 0};
            size_t expect = 0;
            for (size_t i = 0; i < nall; i++)
                expect += matches(&pat, &all[i]);
            mg_cursor *c;
            CHECK_OK(mg_cursor_open(t, &pat, 0, &c, &st), &st);
            mg_quad q;
            size_t got = 0;
            while (mg_cursor_next(c, &q, &st) == 1) {
                CHECK(matches(&pat, &q));
                got++;
            }
            mg_cursor_close(c);
            CHECK(got == expect);
            /* distinct triples */
            size_t dexpect = 0;
            for (size_t i = 0; i < nall; i++) {
                if (!matches(&pat, &all[i]))
                    continue;
                int seen = 0;
                for (size_t j = 0; j < i; j++)
                    if (matches(&pat, &all[j]) && all[j].s == all[i].s &&
                        all[j].p == all[i].p && all[j].o == all[i].o)
                        seen = 1;
                dexpect += !seen || pat.g;
            }
            CHECK_OK(mg_cursor_open(t, &pat, MG_CURSOR_DISTINCT, &c, &st), &st);
            got = 0;
            while (mg_cursor_next(c, &q, &st) == 1)
                got++;
            mg_cursor_close(c);
            CHECK(got == dexpect);
        }
    }
    /* the chosen index has the longest bound prefix */
    mg_cursor *c;
    mg_quad po = {0, 0, ids[3], ids[4]};
    CHECK_OK(mg_cursor_open(t, &po, 0, &c, &st), &st);
    CHECK(strcmp(mg_cursor_index(c), "POSG") == 0);
    mg_cursor_close(c);
    mg_quad os = {0, ids[2], 0, ids[4]};
    CHECK_OK(mg_cursor_open(t, &os, 0, &c, &st), &st);
    CHECK(strcmp(mg_cursor_index(c), "OSPG") == 0);
    mg_cursor_close(c);
    mg_quad gs = {ids[0], ids[2], 0, 0};
    CHECK_OK(mg_cursor_open(t, &gs, 0, &c, &st), &st);
    CHECK(strcmp(mg_cursor_index(c), "GSPO") == 0);
    mg_cursor_close(c);
    CHECK_OK(mg_store_check(t, &st), &st);
    CHECK_OK(mg_txn_commit(t, &st), &st);

    /* remove and drop keep statistics in step */
    CHECK_OK(mg_txn_begin(s, 1, &t, &st), &st);
    int removed = 0;
    CHECK_OK(mg_quad_remove(t, &all[1], &removed, &st), &st);
    CHECK(removed == 1);
    CHECK_OK(mg_quad_remove(t, &all[1], &removed, &st), &st);
    CHECK(removed == 0);
    CHECK_OK(mg_store_counts(t, &cn, &st), &st);
    CHECK(cn.quads == 5 && cn.triples == 4);
    uint64_t dropped = 0;
    CHECK_OK(mg_graph_drop(t, ids[0], &dropped, &st), &st);
    CHECK(dropped == 3);
    CHECK_OK(mg_store_counts(t, &cn, &st), &st);
    CHECK(cn.quads == 2 && cn.triples == 2 && cn.graphs == 1);
    CHECK(mg_stat_predicate(t, ids[3]) == 0 && mg_stat_class(t, ids[4]) == 1);
    mg_stat_predicate_ex(t, ids[5], &tr, &su, &ob);
    CHECK(tr == 2 && su == 2 && ob == 2);
    CHECK_OK(mg_store_check(t, &st), &st);
    mg_txn_abort(t); /* rollback: nothing of that happened */

    CHECK_OK(mg_txn_begin(s, 0, &t, &st), &st);
    CHECK_OK(mg_store_counts(t, &cn, &st), &st);
    CHECK(cn.quads == 6 && cn.triples == 4);
    CHECK(mg_quad_add(t, &all[0], NULL, &st) == MG_ERR_ARG); /* read-only txn */
    mg_txn_abort(t);
}

static void test_reopen(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_store *s;
    CHECK_OK(mg_store_open(dir, MG_STORE_READONLY, &s, &st), &st);
    mg_txn *t;
    CHECK_OK(mg_txn_begin(s, 0, &t, &st), &st);
    mg_counts cn;
    CHECK_OK(mg_store_counts(t, &cn, &st), &st);
    CHECK(cn.quads == 6);
    CHECK_OK(mg_store_check(t, &st), &st);
    mg_txn_abort(t);
    mg_status_clear(&st);
    CHECK(mg_txn_begin(s, 1, &t, &st) == MG_ERR_ARG);
    mg_store_close(s);

    mg_status_clear(&st);
    CHECK(mg_store_open("/tmp/mg-no-such-store", 0, &s, &st) == MG_ERR_NOT_FOUND);
    CHECK(strstr(st.msg, "no store at") != NULL);
    mg_status_clear(&st);
    CHECK(mg_store_open("/proc/mg-cannot", MG_STORE_CREATE, &s, &st) == MG_ERR_IO);
}


/* ---- bulk writes ------------------------------------------------------ */

typedef struct stat_list {
    mg_id ids[64];
    uint64_t n[64];
    int count;
} stat_list;

static int collect(void *ctx, mg_id id, uint64_t n)
{
    stat_list *l = ctx;
    if (l->count < 64) {
        l->ids[l->count] = id;
        l->n[l->count++] = n;
    }
    return 0;
}

/* Both stores hold the same ids, quads and statistics. */
static void same_stores(mg_txn *a, mg_txn *b)
{
    mg_status st;
    mg_status_clear(&st);
    mg_counts ca, cb;
    CHECK_OK(mg_store_counts(a, &ca, &st), &st);
    CHECK_OK(mg_store_counts(b, &cb, &st), &st);
    CHECK(ca.quads == cb.quads && ca.triples == cb.triples &&
          ca.graphs == cb.graphs && ca.terms == cb.terms);
    mg_quad any = {0, 0, 0, 0}, qa, qb;
    mg_cursor *x, *y;
    CHECK_OK(mg_cursor_open(a, &any, 0, &x, &st), &st);
    CHECK_OK(mg_cursor_open(b, &any, 0, &y, &st), &st);
    int ra, rb;
    do {
        ra = mg_cursor_next(x, &qa, &st);
        rb = mg_cursor_next(y, &qb, &st);
        CHECK(ra == rb);
        if (ra == 1 && rb == 1)
            CHECK(memcmp(&qa, &qb, sizeof qa) == 0);
    } while (ra == 1 && rb == 1);
    mg_cursor_close(x);
    mg_cursor_close(y);
    const char kinds[3] = {'g', 'p', 'c'};
    for (int k = 0; k < 3; k++) {
        stat_list la = {0}, lb = {0};
        CHECK_OK(mg_stat_each(a, kinds[k], collect, &la, &st), &st);
        CHECK_OK(mg_stat_each(b, kinds[k], collect, &lb, &st), &st);
        CHECK(la.count == lb.count && la.count > 0);
        CHECK(memcmp(la.ids, lb.ids, sizeof la.ids) == 0 &&
              memcmp(la.n, lb.n, sizeof la.n) == 0);
        for (int i = 0; k == 1 && i < la.count; i++) {
            uint64_t t1, s1, o1, t2, s2, o2;
            mg_stat_predicate_ex(a, la.ids[i], &t1, &s1, &o1);
            mg_stat_predicate_ex(b, la.ids[i], &t2, &s2, &o2);
            CHECK(t1 == t2 && s1 == s2 && o1 == o2);
        }
    }
    CHECK_OK(mg_store_check(a, &st), &st);
    CHECK_OK(mg_store_check(b, &st), &st);
}

/* Terms: a few IRIs, a repeated one, literals of each kind, two long
 * literals sharing their first 600 bytes, and rdf:type. */
#define NTERMS 12
static void bulk_terms(mg_term *terms, char *big1, char *big2)
{
    memset(big1, 'z', 700);
    memcpy(big2, big1, 700);
    big2[699] = 'w';
    terms[0] = iri("http://ex.org/g");
    terms[1] = iri("http://ex.org/s");
    terms[2] = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    terms[3] = iri("http://ex.org/C");
    terms[4] = iri("http://ex.org/p");
    terms[5] = (mg_term){MG_TERM_LITERAL, big1, 700, NULL, NULL};
    terms[6] = (mg_term){MG_TERM_LITERAL, big2, 700, NULL, NULL};
    terms[7] = (mg_term){MG_TERM_LITERAL, "x", 1, "fr", NULL};
    terms[8] = iri("http://ex.org/s"); /* the same as terms[1] */
    terms[9] = (mg_term){MG_TERM_LITERAL, "x", 1, NULL,
                         "http://www.w3.org/2001/XMLSchema#string"};
    terms[10] = (mg_term){MG_TERM_BLANK, "b0", 2, NULL, NULL};
    terms[11] = iri("http://ex.org/g2");
}

/* Quads over the terms above (as indexes into them), duplicates and a
 * triple in two graphs included. */
static const int bulk_quads[][4] = {
    {0, 1, 2, 3}, {0, 1, 4, 5}, {0, 1, 4, 6}, {0, 10, 4, 7}, {0, 1, 4, 5},
    {11, 1, 4, 5}, {11, 10, 2, 3}, {11, 8, 4, 9}, {0, 10, 2, 3},
    {11, 3, 4, 10},
};
#define NQUADS (sizeof bulk_quads / sizeof bulk_quads[0])

/* One store filled by mg_terms_intern_bulk + mg_quads_add_bulk, one by
 * mg_term_intern + mg_quad_add, in the same order: the same ids, quads and
 * statistics, into an empty store and again into a non-empty one. */
static void test_bulk(void)
{
    char da[] = "/tmp/mg-test-bulk-a-XXXXXX", db[] = "/tmp/mg-test-bulk-b-XXXXXX";
    if (!mkdtemp(da) || !mkdtemp(db)) {
        CHECK(0);
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    mg_store *sa = NULL, *sb = NULL;
    CHECK_OK(mg_store_open(da, MG_STORE_CREATE, &sa, &st), &st);
    CHECK_OK(mg_store_open(db, MG_STORE_CREATE, &sb, &st), &st);
    char big1[700], big2[700];
    mg_term terms[NTERMS];
    bulk_terms(terms, big1, big2);
    for (int round = 0; round < 2 && sa && sb; round++) {
        if (round == 1) /* new terms after the existing ones */
            terms[3] = iri("http://ex.org/D"), terms[7].lang = "de";
        mg_txn *a, *b;
        CHECK_OK(mg_txn_begin(sa, 1, &a, &st), &st);
        CHECK_OK(mg_txn_begin(sb, 1, &b, &st), &st);
        mg_id ids[NTERMS], one[NTERMS];
        CHECK_OK(mg_terms_intern_bulk(a, terms, NTERMS, ids, &st), &st);
        for (int i = 0; i < NTERMS; i++) {
            one[i] = id_of(b, terms[i]);
            CHECK(ids[i] == one[i]);
        }
        CHECK(ids[8] == ids[1] && ids[5] != ids[6]);
        mg_quad qs[NQUADS];
        uint64_t added = 0, added_one = 0;
        size_t kept = 0;
        for (size_t i = 0; i < NQUADS; i++) {
            const int *k = bulk_quads[i];
            qs[i] = (mg_quad){ids[k[0]], ids[k[1]], ids[k[2]], ids[k[3]]};
            int add = 0;
            CHECK_OK(mg_quad_add(b, &qs[i], &add, &st), &st);
            added_one += (uint64_t)add;
        }
        CHECK_OK(mg_quads_add_bulk(a, qs, NQUADS, &kept, &added, &st), &st);
        CHECK(kept == NQUADS - 1); /* one duplicate */
        CHECK(added == added_one);
        same_stores(a, b);
        CHECK_OK(mg_txn_commit(a, &st), &st);
        CHECK_OK(mg_txn_commit(b, &st), &st);
    }
    mg_store_close(sa);
    mg_store_close(sb);
    CHECK(mg_test_rm_rf(da) == 0);
    CHECK(mg_test_rm_rf(db) == 0);
}

/* A read transaction keeps the terms it read (lmdb_dict.c): 30 000 terms,
 * many more than its slots, read in three orders and twice each, must each
 * come back as written, in the cache or not; a write transaction keeps
 * none, and a term added after the reader began is not seen by it. */
static void test_term_cache(mg_store *s)
{
    enum { N = 30000 };
    mg_status st;
    mg_status_clear(&st);
    mg_id *ids = calloc(N, sizeof *ids);
    char name[64];
    mg_txn *w, *r;
    CHECK_OK(mg_txn_begin(s, 1, &w, &st), &st);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "http://ex.org/cache/%d", i);
        ids[i] = id_of(w, iri(name));
    }
    CHECK_OK(mg_txn_commit(w, &st), &st);
    CHECK_OK(mg_txn_begin(s, 0, &r, &st), &st);
    for (int pass = 0; pass < 6; pass++) {
        for (int k = 0; k < N; k++) {
            int i = pass % 3 == 0 ? k : pass % 3 == 1 ? N - 1 - k
                                                      : (int)((k * 7919L) % N);
            mg_term got;
            snprintf(name, sizeof name, "http://ex.org/cache/%d", i);
            if (mg_term_get(r, ids[i], &got, &st) != MG_OK ||
                got.kind != MG_TERM_IRI || got.len != strlen(name) ||
                memcmp(got.value, name, got.len) != 0) {
                CHECK(!"term read back as written");
                break;
            }
        }
    }
    /* a term interned after the reader began: absent for it */
    CHECK_OK(mg_txn_begin(s, 1, &w, &st), &st);
    mg_id late = id_of(w, iri("http://ex.org/cache/late"));
    mg_term got;
    CHECK_OK(mg_term_get(w, late, &got, &st), &st);
    CHECK_OK(mg_term_get(w, late, &got, &st), &st);
    CHECK(got.len == strlen("http://ex.org/cache/late"));
    CHECK_OK(mg_txn_commit(w, &st), &st);
    CHECK(mg_term_get(r, late, &got, NULL) == MG_ERR_NOT_FOUND);
    CHECK_OK(mg_term_get(r, ids[0], &got, &st), &st);
    CHECK(got.len == strlen("http://ex.org/cache/0"));
    mg_txn_abort(r);
    free(ids);
}

int main(void)
{
    if (!mg_test_mkdtemp(dir))
        return 2;
    mg_status st;
    mg_status_clear(&st);
    mg_store *s = NULL;
    CHECK_OK(mg_store_open(dir, MG_STORE_CREATE, &s, &st), &st);
    if (s) {
        test_dictionary(s);
        test_indexes(s);
        test_term_cache(s);
        mg_store_close(s);
        test_reopen();
    }
    test_bulk();
    if (mg_test_rm_rf(dir) != 0)
        return 2;
    CHECK_DONE();
}
