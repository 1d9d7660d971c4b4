/* http.c — negotiation, bodies, errors: no sockets here (http.h). */
#include "serve/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/util.h"

mg_code mg_kvs_add(mg_kvs *k, const char *key, size_t klen, const char *value,
                   size_t vlen, mg_status *st)
{
    if (mg_grow((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v) != 0)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    char *kk = strndup(key, klen), *vv = strndup(value ? value : "", vlen);
    if (!kk || !vv) {
        free(kk);
        free(vv);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    k->v[k->n].key = kk;
    k->v[k->n].value = vv;
    k->n++;
    return MG_OK;
}

const char *mg_kvs_get(const mg_kvs *k, const char *key)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->v[i].key, key) == 0)
            return k->v[i].value;
    return NULL;
}

void mg_kvs_free(mg_kvs *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->v[i].key);
        free(k->v[i].value);
    }
    free(k->v);
    k->v = NULL;
    k->n = k->cap = 0;
}

size_t mg_http_unescape(char *s, size_t len, int plus)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            if (i + 2 >= len)
                return (size_t)-1;
            int a = mg_hex_digit((unsigned char)s[i + 1]), b = mg_hex_digit((unsigned char)s[i + 2]);
            if (a < 0 || b < 0 || (a == 0 && b == 0))
                return (size_t)-1;
            s[o++] = (char)(a * 16 + b);
            i += 2;
        } else if (plus && s[i] == '+') {
            s[o++] = ' ';
        } else {
            s[o++] = s[i];
        }
    }
    if (o < len)
        s[o] = '\0';
    return o;
}

void mg_http_escape(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            fputc(c, out);
        else
            fprintf(out, "%%%02X", c);
    }
}

void mg_http_html(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out); break;
        }
    }
}

mg_code mg_http_form_parse(const char *body, size_t len, mg_kvs *out,
                           mg_status *st)
{
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && body[e] != '&')
            e++;
        if (e > i) {
            char *pair = strndup(body + i, e - i);
            if (!pair)
                return mg_fail(st, MG_ERR_NOMEM, "out of memory");
            char *eq = strchr(pair, '=');
            size_t klen = eq ? (size_t)(eq - pair) : strlen(pair);
            char *val = eq ? eq + 1 : pair + klen;
            size_t k2 = mg_http_unescape(pair, klen, 1);
            size_t v2 = mg_http_unescape(val, strlen(val), 1);
            mg_code rc = (k2 == (size_t)-1 || v2 == (size_t)-1)
                             ? mg_fail(st, MG_ERR_SYNTAX,
                                       "malformed %%-escape in the form body")
                             : mg_kvs_add(out, pair, k2, val, v2, st);
            free(pair);
            MG_TRY(rc);
        }
        i = e + 1;
    }
    return MG_OK;
}

/* ---- negotiation ------------------------------------------------------- */

/* How well range [r, r+rlen) matches `offer`: 3 exact, 2 type/x, 1 x/x,
 * 0 not at all. */
static int range_match(const char *r, size_t rlen, const char *offer)
{
    if (rlen == 3 && memcmp(r, "*/*", 3) == 0)
        return 1;
    const char *slash = memchr(r, '/', rlen);
    if (!slash)
        return 0;
    size_t tlen = (size_t)(slash - r);
    const char *oslash = strchr(offer, '/');
    if (!oslash || (size_t)(oslash - offer) != tlen ||
        strncasecmp(r, offer, tlen) != 0)
        return 0;
    size_t slen = rlen - tlen - 1;
    if (slen == 1 && slash[1] == '*')
        return 2;
    return strlen(oslash + 1) == slen && strncasecmp(slash + 1, oslash + 1, slen) == 0
               ? 3 : 0;
}

int mg_http_negotiate(const char *accept, const char *const *offers, int n)
{
    if (!accept || !*accept)
        return n > 0 ? 0 : -1;
    int best = -1;
    double bestq = 0;
    for (int o = 0; o < n; o++) {
        int spec = 0;
        double q = 0;
        const char *p = accept;
        while (*p) {
            while (*p == ' ' || *p == ',')
                p++;
            if (!*p)
                break;
            const char *e = p;
            while (*e && *e != ',')
                e++;
            const char *semi = memchr(p, ';', (size_t)(e - p));
            const char *rend = semi ? semi : e;
            while (rend > p && rend[-1] == ' ')
                rend--;
            double rq = 1;
            for (const char *a = semi; a && a < e; a = memchr(a + 1, ';', (size_t)(e - a - 1))) {
                const char *v = a + 1;
                while (*v == ' ')
                    v++;
                if ((v[0] == 'q' || v[0] == 'Q') && v[1] == '=')
                    rq = strtod(v + 2, NULL);
            }
            int m = range_match(p, (size_t)(rend - p), offers[o]);
            if (m > spec) {
                spec = m;
                q = rq;
            }
            p = e;
        }
        if (spec > 0 && q > bestq) {
            best = o;
            bestq = q;
        }
    }
    return best;
}

void mg_http_media_type(const char *ct, char *out, size_t n)
{
    size_t k = 0;
    if (n == 0)
        return;
    while (ct && (*ct == ' ' || *ct == '\t'))
        ct++;
    for (; ct && *ct && *ct != ';' && *ct != ' ' && k + 1 < n; ct++)
        out[k++] = (char)tolower((unsigned char)*ct);
    out[k] = '\0';
}

/* ---- errors ------------------------------------------------------------- */

int mg_http_status_of(mg_code code)
{
    switch (code) {
    case MG_OK: return 200;
    case MG_ERR_ARG:
    case MG_ERR_SYNTAX: return 400;
    case MG_ERR_NOT_FOUND: return 404;
    case MG_ERR_LIMIT:
    case MG_ERR_CANCELLED: return 503;
    case MG_ERR_UNSUPPORTED: return 501;
    case MG_ERR_FULL: return 507;
    default: return 500;
    }
}

const char *mg_http_error_name(int status, mg_code code)
{
    switch (code) {
    case MG_ERR_SYNTAX: return "syntax";
    case MG_ERR_ARG: return "bad_request";
    case MG_ERR_NOT_FOUND: return "not_found";
    case MG_ERR_LIMIT: return "limit";
    case MG_ERR_CANCELLED: return "cancelled";
    case MG_ERR_UNSUPPORTED: return "unsupported";
    case MG_ERR_FULL: return "full";
    case MG_ERR_NOMEM: return "out_of_memory";
    default: break;
    }
    switch (status) {
    case 400: return "bad_request";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 406: return "not_acceptable";
    case 413: return "too_large";
    case 415: return "unsupported_media_type";
    case 503: return "timeout";
    default: return "internal";
    }
}

void mg_http_error_json(FILE *out, int status, const char *name,
                        const char *msg)
{
    fprintf(out, "{\"error\": {\"code\": %d, \"name\": ", status);
    mg_json_string(out, name, strlen(name), 0);
    fputs(", \"message\": ", out);
    mg_json_string(out, msg, strlen(msg), 0);
    fputs("}}\n", out);
}
