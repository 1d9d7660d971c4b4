/*
 * cmd_query.c — `maillage query`: the Maillage query language on the
 * store (src/query/engine.h), rows through output/results.h.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/endpoint.h"
#include "query/engine.h"
#include "remote/remote.h"

/*
 * Where saved queries live: $MAILLAGE_QUERIES; else ./queries when it
 * exists; else the queries/ folder of the source tree the binary was
 * built in (build/maillage -> ../queries), so they work from anywhere.
 */
static const char *saved_dir(void)
{
    static char found[PATH_MAX];
    const char *env = getenv("MAILLAGE_QUERIES");
    if (env && *env)
        return env;
    struct stat sb;
    if (stat("queries", &sb) == 0 && S_ISDIR(sb.st_mode))
        return "queries";
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(found, sizeof found, "%.*s/../queries", PATH_MAX - 16, exe);
            if (stat(found, &sb) == 0 && S_ISDIR(sb.st_mode))
                return found;
        }
    }
    return "queries";
}

typedef struct sink_ctx {
    mg_results_format format;
    mg_results *w;
    unsigned long long rows;
    unsigned long long cap; /* --endpoint: rows to print (0: all) */
    int truncated;
} sink_ctx;

static mg_code on_columns(void *vctx, const char *const *names, int n,
                          mg_status *st)
{
    sink_ctx *c = vctx;
    return mg_results_new(stdout, c->format, names, n, &c->w, st);
}

static mg_code on_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    sink_ctx *c = vctx;
    if (c->cap && c->rows >= c->cap) {
        c->truncated = 1;
        return MG_OK;
    }
    c->rows++;
    return mg_results_row(c->w, cells, st);
}

static mg_code on_text(void *vctx, const char *line, mg_status *st)
{
    (void)vctx;
    if (fputs(line, stdout) < 0 || fputc('\n', stdout) < 0)
        return mg_fail(st, MG_ERR_IO, "cannot write the plan");
    return MG_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the saved queries' names, sorted; 1 when there are none. */
static int list_saved(void)
{
    const char *dir = saved_dir();
    DIR *d = opendir(dir);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && n < 512) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".mq") == 0)
            names[n++] = strndup(e->d_name, len - 3);
    }
    if (d)
        closedir(d);
    if (n == 0) {
        fprintf(stderr, "maillage: no saved queries in %s/\n", dir);
        return 1;
    }
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (names[i])
            puts(names[i]);
        free(names[i]);
    }
    return 0;
}

/* A whole non-negative number (or, with `real`, a decimal) in text;
 * -1 when it is not one. */
static double parse_limit(const char *text, int real)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || v < 0 || v > 1e15 ||
        (!real && v != (double)(uint64_t)v))
        return -1;
    return v;
}

/* --endpoint: the query's SPARQL (what EXPLAIN prints) sent to the
 * endpoint, its rows printed as ours.  EXPLAIN stays local (it shows what
 * would be sent); PROFILE cannot be measured remotely. */
static mg_code run_remote(mg_db *db, const char *text, mg_query_opts *qo,
                          mg_endpoint *ep, mg_row_sink *sink, mg_status *st)
{
    mg_sparql_query sq;
    mg_code rc = mg_query_sparql(db, text, qo, &sq, st);
    if (rc == MG_OK && sq.explain) {
        mg_sparql_query_free(&sq);
        return mg_query_exec(db, text, qo, sink, st);
    }
    if (rc == MG_OK && sq.profile)
        rc = mg_fail(st, MG_ERR_ARG, "PROFILE measures our engine: it cannot "
                                     "run with --endpoint (EXPLAIN shows the "
                                     "SPARQL sent)");
    sink_ctx *c = sink->ctx;
    c->cap = qo->row_cap;
    ep->timeout = qo->timeout;
    if (rc == MG_OK)
        rc = mg_remote_select(ep, sq.text, (const char *const *)sq.columns,
                              (const char *const *)sq.vars, sq.ncols, sink, st);
    mg_sparql_query_free(&sq);
    return rc;
}

int cmd_query(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"file", required_argument, NULL, 'f'},
        {"format", required_argument, NULL, 'F'},
        {"param", required_argument, NULL, 'p'},
        {"saved", required_argument, NULL, 's'},
        {"list-saved", no_argument, NULL, 'l'},
        {"timeout", required_argument, NULL, 'T'},
        {"max-rows", required_argument, NULL, 'R'},
        {"max-depth", required_argument, NULL, 'D'},
        {"max-intermediate", required_argument, NULL, 'I'},
        CLI_ENDPOINT_OPTIONS,
        {"default-graph", required_argument, NULL, CLI_EP_DEFAULT_GRAPH},
        {NULL, 0, NULL, 0}};
    /* timeout, rows, depth, intermediate (-1: not given) */
    static const char *const limit_name[4] = {"timeout", "max-rows",
                                              "max-depth", "max-intermediate"};
    double limit[4] = {0, 0, 0, -1};
    const char *file = NULL, *format = "table", *saved = NULL;
    mg_param *params = calloc((size_t)argc + 1, sizeof *params);
    size_t nparams = 0;
    int c, list = 0;
    cli_endpoint ep = {0};
    if (!params)
        return MG_EXIT_FAIL;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:p:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': file = optarg; break;
        case 'F': format = optarg; break;
        case 's': saved = optarg; break;
        case 'l': list = 1; break;
        case 'T': case 'R': case 'D': case 'I': {
            int i = c == 'T' ? 0 : c == 'R' ? 1 : c == 'D' ? 2 : 3;
            limit[i] = parse_limit(optarg, c == 'T');
            if (limit[i] < 0 || (c == 'D' && (limit[i] < 1 || limit[i] > 1000))) {
                free(params);
                cli_endpoint_free(&ep);
                return cli_usage("query", "--%s expects %s, got '%s'",
                                 limit_name[i],
                                 c == 'T' ? "a number of seconds"
                                 : c == 'D' ? "a depth from 1 to 1000"
                                            : "a whole number",
                                 optarg);
            }
            break;
        }
        case 'p': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                free(params);
                cli_endpoint_free(&ep);
                return cli_usage("query", "--param expects NAME=VALUE, got '%s'",
                                 optarg);
            }
            *eq = '\0';
            params[nparams].name = optarg;
            params[nparams].value = eq + 1;
            nparams++;
            break;
        }
        case CLI_EP_DEFAULT_GRAPH: ep.ep.default_graph = optarg; break;
        default: {
            int k = c == '?' ? 0 : cli_endpoint_opt(&ep, "query", c, optarg);
            if (k == 1)
                break;
            free(params);
            cli_endpoint_free(&ep);
            if (k < 0)
                return MG_EXIT_USAGE;
            return cli_usage("query", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
        }
    }
    if (!ep.ep.url && (ep.ep.user || ep.given_auth || ep.nheaders ||
                       ep.ep.verbose || ep.ep.default_graph)) {
        free(params);
        cli_endpoint_free(&ep);
        return cli_usage("query", "--user, --password, --auth, --header, "
                                  "--default-graph and --verbose go with "
                                  "--endpoint URL");
    }
    if (list) {
        free(params);
        cli_endpoint_free(&ep);
        return list_saved() ? MG_EXIT_FAIL : MG_EXIT_OK;
    }
    int sources = (file != NULL) + (saved != NULL) + (optind < argc);
    if (sources != 1 || optind < argc - 1) {
        free(params);
        cli_endpoint_free(&ep);
        return cli_usage("query", "expected one QUERY, -f FILE or --saved NAME");
    }
    mg_status st;
    mg_status_clear(&st);
    sink_ctx ctx = {MG_RESULTS_TABLE, NULL, 0, 0, 0};
    if (mg_results_format_parse(format, 1, &ctx.format, &st) != MG_OK ||
        cli_endpoint_finish(&ep, &st) != MG_OK) {
        free(params);
        cli_endpoint_free(&ep);
        return cli_fail(&st);
    }
    char *text = NULL;
    if (saved) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.mq", saved_dir(), saved);
        text = cli_read_file(path, &st);
        if (!text) {
            mg_status_clear(&st);
            mg_fail(&st, MG_ERR_NOT_FOUND,
                    "no saved query '%s' in %s/ (maillage query --list-saved)",
                    saved, saved_dir());
        }
    } else {
        text = file ? cli_read_file(file, &st) : strdup(argv[optind]);
    }
    if (!text) {
        free(params);
        cli_endpoint_free(&ep);
        return cli_fail(&st);
    }
    mg_db *db = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mg_code rc = cli_open(cli, MG_DB_READONLY, &db, &st);
    int truncated = 0;
    if (rc == MG_OK) {
        mg_query_opts qo = {0};
        qo.params = params;
        qo.nparams = nparams;
        qo.timeout = limit[0];
        qo.row_cap = (uint64_t)limit[1];
        qo.path_depth_cap = (int)limit[2];
        qo.max_intermediate = limit[3] < 0   ? 0 /* the default */
                              : limit[3] == 0 ? UINT64_MAX /* no cap */
                                              : (uint64_t)limit[3];
        qo.truncated = &truncated;
        mg_row_sink sink = {&ctx, on_columns, on_row, on_text};
        if (ep.ep.url)
            rc = run_remote(db, text, &qo, &ep.ep, &sink, &st);
        else
            rc = mg_query_exec(db, text, &qo, &sink, &st);
        if (ep.ep.url && ctx.truncated)
            truncated = 1;
    }
    if (ctx.w) {
        if (rc == MG_OK)
            rc = mg_results_finish(ctx.w, &st);
        else
            mg_results_free(ctx.w);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    mg_db_close(db);
    free(text);
    free(params);
    cli_endpoint_free(&ep);
    if (rc != MG_OK) {
        /* usage errors were caught above: whatever the query did wrong
         * (syntax, name, type, parameter) is a failure, exit 1 */
        cli_fail(&st);
        return MG_EXIT_FAIL;
    }
    if (truncated)
        fprintf(stderr, "maillage: stopped after %llu row%s (--max-rows): "
                        "the query has more\n",
                (unsigned long long)limit[1], limit[1] == 1 ? "" : "s");
    if (ctx.format == MG_RESULTS_TABLE && ctx.w)
        fprintf(stderr, "%llu row%s in %.3f s\n", ctx.rows,
                ctx.rows == 1 ? "" : "s",
                (double)(t1.tv_sec - t0.tv_sec) +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return MG_EXIT_OK;
}
