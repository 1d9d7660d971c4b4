/*
 * http.c — the HTTP side of remote.h on libcurl: a SPARQL query as a
 * form-encoded POST (SPARQL 1.1 Protocol, 2.1.2), a graph as a PUT or
 * POST of the Graph Store HTTP Protocol; authentication, extra headers,
 * the time limit, and the errors said in words.
 *
 * Owns: per call, one curl easy handle, its header list and the response
 * body (all freed before returning).
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "remote/remote.h"

/* Answers larger than this are refused rather than exhausting memory. */
#define MAX_BODY ((size_t)2 << 30)

mg_code mg_auth_parse(const char *name, mg_auth *out, mg_status *st)
{
    if (strcmp(name, "basic") == 0)
        *out = MG_AUTH_BASIC;
    else if (strcmp(name, "digest") == 0)
        *out = MG_AUTH_DIGEST;
    else if (strcmp(name, "any") == 0)
        *out = MG_AUTH_ANY;
    else
        return mg_fail(st, MG_ERR_ARG,
                       "unknown --auth '%s' (use basic, digest or any)", name);
    return MG_OK;
}

typedef struct body {
    char *p;
    size_t n, cap;
    int too_big, oom;
} body;

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
    body *b = ctx;
    size_t k = size * nmemb;
    if (b->n + k + 1 > MAX_BODY) {
        b->too_big = 1;
        return 0;
    }
    if (mg_append(&b->p, &b->n, &b->cap, data, k) != 0) {
        b->oom = 1;
        return 0;
    }
    return k;
}

/* Virtuoso marks an answer cut short by its time limits with the
 * X-SQL-State and X-SQL-Message headers: kept to fail on it. */
typedef struct partial {
    char state[64];
    char msg[256];
} partial;

static void header_value(const char *h, size_t n, char *out, size_t cap)
{
    const char *colon = memchr(h, ':', n);
    if (!colon)
        return;
    const char *v = colon + 1;
    size_t k = n - (size_t)(v - h);
    while (k && (*v == ' ' || *v == '\t')) {
        v++;
        k--;
    }
    while (k && (v[k - 1] == '\r' || v[k - 1] == '\n' || v[k - 1] == ' '))
        k--;
    if (k >= cap)
        k = cap - 1;
    memcpy(out, v, k);
    out[k] = '\0';
}

static size_t on_header(char *h, size_t size, size_t nmemb, void *ctx)
{
    partial *p = ctx;
    size_t n = size * nmemb;
    if (n > 12 && strncasecmp(h, "X-SQL-State:", 12) == 0)
        header_value(h, n, p->state, sizeof p->state);
    else if (n > 14 && strncasecmp(h, "X-SQL-Message:", 14) == 0)
        header_value(h, n, p->msg, sizeof p->msg);
    return n;
}

typedef struct request {
    const mg_endpoint *ep;
    const char *url;          /* the full URL (with ?graph=…) */
    const char *method;       /* "POST" or "PUT" */
    const char *content_type;
    const char *accept;       /* NULL: none */
    const char *data;
    size_t len;
} request;

/* The first line or 300 bytes of an error body, for the message. */
static void excerpt(const body *b, char *out, size_t cap)
{
    size_t w = 0;
    int space = 0;
    for (size_t i = 0; b->p && i < b->n && w + 4 < cap && w < 300; i++) {
        unsigned char c = (unsigned char)b->p[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = w > 0;
            continue;
        }
        if (c < 0x20)
            continue;
        if (space)
            out[w++] = ' ';
        space = 0;
        out[w++] = (char)c;
    }
    out[w] = '\0';
}

static mg_code perform(const request *rq, body *resp, long *status,
                       mg_status *st)
{
    const mg_endpoint *ep = rq->ep;
    *status = 0;
    CURL *h = curl_easy_init();
    if (!h)
        return mg_fail(st, MG_ERR_NOMEM, "cannot start libcurl");
    struct curl_slist *hdrs = NULL, *more;
    char line[256];
    snprintf(line, sizeof line, "Content-Type: %s", rq->content_type);
    hdrs = curl_slist_append(hdrs, line);
    if (rq->accept) {
        snprintf(line, sizeof line, "Accept: %s", rq->accept);
        hdrs = (more = curl_slist_append(hdrs, line)) ? more : hdrs;
    }
    /* no "Expect: 100-continue" round trip for large uploads */
    hdrs = (more = curl_slist_append(hdrs, "Expect:")) ? more : hdrs;
    for (size_t i = 0; i < ep->nheaders; i++)
        hdrs = (more = curl_slist_append(hdrs, ep->headers[i])) ? more : hdrs;
    char err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, rq->url);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "maillage/0.1");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, rq->method);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->data);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->len);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
    partial part = {"", ""};
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &part);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_ALL);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    if (ep->timeout > 0)
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(ep->timeout * 1000));
    if (ep->user) {
        curl_easy_setopt(h, CURLOPT_USERNAME, ep->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, ep->password ? ep->password : "");
        curl_easy_setopt(h, CURLOPT_HTTPAUTH,
                         ep->auth == MG_AUTH_BASIC    ? CURLAUTH_BASIC
                         : ep->auth == MG_AUTH_DIGEST ? CURLAUTH_DIGEST
                                                      : CURLAUTH_ANY);
    }
    CURLcode cc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    char *ctype = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ctype);
    mg_code rc = MG_OK;
    if (resp->oom) {
        rc = mg_fail(st, MG_ERR_NOMEM, "out of memory reading the answer");
    } else if (resp->too_big) {
        rc = mg_fail(st, MG_ERR_LIMIT, "the answer of %s is larger than %zu "
                                       "bytes", rq->url, MAX_BODY);
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        rc = mg_fail(st, MG_ERR_LIMIT,
                     "%s did not answer within %g s (--timeout): %s", rq->url,
                     ep->timeout, err[0] ? err : curl_easy_strerror(cc));
    } else if (cc != CURLE_OK) {
        rc = mg_fail(st, MG_ERR_IO, "cannot reach %s: %s", rq->url,
                     err[0] ? err : curl_easy_strerror(cc));
    } else if (*status >= 400) {
        char ex[320];
        excerpt(resp, ex, sizeof ex);
        rc = mg_fail(st, MG_ERR_IO, "%s answered HTTP %ld%s%s%s", rq->url,
                     *status,
                     *status == 401 ? " (authentication refused: --user, "
                                      "--password, --auth)" : "",
                     ex[0] ? ": " : "", ex);
    } else if (part.state[0]) {
        rc = mg_fail(st, MG_ERR_LIMIT,
                     "%s answered only part of the rows (X-SQL-State %s: %s): "
                     "raise the server's time limits", rq->url, part.state,
                     part.msg);
    } else if (rq->accept && *status == 200 && ctype &&
               !strstr(ctype, "json")) {
        char ex[320];
        excerpt(resp, ex, sizeof ex);
        rc = mg_fail(st, MG_ERR_SYNTAX,
                     "%s answered %s, not SPARQL JSON results%s%s", rq->url,
                     ctype, ex[0] ? ": " : "", ex);
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return rc;
}

static char *escape(const char *s)
{
    CURL *h = curl_easy_init();
    if (!h)
        return NULL;
    char *e = curl_easy_escape(h, s, (int)strlen(s));
    char *out = e ? strdup(e) : NULL;
    curl_free(e);
    curl_easy_cleanup(h);
    return out;
}

static mg_code check_headers(const mg_endpoint *ep, mg_status *st)
{
    for (size_t i = 0; i < ep->nheaders; i++) {
        const char *h = ep->headers[i], *colon = strchr(h, ':');
        if (!colon || colon == h || strpbrk(h, "\r\n"))
            return mg_fail(st, MG_ERR_ARG,
                           "--header expects 'Name: value' on one line, got "
                           "'%s'", h);
    }
    return MG_OK;
}

mg_code mg_remote_select(const mg_endpoint *ep, const char *sparql,
                         const char *const *columns, const char *const *vars,
                         int ncols, mg_row_sink *sink, mg_status *st)
{
    MG_TRY(check_headers(ep, st));
    if (ep->verbose)
        fprintf(stderr, "POST %s%s%s\n%s", ep->url,
                ep->default_graph ? " default-graph-uri=" : "",
                ep->default_graph ? ep->default_graph : "", sparql);
    char *q = escape(sparql);
    char *g = ep->default_graph ? escape(ep->default_graph) : NULL;
    size_t n = q ? strlen(q) + (g ? strlen(g) : 0) + 32 : 0;
    char *form = q && (g || !ep->default_graph) ? malloc(n) : NULL;
    if (!form) {
        free(q);
        free(g);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    snprintf(form, n, "query=%s%s%s", q, g ? "&default-graph-uri=" : "",
             g ? g : "");
    free(q);
    free(g);
    request rq = {ep, ep->url, "POST", "application/x-www-form-urlencoded",
                  "application/sparql-results+json", form, strlen(form)};
    body resp = {0};
    long status;
    mg_code rc = perform(&rq, &resp, &status, st);
    free(form);
    if (rc == MG_OK)
        rc = mg_sparql_json_read(resp.p ? resp.p : "", resp.n, columns, vars,
                                 ncols, sink, st);
    free(resp.p);
    return rc;
}

mg_code mg_remote_graph_send(const mg_endpoint *ep, const char *graph,
                             int append, const char *content_type,
                             const char *data, size_t len, long *status,
                             mg_status *st)
{
    *status = 0;
    MG_TRY(check_headers(ep, st));
    char *g = graph ? escape(graph) : NULL;
    if (graph && !g)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    size_t n = strlen(ep->url) + (g ? strlen(g) : 0) + 16;
    char *url = malloc(n);
    if (!url) {
        free(g);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    snprintf(url, n, "%s%s%s%s", ep->url, strchr(ep->url, '?') ? "&" : "?",
             g ? "graph=" : "default", g ? g : "");
    free(g);
    if (ep->verbose)
        fprintf(stderr, "%s %s (%zu bytes of %s)\n", append ? "POST" : "PUT",
                url, len, content_type);
    request rq = {ep, url, append ? "POST" : "PUT", content_type, NULL,
                  data ? data : "", len};
    body resp = {0};
    mg_code rc = perform(&rq, &resp, status, st);
    free(resp.p);
    free(url);
    return rc;
}
