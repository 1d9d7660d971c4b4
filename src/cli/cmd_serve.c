/*
 * cmd_serve.c — `maillage serve`: the store over HTTP, the page and the
 * endpoints of src/serve (serve.h) until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/serve.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* A number in [lo, hi] (decimals when `real`); -1 when it is not one. */
static double number(const char *text, int real, double lo, double hi)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || v < lo || v > hi ||
        (!real && v != (double)(long long)v))
        return -1;
    return v;
}

int cmd_serve(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"port", required_argument, NULL, 'p'},
        {"bind", required_argument, NULL, 'b'},
        {"read-only", no_argument, NULL, 'r'},
        {"timeout", required_argument, NULL, 'T'},
        {"max-rows", required_argument, NULL, 'R'},
        {"max-body", required_argument, NULL, 'B'},
        {"threads", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0}};
    mg_serve_opts so = {0};
    so.store = cli->store;
    so.port = 8080;
    int c;
    double v;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "p:b:", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if ((v = number(optarg, 0, 0, 65535)) < 0)
                return cli_usage("serve", "--port expects 0 to 65535, got '%s'", optarg);
            so.port = (int)v;
            break;
        case 'b': so.bind = optarg; break;
        case 'r': so.readonly = 1; break;
        case 'T':
            if ((v = number(optarg, 1, 0.001, 86400)) < 0)
                return cli_usage("serve", "--timeout expects seconds, got '%s'", optarg);
            so.timeout = v;
            break;
        case 'R':
            if ((v = number(optarg, 0, 1, 1e12)) < 0)
                return cli_usage("serve", "--max-rows expects a whole number >= 1, "
                                          "got '%s'", optarg);
            so.max_rows = (uint64_t)v;
            break;
        case 'B':
            if ((v = number(optarg, 0, 1, 1e12)) < 0)
                return cli_usage("serve", "--max-body expects bytes, got '%s'", optarg);
            so.max_body = (size_t)v;
            break;
        case 't':
            if ((v = number(optarg, 0, 1, 64)) < 0)
                return cli_usage("serve", "--threads expects 1 to 64, got '%s'", optarg);
            so.threads = (int)v;
            break;
        default:
            return cli_usage("serve", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("serve", "unexpected argument '%s'", argv[optind]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    mg_status st;
    mg_status_clear(&st);
    if (mg_serve_run(&so, &stop_flag, stdout, &st) != MG_OK)
        return cli_fail(&st);
    fprintf(stderr, "maillage: stopped\n");
    return MG_EXIT_OK;
}
