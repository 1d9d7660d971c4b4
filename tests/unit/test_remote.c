/*
 * test_remote.c — the endpoint client without a network: the SPARQL JSON
 * results reader (remote/remote.h, mg_sparql_json_read) on good and
 * malformed answers, and the translation of queries (mg_query_sparql) on
 * values and names chosen to break out of a string or a variable: the
 * SPARQL it writes is run by rasqal (librdf) on the same store and must
 * give our rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "support.h"
#include "load/load.h"
#include "query/engine.h"
#include "remote/remote.h"
#include "store/db.h"

/* ---- a sink writing "col=kind:value@lang^^dt;…\n" ----------------------- */

typedef struct out {
    char buf[8192];
    int ncols;
    int rows;
} out;

static void add(out *o, const char *s)
{
    size_t n = strlen(o->buf);
    snprintf(o->buf + n, sizeof o->buf - n, "%s", s);
}

static void add_cell(out *o, const mg_cell *c)
{
    static const char *const kinds[] = {"-", "iri", "bnode", "lit", "list"};
    add(o, kinds[c->kind]);
    if (c->kind == MG_CELL_LIST) {
        add(o, "[");
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                add(o, ",");
            add_cell(o, &c->items[i]);
        }
        add(o, "]");
        return;
    }
    if (c->kind == MG_CELL_UNBOUND)
        return;
    add(o, ":");
    add(o, c->value);
    if (c->lang) {
        add(o, "@");
        add(o, c->lang);
    }
    if (c->datatype) {
        add(o, "^^");
        add(o, c->datatype);
    }
}

static mg_code o_columns(void *ctx, const char *const *names, int n,
                         mg_status *st)
{
    (void)st;
    out *o = ctx;
    o->ncols = n;
    for (int i = 0; i < n; i++) {
        add(o, i ? "," : "cols:");
        add(o, names[i]);
    }
    add(o, "\n");
    return MG_OK;
}

static mg_code o_row(void *ctx, const mg_cell *cells, mg_status *st)
{
    (void)st;
    out *o = ctx;
    o->rows++;
    for (int i = 0; i < o->ncols; i++) {
        if (i)
            add(o, ";");
        add_cell(o, &cells[i]);
    }
    add(o, "\n");
    return MG_OK;
}

static const char *const COLS[] = {"name", "n"};
static const char *const VARS[] = {"name", "count_28_2A_29"};

static mg_code read_json(const char *json, out *o, mg_status *st)
{
    memset(o, 0, sizeof *o);
    mg_status_clear(st);
    mg_row_sink sink = {o, o_columns, o_row, NULL};
    return mg_sparql_json_read(json, strlen(json), COLS, VARS, 2, &sink, st);
}

static void test_json_good(void)
{
    out o;
    mg_status st;
    const char *doc =
        "\xEF\xBB\xBF{ \"head\": {\"vars\": [\"name\", \"count_28_2A_29\", \"_v1\"],"
        " \"link\": []},\n"
        "  \"results\": { \"distinct\": false, \"bindings\": [\n"
        "   {\"name\": {\"type\": \"literal\", \"value\": \"H\\u00e9l\\u00e8ne \\\"Q\\\"\\n\","
        "     \"xml:lang\": \"fr\"},\n"
        "    \"count_28_2A_29\": {\"type\": \"typed-literal\", \"value\": \"3\","
        "     \"datatype\": \"http://www.w3.org/2001/XMLSchema#integer\"},"
        "    \"_v1\": {\"type\": \"uri\", \"value\": \"http://x/\"}},\n"
        "   {\"name\": {\"value\": \"http://e.org/a\", \"type\": \"uri\"}},\n"
        "   {\"name\": {\"type\": \"bnode\", \"value\": \"b0\"},"
        "    \"count_28_2A_29\": {\"type\": \"literal\", \"value\": \"\\u001ea\\u001fb c\\u001f\"}},\n"
        "   {\"name\": {\"type\": \"literal\", \"value\": \"\\ud83d\\ude00 \xF0\x9F\x98\x80\"},"
        "    \"count_28_2A_29\": {\"type\": \"literal\", \"value\": \"\\u001e\"}},\n"
        "   {}\n"
        "  ] } }\n";
    CHECK_OK(read_json(doc, &o, &st), &st);
    CHECK(o.rows == 5);
    const char *want =
        "cols:name,n\n"
        "lit:H\xC3\xA9l\xC3\xA8ne \"Q\"\n@fr;lit:3^^http://www.w3.org/2001/XMLSchema#integer\n"
        "iri:http://e.org/a;-\n"
        "bnode:b0;list[lit:a,lit:b c,lit:]\n"
        "lit:\xF0\x9F\x98\x80 \xF0\x9F\x98\x80;list[]\n"
        "-;-\n";
    if (strcmp(o.buf, want) != 0) {
        fprintf(stderr, "got:\n%s\nwant:\n%s\n", o.buf, want);
        mg_test_failures++;
    }
    /* results before head (members in any order); no rows: columns once */
    CHECK_OK(read_json("{\"results\":{\"bindings\":[]},\"head\":{\"vars\":"
                       "[\"count_28_2A_29\",\"name\"]}}", &o, &st), &st);
    CHECK(o.rows == 0 && strcmp(o.buf, "cols:name,n\n") == 0);
}

/* The translation's own forms: companions ?_m (a condition: 1/0 of
 * Virtuoso read as true/false), ?_s/?_d (avg(): SUM / COUNT as ours
 * prints a double), and U+001C lists (sorted). */
static void test_json_ours(void)
{
    out o;
    mg_status st;
    const char *doc =
        "{\"head\": {\"vars\": [\"name\", \"_mname\", \"count_28_2A_29\","
        " \"_scount_28_2A_29\", \"_dcount_28_2A_29\"]},\n"
        " \"results\": {\"bindings\": [\n"
        "  {\"name\": {\"type\": \"typed-literal\", \"value\": \"1\","
        "    \"datatype\": \"http://www.w3.org/2001/XMLSchema#integer\"},"
        "   \"_mname\": {\"type\": \"literal\", \"value\": \"b\"},"
        "   \"count_28_2A_29\": {\"type\": \"literal\", \"value\": \"37\","
        "    \"datatype\": \"http://www.w3.org/2001/XMLSchema#decimal\"},"
        "   \"_scount_28_2A_29\": {\"type\": \"literal\", \"value\": \"74\"},"
        "   \"_dcount_28_2A_29\": {\"type\": \"literal\", \"value\": \"2\"}},\n"
        /* members in another order; a boolean as SPARQL writes it */
        "  {\"_dcount_28_2A_29\": {\"type\": \"literal\", \"value\": \"3\"},"
        "   \"_scount_28_2A_29\": {\"type\": \"literal\", \"value\": \"1\"},"
        "   \"count_28_2A_29\": {\"type\": \"literal\", \"value\": \"0.3333\"},"
        "   \"name\": {\"type\": \"literal\", \"value\": \"false\","
        "    \"datatype\": \"http://www.w3.org/2001/XMLSchema#boolean\"},"
        "   \"_mname\": {\"type\": \"literal\", \"value\": \"b\"}},\n"
        /* a sorted list; a count of 0: the value as the endpoint gave it */
        "  {\"name\": {\"type\": \"literal\", \"value\": \"\\u001cmg:b\\u001ffoaf:a\\u001fmg:a\"},"
        "   \"count_28_2A_29\": {\"type\": \"literal\", \"value\": \"0\"},"
        "   \"_scount_28_2A_29\": {\"type\": \"literal\", \"value\": \"0\"},"
        "   \"_dcount_28_2A_29\": {\"type\": \"literal\", \"value\": \"0\"}},\n"
        "  {\"name\": {\"type\": \"literal\", \"value\": \"\\u001c\"},"
        "   \"_mname\": {\"type\": \"literal\", \"value\": \"b\"}}\n"
        " ] } }\n";
    CHECK_OK(read_json(doc, &o, &st), &st);
    const char *want =
        "cols:name,n\n"
        "lit:true^^http://www.w3.org/2001/XMLSchema#boolean;"
        "lit:37.0^^http://www.w3.org/2001/XMLSchema#double\n"
        "lit:false^^http://www.w3.org/2001/XMLSchema#boolean;"
        "lit:0.33333333333333331^^http://www.w3.org/2001/XMLSchema#double\n"
        "list[lit:foaf:a,lit:mg:a,lit:mg:b];lit:0\n"
        "list[];-\n";
    if (strcmp(o.buf, want) != 0) {
        fprintf(stderr, "got:\n%s\nwant:\n%s\n", o.buf, want);
        mg_test_failures++;
    }
    /* a condition whose value is not a boolean */
    mg_code rc = read_json(
        "{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\",\"_mname\"]},"
        "\"results\":{\"bindings\":[{\"name\":{\"type\":\"literal\","
        "\"value\":\"2\"},\"_mname\":{\"type\":\"literal\",\"value\":\"b\"}}]}}",
        &o, &st);
    CHECK(rc == MG_ERR_SYNTAX && strstr(st.msg, "not a boolean"));
}

static void test_json_bad(void)
{
    static const struct {
        const char *doc, *needle;
    } bad[] = {
        {"", "expected a JSON object"},
        {"[]", "expected a JSON object"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]},\"results\":{\"bindings\":[",
         "not an object"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]}} x", "text after"},
        {"{\"head\":{\"vars\":[\"name\"]}}", "no variable ?count_28_2A_29"},
        {"{\"head\":{},\"boolean\":true}", "no variable"},
        {"{\"results\":{\"bindings\":[]}}", "no head"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]},\"boolean\":true}",
         "boolean"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]},\"results\":{\"bindings\":"
         "[{\"name\":{\"value\":\"x\"}}]}}", "without type or value"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]},\"results\":{\"bindings\":"
         "[{\"name\":{\"type\":\"thing\",\"value\":\"x\"}}]}}", "unknown type"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]},\"results\":{\"bindings\":"
         "[{\"name\":{\"type\":\"literal\",\"value\":3}}]}}", "not a string"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]},\"results\":{\"bindings\":"
         "[{\"name\":{\"type\":\"literal\",\"value\":\"a\",\"value\":\"b\"}}]}}",
         "given twice"},
        {"{\"head\":{\"vars\":[\"a\\q\"]}}", "bad escape"},
        {"{\"head\":{\"vars\":[\"\\ud800\"]}}", "unpaired surrogate"},
        {"{\"head\":{\"vars\":[\"\\udc00x\"]}}", "unpaired surrogate"},
        {"{\"head\":{\"vars\":[\"\\u00\"]}}", "bad \\u escape"},
        {"{\"head\":{\"vars\":[\"\\u0000\"]}}", "NUL"},
        {"{\"head\":{\"vars\":[\"a\tb\"]}}", "control character"},
        {"{\"head\":{\"vars\":[\"\xC3\"]}}", "invalid UTF-8"},
        {"{\"head\":{\"vars\":[\"\xC0\xAF\"]}}", "invalid UTF-8"},
        {"{\"head\":{\"vars\":[\"\xED\xA0\x80\"]}}", "invalid UTF-8"},
        {"{\"head\":{\"vars\":[\"x\"],}}", "expected '\"'"},
        {"{\"head\":{\"vars\":[\"x\" \"y\"]}}", "expected ',' or ']'"},
        {"{\"head\" {}}", "expected ':'"},
        {"{\"head\":{\"link\":[01]}}", "expected ',' or ']'"},
        {"{\"head\":{\"link\":[1.]}}", "bad number"},
        {"{\"head\":{\"link\":[-]}}", "bad number"},
        {"{\"head\":{\"link\":[tru]}}", "unexpected character"},
        {"{\"head\":{\"link\":\"unterminated}}", "unterminated string"},
        {"{\"head\":[]}", "head is not an object"},
        {"{\"head\":{\"vars\":[\"name\",\"count_28_2A_29\"]},\"results\":[]}",
         "results is not an object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out o;
        mg_status st;
        mg_code rc = read_json(bad[i].doc, &o, &st);
        if (rc != MG_ERR_SYNTAX || !strstr(st.msg, bad[i].needle)) {
            fprintf(stderr, "bad[%zu] %s\n  want syntax error with '%s', got %d: %s\n",
                    i, bad[i].doc, bad[i].needle, rc, st.msg);
            mg_test_failures++;
        }
    }
    /* nesting deeper than the reader allows */
    char deep[400] = "{\"head\":{\"link\":";
    for (int i = 0; i < 100; i++)
        strcat(deep, "[");
    out o;
    mg_status st;
    CHECK(read_json(deep, &o, &st) == MG_ERR_SYNTAX && strstr(st.msg, "too deep"));
}

/* ---- translation: values and names that try to break out --------------- */

static char dir[] = "/tmp/mg_test_remote_XXXXXX";
static mg_db *db;

/* Rows of `sparql` run by rasqal on the store; -1 if it does not parse. */
static int rasqal_rows(const char *sparql)
{
    librdf_query *q = librdf_new_query(db->world, "sparql", NULL,
                                       (const unsigned char *)sparql, NULL);
    librdf_query_results *r = q ? librdf_model_query_execute(db->model, q) : NULL;
    int n = -1;
    if (r) {
        n = 0;
        while (!librdf_query_results_finished(r)) {
            n++;
            librdf_query_results_next(r);
        }
        librdf_free_query_results(r);
    }
    if (q)
        librdf_free_query(q);
    return n;
}

static mg_code count_row(void *ctx, const mg_cell *cells, mg_status *st)
{
    (void)cells;
    (void)st;
    (*(int *)ctx)++;
    return MG_OK;
}

/* Runs q with $v = value locally and as SPARQL through rasqal: both must
 * give `want` rows. */
static void same_rows(int line, const char *q, const char *value, int want)
{
    mg_param p = {"v", value};
    mg_query_opts qo = {0};
    qo.params = &p;
    qo.nparams = 1;
    mg_status st;
    mg_status_clear(&st);
    int local = 0;
    mg_row_sink sink = {&local, NULL, count_row, NULL};
    mg_code rc = mg_query_exec(db, q, &qo, &sink, &st);
    mg_sparql_query sq;
    mg_status_clear(&st);
    mg_code rc2 = mg_query_sparql(db, q, &qo, &sq, &st);
    int remote = rc2 == MG_OK ? rasqal_rows(sq.text) : -2;
    if (rc != MG_OK || rc2 != MG_OK || local != want || remote != want) {
        fprintf(stderr, "line %d: %s with $v=[%s]: want %d rows, local %d (rc %d), "
                        "SPARQL %d (rc %d %s)\n%s\n", line, q, value, want, local,
                rc, remote, rc2, st.msg, sq.text ? sq.text : "");
        mg_test_failures++;
    }
    mg_sparql_query_free(&sq);
}

static void test_translation(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/store", dir);
    mg_status st;
    mg_status_clear(&st);
    CHECK_OK(mg_db_open(path, MG_DB_CREATE, &db, &st), &st);
    /* values with every character a SPARQL string must escape */
    const char *ttl =
        "@prefix ex: <http://example.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:a rdfs:label \"quote \\\" back \\\\ nl \\n cr \\r tab \\t } { ?x . # <\" .\n"
        "ex:b rdfs:label \"\\\\u0022 not an escape\" .\n"
        "ex:c rdfs:label \"\xC3\x89l\xC3\xA9onore \xC5\x92uvre \xC3\x9F\"@fr .\n"
        "ex:d rdfs:label \"plain\" .\n";
    uint64_t changed = 0;
    CHECK_OK(mg_load_text(db, ttl, "http://example.org/g", 0, &changed, &st), &st);
    CHECK(changed == 4);
    const char *q = "MATCH (n) WHERE n.label = $v RETURN n";
    same_rows(__LINE__, q, "quote \" back \\ nl \n cr \r tab \t } { ?x . # <", 1);
    same_rows(__LINE__, q, "\\u0022 not an escape", 1);
    same_rows(__LINE__, q, "plain", 1);
    /* injection attempts: the value stays one string, matching nothing */
    same_rows(__LINE__, q, "x\") || true || (\"", 0);
    same_rows(__LINE__, q, "x\" } } SELECT * WHERE { ?s ?p ?o } #", 0);
    same_rows(__LINE__, q, "x\\\" || true || \"", 0);
    same_rows(__LINE__, q, "plain\" . ?n ?p ?o . FILTER(\"a\" = \"a", 0);
    /* a language tag does not change a comparison (lexical forms) */
    same_rows(__LINE__, q, "\xC3\x89l\xC3\xA9onore \xC5\x92uvre \xC3\x9F", 1);
    /* fold(): accents of Latin-1 and Latin Extended-A, then lower case */
    same_rows(__LINE__, "MATCH (n) WHERE fold(n.label) = $v RETURN n",
              "eleonore oeuvre ss", 1);
    same_rows(__LINE__, "MATCH (n) WHERE fold(n.label) CONTAINS $v RETURN n",
              "quote \" back", 1);
    same_rows(__LINE__, "MATCH (n) WHERE fold(n.label) STARTS WITH $v RETURN n",
              "PLAIN", 0);
    /* names that are not plain: column aliases with quotes, spaces, braces */
    mg_sparql_query sq;
    mg_status_clear(&st);
    CHECK_OK(mg_query_sparql(db, "MATCH (n) RETURN n.label AS `a \"b\" } c`, "
                                 "n AS `a_b`, n AS `a b` ORDER BY `a b`", NULL,
                             &sq, &st), &st);
    CHECK(sq.ncols == 3);
    if (sq.ncols == 3) {
        CHECK(strcmp(sq.columns[0], "a \"b\" } c") == 0);
        CHECK(strcmp(sq.vars[0], "a_20_22b_22_20_7D_20c") == 0);
        CHECK(strcmp(sq.vars[1], "a__b") == 0);
        CHECK(strcmp(sq.vars[2], "a_20b") == 0);
    }
    CHECK(sq.text && rasqal_rows(sq.text) == 4);
    mg_sparql_query_free(&sq);
    /* EXPLAIN is flagged, not sent */
    CHECK_OK(mg_query_sparql(db, "EXPLAIN MATCH (n) RETURN n", NULL, &sq, &st), &st);
    CHECK(sq.explain == 1);
    mg_sparql_query_free(&sq);
    mg_db_close(db);
    db = NULL;
}

int main(void)
{
    if (!mg_test_mkdtemp(dir))
        return 1;
    test_json_good();
    test_json_ours();
    test_json_bad();
    test_translation();
    mg_test_rm_rf(dir);
    CHECK_DONE();
}
