/*
 * test_load.c — the loader (src/load) against the in-memory hashes store:
 * formats and their graphs, replace and append, stable blank nodes, base
 * IRIs, syntax error positions, and the malformed inputs in tests/bad/.
 */
#include "check.h"
#include "support.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/load.h"

/*
 * raptor 2.0.15's N-Triples/N-Quads parser leaks the terms it parsed on a
 * line it then rejects (a few hundred bytes per failed parse, inside
 * raptor).  Under ASan, take full malloc stacks (raptor has no frame
 * pointers) and suppress exactly that; under valgrind, see the report.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:raptor_ntriples_parse_term\n";
}
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

#define SPEC "librdf:hashes:hash-type='memory',contexts='yes'"


static char tmpdir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[8][256];
    static int k;
    char *p = path[k++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
    return p;
}

static mg_db *open_db(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    if (mg_db_open(SPEC, 0, &db, &st) != MG_OK) {
        fprintf(stderr, "cannot open %s: %s\n", SPEC, st.msg);
        exit(2);
    }
    return db;
}

static mg_code load1(mg_db *db, const char *path, const mg_load_opts *o,
                     mg_status *st)
{
    mg_status_clear(st);
    return mg_load_files(db, &path, 1, o, NULL, st);
}

/* Number of statements in graph `g`. */
static int graph_size(mg_db *db, const char *g)
{
    librdf_node *ctx =
        librdf_new_node_from_uri_string(db->world, (const unsigned char *)g);
    librdf_stream *s = librdf_model_context_as_stream(db->model, ctx);
    int n = 0;
    for (; s && !librdf_stream_end(s); librdf_stream_next(s))
        n++;
    if (s)
        librdf_free_stream(s);
    librdf_free_node(ctx);
    return n;
}

/* Is <s> <p> <o> (o an IRI, or a literal when it starts with '"') in g? */
static int has(mg_db *db, const char *g, const char *s, const char *p,
               const char *o)
{
    librdf_world *w = db->world;
    librdf_node *on =
        o[0] == '"'
            ? librdf_new_node_from_literal(w, (const unsigned char *)o + 1,
                                           NULL, 0)
            : librdf_new_node_from_uri_string(w, (const unsigned char *)o);
    librdf_statement *st = librdf_new_statement_from_nodes(
        w, librdf_new_node_from_uri_string(w, (const unsigned char *)s),
        librdf_new_node_from_uri_string(w, (const unsigned char *)p), on);
    librdf_node *ctx = librdf_new_node_from_uri_string(w, (const unsigned char *)g);
    librdf_stream *str =
        librdf_model_find_statements_in_context(db->model, st, ctx);
    int found = str && !librdf_stream_end(str);
    if (str)
        librdf_free_stream(str);
    librdf_free_node(ctx);
    librdf_free_statement(st);
    return found;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void node_text(librdf_node *n, char *buf, size_t sz)
{
    if (librdf_node_is_resource(n))
        snprintf(buf, sz, "<%s>",
                 librdf_uri_as_string(librdf_node_get_uri(n)));
    else if (librdf_node_is_blank(n))
        snprintf(buf, sz, "_:%s", librdf_node_get_blank_identifier(n));
    else
        snprintf(buf, sz, "\"%s\"", librdf_node_get_literal_value(n));
}

/* Every quad of the store as sorted text, for comparing two states. */
static char *dump(mg_db *db)
{
    librdf_iterator *it = librdf_model_get_contexts(db->model);
    char **lines = NULL;
    size_t n = 0;
    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
        librdf_node *g = librdf_iterator_get_object(it);
        librdf_stream *s = librdf_model_context_as_stream(db->model, g);
        for (; s && !librdf_stream_end(s); librdf_stream_next(s)) {
            librdf_statement *t = librdf_stream_get_object(s);
            char a[4][512], line[2100];
            node_text(g, a[0], 512);
            node_text(librdf_statement_get_subject(t), a[1], 512);
            node_text(librdf_statement_get_predicate(t), a[2], 512);
            node_text(librdf_statement_get_object(t), a[3], 512);
            snprintf(line, sizeof line, "%s %s %s %s\n", a[1], a[2], a[3], a[0]);
            lines = realloc(lines, (n + 1) * sizeof *lines);
            lines[n++] = strdup(line);
        }
        if (s)
            librdf_free_stream(s);
    }
    if (it)
        librdf_free_iterator(it);
    qsort(lines, n, sizeof *lines, cmp_str);
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(lines[i]);
    char *out = calloc(1, total);
    for (size_t i = 0; i < n; i++) {
        strcat(out, lines[i]);
        free(lines[i]);
    }
    free(lines);
    return out;
}

#define EX "http://example.org/"

static void test_formats(void)
{
    mg_db *db = open_db();
    mg_status st;
    mg_load_report rep;

    const char *ttl = write_file("a.ttl", "@prefix ex: <" EX "> .\n"
                                          "ex:s ex:p ex:o ; ex:q \"lit\" .\n");
    const char *nt = write_file("b.nt", "<" EX "s> <" EX "p> <" EX "o2> .\n");
    const char *nq = write_file(
        "c.nq", "<" EX "s> <" EX "p> <" EX "o3> <" EX "g1> .\n"
                "<" EX "s> <" EX "p> <" EX "o4> .\n");
    const char *trig = write_file(
        "d.trig", "@prefix ex: <" EX "> .\n"
                  "ex:s ex:p ex:dflt .\n"
                  "ex:g2 { ex:s ex:p ex:o5 . ex:s ex:p ex:o6 }\n"
                  "{ ex:s ex:p ex:dflt2 }\n");
    const char *rdf = write_file(
        "e.rdf", "<?xml version=\"1.0\"?>\n"
                 "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                 "22-rdf-syntax-ns#\" xmlns:ex=\"" EX "\">\n"
                 "  <rdf:Description rdf:about=\"" EX "s\">\n"
                 "    <ex:p rdf:resource=\"" EX "o7\"/>\n"
                 "  </rdf:Description>\n</rdf:RDF>\n");
    const char *paths[] = {ttl, nt, nq, trig, rdf};
    mg_status_clear(&st);
    mg_code rc = mg_load_files(db, paths, 5, NULL, &rep, &st);
    if (rc != MG_OK)
        fprintf(stderr, "load: %s\n", st.msg);
    CHECK(rc == MG_OK);
    CHECK(rep.files == 5);
    CHECK(rep.parsed == 10);
    CHECK(rep.added == 10);
    CHECK(rep.graphs == 7);
    CHECK(graph_size(db, "urn:maillage:file:a.ttl") == 2);
    CHECK(has(db, "urn:maillage:file:a.ttl", EX "s", EX "q", "\"lit"));
    CHECK(has(db, "urn:maillage:file:b.nt", EX "s", EX "p", EX "o2"));
    CHECK(has(db, EX "g1", EX "s", EX "p", EX "o3"));
    CHECK(has(db, "urn:maillage:file:c.nq", EX "s", EX "p", EX "o4"));
    CHECK(graph_size(db, EX "g1") == 1);
    CHECK(graph_size(db, EX "g2") == 2);
    CHECK(has(db, "urn:maillage:file:d.trig", EX "s", EX "p", EX "dflt"));
    CHECK(has(db, "urn:maillage:file:d.trig", EX "s", EX "p", EX "dflt2"));
    CHECK(graph_size(db, "urn:maillage:file:d.trig") == 2);
    CHECK(has(db, "urn:maillage:file:e.rdf", EX "s", EX "p", EX "o7"));
    CHECK(librdf_model_size(db->model) == 10);

    /* --format overrides the extension; --graph sends triples there */
    const char *odd = write_file("f.data", "<" EX "s> <" EX "p> <" EX "o8> .\n");
    mg_load_opts o = {.format = "ntriples", .graph = EX "mine"};
    rc = load1(db, odd, &o, &st);
    CHECK(rc == MG_OK);
    CHECK(has(db, EX "mine", EX "s", EX "p", EX "o8"));
    CHECK(graph_size(db, "urn:maillage:file:f.data") == 0);

    /* --graph with a quad format is an argument error */
    o = (mg_load_opts){.graph = EX "mine"};
    rc = load1(db, trig, &o, &st);
    CHECK(rc == MG_ERR_ARG);
    CHECK(strstr(st.msg, "--graph") != NULL);
    rc = load1(db, nq, &o, &st);
    CHECK(rc == MG_ERR_ARG);

    /* unknown extension, unknown format */
    rc = load1(db, odd, NULL, &st);
    CHECK(rc == MG_ERR_ARG);
    CHECK(strstr(st.msg, "turtle, ntriples, nquads, trig, rdfxml") != NULL);
    o = (mg_load_opts){.format = "json"};
    rc = load1(db, ttl, &o, &st);
    CHECK(rc == MG_ERR_ARG);
    CHECK(strstr(st.msg, "'json'") && strstr(st.msg, "rdfxml"));

    /* missing file */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/nope.ttl", tmpdir);
    rc = load1(db, missing, NULL, &st);
    CHECK(rc == MG_ERR_IO);
    CHECK(strstr(st.msg, "nope.ttl: No such file or directory") != NULL);
    CHECK(librdf_model_size(db->model) == 11);
    mg_db_close(db);
}

/* A syntax error on line 40 of 60: reported there, and nothing written,
 * not even the 39 good lines before it or the other file of the load. */
static void test_syntax_error(void)
{
    mg_db *db = open_db();
    mg_status st;
    const char *good = write_file("good.ttl", "<" EX "a> <" EX "b> <" EX "c> .\n");
    CHECK(load1(db, good, NULL, &st) == MG_OK);
    int before = librdf_model_size(db->model);

    char text[8192] = "@prefix ex: <" EX "> .\n";
    for (int i = 2; i <= 60; i++) {
        char line[128];
        if (i == 40)
            snprintf(line, sizeof line, "ex:s%d ex:p ex:o%d ex:extra .\n", i, i);
        else
            snprintf(line, sizeof line, "ex:s%d ex:p ex:o%d .\n", i, i);
        strcat(text, line);
    }
    const char *bad = write_file("bad40.ttl", text);
    const char *paths[] = {good, bad};
    mg_status_clear(&st);
    mg_code rc = mg_load_files(db, paths, 2, NULL, NULL, &st);
    fprintf(stderr, "  (message: %s)\n", st.msg);
    CHECK(rc == MG_ERR_SYNTAX);
    CHECK(strstr(st.msg, "bad40.ttl:40:20:") != NULL);
    CHECK(strstr(st.msg, "found 'ex:extra'") != NULL);
    CHECK(librdf_model_size(db->model) == before);
    CHECK(graph_size(db, "urn:maillage:file:bad40.ttl") == 0);

    /* undeclared prefix: the column of the prefixed name */
    const char *bp = write_file("bp.ttl", "@prefix ex: <" EX "> .\n"
                                          "ex:a ex:b ex:c .\n"
                                          "ex:a ex:b foo:c .\n");
    rc = load1(db, bp, NULL, &st);
    fprintf(stderr, "  (message: %s)\n", st.msg);
    CHECK(rc == MG_ERR_SYNTAX);
    CHECK(strstr(st.msg, "bp.ttl:3:11:") != NULL);

    /* end of input */
    const char *eof = write_file("eof.ttl", "@prefix ex: <" EX "> .\n"
                                            "ex:a ex:b ex:c .\nex:a ex:b\n\n");
    rc = load1(db, eof, NULL, &st);
    fprintf(stderr, "  (message: %s)\n", st.msg);
    CHECK(rc == MG_ERR_SYNTAX);
    CHECK(strstr(st.msg, "eof.ttl:3:10: unexpected end of input") != NULL);

    /* N-Triples: raptor's column, snapped to the token */
    const char *nt = write_file("bad.nt", "<" EX "a> <" EX "b> <" EX "c> .\n"
                                          "<" EX "a> <" EX "b> ex:c .\n");
    rc = load1(db, nt, NULL, &st);
    fprintf(stderr, "  (message: %s)\n", st.msg);
    CHECK(rc == MG_ERR_SYNTAX);
    CHECK(strstr(st.msg, "bad.nt:2:47:") != NULL);
    CHECK(strstr(st.msg, "found 'ex:c'") != NULL);

    /* the GRAPH keyword in TriG gets a hint */
    const char *tg = write_file("g.trig", "@prefix ex: <" EX "> .\n"
                                          "GRAPH ex:g { ex:a ex:b ex:c }\n");
    rc = load1(db, tg, NULL, &st);
    fprintf(stderr, "  (message: %s)\n", st.msg);
    CHECK(rc == MG_ERR_SYNTAX);
    CHECK(strstr(st.msg, "g.trig:2:1:") != NULL);
    CHECK(strstr(st.msg, "GRAPH keyword") != NULL);
    CHECK(librdf_model_size(db->model) == before);
    mg_db_close(db);
}

static void test_blank_nodes(void)
{
    mg_db *db = open_db();
    mg_status st;
    const char *text = "@prefix ex: <" EX "> .\n"
                       "_:a ex:p _:b .\n_:b ex:p [ ex:q ( 1 2 ) ] .\n"
                       "[] ex:p _:a .\n";
    const char *f1 = write_file("bn1.ttl", text);
    const char *f2 = write_file("bn2.ttl", text);
    CHECK(load1(db, f1, NULL, &st) == MG_OK);
    int n1 = librdf_model_size(db->model);
    CHECK(n1 == 8);
    char *d1 = dump(db);
    CHECK(strstr(d1, "_:b") != NULL);
    CHECK(strstr(d1, "_:r") == NULL && strstr(d1, "genid") == NULL);

    /* a reload changes nothing: same size, same labels */
    CHECK(load1(db, f1, NULL, &st) == MG_OK);
    char *d2 = dump(db);
    CHECK(librdf_model_size(db->model) == n1);
    CHECK(strcmp(d1, d2) == 0);
    /* with --append too: the same labels, so no duplicates */
    mg_load_opts app = {.append = 1};
    CHECK(load1(db, f1, &app, &st) == MG_OK);
    CHECK(librdf_model_size(db->model) == n1);

    /* another file's _:a is another node */
    CHECK(load1(db, f2, NULL, &st) == MG_OK);
    CHECK(librdf_model_size(db->model) == 2 * n1);

    /* a second store, loaded in the other order, holds the same terms */
    mg_db *db2 = open_db();
    CHECK(load1(db2, f2, NULL, &st) == MG_OK);
    CHECK(load1(db2, f1, NULL, &st) == MG_OK);
    char *a = dump(db), *b = dump(db2);
    CHECK(strcmp(a, b) == 0);
    free(a);
    free(b);
    free(d1);
    free(d2);
    mg_db_close(db2);
    mg_db_close(db);
}

static void test_replace_append(void)
{
    mg_db *db = open_db();
    mg_status st;
    const char *v1 = write_file("r.ttl", "<" EX "s> <" EX "p> <" EX "one> .\n"
                                         "<" EX "s> <" EX "p> <" EX "two> .\n");
    CHECK(load1(db, v1, NULL, &st) == MG_OK);
    const char *g = "urn:maillage:file:r.ttl";
    CHECK(graph_size(db, g) == 2);
    write_file("r.ttl", "<" EX "s> <" EX "p> <" EX "three> .\n");
    mg_load_report rep;
    mg_status_clear(&st);
    CHECK(mg_load_files(db, &v1, 1, NULL, &rep, &st) == MG_OK);
    CHECK(graph_size(db, g) == 1);
    CHECK(rep.removed == 2 && rep.added == 1);
    CHECK(has(db, g, EX "s", EX "p", EX "three"));
    CHECK(!has(db, g, EX "s", EX "p", EX "one"));
    write_file("r.ttl", "<" EX "s> <" EX "p> <" EX "four> .\n");
    mg_load_opts app = {.append = 1};
    CHECK(load1(db, v1, &app, &st) == MG_OK);
    CHECK(graph_size(db, g) == 2);

    /* several files into one graph: replaced once, all files kept */
    const char *x = write_file("x.ttl", "<" EX "s> <" EX "p> <" EX "x> .\n");
    const char *y = write_file("y.nt", "<" EX "s> <" EX "p> <" EX "y> .\n");
    const char *paths[] = {x, y};
    mg_load_opts o = {.graph = EX "both"};
    mg_status_clear(&st);
    CHECK(mg_load_files(db, paths, 2, &o, &rep, &st) == MG_OK);
    CHECK(mg_load_files(db, paths, 2, &o, &rep, &st) == MG_OK);
    CHECK(graph_size(db, EX "both") == 2);
    CHECK(rep.graphs == 1);
    CHECK(rep.added == 2);
    CHECK(graph_size(db, g) == 2); /* other graphs untouched */
    mg_db_close(db);
}

static void test_text(void)
{
    mg_db *db = open_db();
    mg_status st;
    uint64_t changed = 0;
    const char *g = EX "txt";
    const char *ttl = "@prefix ex: <" EX "> . ex:s ex:p ex:a, ex:b . "
                      "ex:s ex:q [ ex:r 1 ] .";
    mg_status_clear(&st);
    CHECK(mg_load_text(db, ttl, g, 0, &changed, &st) == MG_OK);
    CHECK(changed == 4);
    CHECK(graph_size(db, g) == 4);
    /* add does not replace */
    CHECK(mg_load_text(db, "<" EX "s> <" EX "p> <" EX "c> .", g, 0, &changed,
                       &st) == MG_OK);
    CHECK(changed == 1);
    CHECK(graph_size(db, g) == 5);
    /* remove, blank nodes included (same text, same labels) */
    CHECK(mg_load_text(db, ttl, g, 1, &changed, &st) == MG_OK);
    CHECK(changed == 4);
    CHECK(graph_size(db, g) == 1);
    CHECK(has(db, g, EX "s", EX "p", EX "c"));
    /* removing what is not there changes nothing */
    CHECK(mg_load_text(db, ttl, g, 1, &changed, &st) == MG_OK);
    CHECK(changed == 0);
    /* errors */
    mg_status_clear(&st);
    CHECK(mg_load_text(db, "<" EX "s> <" EX "p> .", g, 0, &changed, &st) ==
          MG_ERR_SYNTAX);
    fprintf(stderr, "  (message: %s)\n", st.msg);
    CHECK(strncmp(st.msg, "<argument>:1:", 13) == 0);
    mg_status_clear(&st);
    CHECK(mg_load_text(db, "<" EX "s> <" EX "p> <" EX "o> .", NULL, 0,
                       &changed, &st) == MG_ERR_ARG);
    CHECK(graph_size(db, g) == 1);
    mg_db_close(db);
}

static void test_base(void)
{
    mg_db *db = open_db();
    mg_status st;
    const char *f = write_file("rel.ttl", "<s> <p> <o> .\n<#x> <p> <../up> .\n");
    mg_load_opts o = {.base = "http://base.example/dir/doc"};
    CHECK(load1(db, f, &o, &st) == MG_OK);
    const char *g = "urn:maillage:file:rel.ttl";
    CHECK(has(db, g, "http://base.example/dir/s", "http://base.example/dir/p",
              "http://base.example/dir/o"));
    CHECK(has(db, g, "http://base.example/dir/doc#x",
              "http://base.example/dir/p", "http://base.example/up"));
    /* default: the file's own file:// IRI (its real path) */
    CHECK(load1(db, f, NULL, &st) == MG_OK);
    char *real = realpath(f, NULL); /* .../mg_test_load.XXXXXX/rel.ttl */
    char dir[600], si[700], pi[700], oi[700], xi[700], up[700];
    snprintf(dir, sizeof dir, "file://%s", real);
    *strrchr(dir, '/') = '\0';
    snprintf(si, sizeof si, "%s/s", dir);
    snprintf(pi, sizeof pi, "%s/p", dir);
    snprintf(oi, sizeof oi, "%s/o", dir);
    snprintf(xi, sizeof xi, "file://%s#x", real);
    *strrchr(dir, '/') = '\0';
    snprintf(up, sizeof up, "%s/up", dir);
    CHECK(graph_size(db, g) == 2);
    CHECK(has(db, g, si, pi, oi));
    CHECK(has(db, g, xi, pi, up));
    free(real);
    mg_db_close(db);
}

/* "-" reads standard input: Turtle unless told, graph urn:maillage:file:stdin */
static void test_stdin(void)
{
    mg_db *db = open_db();
    mg_status st;
    const char *f = write_file("in.txt", "<" EX "s> <" EX "p> <" EX "o> .\n");
    if (!freopen(f, "r", stdin)) {
        perror("freopen");
        mg_test_failures++;
        return;
    }
    CHECK(load1(db, "-", NULL, &st) == MG_OK);
    CHECK(has(db, "urn:maillage:file:stdin", EX "s", EX "p", EX "o"));
    const char *q = write_file("in2.txt", "<" EX "s> <" EX "p> <" EX "o> <" EX "g> .\n");
    if (!freopen(q, "r", stdin)) {
        perror("freopen");
        mg_test_failures++;
        return;
    }
    mg_load_opts o = {.format = "nquads"};
    CHECK(load1(db, "-", &o, &st) == MG_OK);
    CHECK(has(db, EX "g", EX "s", EX "p", EX "o"));
    mg_db_close(db);
}

/* Every file of tests/bad/ is rejected as a syntax error. */
static void test_bad_files(void)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", __FILE__);
    char *cut = strstr(dir, "/unit/test_load.c");
    if (!cut) {
        fprintf(stderr, "  (skipping tests/bad: source path unknown)\n");
        return;
    }
    strcpy(cut, "/bad");
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    mg_db *db = open_db();
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        mg_status st;
        mg_code rc = load1(db, path, NULL, &st);
        fprintf(stderr, "  (%s: %s)\n", e->d_name, st.msg);
        CHECK(rc == MG_ERR_SYNTAX);
        CHECK(strstr(st.msg, e->d_name) != NULL);
        n++;
    }
    closedir(d);
    CHECK(n >= 5);
    CHECK(librdf_model_size(db->model) == 0);
    mg_db_close(db);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mg_test_load.XXXXXX");
    if (!mg_test_mkdtemp(tmpdir))
        return 2;
    test_formats();
    test_syntax_error();
    test_blank_nodes();
    test_replace_append();
    test_text();
    test_base();
    test_stdin();
    test_bad_files();
    mg_test_rm_rf(tmpdir);
    if (mg_test_failures) {
        fprintf(stderr, "test_load: %d check(s) failed\n", mg_test_failures);
        return 1;
    }
    printf("test_load: ok\n");
    return 0;
}
