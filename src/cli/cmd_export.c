/* cmd_export.c — `maillage export`: formats, subsets (--graph, --class,
 * --query), --lang and --base (export/export.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/export.h"

/* A BCP 47-looking tag: letters, digits and '-', starting with a letter. */
static int lang_tag_ok(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

int cmd_export(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"graph", required_argument, NULL, 'g'},
        {"output", required_argument, NULL, 'o'},
        {"class", required_argument, NULL, 'c'},
        {"query", required_argument, NULL, 'q'},
        {"query-file", required_argument, NULL, 'Q'},
        {"lang", required_argument, NULL, 'l'},
        {"base", required_argument, NULL, 'b'},
        {NULL, 0, NULL, 0}};
    char *query_text = NULL;
    mg_export_opts eo = {0};
    mg_export_filter ef = {0};
    const char *path = NULL;
    int c;
    optind = 0;
    opterr = 0;
    const char *query_file = NULL;
    while ((c = getopt_long(argc, argv, "f:g:o:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': eo.format = optarg; break;
        case 'g': eo.graph = optarg; break;
        case 'o': path = optarg; break;
        case 'c': ef.cls = optarg; break;
        case 'q': ef.query = optarg; break;
        case 'Q': query_file = optarg; break;
        case 'l': ef.lang = optarg; break;
        case 'b': ef.base = optarg; break;
        default:
            return cli_usage("export", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("export", "unexpected argument '%s'", argv[optind]);
    if ((ef.query != NULL) + (query_file != NULL) + (ef.cls != NULL) > 1)
        return cli_usage("export", "--class, --query and --query-file "
                                   "choose the subset: give one of them");
    if (ef.lang && !lang_tag_ok(ef.lang))
        return cli_usage("export", "--lang '%s' is not a language tag "
                                   "(e.g. fr, en, fr-CA)", ef.lang);

    mg_status st;
    mg_status_clear(&st);
    if (ef.base && mg_export_check_namespace(ef.base, "--base", &st) != MG_OK)
        return cli_fail(&st);
    if (query_file) {
        if (!(query_text = cli_read_file(query_file, &st)))
            return cli_fail(&st);
        ef.query = query_text;
    }
    mg_export_format f;
    /* Check the format before touching the store or the output file. */
    if (eo.format || path) {
        if (mg_export_format_from_name(eo.format ? eo.format : path, &f, &st) !=
            MG_OK)
            return cli_fail(&st);
        eo.format = mg_export_format_name(f);
    }
    mg_db *db = NULL;
    if (cli_open(cli, MG_DB_READONLY, &db, &st) != MG_OK) {
        free(query_text);
        return cli_fail(&st);
    }
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
            free(query_text);
            mg_db_close(db);
            return cli_fail(&st);
        }
    }
    mg_code rc = mg_export_ex(db, out, &eo, &ef, &st);
    mg_db_close(db);
    free(query_text);
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
