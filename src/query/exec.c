/*
 * exec.c — the pattern-matching half of the executor (exec.h): type
 * checks and scans over the class closure, one-hop expansions through the
 * index that fits the bound positions, variable-length paths breadth-
 * first with a visited set, filters, OPTIONAL groups, and the driver
 * (mg_exec_run) that runs every UNION part and finalizes the stages.
 */
#include "query/exec.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

double mg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static mg_code run_steps(mg_exec *x, size_t si, size_t segi, size_t k);

static int stopped(mg_exec *x, size_t si)
{
    if (x->stop_stage >= (int)si || x->row_cap_hit || x->timed_out ||
        (x->opts && x->opts->cancel && *x->opts->cancel))
        return 1;
    if (x->deadline > 0 && (++x->tick & 255) == 0 && mg_now() > x->deadline)
        x->timed_out = 1;
    return x->timed_out;
}

/* After a stage or its finalization: the error if the deadline passed
 * (the rows it produced were cut short). */
static mg_code check_deadline(mg_exec *x)
{
    if (!x->timed_out)
        return MG_OK;
    return mg_fail(x->st, MG_ERR_LIMIT,
                   "the query ran longer than its time limit of %g s "
                   "(--timeout)", x->opts->timeout);
}

mg_code mg_exec_keep(mg_exec *x, uint64_t n)
{
    x->kept += n;
    if (x->kept > x->kept_cap)
        return mg_fail(x->st, MG_ERR_LIMIT,
                       "the query holds more than %llu rows in memory "
                       "(sorting, grouping, DISTINCT or a join): narrow the "
                       "pattern, add a LIMIT, or raise --max-intermediate",
                       (unsigned long long)x->kept_cap);
    return MG_OK;
}

static mg_code cursor_err(mg_exec *x)
{
    return x->st->code ? x->st->code
                       : mg_fail(x->st, MG_ERR_STORE, "cursor failed");
}

/* Bound slot value as a term id, 0 if it is not a store term. */
static mg_id slot_id(const mg_val *row, int slot)
{
    return row[slot].kind == MG_V_TERM ? row[slot].id : 0;
}

/* Emits to the next step, counting for PROFILE. */
static mg_code next(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s)
{
    s->rows++;
    return run_steps(x, si, segi, k + 1);
}

/* ---- TYPE --------------------------------------------------------------- */

/*
 * A type check reads one SPOG range per node: a random seek each, and on
 * a large store a page fault each.  After TYPE_SET_AFTER checks, if the
 * classes have at most TYPE_SET_RATIO times as many instances as were
 * checked so far (and at most TYPE_SET_MAX), their instances are read
 * once in POSG order into a hash set: a sequential range, then a probe
 * per row.  The statistics give the instance counts.
 * MAILLAGE_NO_TYPESET (set, not "0") disables it.
 */
#define TYPE_SET_AFTER 1024
#define TYPE_SET_RATIO 16
#define TYPE_SET_MAX 8000000u

static mg_code type_instances(mg_exec *x, mg_step *s)
{
    uint64_t n = 0;
    for (size_t i = 0; i < s->nids; i++)
        n += mg_stat_class(x->txn, s->ids[i]);
    const char *off = getenv("MAILLAGE_NO_TYPESET"); /* tests compare */
    if (n > TYPE_SET_MAX || (off && strcmp(off, "0") != 0)) {
        s->inst_state = -1;
        return MG_OK;
    }
    if (n > s->checks * TYPE_SET_RATIO)
        return MG_OK; /* not yet worth it: ask again later */
    mg_idset_clear(&s->inst);
    for (size_t i = 0; i < s->nids; i++) {
        mg_quad pat = {0, 0, x->vocab->rdf_type, s->ids[i]}, q;
        mg_cursor *c;
        MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
        int r;
        while ((r = mg_cursor_next(c, &q, x->st)) == 1)
            if (mg_idset_add(&s->inst, q.s) < 0) {
                mg_cursor_close(c);
                return mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
            }
        mg_cursor_close(c);
        if (r < 0)
            return cursor_err(x);
    }
    s->inst_state = 1;
    return MG_OK;
}

static mg_code step_type(mg_exec *x, size_t si, size_t segi, size_t k,
                         mg_step *s)
{
    mg_val *row = x->ss[si].row;
    mg_id rdf_type = x->vocab->rdf_type;
    if (!s->nids || !rdf_type)
        return MG_OK;
    if (s->a_bound) {
        mg_id v = slot_id(row, s->a);
        if (!v)
            return MG_OK;
        int found = 0;
        if (s->inst_state == 0 && ++s->checks >= TYPE_SET_AFTER &&
            !(s->checks & (s->checks - 1))) /* at 1024, 2048, 4096… */
            MG_TRY(type_instances(x, s));
        if (s->inst_state == 1) {
            found = mg_idset_has(&s->inst, v);
        } else if (s->nids == 1) {
            mg_quad pat = {0, v, rdf_type, s->ids[0]}, q;
            mg_cursor *c;
            MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
            int r = mg_cursor_next(c, &q, x->st);
            mg_cursor_close(c);
            if (r < 0)
                return cursor_err(x);
            found = r == 1;
        } else {
            /* The node's types against the closure set: one short scan
             * instead of one lookup per subclass. */
            mg_quad pat = {0, v, rdf_type, 0}, q;
            mg_cursor *c;
            MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
            int r = 0;
            while ((r = mg_cursor_next(c, &q, x->st)) == 1)
                if (mg_idset_has(&s->set, q.o)) {
                    found = 1;
                    break;
                }
            mg_cursor_close(c);
            if (r < 0)
                return cursor_err(x);
        }
        return found ? next(x, si, segi, k, s) : MG_OK;
    }
    /* Enumerate the instances of every class of the closure; an instance
     * of two of them (mg:Network and mg:Club) comes once. */
    mg_idset seen = {0};
    mg_code rc = MG_OK;
    for (size_t i = 0; i < s->nids && rc == MG_OK && !stopped(x, si); i++) {
        mg_quad pat = {0, 0, rdf_type, s->ids[i]}, q;
        mg_cursor *c;
        rc = mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st);
        if (rc)
            break;
        int r = 0;
        while (rc == MG_OK && !stopped(x, si) &&
               (r = mg_cursor_next(c, &q, x->st)) == 1) {
            if (s->nids > 1) {
                int a = mg_idset_add(&seen, q.s);
                if (a < 0)
                    rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
                if (a <= 0)
                    continue;
            }
            row[s->a] = mg_val_term(q.s);
            rc = next(x, si, segi, k, s);
        }
        if (rc == MG_OK && r < 0)
            rc = cursor_err(x);
        mg_cursor_close(c);
    }
    mg_idset_free(&seen);
    return rc;
}

/* ---- SCAN --------------------------------------------------------------- */

static mg_code step_scan(mg_exec *x, size_t si, size_t segi, size_t k,
                         mg_step *s)
{
    mg_val *row = x->ss[si].row;
    if (s->a_bound)
        return row[s->a].kind == MG_V_TERM ? next(x, si, segi, k, s) : MG_OK;
    mg_quad pat = {0, 0, 0, 0}, q;
    mg_cursor *c;
    MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
    mg_id last = 0;
    mg_code rc = MG_OK;
    int r = 0;
    while (rc == MG_OK && !stopped(x, si) &&
           (r = mg_cursor_next(c, &q, x->st)) == 1) {
        if (q.s == last) /* SPOG order: a subject's triples are adjacent */
            continue;
        last = q.s;
        row[s->a] = mg_val_term(q.s);
        rc = next(x, si, segi, k, s);
    }
    if (rc == MG_OK && r < 0)
        rc = cursor_err(x);
    mg_cursor_close(c);
    return rc;
}

/* ---- EDGE --------------------------------------------------------------- */

/* One direction of one predicate: triples (subj p obj) with subj bound to
 * slot `ss` and obj to slot `os` where they are bound. */
static mg_code expand_dir(mg_exec *x, size_t si, size_t segi, size_t k,
                          mg_step *s, mg_id p, int ss, int os, int sb,
                          int ob, int reverse)
{
    mg_val *row = x->ss[si].row;
    mg_id sv = sb ? slot_id(row, ss) : 0, ov = ob ? slot_id(row, os) : 0;
    if ((sb && !sv) || (ob && !ov))
        return MG_OK;
    mg_quad pat = {0, sv, p, ov}, q;
    mg_cursor *c;
    MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
    mg_code rc = MG_OK;
    int r = 0;
    while (rc == MG_OK && !stopped(x, si) &&
           (r = mg_cursor_next(c, &q, x->st)) == 1) {
        /* The reverse reading of a self-loop is the same match. */
        if (reverse && q.s == q.o)
            continue;
        if (!sb && !ob && ss == os && q.s != q.o)
            continue; /* (a)-[…]->(a) */
        if (!sb)
            row[ss] = mg_val_term(q.s);
        if (!ob && !(ss == os))
            row[os] = mg_val_term(q.o);
        if (s->r >= 0)
            row[s->r] = mg_val_term(q.p);
        rc = next(x, si, segi, k, s);
    }
    if (rc == MG_OK && r < 0)
        rc = cursor_err(x);
    mg_cursor_close(c);
    return rc;
}

typedef struct class_count {
    mg_id c;
    uint64_t n;
} class_count;

typedef struct class_counts {
    class_count *v;
    size_t n, cap;
    int nomem;
} class_counts;

static int add_class(void *ctx, mg_id id, uint64_t count)
{
    class_counts *cc = ctx;
    if (mg_grow((void **)&cc->v, &cc->cap, cc->n + 1, sizeof *cc->v)) {
        cc->nomem = 1;
        return 1;
    }
    cc->v[cc->n++] = (class_count){id, count};
    return 0;
}

/* A from_stats step (plan_stats.c): each class once, standing for its
 * instances. */
static mg_code step_class_counts(mg_exec *x, size_t si, size_t segi,
                                 size_t k, mg_step *s)
{
    mg_val *row = x->ss[si].row;
    int subj = s->dir == MG_DIR_IN ? s->b : s->a;
    int cls = s->dir == MG_DIR_IN ? s->a : s->b;
    class_counts cc = {0};
    mg_code rc = mg_stat_each(x->txn, 'c', add_class, &cc, x->st);
    if (rc == MG_OK && cc.nomem)
        rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
    row[subj] = mg_val_null();
    for (size_t i = 0; rc == MG_OK && i < cc.n && !stopped(x, si); i++) {
        row[cls] = mg_val_term(cc.v[i].c);
        x->weight = cc.v[i].n;
        rc = next(x, si, segi, k, s);
    }
    x->weight = 1;
    free(cc.v);
    return rc;
}

static mg_code step_edge(mg_exec *x, size_t si, size_t segi, size_t k,
                         mg_step *s)
{
    if (s->from_stats)
        return step_class_counts(x, si, segi, k, s);
    size_t n = s->any_pred ? 1 : s->nids;
    int ab = s->a_bound, bb = s->b_bound;
    /* The same variable on both ends, unbound: bind it from the subject. */
    if (s->a == s->b)
        bb = ab;
    for (size_t i = 0; i < n && !stopped(x, si); i++) {
        mg_id p = s->any_pred ? 0 : s->ids[i];
        int fwd = mg_step_way(s, i, 0), bwd = mg_step_way(s, i, 1);
        if (fwd)
            MG_TRY(expand_dir(x, si, segi, k, s, p, s->a, s->b, ab, bb, 0));
        if (bwd)
            MG_TRY(expand_dir(x, si, segi, k, s, p, s->b, s->a, bb, ab,
                              fwd));
    }
    return MG_OK;
}

/* ---- PATH --------------------------------------------------------------- */

/* Neighbours of u one hop along the step's predicates, walking from the
 * `from_a` end. */
static mg_code neighbours(mg_exec *x, const mg_step *s, mg_id u, int from_a,
                          mg_idvec *out)
{
    size_t n = s->any_pred ? 1 : s->nids;
    for (size_t i = 0; i < n; i++) {
        mg_id p = s->any_pred ? 0 : s->ids[i];
        int fwd = mg_step_way(s, i, 0), bwd = mg_step_way(s, i, 1);
        if (!from_a) { /* walking from b: the directions swap */
            int t = fwd;
            fwd = bwd;
            bwd = t;
        }
        for (int d = 0; d < 2; d++) {
            if ((d == 0 && !fwd) || (d == 1 && !bwd))
                continue;
            mg_quad pat = {0, d == 0 ? u : 0, p, d == 0 ? 0 : u}, q;
            mg_cursor *c;
            MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
            int r = 0;
            while ((r = mg_cursor_next(c, &q, x->st)) == 1)
                if (mg_idvec_push(out, d == 0 ? q.o : q.s)) {
                    mg_cursor_close(c);
                    return mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
                }
            mg_cursor_close(c);
            if (r < 0)
                return cursor_err(x);
        }
    }
    return MG_OK;
}

/*
 * The ends reachable from `start` by min..max hops, each once.  Levels
 * below `min` keep a per-level set (a node may be needed again at a
 * deeper level); from `min` on, a global visited set is exact: a node
 * first reached at depth d ≥ min was already expanded with fewer hops
 * than any later visit, so nothing reachable is lost.  This bounds the
 * work by (min + nodes) expansions even on cycles.
 */
static mg_code walk(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s, mg_id start, int from_a)
{
    mg_val *row = x->ss[si].row;
    int end = from_a ? s->b : s->a;
    int end_bound = from_a ? s->b_bound : s->a_bound;
    mg_id want = end_bound ? slot_id(row, end) : 0;
    if (end_bound && !want)
        return MG_OK;
    mg_idset visited = {0}, level = {0};
    mg_idvec frontier = {0}, nb = {0}, nextf = {0};
    mg_code rc = MG_OK;
    /* emit(v): bind the far end (or check it) and go on. */
#define EMIT(v)                                                          \
    do {                                                                 \
        if (!want || (v) == want) {                                      \
            if (!end_bound)                                              \
                row[end] = mg_val_term(v);                               \
            if (s->r >= 0)                                               \
                row[s->r] = mg_val_null();                               \
            rc = next(x, si, segi, k, s);                                \
        }                                                                \
    } while (0)
    if (s->min == 0) {
        mg_idset_add(&visited, start);
        EMIT(start);
    }
    if (mg_idvec_push(&frontier, start))
        rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
    for (int depth = 1; rc == MG_OK && depth <= s->max && frontier.n &&
                        !stopped(x, si);
         depth++) {
        nextf.n = 0;
        mg_idset_clear(&level);
        for (size_t i = 0; i < frontier.n && rc == MG_OK; i++) {
            nb.n = 0;
            rc = neighbours(x, s, frontier.v[i], from_a, &nb);
            for (size_t j = 0; j < nb.n && rc == MG_OK && !stopped(x, si);
                 j++) {
                mg_id v = nb.v[j];
                int added = depth >= s->min ? mg_idset_add(&visited, v)
                                            : mg_idset_add(&level, v);
                if (added < 0)
                    rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
                if (added <= 0)
                    continue;
                if (mg_idvec_push(&nextf, v))
                    rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
                else if (depth >= s->min)
                    EMIT(v);
            }
        }
        mg_idvec t = frontier;
        frontier = nextf;
        nextf = t;
    }
#undef EMIT
    mg_idset_free(&visited);
    mg_idset_free(&level);
    free(frontier.v);
    free(nb.v);
    free(nextf.v);
    return rc;
}

static mg_code step_path(mg_exec *x, size_t si, size_t segi, size_t k,
                         mg_step *s)
{
    mg_val *row = x->ss[si].row;
    if (s->a_bound || s->b_bound) {
        int from_a = s->a_bound;
        mg_id start = slot_id(row, from_a ? s->a : s->b);
        return start ? walk(x, si, segi, k, s, start, from_a) : MG_OK;
    }
    /* Neither end bound: start from every node that has an edge of the
     * step's predicates on the `a` side. */
    mg_idset starts = {0};
    mg_idvec order = {0};
    mg_code rc = MG_OK;
    size_t n = s->any_pred ? 1 : s->nids;
    for (size_t i = 0; i < n && rc == MG_OK; i++) {
        mg_id p = s->any_pred ? 0 : s->ids[i];
        int fwd = mg_step_way(s, i, 0), bwd = mg_step_way(s, i, 1);
        mg_quad pat = {0, 0, p, 0}, q;
        mg_cursor *c;
        rc = mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st);
        if (rc)
            break;
        int r = 0;
        while (rc == MG_OK && (r = mg_cursor_next(c, &q, x->st)) == 1) {
            mg_id cand[2] = {fwd ? q.s : 0, bwd ? q.o : 0};
            for (int j = 0; j < 2; j++)
                if (cand[j]) {
                    int a = mg_idset_add(&starts, cand[j]);
                    if (a < 0 || (a > 0 && mg_idvec_push(&order, cand[j])))
                        rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
                }
        }
        if (rc == MG_OK && r < 0)
            rc = cursor_err(x);
        mg_cursor_close(c);
    }
    for (size_t i = 0; i < order.n && rc == MG_OK && !stopped(x, si); i++) {
        row[s->a] = mg_val_term(order.v[i]);
        rc = walk(x, si, segi, k, s, order.v[i], 1);
    }
    mg_idset_free(&starts);
    free(order.v);
    return rc;
}

/* ---- FILTER ------------------------------------------------------------- */

static mg_code step_filter(mg_exec *x, size_t si, size_t segi, size_t k,
                           mg_step *s)
{
    mg_env en = {x->ss[si].row, x->part->stages[si].nslots, NULL, NULL};
    if (s->seeded && !s->a_bound) {
        /* A seed (plan.c): the only nodes that can pass, each checked. */
        mg_code rc = MG_OK;
        for (size_t i = 0; i < s->nseed && rc == MG_OK && !stopped(x, si);
             i++) {
            x->ss[si].row[s->a] = mg_val_term(s->seed[i]);
            mg_val v;
            rc = mg_eval(x, s->cond, &en, &x->tmp, &v);
            int ok = mg_val_truthy(&v);
            mg_arena_reset(&x->tmp);
            if (rc == MG_OK && ok)
                rc = next(x, si, segi, k, s);
        }
        return rc;
    }
    mg_val v;
    mg_code rc = mg_eval(x, s->cond, &en, &x->tmp, &v);
    int ok = mg_val_truthy(&v);
    mg_arena_reset(&x->tmp);
    MG_TRY(rc);
    return ok ? next(x, si, segi, k, s) : MG_OK;
}

/* ---- driving ------------------------------------------------------------ */

static mg_code run_seg(mg_exec *x, size_t si, size_t segi);

static mg_code run_steps(mg_exec *x, size_t si, size_t segi, size_t k)
{
    mg_pstage *ps = &x->part->stages[si];
    mg_segment *seg = &ps->segs[segi];
    if (stopped(x, si))
        return MG_OK;
    if (x->hj_cur && k == x->hj_end && si == x->hj_si && segi == x->hj_segi)
        return mg_hashjoin_collect(x, si); /* the end of a build side */
    if (k == seg->nsteps) {
        if (seg->optional)
            x->opt_hits[seg->index]++;
        return run_seg(x, si, segi + 1);
    }
    mg_step *s = &seg->steps[k];
    double t0 = x->profile ? mg_now() : 0;
    mg_code rc;
    if (s->hj_nbuild && !(x->hj_cur && x->hj_step == s))
        rc = mg_hashjoin(x, si, segi, k, s);
    else if (s->push_n) /* a build side may be one (plan_push.c) */
        rc = mg_pushed_join(x, si, segi, k, s);
    else
    switch (s->kind) {
    case MG_STEP_TYPE: rc = step_type(x, si, segi, k, s); break;
    case MG_STEP_EDGE: rc = step_edge(x, si, segi, k, s); break;
    case MG_STEP_PATH: rc = step_path(x, si, segi, k, s); break;
    case MG_STEP_SCAN: rc = step_scan(x, si, segi, k, s); break;
    default: rc = step_filter(x, si, segi, k, s); break;
    }
    if (x->profile)
        s->secs += mg_now() - t0;
    return rc;
}

static mg_code run_seg(mg_exec *x, size_t si, size_t segi)
{
    mg_pstage *ps = &x->part->stages[si];
    if (segi == ps->nsegs)
        return mg_project_row(x, si);
    mg_segment *seg = &ps->segs[segi];
    if (!seg->optional)
        return run_steps(x, si, segi, 0);
    /* OPTIONAL: run the group; when nothing matched, go on once with its
     * new variables null.  The hit counter is saved around the call
     * because a later stage may re-enter this stage's groups. */
    uint64_t saved = x->opt_hits[seg->index];
    x->opt_hits[seg->index] = 0;
    mg_code rc = run_steps(x, si, segi, 0);
    uint64_t hits = x->opt_hits[seg->index];
    x->opt_hits[seg->index] = saved;
    if (rc != MG_OK || hits || stopped(x, si))
        return rc;
    for (size_t i = 0; i < seg->nbinds; i++)
        x->ss[si].row[seg->binds[i]] = mg_val_null();
    return run_seg(x, si, segi + 1);
}

mg_code mg_run_steps(mg_exec *x, size_t si, size_t segi, size_t k)
{
    return run_steps(x, si, segi, k);
}

int mg_exec_stopped(mg_exec *x, size_t si)
{
    return stopped(x, si);
}

mg_code mg_exec_stage(mg_exec *x, size_t si)
{
    return run_seg(x, si, 0);
}

mg_code mg_exec_run(mg_plan *p, mg_txn *txn, const mg_query_opts *opts,
                    mg_row_sink *sink, int deliver, uint64_t *rows,
                    mg_status *st)
{
    mg_exec x = {0};
    x.plan = p;
    x.txn = txn;
    x.vocab = p->vocab;
    x.st = st;
    x.opts = opts;
    x.sink = deliver ? sink : NULL;
    x.vc.txn = txn;
    x.vc.scratch = &x.tmp;
    x.vc.st = st;
    x.profile = p->profile;
    x.weight = 1;
    if (opts && opts->timeout > 0)
        x.deadline = mg_now() + opts->timeout;
    x.kept_cap = opts && opts->max_intermediate ? opts->max_intermediate
                                                : MG_MAX_INTERMEDIATE;
    if (opts && opts->truncated)
        *opts->truncated = 0;
    x.opt_hits = calloc((size_t)p->nsegs_total + 1, sizeof *x.opt_hits);
    x.hj = calloc((size_t)p->nhj_total + 1, sizeof *x.hj);
    mg_code rc = x.opt_hits && x.hj
                     ? MG_OK
                     : mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t pi = 0; rc == MG_OK && pi < p->nparts && !x.row_cap_hit;
         pi++) {
        x.part = &p->parts[pi];
        x.stop_stage = -1;
        x.ss = calloc(x.part->nstages, sizeof *x.ss);
        if (!x.ss) {
            rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t si = 0; si < x.part->nstages && rc == MG_OK; si++) {
            int n = x.part->stages[si].nslots;
            x.ss[si].row = calloc((size_t)n + 1, sizeof(mg_val));
            if (!x.ss[si].row)
                rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
        }
        if (rc == MG_OK)
            rc = mg_exec_stage(&x, 0);
        if (rc == MG_OK)
            rc = check_deadline(&x);
        for (size_t si = 0; si < x.part->nstages && rc == MG_OK; si++) {
            rc = mg_finalize_stage(&x, si);
            if (rc == MG_OK)
                rc = check_deadline(&x);
        }
        for (size_t si = 0; si < x.part->nstages; si++)
            mg_sstate_free(&x, si);
        free(x.ss);
        x.ss = NULL;
    }
    if (rc == MG_OK && deliver && !x.columns_sent && sink && sink->columns &&
        p->nparts) {
        /* No row at all: the sink still learns the columns. */
        const mg_pstage *last = &p->parts[0].stages[p->parts[0].nstages - 1];
        rc = sink->columns(sink->ctx, (const char *const *)last->colnames,
                           last->ncols, st);
    }
    if (rows)
        *rows = x.nrows;
    free(x.opt_hits);
    mg_hashjoin_free(&x);
    mg_hmap_free(&x.union_seen);
    mg_arena_free(&x.tmp);
    mg_arena_free(&x.cells);
    free(x.kbuf);
    return rc;
}
