/* test_text_index.c — fold (core/textmap.h) and the store's text index:
 * the properties the index relies on, searches after single and bulk
 * writes, the integrity check catching a wrong record, and a format-4
 * store (no index) still read and written. */
#include <lmdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "support.h"
#include "core/textmap.h"
#include "core/util.h"
#include "store/store.h"

#define enc mg_utf8_encode

/* fold is idempotent and maps characters one by one (so a substring's
 * fold is a substring of the fold), on every code point. */
static void test_fold_properties(void)
{
    char a[8], f1[32], f2[32], pair[16], fp[64], fa[32];
    int bad_idem = 0, bad_concat = 0;
    for (unsigned cp = 1; cp < 0x30000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = enc(cp, a);
        CHECK(mg_utf8_valid(a, n));
        size_t n1 = mg_text_map(a, n, 'f', f1);
        size_t n2 = mg_text_map(f1, n1, 'f', f2);
        if (n1 != n2 || memcmp(f1, f2, n1) != 0)
            bad_idem++;
        /* "x" + c + "é": the fold of the pair is the folds side by side */
        size_t pn = 0;
        pair[pn++] = 'X';
        memcpy(pair + pn, a, n);
        pn += n;
        pn += enc(0xE9, pair + pn);
        size_t fpn = mg_text_map(pair, pn, 'f', fp);
        size_t fan = mg_text_map(a, n, 'f', fa);
        if (fpn != fan + 2 || fp[0] != 'x' || memcmp(fp + 1, fa, fan) != 0 ||
            fp[fpn - 1] != 'e')
            bad_concat++;
    }
    CHECK(bad_idem == 0);
    CHECK(bad_concat == 0);
    char out[64];
    size_t n = mg_text_map("Hélène ŒUVRE Straße d’Arc", strlen("Hélène ŒUVRE Straße d’Arc"), 'f', out);
    CHECK(n == strlen("helene oeuvre strasse d'arc"));
    CHECK(strcmp(out, "helene oeuvre strasse d'arc") == 0);
    CHECK(!mg_utf8_valid("\xC3", 1));
    CHECK(!mg_utf8_valid("\xC0\xAF", 2));        /* overlong */
    CHECK(!mg_utf8_valid("\xED\xA0\x80", 3));    /* surrogate */
    CHECK(!mg_utf8_valid("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
    CHECK(mg_utf8_valid("\xF0\x9F\x98\x80", 4));
}

static mg_term lit(const char *s)
{
    mg_term t = {MG_TERM_LITERAL, s, strlen(s), NULL, NULL};
    return t;
}

typedef struct hits {
    mg_id ids[64];
    int n;
} hits;

static int on_hit(void *ctx, mg_id id)
{
    hits *h = ctx;
    if (h->n < 64)
        h->ids[h->n] = id;
    h->n++;
    return 0;
}

static int has(const hits *h, mg_id id)
{
    for (int i = 0; i < h->n && i < 64; i++)
        if (h->ids[i] == id)
            return 1;
    return 0;
}

static hits search(mg_txn *t, const char *needle, mg_code *rc)
{
    hits h = {{0}, 0};
    mg_status st;
    mg_status_clear(&st);
    *rc = mg_text_search(t, needle, strlen(needle), on_hit, &h, &st);
    return h;
}

/* The store's file opened with LMDB itself (the store closed: LMDB
 * forbids one environment open twice in a process), with a small map (the
 * store's 64 GiB cannot be reserved under valgrind); NULL on failure. */
static MDB_env *raw_open(const char *dir, unsigned flags)
{
    MDB_env *env;
    if (mdb_env_create(&env) != 0) {
        CHECK(!"mdb_env_create");
        return NULL;
    }
    mdb_env_set_maxdbs(env, 16);
    mdb_env_set_mapsize(env, 64u << 20);
    if (mdb_env_open(env, dir, MDB_NOTLS | flags, 0664) != 0) {
        CHECK(!"the store's file opens with LMDB directly");
        mdb_env_close(env);
        return NULL;
    }
    return env;
}

static void test_index(const char *dir)
{
    mg_status st;
    mg_status_clear(&st);
    mg_store *s = NULL;
    CHECK_OK(mg_store_open(dir, MG_STORE_CREATE, &s, &st), &st);
    if (!s)
        return;
    mg_txn *t;
    CHECK_OK(mg_txn_begin(s, 1, &t, &st), &st);
    /* Single interns, then a bulk batch, then more single ones: records
     * must follow in id order across chunks. */
    mg_id a = 0, b = 0, c = 0;
    mg_term ta = lit("Hélène Geoffroy"), tb = lit("Marie-HÉLÈNE"),
            tc = {MG_TERM_IRI, "http://ex.org/helene", 20, NULL, NULL};
    CHECK_OK(mg_term_intern(t, &ta, &a, &st), &st);
    enum { N = 3000 };
    static mg_term bulk[N];
    static char text[N][48];
    static mg_id ids[N];
    for (int i = 0; i < N; i++) {
        snprintf(text[i], sizeof text[i], "libellé numéro %d%s", i,
                 i == 1234 ? " Hélène" : "");
        bulk[i] = lit(text[i]);
    }
    CHECK_OK(mg_terms_intern_bulk(t, bulk, N, ids, &st), &st);
    CHECK_OK(mg_term_intern(t, &tb, &b, &st), &st);
    CHECK_OK(mg_term_intern(t, &tc, &c, &st), &st);
    CHECK_OK(mg_store_check(t, &st), &st);
    mg_code rc;
    hits h = search(t, "HELENE", &rc);
    CHECK(rc == MG_OK);
    CHECK(h.n == 4);
    CHECK(has(&h, a) && has(&h, b) && has(&h, c) && has(&h, ids[1234]));
    h = search(t, "numero 299", &rc);
    CHECK(h.n == 11); /* 299, 2990..2999 */
    h = search(t, "", &rc);
    CHECK(h.n == N + 3);
    h = search(t, "absent", &rc);
    CHECK(rc == MG_OK && h.n == 0);
    CHECK_OK(mg_txn_commit(t, &st), &st);

    /* A record whose text is wrong is caught by the integrity check (the
     * store closed while the test writes its file directly). */
    mg_store_close(s);
    s = NULL;
    MDB_env *env = raw_open(dir, 0);
    MDB_txn *lt;
    MDB_dbi dbi;
    if (!env)
        return;
    CHECK(mdb_txn_begin(env, NULL, 0, &lt) == 0);
    CHECK(mdb_dbi_open(lt, "text", 0, &dbi) == 0);
    MDB_cursor *cur;
    MDB_val k, v;
    CHECK(mdb_cursor_open(lt, dbi, &cur) == 0);
    CHECK(mdb_cursor_get(cur, &k, &v, MDB_FIRST) == 0);
    unsigned char *copy = malloc(v.mv_size);
    memcpy(copy, v.mv_data, v.mv_size);
    copy[13] ^= 0x20; /* first record's first letter */
    MDB_val nv = {v.mv_size, copy};
    CHECK(mdb_cursor_put(cur, &k, &nv, MDB_CURRENT) == 0);
    mdb_cursor_close(cur);
    CHECK(mdb_txn_commit(lt) == 0);
    mdb_env_close(env);
    free(copy);
    CHECK_OK(mg_store_open(dir, 0, &s, &st), &st);
    CHECK_OK(mg_txn_begin(s, 0, &t, &st), &st);
    mg_status_clear(&st);
    CHECK(mg_store_check(t, &st) == MG_ERR_INTERNAL);
    CHECK(strstr(st.msg, "text index") != NULL);
    mg_txn_abort(t);
    mg_store_close(s);
    s = NULL;

    /* Make it a format-4 store: no text table, version 4. */
    if (!(env = raw_open(dir, 0)))
        return;
    CHECK(mdb_txn_begin(env, NULL, 0, &lt) == 0);
    CHECK(mdb_dbi_open(lt, "text", 0, &dbi) == 0);
    CHECK(mdb_drop(lt, dbi, 1) == 0);
    MDB_dbi meta;
    CHECK(mdb_dbi_open(lt, "meta", 0, &meta) == 0);
    unsigned char ver[4] = {0, 0, 0, 4};
    MDB_val vk = {7, "version"}, vv = {4, ver};
    CHECK(mdb_put(lt, meta, &vk, &vv, 0) == 0);
    CHECK(mdb_txn_commit(lt) == 0);
    mdb_env_close(env);

    CHECK_OK(mg_store_open(dir, 0, &s, &st), &st);
    if (!s)
        return;
    CHECK_OK(mg_txn_begin(s, 1, &t, &st), &st);
    mg_id d = 0;
    mg_term td = lit("written to a format-4 store");
    CHECK_OK(mg_term_intern(t, &td, &d, &st), &st);
    CHECK(d != 0);
    search(t, "helene", &rc);
    CHECK(rc == MG_ERR_UNSUPPORTED);
    CHECK_OK(mg_store_check(t, &st), &st);
    CHECK_OK(mg_txn_commit(t, &st), &st);
    mg_store_close(s);
    /* Still no text table: the format-4 store was not half-upgraded. */
    if (!(env = raw_open(dir, MDB_RDONLY)))
        return;
    CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &lt) == 0);
    CHECK(mdb_dbi_open(lt, "text", 0, &dbi) == MDB_NOTFOUND);
    mdb_txn_abort(lt);
    mdb_env_close(env);
}

/* mg_memfind against a plain search: every needle length 0..40 (the
 * 16-byte pass, its tail and the memchr path), every start offset in a
 * 16-byte window, a two-letter alphabet (many near misses), a needle at
 * the very end, absent needles and bytes >= 0x80. */
static size_t naive(const unsigned char *h, size_t n, const unsigned char *nd,
                    size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(h + i, nd, m) == 0)
            return i;
    return (size_t)-1;
}

static void test_memfind(void)
{
    unsigned char hay[300], nd[48];
    unsigned seed = 7;
    size_t bad = 0, found = 0;
    for (int round = 0; round < 400; round++) {
        for (size_t i = 0; i < sizeof hay; i++) {
            seed = seed * 1103515245u + 12345u;
            hay[i] = (seed >> 16) & 1 ? 'a' : (round % 5 == 0 ? 0xC3 : 'b');
        }
        for (size_t m = 0; m <= 40; m++) {
            for (size_t off = 0; off < 16; off++) {
                size_t n = sizeof hay - off - (size_t)round % 23;
                const unsigned char *h = hay + off;
                /* half the needles from the haystack (often present),
                 * half random (often absent) */
                for (size_t j = 0; j < m; j++) {
                    seed = seed * 1103515245u + 12345u;
                    nd[j] = (round & 1) ? h[(n - m + j) % n]
                                        : ((seed >> 16) & 1 ? 'a' : 'b');
                }
                size_t want = naive(h, n, nd, m);
                const unsigned char *got = mg_memfind(h, n, nd, m);
                size_t g = got ? (size_t)(got - h) : (size_t)-1;
                bad += g != want;
                found += want != (size_t)-1;
            }
        }
    }
    CHECK(bad == 0);
    CHECK(found > 1000);
    CHECK(mg_memfind("abc", 3, "abcd", 4) == NULL);
    CHECK(mg_memfind("", 0, "", 0) != NULL);
}

int main(void)
{
    test_memfind();
    test_fold_properties();
    char dir[] = "/tmp/mg-test-text-XXXXXX";
    if (!mg_test_mkdtemp(dir))
        return 2;
    test_index(dir);
    if (mg_test_rm_rf(dir) != 0)
        return 2;
    CHECK_DONE();
}
