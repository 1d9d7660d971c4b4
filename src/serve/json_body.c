/* json_body.c — the JSON request bodies of /query and /explain: one
 * object of scalars and a "params" object (http.h, mg_http_json_parse). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "serve/http.h"
#include "core/util.h"

/* ---- a small JSON reader: one object of scalars and a params object ---- */

typedef struct jr {
    const char *s;
    size_t n, i;
    mg_status *st;
} jr;

static void jws(jr *r)
{
    while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' ||
                           r->s[r->i] == '\n' || r->s[r->i] == '\r'))
        r->i++;
}

static mg_code jerr(jr *r, const char *what)
{
    return mg_fail(r->st, MG_ERR_SYNTAX, "JSON body: %s at byte %zu", what,
                   r->i + 1);
}

static void put_utf8(char *o, size_t *k, unsigned long cp)
{
    if (cp < 0x80) {
        o[(*k)++] = (char)cp;
    } else if (cp < 0x800) {
        o[(*k)++] = (char)(0xC0 | (cp >> 6));
        o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        o[(*k)++] = (char)(0xE0 | (cp >> 12));
        o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        o[(*k)++] = (char)(0xF0 | (cp >> 18));
        o[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static int hex4(jr *r, unsigned long *cp)
{
    if (r->i + 4 > r->n)
        return -1;
    unsigned long v = 0;
    for (int j = 0; j < 4; j++) {
        int h = mg_hex_digit((unsigned char)r->s[r->i + (size_t)j]);
        if (h < 0)
            return -1;
        v = v * 16 + (unsigned long)h;
    }
    r->i += 4;
    *cp = v;
    return 0;
}

/* A string at r->i (at its '"'): a new decoded copy in *out. */
static mg_code jstring(jr *r, char **out, size_t *olen)
{
    r->i++;
    char *o = malloc(r->n - r->i + 1);
    size_t k = 0;
    if (!o)
        return mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
    while (r->i < r->n && r->s[r->i] != '"') {
        unsigned char c = (unsigned char)r->s[r->i];
        if (c < 0x20) {
            free(o);
            return jerr(r, "control character in a string");
        }
        if (c != '\\') {
            o[k++] = (char)c;
            r->i++;
            continue;
        }
        if (++r->i >= r->n)
            break;
        char e = r->s[r->i++];
        unsigned long cp;
        switch (e) {
        case '"': o[k++] = '"'; break;
        case '\\': o[k++] = '\\'; break;
        case '/': o[k++] = '/'; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u':
            if (hex4(r, &cp) != 0 || cp == 0) {
                free(o);
                return jerr(r, "bad \\u escape");
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned long lo;
                if (r->i + 2 > r->n || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u' ||
                    (r->i += 2, hex4(r, &lo) != 0) || lo < 0xDC00 || lo > 0xDFFF) {
                    free(o);
                    return jerr(r, "unpaired surrogate");
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                free(o);
                return jerr(r, "unpaired surrogate");
            }
            put_utf8(o, &k, cp);
            break;
        default:
            free(o);
            return jerr(r, "bad escape");
        }
    }
    if (r->i >= r->n) {
        free(o);
        return jerr(r, "unterminated string");
    }
    r->i++;
    o[k] = '\0';
    *out = o;
    *olen = k;
    return MG_OK;
}

/* A scalar (string, number, true, false, null): its text in *out (NULL
 * for null). */
static mg_code jscalar(jr *r, char **out, size_t *olen)
{
    *out = NULL;
    *olen = 0;
    if (r->i >= r->n)
        return jerr(r, "value expected");
    if (r->s[r->i] == '"')
        return jstring(r, out, olen);
    static const char *const words[] = {"true", "false", "null"};
    for (int w = 0; w < 3; w++) {
        size_t l = strlen(words[w]);
        if (r->n - r->i >= l && memcmp(r->s + r->i, words[w], l) == 0) {
            r->i += l;
            if (w == 2)
                return MG_OK;
            *out = strdup(words[w]);
            *olen = l;
            return *out ? MG_OK : mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
        }
    }
    size_t b = r->i;
    while (r->i < r->n && strchr("+-0123456789.eE", r->s[r->i]))
        r->i++;
    if (r->i == b || !(isdigit((unsigned char)r->s[r->i - 1])))
        return jerr(r, "value expected");
    *out = strndup(r->s + b, r->i - b);
    *olen = r->i - b;
    return *out ? MG_OK : mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
}

static mg_code jobject(jr *r, mg_kvs *out, int nested)
{
    jws(r);
    if (r->i >= r->n || r->s[r->i] != '{')
        return jerr(r, "an object expected");
    r->i++;
    jws(r);
    if (r->i < r->n && r->s[r->i] == '}') {
        r->i++;
        return MG_OK;
    }
    for (;;) {
        jws(r);
        if (r->i >= r->n || r->s[r->i] != '"')
            return jerr(r, "a member name expected");
        char *key;
        size_t klen;
        MG_TRY(jstring(r, &key, &klen));
        jws(r);
        mg_code rc = MG_OK;
        if (r->i >= r->n || r->s[r->i] != ':') {
            rc = jerr(r, "':' expected");
        } else {
            r->i++;
            jws(r);
            if (r->i < r->n && r->s[r->i] == '{') {
                if (nested || (strcmp(key, "params") != 0 &&
                               strcmp(key, "parameters") != 0))
                    rc = jerr(r, "only \"params\" may hold an object");
                else
                    rc = jobject(r, out, 1);
            } else {
                char *val;
                size_t vlen;
                rc = jscalar(r, &val, &vlen);
                if (rc == MG_OK && val) {
                    if (nested) {
                        char *pk = malloc(klen + 2);
                        if (!pk) {
                            rc = mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
                        } else {
                            pk[0] = '$';
                            memcpy(pk + 1, key, klen + 1);
                            rc = mg_kvs_add(out, pk, klen + 1, val, vlen, r->st);
                            free(pk);
                        }
                    } else {
                        rc = mg_kvs_add(out, key, klen, val, vlen, r->st);
                    }
                }
                free(val);
            }
        }
        free(key);
        MG_TRY(rc);
        jws(r);
        if (r->i < r->n && r->s[r->i] == ',') {
            r->i++;
            continue;
        }
        if (r->i < r->n && r->s[r->i] == '}') {
            r->i++;
            return MG_OK;
        }
        return jerr(r, "',' or '}' expected");
    }
}

mg_code mg_http_json_parse(const char *body, size_t len, mg_kvs *out,
                           mg_status *st)
{
    jr r = {body, len, 0, st};
    MG_TRY(jobject(&r, out, 0));
    jws(&r);
    if (r.i != r.n)
        return jerr(&r, "text after the object");
    return MG_OK;
}

