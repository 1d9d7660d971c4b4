/*
 * plan_push.c — joins pushed down to the store's backend.
 *
 * On a backend that joins (PostgreSQL; store.h "Joins pushed down"),
 * every run of two or more consecutive pattern steps of a segment (node
 * types, one-hop expansions, all-nodes scans) becomes one query of the
 * backend, run once per row reaching the run: the slots bound before the
 * run are its inputs, the ones it binds its outputs.  The backend
 * promises the rows and the order the steps would give, so nothing after
 * the run can tell the difference — except the time: one round trip per
 * input row instead of one per step and row.  Filters, paths, seeds and
 * class counts stay in the engine and end a run.  The planner's order of
 * the steps is kept (it fixes the order of the rows); the backend's own
 * planner chooses how to join them.  MAILLAGE_NO_PUSHDOWN (set, not "0")
 * keeps every step in the engine.
 */
#include "query/plan_internal.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

int pl_push_wanted(pctx *c)
{
    return mg_join_supported(c->txn) && !mg_env_flag("MAILLAGE_NO_PUSHDOWN");
}

static int pushable(pctx *c, const mg_step *s)
{
    if (s->seeded)
        return 0;
    switch (s->kind) {
    case MG_STEP_TYPE:
        return s->nids > 0 && c->vocab->rdf_type != 0;
    case MG_STEP_EDGE:
        return !s->from_stats && (s->any_pred || s->nids > 0);
    case MG_STEP_SCAN:
        return 1;
    default:
        return 0;
    }
}

typedef struct slots {
    int *v;
    size_t n;
} slots;

static void slot_add(slots *l, int slot)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == slot)
            return;
    l->v[l->n++] = slot;
}

/* Marks the slots step s binds. */
static void binds(const mg_step *s, char *bound)
{
    if (s->kind == MG_STEP_FILTER && !s->seeded)
        return;
    bound[s->a] = 1;
    if (s->kind == MG_STEP_EDGE || s->kind == MG_STEP_PATH) {
        bound[s->b] = 1;
        if (s->r >= 0)
            bound[s->r] = 1;
    }
}

/* Steps [k, e) of seg as one join; `before`: the slots bound when the
 * run starts (its inputs, where it reads them). */
static mg_code push_run(pctx *c, mg_segment *seg, size_t k, size_t e,
                        const char *before)
{
    size_t n = e - k;
    mg_join_atom *atoms = pl_palloc(c, n * sizeof *atoms);
    /* each step mentions at most three slots */
    slots in = {pl_palloc(c, 3 * n * sizeof(int)), 0};
    slots out = {pl_palloc(c, 3 * n * sizeof(int)), 0};
    char *known = calloc((size_t)c->nslots + 1, 1);
    if (!atoms || !in.v || !out.v || !known) {
        free(known);
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const mg_step *s = &seg->steps[k + i];
        mg_join_atom *a = &atoms[i];
        a->kind = s->kind == MG_STEP_TYPE   ? MG_JOIN_TYPE
                  : s->kind == MG_STEP_EDGE ? MG_JOIN_EDGE
                                            : MG_JOIN_SCAN;
        a->a = s->a;
        a->b = s->kind == MG_STEP_EDGE ? s->b : -1;
        a->r = s->kind == MG_STEP_EDGE ? s->r : -1;
        /* As the step was planned: its order follows from these (a hash
         * join's build side was planned as if nothing were bound). */
        a->a_bound = s->a_bound;
        a->b_bound = s->kind == MG_STEP_EDGE &&
                     (s->a == s->b ? s->a_bound : s->b_bound);
        a->ids = s->ids;
        a->nids = s->nids;
        a->any_pred = s->any_pred;
        a->both = s->both;
        a->dir_in = s->dir == MG_DIR_IN;
        int ends[3] = {a->a, a->b, a->r};
        for (int j = 0; j < 3; j++) {
            int v = ends[j];
            if (v < 0 || known[v])
                continue;
            known[v] = 1;
            if (before[v] && j < 2)
                slot_add(&in, v);
            else
                slot_add(&out, v); /* a relationship is always rebound */
        }
    }
    free(known);
    mg_join j = {atoms, n, in.v, out.v, in.n, out.n, c->vocab->rdf_type};
    char *form = NULL;
    mg_code rc = mg_join_prepare(c->txn, &j, &form, c->st);
    if (rc == MG_ERR_UNSUPPORTED) { /* the backend declines: the engine joins */
        mg_status_clear(c->st);
        return MG_OK;
    }
    if (rc != MG_OK)
        return rc;
    mg_step *f = &seg->steps[k];
    f->push_form = pl_pstrdup(c, form);
    free(form);
    if (!f->push_form)
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    f->push_n = (int)n;
    f->push_in = in.v;
    f->push_nin = in.n;
    f->push_out = out.v;
    f->push_nout = out.n;
    return MG_OK;
}

/*
 * A hash join's build side [b0, b1) runs on its own, once, then is
 * probed (exec_join.c).  A run may be exactly a build side (the backend
 * then computes it, once, with no input, and the engine hashes and
 * probes), start before one and hold it whole (the backend joins it like
 * the rest, once per input row, and the rows come in the same order:
 * probe row by probe row, each build row in the order the build side
 * lists them), or lie inside one after its first step; never straddle a
 * boundary: the end of a run that would is pulled back.
 */
static size_t fit_run(const mg_segment *seg, size_t k, size_t e)
{
    for (size_t b0 = 0; b0 < seg->nsteps && e > k; b0++) {
        if (!seg->steps[b0].hj_nbuild)
            continue;
        size_t b1 = b0 + (size_t)seg->steps[b0].hj_nbuild;
        if (e <= b0 || k >= b1) /* apart */
            continue;
        if (k <= b0 && e >= b1) /* holds it */
            continue;
        if (k > b0 && e <= b1) /* inside it */
            continue;
        if (k == b0) /* starts it: exactly it, or nothing */
            return e >= b1 ? b1 : k;
        e = k < b0 ? b0 : b1;
        b0 = (size_t)-1; /* check again from the first */
    }
    return e;
}

mg_code pl_push_down(pctx *c, mg_pstage *ps)
{
    /* A LIMIT that stops the work upstream: the engine streams and stops
     * early, where a query must compute (and sort) all of its rows. */
    if (!pl_push_wanted(c) || (ps->limit >= 0 && !ps->norder && !ps->naggs))
        return MG_OK;
    char *bound = calloc((size_t)c->nslots + 1, 1);
    char *b = calloc((size_t)c->nslots + 1, 1);
    char *saved = calloc((size_t)c->nslots + 1, 1);
    if (!bound || !b || !saved) {
        free(bound), free(b), free(saved);
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < ps->ninput; i++)
        bound[i] = 1;
    mg_code rc = MG_OK;
    for (size_t g = 0; g < ps->nsegs && rc == MG_OK; g++) {
        mg_segment *seg = &ps->segs[g];
        memcpy(b, bound, (size_t)c->nslots);
        size_t build_end = 0; /* after a build side: saved | its binds */
        size_t run_end = 0;
        for (size_t k = 0; k < seg->nsteps && rc == MG_OK; k++) {
            if (build_end == k && k) {
                for (int i = 0; i < c->nslots; i++)
                    b[i] |= saved[i];
                build_end = 0;
            }
            if (seg->steps[k].hj_nbuild) { /* planned with nothing bound */
                memcpy(saved, b, (size_t)c->nslots);
                memset(b, 0, (size_t)c->nslots);
                build_end = k + (size_t)seg->steps[k].hj_nbuild;
            }
            if (k >= run_end) {
                size_t e = k;
                while (e < seg->nsteps && pushable(c, &seg->steps[e]))
                    e++;
                e = fit_run(seg, k, e);
                if (e - k >= 2) {
                    rc = push_run(c, seg, k, e, b);
                    run_end = e;
                }
            }
            binds(&seg->steps[k], b);
        }
        for (size_t i = 0; i < seg->nbinds; i++)
            bound[seg->binds[i]] = 1;
    }
    free(bound), free(b), free(saved);
    return rc;
}
