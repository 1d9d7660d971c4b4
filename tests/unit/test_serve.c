/* test_serve.c — the socket-free pieces of the server (serve/http.h):
 * content negotiation, form and JSON bodies, percent-decoding, the JSON
 * error body, statuses of codes; and the pool on one shared store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "support.h"
#include "query/engine.h"
#include "serve/http.h"
#include "serve/pool.h"

static void test_negotiate(void)
{
    const char *rows[] = {"application/sparql-results+json", "text/csv",
                          "text/tab-separated-values"};
    CHECK(mg_http_negotiate(NULL, rows, 3) == 0);
    CHECK(mg_http_negotiate("", rows, 3) == 0);
    CHECK(mg_http_negotiate("*/*", rows, 3) == 0);
    CHECK(mg_http_negotiate("text/csv", rows, 3) == 1);
    CHECK(mg_http_negotiate("TEXT/CSV", rows, 3) == 1);
    CHECK(mg_http_negotiate("text/*", rows, 3) == 1);
    CHECK(mg_http_negotiate("text/tab-separated-values; charset=utf-8", rows, 3) == 2);
    /* q values: the highest wins, then the earlier offer */
    CHECK(mg_http_negotiate("text/csv;q=0.5, text/tab-separated-values", rows, 3) == 2);
    CHECK(mg_http_negotiate("text/csv;q=0.9, application/sparql-results+json;q=0.8",
                            rows, 3) == 1);
    CHECK(mg_http_negotiate("text/csv, text/tab-separated-values", rows, 3) == 1);
    /* the most specific range decides an offer's q: text/csv refused */
    CHECK(mg_http_negotiate("text/*, text/csv;q=0", rows, 3) == 2);
    CHECK(mg_http_negotiate("*/*;q=0.1, text/csv", rows, 3) == 1);
    /* nothing acceptable */
    CHECK(mg_http_negotiate("image/png", rows, 3) == -1);
    CHECK(mg_http_negotiate("text/csv;q=0", rows, 3) == -1);
    CHECK(mg_http_negotiate("application/*;q=0, text/html", rows, 3) == -1);
    /* what browsers send */
    const char *page[] = {"text/html", "text/turtle"};
    CHECK(mg_http_negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,"
                            "*/*;q=0.8", page, 2) == 0);
    CHECK(mg_http_negotiate("text/turtle;q=1.0, */*;q=0.1", page, 2) == 1);
}

static void test_media_type(void)
{
    char t[64];
    mg_http_media_type("Text/Turtle; charset=UTF-8", t, sizeof t);
    CHECK(strcmp(t, "text/turtle") == 0);
    mg_http_media_type(NULL, t, sizeof t);
    CHECK(strcmp(t, "") == 0);
    mg_http_media_type("  application/x-www-form-urlencoded", t, sizeof t);
    CHECK(strcmp(t, "application/x-www-form-urlencoded") == 0);
    mg_http_media_type("application/sparql-query", t, 8);
    CHECK(strcmp(t, "applica") == 0);
}

static void test_form(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_kvs k = {0};
    const char *body = "query=MATCH+(n)%20RETURN+n&%24name=Caf%C3%A9&flag&=x&&a=1=2";
    CHECK_OK(mg_http_form_parse(body, strlen(body), &k, &st), &st);
    CHECK(k.n == 5);
    CHECK(strcmp(mg_kvs_get(&k, "query"), "MATCH (n) RETURN n") == 0);
    CHECK(strcmp(mg_kvs_get(&k, "$name"), "Café") == 0);
    CHECK(strcmp(mg_kvs_get(&k, "flag"), "") == 0);
    CHECK(strcmp(mg_kvs_get(&k, "a"), "1=2") == 0);
    CHECK(mg_kvs_get(&k, "missing") == NULL);
    mg_kvs_free(&k);
    for (const char *bad = "a=%zz\0a=%4\0a=%00\0"; *bad; bad += strlen(bad) + 1) {
        mg_status_clear(&st);
        CHECK(mg_http_form_parse(bad, strlen(bad), &k, &st) == MG_ERR_SYNTAX);
        mg_kvs_free(&k);
    }
    char s[] = "a%2Bb+c";
    CHECK(mg_http_unescape(s, strlen(s), 0) == 5 && strcmp(s, "a+b+c") == 0);
}

static void test_json(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_kvs k = {0};
    const char *body = " {\"query\": \"MATCH (n) RETURN n\\n\", \"timeout\": 2.5,"
                       " \"params\": {\"name\": \"\\u00e9t\\u00e9 \\ud83d\\ude00\","
                       " \"n\": -3, \"ok\": true, \"none\": null}, \"x\": false} ";
    CHECK_OK(mg_http_json_parse(body, strlen(body), &k, &st), &st);
    CHECK(strcmp(mg_kvs_get(&k, "query"), "MATCH (n) RETURN n\n") == 0);
    CHECK(strcmp(mg_kvs_get(&k, "timeout"), "2.5") == 0);
    CHECK(strcmp(mg_kvs_get(&k, "$name"), "été \xF0\x9F\x98\x80") == 0);
    CHECK(strcmp(mg_kvs_get(&k, "$n"), "-3") == 0);
    CHECK(strcmp(mg_kvs_get(&k, "$ok"), "true") == 0);
    CHECK(mg_kvs_get(&k, "$none") == NULL);
    CHECK(strcmp(mg_kvs_get(&k, "x"), "false") == 0);
    mg_kvs_free(&k);
    static const char *const bad[] = {
        "", "[]", "{", "{\"a\"}", "{\"a\": }", "{\"a\": \"x}", "{\"a\": 1,}",
        "{\"a\": {\"b\": 1}}", "{\"params\": {\"b\": {}}}", "{\"a\": 1} x",
        "{\"a\": \"\\ud800\"}", "{\"a\": \"\\u0000\"}", "{\"a\": \"\\q\"}",
        "{\"a\": [1]}", "{\"a\": \"\x01\"}", "{\"a\": tru}", "{\"a\": -}", NULL};
    for (int i = 0; bad[i]; i++) {
        mg_status_clear(&st);
        mg_code rc = mg_http_json_parse(bad[i], strlen(bad[i]), &k, &st);
        if (rc != MG_ERR_SYNTAX)
            fprintf(stderr, "accepted bad JSON: %s\n", bad[i]);
        CHECK(rc == MG_ERR_SYNTAX);
        CHECK(strstr(st.msg, "JSON body") != NULL);
        mg_kvs_free(&k);
    }
}

static void test_errors(void)
{
    CHECK(mg_http_status_of(MG_ERR_SYNTAX) == 400);
    CHECK(mg_http_status_of(MG_ERR_ARG) == 400);
    CHECK(mg_http_status_of(MG_ERR_NOT_FOUND) == 404);
    CHECK(mg_http_status_of(MG_ERR_LIMIT) == 503);
    CHECK(mg_http_status_of(MG_ERR_UNSUPPORTED) == 501);
    CHECK(mg_http_status_of(MG_ERR_STORE) == 500);
    CHECK(strcmp(mg_http_error_name(413, MG_OK), "too_large") == 0);
    CHECK(strcmp(mg_http_error_name(400, MG_ERR_SYNTAX), "syntax") == 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mg_http_error_json(f, 400, "syntax", "bad \"x\"\n  ^");
    fclose(f);
    CHECK(strcmp(buf, "{\"error\": {\"code\": 400, \"name\": \"syntax\", "
                      "\"message\": \"bad \\\"x\\\"\\n  ^\"}}\n") == 0);
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    mg_http_escape(f, "https://a.b/é x?y=1&z");
    mg_http_html(f, " <a href=\"x\">'&'</a>");
    fclose(f);
    CHECK(strcmp(buf, "https%3A%2F%2Fa.b%2F%C3%A9%20x%3Fy%3D1%26z"
                      " &lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;") == 0);
    free(buf);
}

/* Every db of a pool borrows the one store: a write through one is seen
 * by the others, and closing the pool closes the store once. */
static mg_code count_row(void *ctx, const mg_cell *c, mg_status *st)
{
    (void)st;
    *(long *)ctx = atol(c[0].value);
    return MG_OK;
}

static void test_pool(void)
{
    char dir[] = "/tmp/mg-test-serve-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/store.db", dir);
    mg_status st;
    mg_status_clear(&st);
    mg_db *db;
    CHECK_OK(mg_db_open(path, MG_DB_CREATE, &db, &st), &st);
    mg_db_close(db);
    mg_pool *p = NULL;
    CHECK_OK(mg_pool_open(path, 0, 3, &p, &st), &st);
    if (!p)
        return;
    CHECK(mg_pool_size(p) == 3);
    mg_db *a = mg_pool_take(p), *b = mg_pool_take(p), *c = mg_pool_take(p);
    CHECK(a && b && c && a != b && b != c && a->native && a->native == b->native &&
          b->native == c->native);
    librdf_node *s = librdf_new_node_from_uri_string(a->world, (const unsigned char *)"http://x/s");
    librdf_node *pr = librdf_new_node_from_uri_string(a->world, (const unsigned char *)"http://x/p");
    librdf_node *o = librdf_new_node_from_literal(a->world, (const unsigned char *)"v", NULL, 0);
    CHECK(librdf_model_add(a->model, s, pr, o) == 0);
    long n = -1;
    mg_row_sink sink = {&n, NULL, count_row, NULL};
    mg_query_opts qo = {0};
    CHECK_OK(mg_query_exec(c, "MATCH (x)-[r]->(y) RETURN count(*)", &qo, &sink, &st), &st);
    CHECK(n == 1);
    mg_pool_give(p, a);
    mg_pool_give(p, b);
    mg_pool_give(p, c);
    mg_pool_close(p);
    /* the store was closed: it opens again in this process */
    CHECK_OK(mg_db_open(path, MG_DB_READONLY, &db, &st), &st);
    CHECK(librdf_model_size(db->model) == 1);
    mg_db_close(db);
    CHECK(mg_test_rm_rf(dir) == 0);
}

int main(void)
{
    test_negotiate();
    test_media_type();
    test_form();
    test_json();
    test_errors();
    test_pool();
    CHECK_DONE();
}
