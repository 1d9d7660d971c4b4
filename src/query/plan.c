/*
 * plan.c — from the syntax tree to the plan (plan.h): the planner's
 * context and errors, the compilation of stages (MATCH groups, WITH and
 * RETURN projections, UNION parts) and mg_plan_build / mg_plan_free.  The
 * other steps are in plan_expr.c, plan_steps.c, plan_seed.c and
 * plan_order.c (plan_internal.h).
 */
#include "query/plan_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

mg_code pl_perr(pctx *c, mg_code code, int pos, int len,
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

void *pl_palloc(pctx *c, size_t n)
{
    void *p = mg_arena_alloc(&c->p->arena, n ? n : 1);
    if (p)
        memset(p, 0, n ? n : 1);
    else
        mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return p;
}

char *pl_pstrdup(pctx *c, const char *s)
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

/* ---- stages ------------------------------------------------------------- */

static mg_code compile_matches(pctx *c, const mg_stage *as, mg_pstage *ps)
{
    /* Consecutive MATCH clauses form one group; each OPTIONAL MATCH is a
     * group of its own (a left outer join with everything before it). */
    size_t ngroups = 0;
    for (size_t i = 0; i < as->nmatches; i++)
        if (i == 0 || as->matches[i].optional || as->matches[i - 1].optional)
            ngroups++;
    ps->segs = pl_palloc(c, ngroups * sizeof *ps->segs);
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
                rc = pl_add_node(c, &path->nodes[k], &s);
                if (rc == MG_OK && k > 0)
                    rc = pl_add_rel(c, &path->rels[k - 1], prev, s);
                prev = s;
            }
            /* A lone node with no label: every subject. */
            if (rc == MG_OK && path->nnodes == 1 && !path->nodes[0].nlabels) {
                int s = prev;
                const char *t = pl_span_text(c, path->nodes[0].pos,
                                          path->nodes[0].len);
                mg_step *st = t ? pl_step_new(c, MG_STEP_SCAN, t) : NULL;
                if (!st)
                    rc = MG_ERR_NOMEM;
                else
                    st->a = s;
            }
        }
        if (rc == MG_OK && m->where)
            rc = pl_add_where(c, m->where);
        int last = i + 1 == as->nmatches || as->matches[i + 1].optional ||
                   m->optional;
        if (rc == MG_OK && last) {
            mg_segment *seg = &ps->segs[gi++];
            seg->optional = m->optional;
            seg->index = c->p->nsegs_total++;
            rc = pl_plan_segment(c, seg, bound, &rows);
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
        MG_TRY(pl_param_value(c, e, &v));
    if (v.kind != MG_V_INT || v.i < 0)
        return pl_perr(c, MG_ERR_ARG, e->pos, e->len,
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
    ps->cols = pl_palloc(c, (size_t)ps->ncols * sizeof *ps->cols);
    ps->colnames = pl_palloc(c, (size_t)ps->ncols * sizeof *ps->colnames);
    ps->col_agg = pl_palloc(c, (size_t)ps->ncols);
    size_t naggs = 0;
    for (size_t i = 0; i < nitems; i++)
        naggs += pl_count_aggs(pr->items[i].expr);
    ps->aggs = pl_palloc(c, naggs * sizeof *ps->aggs);
    if (!ps->cols || !ps->colnames || !ps->col_agg || !ps->aggs)
        return MG_ERR_NOMEM;
    ps->naggs = naggs;
    c->naggs_used = 0;
    int k = 0;
    for (int i = 0; pr->star && i < c->nslots; i++) {
        if (c->names[i][0] == ' ')
            continue;
        mg_cexpr *x = pl_cx_new(c, MG_CX_SLOT, NULL);
        if (!x)
            return MG_ERR_NOMEM;
        x->slot = i;
        ps->cols[k] = x;
        ps->colnames[k++] = c->names[i];
    }
    for (size_t i = 0; i < nitems; i++, k++) {
        const mg_return_item *it = &pr->items[i];
        int has = pl_expr_has_agg(it->expr);
        c->agg_ok = 1;
        c->agg_col = has;
        mg_code rc = pl_compile_expr(c, it->expr, &ps->cols[k]);
        c->agg_ok = c->agg_col = 0;
        MG_TRY(rc);
        ps->col_agg[k] = (unsigned char)has;
        const char *name = it->alias ? it->alias
                           : it->expr->kind == MG_E_VAR ? it->expr->text
                           : it->text                   ? it->text
                                                        : "?";
        ps->colnames[k] = pl_pstrdup(c, name);
        if (!ps->colnames[k])
            return MG_ERR_NOMEM;
        for (int j = 0; j < k; j++)
            if (strcmp(ps->colnames[j], name) == 0)
                return pl_perr(c, MG_ERR_ARG, it->expr->pos, it->expr->len,
                            "two columns are called %s (use AS)", name);
    }
    /* ORDER BY: a returned column by alias or by its text, else an
     * expression over the row (not after aggregation). */
    ps->norder = pr->norder;
    ps->order = pl_palloc(c, pr->norder * sizeof *ps->order);
    ps->desc = pl_palloc(c, pr->norder * sizeof *ps->desc);
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
            mg_cexpr *x = pl_cx_new(c, MG_CX_SLOT, e);
            if (!x)
                return MG_ERR_NOMEM;
            x->slot = c->nslots + col;
            ps->order[i] = x;
            continue;
        }
        c->col_scope = 1;
        c->cols_only = ps->naggs > 0 || ps->distinct;
        mg_code rc = pl_compile_expr(c, e, &ps->order[i]);
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
    pp->stages = pl_palloc(c, s->nstages * sizeof *pp->stages);
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
        pl_stats_count(c, ps);
        ps->nslots = c->nslots;
        MG_TRY(pl_push_down(c, ps));
        ps->names = pl_palloc(c, (size_t)c->nslots * sizeof *ps->names);
        if (!ps->names)
            return MG_ERR_NOMEM;
        for (int k = 0; k < c->nslots; k++)
            ps->names[k] = c->names[k];
        /* The next scope: the projected columns. */
        c->nslots = 0;
        for (int k = 0; k < ps->ncols; k++)
            if (pl_slot_add(c, ps->colnames[k]) < 0)
                return c->st->code;
        if (s->stages[i].proj.where) {
            const mg_expr *w = s->stages[i].proj.where;
            if (pl_expr_has_agg(w))
                return pl_perr(c, MG_ERR_ARG, w->pos, w->len,
                            "aggregates are not allowed in WHERE: name "
                            "the aggregate in WITH and filter on the name");
            MG_TRY(pl_compile_expr(c, w, &ps->where));
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
        p->parts = pl_palloc(&c, q->nparts * sizeof *p->parts);
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
