/*
 * build_pattern.c — the builders for patterns (parse.h,
 * MG_QUERY_PARSER_INTERNAL): property maps, nodes with their labels,
 * relationships with their types and length ranges, paths, MATCH
 * clauses and a stage's list of them.  Same rules as build.c: they take
 * ownership of what they are given and after the first error only free.
 */
#define MG_QUERY_PARSER_INTERNAL
#include "query/parse.h"

#include <limits.h>
#include <stdlib.h>

void mg_qb_props_add(mg_qctx *c, mg_qprops *p, mg_name *key, mg_expr *v)
{
    mg_prop_pair *slot = NULL;
    if (c->rc == MG_OK && key->text && v) {
        slot = mg_ast_push(&p->v, &p->n, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (!slot) {
        mg_name_clear(key);
        mg_expr_free(v);
        return;
    }
    slot->key = *key;
    slot->value = v;
}

void mg_qb_props_free(mg_qprops *p)
{
    for (size_t i = 0; i < p->n; i++) {
        mg_name_clear(&p->v[i].key);
        mg_expr_free(p->v[i].value);
    }
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

mg_node_pat *mg_qb_node(mg_qctx *c, int pos, const mg_token *var)
{
    if (c->rc != MG_OK)
        return NULL;
    mg_node_pat *n = calloc(1, sizeof *n);
    if (!n) {
        mg_qb_nomem(c);
        return NULL;
    }
    n->pos = pos;
    if (var && !(n->var = mg_qb_ident(c, *var))) {
        free(n);
        return NULL;
    }
    return n;
}

void mg_qb_node_label(mg_qctx *c, mg_node_pat *n, mg_name *label)
{
    mg_name *slot = NULL;
    if (c->rc == MG_OK && n && label->text) {
        slot = mg_ast_push(&n->labels, &n->nlabels, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *label;
    else
        mg_name_clear(label);
}

void mg_qb_node_end(mg_node_pat *n, mg_qprops *props, int end)
{
    if (!n) {
        if (props)
            mg_qb_props_free(props);
        return;
    }
    if (props) {
        n->props = props->v;
        n->nprops = props->n;
    }
    n->len = end - n->pos;
}

void mg_qb_node_free(mg_node_pat *n)
{
    mg_node_pat_clear(n);
    free(n);
}

mg_rel_pat *mg_qb_rel(mg_qctx *c, int pos, const mg_token *var)
{
    if (c->rc != MG_OK)
        return NULL;
    mg_rel_pat *r = calloc(1, sizeof *r);
    if (!r) {
        mg_qb_nomem(c);
        return NULL;
    }
    r->pos = pos;
    r->min = 1;
    r->max = -1;
    if (var && !(r->var = mg_qb_ident(c, *var))) {
        free(r);
        return NULL;
    }
    return r;
}

void mg_qb_rel_type(mg_qctx *c, mg_rel_pat *r, mg_name *type)
{
    mg_name *slot = NULL;
    if (c->rc == MG_OK && r && type->text) {
        slot = mg_ast_push(&r->types, &r->ntypes, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *type;
    else
        mg_name_clear(type);
}

static int bound(mg_qctx *c, const mg_token *t)
{
    long v = 0;
    for (int i = 0; i < t->len; i++) {
        v = v * 10 + (t->z[i] - '0');
        if (v > INT_MAX) {
            mg_qb_error(c, t->pos, t->len, "path length too large");
            return 0;
        }
    }
    return (int)v;
}

void mg_qb_rel_range(mg_qctx *c, mg_rel_pat *r, const mg_token *min,
                     const mg_token *max, int dotdot, int pos, int end)
{
    if (c->rc != MG_OK || !r)
        return;
    r->varlen = 1;
    r->min = min ? bound(c, min) : 1;
    if (max)
        r->max = bound(c, max);
    else if (min && !dotdot)
        r->max = r->min;
    else
        r->max = -1;
    if (r->max >= 0 && r->min > r->max)
        mg_qb_error(c, pos, end - pos,
                    "empty length range *%d..%d: the minimum is greater "
                    "than the maximum", r->min, r->max);
}

void mg_qb_rel_props(mg_rel_pat *r, mg_qprops *props)
{
    if (!r) {
        mg_qb_props_free(props);
        return;
    }
    r->props = props->v;
    r->nprops = props->n;
}

mg_rel_pat *mg_qb_rel_end(mg_qctx *c, mg_rel_pat *r, mg_dir dir, int pos,
                          int end)
{
    (void)c;
    if (!r)
        return NULL;
    r->dir = dir;
    r->pos = pos;
    r->len = end - pos;
    return r;
}

void mg_qb_rel_free(mg_rel_pat *r)
{
    mg_rel_pat_clear(r);
    free(r);
}

mg_path *mg_qb_path(mg_qctx *c, mg_path *p, mg_rel_pat *r, mg_node_pat *n)
{
    int fresh = !p;
    if (c->rc != MG_OK || !n || (!fresh && !r))
        goto fail;
    if (fresh && !(p = calloc(1, sizeof *p))) {
        mg_qb_nomem(c);
        goto fail;
    }
    if (r) {
        mg_rel_pat *rs = mg_ast_push(&p->rels, &p->nrels, sizeof *rs);
        if (!rs) {
            mg_qb_nomem(c);
            goto fail;
        }
        *rs = *r;
        free(r);
        r = NULL;
    }
    mg_node_pat *ns = mg_ast_push(&p->nodes, &p->nnodes, sizeof *ns);
    if (!ns) {
        mg_qb_nomem(c);
        goto fail;
    }
    *ns = *n;
    free(n);
    return p;
fail:
    mg_qb_path_free(p);
    mg_qb_rel_free(r);
    mg_qb_node_free(n);
    return NULL;
}

void mg_qb_path_free(mg_path *p)
{
    mg_path_clear(p);
    free(p);
}

mg_match *mg_qb_match_add(mg_qctx *c, mg_match *m, mg_path *p)
{
    if (c->rc != MG_OK || !p)
        goto fail;
    if (!m && !(m = calloc(1, sizeof *m))) {
        mg_qb_nomem(c);
        goto fail;
    }
    mg_path *slot = mg_ast_push(&m->paths, &m->npaths, sizeof *slot);
    if (!slot) {
        mg_qb_nomem(c);
        goto fail;
    }
    *slot = *p;
    free(p);
    return m;
fail:
    mg_qb_match_free(m);
    mg_qb_path_free(p);
    return NULL;
}

mg_match *mg_qb_match_end(mg_match *m, int optional, mg_expr *where,
                          int pos, int end)
{
    if (!m) {
        mg_expr_free(where);
        return NULL;
    }
    m->optional = optional;
    m->where = where;
    m->pos = pos;
    m->len = end - pos;
    return m;
}

void mg_qb_match_free(mg_match *m)
{
    mg_match_clear(m);
    free(m);
}

mg_stage *mg_qb_matches_add(mg_qctx *c, mg_stage *s, mg_match *m)
{
    if (c->rc != MG_OK || !m)
        goto fail;
    if (!s && !(s = calloc(1, sizeof *s))) {
        mg_qb_nomem(c);
        goto fail;
    }
    mg_match *slot = mg_ast_push(&s->matches, &s->nmatches, sizeof *slot);
    if (!slot) {
        mg_qb_nomem(c);
        goto fail;
    }
    *slot = *m;
    free(m);
    return s;
fail:
    mg_qb_stage_free(s);
    mg_qb_match_free(m);
    return NULL;
}

void mg_qb_stage_free(mg_stage *s)
{
    mg_stage_clear(s);
    free(s);
}
