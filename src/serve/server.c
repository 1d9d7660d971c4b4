/*
 * server.c — the HTTP daemon (libmicrohttpd, its internal thread pool):
 * request bodies up to the size limit, routing, and sending what a
 * handler wrote (serve.h, serve_internal.h).
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/json.h"
#include "serve/pool.h"
#include "serve/serve_internal.h"

typedef struct server {
    mg_serve_opts cfg; /* defaults filled in */
    mg_pool *pool;
    char base_url[160];
} server;

/* One request's state across the calls of the access handler. */
typedef struct conn {
    char *body;
    size_t len, cap;
    int too_large;
    unsigned long long declared; /* Content-Length of a body over the limit */
} conn;

/* ---- responses ----------------------------------------------------------- */

static int resp_open(mg_resp *rs)
{
    rs->buf = NULL;
    rs->len = 0;
    rs->out = open_memstream(&rs->buf, &rs->len);
    return rs->out ? 0 : -1;
}

static void resp_drop(mg_resp *rs)
{
    if (rs->out)
        fclose(rs->out);
    rs->out = NULL;
    free(rs->buf);
    rs->buf = NULL;
    rs->len = 0;
}

void mg_resp_header(mg_resp *rs, const char *name, const char *value)
{
    if (rs->nextra >= 3)
        return;
    snprintf(rs->extra[rs->nextra][0], sizeof rs->extra[0][0], "%s", name);
    snprintf(rs->extra[rs->nextra][1], sizeof rs->extra[0][1], "%s", value);
    rs->nextra++;
}

void mg_resp_error(mg_resp *rs, int status, const char *name, const char *fmt,
                   ...)
{
    char msg[MG_STATUS_MSG_MAX + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    resp_drop(rs);
    rs->status = status;
    snprintf(rs->ctype, sizeof rs->ctype, "application/json; charset=utf-8");
    if (resp_open(rs) == 0)
        mg_http_error_json(rs->out, status, name, msg);
}

void mg_resp_fail(mg_resp *rs, const mg_status *st)
{
    int status = mg_http_status_of(st->code);
    const char *name = mg_http_error_name(status, st->code);
    if (st->code == MG_ERR_LIMIT && strstr(st->msg, "time limit"))
        name = "timeout";
    mg_resp_error(rs, status, name, "%s",
                  st->msg[0] ? st->msg : mg_code_name(st->code));
}

int mg_resp_negotiate(const mg_req *rq, mg_resp *rs, const char *const *offers,
                      const char *const *names, int n)
{
    const char *fmt = mg_kvs_get(&rq->args, "format");
    if (fmt && *fmt) {
        for (int i = 0; i < n; i++)
            if ((names && names[i] && strcmp(names[i], fmt) == 0) ||
                strcmp(offers[i], fmt) == 0)
                return i;
        mg_resp_error(rs, 400, "bad_request", "unknown format '%s'", fmt);
        return -1;
    }
    int i = mg_http_negotiate(rq->accept, offers, n);
    if (i < 0) {
        char list[512] = "";
        for (int k = 0; k < n; k++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", k ? ", " : "", offers[k]);
        }
        mg_resp_error(rs, 406, "not_acceptable",
                      "none of the accepted types (%s) can be produced here; "
                      "available: %s", rq->accept, list);
    }
    return i;
}

static double arg_number(const mg_req *rq, const char *name)
{
    const char *v = mg_kvs_get(&rq->args, name);
    if (!v || !*v)
        return -1;
    char *end;
    double d = strtod(v, &end);
    return (*end || d <= 0) ? -1 : d;
}

double mg_req_timeout(const mg_req *rq)
{
    double t = arg_number(rq, "timeout");
    return (t > 0 && t < rq->cfg->timeout) ? t : rq->cfg->timeout;
}

uint64_t mg_req_max_rows(const mg_req *rq)
{
    double r = arg_number(rq, "max_rows");
    return (r >= 1 && r < (double)rq->cfg->max_rows) ? (uint64_t)r
                                                     : rq->cfg->max_rows;
}

/* ---- routing --------------------------------------------------------------- */

enum { M_GET = 1, M_POST = 2, M_PUT = 4, M_DELETE = 8 };

typedef struct route {
    const char *path;
    int prefix; /* path is a prefix ending in '/' */
    int methods;
    void (*run)(mg_req *, mg_db *, mg_resp *);
} route;

static void run_network(mg_req *rq, mg_db *db, mg_resp *rs)
{
    const char *view = rq->path + strlen("/network");
    mg_api_network(rq, db, rs, *view == '/' && view[1] ? view + 1 : NULL);
}

static const route routes[] = {
    {"/health", 0, M_GET, mg_api_health},
    {"/stats", 0, M_GET, mg_api_stats},
    {"/query", 0, M_GET | M_POST, mg_api_query},
    {"/explain", 0, M_GET | M_POST, mg_api_explain},
    {"/search", 0, M_GET, mg_api_search},
    {"/sparql", 0, M_GET | M_POST, mg_api_sparql},
    {"/data", 0, M_GET | M_PUT | M_POST | M_DELETE, mg_api_data},
    {"/export", 0, M_GET, mg_api_export},
    {"/network", 0, M_GET, run_network},
    {"/network/", 1, M_GET, run_network},
    {"/entity", 0, M_GET, mg_api_entity},
    {NULL, 0, 0, NULL},
};

static int method_bit(const char *m)
{
    if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
        return M_GET;
    if (strcmp(m, "POST") == 0)
        return M_POST;
    if (strcmp(m, "PUT") == 0)
        return M_PUT;
    if (strcmp(m, "DELETE") == 0)
        return M_DELETE;
    return 0;
}

static void allow_list(int methods, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s%s", (methods & M_GET) ? "GET, HEAD" : "",
             (methods & M_POST) ? ", POST" : "", (methods & M_PUT) ? ", PUT" : "",
             (methods & M_DELETE) ? ", DELETE" : "");
}

static void dispatch(server *sv, mg_req *rq, mg_resp *rs)
{
    int m = method_bit(rq->method);
    if (mg_page_serve(rq, rs)) {
        if (m != M_GET) {
            mg_resp_header(rs, "Allow", "GET, HEAD");
            mg_resp_error(rs, 405, "method_not_allowed",
                          "%s is not allowed on %s", rq->method, rq->path);
        }
        return;
    }
    for (const route *r = routes; r->path; r++) {
        if (r->prefix ? strncmp(rq->path, r->path, strlen(r->path)) != 0
                      : strcmp(rq->path, r->path) != 0)
            continue;
        if (!(r->methods & m)) {
            char allow[64];
            allow_list(r->methods, allow, sizeof allow);
            mg_resp_header(rs, "Allow", allow);
            mg_resp_error(rs, 405, "method_not_allowed",
                          "%s is not allowed on %s (allowed: %s)", rq->method,
                          r->path, allow);
            return;
        }
        mg_db *db = mg_pool_take(sv->pool);
        r->run(rq, db, rs);
        mg_pool_give(sv->pool, db);
        return;
    }
    mg_resp_error(rs, 404, "not_found",
                  "no such page or endpoint: %s (see %s/ and docs/serve.md)",
                  rq->path, sv->base_url);
}

/* ---- libmicrohttpd callbacks ------------------------------------------------ */

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *value)
{
    (void)kind;
    mg_kvs *k = cls;
    mg_status st;
    mg_status_clear(&st);
    return mg_kvs_add(k, key, strlen(key), value, value ? strlen(value) : 0,
                      &st) == MG_OK ? MHD_YES : MHD_NO;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, mg_resp *rs)
{
    if (rs->out && fclose(rs->out) != 0) {
        rs->out = NULL;
        mg_resp_error(rs, 500, "internal", "out of memory");
        if (rs->out)
            fclose(rs->out);
    }
    rs->out = NULL;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        rs->len, rs->buf ? rs->buf : (void *)"", rs->buf ? MHD_RESPMEM_MUST_FREE
                                                        : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(rs->buf);
        return MHD_NO;
    }
    rs->buf = NULL;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->ctype);
    MHD_add_response_header(r, "Vary", "Accept");
    for (int i = 0; i < rs->nextra; i++)
        MHD_add_response_header(r, rs->extra[i][0], rs->extra[i][1]);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned int)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status,
                                  const char *name, const char *msg)
{
    mg_resp rs;
    memset(&rs, 0, sizeof rs);
    mg_resp_error(&rs, status, name, "%s", msg);
    return send_resp(c, &rs);
}

static enum MHD_Result handle(server *sv, struct MHD_Connection *c,
                              const char *url, const char *method, conn *cs)
{
    mg_req rq;
    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.path = url;
    rq.cfg = &sv->cfg;
    rq.base_url = sv->base_url;
    rq.accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                            MHD_HTTP_HEADER_ACCEPT);
    mg_http_media_type(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_CONTENT_TYPE),
                       rq.ctype, sizeof rq.ctype);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &rq.args);
    rq.body = cs->body;
    rq.body_len = cs->len;

    mg_resp rs;
    memset(&rs, 0, sizeof rs);
    rs.status = 200;
    snprintf(rs.ctype, sizeof rs.ctype, "text/plain; charset=utf-8");
    if (resp_open(&rs) != 0) {
        mg_kvs_free(&rq.args);
        return send_error(c, 500, "internal", "out of memory");
    }
    mg_status st;
    mg_status_clear(&st);
    mg_code rc = MG_OK;
    int is_gsp = strcmp(url, "/data") == 0;
    if (cs->body && strcmp(rq.ctype, "application/x-www-form-urlencoded") == 0 &&
        !is_gsp)
        rc = mg_http_form_parse(cs->body, cs->len, &rq.args, &st);
    else if (cs->body && strcmp(rq.ctype, "application/json") == 0 &&
             (strcmp(url, "/query") == 0 || strcmp(url, "/explain") == 0))
        rc = mg_http_json_parse(cs->body, cs->len, &rq.args, &st);
    if (rc != MG_OK)
        mg_resp_fail(&rs, &st);
    else
        dispatch(sv, &rq, &rs);
    mg_kvs_free(&rq.args);
    return send_resp(c, &rs);
}

/* A declared body over the limit but under this is read and dropped
 * before the 413; a larger one is answered at once. */
static unsigned long long drain_limit(size_t max_body)
{
    unsigned long long four = 4ull * max_body, floor = 64ull << 20;
    return four > floor ? four : floor;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    server *sv = cls;
    conn *cs = *con_cls;
    if (!cs) {
        cs = calloc(1, sizeof *cs);
        if (!cs)
            return MHD_NO;
        *con_cls = cs;
        const char *cl = MHD_lookup_connection_value(
            c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
        if (cl && declared > sv->cfg.max_body &&
            declared <= drain_limit(sv->cfg.max_body)) {
            /* Read the body and drop it, then answer 413: a server that
             * answers and closes with the body still arriving makes the
             * kernel reset the connection, and the client may lose the
             * answer (or see only "connection reset"). */
            cs->too_large = 1;
            cs->declared = declared;
            return MHD_YES;
        }
        if (cl && declared > sv->cfg.max_body) {
            char msg[160];
            snprintf(msg, sizeof msg,
                     "the request body (%s bytes) is larger than the limit "
                     "of %zu bytes (--max-body)", cl, sv->cfg.max_body);
            cs->too_large = 2; /* answered */
            return send_error(c, 413, "too_large", msg);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!cs->too_large) {
            if (cs->len + *upload_size > sv->cfg.max_body) {
                cs->too_large = 1;
                free(cs->body);
                cs->body = NULL;
                cs->len = cs->cap = 0;
            } else if (cs->len + *upload_size + 1 > cs->cap) {
                size_t cap = cs->cap ? cs->cap : 4096;
                while (cap < cs->len + *upload_size + 1)
                    cap *= 2;
                char *b = realloc(cs->body, cap);
                if (!b)
                    return MHD_NO;
                cs->body = b;
                cs->cap = cap;
            }
            if (!cs->too_large) {
                memcpy(cs->body + cs->len, upload, *upload_size);
                cs->len += *upload_size;
                cs->body[cs->len] = '\0';
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (cs->too_large == 2)
        return MHD_YES;
    if (cs->too_large) {
        char msg[160];
        if (cs->declared)
            snprintf(msg, sizeof msg,
                     "the request body (%llu bytes) is larger than the limit "
                     "of %zu bytes (--max-body)", cs->declared, sv->cfg.max_body);
        else
            snprintf(msg, sizeof msg, "the request body is larger than the "
                     "limit of %zu bytes (--max-body)", sv->cfg.max_body);
        return send_error(c, 413, "too_large", msg);
    }
    return handle(sv, c, url, method, cs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn *cs = *con_cls;
    if (cs) {
        free(cs->body);
        free(cs);
        *con_cls = NULL;
    }
}

/* ---- running ------------------------------------------------------------------ */

mg_code mg_serve_run(const mg_serve_opts *opts, volatile sig_atomic_t *stop,
                     FILE *announce, mg_status *st)
{
    server sv;
    memset(&sv, 0, sizeof sv);
    sv.cfg = *opts;
    if (!sv.cfg.bind)
        sv.cfg.bind = "127.0.0.1";
    if (sv.cfg.timeout <= 0)
        sv.cfg.timeout = MG_SERVE_TIMEOUT;
    if (!sv.cfg.max_rows)
        sv.cfg.max_rows = MG_SERVE_MAX_ROWS;
    if (!sv.cfg.max_body)
        sv.cfg.max_body = MG_SERVE_MAX_BODY;
    if (sv.cfg.threads <= 0)
        sv.cfg.threads = MG_SERVE_THREADS;

    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    struct sockaddr *sa;
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    int v6 = strchr(sv.cfg.bind, ':') != NULL;
    if (!v6 && inet_pton(AF_INET, sv.cfg.bind, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)sv.cfg.port);
        sa = (struct sockaddr *)&a4;
    } else if (v6 && inet_pton(AF_INET6, sv.cfg.bind, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)sv.cfg.port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        return mg_fail(st, MG_ERR_ARG,
                       "--bind '%s' is not an IPv4 or IPv6 address "
                       "(e.g. 127.0.0.1, 0.0.0.0, ::1)", sv.cfg.bind);
    }
    MG_TRY(mg_pool_open(sv.cfg.store, sv.cfg.readonly, sv.cfg.threads, &sv.pool,
                        st));
    /* One worker thread per db: a worker handles one request at a time,
     * so it never waits for a db (an in-memory librdf store: one). */
    unsigned int nthreads = (unsigned int)mg_pool_size(sv.pool);
    /* A pool of one is no pool: the polling thread serves, and the pool
     * option is left out (MHD warns about a size of 0 or 1). */
    struct MHD_OptionItem pool_opt[2] = {
        {nthreads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
         (intptr_t)nthreads, NULL},
        {MHD_OPTION_END, 0, NULL}};
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)sv.cfg.port, NULL, NULL, on_request, &sv,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_ARRAY, pool_opt,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sv,
        MHD_OPTION_END);
    if (!d) {
        mg_pool_close(sv.pool);
        return mg_fail(st, MG_ERR_IO,
                       "cannot listen on %s port %d (in use, or not an "
                       "address of this machine?)", sv.cfg.bind, sv.cfg.port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = info ? info->port : sv.cfg.port;
    snprintf(sv.base_url, sizeof sv.base_url, v6 ? "http://[%s]:%d" : "http://%s:%d",
             sv.cfg.bind, port);
    if (announce) {
        fprintf(announce, "maillage: serving %s%s at %s/ (%u threads; Ctrl-C stops)\n",
                mg_pool_spec(sv.pool), sv.cfg.readonly ? " read-only" : "",
                sv.base_url, nthreads);
        fflush(announce);
    }
    while (!*stop) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    mg_pool_close(sv.pool);
    return MG_OK;
}
