/*
 * exec_proj.c — the end of a stage (exec.h): projection of the columns,
 * DISTINCT, grouping and aggregates (count, collect, min, max, sum, avg,
 * with DISTINCT) by hashing, ORDER BY's rows handed to exec_sort.c,
 * SKIP/LIMIT with early stop, WITH … WHERE, chaining into the next stage,
 * and the delivery of RETURN rows (UNION's DISTINCT, row cap, cells).
 */
#include "query/exec.h"

#include <stdlib.h>
#include <string.h>

static mg_code nomem(mg_exec *x)
{
    return mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
}

static int stopped(mg_exec *x, size_t si)
{
    return mg_exec_stopped(x, si);
}

/* Key bytes of n values in x->kbuf. */
static mg_code make_key(mg_exec *x, const mg_val *v, size_t n,
                        const unsigned char *skip)
{
    x->klen = 0;
    for (size_t i = 0; i < n; i++)
        if (!skip || !skip[i])
            MG_TRY(mg_val_key(&x->vc, &v[i], &x->kbuf, &x->klen, &x->kcap));
    return MG_OK;
}

mg_code mg_exec_persist(mg_exec *x, mg_arena *a, const mg_val *v, size_t n,
                       mg_val **out)
{
    *out = NULL;
    if (!n)
        return MG_OK;
    mg_val *c = mg_arena_alloc(a, n * sizeof *c);
    if (!c)
        return nomem(x);
    for (size_t i = 0; i < n; i++)
        if (mg_val_copy(a, &v[i], &c[i], 1))
            return nomem(x);
    *out = c;
    return MG_OK;
}

/* ---- output ------------------------------------------------------------- */

static mg_code output(mg_exec *x, const mg_pstage *ps, const mg_val *cols)
{
    if (x->plan->union_distinct) {
        MG_TRY(make_key(x, cols, (size_t)ps->ncols, NULL));
        int r = mg_hmap_get(&x->union_seen, x->kbuf, x->klen, 1, 0, NULL);
        if (r < 0)
            return nomem(x);
        if (r == 1)
            return MG_OK;
        MG_TRY(mg_exec_keep(x, 1));
    }
    if (x->opts && x->opts->row_cap && x->nrows >= x->opts->row_cap) {
        /* One row past the cap: the result was cut short. */
        x->row_cap_hit = 1;
        if (x->opts->truncated)
            *x->opts->truncated = 1;
        return MG_OK;
    }
    mg_row_sink *sink = x->sink;
    if (sink && !x->columns_sent && sink->columns) {
        const mg_pstage *first =
            &x->plan->parts[0].stages[x->plan->parts[0].nstages - 1];
        MG_TRY(sink->columns(sink->ctx, (const char *const *)first->colnames,
                             first->ncols, x->st));
    }
    x->columns_sent = 1;
    if (sink && sink->row) {
        mg_arena_reset(&x->cells);
        mg_cell *cells = mg_arena_alloc(&x->cells,
                                        ((size_t)ps->ncols + 1) * sizeof *cells);
        if (!cells)
            return nomem(x);
        for (int i = 0; i < ps->ncols; i++)
            MG_TRY(mg_val_cell(&x->vc, &x->cells, &cols[i], &cells[i]));
        MG_TRY(sink->row(sink->ctx, cells, x->st));
    }
    x->nrows++;
    return MG_OK;
}

/* Projected row of stage si: WITH's WHERE, then the next stage or out. */
static mg_code forward(mg_exec *x, size_t si, const mg_val *cols)
{
    const mg_pstage *ps = &x->part->stages[si];
    if (ps->where) {
        mg_env en = {(mg_val *)cols, ps->ncols, NULL, NULL};
        mg_val v;
        mg_code rc = mg_eval(x, ps->where, &en, &x->tmp, &v);
        int ok = mg_val_truthy(&v);
        mg_arena_reset(&x->tmp);
        MG_TRY(rc);
        if (!ok)
            return MG_OK;
    }
    if (si + 1 == x->part->nstages)
        return output(x, ps, cols);
    mg_sstate *ns = &x->ss[si + 1];
    const mg_pstage *np = &x->part->stages[si + 1];
    for (int i = 0; i < np->nslots; i++)
        ns->row[i] = i < ps->ncols ? cols[i] : mg_val_null();
    return mg_exec_stage(x, si + 1);
}

/* A projected row: DISTINCT, then ORDER BY's buffer or SKIP/LIMIT. */
static mg_code emit_projected(mg_exec *x, size_t si, const mg_val *cols,
                              const mg_val *keys)
{
    const mg_pstage *ps = &x->part->stages[si];
    mg_sstate *ss = &x->ss[si];
    if (ps->distinct) {
        MG_TRY(make_key(x, cols, (size_t)ps->ncols, NULL));
        int r = mg_hmap_get(&ss->distinct, x->kbuf, x->klen, 1, 0, NULL);
        if (r < 0)
            return nomem(x);
        if (r == 1)
            return MG_OK;
        MG_TRY(mg_exec_keep(x, 1));
    }
    if (ps->norder)
        return mg_sort_buffer(x, si, cols, keys);
    ss->passed++;
    if (ss->passed <= ps->skip)
        return MG_OK;
    if (ps->limit >= 0 && ss->passed > ps->skip + ps->limit)
        return MG_OK;
    mg_code rc = forward(x, si, cols);
    if (ps->limit >= 0 && ss->passed >= ps->skip + ps->limit &&
        x->stop_stage < (int)si)
        x->stop_stage = (int)si; /* LIMIT reached: stop the work upstream */
    return rc;
}

/* ---- aggregation -------------------------------------------------------- */

/* Appends n raw bytes to the key buffer x->kbuf; -1 when out of memory. */
static int key_bytes(mg_exec *x, const void *p, size_t n)
{
    if (x->klen + n > x->kcap) {
        size_t nc = x->kcap ? x->kcap : 64;
        while (nc < x->klen + n)
            nc *= 2;
        char *nb = realloc(x->kbuf, nc);
        if (!nb)
            return -1;
        x->kbuf = nb;
        x->kcap = nc;
    }
    memcpy(x->kbuf + x->klen, p, n);
    x->klen += n;
    return 0;
}

static mg_code agg_update(mg_exec *x, mg_sstate *ss, size_t gi, size_t k,
                          const mg_env *en)
{
    const mg_agg *ag = &x->part->stages[ss - x->ss].aggs[k];
    mg_aggst *s = &ss->g[gi].aggs[k];
    if (ag->star) {
        s->count += x->weight;
        return MG_OK;
    }
    mg_val v;
    MG_TRY(mg_eval(x, ag->arg, en, &x->tmp, &v));
    if (v.kind == MG_V_NULL)
        return MG_OK;
    if (ag->distinct) {
        size_t head[2] = {gi, k};
        x->klen = 0;
        if (key_bytes(x, head, sizeof head))
            return nomem(x);
        MG_TRY(mg_val_key(&x->vc, &v, &x->kbuf, &x->klen, &x->kcap));
        int r = mg_hmap_get(&ss->agg_seen, x->kbuf, x->klen, 1, 0, NULL);
        if (r < 0)
            return nomem(x);
        if (r == 1)
            return MG_OK;
        MG_TRY(mg_exec_keep(x, 1));
    }
    switch (ag->fn) {
    case MG_FN_COUNT:
        s->count++;
        return MG_OK;
    case MG_FN_COLLECT:
        if (s->n == s->cap) {
            size_t nc = s->cap ? s->cap * 2 : 8;
            mg_val *ni = realloc(s->items, nc * sizeof *ni);
            if (!ni)
                return nomem(x);
            s->items = ni;
            s->cap = nc;
        }
        if (mg_val_copy(&ss->keep, &v, &s->items[s->n], 1))
            return nomem(x);
        s->n++;
        MG_TRY(mg_exec_keep(x, 1));
        return MG_OK;
    case MG_FN_MIN:
    case MG_FN_MAX: {
        if (s->has_best) {
            int c = mg_val_order(&x->vc, &v, &s->best);
            if (ag->fn == MG_FN_MIN ? c >= 0 : c <= 0)
                return MG_OK;
        }
        if (mg_val_copy(&ss->keep, &v, &s->best, 1))
            return nomem(x);
        s->has_best = 1;
        return MG_OK;
    }
    default: { /* SUM, AVG */
        mg_view w;
        MG_TRY(mg_val_view(&x->vc, &v, &w));
        if (w.cls != MG_VC_NUM)
            return mg_fail(x->st, MG_ERR_ARG,
                           "type error: %s() needs numbers",
                           ag->fn == MG_FN_SUM ? "sum" : "avg");
        if (w.is_int && !s->is_float)
            s->isum += w.i;
        s->fsum += w.f;
        if (!w.is_int)
            s->is_float = 1;
        s->count++;
        return MG_OK;
    }
    }
}

static mg_code agg_value(mg_exec *x, mg_sstate *ss, const mg_agg *ag,
                         mg_aggst *s, mg_val *out)
{
    *out = mg_val_null();
    switch (ag->fn) {
    case MG_FN_COUNT:
        *out = mg_val_int(s->count);
        break;
    case MG_FN_COLLECT:
        out->kind = MG_V_LIST;
        out->n = s->n;
        out->items = s->items; /* freed with the group states */
        break;
    case MG_FN_MIN:
    case MG_FN_MAX:
        if (s->has_best)
            *out = s->best;
        break;
    case MG_FN_SUM:
        *out = s->is_float ? mg_val_float(s->fsum) : mg_val_int(s->isum);
        break;
    default:
        if (s->count)
            *out = mg_val_float(s->fsum / (double)s->count);
        break;
    }
    (void)x;
    (void)ss;
    return MG_OK;
}

static mg_code new_group(mg_exec *x, mg_sstate *ss, const mg_pstage *ps,
                         const mg_val *keys)
{
    if (ss->ng == ss->capg) {
        size_t nc = ss->capg ? ss->capg * 2 : 64;
        mg_group *ng = realloc(ss->g, nc * sizeof *ng);
        if (!ng)
            return nomem(x);
        ss->g = ng;
        ss->capg = nc;
    }
    mg_group *g = &ss->g[ss->ng];
    g->aggs = calloc(ps->naggs ? ps->naggs : 1, sizeof *g->aggs);
    if (!g->aggs)
        return nomem(x);
    ss->ng++;
    MG_TRY(mg_exec_keep(x, 1));
    return mg_exec_persist(x, &ss->keep, keys, (size_t)ps->ncols, &g->keys);
}

static mg_code aggregate_row(mg_exec *x, size_t si)
{
    const mg_pstage *ps = &x->part->stages[si];
    mg_sstate *ss = &x->ss[si];
    mg_env en = {ss->row, ps->nslots, NULL, NULL};
    mg_val *keys = mg_arena_alloc(&x->tmp, (size_t)ps->ncols * sizeof *keys);
    if (!keys)
        return nomem(x);
    mg_code rc = MG_OK;
    for (int i = 0; i < ps->ncols && rc == MG_OK; i++)
        keys[i] = mg_val_null();
    for (int i = 0; i < ps->ncols && rc == MG_OK; i++)
        if (!ps->col_agg[i])
            rc = mg_eval(x, ps->cols[i], &en, &x->tmp, &keys[i]);
    if (rc == MG_OK)
        rc = make_key(x, keys, (size_t)ps->ncols, ps->col_agg);
    size_t gi = 0;
    if (rc == MG_OK) {
        int r = mg_hmap_get(&ss->groups, x->kbuf, x->klen, 1, ss->ng, &gi);
        if (r < 0)
            rc = nomem(x);
        else if (r == 0) {
            gi = ss->ng;
            rc = new_group(x, ss, ps, keys);
        }
    }
    for (size_t k = 0; k < ps->naggs && rc == MG_OK; k++)
        rc = agg_update(x, ss, gi, k, &en);
    mg_arena_reset(&x->tmp);
    return rc;
}

mg_code mg_project_row(mg_exec *x, size_t si)
{
    const mg_pstage *ps = &x->part->stages[si];
    mg_sstate *ss = &x->ss[si];
    if (ps->naggs)
        return aggregate_row(x, si);
    /* The previous row this stage projected is done with downstream. */
    mg_arena_reset(&ss->out);
    mg_env en = {ss->row, ps->nslots, NULL, NULL};
    mg_val *cols = mg_arena_alloc(&ss->out,
                                  ((size_t)ps->ncols + ps->norder + 1) *
                                      sizeof *cols);
    if (!cols)
        return nomem(x);
    for (int i = 0; i < ps->ncols; i++)
        MG_TRY(mg_eval(x, ps->cols[i], &en, &ss->out, &cols[i]));
    mg_val *keys = cols + ps->ncols;
    en.cols = cols;
    for (size_t i = 0; i < ps->norder; i++)
        MG_TRY(mg_eval(x, ps->order[i], &en, &ss->out, &keys[i]));
    return emit_projected(x, si, cols, keys);
}

mg_code mg_finalize_stage(mg_exec *x, size_t si)
{
    const mg_pstage *ps = &x->part->stages[si];
    mg_sstate *ss = &x->ss[si];
    mg_code rc = MG_OK;
    if (ps->naggs) {
        int has_keys = 0;
        for (int i = 0; i < ps->ncols; i++)
            has_keys |= !ps->col_agg[i];
        /* RETURN count(*) over nothing is one row: 0. */
        if (!ss->ng && !has_keys && x->stop_stage < (int)si) {
            mg_val *keys = calloc((size_t)ps->ncols + 1, sizeof *keys);
            if (!keys)
                return nomem(x);
            rc = new_group(x, ss, ps, keys);
            free(keys);
            MG_TRY(rc);
        }
        for (size_t gi = 0; gi < ss->ng && rc == MG_OK && !stopped(x, si);
             gi++) {
            mg_group *g = &ss->g[gi];
            mg_arena_reset(&ss->out);
            size_t n = (size_t)ps->ncols + ps->norder + ps->naggs + 1;
            mg_val *cols = mg_arena_alloc(&ss->out, n * sizeof *cols);
            if (!cols)
                return nomem(x);
            mg_val *keys = cols + ps->ncols, *aggv = keys + ps->norder;
            for (size_t k = 0; k < ps->naggs; k++)
                MG_TRY(agg_value(x, ss, &ps->aggs[k], &g->aggs[k], &aggv[k]));
            mg_env en = {ss->row, ps->nslots, NULL, aggv};
            for (int i = 0; i < ps->ncols && rc == MG_OK; i++)
                if (ps->col_agg[i])
                    rc = mg_eval(x, ps->cols[i], &en, &ss->out, &cols[i]);
                else
                    cols[i] = g->keys[i];
            en.cols = cols;
            for (size_t i = 0; i < ps->norder && rc == MG_OK; i++)
                rc = mg_eval(x, ps->order[i], &en, &ss->out, &keys[i]);
            if (rc == MG_OK)
                rc = emit_projected(x, si, cols, keys);
        }
    }
    if (rc == MG_OK && ps->norder && ss->nbuf) {
        MG_TRY(mg_sort_rows(x, si));
        size_t from = (size_t)ps->skip;
        size_t to = ss->nbuf;
        if (ps->limit >= 0 && from + (size_t)ps->limit < to)
            to = from + (size_t)ps->limit;
        for (size_t i = from; i < to && rc == MG_OK && !stopped(x, si); i++)
            rc = forward(x, si, ss->buf[i].cols);
    }
    return rc;
}

void mg_sstate_free(mg_exec *x, size_t si)
{
    mg_sstate *ss = &x->ss[si];
    const mg_pstage *ps = &x->part->stages[si];
    for (size_t gi = 0; gi < ss->ng; gi++) {
        for (size_t k = 0; k < ps->naggs; k++) {
            mg_aggst *s = &ss->g[gi].aggs[k];
            free(s->items);
        }
        free(ss->g[gi].aggs);
    }
    free(ss->g);
    free(ss->buf);
    free(ss->row);
    mg_hmap_free(&ss->distinct);
    mg_hmap_free(&ss->groups);
    mg_hmap_free(&ss->agg_seen);
    mg_arena_free(&ss->out);
    mg_arena_free(&ss->keep);
    memset(ss, 0, sizeof *ss);
}
