/*
 * cmd_check.c — `maillage check`: validation of the store, or of files
 * without touching the store, against the ontology (src/check/), and
 * `maillage check --integrity`: agreement of the store's indexes,
 * statistics and dictionary (mg_store_check).
 *
 * Problems go to standard output, one a line ("FILE:LINE: error: ..." for
 * files, "GRAPH: warning: ..." for the store); what ontology was used and
 * the summary "N errors, M warnings" go to standard error.  Exit 0 when
 * there is no error (warnings allowed), 1 otherwise, 2 on usage errors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cli/cli.h"
#include "load/load.h"

#define OWL_ONTOLOGY "http://www.w3.org/2002/07/owl#Ontology"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

static int check_integrity(mg_cli *cli)
{
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    if (cli_open(cli, MG_DB_READONLY, &db, &st) != MG_OK)
        return cli_fail(&st);
    mg_code rc = MG_OK;
    if (!db->native) {
        rc = mg_fail(&st, MG_ERR_UNSUPPORTED,
                     "check --integrity needs a Maillage store, not '%s'",
                     db->spec);
    } else {
        mg_txn *t = NULL;
        rc = mg_txn_begin(db->native, 0, &t, &st);
        if (rc == MG_OK) {
            rc = mg_store_check(t, &st);
            mg_counts cn;
            if (rc == MG_OK && mg_store_counts(t, &cn, &st) == MG_OK)
                printf("ok: %llu quads, %llu distinct triples, %llu graphs, "
                       "%llu terms; indexes, statistics and dictionary agree\n",
                       (unsigned long long)cn.quads,
                       (unsigned long long)cn.triples,
                       (unsigned long long)cn.graphs,
                       (unsigned long long)cn.terms);
            mg_txn_abort(t);
        }
    }
    mg_db_close(db);
    return rc == MG_OK ? MG_EXIT_OK : cli_fail(&st);
}

/* Prints the problems and the summary; returns the exit code. */
static int print_problems(const mg_check *ck, size_t extra_errors)
{
    size_t n = mg_check_problem_count(ck);
    for (size_t i = 0; i < n; i++) {
        const mg_check_problem *p = mg_check_problem_at(ck, i);
        const char *sev = p->severity == MG_CHECK_ERROR ? "error" : "warning";
        if (p->file && p->line)
            printf("%s:%lu: %s: %s\n", p->file, p->line, sev, p->message);
        else if (p->file)
            printf("%s: %s: %s\n", p->file, sev, p->message);
        else
            printf("%s: %s: %s\n", p->graph, sev, p->message);
    }
    fflush(stdout);
    size_t e = 0, w = 0;
    mg_check_totals(ck, &e, &w);
    e += extra_errors;
    fprintf(stderr, "%zu error%s, %zu warning%s\n", e, e == 1 ? "" : "s", w,
            w == 1 ? "" : "s");
    return e ? MG_EXIT_FAIL : MG_EXIT_OK;
}

/* A syntax error as "FILE:LINE:COL: error: MESSAGE". */
static void print_parse_error(const char *path, const mg_status *st)
{
    size_t pl = strlen(path);
    const char *m = st->msg;
    if (st->code == MG_ERR_SYNTAX && strncmp(m, path, pl) == 0 &&
        m[pl] == ':') {
        const char *p = m + pl, *end = p; /* end: the last ':' */
        while (*p == ':' && p[1] >= '0' && p[1] <= '9') {
            p++;
            while (*p >= '0' && *p <= '9')
                p++;
            end = p;
        }
        p = *end == ':' ? end + 1 : end;
        while (*p == ' ')
            p++;
        printf("%.*s: error: %s\n", (int)(end - m), m, p);
    } else {
        printf("%s: error: %s\n", path, m);
    }
}

static int check_store(mg_cli *cli)
{
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    if (cli_open(cli, MG_DB_READONLY, &db, &st) != MG_OK)
        return cli_fail(&st);
    if (!db->native) {
        mg_fail(&st, MG_ERR_UNSUPPORTED,
                "check needs a Maillage store, not '%s' (check its files "
                "instead: maillage check FILE...)",
                db->spec);
        mg_db_close(db);
        return cli_fail(&st);
    }
    mg_check *ck = mg_check_new();
    mg_txn *t = NULL;
    mg_code rc = ck ? MG_OK : mg_fail(&st, MG_ERR_NOMEM, "out of memory");
    if (rc == MG_OK)
        rc = mg_txn_begin(db->native, 0, &t, &st);
    size_t n = 0;
    if (rc == MG_OK) {
        rc = mg_check_add_store(ck, t, 0, &n, &st);
        mg_txn_abort(t);
    }
    mg_db_close(db);
    if (rc == MG_OK) {
        int onto = mg_check_graph_has_ontology(ck, MG_CHECK_ONTOLOGY_GRAPH);
        fprintf(stderr, "check: %zu statements of the store %s; ontology: %s\n",
                n, cli->store ? cli->store : mg_db_default_spec(),
                onto ? "its graph <" MG_CHECK_ONTOLOGY_GRAPH ">"
                     : "the declarations found in any graph (no ontology "
                       "graph)");
        rc = mg_check_run(ck, &st);
    }
    int code = rc == MG_OK ? print_problems(ck, 0) : cli_fail(&st);
    mg_check_free(ck);
    return code;
}

/* Whether quads [from, n) of qb declare an owl:Ontology. */
static int declares_ontology(const mg_quadbuf *qb, size_t from)
{
    for (size_t i = from; i < mg_quadbuf_count(qb); i++) {
        mg_term q[4];
        mg_quadbuf_get(qb, i, q);
        if (q[2].kind == MG_TERM_IRI && strcmp(q[2].value, RDF_TYPE) == 0 &&
            q[3].kind == MG_TERM_IRI && strcmp(q[3].value, OWL_ONTOLOGY) == 0)
            return 1;
    }
    return 0;
}

static int check_files(mg_cli *cli, char **files, size_t nfiles,
                       char **ontos, size_t nontos)
{
    mg_status st;
    mg_status_clear(&st);
    librdf_world *world = mg_world_new(&st);
    if (!world)
        return cli_fail(&st);
    mg_check *ck = mg_check_new();
    mg_quadbuf *qb = mg_quadbuf_new();
    if (!ck || !qb) {
        mg_check_free(ck);
        mg_quadbuf_free(qb);
        librdf_free_world(world);
        mg_fail(&st, MG_ERR_NOMEM, "out of memory");
        return cli_fail(&st);
    }
    mg_quadbuf_keep_lines(qb);
    size_t parse_errors = 0;
    char used[1024] = "";
    mg_code rc = MG_OK;
    /* --ontology files: context only, in the ontology graph */
    for (size_t i = 0; rc == MG_OK && i < nontos; i++) {
        const char *fmt = mg_load_format_for_path(ontos[i]);
        mg_load_opts lo = {0};
        if (!fmt || !(strcmp(fmt, "trig") == 0 || strcmp(fmt, "nquads") == 0))
            lo.graph = MG_CHECK_ONTOLOGY_GRAPH;
        size_t from = mg_quadbuf_count(qb);
        mg_status pst;
        mg_status_clear(&pst);
        if (mg_parse_file(world, ontos[i], &lo, qb, &pst) != MG_OK) {
            print_parse_error(ontos[i], &pst);
            parse_errors++;
            continue;
        }
        rc = mg_check_add_parsed(ck, qb, from, ontos[i], fmt, NULL, NULL, 1,
                                 &st);
        size_t ul = strlen(used);
        snprintf(used + ul, sizeof used - ul, "%s%s", ul ? ", " : "",
                 ontos[i]);
    }
    /* the files to check */
    for (size_t i = 0; rc == MG_OK && i < nfiles; i++) {
        size_t from = mg_quadbuf_count(qb);
        mg_status pst;
        mg_status_clear(&pst);
        if (mg_parse_file(world, files[i], NULL, qb, &pst) != MG_OK) {
            print_parse_error(files[i], &pst);
            parse_errors++;
            continue;
        }
        const char *fmt = strcmp(files[i], "-") == 0
                              ? "turtle"
                              : mg_load_format_for_path(files[i]);
        const char *gfrom = NULL, *gto = NULL;
        char *fg = NULL;
        if (fmt && !(strcmp(fmt, "trig") == 0 || strcmp(fmt, "nquads") == 0) &&
            from < mg_quadbuf_count(qb) && declares_ontology(qb, from)) {
            /* an ontology file among the files: its triples are the
             * ontology graph's */
            mg_term q[4];
            mg_quadbuf_get(qb, from, q);
            fg = strdup(q[0].value);
            gfrom = fg;
            gto = MG_CHECK_ONTOLOGY_GRAPH;
            size_t ul = strlen(used);
            snprintf(used + ul, sizeof used - ul, "%s%s", ul ? ", " : "",
                     files[i]);
        }
        rc = mg_check_add_parsed(ck, qb, from, files[i], fmt, gfrom, gto, 0,
                                 &st);
        free(fg);
    }
    mg_quadbuf_free(qb);
    librdf_free_world(world);
    if (rc == MG_OK && parse_errors == 0) {
        if (used[0]) {
            fprintf(stderr, "check: ontology: %s\n", used);
        } else {
            /* the store's ontology, if there is a store */
            mg_db *db = NULL;
            mg_status ost;
            mg_status_clear(&ost);
            size_t n = 0;
            if (cli_open(cli, MG_DB_READONLY, &db, &ost) == MG_OK &&
                db->native) {
                mg_txn *t = NULL;
                if (mg_txn_begin(db->native, 0, &t, &st) == MG_OK) {
                    rc = mg_check_add_store(ck, t, 1, &n, &st);
                    mg_txn_abort(t);
                }
            }
            if (n)
                fprintf(stderr,
                        "check: ontology: the store %s (%zu statements)\n",
                        cli->store ? cli->store : mg_db_default_spec(), n);
            else
                fprintf(stderr,
                        "check: ontology: none (no --ontology, no ontology "
                        "among the files, none in a store): only the files' "
                        "own declarations count\n");
            if (db)
                mg_db_close(db);
        }
    }
    if (rc == MG_OK && parse_errors == 0)
        rc = mg_check_run(ck, &st);
    int code;
    if (rc != MG_OK)
        code = cli_fail(&st);
    else if (parse_errors) {
        fprintf(stderr, "%zu error%s, 0 warnings (not checked: the files do "
                        "not parse)\n",
                parse_errors, parse_errors == 1 ? "" : "s");
        code = MG_EXIT_FAIL;
    } else
        code = print_problems(ck, 0);
    mg_check_free(ck);
    return code;
}

int cmd_check(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"integrity", no_argument, NULL, 'i'},
        {"ontology", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    int integrity = 0, c;
    char **ontos = calloc((size_t)argc + 1, sizeof *ontos);
    size_t nontos = 0;
    if (!ontos)
        return MG_EXIT_FAIL;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+o:", opts, NULL)) != -1) {
        if (c == 'i')
            integrity = 1;
        else if (c == 'o')
            ontos[nontos++] = optarg;
        else {
            free(ontos);
            return cli_usage("check", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    int code;
    size_t nfiles = (size_t)(argc - optind);
    if (integrity && (nfiles || nontos))
        code = cli_usage("check", "--integrity takes no files or --ontology");
    else if (integrity)
        code = check_integrity(cli);
    else if (nfiles == 0 && nontos)
        code = cli_usage("check", "--ontology needs FILE... to check");
    else if (nfiles == 0)
        code = check_store(cli);
    else
        code = check_files(cli, argv + optind, nfiles, ontos, nontos);
    free(ontos);
    return code;
}
