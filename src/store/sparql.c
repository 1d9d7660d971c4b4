/* sparql.c — SPARQL through librdf/rasqal, results via results.h
 * (sparql.h). */
#include "store/sparql.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/librdf_storage.h"

struct mg_sparql {
    mg_db *db;
    librdf_query *query;
    librdf_query_results *results;
    double deadline; /* CLOCK_MONOTONIC seconds; 0 = none */
};

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int expired(const mg_sparql *q)
{
    return mg_librdf_storage_expired(q->db->storage) ||
           (q->deadline > 0 && now_seconds() > q->deadline);
}

static mg_code time_fail(mg_status *st)
{
    return mg_fail(st, MG_ERR_LIMIT, "the query ran past its time limit");
}

/* rasqal's message names a line: append that line of the query. */
static mg_code syntax_fail(const char *text, const char *why, mg_status *st)
{
    const char *lp = strstr(why, "line ");
    int line = lp ? atoi(lp + 5) : 0;
    const char *s = text;
    for (int l = 1; l < line && s; l++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    if (line < 1 || !s)
        return mg_fail(st, MG_ERR_SYNTAX, "SPARQL: %s",
                       *why ? why : "the query could not be run");
    const char *e = strchr(s, '\n');
    return mg_fail(st, MG_ERR_SYNTAX, "SPARQL: %s\n  %.*s", why,
                   (int)(e ? e - s : (long)strlen(s)), s);
}

mg_code mg_sparql_start(mg_db *db, const char *text, double timeout,
                        mg_sparql **out, mg_status *st)
{
    *out = NULL;
    mg_sparql *q = calloc(1, sizeof *q);
    if (!q)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    q->db = db;
    q->deadline = timeout > 0 ? now_seconds() + timeout : 0;
    mg_librdf_storage_set_deadline(db->storage, timeout);
    mg_world_clear_error(db->world);
    q->query = librdf_new_query(db->world, "sparql", NULL,
                                (const unsigned char *)text, NULL);
    q->results = q->query ? librdf_model_query_execute(db->model, q->query) : NULL;
    if (!q->results) {
        mg_code rc = expired(q) ? time_fail(st)
                                : syntax_fail(text, mg_world_last_error(db->world), st);
        mg_sparql_free(q);
        return rc;
    }
    *out = q;
    return MG_OK;
}

mg_sparql_kind mg_sparql_kind_of(const mg_sparql *q)
{
    if (librdf_query_results_is_boolean(q->results))
        return MG_SPARQL_BOOLEAN;
    if (librdf_query_results_is_graph(q->results))
        return MG_SPARQL_GRAPH;
    return MG_SPARQL_BINDINGS;
}

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

static mg_code write_bindings(mg_sparql *q, FILE *out, mg_results_format fmt,
                              uint64_t max_rows, int *truncated, mg_status *st)
{
    librdf_query_results *r = q->results;
    int n = librdf_query_results_get_bindings_count(r);
    size_t sz = (size_t)(n > 0 ? n : 1);
    const char **cols = calloc(sz, sizeof *cols);
    mg_cell *cells = calloc(sz, sizeof *cells);
    librdf_node **nodes = calloc(sz, sizeof *nodes);
    if (!cols || !cells || !nodes) {
        free(cols);
        free(cells);
        free(nodes);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < n; i++)
        cols[i] = librdf_query_results_get_binding_name(r, i);
    mg_results *w;
    uint64_t rows = 0;
    mg_code rc = mg_results_new(out, fmt, cols, n, &w, st);
    while (rc == MG_OK && !librdf_query_results_finished(r)) {
        if (expired(q)) {
            rc = time_fail(st);
            break;
        }
        if (max_rows && rows == max_rows) {
            if (truncated)
                *truncated = 1;
            break;
        }
        for (int i = 0; i < n; i++) {
            nodes[i] = librdf_query_results_get_binding_value(r, i);
            cells[i] = node_cell(nodes[i]);
        }
        rc = mg_results_row(w, cells, st);
        rows++;
        for (int i = 0; i < n; i++)
            if (nodes[i])
                librdf_free_node(nodes[i]);
        if (librdf_query_results_next(r))
            break;
    }
    if (rc == MG_OK && expired(q))
        rc = time_fail(st);
    if (rc == MG_OK)
        rc = mg_results_finish(w, st);
    else if (w)
        mg_results_free(w);
    free(cols);
    free(cells);
    free(nodes);
    return rc;
}

static mg_code write_graph(mg_sparql *q, FILE *out, const char *syntax,
                           mg_status *st)
{
    librdf_stream *s = librdf_query_results_as_stream(q->results);
    if (!s)
        return expired(q) ? time_fail(st)
                          : mg_fail(st, MG_ERR_STORE, "cannot read the query's graph");
    librdf_serializer *ser =
        librdf_new_serializer(q->db->world, syntax ? syntax : "turtle", NULL, NULL);
    int bad = !ser || librdf_serializer_serialize_stream_to_file_handle(
                          ser, out, NULL, s) != 0;
    if (ser)
        librdf_free_serializer(ser);
    librdf_free_stream(s);
    if (expired(q))
        return time_fail(st);
    if (bad)
        return mg_fail(st, MG_ERR_IO, "cannot write the query's graph");
    return MG_OK;
}

mg_code mg_sparql_write(mg_sparql *q, FILE *out, mg_results_format format,
                        const char *syntax, uint64_t max_rows, int *truncated,
                        mg_status *st)
{
    if (truncated)
        *truncated = 0;
    switch (mg_sparql_kind_of(q)) {
    case MG_SPARQL_BOOLEAN:
        if (expired(q))
            return time_fail(st);
        return mg_results_boolean(out, format,
                                  librdf_query_results_get_boolean(q->results) > 0,
                                  st);
    case MG_SPARQL_GRAPH:
        return write_graph(q, out, syntax, st);
    case MG_SPARQL_BINDINGS:
        break;
    }
    return write_bindings(q, out, format, max_rows, truncated, st);
}

void mg_sparql_free(mg_sparql *q)
{
    if (!q)
        return;
    if (q->results)
        librdf_free_query_results(q->results);
    if (q->query)
        librdf_free_query(q->query);
    mg_librdf_storage_set_deadline(q->db->storage, 0);
    free(q);
}
