/*
 * dot.c — the dot-commands of `maillage shell` (shell.h): one line each,
 * starting with '.', arguments separated by spaces ("..." or '...' quote
 * one with spaces).  .help lists them with examples.
 *
 * Owns: nothing beyond a call, except the parameters .param stores in the
 * mg_shell (freed by mg_shell_run).
 */
#include "shell/shell.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "load/load.h"
#include "network/network.h"

#define MAX_ARGS 64

/* Splits `line` into words; quotes group, a backslash escapes in "...".
 * Returns the count (-1 on an unclosed quote); words live in `store`. */
static int split_args(const char *line, char *store, char **argv)
{
    int argc = 0;
    const char *p = line;
    char *o = store;
    for (;;) {
        p += strspn(p, " \t\r\n");
        if (!*p || argc == MAX_ARGS)
            break;
        argv[argc++] = o;
        while (*p && !strchr(" \t\r\n", *p)) {
            if (*p == '"' || *p == '\'') {
                char q = *p++;
                while (*p && *p != q) {
                    if (q == '"' && *p == '\\' && p[1])
                        p++;
                    *o++ = *p++;
                }
                if (!*p)
                    return -1;
                p++;
            } else {
                *o++ = *p++;
            }
        }
        *o++ = '\0';
    }
    return argc;
}

static int on_off(mg_shell *sh, const char *cmd, int argc, char **argv,
                  int *flag)
{
    if (argc == 1) {
        *flag = !*flag;
    } else if (argc == 2 && strcmp(argv[1], "on") == 0) {
        *flag = 1;
    } else if (argc == 2 && strcmp(argv[1], "off") == 0) {
        *flag = 0;
    } else {
        mg_shell_error(sh, "usage: %s on|off", cmd);
        return -1;
    }
    if (sh->interactive && sh->depth == 0)
        printf("%s is %s\n", cmd + 1, *flag ? "on" : "off");
    return 0;
}

static const char help_text[] =
    "Type a query of the Maillage language and end it with ';' (it may span\n"
    "several lines; the prompt becomes '   ...>' until the ';').  Examples on\n"
    "the bundled graph:\n"
    "\n"
    "  MATCH (p:Person) RETURN p.label ORDER BY p.label LIMIT 10;\n"
    "  MATCH (e:Event)-[:speaker]->(p:Person) WHERE p.label STARTS WITH \"Mahel\"\n"
    "     RETURN e.label, e.startDate ORDER BY e.startDate;\n"
    "  MATCH (o:Organization)-[:territory]->(t)-[:within*0..]->(:Region {label: \"Grand Est\"})\n"
    "     RETURN DISTINCT o.label;\n"
    "  MATCH (n {prefLabel: \"RTES\"})-[r]->(x) RETURN type(r), x LIMIT 20;\n"
    "\n"
    ".stats lists the classes (:Person) and relationships (:speaker) to ask\n"
    "about; TAB completes keywords, :class and :relationship names, .property\n"
    "names, and labels inside quotes (\"Mahel<TAB>).  The whole language:\n"
    "docs/query-language.md; the shell: docs/shell.md.\n"
    "\n"
    "Dot-commands (one line, no ';'):\n"
    "  .help                  this text\n"
    "  .stats                 triples, graphs, classes and predicates with counts\n"
    "  .graphs                the named graphs\n"
    "  .format [FORMAT]       table (default), csv, tsv, json, ndjson, csv-excel\n"
    "  .timer on|off          print the time each query takes\n"
    "  .explain [on|off]      show plans instead of running queries (toggle)\n"
    "  .explain QUERY         show the plan of one query\n"
    "  .param [NAME VALUE]    set $NAME for the queries (no argument: list them)\n"
    "  .param unset NAME      forget $NAME (.param clear: forget all)\n"
    "  .load [--graph IRI] FILE...  load RDF files, all or nothing\n"
    "  .export FILE [GRAPH]   write the store (or a graph) as RDF; the format\n"
    "                         comes from the extension (.ttl .nt .nq .trig .rdf)\n"
    "  .read FILE             run the queries and commands of a file\n"
    "  .pager on|off          page results wider or taller than the terminal\n"
    "                         through $PAGER (default: less -S -F -X)\n"
    "  .network VIEW FILE     write a network view (partners, speakers, members,\n"
    "                         territories) to FILE: .svg .png .dot .gexf .graphml\n"
    "                         .json .html (see docs/network.md)\n"
    "  .quit                  leave (also .exit and Ctrl-D)\n"
    "\n"
    "Ctrl-C cancels the running query (or the line being typed); history is\n"
    "kept in $MAILLAGE_HISTORY or ~/.maillage_history.\n";

static void dot_help(mg_shell *sh, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    mg_shell_show(sh, help_text, sizeof help_text - 1);
}

static void dot_format(mg_shell *sh, int argc, char **argv)
{
    if (argc == 1) {
        printf("%s\n", sh->format_name);
        return;
    }
    if (argc != 2) {
        mg_shell_error(sh, "usage: .format table|csv|tsv|json|ndjson|csv-excel");
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    if (mg_results_format_parse(argv[1], 1, &sh->format, &st) != MG_OK) {
        mg_shell_error(sh, "%s", st.msg);
        return;
    }
    snprintf(sh->format_name, sizeof sh->format_name, "%s", argv[1]);
}

static void dot_timer(mg_shell *sh, int argc, char **argv)
{
    on_off(sh, ".timer", argc, argv, &sh->timer);
}

static void dot_pager(mg_shell *sh, int argc, char **argv)
{
    on_off(sh, ".pager", argc, argv, &sh->pager);
}

static void dot_explain(mg_shell *sh, const char *rest, int argc, char **argv)
{
    if (argc == 1 || (argc == 2 && (strcmp(argv[1], "on") == 0 ||
                                    strcmp(argv[1], "off") == 0))) {
        on_off(sh, ".explain", argc, argv, &sh->explain);
        return;
    }
    /* .explain QUERY: the rest of the line, an optional ';' dropped */
    size_t n = strlen(rest);
    while (n && strchr(" \t\r\n;", rest[n - 1]))
        n--;
    char *q = strndup(rest, n);
    if (!q) {
        mg_shell_error(sh, "out of memory");
        return;
    }
    mg_shell_query(sh, q, 1);
    free(q);
}

/* The hooks open the store themselves: LMDB wants one handle per
 * process, so ours is closed meanwhile. */
static void run_hook(mg_shell *sh, int (*fn)(void *), const char *name)
{
    if (!fn) {
        mg_shell_error(sh, "%s is not available here", name);
        return;
    }
    if (!sh->db) {
        mg_shell_error(sh, "no store at %s: .load FILE creates it",
                       sh->spec ? sh->spec : mg_db_default_spec());
        return;
    }
    int native = sh->db->native != NULL;
    if (native)
        mg_shell_close(sh);
    fflush(stdout);
    int rc = mg_shell_captured(sh, fn, sh->opts->hook_ctx);
    if (rc != 0)
        sh->failed = 1;
    if (native) {
        mg_status st;
        mg_status_clear(&st);
        if (mg_shell_open(sh, 0, &st) != MG_OK)
            mg_shell_error(sh, "%s", st.msg);
    }
}

static void dot_stats(mg_shell *sh, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        mg_shell_error(sh, "usage: .stats");
    else
        run_hook(sh, sh->opts->stats, ".stats");
}

static void dot_graphs(mg_shell *sh, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        mg_shell_error(sh, "usage: .graphs");
    else
        run_hook(sh, sh->opts->graphs, ".graphs");
}

static void dot_load(mg_shell *sh, int argc, char **argv)
{
    mg_load_opts lo = {0};
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--graph") == 0) {
        lo.graph = argv[2];
        first = 3;
    }
    if (first >= argc) {
        mg_shell_error(sh, "usage: .load [--graph IRI] FILE...");
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    if (!sh->db && mg_shell_open(sh, 1, &st) != MG_OK) {
        mg_shell_error(sh, "%s", st.msg);
        return;
    }
    if (sh->db->readonly) {
        mg_shell_error(sh, "the store is open read-only: cannot load");
        return;
    }
    mg_load_report rep = {0};
    mg_code rc = mg_load_files(sh->db, (const char *const *)argv + first,
                               (size_t)(argc - first), &lo, &rep, &st);
    if (rc != MG_OK) {
        mg_shell_error(sh, "%s (nothing was loaded)", st.msg);
        return;
    }
    if (sh->interactive && sh->depth == 0)
        printf("loaded %zu file%s: %llu statements, %zu graph%s, %.2f s\n",
               rep.files, rep.files == 1 ? "" : "s",
               (unsigned long long)rep.parsed, rep.graphs,
               rep.graphs == 1 ? "" : "s", rep.seconds);
    if (sh->interactive) {
        mg_shell_words_free(sh);
        mg_shell_words_load(sh);
    }
}

/* 1 if the shell has a store open, else an error (and 0). */
static int have_store(mg_shell *sh)
{
    if (sh->db)
        return 1;
    mg_shell_error(sh, "no store at %s",
                   sh->spec ? sh->spec : mg_db_default_spec());
    return 0;
}

static void dot_export(mg_shell *sh, int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        mg_shell_error(sh, "usage: .export FILE [GRAPH]");
        return;
    }
    if (!have_store(sh))
        return;
    mg_status st;
    mg_status_clear(&st);
    mg_export_format f;
    if (mg_export_format_from_name(argv[1], &f, &st) != MG_OK) {
        mg_shell_error(sh, "%s", st.msg);
        return;
    }
    FILE *out = fopen(argv[1], "wb");
    if (!out) {
        mg_shell_error(sh, "%s: %s", argv[1], strerror(errno));
        return;
    }
    mg_export_opts eo = {mg_export_format_name(f), argc == 3 ? argv[2] : NULL};
    mg_code rc = mg_export(sh->db, out, &eo, &st);
    if (fclose(out) != 0 && rc == MG_OK)
        rc = mg_fail(&st, MG_ERR_IO, "%s: %s", argv[1], strerror(errno));
    if (rc != MG_OK) {
        mg_shell_error(sh, "%s", st.msg);
        remove(argv[1]);
        return;
    }
    if (sh->interactive && sh->depth == 0)
        printf("wrote %s (%s)\n", argv[1], mg_export_format_name(f));
}

static void dot_network(mg_shell *sh, int argc, char **argv)
{
    if (argc != 3) {
        mg_shell_error(sh, "usage: .network VIEW FILE (views: partners, "
                           "speakers, members, territories; the format comes "
                           "from FILE's extension)");
        return;
    }
    if (!have_store(sh))
        return;
    mg_status st;
    mg_status_clear(&st);
    mg_network_format f;
    mg_network *net = NULL;
    if (mg_network_format_parse(argv[2], &f, &st) != MG_OK ||
        mg_network_build(sh->db, argv[1], NULL, NULL, &net, &st) != MG_OK) {
        mg_shell_error(sh, "%s", st.msg);
        return;
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out) {
        mg_shell_error(sh, "%s: %s", argv[2], strerror(errno));
        mg_network_free(net);
        return;
    }
    mg_code rc = mg_network_write(net, f, out, &st);
    if (fclose(out) != 0 && rc == MG_OK)
        rc = mg_fail(&st, MG_ERR_IO, "%s: %s", argv[2], strerror(errno));
    if (rc != MG_OK) {
        mg_shell_error(sh, "%s", st.msg);
        remove(argv[2]);
    } else if (sh->interactive && sh->depth == 0) {
        printf("wrote %s (%s: %zu nodes, %zu edges)\n", argv[2], net->title,
               net->nnodes, net->nedges);
    }
    mg_network_free(net);
}

static void dot_param(mg_shell *sh, int argc, char **argv)
{
    if (argc == 1) {
        for (size_t i = 0; i < sh->nparams; i++)
            printf("$%s = %s\n", sh->params[i].name, sh->params[i].value);
        return;
    }
    if (argc == 2 && strcmp(argv[1], "clear") == 0) {
        for (size_t i = 0; i < sh->nparams; i++) {
            free((char *)sh->params[i].name);
            free((char *)sh->params[i].value);
        }
        sh->nparams = 0;
        return;
    }
    int unset = argc == 3 && strcmp(argv[1], "unset") == 0;
    if (argc != 3) {
        mg_shell_error(sh, "usage: .param NAME VALUE (quote a value with "
                           "spaces), .param unset NAME, .param clear");
        return;
    }
    const char *name = unset ? argv[2] : argv[1];
    if (*name == '$')
        name++;
    size_t i = 0;
    while (i < sh->nparams && strcmp(sh->params[i].name, name) != 0)
        i++;
    if (unset) {
        if (i < sh->nparams) {
            free((char *)sh->params[i].name);
            free((char *)sh->params[i].value);
            sh->params[i] = sh->params[--sh->nparams];
        }
        return;
    }
    char *value = strdup(argv[2]);
    if (!value) {
        mg_shell_error(sh, "out of memory");
        return;
    }
    if (i < sh->nparams) {
        free((char *)sh->params[i].value);
        sh->params[i].value = value;
        return;
    }
    mg_param *v = realloc(sh->params, (sh->nparams + 1) * sizeof *v);
    char *n = strdup(name);
    if (!v || !n) {
        if (v)
            sh->params = v;
        free(n);
        free(value);
        mg_shell_error(sh, "out of memory");
        return;
    }
    sh->params = v;
    sh->params[sh->nparams++] = (mg_param){n, value};
}

static void dot_read(mg_shell *sh, int argc, char **argv)
{
    if (argc != 2) {
        mg_shell_error(sh, "usage: .read FILE");
        return;
    }
    if (sh->depth >= 16) {
        mg_shell_error(sh, ".read nested too deeply (a file reading itself?)");
        return;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        mg_shell_error(sh, "%s: %s", argv[1], strerror(errno));
        return;
    }
    sh->depth++;
    mg_shell_run_file(sh, in, argv[1]);
    sh->depth--;
    fclose(in);
}

static void dot_quit(mg_shell *sh, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sh->quit = 1;
}

typedef struct dot_cmd {
    const char *name;
    void (*run)(mg_shell *sh, int argc, char **argv);
} dot_cmd;

static const dot_cmd dot_cmds[] = {
    {".help", dot_help},     {".format", dot_format}, {".timer", dot_timer},
    {".explain", NULL},      {".graphs", dot_graphs}, {".stats", dot_stats},
    {".load", dot_load},     {".export", dot_export}, {".network", dot_network},
    {".param", dot_param},   {".read", dot_read},     {".pager", dot_pager},
    {".quit", dot_quit},     {".exit", dot_quit},     {NULL, NULL},
};

const char *const mg_shell_dot_names[] = {
    ".help", ".format", ".timer", ".explain", ".graphs", ".stats", ".load",
    ".export", ".network", ".param", ".read", ".pager", ".quit", ".exit",
    NULL};

void mg_shell_dot(mg_shell *sh, const char *line)
{
    size_t n = strlen(line);
    char *store = malloc(n + 1);
    char **argv = malloc(MAX_ARGS * sizeof *argv);
    if (!store || !argv) {
        free(store);
        free(argv);
        mg_shell_error(sh, "out of memory");
        return;
    }
    int argc = split_args(line, store, argv);
    if (argc < 0) {
        mg_shell_error(sh, "unclosed quote in: %s", line);
    } else if (argc > 0) {
        const dot_cmd *c = dot_cmds;
        while (c->name && strcmp(c->name, argv[0]) != 0)
            c++;
        if (!c->name) {
            mg_shell_error(sh, "unknown command %s (.help lists them)", argv[0]);
        } else if (!c->run) {
            /* .explain keeps the query text as written */
            const char *rest = line + strcspn(line, " \t");
            dot_explain(sh, rest, argc, argv);
        } else {
            c->run(sh, argc, argv);
        }
    }
    free(store);
    free(argv);
}
