/*
 * fuzz_load.c — our loader glue, storage module and writers.  The first
 * byte picks the syntax (Turtle, TriG, N-Triples, N-Quads, RDF/XML), the
 * rest is the file.  It is loaded into a fresh store; when raptor accepts
 * it, the store must pass the integrity check, and its TriG and Turtle
 * exports must load back to the same statements (blank-node labels aside,
 * which a reload renames): a writer that loses or changes data aborts.
 * Its JSON-LD export must be valid JSON (no reader of ours parses it back:
 * tests/e2e/export_formats.sh checks it with rdflib).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "fuzz_common.h"
#include "json_check.h"
#include "load/load.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *exts[] = {"ttl", "trig", "nt", "nq", "rdf"};

static void die(const char *what, const mg_status *st)
{
    fprintf(stderr, "fuzz_load: %s: %s\n", what, st ? st->msg : "");
    abort();
}

/* A fresh store at DIR/NAME (the previous one removed). */
static mg_db *fresh(const char *name)
{
    char path[400], cmd[500];
    snprintf(path, sizeof path, "%s/%s", mg_fuzz_dir(), name);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        die("rm", NULL);
    mg_db *db;
    mg_status st;
    mg_status_clear(&st);
    if (mg_db_open(path, MG_DB_CREATE, &db, &st) != MG_OK)
        die("open", &st);
    return db;
}

static char *export_to_string(mg_db *db, const char *format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        die("open_memstream", NULL);
    mg_export_opts o = {0};
    o.format = format;
    mg_status st;
    mg_status_clear(&st);
    if (mg_export(db, f, &o, &st) != MG_OK)
        die(format, &st);
    fclose(f);
    return buf;
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, n, f) != n)
        die("write", NULL);
    fclose(f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* N-Quads text -> sorted lines with every "_:LABEL" as "_:", and with
 * `drop_graph` the graph term removed (triples only).  Returns the
 * concatenation (malloc'd). */
static char *normalise(const char *nq, int drop_graph)
{
    size_t n = 0;
    for (const char *p = nq; *p; p++)
        n += *p == '\n';
    char **lines = calloc(n + 1, sizeof *lines);
    size_t k = 0;
    const char *p = nq;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *l = malloc(len + 1), *w = l;
        int in_str = 0, esc = 0;
        for (size_t i = 0; i < len; i++) {
            char c = p[i];
            if (in_str) {
                *w++ = c;
                if (esc)
                    esc = 0;
                else if (c == '\\')
                    esc = 1;
                else if (c == '"')
                    in_str = 0;
                continue;
            }
            if (c == '"')
                in_str = 1;
            if (c == '_' && i + 1 < len && p[i + 1] == ':') {
                *w++ = '_';
                *w++ = ':';
                i += 2;
                while (i < len && p[i] != ' ')
                    i++;
                i--;
                continue;
            }
            *w++ = c;
        }
        *w = 0;
        if (drop_graph) {
            /* Every quad of the store has a graph, written last: "S P O G
             * ." becomes "S P O ." (a graph term has no space). */
            size_t L = strlen(l);
            if (L > 2 && strcmp(l + L - 2, " .") == 0) {
                l[L - 2] = 0;
                char *g = strrchr(l, ' ');
                if (g)
                    strcpy(g, " .");
                else
                    strcat(l, " .");
            }
        }
        lines[k++] = l;
        p = e ? e + 1 : p + len;
    }
    qsort(lines, k, sizeof *lines, cmp_str);
    size_t tot = 1;
    for (size_t i = 0; i < k; i++)
        tot += strlen(lines[i]) + 1;
    char *out = malloc(tot), *w = out;
    const char *prev = NULL;
    for (size_t i = 0; i < k; i++) {
        if (drop_graph && prev && strcmp(prev, lines[i]) == 0)
            continue; /* the same triple in two graphs */
        size_t l = strlen(lines[i]);
        memcpy(w, lines[i], l);
        w += l;
        *w++ = '\n';
        prev = lines[i];
    }
    *w = 0;
    for (size_t i = 0; i < k; i++)
        free(lines[i]);
    free(lines);
    return out;
}

static void roundtrip(mg_db *a, const char *format, const char *ext,
                      int drop_graph)
{
    char *exported = export_to_string(a, format);
    char path[400];
    snprintf(path, sizeof path, "%s/rt.%s", mg_fuzz_dir(), ext);
    write_file(path, exported, strlen(exported));
    mg_db *b = fresh("b.db");
    mg_status st;
    mg_status_clear(&st);
    const char *paths[] = {path};
    if (mg_load_files(b, paths, 1, NULL, NULL, &st) != MG_OK) {
        fprintf(stderr, "--- %s export:\n%s\n", format, exported);
        die("reloading our own export", &st);
    }
    char *qa = export_to_string(a, "nquads"), *qb = export_to_string(b, "nquads");
    char *na = normalise(qa, drop_graph), *nb = normalise(qb, drop_graph);
    if (strcmp(na, nb) != 0) {
        fprintf(stderr, "--- store:\n%s--- %s export:\n%s--- reloaded:\n%s",
                qa, format, exported, qb);
        die("an export does not load back to the same statements", NULL);
    }
    free(na), free(nb), free(qa), free(qb), free(exported);
    mg_db_close(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int checked;
    if (!checked) { /* the JSON check itself must tell good from bad */
        checked = 1;
        if (!mg_json_valid("{\"a\": [1, -2.5e3, \"x\\u00e9\", null, true]}", NULL) ||
            mg_json_valid("{\"a\": }", NULL) || mg_json_valid("[1,]", NULL) ||
            mg_json_valid("\"tab\there\"", NULL) || mg_json_valid("{} x", NULL))
            die("json_check is wrong", NULL);
    }
    if (size < 1 || size > 32768)
        return 0;
    const char *ext = exts[data[0] % (sizeof exts / sizeof *exts)];
    char path[400];
    snprintf(path, sizeof path, "%s/in.%s", mg_fuzz_dir(), ext);
    write_file(path, (const char *)data + 1, size - 1);
    mg_db *a = fresh("a.db");
    mg_status st;
    mg_status_clear(&st);
    const char *paths[] = {path};
    mg_code rc = mg_load_files(a, paths, 1, NULL, NULL, &st);
    if (rc != MG_OK) {
        if (!st.msg[0])
            die("an error without a message", NULL);
        mg_db_close(a);
        return 0;
    }
    mg_status_clear(&st);
    mg_txn *txn;
    if (mg_txn_begin(a->native, 0, &txn, &st) != MG_OK)
        die("read transaction", &st);
    if (mg_store_check(txn, &st) != MG_OK)
        die("integrity", &st);
    mg_txn_abort(txn);
    char *j = export_to_string(a, "jsonld");
    long at = 0;
    if (!mg_json_valid(j, &at)) {
        fprintf(stderr, "--- JSON-LD export, invalid at byte %ld:\n%s\n", at, j);
        die("the JSON-LD export is not valid JSON", NULL);
    }
    free(j);
    roundtrip(a, "trig", "trig", 0);
    roundtrip(a, "turtle", "ttl", 1);
    mg_db_close(a);
    return 0;
}
