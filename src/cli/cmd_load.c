/* cmd_load.c — `maillage load`, `maillage add` and `maillage remove`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "load/load.h"

int cmd_load(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"graph", required_argument, NULL, 'g'},
        {"append", no_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},
        {"base", required_argument, NULL, 'b'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0}};
    mg_load_opts lo = {0};
    int quiet = 0, c;
    optind = 0;
    opterr = 0;
    /* GNU getopt permutes: the files end up in argv[optind..] in order. */
    while ((c = getopt_long(argc, argv, "g:af:b:q", opts, NULL)) != -1) {
        switch (c) {
        case 'g': lo.graph = optarg; break;
        case 'a': lo.append = 1; break;
        case 'f': lo.format = optarg; break;
        case 'b': lo.base = optarg; break;
        case 'q': quiet = 1; break;
        default:
            return cli_usage("load", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    size_t n = (size_t)(argc - optind);
    const char *const *files = (const char *const *)argv + optind;
    if (n == 0)
        return cli_usage("load", "no file to load");
    lo.progress = !quiet && isatty(2);

    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    mg_load_report rep = {0};
    mg_code rc = cli_open(cli, MG_DB_CREATE, &db, &st);
    if (rc == MG_OK)
        rc = mg_load_files(db, files, n, &lo, &rep, &st);
    mg_db_close(db);
    if (rc != MG_OK)
        return cli_fail(&st);
    if (!quiet)
        fprintf(stderr,
                "loaded %zu file%s: %llu statements parsed, %zu graph%s, "
                "%.2f s (%.0f statements/s)\n",
                rep.files, rep.files == 1 ? "" : "s",
                (unsigned long long)rep.parsed, rep.graphs,
                rep.graphs == 1 ? "" : "s", rep.seconds,
                rep.seconds > 0 ? (double)rep.parsed / rep.seconds : 0.0);
    return MG_EXIT_OK;
}

/* add and remove: one graph, one Turtle text. */
static int edit(mg_cli *cli, int argc, char **argv, int remove)
{
    const char *name = remove ? "remove" : "add";
    const char *graph = NULL;
    int bad = cli_graph_option(name, argc, argv, &graph);
    if (bad)
        return bad;
    if (!graph)
        return cli_usage(name, "--graph IRI is required");
    if (optind != argc - 1)
        return cli_usage(name, "expected one Turtle text argument");
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    uint64_t changed = 0;
    mg_code rc = cli_open(cli, remove ? 0 : MG_DB_CREATE, &db, &st);
    if (rc == MG_OK)
        rc = mg_load_text(db, argv[optind], graph, remove, &changed, &st);
    mg_db_close(db);
    if (rc != MG_OK)
        return cli_fail(&st);
    fprintf(stderr, "%s %llu statement%s %s <%s>\n", remove ? "removed" : "added",
            (unsigned long long)changed, changed == 1 ? "" : "s",
            remove ? "from" : "to", graph);
    return MG_EXIT_OK;
}

int cmd_add(mg_cli *cli, int argc, char **argv)
{
    return edit(cli, argc, argv, 0);
}

int cmd_remove(mg_cli *cli, int argc, char **argv)
{
    return edit(cli, argc, argv, 1);
}
