/*
 * main.c — the `maillage` program: global options, the command table,
 * help, and error reporting shared by the subcommands (cli.h).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/endpoint.h"
#include "core/util.h"
#include "publish/publish.h"


const mg_command mg_commands[] = {
    {"query", cmd_query, "ask a question in the Maillage query language",
     "usage: maillage query 'QUERY' | -f FILE.mq | --saved NAME\n"
     "                      [--param NAME=VALUE]... [--format F]\n"
     "                      [--timeout S] [--max-rows N] [--max-depth N]\n"
     "                      [--max-intermediate N]\n"
     "                      [--endpoint URL [--user U] [--password P | --password-file F]\n"
     "                       [--auth basic|digest|any] [--header 'N: V']...\n"
     "                       [--default-graph IRI] [--verbose]]\n"
     "       maillage query --list-saved\n"
     "\n"
     "Runs a graph pattern query (MATCH ... WHERE ... RETURN ..., see\n"
     "docs/query-language.md) with Maillage's own engine on the store.\n"
     "\n"
     "  -f FILE          read the query from FILE (\"-\" for standard input)\n"
     "  --saved NAME     run queries/NAME.mq ($MAILLAGE_QUERIES overrides the folder)\n"
     "  --list-saved     list the saved queries\n"
     "  --param N=V      the value of $N in the query (repeatable)\n"
     "  --format F       table (default), csv, tsv, json, ndjson or csv-excel\n"
     "  --timeout S      stop with an error after S seconds (default: none)\n"
     "  --max-rows N     print at most N rows (a note on stderr if there were more)\n"
     "  --max-depth N    steps an unbounded path (*, *2..) may take (default 10)\n"
     "  --max-intermediate N\n"
     "                   rows the query may hold in memory for sorting, grouping,\n"
     "                   DISTINCT and joins before it stops with an error\n"
     "                   (default 20000000; 0 = no cap)\n"
     "\n"
     "Prefix the query with EXPLAIN to see the plan and the equivalent SPARQL,\n"
     "or with PROFILE to run it and see rows and time per step.\n"
     "\n"
     "  --endpoint URL   send that SPARQL to a SPARQL 1.1 endpoint and print its\n"
     "                   rows as ours (names resolve against the local store's\n"
     "                   ontology; --timeout bounds the request).  See\n"
     "                   docs/endpoint.md.\n"
     "  --default-graph IRI\n"
     "                   ask about graph IRI only (the protocol's default-graph-uri;\n"
     "                   e.g. the graph of push --union)\n"
     CLI_ENDPOINT_HELP},
    {"push", cmd_push, "upload graphs to a SPARQL 1.1 Graph Store endpoint",
     "usage: maillage push --endpoint URL (--graph IRI... | --all | --union IRI)\n"
     "                     [--append]\n"
     "                     [--format ntriples|turtle] [--timeout S]\n"
     "                     [--user U] [--password P | --password-file F]\n"
     "                     [--auth basic|digest|any] [--header 'N: V']... [--verbose]\n"
     "\n"
     "Sends graphs of the store with the SPARQL 1.1 Graph Store HTTP Protocol:\n"
     "one request per graph to URL?graph=IRI (the default graph to URL?default),\n"
     "PUT (replaces the graph there) or, with --append, POST (adds to it).  The\n"
     "body is our N-Triples (default) or Turtle export of the graph.  Prints one\n"
     "line per graph: IRI, bytes (and triples), HTTP status; stops at the first\n"
     "failure.  See docs/endpoint.md.\n"
     "\n"
     "  --graph IRI      a graph to send (repeatable)\n"
     "  --all            every graph of the store\n"
     "  --union IRI      the union of all graphs (each triple once) as graph IRI:\n"
     "                   for endpoints whose default graph repeats a triple per\n"
     "                   graph that holds it (Virtuoso)\n"
     "  --append         POST (merge) instead of PUT (replace)\n"
     "  --format F       ntriples (default) or turtle\n"
     "  --timeout S      seconds each request may take\n"
     CLI_ENDPOINT_HELP},
    {"network", cmd_network, "a view of the graph as a network: picture, Gephi file, page, metrics",
     "usage: maillage network VIEW | --query 'QUERY' | -f FILE.mq\n"
     "                        [--since DATE] [--until DATE] [--territory NAME]\n"
     "                        [--min-weight N] [--format F] [-o FILE]\n"
     "       maillage network VIEW|--query Q --metrics [--format table|csv|tsv|json]\n"
     "       maillage network --list\n"
     "\n"
     "Draws a network from the graph: a named VIEW, or any query whose RETURN\n"
     "gives two nodes and optionally a numeric weight (rows of the same pair\n"
     "add up; a row without weight counts 1).  Edges are undirected, one per\n"
     "pair of nodes; the nodes are the ends of the edges.  See docs/network.md.\n"
     "\n"
     "Views:\n"
     "  partners     organisation-organisation: declared partnership (mg:partnerOf),\n"
     "               co-organised event (schema:organizer / mg:partner of one\n"
     "               event), shared member (org:memberOf); weight = links\n"
     "  speakers     person-network: spoke at an event the network organised or\n"
     "               partnered; weight = events\n"
     "  members      people and organisations to the networks they belong to\n"
     "  territories  organisations to the territories they serve\n"
     "\n"
     "  --since DATE      only dated links (events) from DATE (YYYY, YYYY-MM or\n"
     "                    YYYY-MM-DD); undated links (partnerships, members) stay\n"
     "  --until DATE      only dated links up to the end of DATE (2023: all of 2023)\n"
     "  --territory NAME  links with an end (or the event) in territory NAME or\n"
     "                    in a territory within it (Grand Est includes Mulhouse)\n"
     "  --min-weight N    leave out edges lighter than N\n"
     "  --format F        dot (default), svg, png, gexf, graphml, json (Cytoscape.js),\n"
     "                    html; with -o the default comes from the extension\n"
     "                    (.dot .gv .svg .png .gexf .graphml .json .html)\n"
     "  -o FILE           write to FILE instead of standard output\n"
     "  --metrics         per node: degree, weighted degree, betweenness and\n"
     "                    community (igraph), as a table (default) or csv/tsv/json\n"
     "  --print-query     print the query the view runs (with its filters) and stop\n"
     "  --list            list the views\n"
     "\n"
     "Example: maillage network partners -o partners.svg\n"},
    {"serve", cmd_serve, "serve the store over HTTP: a page, the API, a SPARQL endpoint",
     "usage: maillage serve [--port 8080] [--bind 127.0.0.1] [--read-only]\n"
     "                      [--timeout S] [--max-rows N] [--max-body BYTES]\n"
     "                      [--threads N]\n"
     "\n"
     "Serves the store over HTTP until Ctrl-C (SIGINT) or SIGTERM, and prints\n"
     "the address it listens on.  Open it in a browser for the page: a query\n"
     "editor with the tutorial's questions, result tables, the network view,\n"
     "node pages, downloads and a name search (French / English).\n"
     "\n"
     "Endpoints: /query and /explain (the query language), /sparql (SPARQL 1.1\n"
     "protocol, rasqal: the slow path), /data (SPARQL 1.1 Graph Store protocol),\n"
     "/export, /network/VIEW, /entity?iri=, /search?q=, /stats, /health.\n"
     "Errors are HTTP statuses with a JSON body.  See docs/serve.md.\n"
     "\n"
     "  --port N        the TCP port (default 8080; 0: a free one, printed)\n"
     "  --bind ADDR     the address to listen on (default 127.0.0.1, this\n"
     "                  machine only; 0.0.0.0 or :: for every interface)\n"
     "  --read-only     refuse writes (/data PUT, POST, DELETE: 403)\n"
     "  --timeout S     time limit of each query (default 30 s)\n"
     "  --max-rows N    rows per result at most (default 10000)\n"
     "  --max-body B    largest request body in bytes (default 16 MiB; 413)\n"
     "  --threads N     worker threads (default 4)\n"},
    {"shell", cmd_shell, "the interactive prompt for queries (also: maillage alone)",
     "usage: maillage shell [--format F]\n"
     "       maillage shell < SCRIPT.mq\n"
     "\n"
     "On a terminal: a prompt for queries of the Maillage language, each ended\n"
     "by ';' (several lines allowed), with line editing, history\n"
     "($MAILLAGE_HISTORY, default ~/.maillage_history), TAB completion of\n"
     "keywords, classes, relationships, properties and labels, dot-commands\n"
     "(.help lists them) and a pager for wide results.  Ctrl-C cancels the\n"
     "running query.  `maillage` with no arguments on a terminal starts it.\n"
     "\n"
     "From a script: runs each statement and prints only the results; errors\n"
     "go to standard error as FILE:LINE: message, and the exit status is 1\n"
     "if any statement failed.  See docs/shell.md.\n"
     "\n"
     "  --format F   table (default), csv, tsv, json, ndjson or csv-excel\n"},
    {"load", cmd_load, "load RDF files into the store (each file replaces its graph)",
     "usage: maillage load FILE... [--graph IRI] [--append] [--format F] [--base IRI]\n"
     "\n"
     "Parses every FILE (\"-\" is standard input) and, only if all of them parse,\n"
     "writes them to the store in one transaction: a load is all or nothing.\n"
     "\n"
     "  --graph IRI   put the triples of Turtle/N-Triples/RDF-XML files into IRI\n"
     "                (an error for TriG and N-Quads, which name their graphs)\n"
     "  --append      merge into existing graphs instead of replacing them\n"
     "  --format F    turtle, ntriples, trig, nquads or rdfxml (default: from\n"
     "                the extension .ttl .nt .trig .nq .rdf/.owl/.xml)\n"
     "  --base IRI    base IRI for relative IRIs (default: file:///REALPATH)\n"
     "\n"
     "Without --graph a file goes into urn:maillage:file:BASENAME.  Loading into a\n"
     "graph that exists replaces it, so a corrected file can simply be reloaded.\n"},
    {"export", cmd_export, "write the store (or a subset) as RDF",
     "usage: maillage export [--format F] [-o FILE] [--graph IRI]\n"
     "                       [--class CLASS | --query 'QUERY' | --query-file F.mq]\n"
     "                       [--lang TAG] [--base IRI]\n"
     "\n"
     "  --format F        turtle (default), ntriples, nquads, trig, rdfxml or\n"
     "                    jsonld; with -o the default comes from the extension\n"
     "  -o FILE           write to FILE instead of standard output\n"
     "  --graph IRI       only that graph (src:NAME works)\n"
     "  --class CLASS     only the instances of CLASS (Organization, mg:Network;\n"
     "                    subclasses included) with the labels of what they link to\n"
     "  --query 'QUERY'   only the nodes a query returns (MATCH ... RETURN n):\n"
     "                    every statement about them, plus the labels of the\n"
     "                    nodes those statements point to\n"
     "  --query-file F    the same with the query read from F (\"-\": stdin)\n"
     "  --lang TAG        keep only literals tagged TAG (or TAG-*) among the\n"
     "                    language-tagged ones; untagged literals stay\n"
     "  --base IRI        write the instances (https://w3id.org/maillage/id/...)\n"
     "                    under IRI instead; the store keeps its own IRIs\n"
     "\n"
     "Turtle, N-Triples and RDF/XML hold the union of all graphs as a set of\n"
     "distinct triples; N-Quads, TriG and JSON-LD keep the graphs.  The output\n"
     "is deterministic: the same content gives the same bytes.  See\n"
     "docs/publishing.md.\n"},
    {"publish", cmd_publish, "write a folder for an open-data portal (6 formats + DCAT)",
     "usage: maillage publish DIR [--public-url URL] [--licence etalab-2.0|odbl]\n"
     "                        [--people public-roles|names-only|none]\n"
     "                        [--include-private] [--title T] [--title-en T]\n"
     "                        [--publisher NAME] [--contact EMAIL] [--base IRI]\n"
     "                        [--issued YYYY-MM-DD]\n"
     "\n"
     "Writes into DIR (created if needed) the published graph as maillage.ttl,\n"
     "maillage.nt, maillage.rdf (triples) and maillage.nq, maillage.trig,\n"
     "maillage.jsonld (one named graph per source), catalog.ttl (DCAT-AP 3 with\n"
     "VoID statistics) and README.md.\n"
     "\n"
     "  --public-url URL   absolute http(s) URL where DIR will be served; the\n"
     "                     download URLs are URL/FILE (default: a placeholder,\n"
     "                     " MG_PUBLISH_PLACEHOLDER_URL ", with a warning)\n"
     "  --licence L        etalab-2.0 (Licence Ouverte 2.0, default) or odbl\n"
     "  --people P         what is published about named people: public-roles\n"
     "                     (default: names and roles, no contact details),\n"
     "                     names-only, or none\n"
     "  --include-private  also publish sources and items marked private\n"
     "                     (« Ressource privée : Oui »); left out by default\n"
     "  --title T, --title-en T   the dataset's title in French / English\n"
     "  --publisher NAME   the publishing organisation (default: Maillage)\n"
     "  --contact EMAIL    the contact point (default: a placeholder, warned)\n"
     "  --base IRI         publish the instances under IRI (as export --base)\n"
     "  --issued DATE      first publication date (default: today)\n"
     "\n"
     "The output is deterministic except the dates (today, UTC, or the day of\n"
     "$SOURCE_DATE_EPOCH).  See docs/publishing.md.\n"},
    {"sparql", cmd_sparql, "run a SPARQL query (Redland/rasqal) on the store",
     "usage: maillage sparql QUERY | -f FILE [--format table|csv|tsv|json|xml]\n"
     "                      [--time]\n"
     "\n"
     "Runs a SPARQL 1.1 query with Redland's engine (rasqal) on the store.\n"
     "SELECT results are printed as an aligned table (default), CSV, TSV or the\n"
     "W3C SPARQL JSON or XML results formats; ASK prints true/false; CONSTRUCT and\n"
     "DESCRIBE print Turtle.  --time prints the query's time on the open store\n"
     "(parse, run, write) on standard error.\n"},
    {"stats", cmd_stats, "count triples, quads, graphs, classes and predicates",
     "usage: maillage stats\n"
     "\n"
     "Distinct triples (the union graph as a set), quads, graphs and terms; then\n"
     "the number of instances per class and of triples per predicate.\n"},
    {"graphs", cmd_graphs, "list the named graphs",
     "usage: maillage graphs\n"
     "\n"
     "One line per graph: its IRI, its number of triples, and its title when the\n"
     "graph describes itself (dcterms:title or rdfs:label of the graph IRI).\n"},
    {"drop", cmd_drop, "remove one named graph",
     "usage: maillage drop --graph IRI\n"},
    {"add", cmd_add, "add triples written in Turtle to a graph",
     "usage: maillage add --graph IRI 'TURTLE'\n"
     "\n"
     "Adds the triples of the Turtle text to graph IRI (without replacing it).\n"
     "The text is a whole Turtle document: declare the prefixes it uses.\n"},
    {"remove", cmd_remove, "remove triples written in Turtle from a graph",
     "usage: maillage remove --graph IRI 'TURTLE'\n"},
    {"check", cmd_check, "validate the store or files against the ontology",
     "usage: maillage check [--ontology FILE]... [FILE...]\n"
     "       maillage check --integrity\n"
     "\n"
     "Without FILE, checks the store against the ontology loaded in it; with\n"
     "FILEs, parses and checks them without touching the store.  The ontology is\n"
     "every --ontology FILE and every file among FILEs that declares an\n"
     "owl:Ontology; when there is none, the ontology graphs of the store (if one\n"
     "exists); standard error says which was used.\n"
     "\n"
     "Checked: every entity (IRI under https://w3id.org/maillage/id/) has an\n"
     "rdf:type and an rdfs:label; every class and property used is declared;\n"
     "rdfs:domain and rdfs:range hold (through rdfs:subClassOf, owl:unionOf);\n"
     "literals are well formed (xsd:date, gYear, gYearMonth, gMonthDay, dateTime,\n"
     "time, integer, decimal, boolean; BCP 47 language tags).  Warnings: likely\n"
     "duplicates (same class, labels equal without accents, case and punctuation,\n"
     "not linked by owl:sameAs or owl:differentFrom) and statements outside a\n"
     "document, reference or ontology graph.\n"
     "\n"
     "One problem a line on standard output, FILE:LINE: error|warning: MESSAGE\n"
     "(SUBJECT, PREDICATE), or GRAPH: ... for the store; then \"N errors, M\n"
     "warnings\" on standard error.  Exit 0 without errors, 1 with any.\n"
     "\n"
     "--integrity verifies instead that the four quad indexes, the triple table,\n"
     "the statistics and the dictionary agree with each other.\n"},
    {NULL, NULL, NULL, NULL},
};

static const char global_help[] =
    "Maillage: a knowledge-graph store for the social and solidarity economy.\n"
    "\n"
    "usage: maillage [--store PATH|SPEC] COMMAND [ARGS...]\n"
    "       maillage COMMAND --help\n"
    "\n"
    "The store is the directory ./maillage.db unless --store (before or after the\n"
    "command) or $MAILLAGE_STORE names another: a directory (our LMDB store),\n"
    "postgresql://USER@HOST:PORT/DB (our store in an existing PostgreSQL\n"
    "database, docs/scale-out.md), or librdf:NAME:OPTIONS for any other librdf\n"
    "storage, for example\n"
    "  librdf:hashes:hash-type='memory',contexts='yes'\n"
    "  librdf:sqlite:new='yes',contexts='yes'@file.sqlite\n"
    "\n"
    "Commands:\n";

static void print_global_help(FILE *out)
{
    fputs(global_help, out);
    for (const mg_command *c = mg_commands; c->name; c++)
        fprintf(out, "  %-8s %s\n", c->name, c->summary);
    fputs("\nmaillage help COMMAND shows a command's options.\n", out);
}

int cli_fail(const mg_status *st)
{
    fprintf(stderr, "maillage: %s\n", st->msg[0] ? st->msg : mg_code_name(st->code));
    return st->code == MG_ERR_ARG ? MG_EXIT_USAGE : MG_EXIT_FAIL;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("maillage: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'maillage %s --help'.\n", cmd ? cmd : "help");
    return MG_EXIT_USAGE;
}

int cli_help(const char *cmd)
{
    for (const mg_command *c = mg_commands; c->name; c++)
        if (strcmp(c->name, cmd) == 0) {
            fputs(c->usage, stdout);
            return MG_EXIT_OK;
        }
    return cli_usage(NULL, "unknown command '%s'", cmd);
}

char *cli_read_file(const char *path, mg_status *st)
{
    char *data = NULL;
    size_t len = 0;
    mg_read_all(path, &data, &len, st);
    return data;
}

int cli_graph_option(const char *cmd, int argc, char **argv,
                     const char **graph)
{
    static const struct option opts[] = {
        {"graph", required_argument, NULL, 'g'}, {NULL, 0, NULL, 0}};
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "g:", opts, NULL)) != -1) {
        if (c != 'g')
            return cli_usage(cmd, "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        *graph = optarg;
    }
    return 0;
}

mg_code cli_open(mg_cli *cli, int flags, mg_db **db, mg_status *st)
{
    return mg_db_open(cli->store, flags, db, st);
}

/*
 * Takes --store out of argv wherever it stands (before or after the
 * command), so each command parses only its own options.  Stops at "--".
 */
static int take_store_option(mg_cli *cli, int *argc, char **argv)
{
    int out = 1;
    int n = *argc;
    for (int i = 1; i < n; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < n)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--store") == 0) {
            if (i + 1 >= n)
                return cli_usage(NULL, "--store needs a PATH or SPEC");
            cli->store = argv[++i];
        } else if (strncmp(argv[i], "--store=", 8) == 0) {
            cli->store = argv[i] + 8;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

int main(int argc, char **argv)
{
    mg_cli cli = {NULL};
    /* A write past the file size limit (ulimit -f) fails with EFBIG and a
     * message instead of killing the process with SIGXFSZ. */
    signal(SIGXFSZ, SIG_IGN);
    int rc = take_store_option(&cli, &argc, argv);
    if (rc)
        return rc;
    if (argc < 2) {
        if (isatty(0) && isatty(1)) {
            char *shell_argv[] = {"shell", NULL};
            return cmd_shell(&cli, 1, shell_argv);
        }
        print_global_help(stderr);
        return MG_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 ||
        strcmp(name, "-h") == 0) {
        if (argc > 2)
            return cli_help(argv[2]);
        print_global_help(stdout);
        return MG_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("maillage %s\n", MG_VERSION);
        return MG_EXIT_OK;
    }
    for (const mg_command *c = mg_commands; c->name; c++) {
        if (strcmp(c->name, name) != 0)
            continue;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--") == 0)
                break;
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
                return cli_help(name);
        }
        return c->run(&cli, argc - 1, argv + 1);
    }
    return cli_usage(NULL, "unknown command '%s'", name);
}
