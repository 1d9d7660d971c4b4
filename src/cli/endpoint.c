/* endpoint.c — the shared endpoint options (endpoint.h). */
#include "cli/endpoint.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cli_endpoint_opt(cli_endpoint *e, const char *cmd, int code,
                     const char *arg)
{
    switch (code) {
    case CLI_EP_URL:
        if (strncmp(arg, "http://", 7) != 0 && strncmp(arg, "https://", 8) != 0) {
            cli_usage(cmd, "--endpoint expects an http:// or https:// URL, "
                           "got '%s'", arg);
            return -1;
        }
        e->ep.url = arg;
        return 1;
    case CLI_EP_USER: e->ep.user = arg; return 1;
    case CLI_EP_PASSWORD: e->ep.password = arg; e->given_auth = 1; return 1;
    case CLI_EP_PASSWORD_FILE: e->password_file = arg; e->given_auth = 1; return 1;
    case CLI_EP_AUTH: {
        mg_status st;
        mg_status_clear(&st);
        if (mg_auth_parse(arg, &e->ep.auth, &st) != MG_OK) {
            cli_usage(cmd, "%s", st.msg);
            return -1;
        }
        e->given_auth = 1;
        return 1;
    }
    case CLI_EP_HEADER: {
        const char *colon = strchr(arg, ':');
        if (!colon || colon == arg || strpbrk(arg, "\r\n")) {
            cli_usage(cmd, "--header expects 'Name: value', got '%s'", arg);
            return -1;
        }
        const char **nh = realloc(e->headers, (e->nheaders + 1) * sizeof *nh);
        if (!nh) {
            cli_usage(cmd, "out of memory");
            return -1;
        }
        e->headers = nh;
        e->headers[e->nheaders++] = arg;
        e->ep.headers = e->headers;
        e->ep.nheaders = e->nheaders;
        return 1;
    }
    case CLI_EP_VERBOSE: e->ep.verbose = 1; return 1;
    default: return 0;
    }
}

mg_code cli_endpoint_finish(cli_endpoint *e, mg_status *st)
{
    if (!e->ep.user) {
        if (e->given_auth)
            return mg_fail(st, MG_ERR_ARG,
                           "--password, --password-file and --auth need --user");
        return MG_OK;
    }
    if (e->password_file) {
        char *text = cli_read_file(e->password_file, st);
        if (!text)
            return st->code;
        /* the first line, without its end */
        text[strcspn(text, "\r\n")] = '\0';
        e->password_owned = text;
        e->ep.password = text;
    } else if (!e->ep.password) {
        const char *env = getenv("MAILLAGE_ENDPOINT_PASSWORD");
        e->ep.password = env ? env : "";
    }
    return MG_OK;
}

void cli_endpoint_free(cli_endpoint *e)
{
    free(e->password_owned);
    free(e->headers);
    e->password_owned = NULL;
    e->headers = NULL;
}
