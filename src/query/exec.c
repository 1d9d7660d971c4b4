/*
 * exec.c — the driver of the executor (exec.h): the stop tests (LIMIT,
 * row cap, Ctrl-C, deadline), the walk through a stage's segments and
 * steps (each step kind in exec_step.c or exec_path.c, hash and pushed
 * joins in exec_join.c), OPTIONAL groups, and mg_exec_run, which runs
 * every UNION part and finalizes the stages.
 */
#include "query/exec.h"
#include "core/util.h"

#include <stdlib.h>
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

mg_code mg_exec_cursor_err(mg_exec *x)
{
    return x->st->code ? x->st->code
                       : mg_fail(x->st, MG_ERR_STORE, "cursor failed");
}

/* Bound slot value as a term id, 0 if it is not a store term. */
mg_id mg_exec_slot_id(const mg_val *row, int slot)
{
    return row[slot].kind == MG_V_TERM ? row[slot].id : 0;
}

/* Emits to the next step, counting for PROFILE. */
mg_code mg_exec_next(mg_exec *x, size_t si, size_t segi, size_t k,
                     mg_step *s)
{
    s->rows++;
    return run_steps(x, si, segi, k + 1);
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
    case MG_STEP_TYPE: rc = mg_run_type(x, si, segi, k, s); break;
    case MG_STEP_EDGE: rc = mg_run_edge(x, si, segi, k, s); break;
    case MG_STEP_PATH: rc = mg_run_path(x, si, segi, k, s); break;
    case MG_STEP_SCAN: rc = mg_run_scan(x, si, segi, k, s); break;
    default: rc = mg_run_filter(x, si, segi, k, s); break;
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
    x.props_off = mg_env_flag("MAILLAGE_NO_PROPCACHE");
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
