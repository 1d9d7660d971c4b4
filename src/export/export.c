/*
 * export.c — mg_export: picks the format, collects the statements
 * (collect.c), hands them to a writer (trig.c, nquads.c, raptor_out.c)
 * and checks that the bytes reached the stream (export.h).
 *
 * Owns: the mg_xset of one call, freed before returning.
 */
#include "export/export_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/prefixes.h"

static const struct {
    const char *name;
    mg_export_format format;
} format_names[] = {
    {"turtle", MG_EXPORT_TURTLE},     {"ttl", MG_EXPORT_TURTLE},
    {"ntriples", MG_EXPORT_NTRIPLES}, {"nt", MG_EXPORT_NTRIPLES},
    {"n-triples", MG_EXPORT_NTRIPLES}, {"nquads", MG_EXPORT_NQUADS},
    {"nq", MG_EXPORT_NQUADS},         {"n-quads", MG_EXPORT_NQUADS},
    {"trig", MG_EXPORT_TRIG},         {"rdfxml", MG_EXPORT_RDFXML},
    {"rdf", MG_EXPORT_RDFXML},        {"xml", MG_EXPORT_RDFXML},
    {"owl", MG_EXPORT_RDFXML},        {"rdf/xml", MG_EXPORT_RDFXML},
    {"jsonld", MG_EXPORT_JSONLD},     {"json-ld", MG_EXPORT_JSONLD},
};

const char *mg_export_format_name(mg_export_format format)
{
    switch (format) {
    case MG_EXPORT_TURTLE: return "turtle";
    case MG_EXPORT_NTRIPLES: return "ntriples";
    case MG_EXPORT_NQUADS: return "nquads";
    case MG_EXPORT_TRIG: return "trig";
    case MG_EXPORT_RDFXML: return "rdfxml";
    case MG_EXPORT_JSONLD: return "jsonld";
    }
    return "?";
}

const char *mg_export_format_extension(mg_export_format format)
{
    switch (format) {
    case MG_EXPORT_TURTLE: return "ttl";
    case MG_EXPORT_NTRIPLES: return "nt";
    case MG_EXPORT_NQUADS: return "nq";
    case MG_EXPORT_TRIG: return "trig";
    case MG_EXPORT_RDFXML: return "rdf";
    case MG_EXPORT_JSONLD: return "jsonld";
    }
    return "?";
}

/*
 * A name is tried as a format name first ("ttl", "rdfxml"), then, if it
 * has a dot after its last '/', by its extension, so "out.ttl",
 * "dir.v2/out.nq" and "ttl" all work but "out" does not.
 */
mg_code mg_export_format_from_name(const char *name_or_path,
                                   mg_export_format *format, mg_status *st)
{
    const char *name = name_or_path ? name_or_path : "";
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            const char *slash = strrchr(name, '/');
            const char *dot = strrchr(slash ? slash + 1 : name, '.');
            if (!dot || strcasecmp(dot + 1, "rdf/xml") == 0)
                break;
            name = dot + 1;
        }
        for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
            if (strcasecmp(name, format_names[i].name) == 0) {
                *format = format_names[i].format;
                return MG_OK;
            }
        }
    }
    return mg_fail(st, MG_ERR_ARG,
                   "unknown export format '%s': use turtle (.ttl), ntriples "
                   "(.nt), nquads (.nq), trig (.trig), rdfxml (.rdf) or "
                   "jsonld (.jsonld)",
                   name_or_path ? name_or_path : "");
}

/* Pushes buffered bytes out and turns a stream error into a status:
 * ENOSPC (e.g. /dev/full) is MG_ERR_FULL, anything else MG_ERR_IO. */
static mg_code check_stream(FILE *out, mg_status *st)
{
    errno = 0;
    int flush_failed = fflush(out) != 0;
    int err = errno;
    if (!flush_failed && !ferror(out))
        return MG_OK;
    if (!err)
        err = EIO;
    return mg_fail(st, err == ENOSPC ? MG_ERR_FULL : MG_ERR_IO,
                   "cannot write the export: %s", strerror(err));
}

mg_code mg_export_check_base(const char *iri, const char *what,
                             mg_status *st)
{
    const char *colon = iri ? strchr(iri, ':') : NULL;
    int ok = colon && colon > iri && colon[1] != '\0';
    for (const char *c = iri; ok && c < colon; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
             (c > iri && ((*c >= '0' && *c <= '9') || strchr("+-.", *c)));
    for (const char *c = iri; ok && *c; c++)
        ok = (unsigned char)*c > 0x20 && !strchr("<>\"{}|^`\\", *c);
    if (!ok)
        return mg_fail(st, MG_ERR_ARG,
                       "%s '%s' is not an absolute IRI (write it with its "
                       "scheme, e.g. https://data.example.org/maillage/)",
                       what, iri ? iri : "");
    return MG_OK;
}

mg_code mg_export_check_namespace(const char *iri, const char *what,
                                  mg_status *st)
{
    MG_TRY(mg_export_check_base(iri, what, st));
    char last = iri[strlen(iri) - 1];
    if (last != '/' && last != '#')
        return mg_fail(st, MG_ERR_ARG, "%s '%s' must end in '/' or '#' (the "
                       "rest of each IRI is appended to it)", what, iri);
    return MG_OK;
}

mg_code mg_x_write_format(const mg_xset *set, mg_export_format format,
                          FILE *out, mg_status *st)
{
    int quads = format == MG_EXPORT_NQUADS || format == MG_EXPORT_TRIG ||
                format == MG_EXPORT_JSONLD;
    mg_xset view;
    MG_TRY(mg_xset_triples_view(set, &view, st));
    const mg_xset *w = quads ? set : &view;
    mg_code rc = MG_OK;
    switch (format) {
    case MG_EXPORT_TURTLE:
    case MG_EXPORT_TRIG:
        rc = mg_x_write_turtle(w, format == MG_EXPORT_TRIG, out, st);
        break;
    case MG_EXPORT_NTRIPLES:
    case MG_EXPORT_NQUADS:
        rc = mg_x_write_lines(w, quads, out, st);
        break;
    case MG_EXPORT_RDFXML:
        rc = mg_x_write_rdfxml(w, out, st);
        break;
    case MG_EXPORT_JSONLD:
        rc = mg_x_write_jsonld(w, 1, out, st);
        break;
    }
    mg_xset_view_free(&view);
    return rc;
}

/* The query a --class option stands for. */
static mg_code class_query(const char *cls, char **query, mg_status *st)
{
    for (const char *c = cls; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || strchr("_-.:/#<>%~?=&", *c)))
            return mg_fail(st, MG_ERR_ARG,
                           "--class '%s': not a class name (Organization, "
                           "mg:Network or <IRI>)", cls);
    size_t n = strlen(cls) + 48;
    *query = malloc(n);
    if (!*query)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    snprintf(*query, n, "MATCH (n:%s) RETURN DISTINCT n", cls);
    return MG_OK;
}

/* The subset, language and base steps of export.h, on a collected set. */
static mg_code apply_opts(mg_db *db, mg_xset *set,
                          const mg_export_filter *opts, mg_status *st)
{
    if (!opts)
        return MG_OK;
    if (opts->cls && *opts->cls) {
        char *q = NULL;
        MG_TRY(class_query(opts->cls, &q, st));
        mg_code rc = mg_x_subset_query(db, set, q, st);
        free(q);
        MG_TRY(rc);
    }
    if (opts->query && *opts->query)
        MG_TRY(mg_x_subset_query(db, set, opts->query, st));
    if (opts->lang && *opts->lang)
        mg_x_filter_lang(set, opts->lang);
    if (opts->base && *opts->base)
        MG_TRY(mg_x_rebase(set, opts->base, st));
    return MG_OK;
}

mg_code mg_export(mg_db *db, FILE *out, const mg_export_opts *opts,
                  mg_status *st)
{
    return mg_export_ex(db, out, opts, NULL, st);
}

mg_code mg_export_ex(mg_db *db, FILE *out, const mg_export_opts *opts,
                     const mg_export_filter *filter, mg_status *st)
{
    if (!db || !db->model || !out)
        return mg_fail(st, MG_ERR_ARG, "mg_export: no store or no output");
    mg_export_format format = MG_EXPORT_TURTLE;
    if (opts && opts->format)
        MG_TRY(mg_export_format_from_name(opts->format, &format, st));
    if (filter && filter->base && *filter->base)
        MG_TRY(mg_export_check_namespace(filter->base, "--base", st));
    const char *graph = opts && opts->graph && *opts->graph ? opts->graph : NULL;
    int filtered = filter && ((filter->query && *filter->query) ||
                              (filter->cls && *filter->cls) ||
                              (filter->lang && *filter->lang) ||
                              (filter->base && *filter->base));
    int quads = format == MG_EXPORT_NQUADS || format == MG_EXPORT_TRIG ||
                format == MG_EXPORT_JSONLD || filtered;

    /* "src:doc1" for a graph: a table prefix is expanded; anything else
     * (http:, urn:, ...) is taken as a full IRI. */
    char *expanded = NULL;
    const char *colon = graph ? strchr(graph, ':') : NULL;
    if (colon && mg_prefix_by_name(graph, (size_t)(colon - graph)))
        MG_TRY(mg_prefix_expand(graph, &expanded, st));
    if (expanded)
        graph = expanded;

    mg_xset set = {0};
    mg_code rc = mg_xset_collect(db, quads, graph, &set, st);
    if (rc == MG_OK)
        rc = apply_opts(db, &set, filter, st);
    if (rc == MG_OK)
        rc = mg_x_write_format(&set, format, out, st);
    mg_xset_free(&set);
    free(expanded);
    mg_code io = check_stream(out, st);
    return rc != MG_OK ? rc : io;
}
