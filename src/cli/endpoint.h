/*
 * endpoint.h — the options `query --endpoint` and `push` share: the URL,
 * authentication (--user, --password, --password-file,
 * $MAILLAGE_ENDPOINT_PASSWORD, --auth), extra headers and --verbose.
 *
 * Owns: a cli_endpoint owns the password read from a file (freed by
 * cli_endpoint_free) and its header list; the other strings are argv's.
 */
#ifndef MG_CLI_ENDPOINT_H
#define MG_CLI_ENDPOINT_H

#include <getopt.h>

#include "remote/remote.h"

/* getopt_long codes of the shared options (above any short option). */
enum {
    CLI_EP_URL = 0x400, CLI_EP_USER, CLI_EP_PASSWORD, CLI_EP_PASSWORD_FILE,
    CLI_EP_AUTH, CLI_EP_HEADER, CLI_EP_VERBOSE, CLI_EP_DEFAULT_GRAPH
};

#define CLI_ENDPOINT_OPTIONS                                              \
    {"endpoint", required_argument, NULL, CLI_EP_URL},                    \
    {"user", required_argument, NULL, CLI_EP_USER},                       \
    {"password", required_argument, NULL, CLI_EP_PASSWORD},               \
    {"password-file", required_argument, NULL, CLI_EP_PASSWORD_FILE},     \
    {"auth", required_argument, NULL, CLI_EP_AUTH},                       \
    {"header", required_argument, NULL, CLI_EP_HEADER},                   \
    {"verbose", no_argument, NULL, CLI_EP_VERBOSE}

#define CLI_ENDPOINT_HELP                                                     \
    "  --user NAME      authenticate as NAME\n"                              \
    "  --password P     its password (visible to other users: prefer\n"      \
    "                   --password-file FILE or $MAILLAGE_ENDPOINT_PASSWORD)\n" \
    "  --auth A         basic, digest or any (default: any, what the server\n" \
    "                   asks for)\n"                                          \
    "  --header 'N: V'  an extra HTTP header (repeatable)\n"                 \
    "  --verbose        print what is sent on standard error\n"

typedef struct cli_endpoint {
    mg_endpoint ep;
    const char *password_file;
    char *password_owned;
    const char **headers;
    size_t nheaders;
    int given_auth;          /* some auth option was given */
} cli_endpoint;

/* Handles option `code` (one of CLI_EP_*); 1 when it was one, 0 if not,
 * -1 for a bad value (a usage error was printed). */
int cli_endpoint_opt(cli_endpoint *e, const char *cmd, int code,
                     const char *arg);
/* After the options: reads the password (file, then environment). */
mg_code cli_endpoint_finish(cli_endpoint *e, mg_status *st);
void cli_endpoint_free(cli_endpoint *e);

#endif
