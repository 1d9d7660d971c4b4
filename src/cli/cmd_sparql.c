/*
 * cmd_sparql.c — `maillage sparql`: Redland's SPARQL engine (rasqal) on
 * the store (store/sparql.h), results through output/results.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "cli/cli.h"
#include "output/results.h"
#include "store/sparql.h"

int cmd_sparql(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"file", required_argument, NULL, 'f'},
        {"format", required_argument, NULL, 'F'},
        {"time", no_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    const char *file = NULL, *format = "table";
    int timing = 0;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': file = optarg; break;
        case 'F': format = optarg; break;
        case 'T': timing = 1; break;
        default:
            return cli_usage("sparql", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if ((file && optind != argc) || (!file && optind != argc - 1))
        return cli_usage("sparql", "expected one QUERY or -f FILE");
    mg_status st;
    mg_status_clear(&st);
    mg_results_format fmt;
    if (mg_results_format_parse(format, 0, &fmt, &st) != MG_OK)
        return cli_fail(&st);
    char *text = file ? cli_read_file(file, &st) : strdup(argv[optind]);
    if (!text)
        return cli_fail(&st);
    mg_db *db = NULL;
    mg_sparql *q = NULL;
    mg_code rc = cli_open(cli, MG_DB_READONLY, &db, &st);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (rc == MG_OK)
        rc = mg_sparql_start(db, text, 0, &q, &st);
    if (rc == MG_OK)
        rc = mg_sparql_write(q, stdout, fmt, "turtle", 0, NULL, &st);
    if (rc == MG_OK && timing) {
        /* rasqal's time on the open store: parse, run, write the rows. */
        fflush(stdout);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        fprintf(stderr, "time: %.3f ms (query, store open)\n",
                (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    }
    mg_sparql_free(q);
    mg_db_close(db);
    free(text);
    return rc == MG_OK ? MG_EXIT_OK : cli_fail(&st);
}
