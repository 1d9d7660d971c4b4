/*
 * cli.h — what the subcommands of the `maillage` program share: the
 * global options, the command table, and how errors reach the user.
 *
 * Owns: nothing on the heap.  Every subcommand is a function
 * `int cmd_NAME(mg_cli *cli, int argc, char **argv)` that returns the
 * process exit code: 0 success, 1 failure (bad data, not found, I/O),
 * 2 usage error.  argv[0] is the subcommand's name.
 */
#ifndef MG_CLI_H
#define MG_CLI_H

#include <stdio.h>

#include "core/status.h"
#include "store/db.h"

#define MG_VERSION "0.1.0"

#define MG_EXIT_OK 0
#define MG_EXIT_FAIL 1
#define MG_EXIT_USAGE 2

typedef struct mg_cli {
    const char *store; /* --store or $MAILLAGE_STORE; NULL: default */
} mg_cli;

typedef struct mg_command {
    const char *name;
    int (*run)(mg_cli *cli, int argc, char **argv);
    const char *summary;
    const char *usage; /* full help text of `maillage NAME --help` */
} mg_command;

extern const mg_command mg_commands[];

/* Prints "maillage: MESSAGE" for a failed status and returns the exit
 * code for it (2 for MG_ERR_ARG, 1 otherwise). */
int cli_fail(const mg_status *st);
/* Prints a usage error and a pointer to --help; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints the --help text of a command; returns 0. */
int cli_help(const char *cmd);

/* Reads a whole file ("-": standard input) into a new NUL-terminated
 * string the caller frees; NULL with a message in st on failure. */
char *cli_read_file(const char *path, mg_status *st);

/* Parses the only option of drop/add/remove, --graph IRI (-g); leaves
 * optind at the first other argument.  0, or the usage exit code. */
int cli_graph_option(const char *cmd, int argc, char **argv,
                     const char **graph);

/* Opens the store named by the global options. */
mg_code cli_open(mg_cli *cli, int flags, mg_db **db, mg_status *st);

/* Command functions (one file each under src/cli/). */
int cmd_load(mg_cli *cli, int argc, char **argv);
int cmd_add(mg_cli *cli, int argc, char **argv);
int cmd_remove(mg_cli *cli, int argc, char **argv);
int cmd_export(mg_cli *cli, int argc, char **argv);
int cmd_publish(mg_cli *cli, int argc, char **argv);
int cmd_sparql(mg_cli *cli, int argc, char **argv);
int cmd_stats(mg_cli *cli, int argc, char **argv);
int cmd_graphs(mg_cli *cli, int argc, char **argv);
int cmd_drop(mg_cli *cli, int argc, char **argv);
int cmd_check(mg_cli *cli, int argc, char **argv);
int cmd_query(mg_cli *cli, int argc, char **argv);
int cmd_shell(mg_cli *cli, int argc, char **argv);
int cmd_network(mg_cli *cli, int argc, char **argv);
int cmd_push(mg_cli *cli, int argc, char **argv);
int cmd_serve(mg_cli *cli, int argc, char **argv);

#endif
