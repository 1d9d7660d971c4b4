/*
 * exec_fn.c — what expressions read from the store and the scalar
 * functions (exec.h): node properties (n.prop, n.label: one value or a
 * sorted list, the French label first) and fold, id, type, labels,
 * source, lang, str, year, lower, upper, trim, size and date, mapped over
 * lists.  The operators and the evaluator are in exec_expr.c.
 */
#include "query/exec.h"

#include <stdlib.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

/* ---- node properties ---------------------------------------------------- */

static void sort_vals(mg_exec *x, mg_val *v, size_t n)
{
    for (size_t i = 1; i < n; i++) { /* lists of values are short */
        mg_val t = v[i];
        size_t j = i;
        while (j > 0 && mg_val_order(&x->vc, &v[j - 1], &t) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = t;
    }
}

static mg_code collect_objects(mg_exec *x, mg_id s, mg_id p, mg_arena *a,
                               mg_val **items, size_t *n)
{
    mg_quad pat = {0, s, p, 0}, q;
    mg_cursor *c;
    size_t cap = 0;
    *items = NULL;
    *n = 0;
    MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
    int r = 0;
    while ((r = mg_cursor_next(c, &q, x->st)) == 1) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 4;
            mg_val *ni = mg_arena_alloc(a, nc * sizeof *ni);
            if (!ni) {
                mg_cursor_close(c);
                return mg_eval_nomem(x);
            }
            if (*n)
                memcpy(ni, *items, *n * sizeof *ni);
            *items = ni;
            cap = nc;
        }
        (*items)[(*n)++] = mg_val_term(q.o);
    }
    mg_cursor_close(c);
    if (r < 0)
        return x->st->code ? x->st->code : MG_ERR_STORE;
    return MG_OK;
}

mg_code mg_node_prop(mg_exec *x, const mg_val *node, mg_id prop, int label,
                     mg_arena *a, mg_val *out)
{
    *out = mg_val_null();
    if (label)
        prop = x->vocab->rdfs_label;
    if (node->kind != MG_V_TERM || !prop)
        return MG_OK;
    /* label is part of the key: n.label picks one of rdfs:label's values */
    mg_id key = label ? ~prop : prop;
    struct mg_propslot *slot = NULL;
    if (!x->props_off) {
        const uint64_t g = 0x9E3779B97F4A7C15ull; /* mixes node and key */
        slot = &x->props[(((node->id * g) ^ key) * g) >> 58];
        if (slot->node == node->id && slot->prop == key) {
            *out = slot->val;
            return MG_OK;
        }
    }
    mg_val *items;
    size_t n;
    MG_TRY(collect_objects(x, node->id, prop, a, &items, &n));
    sort_vals(x, items, n);
    if (label && n) {
        /* One value: the French label if any, else the first label. */
        *out = items[0];
        for (size_t i = 0; i < n; i++) {
            mg_view w;
            MG_TRY(mg_val_view(&x->vc, &items[i], &w));
            if (w.lang && (w.lang[0] == 'f' || w.lang[0] == 'F') &&
                (w.lang[1] == 'r' || w.lang[1] == 'R') &&
                (w.lang[2] == 0 || w.lang[2] == '-')) {
                *out = items[i];
                break;
            }
        }
    } else if (n == 1) {
        *out = items[0];
    }
    if (label || n <= 1) {
        if (slot) {
            slot->node = node->id;
            slot->prop = key;
            slot->val = *out;
        }
        return MG_OK;
    }
    out->kind = MG_V_LIST;
    out->items = items;
    out->n = n;
    return MG_OK;
}

/* ---- functions ---------------------------------------------------------- */

static size_t utf8_len(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Applies a one-argument function to each element of a list. */
static mg_code map_list(mg_exec *x, const mg_cexpr *e, const mg_val *v,
                        mg_arena *a, mg_val *out)
{
    mg_val *items = v->n ? mg_arena_alloc(a, v->n * sizeof *items) : NULL;
    if (v->n && !items)
        return mg_eval_nomem(x);
    for (size_t i = 0; i < v->n; i++)
        MG_TRY(mg_fn_scalar(x, e, &v->items[i], a, &items[i]));
    *out = *v;
    out->items = items;
    return MG_OK;
}

static mg_code node_classes(mg_exec *x, const mg_val *v, mg_arena *a,
                            mg_val *out)
{
    mg_val *items;
    size_t n;
    if (v->kind != MG_V_TERM || !x->vocab->rdf_type) {
        *out = mg_val_null();
        return MG_OK;
    }
    MG_TRY(collect_objects(x, v->id, x->vocab->rdf_type, a, &items, &n));
    for (size_t i = 0; i < n; i++) {
        mg_term t;
        MG_TRY(mg_term_get(x->txn, items[i].id, &t, x->st));
        const char *s = mg_iri_short(a, t.value, t.len);
        if (!s)
            return mg_eval_nomem(x);
        items[i] = mg_eval_str(s, strlen(s));
    }
    sort_vals(x, items, n);
    out->kind = MG_V_LIST;
    out->items = items;
    out->n = n;
    return MG_OK;
}

static mg_code node_sources(mg_exec *x, const mg_val *v, mg_arena *a,
                            mg_val *out)
{
    if (v->kind != MG_V_TERM) {
        *out = mg_val_null();
        return MG_OK;
    }
    mg_quad pat = {0, v->id, 0, 0}, q;
    mg_cursor *c;
    mg_idset seen = {0};
    mg_val *items = NULL;
    size_t n = 0, cap = 0;
    MG_TRY(mg_cursor_open(x->txn, &pat, 0, &c, x->st));
    int r = 0;
    mg_code rc = MG_OK;
    while (rc == MG_OK && (r = mg_cursor_next(c, &q, x->st)) == 1) {
        int ad = mg_idset_add(&seen, q.g);
        if (ad < 0)
            rc = mg_eval_nomem(x);
        if (ad <= 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 4;
            mg_val *ni = mg_arena_alloc(a, nc * sizeof *ni);
            if (!ni) {
                rc = mg_eval_nomem(x);
                break;
            }
            if (n)
                memcpy(ni, items, n * sizeof *ni);
            items = ni;
            cap = nc;
        }
        items[n++] = mg_val_term(q.g);
    }
    if (rc == MG_OK && r < 0)
        rc = x->st->code ? x->st->code : MG_ERR_STORE;
    mg_cursor_close(c);
    mg_idset_free(&seen);
    MG_TRY(rc);
    sort_vals(x, items, n);
    out->kind = MG_V_LIST;
    out->items = items;
    out->n = n;
    return MG_OK;
}

mg_code mg_fn_scalar(mg_exec *x, const mg_cexpr *e, const mg_val *v,
                     mg_arena *a, mg_val *out)
{
    *out = mg_val_null();
    if (v->kind == MG_V_NULL)
        return MG_OK;
    mg_fn fn = e->fn;
    if (v->kind == MG_V_LIST && fn != MG_FN_SIZE)
        return map_list(x, e, v, a, out);
    const char *s;
    size_t n;
    mg_view w;
    MG_TRY(mg_val_view(&x->vc, v, &w));
    switch (fn) {
    case MG_FN_FOLD:
    case MG_FN_LOWER:
    case MG_FN_UPPER: {
        MG_TRY(mg_eval_lexical(x, v, &s, &n));
        size_t on;
        char *o = mg_str_map(a, s, n,
                             fn == MG_FN_FOLD ? 'f' : fn == MG_FN_LOWER ? 'l' : 'u',
                             &on);
        if (!o)
            return mg_eval_nomem(x);
        *out = mg_eval_str(o, on);
        return MG_OK;
    }
    case MG_FN_TRIM: {
        MG_TRY(mg_eval_lexical(x, v, &s, &n));
        while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
            s++;
            n--;
        }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        char *o = mg_arena_strndup(a, s, n);
        if (!o)
            return mg_eval_nomem(x);
        *out = mg_eval_str(o, n);
        return MG_OK;
    }
    case MG_FN_ID:
    case MG_FN_STR: {
        if (fn == MG_FN_ID && w.cls == MG_VC_NODE && w.blank) {
            char *o = mg_arena_alloc(a, w.len + 3);
            if (!o)
                return mg_eval_nomem(x);
            memcpy(o, "_:", 2);
            memcpy(o + 2, w.s, w.len);
            o[w.len + 2] = 0;
            *out = mg_eval_str(o, w.len + 2);
            return MG_OK;
        }
        MG_TRY(mg_eval_lexical(x, v, &s, &n));
        char *o = mg_arena_strndup(a, s, n);
        if (!o)
            return mg_eval_nomem(x);
        *out = mg_eval_str(o, n);
        return MG_OK;
    }
    case MG_FN_TYPE: {
        if (w.cls != MG_VC_NODE)
            return mg_eval_type_error(x, e,
                                      "type() needs a relationship variable");
        const char *o = mg_iri_short(a, w.s, w.len);
        if (!o)
            return mg_eval_nomem(x);
        *out = mg_eval_str(o, strlen(o));
        return MG_OK;
    }
    case MG_FN_LABELS:
        return node_classes(x, v, a, out);
    case MG_FN_SOURCE:
        return node_sources(x, v, a, out);
    case MG_FN_LANG:
        if (w.cls == MG_VC_NODE)
            return MG_OK;
        *out = mg_eval_str(w.lang ? w.lang : "", w.lang ? strlen(w.lang) : 0);
        return MG_OK;
    case MG_FN_YEAR: {
        if (w.cls == MG_VC_NUM && w.is_int) {
            *out = mg_val_int(w.i);
            return MG_OK;
        }
        MG_TRY(mg_eval_lexical(x, v, &s, &n));
        char k[20];
        if (mg_date_key(s, n, k))
            *out = mg_val_int(atoi(k) * (s[0] == '-' ? -1 : 1));
        return MG_OK;
    }
    case MG_FN_SIZE:
        if (v->kind == MG_V_LIST) {
            *out = mg_val_int((long long)v->n);
            return MG_OK;
        }
        MG_TRY(mg_eval_lexical(x, v, &s, &n));
        *out = mg_val_int((long long)utf8_len(s, n));
        return MG_OK;
    case MG_FN_DATE: {
        MG_TRY(mg_eval_lexical(x, v, &s, &n));
        char k[20];
        if (!mg_date_key(s, n, k))
            return mg_eval_type_error(x, e,
                                      "not a date (YYYY, YYYY-MM, YYYY-MM-DD "
                                      "or YYYY-MM-DDThh:mm:ss)");
        const char *dt = n == 4 ? XSD "gYear" : n == 7 ? XSD "gYearMonth"
                                  : n == 10 ? XSD "date" : XSD "dateTime";
        char *o = mg_arena_strndup(a, s, n);
        if (!o)
            return mg_eval_nomem(x);
        *out = mg_val_str(o, n, NULL, dt);
        return MG_OK;
    }
    default:
        return mg_eval_type_error(x, e, "unknown function");
    }
}
