/*
 * plan_steps.c — pattern steps from node and relationship patterns, with their
 * property and WHERE filters (see plan_internal.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "query/plan_internal.h"

/* ---- steps -------------------------------------------------------------- */

mg_step *pl_step_new(pctx *c, mg_step_kind kind, const char *text)
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

char *pl_span_text(pctx *c, int pos, int len)
{
    if (!c->text || pos < 0 || len < 0)
        return pl_pstrdup(c, "");
    char *s = mg_arena_strndup(&c->p->arena, c->text + pos, (size_t)len);
    if (!s)
        mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return s;
}

static mg_code add_filter(pctx *c, mg_cexpr *cond, int pos, int len)
{
    const char *t = pl_span_text(c, pos, len);
    if (!t)
        return MG_ERR_NOMEM;
    mg_step *s = pl_step_new(c, MG_STEP_FILTER, t);
    if (!s)
        return MG_ERR_NOMEM;
    s->cond = cond;
    size_t cap = 0;
    int *needs = NULL;
    if (pl_collect_slots(cond, &needs, &s->nneeds, &cap)) {
        free(needs);
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    }
    s->needs = pl_palloc(c, s->nneeds * sizeof *s->needs);
    if (!s->needs) {
        free(needs);
        return MG_ERR_NOMEM;
    }
    if (s->nneeds)
        memcpy(s->needs, needs, s->nneeds * sizeof *needs);
    free(needs);
    return MG_OK;
}

mg_code pl_add_where(pctx *c, const mg_expr *e)
{
    if (e->kind == MG_E_BINARY && e->op == MG_OP_AND) {
        MG_TRY(pl_add_where(c, e->a));
        return pl_add_where(c, e->b);
    }
    if (pl_expr_has_agg(e))
        return pl_perr(c, MG_ERR_ARG, e->pos, e->len,
                    "aggregates are not allowed in WHERE (use WITH … WHERE)");
    mg_cexpr *x;
    MG_TRY(pl_compile_expr(c, e, &x));
    return add_filter(c, x, e->pos, e->len);
}

/* {k: v} on a node: a filter var.k = v. */
static mg_code add_props(pctx *c, int slot, const mg_prop_pair *props,
                         size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mg_cexpr *var = pl_cx_new(c, MG_CX_SLOT, NULL);
        mg_cexpr *pr = pl_cx_new(c, MG_CX_PROP, NULL);
        mg_cexpr *eq = pl_cx_new(c, MG_CX_BINARY, props[i].value);
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
        MG_TRY(pl_compile_expr(c, props[i].value, &eq->b));
        int pos = props[i].key.pos;
        int end = props[i].value->pos + props[i].value->len;
        MG_TRY(add_filter(c, eq, pos, end - pos));
    }
    return MG_OK;
}

mg_code pl_add_node(pctx *c, const mg_node_pat *n, int *slot)
{
    *slot = -1;
    int s = pl_slot_var(c, n->var);
    if (s < 0)
        return c->st->code;
    *slot = s;
    for (size_t i = 0; i < n->nlabels; i++) {
        mg_id cls;
        MG_TRY(mg_resolve_name(c->vocab, &n->labels[i], MG_ROLE_CLASS,
                               c->text, &cls, c->st));
        const char *t = pl_span_text(c, n->pos, n->len);
        mg_step *st = t ? pl_step_new(c, MG_STEP_TYPE, t) : NULL;
        if (!st)
            return MG_ERR_NOMEM;
        st->a = s;
        if (cls) {
            mg_id *ids;
            size_t nids;
            MG_TRY(mg_class_closure(c->vocab, cls, &ids, &nids, c->st));
            st->ids = pl_palloc(c, nids * sizeof *ids);
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

mg_code pl_add_rel(pctx *c, const mg_rel_pat *r, int a, int b)
{
    if (r->nprops)
        return pl_perr(c, MG_ERR_UNSUPPORTED, r->pos, r->len,
                    "relationships have no properties in RDF: put the "
                    "condition on a node");
    if (r->var && r->varlen)
        return pl_perr(c, MG_ERR_UNSUPPORTED, r->pos, r->len,
                    "a variable-length relationship cannot be named: it "
                    "stands for a path, not one predicate (drop '%s')",
                    r->var);
    const char *t = pl_span_text(c, r->pos, r->len);
    mg_step *s = t ? pl_step_new(c, r->varlen ? MG_STEP_PATH : MG_STEP_EDGE, t)
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
        int rs = pl_slot_var(c, r->var);
        if (rs < 0)
            return c->st->code;
        s->r = rs;
    }
    if (!r->ntypes) {
        s->any_pred = 1;
        s->both = pl_palloc(c, 1);
        if (!s->both)
            return MG_ERR_NOMEM;
        s->both[0] = r->dir == MG_DIR_BOTH;
        return MG_OK;
    }
    s->ids = pl_palloc(c, r->ntypes * sizeof *s->ids);
    s->both = pl_palloc(c, r->ntypes);
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
