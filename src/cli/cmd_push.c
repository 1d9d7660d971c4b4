/*
 * cmd_push.c — `maillage push`: the store's graphs to a SPARQL 1.1 Graph
 * Store HTTP Protocol endpoint (remote/remote.h), one line per graph.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/endpoint.h"
#include "remote/remote.h"

static void report(void *ctx, const mg_push_report *r)
{
    (void)ctx;
    if (r->triples)
        printf("%s  %zu bytes, %llu triples  HTTP %ld\n",
               r->graph ? r->graph : "(default graph)", r->bytes, r->triples,
               r->status);
    else
        printf("%s  %zu bytes  HTTP %ld\n", r->graph ? r->graph : "(default graph)",
               r->bytes, r->status);
    fflush(stdout);
}

int cmd_push(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"graph", required_argument, NULL, 'g'},
        {"all", no_argument, NULL, 'a'},
        {"append", no_argument, NULL, 'A'},
        {"union", required_argument, NULL, 'U'},
        {"format", required_argument, NULL, 'F'},
        {"timeout", required_argument, NULL, 'T'},
        CLI_ENDPOINT_OPTIONS,
        {NULL, 0, NULL, 0}};
    cli_endpoint ep = {0};
    mg_push_opts po = {0};
    const char **graphs = calloc((size_t)argc + 1, sizeof *graphs);
    if (!graphs)
        return MG_EXIT_FAIL;
    int c, k, code = -1;
    optind = 0;
    opterr = 0;
    while (code < 0 && (c = getopt_long(argc, argv, "g:", opts, NULL)) != -1) {
        switch (c) {
        case 'g': graphs[po.ngraphs++] = optarg; break;
        case 'a': po.all = 1; break;
        case 'A': po.append = 1; break;
        case 'U': po.union_graph = optarg; break;
        case 'F': po.format = optarg; break;
        case 'T': {
            char *end;
            ep.ep.timeout = strtod(optarg, &end);
            if (end == optarg || *end || ep.ep.timeout < 0)
                code = cli_usage("push", "--timeout expects a number of "
                                         "seconds, got '%s'", optarg);
            break;
        }
        default:
            k = c == '?' ? 0 : cli_endpoint_opt(&ep, "push", c, optarg);
            if (k < 0)
                code = MG_EXIT_USAGE;
            else if (k == 0)
                code = cli_usage("push", "unknown or incomplete option '%s'",
                                 argv[optind - 1]);
        }
    }
    if (code < 0 && optind < argc)
        code = cli_usage("push", "unexpected argument '%s'", argv[optind]);
    if (code < 0 && !ep.ep.url)
        code = cli_usage("push", "--endpoint URL is required (the Graph Store "
                                 "endpoint)");
    if (code < 0 && po.all + (po.ngraphs > 0) + (po.union_graph != NULL) != 1)
        code = cli_usage("push", "give one of --graph IRI (repeatable), --all "
                                 "or --union IRI");
    if (code >= 0) {
        free(graphs);
        cli_endpoint_free(&ep);
        return code;
    }
    po.graphs = graphs;
    po.report = report;
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    mg_code rc = cli_endpoint_finish(&ep, &st);
    if (rc == MG_OK)
        rc = cli_open(cli, MG_DB_READONLY, &db, &st);
    if (rc == MG_OK)
        rc = mg_remote_push(db, &ep.ep, &po, &st);
    mg_db_close(db);
    free(graphs);
    cli_endpoint_free(&ep);
    if (rc != MG_OK)
        return cli_fail(&st);
    return MG_EXIT_OK;
}
