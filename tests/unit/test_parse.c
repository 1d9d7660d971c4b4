/*
 * test_parse.c — the query tokenizer and parser (src/query/lexer.c,
 * parse.c, ast.c, grammar/query.y): good queries against their
 * S-expression dump, bad queries against the line, column and message of
 * their error, every file of tests/bad_queries/ (each must fail with a
 * syntax error, never crash nor leak: run under valgrind or ASan), the
 * caret formatter, the tokens of tricky inputs and the spans the later
 * stages use for their own carets.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "query/lexer.h"
#include "query/parse.h"

/* ---- good queries ------------------------------------------------------ */

static const struct {
    const char *query;
    const char *dump;
} good[] = {
    {"MATCH (p:Person)<-[:speaker]-(e:Event)-[:organizer|partner]->(n:Network)\n"
      "WHERE e.startDate >= date(\"2023-01-01\")\n"
      "RETURN p.label AS speaker, n.label AS network, count(DISTINCT e) AS events\n"
      "ORDER BY events DESC, speaker\n"
      "LIMIT 20",
     "(query (single (stage (match (path (node p :Person) (<- _ :speaker) (node e :Event) (-> _ :organizer|:partner) (node n :Network)) (where (>= (. e startDate) (call date \"2023-01-01\")))) (return (as speaker (. p label)) (as network (. n label)) (as events (call count distinct e)) (order-by (desc events) (asc speaker)) (limit 20)))))"},
    {"MATCH (n) RETURN n",
     "(query (single (stage (match (path (node n))) (return (as \"n\" n)))))"},
    {"MATCH (n) RETURN n;",
     "(query (single (stage (match (path (node n))) (return (as \"n\" n)))))"},
    {"MATCH (a)-->(b)<--(c)--(d) RETURN a",
     "(query (single (stage (match (path (node a) (-> _) (node b) (<- _) (node c) (-- _) (node d))) (return (as \"a\" a)))))"},
    {"MATCH (a)-[r]->(b)<-[s]-(c)-[t]-(d) RETURN r, s, t",
     "(query (single (stage (match (path (node a) (-> r) (node b) (<- s) (node c) (-- t) (node d))) (return (as \"r\" r) (as \"s\" s) (as \"t\" t)))))"},
    {"MATCH (a)-[*]->(b) RETURN b",
     "(query (single (stage (match (path (node a) (-> _ *1..) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a)-[*2]->(b) RETURN b",
     "(query (single (stage (match (path (node a) (-> _ *2..2) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a)-[:partner*1..3]->(b) RETURN b",
     "(query (single (stage (match (path (node a) (-> _ :partner *1..3) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a)-[:partner*..3]->(b) RETURN b",
     "(query (single (stage (match (path (node a) (-> _ :partner *1..3) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a)-[:partner*2..]->(b) RETURN b",
     "(query (single (stage (match (path (node a) (-> _ :partner *2..) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a)-[r:partner|:organizer|member *0..4]-(b) RETURN b",
     "(query (single (stage (match (path (node a) (-- r :partner|:organizer|:member *0..4) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a:Person {name: \"Ada\", age: 36, ok: true})-[:knows {since: 2020}]->(b) RETURN b",
     "(query (single (stage (match (path (node a :Person {name: \"Ada\", age: 36, ok: true}) (-> _ :knows {since: 2020}) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a {}) RETURN a",
     "(query (single (stage (match (path (node a))) (return (as \"a\" a)))))"},
    {"MATCH (a), (b:Network) MATCH (a)-->(b) RETURN a, b",
     "(query (single (stage (match (path (node a)) (path (node b :Network))) (match (path (node a) (-> _) (node b))) (return (as \"a\" a) (as \"b\" b)))))"},
    {"OPTIONAL MATCH (a)-[:x]->(b) WHERE b.y IS NULL RETURN a",
     "(query (single (stage (optional-match (path (node a) (-> _ :x) (node b)) (where (is-null (. b y)))) (return (as \"a\" a)))))"},
    {"MATCH (a) OPTIONAL MATCH (a)-->(b) RETURN a, b",
     "(query (single (stage (match (path (node a))) (optional-match (path (node a) (-> _) (node b))) (return (as \"a\" a) (as \"b\" b)))))"},
    {"MATCH (e:Event)-[:partner]->(n) WITH n, count(*) AS c WHERE c > 2 RETURN n.label, c ORDER BY c DESC",
     "(query (single (stage (match (path (node e :Event) (-> _ :partner) (node n))) (with (as \"n\" n) (as c (call count *)) (where (> c 2)))) (stage (return (as \"n.label\" (. n label)) (as \"c\" c) (order-by (desc c))))))"},
    {"MATCH (a) WITH DISTINCT a.x AS x ORDER BY x SKIP 1 LIMIT 2 RETURN x",
     "(query (single (stage (match (path (node a))) (with distinct (as x (. a x)) (order-by (asc x)) (skip 1) (limit 2))) (stage (return (as \"x\" x)))))"},
    {"MATCH (a) WITH * MATCH (a)-->(b) RETURN DISTINCT *",
     "(query (single (stage (match (path (node a))) (with *)) (stage (match (path (node a) (-> _) (node b))) (return distinct *))))"},
    {"MATCH (a:Person) RETURN a.label UNION MATCH (b:Org) RETURN b.label",
     "(query (single (stage (match (path (node a :Person))) (return (as \"a.label\" (. a label))))) (union) (single (stage (match (path (node b :Org))) (return (as \"b.label\" (. b label))))))"},
    {"MATCH (a) RETURN a UNION ALL MATCH (b) RETURN b UNION MATCH (c) RETURN c",
     "(query (single (stage (match (path (node a))) (return (as \"a\" a)))) (union all) (single (stage (match (path (node b))) (return (as \"b\" b)))) (union) (single (stage (match (path (node c))) (return (as \"c\" c)))))"},
    {"EXPLAIN MATCH (a) RETURN a",
     "(query explain (single (stage (match (path (node a))) (return (as \"a\" a)))))"},
    {"PROFILE MATCH (a) RETURN a",
     "(query profile (single (stage (match (path (node a))) (return (as \"a\" a)))))"},
    {"explain match (a) return a",
     "(query explain (single (stage (match (path (node a))) (return (as \"a\" a)))))"},
    {"MaTcH (a) WhErE a.x = 1 ReTuRn DiStInCt a OrDeR bY a.x aSc sKiP 1 lImIt 2",
     "(query (single (stage (match (path (node a)) (where (= (. a x) 1))) (return distinct (as \"a\" a) (order-by (asc (. a x))) (skip 1) (limit 2)))))"},
    {"// leading comment\n"
      "MATCH (a) /* inline */ RETURN a // trailing",
     "(query (single (stage (match (path (node a))) (return (as \"a\" a)))))"},
    {"MATCH (`my node`:`Odd Label`) RETURN `my node`.`odd``prop` AS `a column`",
     "(query (single (stage (match (path (node my node :Odd Label))) (return (as a column (. my node odd`prop))))))"},
    {"MATCH (a) WHERE a.name = $name AND a.n < $n2 RETURN a LIMIT $limit",
     "(query (single (stage (match (path (node a)) (where (and (= (. a name) $name) (< (. a n) $n2)))) (return (as \"a\" a) (limit $limit)))))"},
    {"RETURN [1, 2.5, \"x\", null, true, false, [], [1]] AS l",
     "(query (single (stage (return (as l (list 1 2.5 \"x\" null true false (list) (list 1)))))))"},
    {"MATCH (a) WHERE a.x IN [1, 2] AND NOT a.y IN [\"u\"] RETURN a",
     "(query (single (stage (match (path (node a)) (where (and (in (. a x) (list 1 2)) (not (in (. a y) (list \"u\")))))) (return (as \"a\" a)))))"},
    {"MATCH (a) WHERE a.x IS NOT NULL OR a.y IS NULL RETURN a",
     "(query (single (stage (match (path (node a)) (where (or (is-not-null (. a x)) (is-null (. a y))))) (return (as \"a\" a)))))"},
    {"MATCH (a) WHERE a.l STARTS WITH \"A\" AND a.l ENDS WITH \"z\" AND a.l CONTAINS \"m\" AND a.l =~ \"A.*z\" RETURN a",
     "(query (single (stage (match (path (node a)) (where (and (and (and (starts-with (. a l) \"A\") (ends-with (. a l) \"z\")) (contains (. a l) \"m\")) (=~ (. a l) \"A.*z\")))) (return (as \"a\" a)))))"},
    {"MATCH (a) WHERE a.x = 1 OR a.x <> 2 XOR a.x != 3 AND a.x < 4 RETURN a",
     "(query (single (stage (match (path (node a)) (where (or (= (. a x) 1) (xor (<> (. a x) 2) (and (<> (. a x) 3) (< (. a x) 4)))))) (return (as \"a\" a)))))"},
    {"MATCH (a) WHERE a.x <= 1 OR a.x > 2 OR a.x >= 3 OR a.x<4 RETURN a",
     "(query (single (stage (match (path (node a)) (where (or (or (or (<= (. a x) 1) (> (. a x) 2)) (>= (. a x) 3)) (< (. a x) 4)))) (return (as \"a\" a)))))"},
    {"RETURN 1 + 2 * 3 - 4 / 5 % 6, (1 + 2) * 3, -a.x, - 2, -1.5, 2.5e3, 1e-2",
     "(query (single (stage (return (as \"1 + 2 * 3 - 4 / 5 % 6\" (- (+ 1 (* 2 3)) (% (/ 4 5) 6))) (as \"(1 + 2) * 3\" (* (+ 1 2) 3)) (as \"-a.x\" (neg (. a x))) (as \"- 2\" -2) (as \"-1.5\" -1.5) (as \"2.5e3\" 2500.0) (as \"1e-2\" 0.01)))))"},
    {"RETURN NOT a = b, NOT a AND b, a = b IS NULL, a + 1 IN [2]",
     "(query (single (stage (return (as \"NOT a = b\" (not (= a b))) (as \"NOT a AND b\" (and (not a) b)) (as \"a = b IS NULL\" (= a (is-null b))) (as \"a + 1 IN [2]\" (in (+ a 1) (list 2)))))))"},
    {"MATCH (p:foaf:Person)-[:dcterms:publisher]->(o:<http://schema.org/Organization>) RETURN p.foaf:name, o.<http://schema.org/name>",
     "(query (single (stage (match (path (node p :foaf:Person) (-> _ :dcterms:publisher) (node o :<http://schema.org/Organization>))) (return (as \"p.foaf:name\" (. p foaf:name)) (as \"o.<http://schema.org/name>\" (. o <http://schema.org/name>))))))"},
    {"MATCH (p:foaf:Person :Speaker) RETURN p",
     "(query (single (stage (match (path (node p :foaf:Person :Speaker))) (return (as \"p\" p)))))"},
    {"MATCH (a)-[:foaf:knows|schema:knows|<http://x.org/k>]->(b) RETURN b",
     "(query (single (stage (match (path (node a) (-> _ :foaf:knows|:schema:knows|:<http://x.org/k>) (node b))) (return (as \"b\" b)))))"},
    {"MATCH (a {foaf:name: \"Ada\", <http://x.org/p>: 1, name:x}) RETURN a",
     "(query (single (stage (match (path (node a {foaf:name: \"Ada\", <http://x.org/p>: 1, name: x}))) (return (as \"a\" a)))))"},
    {"MATCH (n:in)-[:contains]->(m) RETURN n.count, n.match, m.order",
     "(query (single (stage (match (path (node n :in) (-> _ :contains) (node m))) (return (as \"n.count\" (. n count)) (as \"n.match\" (. n match)) (as \"m.order\" (. m order))))))"},
    {"MATCH (a) RETURN count(*), count(DISTINCT a), collect(a.x), min(a.x), max(a.x), sum(a.x), avg(a.x), fold(a.label), id(a), coalesce(a.x, a.y, 0), f()",
     "(query (single (stage (match (path (node a))) (return (as \"count(*)\" (call count *)) (as \"count(DISTINCT a)\" (call count distinct a)) (as \"collect(a.x)\" (call collect (. a x))) (as \"min(a.x)\" (call min (. a x))) (as \"max(a.x)\" (call max (. a x))) (as \"sum(a.x)\" (call sum (. a x))) (as \"avg(a.x)\" (call avg (. a x))) (as \"fold(a.label)\" (call fold (. a label))) (as \"id(a)\" (call id a)) (as \"coalesce(a.x, a.y, 0)\" (call coalesce (. a x) (. a y) 0)) (as \"f()\" (call f))))))"},
    {"MATCH (a) RETURN a.x+1 AS   y, (a.x) , a . y",
     "(query (single (stage (match (path (node a))) (return (as y (+ (. a x) 1)) (as \"(a.x)\" (. a x)) (as \"a . y\" (. a y))))))"},
    {"MATCH (é:Événement) WHERE é.titre CONTAINS \"Hélène\" RETURN é.titre AS `Titre à voir`",
     "(query (single (stage (match (path (node é :Événement)) (where (contains (. é titre) \"Hélène\"))) (return (as Titre à voir (. é titre))))))"},
    {"MATCH (a)-[r]->(b) RETURN type(r) ORDER BY a.x ASCENDING, b.y DESCENDING, a.z",
     "(query (single (stage (match (path (node a) (-> r) (node b))) (return (as \"type(r)\" (call type r)) (order-by (asc (. a x)) (desc (. b y)) (asc (. a z)))))))"},
    {"RETURN a<-1, a<b, a < b, a<=b",
     "(query (single (stage (return (as \"a<-1\" (< a -1)) (as \"a<b\" (< a b)) (as \"a < b\" (< a b)) (as \"a<=b\" (<= a b))))))"},
    {"RETURN \"tab\\tnl\\ncr\\rq\\\"bs\\\\sl\\/\", 'it\\'s', \"\\u00e9\\ud83d\\ude00\", 'd\"q'",
     "(query (single (stage (return (as \"\\\"tab\\\\tnl\\\\ncr\\\\rq\\\\\\\"bs\\\\\\\\sl\\\\/\\\"\" \"tab\\tnl\\ncr\\rq\\\"bs\\\\sl/\") (as \"'it\\\\'s'\" \"it's\") (as \"\\\"\\\\u00e9\\\\ud83d\\\\ude00\\\"\" \"é😀\") (as \"'d\\\"q'\" \"d\\\"q\")))))"},
};

static void test_good(void)
{
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        mg_query *q = NULL;
        mg_status st;
        mg_status_clear(&st);
        mg_code rc = mg_query_parse(good[i].query, &q, &st);
        if (rc != MG_OK) {
            fprintf(stderr, "good query %zu failed: %s\n  %s\n", i,
                    good[i].query, st.msg);
            mg_test_failures++;
            continue;
        }
        char *d = NULL;
        size_t n = 0;
        mg_query_dump(q, &d, &n);
        CHECK(d != NULL);
        if (d && strcmp(d, good[i].dump) != 0) {
            fprintf(stderr, "good query %zu: %s\n  expected %s\n  got      %s\n",
                    i, good[i].query, good[i].dump, d);
            mg_test_failures++;
        }
        free(d);
        mg_query_free(q);
    }
}

/* ---- bad queries ------------------------------------------------------- */

static const struct {
    const char *query;
    int line, col;
    const char *fragment; /* must appear in the message */
} bad[] = {
    {"", 0, 0, "the query is empty"},
    {"   \n\t ", 0, 0, "the query is empty"},
    {"// nothing\n/* at all */", 0, 0, "the query is empty"},
    {"MATCH (n)", 1, 10, "unexpected end of query; expected one of: MATCH, "
                         "OPTIONAL, WHERE, RETURN, WITH, ',', '<-', '-' "
                         "(a query ends with RETURN)"},
    {"MATCH (n)\nWHERE n.x = 1\n", 2, 14, "(a query ends with RETURN)"},
    {"MATCH (a) RETURN a #", 1, 20, "unexpected character '#'"},
    {"MATCH (a) RETURN \"abc", 1, 18, "unterminated string"},
    {"MATCH (a) RETURN 'abc\"", 1, 18, "unterminated string"},
    {"MATCH (a) /* x", 1, 11, "unterminated comment"},
    {"MATCH (a:<http://x.org/P RETURN a", 1, 10, "unterminated IRI"},
    {"MATCH (a:<http://x.org/P{>) RETURN a", 1, 10, "invalid character in IRI"},
    {"MATCH (a:<P>) RETURN a", 1, 10, "an IRI needs a scheme"},
    {"MATCH (`a) RETURN a", 1, 8, "unterminated quoted name"},
    {"RETURN \"\\q\"", 1, 9, "unknown escape"},
    {"RETURN \"\\u00g0\"", 1, 9, "4 hex digits"},
    {"RETURN \"\\udc00\"", 1, 9, "unpaired surrogate"},
    {"MATCH (a)-[*3..1]->(b) RETURN a", 1, 12,
     "empty length range *3..1: the minimum is greater than the maximum"},
    {"MATCH (a)-[*1.5]->(b) RETURN a", 1, 13, "unexpected '1.5'"},
    {"MATCH (a) RETURN count(count(a))", 1, 24,
     "an aggregate cannot contain another: count() inside count()"},
    {"MATCH (a) RETURN sum(1 + Max(a.x))", 1, 26, "Max() inside sum()"},
    {"MATCH (a) RETURN lower(DISTINCT a)", 1, 18,
     "DISTINCT is only allowed in an aggregate"},
    {"MATCH (a) RETURN size(*)", 1, 18, "only count(*) takes '*'"},
    {"MATCH (a) WHERE a.x = 1 = 2 RETURN a", 1, 25, "unexpected '='"},
    {"MATCH (a) RETURN a.x AS", 1, 24,
     "unexpected end of query; expected a name"},
    {"MATCH (a)\n  RETURN a,\n  ORDER BY a", 3, 3, "unexpected 'ORDER'"},
    {"MATCH (match) RETURN 1", 1, 8,
     "'match' is a keyword: write `match` to use it as a name"},
    {"MATCH (a)<-[r]->(b) RETURN a", 1, 15, "unexpected '->'; expected '-'"},
    {"MATCH (a)-[r:x|]->(b) RETURN a", 1, 16,
     "expected one of: a name, a prefixed name, an IRI, ':'"},
    {"MATCH (a:Person RETURN a", 1, 17,
     "unexpected 'RETURN'; expected one of: ':', ')', '{'"},
    {"MATCH (a) RETURN a UNION", 1, 25,
     "expected one of: MATCH, OPTIONAL, RETURN, WITH, ALL"},
    {"MATCH (a) RETURN a;;", 1, 20, "unexpected ';'; expected end of query"},
    {"RETURN 99999999999999999999", 1, 8, "integer too large"},
    {"RETURN 12abc", 1, 8, "a number runs into a name"},
    {"RETURN $", 1, 8, "a parameter needs a name"},
    {"MATCH (a {foaf : name: 1}) RETURN a", 1, 11,
     "a prefixed name is written without spaces"},
    {"MATCH (a) RETURN a « b", 1, 20, "unexpected character '«'"},
    {"MATCH (é) WHERE é.x = « RETURN é", 1, 23, "unexpected character '«'"},
    {"MATCH (a) RETURN \x01", 1, 18, "control character U+0001"},
    {"MATCH (a) RETURN \xff", 1, 18, "invalid UTF-8"},
    {"RETURN \"\xc3\"", 1, 9, "invalid UTF-8 in string"},
    {"WHERE a RETURN a", 1, 1, "unexpected 'WHERE'"},
    {"EXPLAIN PROFILE RETURN 1", 1, 9, "unexpected 'PROFILE'"},
    {"MATCH (a) RETURN a LIMIT", 1, 25, "unexpected end of query"},
};

/* The "line L, column C" the message starts with. */
static void check_location(const char *msg, int line, int col, size_t i)
{
    char want[64];
    if (line == 0)
        snprintf(want, sizeof want, "syntax error: ");
    else
        snprintf(want, sizeof want, "syntax error at line %d, column %d: ",
                 line, col);
    if (strncmp(msg, want, strlen(want)) != 0) {
        fprintf(stderr, "bad query %zu: expected '%s…', got:\n%s\n", i, want,
                msg);
        mg_test_failures++;
    }
}

static void test_bad(void)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mg_query *q = (mg_query *)1;
        mg_status st;
        mg_status_clear(&st);
        mg_code rc = mg_query_parse(bad[i].query, &q, &st);
        CHECK(q == NULL);
        if (rc != MG_ERR_SYNTAX) {
            fprintf(stderr, "bad query %zu: %s: code %d, not a syntax error\n",
                    i, bad[i].query, rc);
            mg_test_failures++;
            mg_query_free(q);
            continue;
        }
        check_location(st.msg, bad[i].line, bad[i].col, i);
        if (!strstr(st.msg, bad[i].fragment)) {
            fprintf(stderr, "bad query %zu: '%s' not in:\n%s\n", i,
                    bad[i].fragment, st.msg);
            mg_test_failures++;
        }
        /* a located error carries the query line and a caret */
        if (bad[i].line > 0)
            CHECK(strstr(st.msg, "\n  ") && strchr(st.msg, '^'));
    }
}

/* ---- tests/bad_queries/ ----------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = (cap + 4096) * 2;
            char *g = realloc(buf, cap);
            if (!g) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = g;
        }
        size_t n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n < 4096)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* The folder: $MG_BAD_QUERIES, else tests/bad_queries beside this file. */
static void bad_queries_dir(char *dir, size_t size)
{
    const char *env = getenv("MG_BAD_QUERIES");
    if (env) {
        snprintf(dir, size, "%s", env);
        return;
    }
    snprintf(dir, size, "%s", __FILE__);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0'; /* tests/unit */
    slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0'; /* tests */
    else
        snprintf(dir, size, "..");
    strncat(dir, "/bad_queries", size - strlen(dir) - 1);
}

static void test_bad_files(void)
{
    char dir[1024];
    bad_queries_dir(dir, sizeof dir);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s (set MG_BAD_QUERIES)\n", dir);
        mg_test_failures++;
        return;
    }
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".mq") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = read_file(path);
        if (!text) {
            fprintf(stderr, "cannot read %s\n", path);
            mg_test_failures++;
            continue;
        }
        count++;
        if (strncmp(text, "//", 2) != 0) {
            fprintf(stderr, "%s: the first line must be a // comment\n", path);
            mg_test_failures++;
        }
        mg_query *q = NULL;
        mg_status st;
        mg_status_clear(&st);
        mg_code rc = mg_query_parse(text, &q, &st);
        if (rc != MG_ERR_SYNTAX || q != NULL ||
            strncmp(st.msg, "syntax error", 12) != 0) {
            fprintf(stderr, "%s: expected a syntax error, got code %d: %s\n",
                    path, rc, st.msg);
            mg_test_failures++;
            mg_query_free(q);
        }
        free(text);
    }
    closedir(d);
    if (count < 30) {
        fprintf(stderr, "only %d files in %s\n", count, dir);
        mg_test_failures++;
    }
    printf("%d bad query files rejected\n", count);
}

/* ---- carets ------------------------------------------------------------ */

static void test_caret(void)
{
    char buf[512];
    mg_query_caret("MATCH (a)\nRETURN b", 17, 1, buf, sizeof buf);
    CHECK(strcmp(buf, "line 2, column 8:\n  RETURN b\n         ^") == 0);

    /* columns count characters, not bytes; carets cover the token */
    const char *t = "RETURN \"Hélène\", x";
    mg_query_caret(t, (int)(strstr(t, "x") - t), 1, buf, sizeof buf);
    CHECK(strcmp(buf, "line 1, column 18:\n  RETURN \"Hélène\", x\n"
                      "                   ^") == 0);
    mg_query_caret(t, 7, 10, buf, sizeof buf); /* "Hélène", 10 bytes */
    CHECK(strcmp(buf, "line 1, column 8:\n  RETURN \"Hélène\", x\n"
                      "         ^^^^^^^^") == 0);

    /* tabs are kept under the line so the caret aligns */
    mg_query_caret("\tRETURN x", 8, 1, buf, sizeof buf);
    CHECK(strcmp(buf, "line 1, column 9:\n  \tRETURN x\n  \t       ^") == 0);

    /* CRLF line ends; a position past the end */
    mg_query_caret("MATCH (a)\r\nRETURN", 17, 0, buf, sizeof buf);
    CHECK(strcmp(buf, "line 2, column 7:\n  RETURN\n        ^") == 0);

    /* a long line is windowed, "…" marking the cuts */
    char longq[400];
    memset(longq, 'a', sizeof longq - 1);
    longq[sizeof longq - 1] = '\0';
    longq[200] = 'X';
    mg_query_caret(longq, 200, 1, buf, sizeof buf);
    CHECK(strncmp(buf, "line 1, column 201:\n  …", 24) == 0);
    const char *caret_line = strrchr(buf, '\n') + 1;
    const char *query_line = strchr(buf, '\n') + 1;
    /* "  …" + 40 'a' then X; the caret under X */
    CHECK(strstr(query_line, "X") != NULL);
    CHECK(strlen(caret_line) == 2 + 1 + 40 + 1);
    CHECK(strstr(buf, "…\n") != NULL);

    /* truncation is safe */
    char small[8];
    mg_query_caret("MATCH (a)", 3, 1, small, sizeof small);
    CHECK(strlen(small) == 7);
}

/* ---- tokens ------------------------------------------------------------ */

/* Lexes `text` and compares the codes with `want` (ending with 0). */
static int lex_is(const char *text, const int *want)
{
    mg_lexer lx;
    mg_lexer_init(&lx, text);
    for (int i = 0;; i++) {
        mg_token t;
        int code = mg_lexer_next(&lx, &t);
        if (code != want[i]) {
            fprintf(stderr, "lexing '%s': token %d is %d, expected %d\n",
                    text, i, code, want[i]);
            return 0;
        }
        if (code <= 0)
            return 1;
    }
}

static void test_lexer(void)
{
    CHECK(lex_is("(p:Person)", (int[]){TK_LP, TK_ID, TK_COLON, TK_ID, TK_RP, 0}));
    CHECK(lex_is("(p:foaf:Person)",
                 (int[]){TK_LP, TK_ID, TK_COLON, TK_PNAME, TK_RP, 0}));
    CHECK(lex_is("(:foaf:Person :Agent)",
                 (int[]){TK_LP, TK_COLON, TK_PNAME, TK_COLON, TK_ID, TK_RP, 0}));
    CHECK(lex_is("-[:dcterms:publisher|:x]->",
                 (int[]){TK_MINUS, TK_LB, TK_COLON, TK_PNAME, TK_PIPE, TK_COLON,
                         TK_ID, TK_RB, TK_ARROW_R, 0}));
    CHECK(lex_is("<-[*1..3]-", (int[]){TK_ARROW_L, TK_LB, TK_STAR, TK_INTEGER,
                                       TK_DOTDOT, TK_INTEGER, TK_RB, TK_MINUS, 0}));
    CHECK(lex_is("<--", (int[]){TK_ARROW_L, TK_MINUS, 0}));
    CHECK(lex_is("-->", (int[]){TK_MINUS, TK_ARROW_R, 0}));
    CHECK(lex_is("a<b", (int[]){TK_ID, TK_LT, TK_ID, 0}));
    CHECK(lex_is("a<-1", (int[]){TK_ID, TK_LT, TK_MINUS, TK_INTEGER, 0}));
    CHECK(lex_is("a<>b!=c<=d>=e=~f", (int[]){TK_ID, TK_NE, TK_ID, TK_NE, TK_ID,
                                             TK_LE, TK_ID, TK_GE, TK_ID,
                                             TK_REGEX, TK_ID, 0}));
    /* after an operator, '<' may open an IRI (the grammar rejects it) */
    CHECK(lex_is("x.y < <http://a.b/c>",
                 (int[]){TK_ID, TK_DOT, TK_ID, TK_LT, TK_IRI, 0}));
    CHECK(lex_is("(:<http://a.b/c>)", (int[]){TK_LP, TK_COLON, TK_IRI, TK_RP, 0}));
    CHECK(lex_is("{<http://a.b/c>: 1}",
                 (int[]){TK_LBRACE, TK_IRI, TK_COLON, TK_INTEGER, TK_RBRACE, 0}));
    CHECK(lex_is("{k:true}",
                 (int[]){TK_LBRACE, TK_ID, TK_COLON, TK_TRUE, TK_RBRACE, 0}));
    CHECK(lex_is("n.count n.dcterms:issued",
                 (int[]){TK_ID, TK_DOT, TK_ID, TK_ID, TK_DOT, TK_PNAME, 0}));
    CHECK(lex_is("match Match MATCH `match`",
                 (int[]){TK_MATCH, TK_MATCH, TK_MATCH, TK_ID, 0}));
    CHECK(lex_is("1 1.5 2e3 1..2 $p 'a' \"b\"",
                 (int[]){TK_INTEGER, TK_DECIMAL, TK_DECIMAL, TK_INTEGER,
                         TK_DOTDOT, TK_INTEGER, TK_PARAM, TK_STRING, TK_STRING, 0}));
    CHECK(lex_is("Événement_2 x ; // c\n/* d */ %",
                 (int[]){TK_ID, TK_ID, TK_SEMI, TK_PERCENT, 0}));
    CHECK(lex_is("ascending DESCENDING",
                 (int[]){TK_ASC, TK_DESC, 0}));

    /* tokens point into the text and allocate nothing */
    mg_lexer lx;
    mg_token t;
    const char *text = "  RETURN `a``b`";
    mg_lexer_init(&lx, text);
    CHECK(mg_lexer_next(&lx, &t) == TK_RETURN && t.pos == 2 && t.len == 6 &&
          t.z == text + 2);
    CHECK(mg_lexer_next(&lx, &t) == TK_ID && t.pos == 9 && t.len == 6);
    CHECK(mg_lexer_next(&lx, &t) == MG_TK_END && t.pos == 15);
    CHECK(mg_lexer_next(&lx, &t) == MG_TK_END);
}

/* ---- the tree ---------------------------------------------------------- */

static void test_tree(void)
{
    const char *text =
        "MATCH (p:foaf:Person)-[r:<http://x.org/k>|knows*2..5]->(q {n: 1})\n"
        "RETURN  p.name  ,q.x + 1 AS y UNION ALL RETURN 1 UNION RETURN 2";
    mg_query *q = NULL;
    mg_status st;
    mg_status_clear(&st);
    CHECK_OK(mg_query_parse(text, &q, &st), &st);
    if (!q)
        return;
    CHECK(q->nparts == 3 && q->union_all && q->union_all[0] == 1 &&
          q->union_all[1] == 0);
    const mg_stage *s = &q->parts[0].stages[0];
    CHECK(q->parts[0].nstages == 1 && s->is_return && s->nmatches == 1);
    const mg_path *path = &s->matches[0].paths[0];
    CHECK(path->nnodes == 2 && path->nrels == 1);
    const mg_node_pat *p = &path->nodes[0];
    CHECK(strcmp(p->var, "p") == 0 && p->nlabels == 1 &&
          p->labels[0].kind == MG_NAME_PREFIXED &&
          strcmp(p->labels[0].text, "foaf:Person") == 0);
    CHECK(p->pos == 6 && p->len == 15);  /* (p:foaf:Person) */
    CHECK(p->labels[0].pos == 9 && p->labels[0].len == 11);
    const mg_rel_pat *r = &path->rels[0];
    CHECK(r->dir == MG_DIR_OUT && r->varlen && r->min == 2 && r->max == 5);
    CHECK(r->ntypes == 2 && r->types[0].kind == MG_NAME_IRI &&
          strcmp(r->types[0].text, "http://x.org/k") == 0 &&
          r->types[1].kind == MG_NAME_LOCAL);
    CHECK(r->pos == 21 && text[r->pos + r->len - 1] == '>' &&
          text[r->pos + r->len] == '(');
    const mg_node_pat *qn = &path->nodes[1];
    CHECK(qn->var && strcmp(qn->var, "q") == 0 && qn->nprops == 1 &&
          qn->props[0].value->kind == MG_E_INT && qn->props[0].value->ival == 1);
    CHECK(s->matches[0].pos == 0 && !s->matches[0].optional);

    const mg_projection *pr = &s->proj;
    CHECK(pr->nitems == 2);
    CHECK(strcmp(pr->items[0].text, "p.name") == 0 && !pr->items[0].alias);
    CHECK(strcmp(pr->items[1].text, "q.x + 1") == 0 &&
          strcmp(pr->items[1].alias, "y") == 0);
    const mg_expr *e = pr->items[1].expr;
    CHECK(e->kind == MG_E_BINARY && e->op == MG_OP_ADD &&
          e->a->kind == MG_E_PROP && e->a->prop.kind == MG_NAME_LOCAL &&
          strcmp(e->a->prop.text, "x") == 0);
    CHECK(strncmp(text + e->pos, "q.x + 1", (size_t)e->len) == 0 && e->len == 7);
    CHECK(strncmp(text + pr->pos, "RETURN", 6) == 0);
    mg_query_free(q);

    /* the defaults of a relationship without '*' */
    CHECK_OK(mg_query_parse("MATCH (a)-[:x]-(b) RETURN a", &q, &st), &st);
    if (q) {
        const mg_rel_pat *r0 = &q->parts[0].stages[0].matches[0].paths[0].rels[0];
        CHECK(!r0->varlen && r0->dir == MG_DIR_BOTH && !r0->var);
        mg_query_free(q);
    }
    /* WITH … WHERE lands in the projection; a parenthesised item keeps its
     * parentheses in its text */
    CHECK_OK(mg_query_parse("MATCH (a) WITH (a.x) WHERE a.x > 1 RETURN *",
                            &q, &st), &st);
    if (q) {
        const mg_stage *w = &q->parts[0].stages[0];
        CHECK(!w->is_return && w->proj.where && w->proj.where->op == MG_OP_GT);
        CHECK(strcmp(w->proj.items[0].text, "(a.x)") == 0);
        CHECK(q->parts[0].stages[1].is_return && q->parts[0].stages[1].proj.star);
        mg_query_free(q);
    }
}

static void test_api(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_query *q = NULL;
    CHECK(mg_query_parse(NULL, &q, &st) == MG_ERR_ARG);
    mg_status_clear(&st);
    CHECK(mg_query_parse("RETURN 1", NULL, &st) == MG_ERR_ARG);
    CHECK(mg_query_parse("RETURN", &q, NULL) == MG_ERR_SYNTAX && q == NULL);

    int *arr = NULL;
    size_t n = 0;
    for (int i = 0; i < 100; i++) {
        int *slot = mg_ast_push(&arr, &n, sizeof *slot);
        CHECK(slot && *slot == 0);
        if (slot)
            *slot = i;
    }
    CHECK(n == 100 && arr[99] == 99);
    free(arr);

    mg_expr *e = mg_expr_new(MG_E_INT, 3, 4);
    CHECK(e && e->kind == MG_E_INT && e->pos == 3 && e->len == 4 && !e->a);
    mg_expr_free(e);
    mg_expr_free(NULL);
    mg_query_free(NULL);

    char *d = NULL;
    size_t len = 0;
    mg_query_dump(NULL, &d, &len);
    CHECK(d && strcmp(d, "(query)") == 0 && len == 7);
    free(d);
}

int main(void)
{
    test_good();
    test_bad();
    test_bad_files();
    test_caret();
    test_lexer();
    test_tree();
    test_api();
    printf("%zu good and %zu bad queries\n", sizeof good / sizeof good[0],
           sizeof bad / sizeof bad[0]);
    CHECK_DONE();
}
