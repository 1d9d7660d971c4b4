/*
 * exec_expr.c — evaluating compiled expressions (plan.h) on a row:
 * three-valued logic, comparisons, string and regex operators,
 * arithmetic, lists and coalesce, and the helpers exec_fn.c shares (type
 * errors, lexical forms).  Node properties and the scalar functions are
 * in exec_fn.c.  Aggregates are computed in exec_proj.c; here an
 * MG_CX_AGG node only reads the group's value.
 */
#include "query/exec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mg_code mg_eval_type_error(mg_exec *x, const mg_cexpr *e, const char *what)
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

mg_code mg_eval_nomem(mg_exec *x)
{
    return mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
}

/* ---- helpers ------------------------------------------------------------ */

mg_code mg_eval_lexical(mg_exec *x, const mg_val *v, const char **s,
                        size_t *n)
{
    return mg_val_lexical(&x->vc, v, s, n);
}

mg_val mg_eval_str(const char *s, size_t n)
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
    MG_TRY(mg_eval_lexical(x, l, &a, &an));
    MG_TRY(mg_eval_lexical(x, r, &b, &bn));
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
            return mg_eval_nomem(x);
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
            return mg_eval_nomem(x);
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
            return mg_eval_type_error(x, e, "arithmetic needs numbers");
        const char *s1, *s2;
        size_t n1, n2;
        MG_TRY(mg_eval_lexical(x, l, &s1, &n1));
        MG_TRY(mg_eval_lexical(x, r, &s2, &n2));
        char *o = mg_arena_alloc(a, n1 + n2 + 1);
        if (!o)
            return mg_eval_nomem(x);
        memcpy(o, s1, n1);
        memcpy(o + n1, s2, n2);
        o[n1 + n2] = 0;
        *out = mg_eval_str(o, n1 + n2);
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
                return mg_eval_type_error(x, e, "division by zero");
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
            return mg_eval_type_error(x, e->a, "AND/OR need booleans");
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
            return mg_eval_type_error(x, e->b, "AND/OR need booleans");
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
            return mg_eval_type_error(x, e, "XOR needs booleans");
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
            return mg_eval_type_error(x, e, "IN needs a list on its right");
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
            rc = mg_eval_nomem(x);
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
                rc = mg_fn_scalar(x, e, &v, a, out);
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
                rc = mg_eval_type_error(x, e, "NOT needs a boolean");
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
