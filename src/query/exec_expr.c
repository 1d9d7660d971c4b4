/*
 * exec_expr.c — evaluating compiled expressions (plan.h) on a row:
 * three-valued logic, comparisons, string and regex operators,
 * arithmetic, node properties (n.prop, n.label) and the scalar functions
 * (fold, id, type, labels, source, lang, str, year, lower, upper, trim,
 * size, coalesce, date).  Aggregates are computed in exec_proj.c; here an
 * MG_CX_AGG node only reads the group's value.
 */
#include "query/exec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

static mg_code type_error(mg_exec *x, const mg_cexpr *e, const char *what)
{
    char msg[MG_STATUS_MSG_MAX];
    if (e->src && x->plan->text && e->src->len > 0) {
        snprintf(msg, sizeof msg, "type error in %.*s: %s", e->src->len,
                 x->plan->text + e->src->pos, what);
        mg_caret_append(x->plan->text, e->src->pos, e->src->len, msg,
                        sizeof msg);
    } else {
        snprintf(msg, sizeof msg, "type error: %s", what);
    }
    return mg_fail(x->st, MG_ERR_ARG, "%s", msg);
}

static mg_code nomem(mg_exec *x)
{
    return mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
}

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
                return nomem(x);
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
    mg_val *items;
    size_t n;
    MG_TRY(collect_objects(x, node->id, prop, a, &items, &n));
    if (!n)
        return MG_OK;
    sort_vals(x, items, n);
    if (label) {
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
        return MG_OK;
    }
    if (n == 1) {
        *out = items[0];
        return MG_OK;
    }
    out->kind = MG_V_LIST;
    out->items = items;
    out->n = n;
    return MG_OK;
}

/* ---- helpers ------------------------------------------------------------ */

static mg_code lexical(mg_exec *x, const mg_val *v, const char **s,
                       size_t *n)
{
    return mg_val_lexical(&x->vc, v, s, n);
}

static mg_val str_val(const char *s, size_t n)
{
    return mg_val_str(s, n, NULL, NULL);
}

/* 1 true, 0 false, -1 null; -2 not a boolean. */
static int truth(const mg_val *v)
{
    if (v->kind == MG_V_NULL)
        return -1;
    if (v->kind == MG_V_BOOL)
        return v->i != 0;
    return -2;
}

static mg_val tv_val(int t)
{
    return t < 0 ? mg_val_null() : mg_val_bool(t);
}

static size_t utf8_len(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ---- functions ---------------------------------------------------------- */

static mg_code fn_scalar(mg_exec *x, const mg_cexpr *e, const mg_val *v,
                         mg_arena *a, mg_val *out);

/* Applies a one-argument function to each element of a list. */
static mg_code map_list(mg_exec *x, const mg_cexpr *e, const mg_val *v,
                        mg_arena *a, mg_val *out)
{
    mg_val *items = v->n ? mg_arena_alloc(a, v->n * sizeof *items) : NULL;
    if (v->n && !items)
        return nomem(x);
    for (size_t i = 0; i < v->n; i++)
        MG_TRY(fn_scalar(x, e, &v->items[i], a, &items[i]));
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
            return nomem(x);
        items[i] = str_val(s, strlen(s));
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
            rc = nomem(x);
        if (ad <= 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 4;
            mg_val *ni = mg_arena_alloc(a, nc * sizeof *ni);
            if (!ni) {
                rc = nomem(x);
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

static mg_code fn_scalar(mg_exec *x, const mg_cexpr *e, const mg_val *v,
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
        MG_TRY(lexical(x, v, &s, &n));
        size_t on;
        char *o = mg_str_map(a, s, n,
                             fn == MG_FN_FOLD ? 'f' : fn == MG_FN_LOWER ? 'l' : 'u',
                             &on);
        if (!o)
            return nomem(x);
        *out = str_val(o, on);
        return MG_OK;
    }
    case MG_FN_TRIM: {
        MG_TRY(lexical(x, v, &s, &n));
        while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
            s++;
            n--;
        }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        char *o = mg_arena_strndup(a, s, n);
        if (!o)
            return nomem(x);
        *out = str_val(o, n);
        return MG_OK;
    }
    case MG_FN_ID:
    case MG_FN_STR: {
        if (fn == MG_FN_ID && w.cls == MG_VC_NODE && w.blank) {
            char *o = mg_arena_alloc(a, w.len + 3);
            if (!o)
                return nomem(x);
            memcpy(o, "_:", 2);
            memcpy(o + 2, w.s, w.len);
            o[w.len + 2] = 0;
            *out = str_val(o, w.len + 2);
            return MG_OK;
        }
        MG_TRY(lexical(x, v, &s, &n));
        char *o = mg_arena_strndup(a, s, n);
        if (!o)
            return nomem(x);
        *out = str_val(o, n);
        return MG_OK;
    }
    case MG_FN_TYPE: {
        if (w.cls != MG_VC_NODE)
            return type_error(x, e, "type() needs a relationship variable");
        const char *o = mg_iri_short(a, w.s, w.len);
        if (!o)
            return nomem(x);
        *out = str_val(o, strlen(o));
        return MG_OK;
    }
    case MG_FN_LABELS:
        return node_classes(x, v, a, out);
    case MG_FN_SOURCE:
        return node_sources(x, v, a, out);
    case MG_FN_LANG:
        if (w.cls == MG_VC_NODE)
            return MG_OK;
        *out = str_val(w.lang ? w.lang : "", w.lang ? strlen(w.lang) : 0);
        return MG_OK;
    case MG_FN_YEAR: {
        if (w.cls == MG_VC_NUM && w.is_int) {
            *out = mg_val_int(w.i);
            return MG_OK;
        }
        MG_TRY(lexical(x, v, &s, &n));
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
        MG_TRY(lexical(x, v, &s, &n));
        *out = mg_val_int((long long)utf8_len(s, n));
        return MG_OK;
    case MG_FN_DATE: {
        MG_TRY(lexical(x, v, &s, &n));
        char k[20];
        if (!mg_date_key(s, n, k))
            return type_error(x, e, "not a date (YYYY, YYYY-MM, YYYY-MM-DD "
                                    "or YYYY-MM-DDThh:mm:ss)");
        const char *dt = n == 4 ? XSD "gYear" : n == 7 ? XSD "gYearMonth"
                                  : n == 10 ? XSD "date" : XSD "dateTime";
        char *o = mg_arena_strndup(a, s, n);
        if (!o)
            return nomem(x);
        *out = mg_val_str(o, n, NULL, dt);
        return MG_OK;
    }
    default:
        return type_error(x, e, "unknown function");
    }
}

/* ---- operators ---------------------------------------------------------- */

static mg_code string_op(mg_exec *x, const mg_cexpr *e, const mg_val *l,
                         const mg_val *r, mg_val *out)
{
    if (l->kind == MG_V_NULL || r->kind == MG_V_NULL) {
        *out = mg_val_null();
        return MG_OK;
    }
    if (l->kind == MG_V_LIST) { /* any element */
        int res = 0;
        for (size_t i = 0; i < l->n && res != 1; i++) {
            mg_val o = mg_val_null();
            MG_TRY(string_op(x, e, &l->items[i], r, &o));
            if (o.kind == MG_V_BOOL && o.i)
                res = 1;
        }
        *out = mg_val_bool(res);
        return MG_OK;
    }
    const char *a, *b;
    size_t an, bn;
    MG_TRY(lexical(x, l, &a, &an));
    MG_TRY(lexical(x, r, &b, &bn));
    int res = 0;
    switch (e->op) {
    case MG_OP_STARTS_WITH:
        res = bn <= an && memcmp(a, b, bn) == 0;
        break;
    case MG_OP_ENDS_WITH:
        res = bn <= an && memcmp(a + an - bn, b, bn) == 0;
        break;
    case MG_OP_CONTAINS:
        if (bn == 0)
            res = 1;
        for (size_t i = 0; !res && bn <= an && i + bn <= an; i++)
            res = memcmp(a + i, b, bn) == 0;
        break;
    case MG_OP_REGEX: {
        /* regexec needs a NUL-terminated subject; store strings are not. */
        char *subj = mg_arena_strndup(x->vc.scratch, a, an);
        if (!subj)
            return nomem(x);
        if (e->re) {
            res = regexec(e->re, subj, 0, NULL, 0) == 0;
        } else {
            regex_t re;
            MG_TRY(mg_regex_compile(b, bn, &re, x->st));
            res = regexec(&re, subj, 0, NULL, 0) == 0;
            regfree(&re);
        }
        break;
    }
    default:
        break;
    }
    *out = mg_val_bool(res);
    return MG_OK;
}

static mg_code arith(mg_exec *x, const mg_cexpr *e, const mg_val *l,
                     const mg_val *r, mg_arena *a, mg_val *out)
{
    *out = mg_val_null();
    if (l->kind == MG_V_NULL || r->kind == MG_V_NULL)
        return MG_OK;
    if (e->op == MG_OP_ADD && (l->kind == MG_V_LIST || r->kind == MG_V_LIST)) {
        size_t ln = l->kind == MG_V_LIST ? l->n : 1;
        size_t rn = r->kind == MG_V_LIST ? r->n : 1;
        mg_val *items = mg_arena_alloc(a, (ln + rn) * sizeof *items);
        if (!items)
            return nomem(x);
        for (size_t i = 0; i < ln; i++)
            items[i] = l->kind == MG_V_LIST ? l->items[i] : *l;
        for (size_t i = 0; i < rn; i++)
            items[ln + i] = r->kind == MG_V_LIST ? r->items[i] : *r;
        out->kind = MG_V_LIST;
        out->items = items;
        out->n = ln + rn;
        return MG_OK;
    }
    mg_view vl, vr;
    MG_TRY(mg_val_view(&x->vc, l, &vl));
    MG_TRY(mg_val_view(&x->vc, r, &vr));
    if (vl.cls != MG_VC_NUM || vr.cls != MG_VC_NUM) {
        if (e->op != MG_OP_ADD)
            return type_error(x, e, "arithmetic needs numbers");
        const char *s1, *s2;
        size_t n1, n2;
        MG_TRY(lexical(x, l, &s1, &n1));
        MG_TRY(lexical(x, r, &s2, &n2));
        char *o = mg_arena_alloc(a, n1 + n2 + 1);
        if (!o)
            return nomem(x);
        memcpy(o, s1, n1);
        memcpy(o + n1, s2, n2);
        o[n1 + n2] = 0;
        *out = str_val(o, n1 + n2);
        return MG_OK;
    }
    if (vl.is_int && vr.is_int) {
        long long p = vl.i, q = vr.i;
        switch (e->op) {
        case MG_OP_ADD: *out = mg_val_int(p + q); return MG_OK;
        case MG_OP_SUB: *out = mg_val_int(p - q); return MG_OK;
        case MG_OP_MUL: *out = mg_val_int(p * q); return MG_OK;
        case MG_OP_DIV:
        case MG_OP_MOD:
            if (q == 0)
                return type_error(x, e, "division by zero");
            *out = mg_val_int(e->op == MG_OP_DIV ? p / q : p % q);
            return MG_OK;
        default: break;
        }
    }
    double p = vl.f, q = vr.f;
    switch (e->op) {
    case MG_OP_ADD: *out = mg_val_float(p + q); break;
    case MG_OP_SUB: *out = mg_val_float(p - q); break;
    case MG_OP_MUL: *out = mg_val_float(p * q); break;
    case MG_OP_DIV: *out = mg_val_float(p / q); break;
    case MG_OP_MOD: *out = mg_val_float(fmod(p, q)); break;
    default: break;
    }
    return MG_OK;
}

static int cmp_code(mg_op op)
{
    switch (op) {
    case MG_OP_EQ: return '=';
    case MG_OP_NE: return '!';
    case MG_OP_LT: return '<';
    case MG_OP_LE: return 'l';
    case MG_OP_GT: return '>';
    default: return 'g';
    }
}

static mg_code eval_binary(mg_exec *x, const mg_cexpr *e, const mg_env *en,
                           mg_arena *a, mg_val *out)
{
    mg_val l, r;
    MG_TRY(mg_eval(x, e->a, en, a, &l));
    if (e->op == MG_OP_AND || e->op == MG_OP_OR) {
        int tl = truth(&l);
        if (tl == -2)
            return type_error(x, e->a, "AND/OR need booleans");
        if (e->op == MG_OP_AND && tl == 0) {
            *out = mg_val_bool(0);
            return MG_OK;
        }
        if (e->op == MG_OP_OR && tl == 1) {
            *out = mg_val_bool(1);
            return MG_OK;
        }
        MG_TRY(mg_eval(x, e->b, en, a, &r));
        int tr = truth(&r);
        if (tr == -2)
            return type_error(x, e->b, "AND/OR need booleans");
        if (e->op == MG_OP_AND)
            *out = tv_val(tr == 0 ? 0 : tl == -1 || tr == -1 ? -1 : 1);
        else
            *out = tv_val(tr == 1 ? 1 : tl == -1 || tr == -1 ? -1 : 0);
        return MG_OK;
    }
    MG_TRY(mg_eval(x, e->b, en, a, &r));
    switch (e->op) {
    case MG_OP_XOR: {
        int tl = truth(&l), tr = truth(&r);
        if (tl == -2 || tr == -2)
            return type_error(x, e, "XOR needs booleans");
        *out = tv_val(tl < 0 || tr < 0 ? -1 : tl != tr);
        return MG_OK;
    }
    case MG_OP_EQ: case MG_OP_NE: case MG_OP_LT:
    case MG_OP_LE: case MG_OP_GT: case MG_OP_GE:
        *out = tv_val(mg_val_compare(&x->vc, &l, &r, cmp_code(e->op)));
        return MG_OK;
    case MG_OP_IN: {
        if (l.kind == MG_V_NULL || r.kind == MG_V_NULL) {
            *out = mg_val_null();
            return MG_OK;
        }
        if (r.kind != MG_V_LIST)
            return type_error(x, e, "IN needs a list on its right");
        int res = 0;
        for (size_t i = 0; i < r.n && res != 1; i++) {
            int c = mg_val_compare(&x->vc, &l, &r.items[i], '=');
            if (c == 1 || c == -1)
                res = c;
        }
        *out = tv_val(res);
        return MG_OK;
    }
    case MG_OP_STARTS_WITH: case MG_OP_ENDS_WITH: case MG_OP_CONTAINS:
    case MG_OP_REGEX:
        return string_op(x, e, &l, &r, out);
    default:
        return arith(x, e, &l, &r, a, out);
    }
}

mg_code mg_eval(mg_exec *x, const mg_cexpr *e, const mg_env *en,
                mg_arena *a, mg_val *out)
{
    mg_arena *saved = x->vc.scratch;
    x->vc.scratch = a; /* numbers printed as text land with the result */
    mg_code rc = MG_OK;
    switch (e->kind) {
    case MG_CX_CONST:
        *out = e->cval;
        break;
    case MG_CX_SLOT:
        *out = e->slot < en->nslots ? en->row[e->slot]
               : en->cols           ? en->cols[e->slot - en->nslots]
                                    : mg_val_null();
        break;
    case MG_CX_AGG:
        *out = en->aggv ? en->aggv[e->slot] : mg_val_null();
        break;
    case MG_CX_LIST: {
        mg_val *items = e->nargs ? mg_arena_alloc(a, e->nargs * sizeof *items)
                                 : NULL;
        if (e->nargs && !items) {
            rc = nomem(x);
            break;
        }
        for (size_t i = 0; i < e->nargs && rc == MG_OK; i++)
            rc = mg_eval(x, e->args[i], en, a, &items[i]);
        *out = mg_val_null();
        out->kind = MG_V_LIST;
        out->items = items;
        out->n = e->nargs;
        break;
    }
    case MG_CX_PROP:
    case MG_CX_LABEL: {
        mg_val n;
        rc = mg_eval(x, e->a, en, a, &n);
        if (rc == MG_OK)
            rc = mg_node_prop(x, &n, e->prop, e->kind == MG_CX_LABEL, a, out);
        break;
    }
    case MG_CX_CALL:
        if (e->fn == MG_FN_COALESCE) {
            *out = mg_val_null();
            for (size_t i = 0; i < e->nargs && rc == MG_OK; i++) {
                rc = mg_eval(x, e->args[i], en, a, out);
                if (out->kind != MG_V_NULL)
                    break;
            }
        } else {
            mg_val v;
            rc = mg_eval(x, e->args[0], en, a, &v);
            if (rc == MG_OK)
                rc = fn_scalar(x, e, &v, a, out);
        }
        break;
    case MG_CX_UNARY: {
        mg_val v;
        rc = mg_eval(x, e->a, en, a, &v);
        if (rc)
            break;
        switch (e->op) {
        case MG_OP_NOT: {
            int t = truth(&v);
            if (t == -2)
                rc = type_error(x, e, "NOT needs a boolean");
            else
                *out = tv_val(t < 0 ? -1 : !t);
            break;
        }
        case MG_OP_IS_NULL:
            *out = mg_val_bool(v.kind == MG_V_NULL);
            break;
        case MG_OP_IS_NOT_NULL:
            *out = mg_val_bool(v.kind != MG_V_NULL);
            break;
        default: { /* NEG */
            mg_val zero = mg_val_int(0);
            mg_cexpr sub = *e;
            sub.op = MG_OP_SUB;
            rc = arith(x, &sub, &zero, &v, a, out);
            break;
        }
        }
        break;
    }
    case MG_CX_BINARY:
        rc = eval_binary(x, e, en, a, out);
        break;
    }
    x->vc.scratch = saved;
    return rc;
}
