/*
 * parse_file.c — one file (or standard input) to parse: its format from
 * --format or the file name, its bytes, the file graph it is named into
 * (urn:maillage:file:NAME unless --graph) and its base IRI; then
 * mg_parse_buffer (parse.c) parses it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "load/load_internal.h"

#define MG_FORMAT_LIST "turtle, ntriples, nquads, trig, rdfxml"

static const struct {
    const char *name;
    const char *canon;
} format_names[] = {
    {"turtle", "turtle"},   {"ttl", "turtle"},     {"ntriples", "ntriples"},
    {"nt", "ntriples"},     {"n-triples", "ntriples"},
    {"nquads", "nquads"},   {"nq", "nquads"},      {"n-quads", "nquads"},
    {"trig", "trig"},       {"rdfxml", "rdfxml"},  {"rdf", "rdfxml"},
    {"xml", "rdfxml"},      {"rdf/xml", "rdfxml"},
};

static const struct {
    const char *ext;
    const char *canon;
} format_exts[] = {
    {"ttl", "turtle"}, {"nt", "ntriples"}, {"nq", "nquads"},
    {"trig", "trig"},  {"rdf", "rdfxml"},  {"owl", "rdfxml"},
    {"xml", "rdfxml"},
};

const char *mg_load_format_name(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (strcasecmp(name, format_names[i].name) == 0)
            return format_names[i].canon;
    return NULL;
}

const char *mg_load_format_for_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    if (!dot)
        return NULL;
    for (size_t i = 0; i < sizeof format_exts / sizeof *format_exts; i++)
        if (strcasecmp(dot + 1, format_exts[i].ext) == 0)
            return format_exts[i].canon;
    return NULL;
}

int mg_format_has_graphs(const char *format)
{
    return strcmp(format, "trig") == 0 || strcmp(format, "nquads") == 0;
}

char *mg_cwd_base(void)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd - 1))
        strcpy(cwd, "/");
    if (cwd[strlen(cwd) - 1] != '/')
        strcat(cwd, "/");
    unsigned char *u = raptor_uri_filename_to_uri_string(cwd);
    char *r = u ? strdup((const char *)u) : NULL;
    raptor_free_memory(u);
    return r;
}

/* The last component of a path, without trailing slashes (malloc'd). */
static char *base_name(const char *path)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    return strndup(path + start, end - start);
}

/* "urn:maillage:file:" + name, percent-encoding what an IRI cannot hold. */
static char *file_graph_iri(const char *name)
{
    static const char prefix[] = "urn:maillage:file:";
    size_t n = strlen(name);
    char *out = malloc(sizeof prefix + 3 * n);
    if (!out)
        return NULL;
    char *p = out + sizeof prefix - 1;
    memcpy(out, prefix, sizeof prefix - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= 0x20 || c == 0x7f || strchr("<>\"{}|\\^`%#?[]/", c)) {
            sprintf(p, "%%%02X", c);
            p += 3;
        } else {
            *p++ = (char)c;
        }
    }
    *p = '\0';
    return out;
}

mg_code mg_parse_file(librdf_world *world, const char *path,
                      const mg_load_opts *opts, mg_quadbuf *qb,
                      mg_status *st)
{
    static const mg_load_opts defaults = {0};
    (void)world; /* the parse runs in a raptor world of its own */
    if (!opts)
        opts = &defaults;
    int is_stdin = strcmp(path, "-") == 0;
    const char *format;
    if (opts->format) {
        format = mg_load_format_name(opts->format);
        if (!format)
            return mg_fail(st, MG_ERR_ARG,
                           "unknown format '%s' (formats: " MG_FORMAT_LIST ")",
                           opts->format);
    } else if (is_stdin) {
        format = "turtle";
    } else {
        format = mg_load_format_for_path(path);
        if (!format)
            return mg_fail(st, MG_ERR_ARG,
                           "%s: cannot tell the format from the file name; "
                           "use --format (" MG_FORMAT_LIST ") or an extension "
                           "(.ttl .nt .nq .trig .rdf .owl .xml)",
                           path);
    }
    if (opts->graph && mg_format_has_graphs(format))
        return mg_fail(st, MG_ERR_ARG,
                       "%s: --graph cannot be used with %s: the file names "
                       "its own graphs (its default graph goes to the file "
                       "graph)",
                       path, strcmp(format, "trig") == 0 ? "TriG" : "N-Quads");
    if (opts->graph && !*opts->graph)
        return mg_fail(st, MG_ERR_ARG, "the graph IRI is empty");

    char *data = NULL, *label = NULL, *graph = NULL, *base = NULL;
    size_t len = 0;
    mg_code rc = mg_read_all(path, &data, &len, st);
    if (rc != MG_OK)
        return rc;
    label = is_stdin ? strdup("stdin") : base_name(path);
    if (label)
        graph = opts->graph ? strdup(opts->graph) : file_graph_iri(label);
    if (opts->base) {
        base = strdup(opts->base);
    } else if (is_stdin) {
        base = mg_cwd_base();
    } else {
        char *real = realpath(path, NULL);
        unsigned char *u =
            real ? raptor_uri_filename_to_uri_string(real) : NULL;
        base = u ? strdup((const char *)u) : NULL;
        raptor_free_memory(u);
        free(real);
    }
    if (!label || !graph || !base) {
        rc = mg_fail(st, MG_ERR_NOMEM, "%s: out of memory", path);
    } else {
        mg_parse_src src = {.data = data,
                            .len = len,
                            .display = is_stdin ? "<stdin>" : path,
                            .label = label,
                            .format = format,
                            .graph = graph,
                            .base = base,
                            .progress = opts->progress};
        rc = mg_parse_buffer(&src, qb, st);
    }
    free(data);
    free(label);
    free(graph);
    free(base);
    return rc;
}
