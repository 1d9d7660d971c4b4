/* cmd_drop.c — `maillage drop --graph IRI`. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "core/failpoint.h"

int cmd_drop(mg_cli *cli, int argc, char **argv)
{
    const char *graph = NULL;
    int bad = cli_graph_option("drop", argc, argv, &graph);
    if (bad)
        return bad;
    if (!graph || optind != argc)
        return cli_usage("drop", "expected --graph IRI");
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    if (cli_open(cli, 0, &db, &st) != MG_OK)
        return cli_fail(&st);
    librdf_node *g = librdf_new_node_from_uri_string(
        db->world, (const unsigned char *)graph);
    /* Count first, so a missing graph is an error and the user is told
     * how much went. */
    int n = 0;
    librdf_stream *s = g ? librdf_model_context_as_stream(db->model, g) : NULL;
    for (; s && !librdf_stream_end(s); librdf_stream_next(s))
        n++;
    if (s)
        librdf_free_stream(s);
    mg_code rc = MG_OK;
    if (!g)
        rc = mg_fail(&st, MG_ERR_ARG, "bad graph IRI '%s'", graph);
    else if (n == 0)
        rc = mg_fail(&st, MG_ERR_NOT_FOUND, "no graph <%s> in the store", graph);
    else if ((rc = MG_FAILPOINT("begin", &st)) != MG_OK)
        ; /* a test's failure point: nothing written */
    else {
        int tx = librdf_model_transaction_start(db->model) == 0;
        if (librdf_model_context_remove_statements(db->model, g) != 0) {
            if (tx)
                librdf_model_transaction_rollback(db->model);
            rc = mg_fail(&st, MG_ERR_STORE, "cannot drop <%s>: %s", graph,
                         mg_world_last_error(db->world));
        } else if (tx && librdf_model_transaction_commit(db->model) != 0) {
            rc = mg_fail(&st, MG_ERR_STORE, "cannot drop <%s>: %s", graph,
                         mg_world_last_error(db->world));
        }
    }
    if (g)
        librdf_free_node(g);
    mg_db_close(db);
    if (rc != MG_OK)
        return cli_fail(&st);
    fprintf(stderr, "dropped <%s> (%d statement%s)\n", graph, n, n == 1 ? "" : "s");
    return MG_EXIT_OK;
}
