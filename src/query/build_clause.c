/*
 * build_clause.c — the builders for clauses (parse.h,
 * MG_QUERY_PARSER_INTERNAL): RETURN/WITH items and projections (ORDER BY,
 * SKIP, LIMIT), the stages of a single query and the UNION parts of the
 * whole.  Same rules as build.c: they take ownership of what they are
 * given and after the first error only free.
 */
#define MG_QUERY_PARSER_INTERNAL
#include "query/parse.h"

#include <stdlib.h>
#include <string.h>

mg_return_item mg_qb_item(mg_qctx *c, mg_expr *e, const mg_token *alias)
{
    mg_return_item it = {NULL, NULL, NULL};
    if (c->rc != MG_OK || !e) {
        mg_expr_free(e);
        return it;
    }
    it.expr = e;
    int a = e->pos, b = e->pos + e->len;
    while (a < b && strchr(" \t\r\n", c->text[a]))
        a++;
    while (b > a && strchr(" \t\r\n", c->text[b - 1]))
        b--;
    it.text = mg_qb_copy_n(c, c->text + a, (size_t)(b - a));
    if (alias)
        it.alias = mg_qb_ident(c, *alias);
    if (c->rc != MG_OK)
        mg_qb_item_clear(&it);
    return it;
}

void mg_qb_item_clear(mg_return_item *it)
{
    mg_expr_free(it->expr);
    free(it->alias);
    free(it->text);
    memset(it, 0, sizeof *it);
}

mg_projection *mg_qb_proj(mg_qctx *c, int distinct, int star,
                          mg_return_item *first)
{
    mg_projection *p = NULL;
    if (c->rc == MG_OK && !(p = calloc(1, sizeof *p)))
        mg_qb_nomem(c);
    if (!p) {
        if (first)
            mg_qb_item_clear(first);
        return NULL;
    }
    p->distinct = distinct;
    p->star = star;
    if (first)
        mg_qb_proj_item(c, p, first);
    return p;
}

void mg_qb_proj_item(mg_qctx *c, mg_projection *p, mg_return_item *it)
{
    mg_return_item *slot = NULL;
    if (c->rc == MG_OK && p && it->expr) {
        slot = mg_ast_push(&p->items, &p->nitems, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *it;
    else
        mg_qb_item_clear(it);
}

void mg_qb_proj_order(mg_qctx *c, mg_projection *p, mg_order_item *o)
{
    mg_order_item *slot = NULL;
    if (c->rc == MG_OK && p && o->expr) {
        slot = mg_ast_push(&p->order, &p->norder, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *o;
    else
        mg_expr_free(o->expr);
}

void mg_qb_proj_skip(mg_projection *p, mg_expr *e)
{
    if (p)
        p->skip = e;
    else
        mg_expr_free(e);
}

void mg_qb_proj_limit(mg_projection *p, mg_expr *e)
{
    if (p)
        p->limit = e;
    else
        mg_expr_free(e);
}

void mg_qb_proj_free(mg_projection *p)
{
    mg_projection_clear(p);
    free(p);
}

mg_single *mg_qb_stage(mg_qctx *c, mg_single *s, mg_stage *matches,
                       mg_projection *p, mg_expr *where, int is_return,
                       int pos, int end)
{
    mg_stage *slot;
    if (c->rc != MG_OK || !p)
        goto fail;
    if (!s && !(s = calloc(1, sizeof *s))) {
        mg_qb_nomem(c);
        goto fail;
    }
    if (!(slot = mg_ast_push(&s->stages, &s->nstages, sizeof *slot))) {
        mg_qb_nomem(c);
        goto fail;
    }
    if (matches) {
        slot->matches = matches->matches;
        slot->nmatches = matches->nmatches;
        free(matches);
    }
    slot->proj = *p;
    free(p);
    slot->proj.where = where;
    slot->proj.pos = pos;
    slot->proj.len = end - pos;
    slot->is_return = is_return;
    return s;
fail:
    mg_qb_single_free(s);
    mg_qb_stage_free(matches);
    mg_qb_proj_free(p);
    mg_expr_free(where);
    return NULL;
}

void mg_qb_single_free(mg_single *s)
{
    mg_single_clear(s);
    free(s);
}

void mg_qb_part(mg_qctx *c, mg_single *s, int after_union, int all)
{
    mg_query *q = c->q;
    if (c->rc != MG_OK || !s)
        goto fail;
    if (after_union) {
        size_t nflags = q->nparts - 1;
        int *flag = mg_ast_push(&q->union_all, &nflags, sizeof *flag);
        if (!flag) {
            mg_qb_nomem(c);
            goto fail;
        }
        *flag = all;
    }
    mg_single *slot = mg_ast_push(&q->parts, &q->nparts, sizeof *slot);
    if (!slot) {
        mg_qb_nomem(c);
        goto fail;
    }
    *slot = *s;
    free(s);
    return;
fail:
    mg_qb_single_free(s);
}
