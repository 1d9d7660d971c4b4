/*
 * cmd_shell.c — `maillage shell` (and `maillage` alone on a terminal): the
 * command-line side of src/shell/: options, and the .stats / .graphs hooks
 * that run `maillage stats` and `maillage graphs` on the same store.
 */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "shell/shell.h"

static int hook_stats(void *ctx)
{
    char *argv[] = {"stats", NULL};
    return cmd_stats(ctx, 1, argv);
}

static int hook_graphs(void *ctx)
{
    char *argv[] = {"graphs", NULL};
    return cmd_graphs(ctx, 1, argv);
}

int cmd_shell(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'F'}, {NULL, 0, NULL, 0}};
    const char *format = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'F')
            format = optarg;
        else
            return cli_usage("shell", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage("shell", "unexpected argument '%s' (a script is read "
                                  "from standard input: maillage shell < FILE)",
                         argv[optind]);
    mg_shell_opts so = {cli->store, MG_VERSION, format, -1,
                        hook_stats, hook_graphs, cli};
    return mg_shell_run(&so);
}
