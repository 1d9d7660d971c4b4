/*
 * cmd_sparql.c — `maillage sparql`: Redland's SPARQL engine (rasqal) on
 * the store, results through output/results.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "cli/cli.h"
#include "output/results.h"

static mg_cell node_cell(librdf_node *n)
{
    mg_cell c = {MG_CELL_UNBOUND, NULL, NULL, NULL, NULL, 0};
    if (!n)
        return c;
    if (librdf_node_is_resource(n)) {
        c.kind = MG_CELL_IRI;
        c.value = (const char *)librdf_uri_as_string(librdf_node_get_uri(n));
    } else if (librdf_node_is_blank(n)) {
        c.kind = MG_CELL_BLANK;
        c.value = (const char *)librdf_node_get_blank_identifier(n);
    } else {
        c.kind = MG_CELL_LITERAL;
        c.value = (const char *)librdf_node_get_literal_value(n);
        c.lang = librdf_node_get_literal_value_language(n);
        librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
        c.datatype = dt ? (const char *)librdf_uri_as_string(dt) : NULL;
    }
    return c;
}

static mg_code write_bindings(librdf_query_results *r, mg_results_format fmt,
                              mg_status *st)
{
    int n = librdf_query_results_get_bindings_count(r);
    const char **cols = calloc((size_t)(n > 0 ? n : 1), sizeof *cols);
    mg_cell *cells = calloc((size_t)(n > 0 ? n : 1), sizeof *cells);
    librdf_node **nodes = calloc((size_t)(n > 0 ? n : 1), sizeof *nodes);
    if (!cols || !cells || !nodes) {
        free(cols);
        free(cells);
        free(nodes);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < n; i++)
        cols[i] = librdf_query_results_get_binding_name(r, i);
    mg_results *w;
    mg_code rc = mg_results_new(stdout, fmt, cols, n, &w, st);
    while (rc == MG_OK && !librdf_query_results_finished(r)) {
        for (int i = 0; i < n; i++) {
            nodes[i] = librdf_query_results_get_binding_value(r, i);
            cells[i] = node_cell(nodes[i]);
        }
        rc = mg_results_row(w, cells, st);
        for (int i = 0; i < n; i++)
            if (nodes[i])
                librdf_free_node(nodes[i]);
        if (librdf_query_results_next(r))
            break;
    }
    if (rc == MG_OK)
        rc = mg_results_finish(w, st);
    else
        mg_results_free(w);
    free(cols);
    free(cells);
    free(nodes);
    return rc;
}

static mg_code write_graph(mg_db *db, librdf_query_results *r, mg_status *st)
{
    librdf_stream *s = librdf_query_results_as_stream(r);
    if (!s)
        return mg_fail(st, MG_ERR_STORE, "cannot read the query's graph");
    librdf_serializer *ser = librdf_new_serializer(db->world, "turtle", NULL, NULL);
    int bad = !ser || librdf_serializer_serialize_stream_to_file_handle(
                          ser, stdout, NULL, s) != 0;
    if (ser)
        librdf_free_serializer(ser);
    librdf_free_stream(s);
    if (bad)
        return mg_fail(st, MG_ERR_IO, "cannot write the query's graph");
    return MG_OK;
}

/* Prints the query text's line `line` with a caret, when rasqal says
 * where the error is. */
static void show_position(const char *query, const char *msg)
{
    const char *lp = strstr(msg, "line ");
    if (!lp)
        return;
    int line = atoi(lp + 5);
    const char *s = query;
    for (int l = 1; l < line && s; l++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    if (!s || line < 1)
        return;
    const char *e = strchr(s, '\n');
    fprintf(stderr, "  %.*s\n", (int)(e ? e - s : (long)strlen(s)), s);
}

int cmd_sparql(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"file", required_argument, NULL, 'f'},
        {"format", required_argument, NULL, 'F'},
        {"time", no_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    const char *file = NULL, *format = "table";
    int timing = 0;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': file = optarg; break;
        case 'F': format = optarg; break;
        case 'T': timing = 1; break;
        default:
            return cli_usage("sparql", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if ((file && optind != argc) || (!file && optind != argc - 1))
        return cli_usage("sparql", "expected one QUERY or -f FILE");
    mg_status st;
    mg_status_clear(&st);
    mg_results_format fmt;
    if (mg_results_format_parse(format, 0, &fmt, &st) != MG_OK)
        return cli_fail(&st);
    char *text = file ? cli_read_file(file, &st) : strdup(argv[optind]);
    if (!text)
        return cli_fail(&st);
    mg_db *db = NULL;
    mg_code rc = cli_open(cli, MG_DB_READONLY, &db, &st);
    librdf_query *q = NULL;
    librdf_query_results *r = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (rc == MG_OK) {
        mg_world_clear_error(db->world);
        q = librdf_new_query(db->world, "sparql", NULL,
                             (const unsigned char *)text, NULL);
        r = q ? librdf_model_query_execute(db->model, q) : NULL;
        if (!r) {
            const char *why = mg_world_last_error(db->world);
            rc = mg_fail(&st, MG_ERR_SYNTAX, "SPARQL: %s",
                         *why ? why : "the query could not be run");
            show_position(text, why);
        }
    }
    if (rc == MG_OK) {
        if (librdf_query_results_is_bindings(r))
            rc = write_bindings(r, fmt, &st);
        else if (librdf_query_results_is_boolean(r))
            rc = mg_results_boolean(stdout, fmt,
                                    librdf_query_results_get_boolean(r) > 0, &st);
        else if (librdf_query_results_is_graph(r))
            rc = write_graph(db, r, &st);
        else
            rc = mg_fail(&st, MG_ERR_UNSUPPORTED, "unknown kind of query result");
    }
    if (rc == MG_OK && timing) {
        /* rasqal's time on the open store: parse, run, write the rows. */
        fflush(stdout);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        fprintf(stderr, "time: %.3f ms (query, store open)\n",
                (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    }
    if (r)
        librdf_free_query_results(r);
    if (q)
        librdf_free_query(q);
    mg_db_close(db);
    free(text);
    return rc == MG_OK ? MG_EXIT_OK : cli_fail(&st);
}
