/* json_read.c — the strict JSON reader (json_read.h). */
#include "remote/json_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

mg_code jr_bad(jr *r, const char *what)
{
    return mg_fail(r->st, MG_ERR_SYNTAX,
                   "the endpoint's answer is not SPARQL JSON results: %s at "
                   "byte %zu", what, r->i);
}

static void ws(jr *r)
{
    while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' ||
                           r->s[r->i] == '\n' || r->s[r->i] == '\r'))
        r->i++;
}

int jr_peek(jr *r)
{
    ws(r);
    return r->i < r->n ? r->s[r->i] : -1;
}

mg_code jr_expect(jr *r, char c)
{
    if (jr_peek(r) != (unsigned char)c) {
        char what[32];
        snprintf(what, sizeof what, "expected '%c'", c);
        return jr_bad(r, what);
    }
    r->i++;
    return MG_OK;
}

int strs_keep(strs *k, char *s)
{
    if (k->n == k->cap) {
        size_t nc = k->cap ? k->cap * 2 : 16;
        char **nv = realloc(k->v, nc * sizeof *nv);
        if (!nv)
            return 0;
        k->v = nv;
        k->cap = nc;
    }
    k->v[k->n++] = s;
    return 1;
}

void strs_drop(strs *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->v[i]);
    k->n = 0;
}

static void put_utf8(unsigned char *o, size_t *w, unsigned cp)
{
    if (cp < 0x80) {
        o[(*w)++] = (unsigned char)cp;
    } else if (cp < 0x800) {
        o[(*w)++] = (unsigned char)(0xC0 | (cp >> 6));
        o[(*w)++] = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        o[(*w)++] = (unsigned char)(0xE0 | (cp >> 12));
        o[(*w)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*w)++] = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        o[(*w)++] = (unsigned char)(0xF0 | (cp >> 18));
        o[(*w)++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[(*w)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*w)++] = (unsigned char)(0x80 | (cp & 0x3F));
    }
}

static int hex4(const unsigned char *p, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = p[k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return 0;
        *v = *v * 16 + d;
    }
    return 1;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if none:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t k;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    for (size_t j = 1; j < k; j++) {
        if ((p[j] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[j] & 0x3F);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return k;
}

/* A JSON string, decoded into a new NUL-terminated buffer (*out; NULL
 * when out is NULL: only checked).  A NUL character is refused (our
 * cells are C strings). */
mg_code jr_string(jr *r, char **out)
{
    if (out)
        *out = NULL;
    MG_TRY(jr_expect(r, '"'));
    size_t start = r->i;
    /* The decoded form is never longer than the escaped one. */
    size_t end = start;
    while (end < r->n && r->s[end] != '"') {
        if (r->s[end] == '\\')
            end++;
        end++;
    }
    if (end >= r->n)
        return jr_bad(r, "unterminated string");
    unsigned char *o = out ? malloc(end - start + 1) : NULL;
    if (out && !o)
        return mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
    size_t w = 0;
    mg_code rc = MG_OK;
    while (rc == MG_OK && r->s[r->i] != '"') {
        unsigned c = r->s[r->i];
        if (c < 0x20) {
            rc = jr_bad(r, "control character in a string");
        } else if (c == '\\') {
            unsigned e = r->i + 1 < r->n ? r->s[r->i + 1] : 0;
            const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
            const char *hit = e ? strchr(from, (int)e) : NULL;
            if (hit) {
                if (o)
                    o[w++] = (unsigned char)to[hit - from];
                r->i += 2;
            } else if (e == 'u' && r->i + 6 <= r->n) {
                unsigned cp;
                if (!hex4(r->s + r->i + 2, &cp)) {
                    rc = jr_bad(r, "bad \\u escape");
                    break;
                }
                r->i += 6;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (r->i + 6 > r->n || r->s[r->i] != '\\' ||
                        r->s[r->i + 1] != 'u' || !hex4(r->s + r->i + 2, &lo) ||
                        lo < 0xDC00 || lo > 0xDFFF) {
                        rc = jr_bad(r, "unpaired surrogate");
                        break;
                    }
                    r->i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    rc = jr_bad(r, "unpaired surrogate");
                    break;
                }
                if (cp == 0) {
                    rc = jr_bad(r, "NUL character in a string");
                    break;
                }
                if (o)
                    put_utf8(o, &w, cp);
            } else {
                rc = jr_bad(r, "bad escape");
            }
        } else {
            size_t k = utf8_len(r->s + r->i, end - r->i);
            if (!k) {
                rc = jr_bad(r, "invalid UTF-8");
                break;
            }
            if (o)
                memcpy(o + w, r->s + r->i, k);
            w += k;
            r->i += k;
        }
    }
    if (rc != MG_OK) {
        free(o);
        return rc;
    }
    r->i++; /* the closing quote */
    if (o) {
        o[w] = '\0';
        *out = (char *)o;
    }
    return MG_OK;
}


static mg_code number(jr *r)
{
    size_t i = r->i;
    const unsigned char *s = r->s;
#define DIGIT(k) ((k) < r->n && s[k] >= '0' && s[k] <= '9')
    if (i < r->n && s[i] == '-')
        i++;
    if (i < r->n && s[i] == '0')
        i++;
    else if (DIGIT(i))
        while (DIGIT(i))
            i++;
    else
        return jr_bad(r, "bad number");
    if (i < r->n && s[i] == '.') {
        i++;
        if (!DIGIT(i))
            return jr_bad(r, "bad number");
        while (DIGIT(i))
            i++;
    }
    if (i < r->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < r->n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (!DIGIT(i))
            return jr_bad(r, "bad number");
        while (DIGIT(i))
            i++;
    }
#undef DIGIT
    r->i = i;
    return MG_OK;
}

static mg_code word(jr *r, const char *w)
{
    size_t n = strlen(w);
    if (r->n - r->i < n || memcmp(r->s + r->i, w, n) != 0)
        return jr_bad(r, "unexpected character");
    r->i += n;
    return MG_OK;
}


mg_code jr_object(jr *r, member_fn each, void *ctx)
{
    if (++r->depth > MAX_DEPTH)
        return jr_bad(r, "nesting too deep");
    MG_TRY(jr_expect(r, '{'));
    if (jr_peek(r) == '}') {
        r->i++;
        r->depth--;
        return MG_OK;
    }
    for (;;) {
        char *key;
        MG_TRY(jr_string(r, &key));
        mg_code rc = jr_expect(r, ':');
        if (rc == MG_OK)
            rc = each(r, ctx, key);
        free(key);
        MG_TRY(rc);
        int c = jr_peek(r);
        r->i++;
        if (c == '}')
            break;
        if (c != ',') {
            r->i--;
            return jr_bad(r, "expected ',' or '}'");
        }
    }
    r->depth--;
    return MG_OK;
}

static mg_code skip_member(jr *r, void *ctx, const char *key)
{
    (void)ctx;
    (void)key;
    return jr_skip(r);
}


mg_code jr_array(jr *r, item_fn item, void *ctx)
{
    if (++r->depth > MAX_DEPTH)
        return jr_bad(r, "nesting too deep");
    MG_TRY(jr_expect(r, '['));
    if (jr_peek(r) == ']') {
        r->i++;
        r->depth--;
        return MG_OK;
    }
    for (;;) {
        MG_TRY(item(r, ctx));
        int c = jr_peek(r);
        r->i++;
        if (c == ']')
            break;
        if (c != ',') {
            r->i--;
            return jr_bad(r, "expected ',' or ']'");
        }
    }
    r->depth--;
    return MG_OK;
}

static mg_code skip_item(jr *r, void *ctx)
{
    (void)ctx;
    return jr_skip(r);
}

mg_code jr_skip(jr *r)
{
    switch (jr_peek(r)) {
    case '{': return jr_object(r, skip_member, NULL);
    case '[': return jr_array(r, skip_item, NULL);
    case '"': return jr_string(r, NULL);
    case 't': return word(r, "true");
    case 'f': return word(r, "false");
    case 'n': return word(r, "null");
    case -1: return jr_bad(r, "unexpected end");
    default: return number(r);
    }
}

