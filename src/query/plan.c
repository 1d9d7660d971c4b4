/*
 * plan.c — from the syntax tree to the plan (plan.h): scopes and slots,
 * expression compilation (names → ids, functions, aggregates, params),
 * pattern steps, and the greedy cardinality-based ordering of each MATCH
 * group with filters pushed to the earliest step that binds their inputs.
 */
#include "query/plan.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "query/parse.h"

typedef struct pctx {
    mg_plan *p;
    const char *text;
    mg_txn *txn;
    mg_vocab *vocab;
    const mg_query_opts *opts;
    mg_status *st;
    mg_counts counts;
    /* the stage being compiled */
    mg_pstage *stage;
    char **names;
    int nslots, capslots;
    int anon;
    /* expression context */
    int agg_ok, in_agg, agg_col, naggs_used;
    int col_scope, cols_only;
    /* temporary steps of the segment being built */
    mg_step *steps;
    size_t nsteps, capsteps;
} pctx;

static mg_code perr(pctx *c, mg_code code, int pos, int len,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static mg_code perr(pctx *c, mg_code code, int pos, int len,
                    const char *fmt, ...)
{
    char msg[MG_STATUS_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mg_caret_append(c->text, pos, len, msg, sizeof msg);
    return mg_fail(c->st, code, "%s", msg);
}

static void *palloc(pctx *c, size_t n)
{
    void *p = mg_arena_alloc(&c->p->arena, n ? n : 1);
    if (p)
        memset(p, 0, n ? n : 1);
    else
        mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return p;
}

static char *pstrdup(pctx *c, const char *s)
{
    char *r = mg_arena_strndup(&c->p->arena, s, strlen(s));
    if (!r)
        mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return r;
}

mg_code mg_regex_compile(const char *pat, size_t len, regex_t *re,
                         mg_status *st)
{
    char *full = malloc(len + 5);
    if (!full)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    memcpy(full, "^(", 2);
    memcpy(full + 2, pat, len);
    memcpy(full + 2 + len, ")$", 3);
    int rc = regcomp(re, full, REG_EXTENDED | REG_NOSUB);
    free(full);
    if (rc) {
        char err[200];
        regerror(rc, re, err, sizeof err);
        return mg_fail(st, MG_ERR_ARG, "bad regular expression \"%.*s\": %s",
                       (int)len, pat, err);
    }
    return MG_OK;
}

/* ---- scope -------------------------------------------------------------- */

static int slot_find(pctx *c, const char *name)
{
    for (int i = 0; i < c->nslots; i++)
        if (strcmp(c->names[i], name) == 0)
            return i;
    return -1;
}

static int slot_add(pctx *c, const char *name)
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
    char *s = pstrdup(c, name);
    if (!s)
        return -1;
    c->names[c->nslots] = s;
    return c->nslots++;
}

static int slot_var(pctx *c, const char *name)
{
    if (!name) {
        char buf[32];
        snprintf(buf, sizeof buf, " anon%d", ++c->anon);
        return slot_add(c, buf);
    }
    int s = slot_find(c, name);
    return s >= 0 ? s : slot_add(c, name);
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

static int expr_has_agg(const mg_expr *e)
{
    if (!e)
        return 0;
    if (e->kind == MG_E_CALL) {
        int k = fn_lookup(e->text);
        if (k >= 0 && is_agg_fn(fns[k].fn))
            return 1;
    }
    if (expr_has_agg(e->a) || expr_has_agg(e->b))
        return 1;
    for (size_t i = 0; i < e->nargs; i++)
        if (expr_has_agg(e->args[i]))
            return 1;
    return 0;
}

static size_t count_aggs(const mg_expr *e)
{
    if (!e)
        return 0;
    size_t n = 0;
    if (e->kind == MG_E_CALL) {
        int k = fn_lookup(e->text);
        if (k >= 0 && is_agg_fn(fns[k].fn))
            n++;
    }
    n += count_aggs(e->a) + count_aggs(e->b);
    for (size_t i = 0; i < e->nargs; i++)
        n += count_aggs(e->args[i]);
    return n;
}

/* A --param value: integer, decimal, true/false, else a string. */
static mg_code param_value(pctx *c, const mg_expr *e, mg_val *out)
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
        char *s = pstrdup(c, v);
        if (!s)
            return MG_ERR_NOMEM;
        *out = mg_val_str(s, strlen(s), NULL, NULL);
        return MG_OK;
    }
    return perr(c, MG_ERR_ARG, e->pos, e->len,
                "missing parameter $%s (give it with --param %s=VALUE)",
                e->text, e->text);
}

static mg_cexpr *cx_new(pctx *c, mg_cx_kind kind, const mg_expr *src)
{
    mg_cexpr *x = palloc(c, sizeof *x);
    if (x) {
        x->kind = kind;
        x->src = src;
        x->slot = -1;
    }
    return x;
}

static mg_code compile_expr(pctx *c, const mg_expr *e, mg_cexpr **out);

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
            return perr(c, MG_ERR_ARG, e->pos, e->len,
                        "after aggregation ORDER BY can only use the "
                        "returned columns, not %s", e->text);
    }
    int s = slot_find(c, e->text);
    if (s < 0 || e->text[0] == ' ')
        return perr(c, MG_ERR_ARG, e->pos, e->len, "unknown variable %s",
                    e->text);
    if (c->agg_col && !c->in_agg)
        return perr(c, MG_ERR_ARG, e->pos, e->len,
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
        return perr(c, MG_ERR_NOT_FOUND, e->pos, e->len,
                    "unknown function %s", e->text);
    mg_fn fn = fns[k].fn;
    size_t na = e->nargs;
    if (!(fn == MG_FN_COUNT && e->star) &&
        (na < (size_t)fns[k].minargs || na > (size_t)fns[k].maxargs ||
         (fn == MG_FN_COUNT && na != 1)))
        return perr(c, MG_ERR_ARG, e->pos, e->len,
                    "%s takes %d argument%s, not %zu", fns[k].name,
                    fns[k].maxargs, fns[k].maxargs > 1 ? "s" : "", na);
    if (is_agg_fn(fn)) {
        if (!c->agg_ok || c->in_agg)
            return perr(c, MG_ERR_ARG, e->pos, e->len,
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
            mg_code rc = compile_expr(c, e->args[0], &ag->arg);
            c->in_agg = 0;
            MG_TRY(rc);
        }
        return MG_OK;
    }
    x->kind = MG_CX_CALL;
    x->fn = fn;
    x->nargs = na;
    x->args = palloc(c, na * sizeof *x->args);
    if (!x->args)
        return MG_ERR_NOMEM;
    for (size_t i = 0; i < na; i++)
        MG_TRY(compile_expr(c, e->args[i], &x->args[i]));
    return MG_OK;
}

static mg_code compile_expr(pctx *c, const mg_expr *e, mg_cexpr **out)
{
    mg_cexpr *x = cx_new(c, MG_CX_CONST, e);
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
        char *d = pstrdup(c, s);
        if (!d)
            return MG_ERR_NOMEM;
        x->cval = mg_val_str(d, strlen(d), NULL, NULL);
        return MG_OK;
    }
    case MG_E_PARAM:
        return param_value(c, e, &x->cval);
    case MG_E_LIST:
        x->kind = MG_CX_LIST;
        x->nargs = e->nargs;
        x->args = palloc(c, e->nargs * sizeof *x->args);
        if (!x->args)
            return MG_ERR_NOMEM;
        for (size_t i = 0; i < e->nargs; i++)
            MG_TRY(compile_expr(c, e->args[i], &x->args[i]));
        return MG_OK;
    case MG_E_VAR:
        return compile_var(c, e, x);
    case MG_E_PROP:
        MG_TRY(compile_expr(c, e->a, &x->a));
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
        return compile_expr(c, e->a, &x->a);
    case MG_E_BINARY:
        x->kind = MG_CX_BINARY;
        x->op = e->op;
        MG_TRY(compile_expr(c, e->a, &x->a));
        MG_TRY(compile_expr(c, e->b, &x->b));
        if (e->op == MG_OP_REGEX && x->b->kind == MG_CX_CONST &&
            x->b->cval.kind == MG_V_STR) {
            regex_t *re = palloc(c, sizeof *re);
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
                return perr(c, tmp.code, e->b->pos, e->b->len, "%s", tmp.msg);
            p->regexes[p->nregexes++] = re;
            x->re = re;
        }
        return MG_OK;
    }
    return perr(c, MG_ERR_INTERNAL, e->pos, e->len, "unknown expression");
}

/* Slots an expression reads (appended to a malloc'd array). */
static int collect_slots(const mg_cexpr *x, int **arr, size_t *n, size_t *cap)
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
    if (collect_slots(x->a, arr, n, cap) || collect_slots(x->b, arr, n, cap))
        return -1;
    for (size_t i = 0; i < x->nargs; i++)
        if (collect_slots(x->args[i], arr, n, cap))
            return -1;
    return 0;
}

/* ---- steps -------------------------------------------------------------- */

static mg_step *step_new(pctx *c, mg_step_kind kind, const char *text)
{
    if (c->nsteps == c->capsteps) {
        size_t nc = c->capsteps ? c->capsteps * 2 : 16;
        mg_step *ns = realloc(c->steps, nc * sizeof *ns);
        if (!ns) {
            mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
            return NULL;
        }
        c->steps = ns;
        c->capsteps = nc;
    }
    mg_step *s = &c->steps[c->nsteps++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->b = s->r = -1;
    s->text = text;
    return s;
}

static char *span_text(pctx *c, int pos, int len)
{
    if (!c->text || pos < 0 || len < 0)
        return pstrdup(c, "");
    char *s = mg_arena_strndup(&c->p->arena, c->text + pos, (size_t)len);
    if (!s)
        mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return s;
}

static mg_code add_filter(pctx *c, mg_cexpr *cond, int pos, int len)
{
    const char *t = span_text(c, pos, len);
    if (!t)
        return MG_ERR_NOMEM;
    mg_step *s = step_new(c, MG_STEP_FILTER, t);
    if (!s)
        return MG_ERR_NOMEM;
    s->cond = cond;
    size_t cap = 0;
    int *needs = NULL;
    if (collect_slots(cond, &needs, &s->nneeds, &cap)) {
        free(needs);
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    }
    s->needs = palloc(c, s->nneeds * sizeof *s->needs);
    if (!s->needs) {
        free(needs);
        return MG_ERR_NOMEM;
    }
    if (s->nneeds)
        memcpy(s->needs, needs, s->nneeds * sizeof *needs);
    free(needs);
    return MG_OK;
}

static mg_code add_where(pctx *c, const mg_expr *e)
{
    if (e->kind == MG_E_BINARY && e->op == MG_OP_AND) {
        MG_TRY(add_where(c, e->a));
        return add_where(c, e->b);
    }
    if (expr_has_agg(e))
        return perr(c, MG_ERR_ARG, e->pos, e->len,
                    "aggregates are not allowed in WHERE (use WITH … WHERE)");
    mg_cexpr *x;
    MG_TRY(compile_expr(c, e, &x));
    return add_filter(c, x, e->pos, e->len);
}

/* {k: v} on a node: a filter var.k = v. */
static mg_code add_props(pctx *c, int slot, const mg_prop_pair *props,
                         size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mg_cexpr *var = cx_new(c, MG_CX_SLOT, NULL);
        mg_cexpr *pr = cx_new(c, MG_CX_PROP, NULL);
        mg_cexpr *eq = cx_new(c, MG_CX_BINARY, props[i].value);
        if (!var || !pr || !eq)
            return MG_ERR_NOMEM;
        var->slot = slot;
        pr->a = var;
        if (props[i].key.kind == MG_NAME_LOCAL &&
            strcmp(props[i].key.text, "label") == 0)
            pr->kind = MG_CX_LABEL;
        else
            MG_TRY(mg_resolve_name(c->vocab, &props[i].key, MG_ROLE_PROP,
                                   c->text, &pr->prop, c->st));
        eq->op = MG_OP_EQ;
        eq->a = pr;
        MG_TRY(compile_expr(c, props[i].value, &eq->b));
        int pos = props[i].key.pos;
        int end = props[i].value->pos + props[i].value->len;
        MG_TRY(add_filter(c, eq, pos, end - pos));
    }
    return MG_OK;
}

static mg_code add_node(pctx *c, const mg_node_pat *n, int *slot)
{
    *slot = -1;
    int s = slot_var(c, n->var);
    if (s < 0)
        return c->st->code;
    *slot = s;
    for (size_t i = 0; i < n->nlabels; i++) {
        mg_id cls;
        MG_TRY(mg_resolve_name(c->vocab, &n->labels[i], MG_ROLE_CLASS,
                               c->text, &cls, c->st));
        const char *t = span_text(c, n->pos, n->len);
        mg_step *st = t ? step_new(c, MG_STEP_TYPE, t) : NULL;
        if (!st)
            return MG_ERR_NOMEM;
        st->a = s;
        if (cls) {
            mg_id *ids;
            size_t nids;
            MG_TRY(mg_class_closure(c->vocab, cls, &ids, &nids, c->st));
            st->ids = palloc(c, nids * sizeof *ids);
            if (st->ids)
                memcpy(st->ids, ids, nids * sizeof *ids);
            free(ids);
            if (!st->ids)
                return MG_ERR_NOMEM;
            st->nids = nids;
        }
    }
    return add_props(c, s, n->props, n->nprops);
}

static mg_code add_rel(pctx *c, const mg_rel_pat *r, int a, int b)
{
    if (r->nprops)
        return perr(c, MG_ERR_UNSUPPORTED, r->pos, r->len,
                    "relationships have no properties in RDF: put the "
                    "condition on a node");
    if (r->var && r->varlen)
        return perr(c, MG_ERR_UNSUPPORTED, r->pos, r->len,
                    "a variable-length relationship cannot be named: it "
                    "stands for a path, not one predicate (drop '%s')",
                    r->var);
    const char *t = span_text(c, r->pos, r->len);
    mg_step *s = t ? step_new(c, r->varlen ? MG_STEP_PATH : MG_STEP_EDGE, t)
                   : NULL;
    if (!s)
        return MG_ERR_NOMEM;
    s->a = a;
    s->b = b;
    s->dir = r->dir;
    s->min = r->varlen ? r->min : 1;
    s->max = r->varlen ? (r->max < 0 ? c->p->depth_cap : r->max) : 1;
    if (s->min < 0)
        s->min = 0;
    if (r->var) {
        int rs = slot_var(c, r->var);
        if (rs < 0)
            return c->st->code;
        s->r = rs;
    }
    if (!r->ntypes) {
        s->any_pred = 1;
        s->both = palloc(c, 1);
        if (!s->both)
            return MG_ERR_NOMEM;
        s->both[0] = r->dir == MG_DIR_BOTH;
        return MG_OK;
    }
    s->ids = palloc(c, r->ntypes * sizeof *s->ids);
    s->both = palloc(c, r->ntypes);
    if (!s->ids || !s->both)
        return MG_ERR_NOMEM;
    for (size_t i = 0; i < r->ntypes; i++) {
        mg_id p;
        MG_TRY(mg_resolve_name(c->vocab, &r->types[i], MG_ROLE_REL, c->text,
                               &p, c->st));
        if (!p)
            continue; /* a name the store has never seen: matches nothing */
        s->ids[s->nids] = p;
        s->both[s->nids++] = r->dir == MG_DIR_BOTH ||
                             mg_vocab_symmetric(c->vocab, p);
    }
    return MG_OK;
}

/* ---- seeds: starting from a constant ------------------------------------ */

/*
 * A filter `id(n) = "IRI"`, `n.prop = "text"` or `n.label = "text"` (also
 * written `{prop: "text"}` on the node) can produce n instead of checking
 * it: the seed is the sorted, distinct set of the only nodes that can pass
 * it, computed here, and the filter still runs on each of them, so the
 * rows are exactly those of the scan-then-filter plan.
 *
 *  - id(n) = "IRI": one dictionary lookup.  id() of a literal or a blank
 *    node gives other strings (a lexical form, "_:b"), so this is used only
 *    when n is certainly a subject (a lone node, a class, the subject end
 *    of a directed relationship) and the IRI is then kept only if it is
 *    the subject of some triple.
 *  - n.prop / n.label: n must have a value v of the predicate (rdfs:label
 *    for .label) with v = "text" under the comparison rules (lexical forms,
 *    any language tag or string datatype, an IRI value by its IRI, dates
 *    by their start).  Since the dictionary cannot list the terms with a
 *    given lexical form (any language tag and datatype may occur), the
 *    distinct objects of the predicate are read once from POSG and each is
 *    compared with mg_val_compare — the filter's own comparison — so the
 *    seed is complete by construction; the subjects of the matching
 *    objects form the seed.  This costs one dictionary read per distinct
 *    object, so it is only done when that is cheaper than the cheapest
 *    other way to reach n (else the filter stays a filter).
 *
 * MAILLAGE_NO_SEED (set, not "0") disables seeds, for comparisons.
 */

static int env_off(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static int cmp_id(const void *a, const void *b)
{
    mg_id x = *(const mg_id *)a, y = *(const mg_id *)b;
    return (x > y) - (x < y);
}

/* Recognises the shapes above; *slot, *kind, *prop, *str. */
static int seed_shape(const mg_step *s, int *slot, int *kind, mg_id *prop,
                      const mg_val **str)
{
    const mg_cexpr *e = s->cond;
    if (!e || e->kind != MG_CX_BINARY || e->op != MG_OP_EQ || !e->a || !e->b)
        return 0;
    const mg_cexpr *k = e->b, *x = e->a;
    if (k->kind != MG_CX_CONST) {
        k = e->a;
        x = e->b;
    }
    if (k->kind != MG_CX_CONST || k->cval.kind != MG_V_STR || k->cval.lang ||
        k->cval.dt || !k->cval.s)
        return 0;
    const mg_cexpr *var;
    if (x->kind == MG_CX_CALL && x->fn == MG_FN_ID && x->nargs == 1) {
        var = x->args[0];
        *kind = 'i';
    } else if (x->kind == MG_CX_PROP || x->kind == MG_CX_LABEL) {
        var = x->a;
        *kind = x->kind == MG_CX_LABEL ? 'l' : 'p';
        *prop = x->prop;
    } else {
        return 0;
    }
    if (!var || var->kind != MG_CX_SLOT || var->slot < 0)
        return 0;
    *slot = var->slot;
    *str = &k->cval;
    return 1;
}

/* Whether every step binding `slot` makes it the subject of a triple, and
 * at least one does. */
static int subject_forced(pctx *c, int slot)
{
    int forced = 0;
    for (size_t i = 0; i < c->nsteps; i++) {
        const mg_step *s = &c->steps[i];
        if (s->kind == MG_STEP_TYPE || s->kind == MG_STEP_SCAN) {
            if (s->a == slot)
                forced = 1;
            continue;
        }
        if (s->kind != MG_STEP_EDGE &&
            !(s->kind == MG_STEP_PATH && s->min >= 1))
            continue;
        if (s->dir == MG_DIR_BOTH)
            continue;
        int subj = s->dir == MG_DIR_OUT ? s->a : s->b;
        if (subj != slot || s->a == s->b)
            continue;
        size_t n = s->any_pred ? 1 : s->nids;
        int one_way = 1;
        for (size_t k = 0; k < n; k++)
            if (s->both[k])
                one_way = 0;
        if (one_way)
            forced = 1;
    }
    return forced;
}

#define SEED_MAX 4000000u

/* The subjects with a `pred` value equal to *str (see above). */
static mg_code seed_by_objects(pctx *c, mg_id pred, const mg_val *str,
                               mg_idvec *out, int *ok)
{
    *ok = 1;
    mg_arena scratch = {0};
    mg_vctx vc = {c->txn, &scratch, c->st};
    mg_quad pat = {0, 0, pred, 0}, q;
    mg_cursor *cur;
    MG_TRY(mg_cursor_open(c->txn, &pat, MG_CURSOR_DISTINCT, &cur, c->st));
    mg_id last = 0;
    int match = 0, r;
    mg_code rc = MG_OK;
    while ((r = mg_cursor_next(cur, &q, c->st)) == 1) {
        if (q.o != last) {
            last = q.o;
            mg_val v = mg_val_term(q.o);
            match = mg_val_compare(&vc, &v, str, '=') == 1;
            mg_arena_reset(&scratch);
        }
        if (!match)
            continue;
        if (out->n >= SEED_MAX) {
            *ok = 0;
            break;
        }
        if (mg_idvec_push(out, q.s)) {
            rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (rc == MG_OK && r < 0)
        rc = c->st->code ? c->st->code
                         : mg_fail(c->st, MG_ERR_STORE, "cursor failed");
    mg_cursor_close(cur);
    mg_arena_free(&scratch);
    return rc;
}

static double estimate(pctx *c, const mg_step *s, const char *bound,
                       double rows);

/* Turns the seedable filters of the segment being planned into seeds. */
static mg_code find_seeds(pctx *c, const char *was)
{
    if (env_off("MAILLAGE_NO_SEED"))
        return MG_OK;
    for (size_t i = 0; i < c->nsteps; i++) {
        mg_step *s = &c->steps[i];
        int slot = -1, kind = 0;
        mg_id prop = 0;
        const mg_val *str = NULL;
        if (s->kind != MG_STEP_FILTER || s->seeded ||
            !seed_shape(s, &slot, &kind, &prop, &str) || slot >= c->nslots ||
            was[slot] || s->nneeds != 1 || s->needs[0] != slot)
            continue;
        mg_idvec ids = {0};
        mg_code rc = MG_OK;
        int ok = 1;
        if (kind == 'i') {
            if (strncmp(str->s, "_:", 2) == 0 || !subject_forced(c, slot))
                continue;
            mg_id id = mg_iri_id(c->txn, str->s);
            if (id) {
                /* Kept only if it is a subject (n is one). */
                mg_quad pat = {0, id, 0, 0}, q;
                mg_cursor *cur;
                MG_TRY(mg_cursor_open(c->txn, &pat, MG_CURSOR_DISTINCT, &cur,
                                      c->st));
                int r = mg_cursor_next(cur, &q, c->st);
                mg_cursor_close(cur);
                if (r < 0)
                    return c->st->code ? c->st->code
                                       : mg_fail(c->st, MG_ERR_STORE,
                                                 "cursor failed");
                if (r == 1 && mg_idvec_push(&ids, id))
                    return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
            }
        } else {
            mg_id pred = kind == 'l' ? c->vocab->rdfs_label : prop;
            s->seed_pred = pred;
            if (pred) {
                /* Worth reading the predicate's objects? */
                uint64_t t = 0, su = 0, ob = 0;
                mg_stat_predicate_ex(c->txn, pred, &t, &su, &ob);
                double scan = (double)ob + 0.1 * (double)t;
                double alt = -1;
                for (size_t k = 0; k < c->nsteps; k++) {
                    const mg_step *o = &c->steps[k];
                    if (o->kind == MG_STEP_FILTER ||
                        (o->a != slot && o->b != slot))
                        continue;
                    double e = estimate(c, o, was, 1);
                    if (alt < 0 || e < alt)
                        alt = e;
                }
                if (scan > 2000 && alt >= 0 && scan > 4 * alt)
                    continue;
                rc = seed_by_objects(c, pred, str, &ids, &ok);
            }
        }
        if (rc != MG_OK || !ok) {
            free(ids.v);
            if (rc != MG_OK)
                return rc;
            continue;
        }
        if (ids.n)
            qsort(ids.v, ids.n, sizeof *ids.v, cmp_id);
        size_t u = 0;
        for (size_t k = 0; k < ids.n; k++)
            if (!u || ids.v[u - 1] != ids.v[k])
                ids.v[u++] = ids.v[k];
        s->seed = palloc(c, u * sizeof *s->seed);
        if (!s->seed) {
            free(ids.v);
            return MG_ERR_NOMEM;
        }
        if (u)
            memcpy(s->seed, ids.v, u * sizeof *ids.v);
        free(ids.v);
        s->nseed = u;
        s->seeded = 1;
        s->seed_kind = kind;
        s->a = slot;
    }
    return MG_OK;
}

/* ---- the planner -------------------------------------------------------- */

static void pred_stats(pctx *c, const mg_step *s, double *fan_a,
                       double *fan_b, double *total, double *far_a,
                       double *far_b)
{
    /* fan_a: rows per bound a; fan_b: rows per bound b; total: all rows;
     * far_a / far_b: distinct nodes at the other end, from a / from b
     * (what a path can reach at most). */
    *fan_a = *fan_b = *total = *far_a = *far_b = 0;
    size_t n = s->any_pred ? 1 : s->nids;
    for (size_t i = 0; i < n; i++) {
        uint64_t t, su, ob;
        if (s->any_pred) {
            t = c->counts.triples;
            su = ob = c->counts.triples / 4 + 1;
        } else {
            mg_stat_predicate_ex(c->txn, s->ids[i], &t, &su, &ob);
        }
        if (!t)
            continue;
        double fs = (double)t / (double)(su ? su : 1);
        double fo = (double)t / (double)(ob ? ob : 1);
        int both = s->both[i];
        if (both) {
            *fan_a += fs + fo;
            *fan_b += fs + fo;
            *total += 2.0 * (double)t;
            *far_a += (double)(su + ob);
            *far_b += (double)(su + ob);
        } else if (s->dir == MG_DIR_IN) {
            *fan_a += fo;
            *fan_b += fs;
            *total += (double)t;
            *far_a += (double)su;
            *far_b += (double)ob;
        } else {
            *fan_a += fs;
            *fan_b += fo;
            *total += (double)t;
            *far_a += (double)ob;
            *far_b += (double)su;
        }
    }
}

/* A seeded filter whose variable is not bound yet: it binds it. */
static int seeds_now(const mg_step *s, const char *bound)
{
    return s->kind == MG_STEP_FILTER && s->seeded && !bound[s->a];
}

/* Estimated rows after running step s on `rows` rows, given `bound`. */
static double estimate(pctx *c, const mg_step *s, const char *bound,
                       double rows)
{
    switch (s->kind) {
    case MG_STEP_TYPE: {
        if (bound[s->a])
            return rows * 0.5;
        double n = 0;
        for (size_t i = 0; i < s->nids; i++)
            n += (double)mg_stat_class(c->txn, s->ids[i]);
        return rows * n;
    }
    case MG_STEP_EDGE:
    case MG_STEP_PATH: {
        double fa, fb, tot, ra, rb;
        pred_stats(c, s, &fa, &fb, &tot, &ra, &rb);
        int ab = bound[s->a], bb = bound[s->b];
        double r;
        if (s->kind == MG_STEP_EDGE) {
            r = ab && bb ? rows * (fa < 1 ? fa : 1) * 0.5
                : ab     ? rows * fa
                : bb     ? rows * fb
                         : rows * tot;
        } else {
            /* Paths: assume the frontier grows by the fan-out per hop, up
             * to the distinct nodes the predicate leads to from the bound
             * end (plus the start itself for *0..); starting from every
             * node costs a lot (keep it late). */
            double f = ab ? fa : fb, reach = 0, lvl = 1;
            for (int d = 1; d <= s->max && d <= 10; d++) {
                lvl *= f > 1 ? f : 1;
                reach += lvl;
            }
            double far = (ab ? ra : rb) + (s->min == 0 ? 1 : 0);
            if (reach > far)
                reach = far;
            if (reach > (double)c->counts.triples)
                reach = (double)c->counts.triples;
            r = ab && bb ? rows * (reach < 1 ? reach : 1) * 0.5
                : ab || bb ? rows * reach
                           : rows * tot * reach;
        }
        return r;
    }
    case MG_STEP_SCAN:
        if (bound[s->a])
            return rows;
        return rows * (double)(c->counts.triples / 3 + 1);
    case MG_STEP_FILTER:
        if (seeds_now(s, bound))
            return rows * (double)s->nseed;
        return rows * 0.5;
    }
    return rows;
}

/* Modelled work of a step (index seeks count 1, rows read in sequence
 * 0.2, a filter 0.3 per row), for choosing hash joins; hashing a build
 * row or probing costs 0.1 (measured: a seek ~0.5 µs, a hash ~0.05 µs). */
static double step_cost(const mg_step *s, int ab, int bb, double in,
                        double out)
{
    switch (s->kind) {
    case MG_STEP_TYPE:
        return ab ? in : 1 + 0.2 * out;
    case MG_STEP_EDGE: {
        size_t n = s->any_pred ? 1 : s->nids;
        double dirs = 0;
        for (size_t i = 0; i < n; i++)
            dirs += s->both[i] ? 2 : 1;
        return ab || bb ? in * dirs + 0.2 * out : 1 + 0.2 * out;
    }
    case MG_STEP_PATH:
        return in + out;
    case MG_STEP_SCAN:
        return ab ? 0.1 * in : 0.5 * out;
    case MG_STEP_FILTER:
        return ab ? 0.3 * in : in + 0.3 * out;
    }
    return in;
}

/* The greedy order of steps[0..n): filters as soon as what they read is
 * bound, else the pattern step with the fewest estimated rows.  Fills
 * order[], ab[], bb[] (bound before the step), est[] (rows after it) and
 * estc[]; marks what the steps bind in `bound`; *rows in/out; *cost the
 * modelled work.  Filters that can never run go last. */
static mg_code greedy(pctx *c, mg_step *steps, size_t n, char *bound,
                      double *rows, size_t *order, unsigned char *ab,
                      unsigned char *bb, double *est, double *estc,
                      double *cost)
{
    char *used = calloc(n ? n : 1, 1);
    if (!used)
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    double r = *rows, work = 0;
    size_t out = 0;
    for (;;) {
        int progress = 1;
        while (progress) {
            progress = 0;
            for (size_t i = 0; i < n; i++) {
                mg_step *s = &steps[i];
                if (used[i] || s->kind != MG_STEP_FILTER)
                    continue;
                int ok = 1;
                for (size_t k = 0; k < s->nneeds; k++)
                    if (s->needs[k] < c->nslots && !bound[s->needs[k]])
                        ok = 0;
                if (!ok)
                    continue;
                used[i] = 1;
                double in = r;
                r = estimate(c, s, bound, r);
                order[out] = i;
                ab[out] = bb[out] = 1;
                est[out] = r;
                estc[out] = 0;
                work += step_cost(s, 1, 1, in, r);
                out++;
                progress = 1;
            }
        }
        ssize_t best = -1;
        double best_est = 0;
        for (size_t i = 0; i < n; i++) {
            mg_step *s = &steps[i];
            if (used[i] || (s->kind == MG_STEP_FILTER && !seeds_now(s, bound)))
                continue;
            double e = estimate(c, s, bound, r);
            if (best < 0 || e < best_est) {
                best = (ssize_t)i;
                best_est = e;
            }
        }
        if (best < 0)
            break;
        mg_step *s = &steps[best];
        used[best] = 1;
        order[out] = (size_t)best;
        ab[out] = (unsigned char)bound[s->a];
        bb[out] = (unsigned char)(s->b >= 0 ? bound[s->b] : 0);
        est[out] = estc[out] = best_est;
        work += step_cost(s, ab[out], bb[out], r, best_est);
        out++;
        r = best_est;
        bound[s->a] = 1;
        if (s->b >= 0)
            bound[s->b] = 1;
        if (s->r >= 0)
            bound[s->r] = 1;
    }
    for (size_t i = 0; i < n; i++)
        if (!used[i]) {
            order[out] = i;
            ab[out] = bb[out] = 1;
            est[out] = r;
            estc[out] = 0;
            out++;
        }
    free(used);
    *rows = r;
    *cost = work;
    return MG_OK;
}

/*
 * Hash joins.  After the greedy order, a tail of the steps that shares
 * only some variables J with the steps before it (the probe side) and
 * reads nothing bound before the segment can be run once on its own (the
 * build side, planned afresh with nothing bound) and hashed by J; each
 * probe row then finds its matches in the table instead of running the
 * tail's lookups again.  Chosen when both sides are large (HJ_MIN rows)
 * and the modelled work drops well below the nested loop's; the build
 * side is capped (HJ_MAX rows) to bound memory.  Filters of the tail
 * that read only build variables join the build side; the others run
 * after the join.  MAILLAGE_NO_HASHJOIN (set, not "0") disables it.
 */
#define HJ_MIN 1000.0
#define HJ_MAX 4e6

typedef struct hj_choice {
    size_t k;           /* split: probe = positions [0, k) */
    size_t nb;          /* build steps (indexes into c->steps) */
    size_t *border;
    unsigned char *bab, *bbb;
    double *best;
    size_t *post;       /* positions (in the greedy order) after the join */
    size_t npost;
    int *slots;         /* J then the other build slots */
    size_t nkeys, nslots;
    double saving, probe;
} hj_choice;

static void hj_choice_free(hj_choice *h)
{
    free(h->border);
    free(h->bab);
    free(h->bbb);
    free(h->best);
    free(h->post);
    free(h->slots);
    memset(h, 0, sizeof *h);
}

static int is_pattern(const mg_step *s, int abnd)
{
    return s->kind != MG_STEP_FILTER || (s->seeded && !abnd);
}

/* Tries the split at k; on a better saving than *best, replaces it. */
static mg_code hj_try(pctx *c, const char *was, size_t n, const size_t *order,
                      const unsigned char *ab, const unsigned char *bb,
                      const double *est, size_t k, hj_choice *best)
{
    int ns = c->nslots;
    char *headb = malloc((size_t)ns + 1), *inT = calloc((size_t)ns + 1, 1);
    size_t *bidx = malloc(n * sizeof *bidx), *post = malloc(n * sizeof *post);
    mg_step *bsteps = malloc(n * sizeof *bsteps);
    size_t *bord = malloc(n * sizeof *bord);
    unsigned char *bab = malloc(n), *bbb = malloc(n);
    double *best_ = malloc(n * sizeof *best_), *bestc = malloc(n * sizeof *bestc);
    char *bound = malloc((size_t)ns + 1);
    int *slots = malloc(((size_t)ns + 1) * sizeof *slots);
    mg_code rc = MG_OK;
    if (!headb || !inT || !bidx || !post || !bsteps || !bord || !bab || !bbb ||
        !best_ || !bestc || !bound || !slots) {
        rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        goto done;
    }
    memcpy(headb, was, (size_t)ns);
    int head_pat = 0;
    for (size_t i = 0; i < k; i++) {
        const mg_step *s = &c->steps[order[i]];
        if (!is_pattern(s, ab[i]))
            continue;
        head_pat = 1;
        headb[s->a] = 1;
        if (s->b >= 0)
            headb[s->b] = 1;
        if (s->r >= 0)
            headb[s->r] = 1;
    }
    int tail_pat = 0, bad = 0;
    for (size_t i = k; i < n; i++) {
        const mg_step *s = &c->steps[order[i]];
        if (!is_pattern(s, ab[i]))
            continue;
        tail_pat = 1;
        int sl[3] = {s->a, s->b, s->r};
        for (int j = 0; j < 3; j++)
            if (sl[j] >= 0) {
                if (was[sl[j]])
                    bad = 1;
                inT[sl[j]] = 1;
            }
    }
    if (!head_pat || !tail_pat || bad)
        goto done;
    size_t nkeys = 0, nslots = 0;
    for (int i = 0; i < ns; i++)
        if (inT[i] && headb[i])
            slots[nslots++] = i;
    nkeys = nslots;
    if (!nkeys)
        goto done;
    for (int i = 0; i < ns; i++)
        if (inT[i] && !headb[i])
            slots[nslots++] = i;
    /* The build side: the tail's pattern steps and the filters that read
     * only build variables. */
    size_t nb = 0, npost = 0;
    for (size_t i = k; i < n; i++) {
        const mg_step *s = &c->steps[order[i]];
        int build = is_pattern(s, ab[i]);
        if (!build) {
            build = 1;
            for (size_t j = 0; j < s->nneeds; j++)
                if (s->needs[j] >= ns || !inT[s->needs[j]])
                    build = 0;
        }
        if (build) {
            bidx[nb] = order[i];
            bsteps[nb++] = c->steps[order[i]];
        } else {
            post[npost++] = i;
        }
    }
    double probe = est[k - 1], nl = 0;
    for (size_t i = k; i < n; i++)
        nl += step_cost(&c->steps[order[i]], ab[i], bb[i], est[i - 1], est[i]);
    memcpy(bound, was, (size_t)ns);
    double brows = 1, bcost = 0;
    rc = greedy(c, bsteps, nb, bound, &brows, bord, bab, bbb, best_, bestc,
                &bcost);
    if (rc != MG_OK)
        goto done;
    double hj = bcost + 0.1 * brows + 0.1 * probe;
    if (probe < HJ_MIN || brows < HJ_MIN || brows > HJ_MAX || hj >= 0.7 * nl ||
        (best->border && nl - hj <= best->saving))
        goto done;
    hj_choice_free(best);
    best->k = k;
    best->nb = nb;
    best->border = bord;
    for (size_t i = 0; i < nb; i++)
        bord[i] = bidx[bord[i]]; /* back to indexes into c->steps */
    best->bab = bab;
    best->bbb = bbb;
    best->best = best_;
    best->post = post;
    best->npost = npost;
    best->slots = slots;
    best->nkeys = nkeys;
    best->nslots = nslots;
    best->saving = nl - hj;
    best->probe = probe;
    bord = NULL;
    bab = bbb = NULL;
    best_ = NULL;
    post = NULL;
    slots = NULL;
done:
    free(headb);
    free(inT);
    free(bidx);
    free(post);
    free(bsteps);
    free(bord);
    free(bab);
    free(bbb);
    free(best_);
    free(bestc);
    free(bound);
    free(slots);
    return rc;
}

/* Copies step `src` to `dst` with its planned flags; the copy owns it. */
static mg_code place(pctx *c, mg_step *dst, mg_step *src, int ab, int bb,
                     double est, double estc)
{
    *dst = *src;
    memset(src, 0, sizeof *src); /* the copy owns the id set now */
    dst->a_bound = ab;
    dst->b_bound = bb;
    dst->est = est;
    dst->est_card = estc;
    if (dst->kind == MG_STEP_TYPE && dst->nids > 1 && ab && !dst->set.count)
        for (size_t k = 0; k < dst->nids; k++)
            if (mg_idset_add(&dst->set, dst->ids[k]) < 0)
                return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

static mg_code plan_segment(pctx *c, mg_segment *seg, char *bound,
                            double *rows)
{
    size_t n = c->nsteps;
    size_t nn = n ? n : 1;
    char *was = malloc((size_t)c->nslots + 1);
    size_t *order = malloc(nn * sizeof *order);
    unsigned char *ab = malloc(nn), *bb = malloc(nn);
    double *est = malloc(nn * sizeof *est), *estc = malloc(nn * sizeof *estc);
    hj_choice hj = {0};
    mg_code rc = MG_OK;
    if (!was || !order || !ab || !bb || !est || !estc) {
        rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        goto done;
    }
    memcpy(was, bound, (size_t)c->nslots);
    seg->steps = palloc(c, n * sizeof *seg->steps);
    if (!seg->steps) {
        rc = MG_ERR_NOMEM;
        goto done;
    }
    rc = find_seeds(c, was);
    double cost = 0;
    if (rc == MG_OK)
        rc = greedy(c, c->steps, n, bound, rows, order, ab, bb, est, estc,
                    &cost);
    if (rc != MG_OK)
        goto done;
    if (!env_off("MAILLAGE_NO_HASHJOIN"))
        for (size_t k = 1; k < n && rc == MG_OK; k++)
            rc = hj_try(c, was, n, order, ab, bb, est, k, &hj);
    if (rc != MG_OK)
        goto done;
    size_t out = 0;
    size_t end = hj.border ? hj.k : n;
    for (size_t i = 0; i < end && rc == MG_OK; i++)
        rc = place(c, &seg->steps[out++], &c->steps[order[i]], ab[i], bb[i],
                   est[i], estc[i]);
    if (hj.border && rc == MG_OK) {
        size_t first = out;
        for (size_t i = 0; i < hj.nb && rc == MG_OK; i++)
            rc = place(c, &seg->steps[out++], &c->steps[hj.border[i]],
                       hj.bab[i], hj.bbb[i], hj.best[i], hj.best[i]);
        double after = est[n - 1];
        for (size_t i = 0; i < hj.npost && rc == MG_OK; i++)
            rc = place(c, &seg->steps[out++], &c->steps[order[hj.post[i]]], 1,
                       1, after, 0);
        if (rc == MG_OK) {
            mg_step *f = &seg->steps[first];
            f->hj_nbuild = (int)hj.nb;
            f->hj_nkeys = hj.nkeys;
            f->hj_nslots = hj.nslots;
            f->hj_slots = palloc(c, hj.nslots * sizeof *f->hj_slots);
            if (!f->hj_slots)
                rc = MG_ERR_NOMEM;
            else
                memcpy(f->hj_slots, hj.slots, hj.nslots * sizeof *hj.slots);
            f->hj_index = c->p->nhj_total++;
            f->hj_probe_est = hj.probe;
        }
    }
    seg->nsteps = out; /* what was placed is freed with the plan */
    if (rc != MG_OK)
        goto done;
    size_t nb = 0;
    for (int i = 0; i < c->nslots; i++)
        nb += bound[i] && !was[i];
    seg->binds = palloc(c, nb * sizeof *seg->binds);
    if (!seg->binds) {
        rc = MG_ERR_NOMEM;
        goto done;
    }
    for (int i = 0; i < c->nslots; i++)
        if (bound[i] && !was[i])
            seg->binds[seg->nbinds++] = i;
    c->nsteps = 0;
done:
    hj_choice_free(&hj);
    free(was);
    free(order);
    free(ab);
    free(bb);
    free(est);
    free(estc);
    return rc;
}

/* ---- stages ------------------------------------------------------------- */

static mg_code compile_matches(pctx *c, const mg_stage *as, mg_pstage *ps)
{
    /* Consecutive MATCH clauses form one group; each OPTIONAL MATCH is a
     * group of its own (a left outer join with everything before it). */
    size_t ngroups = 0;
    for (size_t i = 0; i < as->nmatches; i++)
        if (i == 0 || as->matches[i].optional || as->matches[i - 1].optional)
            ngroups++;
    ps->segs = palloc(c, ngroups * sizeof *ps->segs);
    if (!ps->segs)
        return MG_ERR_NOMEM;
    /* bound[] grows with the scope: allocate for the worst case. */
    size_t maxslots = (size_t)c->nslots + 1;
    for (size_t i = 0; i < as->nmatches; i++)
        for (size_t j = 0; j < as->matches[i].npaths; j++)
            maxslots += as->matches[i].paths[j].nnodes +
                        as->matches[i].paths[j].nrels;
    char *bound = calloc(maxslots, 1);
    if (!bound)
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    for (int i = 0; i < c->nslots; i++)
        bound[i] = 1;
    double rows = 1;
    mg_code rc = MG_OK;
    size_t gi = 0;
    for (size_t i = 0; i < as->nmatches && rc == MG_OK; i++) {
        const mg_match *m = &as->matches[i];
        for (size_t j = 0; j < m->npaths && rc == MG_OK; j++) {
            const mg_path *path = &m->paths[j];
            int prev = -1;
            for (size_t k = 0; k < path->nnodes && rc == MG_OK; k++) {
                int s = -1;
                rc = add_node(c, &path->nodes[k], &s);
                if (rc == MG_OK && k > 0)
                    rc = add_rel(c, &path->rels[k - 1], prev, s);
                prev = s;
            }
            /* A lone node with no label: every subject. */
            if (rc == MG_OK && path->nnodes == 1 && !path->nodes[0].nlabels) {
                int s = prev;
                const char *t = span_text(c, path->nodes[0].pos,
                                          path->nodes[0].len);
                mg_step *st = t ? step_new(c, MG_STEP_SCAN, t) : NULL;
                if (!st)
                    rc = MG_ERR_NOMEM;
                else
                    st->a = s;
            }
        }
        if (rc == MG_OK && m->where)
            rc = add_where(c, m->where);
        int last = i + 1 == as->nmatches || as->matches[i + 1].optional ||
                   m->optional;
        if (rc == MG_OK && last) {
            mg_segment *seg = &ps->segs[gi++];
            seg->optional = m->optional;
            seg->index = c->p->nsegs_total++;
            rc = plan_segment(c, seg, bound, &rows);
            ps->nsegs = gi;
        }
    }
    ps->nsegs = gi;
    free(bound);
    return rc;
}

static mg_code const_count(pctx *c, const mg_expr *e, const char *what,
                           long long *out)
{
    mg_val v = {0};
    if (e->kind == MG_E_INT)
        v = mg_val_int(e->ival);
    else if (e->kind == MG_E_PARAM)
        MG_TRY(param_value(c, e, &v));
    if (v.kind != MG_V_INT || v.i < 0)
        return perr(c, MG_ERR_ARG, e->pos, e->len,
                    "%s needs a non-negative integer", what);
    *out = v.i;
    return MG_OK;
}

static mg_code compile_projection(pctx *c, const mg_projection *pr,
                                  mg_pstage *ps)
{
    ps->distinct = pr->distinct;
    ps->limit = -1;
    size_t nitems = pr->nitems;
    size_t star = 0;
    if (pr->star)
        for (int i = 0; i < c->nslots; i++)
            star += c->names[i][0] != ' ';
    ps->ncols = (int)(star + nitems);
    ps->cols = palloc(c, (size_t)ps->ncols * sizeof *ps->cols);
    ps->colnames = palloc(c, (size_t)ps->ncols * sizeof *ps->colnames);
    ps->col_agg = palloc(c, (size_t)ps->ncols);
    size_t naggs = 0;
    for (size_t i = 0; i < nitems; i++)
        naggs += count_aggs(pr->items[i].expr);
    ps->aggs = palloc(c, naggs * sizeof *ps->aggs);
    if (!ps->cols || !ps->colnames || !ps->col_agg || !ps->aggs)
        return MG_ERR_NOMEM;
    ps->naggs = naggs;
    c->naggs_used = 0;
    int k = 0;
    for (int i = 0; pr->star && i < c->nslots; i++) {
        if (c->names[i][0] == ' ')
            continue;
        mg_cexpr *x = cx_new(c, MG_CX_SLOT, NULL);
        if (!x)
            return MG_ERR_NOMEM;
        x->slot = i;
        ps->cols[k] = x;
        ps->colnames[k++] = c->names[i];
    }
    for (size_t i = 0; i < nitems; i++, k++) {
        const mg_return_item *it = &pr->items[i];
        int has = expr_has_agg(it->expr);
        c->agg_ok = 1;
        c->agg_col = has;
        mg_code rc = compile_expr(c, it->expr, &ps->cols[k]);
        c->agg_ok = c->agg_col = 0;
        MG_TRY(rc);
        ps->col_agg[k] = (unsigned char)has;
        const char *name = it->alias ? it->alias
                           : it->expr->kind == MG_E_VAR ? it->expr->text
                           : it->text                   ? it->text
                                                        : "?";
        ps->colnames[k] = pstrdup(c, name);
        if (!ps->colnames[k])
            return MG_ERR_NOMEM;
        for (int j = 0; j < k; j++)
            if (strcmp(ps->colnames[j], name) == 0)
                return perr(c, MG_ERR_ARG, it->expr->pos, it->expr->len,
                            "two columns are called %s (use AS)", name);
    }
    /* ORDER BY: a returned column by alias or by its text, else an
     * expression over the row (not after aggregation). */
    ps->norder = pr->norder;
    ps->order = palloc(c, pr->norder * sizeof *ps->order);
    ps->desc = palloc(c, pr->norder * sizeof *ps->desc);
    if (!ps->order || !ps->desc)
        return MG_ERR_NOMEM;
    for (size_t i = 0; i < pr->norder; i++) {
        const mg_expr *e = pr->order[i].expr;
        ps->desc[i] = pr->order[i].desc;
        int col = -1;
        if (c->text && e->pos >= 0 && e->len > 0)
            for (int j = 0; j < ps->ncols && col < 0; j++) {
                const char *t = j >= (int)star ? pr->items[j - star].text : NULL;
                if (t && strlen(t) == (size_t)e->len &&
                    memcmp(t, c->text + e->pos, (size_t)e->len) == 0)
                    col = j;
            }
        if (col >= 0) {
            mg_cexpr *x = cx_new(c, MG_CX_SLOT, e);
            if (!x)
                return MG_ERR_NOMEM;
            x->slot = c->nslots + col;
            ps->order[i] = x;
            continue;
        }
        c->col_scope = 1;
        c->cols_only = ps->naggs > 0 || ps->distinct;
        mg_code rc = compile_expr(c, e, &ps->order[i]);
        c->col_scope = c->cols_only = 0;
        MG_TRY(rc);
    }
    if (pr->skip)
        MG_TRY(const_count(c, pr->skip, "SKIP", &ps->skip));
    if (pr->limit)
        MG_TRY(const_count(c, pr->limit, "LIMIT", &ps->limit));
    return MG_OK;
}

static mg_code compile_single(pctx *c, const mg_single *s, mg_ppart *pp)
{
    pp->nstages = s->nstages;
    pp->stages = palloc(c, s->nstages * sizeof *pp->stages);
    if (!pp->stages)
        return MG_ERR_NOMEM;
    c->nslots = 0;
    c->anon = 0;
    for (size_t i = 0; i < s->nstages; i++) {
        mg_pstage *ps = &pp->stages[i];
        c->stage = ps;
        ps->ninput = c->nslots;
        ps->is_return = s->stages[i].is_return;
        MG_TRY(compile_matches(c, &s->stages[i], ps));
        MG_TRY(compile_projection(c, &s->stages[i].proj, ps));
        ps->nslots = c->nslots;
        ps->names = palloc(c, (size_t)c->nslots * sizeof *ps->names);
        if (!ps->names)
            return MG_ERR_NOMEM;
        for (int k = 0; k < c->nslots; k++)
            ps->names[k] = c->names[k];
        /* The next scope: the projected columns. */
        c->nslots = 0;
        for (int k = 0; k < ps->ncols; k++)
            if (slot_add(c, ps->colnames[k]) < 0)
                return c->st->code;
        if (s->stages[i].proj.where) {
            const mg_expr *w = s->stages[i].proj.where;
            if (expr_has_agg(w))
                return perr(c, MG_ERR_ARG, w->pos, w->len,
                            "aggregates are not allowed in WHERE: name "
                            "the aggregate in WITH and filter on the name");
            MG_TRY(compile_expr(c, w, &ps->where));
        }
    }
    return MG_OK;
}

mg_code mg_plan_build(const mg_query *q, const char *text, mg_txn *txn,
                      mg_vocab *vocab, const mg_query_opts *opts,
                      mg_plan **out, mg_status *st)
{
    *out = NULL;
    mg_plan *p = calloc(1, sizeof *p);
    if (!p)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    p->text = text;
    p->explain = q->explain;
    p->profile = q->profile;
    p->depth_cap = opts && opts->path_depth_cap > 0 ? opts->path_depth_cap
                                                    : 10;
    p->vocab = vocab;
    p->txn = txn;
    pctx c = {0};
    c.p = p;
    c.text = text;
    c.txn = txn;
    c.vocab = vocab;
    c.opts = opts;
    c.st = st;
    mg_code rc = mg_store_counts(txn, &c.counts, st);
    if (rc == MG_OK) {
        p->nparts = q->nparts;
        p->parts = palloc(&c, q->nparts * sizeof *p->parts);
        if (!p->parts)
            rc = MG_ERR_NOMEM;
    }
    for (size_t i = 0; rc == MG_OK && i < q->nparts; i++) {
        rc = compile_single(&c, &q->parts[i], &p->parts[i]);
        if (rc == MG_OK && i > 0) {
            const mg_pstage *a = &p->parts[0].stages[p->parts[0].nstages - 1];
            const mg_pstage *b = &p->parts[i].stages[p->parts[i].nstages - 1];
            int same = a->ncols == b->ncols;
            for (int k = 0; same && k < a->ncols; k++)
                same = strcmp(a->colnames[k], b->colnames[k]) == 0;
            if (!same)
                rc = mg_fail(st, MG_ERR_ARG,
                             "the parts of a UNION must return the same "
                             "columns (part %zu differs from the first)",
                             i + 1);
        }
        if (i > 0 && q->union_all && !q->union_all[i - 1])
            p->union_distinct = 1;
    }
    for (size_t i = 0; i < c.nsteps; i++)
        mg_idset_free(&c.steps[i].set);
    free(c.steps);
    free(c.names);
    if (rc != MG_OK) {
        mg_plan_free(p);
        return rc;
    }
    *out = p;
    return MG_OK;
}

void mg_plan_free(mg_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nparts && p->parts; i++)
        for (size_t j = 0; j < p->parts[i].nstages && p->parts[i].stages; j++) {
            mg_pstage *s = &p->parts[i].stages[j];
            for (size_t k = 0; k < s->nsegs && s->segs; k++)
                for (size_t m = 0; m < s->segs[k].nsteps; m++) {
                    mg_idset_free(&s->segs[k].steps[m].set);
                    mg_idset_free(&s->segs[k].steps[m].inst);
                }
        }
    for (size_t i = 0; i < p->nregexes; i++)
        regfree(p->regexes[i]);
    free(p->regexes);
    mg_arena_free(&p->arena);
    free(p);
}
