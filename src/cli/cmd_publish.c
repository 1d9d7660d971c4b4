/* cmd_publish.c — `maillage publish DIR` (publish/publish.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "publish/publish.h"

int cmd_publish(mg_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"public-url", required_argument, NULL, 'u'},
        {"licence", required_argument, NULL, 'l'},
        {"license", required_argument, NULL, 'l'},
        {"people", required_argument, NULL, 'p'},
        {"include-private", no_argument, NULL, 'P'},
        {"title", required_argument, NULL, 't'},
        {"title-en", required_argument, NULL, 'T'},
        {"publisher", required_argument, NULL, 'b'},
        {"contact", required_argument, NULL, 'c'},
        {"base", required_argument, NULL, 'B'},
        {"issued", required_argument, NULL, 'i'},
        {NULL, 0, NULL, 0}};
    mg_publish_opts po = {0};
    mg_status st;
    mg_status_clear(&st);
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'u': po.public_url = optarg; break;
        case 'l':
            if (mg_licence_parse(optarg, &po.licence, &st) != MG_OK)
                return cli_fail(&st);
            break;
        case 'p':
            if (mg_people_policy_parse(optarg, &po.people, &st) != MG_OK)
                return cli_fail(&st);
            break;
        case 'P': po.include_private = 1; break;
        case 't': po.title = optarg; break;
        case 'T': po.title_en = optarg; break;
        case 'b': po.publisher = optarg; break;
        case 'c': po.contact = optarg; break;
        case 'B': po.base = optarg; break;
        case 'i': po.issued = optarg; break;
        default:
            return cli_usage("publish", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("publish", "give the folder to write (maillage publish DIR)");
    if (optind + 1 < argc)
        return cli_usage("publish", "unexpected argument '%s'", argv[optind + 1]);
    po.dir = argv[optind];

    mg_db *db = NULL;
    if (cli_open(cli, MG_DB_READONLY, &db, &st) != MG_OK)
        return cli_fail(&st);
    mg_publish_report rep;
    mg_code rc = mg_publish(db, &po, &rep, &st);
    mg_db_close(db);
    if (rc != MG_OK)
        return cli_fail(&st);
    fprintf(stderr,
            "maillage: published %zu triples (%zu quads in %zu graphs) to %s%s: "
            "6 distributions, catalog.ttl, README.md\n",
            rep.triples, rep.quads, rep.graphs, po.dir,
            po.dir[strlen(po.dir) - 1] == '/' ? "" : "/");
    fprintf(stderr, "maillage: people: %s (%zu persons in the store); private "
            "sources: %s",
            mg_people_policy_name(po.people), rep.people,
            po.include_private ? "included\n" : "");
    if (!po.include_private)
        fprintf(stderr, "left out (%zu graphs, %zu resources)\n",
                rep.private_graphs, rep.private_items);
    if (rep.placeholder_url)
        fprintf(stderr, "maillage: warning: no --public-url: the download URLs "
                "use the placeholder %s\n", MG_PUBLISH_PLACEHOLDER_URL);
    if (rep.placeholder_contact)
        fprintf(stderr, "maillage: warning: no --contact: the contact point is "
                "the placeholder contact@example.org\n");
    return MG_EXIT_OK;
}
