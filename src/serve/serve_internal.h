/*
 * serve_internal.h — what the files of src/serve share: a request as the
 * handlers see it, the response they fill, and the handlers.  Nothing
 * outside src/serve includes it.
 *
 * A handler writes its body into rs->out (a memory stream opened by the
 * server) and sets rs->status and rs->ctype; on failure it calls
 * mg_resp_error, which throws away what was written and puts the JSON
 * error body in its place.  The server sends the body once the handler
 * returns (bounded by the row cap and the time limit).
 */
#ifndef MG_SERVE_INTERNAL_H
#define MG_SERVE_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "serve/http.h"
#include "serve/serve.h"
#include "store/db.h"

typedef struct mg_req {
    const char *method;       /* GET, HEAD (as GET), POST, PUT, DELETE */
    const char *path;         /* the URL path, decoded */
    const char *accept;       /* the Accept header or NULL */
    char ctype[128];          /* the body's media type, lower-cased, or "" */
    mg_kvs args;              /* query-string arguments, then form/JSON body */
    const char *body;         /* raw body (NUL-terminated), or NULL */
    size_t body_len;
    const mg_serve_opts *cfg; /* with every default filled in */
    const char *base_url;     /* http://HOST:PORT */
} mg_req;

typedef struct mg_resp {
    int status;
    char ctype[96];
    FILE *out;       /* the body so far (memory stream) */
    char *buf;       /* its buffer */
    size_t len;
    char extra[3][2][160]; /* extra headers: name, value */
    int nextra;
} mg_resp;

/* Throws away the body and writes the JSON error instead. */
void mg_resp_error(mg_resp *rs, int status, const char *name,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same for a failed status (its code chooses the HTTP status). */
void mg_resp_fail(mg_resp *rs, const mg_status *st);
/* Adds a response header. */
void mg_resp_header(mg_resp *rs, const char *name, const char *value);
/* Negotiates among `offers` (first = default; ?format=NAME picks by the
 * names in `names` instead when given); -1 after writing a 406. */
int mg_resp_negotiate(const mg_req *rq, mg_resp *rs, const char *const *offers,
                      const char *const *names, int n);

/* The time limit and row cap of a request: the server's, or lower ones
 * asked by ?timeout= / ?max_rows= (never higher). */
double mg_req_timeout(const mg_req *rq);
uint64_t mg_req_max_rows(const mg_req *rq);

/* Handlers (one file per group, see serve.h). */
void mg_api_health(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_stats(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_query(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_explain(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_search(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_sparql(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_data(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_export(mg_req *rq, mg_db *db, mg_resp *rs);
void mg_api_network(mg_req *rq, mg_db *db, mg_resp *rs, const char *view);
void mg_api_entity(mg_req *rq, mg_db *db, mg_resp *rs);
/* The page and its files: 1 if `path` is one of them (answered), else 0. */
int mg_page_serve(mg_req *rq, mg_resp *rs);

#endif
