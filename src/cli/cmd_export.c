/* cmd_export.c — `maillage export`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/export.h"

int cmd_export(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"graph", required_argument, NULL, 'g'},
        {"output", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    mg_export_opts eo = {0};
    const char *path = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:g:o:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': eo.format = optarg; break;
        case 'g': eo.graph = optarg; break;
        case 'o': path = optarg; break;
        default:
            return cli_usage("export", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("export", "unexpected argument '%s'", argv[optind]);

    mg_status st;
    mg_status_clear(&st);
    mg_export_format f;
    /* Check the format before touching the store or the output file. */
    if (eo.format || path) {
        if (mg_export_format_from_name(eo.format ? eo.format : path, &f, &st) !=
            MG_OK)
            return cli_fail(&st);
        eo.format = mg_export_format_name(f);
    }
    mg_db *db = NULL;
    if (cli_open(cli, MG_DB_READONLY, &db, &st) != MG_OK)
        return cli_fail(&st);
    /* A regular file is written beside itself and renamed into place, so
     * a failed export leaves no half-written file and never removes what
     * was there; anything else (a pipe, /dev/stdout) is written directly. */
    FILE *out = stdout;
    char *tmp = NULL;
    struct stat sb;
    if (path) {
        int regular = stat(path, &sb) != 0 || S_ISREG(sb.st_mode);
        size_t len = strlen(path) + 32;
        if (regular && (tmp = malloc(len)) != NULL)
            snprintf(tmp, len, "%s.tmp-%ld", path, (long)getpid());
        out = fopen(tmp ? tmp : path, "w");
        if (!out) {
            mg_fail(&st, MG_ERR_IO, "%s: %s", path, strerror(errno));
            free(tmp);
            mg_db_close(db);
            return cli_fail(&st);
        }
    }
    mg_code rc = mg_export(db, out, &eo, &st);
    mg_db_close(db);
    if (path && fclose(out) != 0 && rc == MG_OK)
        rc = mg_fail(&st, errno == ENOSPC ? MG_ERR_FULL : MG_ERR_IO, "%s: %s",
                     path, strerror(errno));
    if (tmp) {
        if (rc == MG_OK && rename(tmp, path) != 0)
            rc = mg_fail(&st, MG_ERR_IO, "%s: %s", path, strerror(errno));
        if (rc != MG_OK)
            unlink(tmp);
        free(tmp);
    }
    if (rc != MG_OK)
        return cli_fail(&st);
    return MG_EXIT_OK;
}
