/*
 * value.c — runtime values (value.h): views of store terms, dates,
 * comparisons, keys, string mapping, conversion to cells.  The arena,
 * hash map and id set the engine keeps them in are in containers.c.
 */
#include "query/value.h"
#include "core/textmap.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

/* ---- constructors ------------------------------------------------------- */

mg_val mg_val_int(long long i)
{
    mg_val v = {0};
    v.kind = MG_V_INT;
    v.i = i;
    return v;
}

mg_val mg_val_float(double f)
{
    mg_val v = {0};
    v.kind = MG_V_FLOAT;
    v.f = f;
    return v;
}

mg_val mg_val_bool(int b)
{
    mg_val v = {0};
    v.kind = MG_V_BOOL;
    v.i = b != 0;
    return v;
}

mg_val mg_val_term(mg_id id)
{
    mg_val v = {0};
    v.kind = MG_V_TERM;
    v.id = id;
    return v;
}

mg_val mg_val_str(const char *s, size_t len, const char *lang, const char *dt)
{
    mg_val v = {0};
    v.kind = MG_V_STR;
    v.s = s;
    v.len = len;
    v.lang = lang && *lang ? lang : NULL;
    v.dt = dt && *dt ? dt : NULL;
    return v;
}

/* ---- views -------------------------------------------------------------- */

static int dt_is(const char *dt, const char *local)
{
    return dt && strncmp(dt, XSD, sizeof XSD - 1) == 0 &&
           strcmp(dt + sizeof XSD - 1, local) == 0;
}

int mg_dt_is_date(const char *dt)
{
    return dt_is(dt, "date") || dt_is(dt, "dateTime") ||
           dt_is(dt, "gYear") || dt_is(dt, "gYearMonth") ||
           dt_is(dt, "dateTimeStamp");
}

static int parse_num(const char *s, size_t len, int integral, mg_view *o)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *end;
    if (integral) {
        long long i = strtoll(buf, &end, 10);
        if (*end)
            return 0;
        o->is_int = 1;
        o->i = i;
        o->f = (double)i;
    } else {
        double f = strtod(buf, &end);
        if (*end)
            return 0;
        o->is_int = 0;
        o->f = f;
    }
    o->cls = MG_VC_NUM;
    return 1;
}

/* Fills a view of a literal with the given lexical form and datatype. */
static void view_literal(const char *s, size_t len, const char *lang,
                         const char *dt, mg_view *o)
{
    o->cls = MG_VC_STR;
    o->s = s;
    o->len = len;
    o->lang = lang && *lang ? lang : NULL;
    o->dt = dt && *dt ? dt : NULL;
    if (!o->dt)
        return;
    if (dt_is(dt, "integer") || dt_is(dt, "int") || dt_is(dt, "long") ||
        dt_is(dt, "short") || dt_is(dt, "nonNegativeInteger") ||
        dt_is(dt, "positiveInteger")) {
        if (!parse_num(s, len, 1, o))
            o->cls = MG_VC_STR;
    } else if (dt_is(dt, "decimal") || dt_is(dt, "double") ||
               dt_is(dt, "float")) {
        if (!parse_num(s, len, 0, o))
            o->cls = MG_VC_STR;
    } else if (dt_is(dt, "boolean")) {
        if (len == 4 && memcmp(s, "true", 4) == 0) {
            o->cls = MG_VC_BOOL;
            o->i = 1;
        } else if ((len == 5 && memcmp(s, "false", 5) == 0) ||
                   (len == 1 && (*s == '0' || *s == '1'))) {
            o->cls = MG_VC_BOOL;
            o->i = *s == '1';
        }
    }
}

mg_code mg_val_view(mg_vctx *c, const mg_val *v, mg_view *o)
{
    memset(o, 0, sizeof *o);
    switch (v->kind) {
    case MG_V_NULL:
        o->cls = MG_VC_NULL;
        return MG_OK;
    case MG_V_BOOL:
        o->cls = MG_VC_BOOL;
        o->i = v->i;
        return MG_OK;
    case MG_V_INT:
        o->cls = MG_VC_NUM;
        o->is_int = 1;
        o->i = v->i;
        o->f = (double)v->i;
        return MG_OK;
    case MG_V_FLOAT:
        o->cls = MG_VC_NUM;
        o->f = v->f;
        return MG_OK;
    case MG_V_STR:
        view_literal(v->s, v->len, v->lang, v->dt, o);
        return MG_OK;
    case MG_V_LIST:
        o->cls = MG_VC_LIST;
        return MG_OK;
    case MG_V_TERM: {
        mg_term t;
        MG_TRY(mg_term_get(c->txn, v->id, &t, c->st));
        o->id = v->id;
        if (t.kind == MG_TERM_LITERAL) {
            view_literal(t.value, t.len, t.lang, t.datatype, o);
        } else {
            o->cls = MG_VC_NODE;
            o->s = t.value;
            o->len = t.len;
            o->blank = t.kind == MG_TERM_BLANK;
        }
        return MG_OK;
    }
    }
    return MG_OK;
}

/* Prints a number the shortest way that reads back the same. */
static const char *num_text(mg_arena *a, const mg_view *w, size_t *len)
{
    char buf[64];
    if (w->is_int)
        snprintf(buf, sizeof buf, "%lld", w->i);
    else
        mg_double_text(w->f, buf);
    *len = strlen(buf);
    return mg_arena_strndup(a, buf, *len);
}

static const char *view_lexical(mg_vctx *c, const mg_view *w, size_t *len)
{
    switch (w->cls) {
    case MG_VC_NUM:
        if (w->s) { /* a store or typed literal: its own lexical form */
            *len = w->len;
            return w->s;
        }
        return num_text(c->scratch, w, len);
    case MG_VC_BOOL:
        if (w->s) {
            *len = w->len;
            return w->s;
        }
        *len = w->i ? 4 : 5;
        return w->i ? "true" : "false";
    case MG_VC_STR:
    case MG_VC_NODE:
        *len = w->len;
        return w->s;
    default:
        *len = 0;
        return "";
    }
}

mg_code mg_val_lexical(mg_vctx *c, const mg_val *v, const char **s,
                       size_t *len)
{
    mg_view w;
    MG_TRY(mg_val_view(c, v, &w));
    *s = view_lexical(c, &w, len);
    if (!*s)
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

mg_code mg_val_copy(mg_arena *a, const mg_val *v, mg_val *out, int deep)
{
    *out = *v;
    if (v->kind == MG_V_STR && deep) {
        out->s = mg_arena_strndup(a, v->s, v->len);
        out->lang = v->lang ? mg_arena_strndup(a, v->lang, strlen(v->lang))
                            : NULL;
        out->dt = v->dt ? mg_arena_strndup(a, v->dt, strlen(v->dt)) : NULL;
        if (!out->s || (v->lang && !out->lang) || (v->dt && !out->dt))
            return MG_ERR_NOMEM;
    } else if (v->kind == MG_V_LIST) {
        out->items = v->n ? mg_arena_alloc(a, v->n * sizeof *v->items) : NULL;
        if (v->n && !out->items)
            return MG_ERR_NOMEM;
        for (size_t i = 0; i < v->n; i++)
            MG_TRY(mg_val_copy(a, &v->items[i], &out->items[i], deep));
    }
    return MG_OK;
}

/* ---- dates -------------------------------------------------------------- */

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int num2(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Whether the fields written so far into a date key are in range. */
static int key_valid(const char *k)
{
    int year = ((k[0] - '0') * 1000 + (k[1] - '0') * 100 + (k[2] - '0') * 10 +
                (k[3] - '0'));
    int month = num2(k + 5), day = num2(k + 8);
    static const int dim[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > dim[month - 1])
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap)
        return 0;
    return num2(k + 11) < 24 && num2(k + 14) < 60 && num2(k + 17) <= 60;
}

/*
 * The start of the period a date of any precision names, as a sortable
 * "YYYY-MM-DDThh:mm:ss" key: missing month/day are 01, time 00:00:00.
 * Time zones are ignored (the seed data has none).  0 when `s` is not a
 * date or names an impossible one (month 13, 30 February).
 */
int mg_date_key(const char *s, size_t len, char out[20])
{
    memcpy(out, "0000-01-01T00:00:00", 20);
    if (len < 4 || !digits(s, 4))
        return 0;
    memcpy(out, s, 4);
    if (len == 4 || s[4] == 'Z' || s[4] == '+')
        return key_valid(out);
    if (s[4] != '-' || len < 7 || !digits(s + 5, 2))
        return 0;
    memcpy(out + 5, s + 5, 2);
    if (len == 7 || s[7] == 'Z' || s[7] == '+')
        return key_valid(out);
    if (s[7] != '-' || len < 10 || !digits(s + 8, 2))
        return 0;
    memcpy(out + 8, s + 8, 2);
    if (len == 10 || s[10] == 'Z' || s[10] == '+' || s[10] == '-')
        return key_valid(out);
    if (s[10] != 'T' || len < 16 || !digits(s + 11, 2) || s[13] != ':' ||
        !digits(s + 14, 2))
        return 0;
    memcpy(out + 11, s + 11, 5);
    if (len >= 19 && s[16] == ':' && digits(s + 17, 2))
        memcpy(out + 17, s + 17, 2);
    return key_valid(out);
}

/* ---- comparison --------------------------------------------------------- */

static int memcmp_len(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    if (c)
        return c;
    return al < bl ? -1 : al > bl;
}

/* Compares two scalar views; returns 1 and *out when comparable. */
static int scalar_cmp(mg_vctx *c, const mg_view *a, const mg_view *b,
                      int *out)
{
    if (a->cls == MG_VC_NODE && b->cls == MG_VC_NODE && a->id && b->id &&
        a->id == b->id) {
        *out = 0;
        return 1;
    }
    if (a->cls == MG_VC_NUM && b->cls == MG_VC_NUM) {
        if (a->is_int && b->is_int)
            *out = (a->i > b->i) - (a->i < b->i);
        else if (isnan(a->f) || isnan(b->f))
            return 0;
        else
            *out = (a->f > b->f) - (a->f < b->f);
        return 1;
    }
    if (a->cls == MG_VC_BOOL && b->cls == MG_VC_BOOL) {
        *out = (int)(a->i - b->i);
        return 1;
    }
    if (a->cls == MG_VC_BOOL || b->cls == MG_VC_BOOL)
        return 0;
    /* A number and a string do not compare (openCypher: null; = false). */
    if ((a->cls == MG_VC_NUM) != (b->cls == MG_VC_NUM))
        return 0;
    size_t al, bl;
    const char *as = view_lexical(c, a, &al), *bs = view_lexical(c, b, &bl);
    if (!as || !bs)
        return 0;
    /* Dates of any precision compare by their start when one side is
     * typed as a date; the other must read as one (a day without a year,
     * "--06-30", has no place on the time line: no comparison). */
    if (mg_dt_is_date(a->dt) || mg_dt_is_date(b->dt)) {
        char ka[20], kb[20];
        if (!mg_date_key(as, al, ka) || !mg_date_key(bs, bl, kb))
            return 0;
        *out = strcmp(ka, kb);
        return 1;
    }
    *out = memcmp_len(as, al, bs, bl);
    return 1;
}

static int cmp_op(int c, int op)
{
    switch (op) {
    case '=': return c == 0;
    case '!': return c != 0;
    case '<': return c < 0;
    case 'l': return c <= 0;
    case '>': return c > 0;
    case 'g': return c >= 0;
    }
    return 0;
}

/* op: '=' '!'(<>) '<' 'l'(<=) '>' 'g'(>=) */
int mg_val_compare(mg_vctx *c, const mg_val *a, const mg_val *b, int op)
{
    if (a->kind == MG_V_NULL || b->kind == MG_V_NULL)
        return -1;
    if (a->kind == MG_V_LIST || b->kind == MG_V_LIST) {
        const mg_val *l = a->kind == MG_V_LIST ? a : b;
        int res = 0;
        for (size_t i = 0; i < l->n; i++) {
            int r = l == a ? mg_val_compare(c, &l->items[i], b, op)
                           : mg_val_compare(c, a, &l->items[i], op);
            if (r == 1)
                return 1;
            if (r == -1)
                res = -1;
        }
        return res;
    }
    mg_view va, vb;
    if (mg_val_view(c, a, &va) || mg_val_view(c, b, &vb))
        return -1;
    int r;
    if (!scalar_cmp(c, &va, &vb, &r))
        return op == '=' ? 0 : op == '!' ? 1 : -1;
    return cmp_op(r, op);
}

static int cls_rank(mg_vclass k)
{
    switch (k) {
    case MG_VC_BOOL: return 1;
    case MG_VC_NUM: return 2;
    case MG_VC_STR: return 3;
    case MG_VC_NODE: return 4;
    case MG_VC_LIST: return 5;
    default: return 6;
    }
}

int mg_val_order(mg_vctx *c, const mg_val *a, const mg_val *b)
{
    if (a->kind == MG_V_TERM && b->kind == MG_V_TERM && a->id == b->id)
        return 0;
    mg_view va, vb;
    if (mg_val_view(c, a, &va) || mg_val_view(c, b, &vb))
        return 0;
    int ra = cls_rank(va.cls), rb = cls_rank(vb.cls);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (va.cls == MG_VC_LIST) {
        for (size_t i = 0; i < a->n && i < b->n; i++) {
            int r = mg_val_order(c, &a->items[i], &b->items[i]);
            if (r)
                return r;
        }
        return (a->n > b->n) - (a->n < b->n);
    }
    if (va.cls == MG_VC_NULL)
        return 0;
    if (va.cls == MG_VC_NODE && va.blank != vb.blank)
        return va.blank ? 1 : -1;
    int r;
    if (!scalar_cmp(c, &va, &vb, &r))
        return 0;
    return r;
}

int mg_val_truthy(const mg_val *v)
{
    return v->kind == MG_V_BOOL && v->i;
}

/* ---- keys --------------------------------------------------------------- */

static int key_put(char **buf, size_t *len, size_t *cap, const void *p,
                   size_t n)
{
    if (*len + n > *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        while (nc < *len + n)
            nc *= 2;
        char *nb = realloc(*buf, nc);
        if (!nb)
            return -1;
        *buf = nb;
        *cap = nc;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    return 0;
}

mg_code mg_val_key(mg_vctx *c, const mg_val *v, char **buf, size_t *len,
                   size_t *cap)
{
    char tag;
    int bad = 0;
    switch (v->kind) {
    case MG_V_NULL:
        tag = 'N';
        bad = key_put(buf, len, cap, &tag, 1);
        break;
    case MG_V_BOOL:
    case MG_V_INT:
        tag = v->kind == MG_V_BOOL ? 'B' : 'I';
        bad = key_put(buf, len, cap, &tag, 1) ||
              key_put(buf, len, cap, &v->i, sizeof v->i);
        break;
    case MG_V_FLOAT: {
        /* An integral float keys like the integer (1.0 and 1 group). */
        if (v->f == floor(v->f) && fabs(v->f) < 9e15) {
            long long i = (long long)v->f;
            tag = 'I';
            bad = key_put(buf, len, cap, &tag, 1) ||
                  key_put(buf, len, cap, &i, sizeof i);
        } else {
            tag = 'F';
            bad = key_put(buf, len, cap, &tag, 1) ||
                  key_put(buf, len, cap, &v->f, sizeof v->f);
        }
        break;
    }
    case MG_V_TERM:
        tag = 'T';
        bad = key_put(buf, len, cap, &tag, 1) ||
              key_put(buf, len, cap, &v->id, sizeof v->id);
        break;
    case MG_V_STR: {
        tag = 'S';
        size_t n = v->len;
        const char *l = v->lang ? v->lang : "", *d = v->dt ? v->dt : "";
        bad = key_put(buf, len, cap, &tag, 1) ||
              key_put(buf, len, cap, &n, sizeof n) ||
              key_put(buf, len, cap, v->s, n) ||
              key_put(buf, len, cap, l, strlen(l) + 1) ||
              key_put(buf, len, cap, d, strlen(d) + 1);
        break;
    }
    case MG_V_LIST:
        tag = 'L';
        bad = key_put(buf, len, cap, &tag, 1) ||
              key_put(buf, len, cap, &v->n, sizeof v->n);
        for (size_t i = 0; !bad && i < v->n; i++)
            MG_TRY(mg_val_key(c, &v->items[i], buf, len, cap));
        break;
    }
    if (bad)
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

/* ---- strings ------------------------------------------------------------ */

char *mg_str_map(mg_arena *a, const char *s, size_t len, int mode,
                 size_t *outlen)
{
    char *o = mg_arena_alloc(a, MG_TEXT_MAP_MAX(len) + 1);
    if (!o)
        return NULL;
    *outlen = mg_text_map(s, len, mode, o);
    return o;
}

/* ---- cells -------------------------------------------------------------- */

const char *mg_iri_short(mg_arena *a, const char *iri, size_t len)
{
    const char *local;
    const mg_prefix *p = mg_prefix_for_iri(iri, len, &local);
    if (p && mg_prefix_local_ok(local, len - (size_t)(local - iri))) {
        size_t pl = strlen(p->name), ll = len - (size_t)(local - iri);
        char *o = mg_arena_alloc(a, pl + ll + 2);
        if (!o)
            return NULL;
        memcpy(o, p->name, pl);
        o[pl] = ':';
        memcpy(o + pl + 1, local, ll);
        o[pl + 1 + ll] = 0;
        return o;
    }
    return mg_arena_strndup(a, iri, len);
}

mg_code mg_val_cell(mg_vctx *c, mg_arena *a, const mg_val *v, mg_cell *out)
{
    memset(out, 0, sizeof *out);
    switch (v->kind) {
    case MG_V_NULL:
        out->kind = MG_CELL_UNBOUND;
        return MG_OK;
    case MG_V_LIST: {
        mg_cell *items = v->n ? mg_arena_alloc(a, v->n * sizeof *items) : NULL;
        if (v->n && !items)
            return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < v->n; i++)
            MG_TRY(mg_val_cell(c, a, &v->items[i], &items[i]));
        out->kind = MG_CELL_LIST;
        out->items = items;
        out->nitems = v->n;
        return MG_OK;
    }
    case MG_V_TERM: {
        mg_term t;
        MG_TRY(mg_term_get(c->txn, v->id, &t, c->st));
        out->kind = t.kind == MG_TERM_IRI     ? MG_CELL_IRI
                    : t.kind == MG_TERM_BLANK ? MG_CELL_BLANK
                                              : MG_CELL_LITERAL;
        /* mg_term strings are not NUL-terminated: copy the value. */
        out->value = mg_arena_strndup(a, t.value, t.len);
        out->lang = t.lang && *t.lang ? t.lang : NULL;
        out->datatype = t.datatype && *t.datatype ? t.datatype : NULL;
        if (!out->value)
            return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        return MG_OK;
    }
    case MG_V_STR:
        out->kind = MG_CELL_LITERAL;
        out->value = mg_arena_strndup(a, v->s, v->len);
        out->lang = v->lang;
        out->datatype = v->dt;
        return out->value ? MG_OK
                          : mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    default: {
        mg_view w;
        MG_TRY(mg_val_view(c, v, &w));
        size_t n;
        const char *s = view_lexical(c, &w, &n);
        out->kind = MG_CELL_LITERAL;
        out->value = s ? mg_arena_strndup(a, s, n) : NULL;
        out->datatype = v->kind == MG_V_BOOL  ? XSD "boolean"
                        : v->kind == MG_V_INT ? XSD "integer"
                                              : XSD "double";
        return out->value ? MG_OK
                          : mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    }
    }
}
