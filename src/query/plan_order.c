/*
 * plan_order.c — the planner proper: cardinality estimates from the store's
 * statistics, the greedy order of a MATCH group with filters as early as
 * possible, and the choice of hash joins (see plan_internal.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "query/plan_internal.h"
#include "core/util.h"

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
double pl_estimate(pctx *c, const mg_step *s, const char *bound,
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
                r = pl_estimate(c, s, bound, r);
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
            double e = pl_estimate(c, s, bound, r);
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

mg_code pl_plan_segment(pctx *c, mg_segment *seg, char *bound,
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
    seg->steps = pl_palloc(c, n * sizeof *seg->steps);
    if (!seg->steps) {
        rc = MG_ERR_NOMEM;
        goto done;
    }
    rc = pl_find_seeds(c, was);
    double cost = 0;
    if (rc == MG_OK)
        rc = greedy(c, c->steps, n, bound, rows, order, ab, bb, est, estc,
                    &cost);
    if (rc != MG_OK)
        goto done;
    if (!mg_env_flag("MAILLAGE_NO_HASHJOIN"))
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
            f->hj_slots = pl_palloc(c, hj.nslots * sizeof *f->hj_slots);
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
    seg->binds = pl_palloc(c, nb * sizeof *seg->binds);
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
