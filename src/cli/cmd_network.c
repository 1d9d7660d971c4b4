/*
 * cmd_network.c — `maillage network`: a view of the graph (or the rows of
 * a query) as a network, written as a picture, a file for Gephi and other
 * tools, an HTML page, or its metrics (src/network/network.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "network/network.h"
#include "output/results.h"

static int list_views(void)
{
    for (const mg_network_view *v = mg_network_views; v->name; v++)
        printf("%-12s %s\n", v->name, v->summary);
    return MG_EXIT_OK;
}

typedef struct net_args {
    const char *view, *query, *file, *format, *output;
    mg_network_filter filter;
    int metrics, print_query;
} net_args;

static int parse_args(int argc, char **argv, net_args *a, int *list)
{
    static const struct option opts[] = {
        {"query", required_argument, NULL, 'q'},
        {"file", required_argument, NULL, 'f'},
        {"since", required_argument, NULL, 's'},
        {"until", required_argument, NULL, 'u'},
        {"territory", required_argument, NULL, 't'},
        {"min-weight", required_argument, NULL, 'w'},
        {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"metrics", no_argument, NULL, 'm'},
        {"list", no_argument, NULL, 'l'},
        {"print-query", no_argument, NULL, 'p'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "q:f:o:", opts, NULL)) != -1) {
        switch (c) {
        case 'q': a->query = optarg; break;
        case 'f': a->file = optarg; break;
        case 's': a->filter.since = optarg; break;
        case 'u': a->filter.until = optarg; break;
        case 't': a->filter.territory = optarg; break;
        case 'F': a->format = optarg; break;
        case 'o': a->output = optarg; break;
        case 'm': a->metrics = 1; break;
        case 'l': *list = 1; break;
        case 'p': a->print_query = 1; break;
        case 'w': {
            char *end = NULL;
            errno = 0;
            a->filter.min_weight = strtod(optarg, &end);
            if (errno || end == optarg || *end || a->filter.min_weight < 0)
                return cli_usage("network",
                                 "--min-weight expects a number >= 0, got '%s'",
                                 optarg);
            break;
        }
        default:
            return cli_usage("network", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (*list)
        return 0;
    if (optind < argc)
        a->view = argv[optind++];
    if (optind < argc)
        return cli_usage("network", "unexpected argument '%s'", argv[optind]);
    int sources = (a->view != NULL) + (a->query != NULL) + (a->file != NULL);
    if (sources != 1)
        return cli_usage("network", "expected one VIEW, --query QUERY or -f "
                                    "FILE (maillage network --list shows the "
                                    "views)");
    if (!a->view && (a->filter.since || a->filter.until || a->filter.territory))
        return cli_usage("network", "--since, --until and --territory filter "
                                    "the named views; write the conditions in "
                                    "the query itself");
    return 0;
}

/* Writes the network (or its metrics) to `out`. */
static mg_code emit(mg_network *net, const net_args *a, FILE *out,
                    mg_status *st)
{
    if (a->metrics)
        return mg_network_write_metrics(net, a->format ? a->format : "table",
                                        out, st);
    mg_network_format f = MG_NET_DOT;
    if (a->format)
        MG_TRY(mg_network_format_parse(a->format, &f, st));
    else if (a->output)
        MG_TRY(mg_network_format_parse(a->output, &f, st));
    if (f == MG_NET_PNG && !a->output && isatty(fileno(out)))
        return mg_fail(st, MG_ERR_ARG,
                       "a PNG is not for the terminal: write it with -o FILE.png");
    return mg_network_write(net, f, out, st);
}

int cmd_network(mg_cli *cli, int argc, char **argv)
{
    net_args a;
    memset(&a, 0, sizeof a);
    int list = 0;
    int urc = parse_args(argc, argv, &a, &list);
    if (urc)
        return urc;
    if (list)
        return list_views();
    mg_status st;
    mg_status_clear(&st);
    char *text = NULL;
    if (a.file && !(text = cli_read_file(a.file, &st)))
        return cli_fail(&st);
    if (a.print_query) {
        if (a.view && mg_network_view_query(a.view, &a.filter, &text, &st) != MG_OK)
            return cli_fail(&st);
        fputs(text ? text : a.query, stdout);
        free(text);
        return MG_EXIT_OK;
    }
    /* The format is checked before any work (and before -o is created). */
    mg_network_format f;
    mg_results_format rf;
    if ((a.metrics && a.format &&
         mg_results_format_parse(a.format, 1, &rf, &st) != MG_OK) ||
        (!a.metrics && (a.format || a.output) &&
         mg_network_format_parse(a.format ? a.format : a.output, &f, &st) != MG_OK)) {
        free(text);
        return cli_fail(&st);
    }
    mg_db *db = NULL;
    mg_network *net = NULL;
    mg_code rc = cli_open(cli, MG_DB_READONLY, &db, &st);
    if (rc == MG_OK)
        rc = mg_network_build(db, a.view, a.view ? NULL : (text ? text : a.query),
                              &a.filter, &net, &st);
    mg_db_close(db);
    free(text);
    if (rc != MG_OK)
        return cli_fail(&st);
    FILE *out = a.output ? fopen(a.output, "wb") : stdout;
    if (!out) {
        mg_fail(&st, MG_ERR_IO, "%s: %s", a.output, strerror(errno));
        mg_network_free(net);
        return cli_fail(&st);
    }
    rc = emit(net, &a, out, &st);
    if (a.output) {
        if (fclose(out) != 0 && rc == MG_OK)
            rc = mg_fail(&st, MG_ERR_IO, "%s: %s", a.output, strerror(errno));
        if (rc != MG_OK)
            remove(a.output);
        else
            fprintf(stderr, "%s: %zu nodes, %zu edges -> %s\n", net->title,
                    net->nnodes, net->nedges, a.output);
    }
    mg_network_free(net);
    return rc == MG_OK ? MG_EXIT_OK : cli_fail(&st);
}
