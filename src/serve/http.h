/*
 * http.h — the pieces of request handling that need no socket: content
 * negotiation, form-encoded and JSON bodies, the JSON error body and the
 * HTTP status of an mg_code.  Pure functions (tests/unit/test_serve.c).
 *
 * Owns: an mg_kvs and its strings (mg_kvs_free).
 */
#ifndef MG_SERVE_HTTP_H
#define MG_SERVE_HTTP_H

#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

typedef struct mg_kv {
    char *key, *value; /* value "" for a key without '=' */
} mg_kv;

typedef struct mg_kvs {
    mg_kv *v;
    size_t n, cap;
} mg_kvs;

mg_code mg_kvs_add(mg_kvs *k, const char *key, size_t klen, const char *value,
                   size_t vlen, mg_status *st);
/* The value of the first `key`, or NULL. */
const char *mg_kvs_get(const mg_kvs *k, const char *key);
void mg_kvs_free(mg_kvs *k);

/* Decodes %XX (and, with `plus`, '+' as space) in place; returns the new
 * length, or (size_t)-1 for a malformed escape or a decoded NUL. */
size_t mg_http_unescape(char *s, size_t len, int plus);

/* Writes s percent-encoded for a query-string value (unreserved
 * characters as they are). */
void mg_http_escape(FILE *out, const char *s);
/* Writes s escaped for HTML text and attribute values. */
void mg_http_html(FILE *out, const char *s);

/* Adds the pairs of an application/x-www-form-urlencoded body.
 * MG_ERR_SYNTAX for a malformed escape. */
mg_code mg_http_form_parse(const char *body, size_t len, mg_kvs *out,
                           mg_status *st);

/*
 * Adds the members of a JSON object body: strings, numbers, true/false
 * as their text (null: left out); the members of a nested "params" (or
 * "parameters") object as "$NAME".  Other nested values: MG_ERR_SYNTAX.
 * MG_ERR_SYNTAX with the byte offset for malformed JSON.
 */
mg_code mg_http_json_parse(const char *body, size_t len, mg_kvs *out,
                           mg_status *st);

/*
 * The index of the offer (media types like "text/csv") the Accept header
 * prefers: the highest q of the most specific range matching each offer
 * (type/subtype, then type/any, then any), ties going to the earlier offer.
 * An empty or NULL header accepts everything (the first offer wins).
 * -1 when no offer is acceptable (406).
 */
int mg_http_negotiate(const char *accept, const char *const *offers, int n);

/* The media type of a Content-Type value, lower-cased, without
 * parameters, into out (size n; "" when absent). */
void mg_http_media_type(const char *content_type, char *out, size_t n);

/* The HTTP status for a failed mg_code: 400 syntax/argument, 404 not
 * found, 413 limit of size, 503 time or memory limit, 501 unsupported,
 * 507 full, 500 otherwise. */
int mg_http_status_of(mg_code code);
/* A short machine name for the error of a status or code ("syntax",
 * "not_found", "timeout", ...). */
const char *mg_http_error_name(int status, mg_code code);

/* Writes {"error": {"code": STATUS, "name": NAME, "message": MSG}}. */
void mg_http_error_json(FILE *out, int status, const char *name,
                        const char *msg);

#endif
