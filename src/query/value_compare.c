/*
 * value_compare.c — comparing runtime values (value.h): date keys (the
 * start of the period a date of any precision names), the three-valued
 * comparison of = <> < <= > >= (any element for lists), the total order
 * of ORDER BY, min and max, truth in WHERE, and the byte keys that
 * DISTINCT and grouping test equality with.
 */
#include "query/value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    const char *as = mg_view_lexical(c, a, &al);
    const char *bs = mg_view_lexical(c, b, &bl);
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
    return mg_view_order(c, a, &va, b, &vb);
}

int mg_view_order(mg_vctx *c, const mg_val *a, const mg_view *pa,
                  const mg_val *b, const mg_view *pb)
{
    if (a->kind == MG_V_TERM && b->kind == MG_V_TERM && a->id == b->id)
        return 0;
    int ra = cls_rank(pa->cls), rb = cls_rank(pb->cls);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (pa->cls == MG_VC_LIST) {
        for (size_t i = 0; i < a->n && i < b->n; i++) {
            int r = mg_val_order(c, &a->items[i], &b->items[i]);
            if (r)
                return r;
        }
        return (a->n > b->n) - (a->n < b->n);
    }
    if (pa->cls == MG_VC_NULL)
        return 0;
    if (pa->cls == MG_VC_NODE && pa->blank != pb->blank)
        return pa->blank ? 1 : -1;
    int r;
    if (!scalar_cmp(c, pa, pb, &r))
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
