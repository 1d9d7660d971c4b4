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
};

const char *mg_export_format_name(mg_export_format format)
{
    switch (format) {
    case MG_EXPORT_TURTLE: return "turtle";
    case MG_EXPORT_NTRIPLES: return "ntriples";
    case MG_EXPORT_NQUADS: return "nquads";
    case MG_EXPORT_TRIG: return "trig";
    case MG_EXPORT_RDFXML: return "rdfxml";
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
                   "(.nt), nquads (.nq), trig (.trig) or rdfxml (.rdf)",
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

mg_code mg_export(mg_db *db, FILE *out, const mg_export_opts *opts,
                  mg_status *st)
{
    if (!db || !db->model || !out)
        return mg_fail(st, MG_ERR_ARG, "mg_export: no store or no output");
    mg_export_format format = MG_EXPORT_TURTLE;
    if (opts && opts->format)
        MG_TRY(mg_export_format_from_name(opts->format, &format, st));
    const char *graph = opts && opts->graph && *opts->graph ? opts->graph : NULL;
    int quads = format == MG_EXPORT_NQUADS || format == MG_EXPORT_TRIG;

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
    if (rc == MG_OK) {
        switch (format) {
        case MG_EXPORT_TURTLE:
        case MG_EXPORT_TRIG:
            rc = mg_x_write_turtle(&set, format == MG_EXPORT_TRIG, out, st);
            break;
        case MG_EXPORT_NTRIPLES:
        case MG_EXPORT_NQUADS:
            rc = mg_x_write_lines(&set, quads, out, st);
            break;
        case MG_EXPORT_RDFXML:
            rc = mg_x_write_rdfxml(&set, out, st);
            break;
        }
    }
    mg_xset_free(&set);
    free(expanded);
    mg_code io = check_stream(out, st);
    return rc != MG_OK ? rc : io;
}
