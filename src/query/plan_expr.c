/*
 * plan_expr.c — scopes (variable slots) and expression compilation: names to
 * ids, functions, aggregates, parameters (see plan_internal.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "query/plan_internal.h"

/* ---- scope -------------------------------------------------------------- */

static int slot_find(pctx *c, const char *name)
{
    for (int i = 0; i < c->nslots; i++)
        if (strcmp(c->names[i], name) == 0)
            return i;
    return -1;
}

int pl_slot_add(pctx *c, const char *name)
{
    if (c->nslots == c->capslots) {
        int nc = c->capslots ? c->capslots * 2 : 16;
        char **nn = realloc(c->names, (size_t)nc * sizeof *nn);
        if (!nn) {
            mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
            return -1;
        }
        c->names = nn;
        c->capslots = nc;
    }
    char *s = pl_pstrdup(c, name);
    if (!s)
        return -1;
    c->names[c->nslots] = s;
    return c->nslots++;
}

int pl_slot_var(pctx *c, const char *name)
{
    if (!name) {
        char buf[32];
        snprintf(buf, sizeof buf, " anon%d", ++c->anon);
        return pl_slot_add(c, buf);
    }
    int s = slot_find(c, name);
    return s >= 0 ? s : pl_slot_add(c, name);
}

/* ---- expressions -------------------------------------------------------- */

static const struct {
    const char *name;
    mg_fn fn;
    int minargs, maxargs;
} fns[] = {
    {"fold", MG_FN_FOLD, 1, 1},       {"id", MG_FN_ID, 1, 1},
    {"type", MG_FN_TYPE, 1, 1},       {"labels", MG_FN_LABELS, 1, 1},
    {"source", MG_FN_SOURCE, 1, 1},   {"lang", MG_FN_LANG, 1, 1},
    {"str", MG_FN_STR, 1, 1},         {"year", MG_FN_YEAR, 1, 1},
    {"lower", MG_FN_LOWER, 1, 1},     {"upper", MG_FN_UPPER, 1, 1},
    {"tolower", MG_FN_LOWER, 1, 1},   {"toupper", MG_FN_UPPER, 1, 1},
    {"trim", MG_FN_TRIM, 1, 1},       {"size", MG_FN_SIZE, 1, 1},
    {"coalesce", MG_FN_COALESCE, 1, 64}, {"date", MG_FN_DATE, 1, 1},
    {"count", MG_FN_COUNT, 0, 1},     {"collect", MG_FN_COLLECT, 1, 1},
    {"min", MG_FN_MIN, 1, 1},         {"max", MG_FN_MAX, 1, 1},
    {"sum", MG_FN_SUM, 1, 1},         {"avg", MG_FN_AVG, 1, 1},
};

static int fn_lookup(const char *name)
{
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (strcasecmp(fns[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int is_agg_fn(mg_fn f)
{
    return f >= MG_FN_COUNT;
}

int pl_expr_has_agg(const mg_expr *e)
{
    if (!e)
        return 0;
    if (e->kind == MG_E_CALL) {
        int k = fn_lookup(e->text);
        if (k >= 0 && is_agg_fn(fns[k].fn))
            return 1;
    }
    if (pl_expr_has_agg(e->a) || pl_expr_has_agg(e->b))
        return 1;
    for (size_t i = 0; i < e->nargs; i++)
        if (pl_expr_has_agg(e->args[i]))
            return 1;
    return 0;
}

size_t pl_count_aggs(const mg_expr *e)
{
    if (!e)
        return 0;
    size_t n = 0;
    if (e->kind == MG_E_CALL) {
        int k = fn_lookup(e->text);
        if (k >= 0 && is_agg_fn(fns[k].fn))
            n++;
    }
    n += pl_count_aggs(e->a) + pl_count_aggs(e->b);
    for (size_t i = 0; i < e->nargs; i++)
        n += pl_count_aggs(e->args[i]);
    return n;
}

/* A --param value: integer, decimal, true/false, else a string. */
mg_code pl_param_value(pctx *c, const mg_expr *e, mg_val *out)
{
    const mg_query_opts *o = c->opts;
    for (size_t i = 0; o && i < o->nparams; i++) {
        if (strcmp(o->params[i].name, e->text) != 0)
            continue;
        const char *v = o->params[i].value ? o->params[i].value : "";
        char *end;
        if (*v) {
            long long n = strtoll(v, &end, 10);
            if (!*end) {
                *out = mg_val_int(n);
                return MG_OK;
            }
            double f = strtod(v, &end);
            if (!*end && strspn(v, "0123456789.eE+-") == strlen(v)) {
                *out = mg_val_float(f);
                return MG_OK;
            }
        }
        if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
            *out = mg_val_bool(v[0] == 't');
            return MG_OK;
        }
        char *s = pl_pstrdup(c, v);
        if (!s)
            return MG_ERR_NOMEM;
        *out = mg_val_str(s, strlen(s), NULL, NULL);
        return MG_OK;
    }
    return pl_perr(c, MG_ERR_ARG, e->pos, e->len,
                "missing parameter $%s (give it with --param %s=VALUE)",
                e->text, e->text);
}

mg_cexpr *pl_cx_new(pctx *c, mg_cx_kind kind, const mg_expr *src)
{
    mg_cexpr *x = pl_palloc(c, sizeof *x);
    if (x) {
        x->kind = kind;
        x->src = src;
        x->slot = -1;
    }
    return x;
}


static mg_code compile_var(pctx *c, const mg_expr *e, mg_cexpr *x)
{
    x->kind = MG_CX_SLOT;
    if (c->col_scope) {
        for (int k = 0; k < c->stage->ncols; k++)
            if (c->stage->colnames[k] &&
                strcmp(c->stage->colnames[k], e->text) == 0) {
                x->slot = c->nslots + k;
                return MG_OK;
            }
        if (c->cols_only)
            return pl_perr(c, MG_ERR_ARG, e->pos, e->len,
                        "after aggregation ORDER BY can only use the "
                        "returned columns, not %s", e->text);
    }
    int s = slot_find(c, e->text);
    if (s < 0 || e->text[0] == ' ')
        return pl_perr(c, MG_ERR_ARG, e->pos, e->len, "unknown variable %s",
                    e->text);
    if (c->agg_col && !c->in_agg)
        return pl_perr(c, MG_ERR_ARG, e->pos, e->len,
                    "%s is used outside an aggregate in a column that "
                    "aggregates (return it as its own column to group by "
                    "it)", e->text);
    x->slot = s;
    return MG_OK;
}

static mg_code compile_call(pctx *c, const mg_expr *e, mg_cexpr *x)
{
    int k = fn_lookup(e->text);
    if (k < 0)
        return pl_perr(c, MG_ERR_NOT_FOUND, e->pos, e->len,
                    "unknown function %s", e->text);
    mg_fn fn = fns[k].fn;
    size_t na = e->nargs;
    if (!(fn == MG_FN_COUNT && e->star) &&
        (na < (size_t)fns[k].minargs || na > (size_t)fns[k].maxargs ||
         (fn == MG_FN_COUNT && na != 1)))
        return pl_perr(c, MG_ERR_ARG, e->pos, e->len,
                    "%s takes %d argument%s, not %zu", fns[k].name,
                    fns[k].maxargs, fns[k].maxargs > 1 ? "s" : "", na);
    if (is_agg_fn(fn)) {
        if (!c->agg_ok || c->in_agg)
            return pl_perr(c, MG_ERR_ARG, e->pos, e->len,
                        "the aggregate %s is only allowed in RETURN or "
                        "WITH columns (and not inside another aggregate)",
                        fns[k].name);
        mg_agg *ag = &c->stage->aggs[c->naggs_used];
        ag->fn = fn;
        ag->distinct = e->distinct;
        ag->star = e->star;
        x->kind = MG_CX_AGG;
        x->fn = fn;
        x->slot = c->naggs_used++;
        if (!e->star) {
            c->in_agg = 1;
            mg_code rc = pl_compile_expr(c, e->args[0], &ag->arg);
            c->in_agg = 0;
            MG_TRY(rc);
        }
        return MG_OK;
    }
    x->kind = MG_CX_CALL;
    x->fn = fn;
    x->nargs = na;
    x->args = pl_palloc(c, na * sizeof *x->args);
    if (!x->args)
        return MG_ERR_NOMEM;
    for (size_t i = 0; i < na; i++)
        MG_TRY(pl_compile_expr(c, e->args[i], &x->args[i]));
    return MG_OK;
}

mg_code pl_compile_expr(pctx *c, const mg_expr *e, mg_cexpr **out)
{
    mg_cexpr *x = pl_cx_new(c, MG_CX_CONST, e);
    if (!x)
        return MG_ERR_NOMEM;
    *out = x;
    switch (e->kind) {
    case MG_E_NULL:
        x->cval = mg_val_null();
        return MG_OK;
    case MG_E_BOOL:
        x->cval = mg_val_bool((int)e->ival);
        return MG_OK;
    case MG_E_INT:
        x->cval = mg_val_int(e->ival);
        return MG_OK;
    case MG_E_FLOAT:
        x->cval = mg_val_float(e->fval);
        return MG_OK;
    case MG_E_STRING: {
        const char *s = e->text ? e->text : "";
        char *d = pl_pstrdup(c, s);
        if (!d)
            return MG_ERR_NOMEM;
        x->cval = mg_val_str(d, strlen(d), NULL, NULL);
        return MG_OK;
    }
    case MG_E_PARAM:
        return pl_param_value(c, e, &x->cval);
    case MG_E_LIST:
        x->kind = MG_CX_LIST;
        x->nargs = e->nargs;
        x->args = pl_palloc(c, e->nargs * sizeof *x->args);
        if (!x->args)
            return MG_ERR_NOMEM;
        for (size_t i = 0; i < e->nargs; i++)
            MG_TRY(pl_compile_expr(c, e->args[i], &x->args[i]));
        return MG_OK;
    case MG_E_VAR:
        return compile_var(c, e, x);
    case MG_E_PROP:
        MG_TRY(pl_compile_expr(c, e->a, &x->a));
        if (e->prop.kind == MG_NAME_LOCAL && strcmp(e->prop.text, "label") == 0) {
            x->kind = MG_CX_LABEL;
            return MG_OK;
        }
        x->kind = MG_CX_PROP;
        return mg_resolve_name(c->vocab, &e->prop, MG_ROLE_PROP, c->text,
                               &x->prop, c->st);
    case MG_E_CALL:
        return compile_call(c, e, x);
    case MG_E_UNARY:
        x->kind = MG_CX_UNARY;
        x->op = e->op;
        return pl_compile_expr(c, e->a, &x->a);
    case MG_E_BINARY:
        x->kind = MG_CX_BINARY;
        x->op = e->op;
        MG_TRY(pl_compile_expr(c, e->a, &x->a));
        MG_TRY(pl_compile_expr(c, e->b, &x->b));
        if (e->op == MG_OP_REGEX && x->b->kind == MG_CX_CONST &&
            x->b->cval.kind == MG_V_STR) {
            regex_t *re = pl_palloc(c, sizeof *re);
            if (!re)
                return MG_ERR_NOMEM;
            mg_plan *p = c->p;
            if (p->nregexes == p->capregexes) {
                size_t nc = p->capregexes ? p->capregexes * 2 : 8;
                regex_t **nr = realloc(p->regexes, nc * sizeof *nr);
                if (!nr)
                    return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
                p->regexes = nr;
                p->capregexes = nc;
            }
            mg_status tmp;
            mg_status_clear(&tmp);
            if (mg_regex_compile(x->b->cval.s, x->b->cval.len, re, &tmp))
                return pl_perr(c, tmp.code, e->b->pos, e->b->len, "%s", tmp.msg);
            p->regexes[p->nregexes++] = re;
            x->re = re;
        }
        return MG_OK;
    }
    return pl_perr(c, MG_ERR_INTERNAL, e->pos, e->len, "unknown expression");
}

/* Slots an expression reads (appended to a malloc'd array). */
int pl_collect_slots(const mg_cexpr *x, int **arr, size_t *n, size_t *cap)
{
    if (!x)
        return 0;
    if (x->kind == MG_CX_SLOT) {
        for (size_t i = 0; i < *n; i++)
            if ((*arr)[i] == x->slot)
                return 0;
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 8;
            int *na = realloc(*arr, nc * sizeof *na);
            if (!na)
                return -1;
            *arr = na;
            *cap = nc;
        }
        (*arr)[(*n)++] = x->slot;
    }
    if (pl_collect_slots(x->a, arr, n, cap) || pl_collect_slots(x->b, arr, n, cap))
        return -1;
    for (size_t i = 0; i < x->nargs; i++)
        if (pl_collect_slots(x->args[i], arr, n, cap))
            return -1;
    return 0;
}
