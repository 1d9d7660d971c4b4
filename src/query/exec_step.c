/*
 * exec_step.c — the executor's one-hop steps (exec.h): type checks and
 * scans over the class closure (with a hash set of the instances once
 * that pays), one-hop expansions through the index that fits the bound
 * positions, a class's instance counts from the statistics, and filters
 * (over a seed when the planner found one).  Variable-length paths are in
 * exec_path.c; exec.c drives them.
 */
#include "query/exec.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

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
    if (n > TYPE_SET_MAX || mg_env_flag("MAILLAGE_NO_TYPESET")) {
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
            return mg_exec_cursor_err(x);
    }
    s->inst_state = 1;
    return MG_OK;
}

mg_code mg_run_type(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s)
{
    mg_val *row = x->ss[si].row;
    mg_id rdf_type = x->vocab->rdf_type;
    if (!s->nids || !rdf_type)
        return MG_OK;
    if (s->a_bound) {
        mg_id v = mg_exec_slot_id(row, s->a);
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
                return mg_exec_cursor_err(x);
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
                return mg_exec_cursor_err(x);
        }
        return found ? mg_exec_next(x, si, segi, k, s) : MG_OK;
    }
    /* Enumerate the instances of every class of the closure; an instance
     * of two of them (mg:Network and mg:Club) comes once. */
    mg_idset seen = {0};
    mg_code rc = MG_OK;
    for (size_t i = 0; i < s->nids && rc == MG_OK && !mg_exec_stopped(x, si);
         i++) {
        mg_quad pat = {0, 0, rdf_type, s->ids[i]}, q;
        mg_cursor *c;
        rc = mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st);
        if (rc)
            break;
        int r = 0;
        while (rc == MG_OK && !mg_exec_stopped(x, si) &&
               (r = mg_cursor_next(c, &q, x->st)) == 1) {
            if (s->nids > 1) {
                int a = mg_idset_add(&seen, q.s);
                if (a < 0)
                    rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
                if (a <= 0)
                    continue;
            }
            row[s->a] = mg_val_term(q.s);
            rc = mg_exec_next(x, si, segi, k, s);
        }
        if (rc == MG_OK && r < 0)
            rc = mg_exec_cursor_err(x);
        mg_cursor_close(c);
    }
    mg_idset_free(&seen);
    return rc;
}

/* ---- SCAN --------------------------------------------------------------- */

mg_code mg_run_scan(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s)
{
    mg_val *row = x->ss[si].row;
    if (s->a_bound)
        return row[s->a].kind == MG_V_TERM ? mg_exec_next(x, si, segi, k, s)
                                           : MG_OK;
    mg_quad pat = {0, 0, 0, 0}, q;
    mg_cursor *c;
    MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
    mg_id last = 0;
    mg_code rc = MG_OK;
    int r = 0;
    while (rc == MG_OK && !mg_exec_stopped(x, si) &&
           (r = mg_cursor_next(c, &q, x->st)) == 1) {
        if (q.s == last) /* SPOG order: a subject's triples are adjacent */
            continue;
        last = q.s;
        row[s->a] = mg_val_term(q.s);
        rc = mg_exec_next(x, si, segi, k, s);
    }
    if (rc == MG_OK && r < 0)
        rc = mg_exec_cursor_err(x);
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
    mg_id sv = sb ? mg_exec_slot_id(row, ss) : 0;
    mg_id ov = ob ? mg_exec_slot_id(row, os) : 0;
    if ((sb && !sv) || (ob && !ov))
        return MG_OK;
    mg_quad pat = {0, sv, p, ov}, q;
    mg_cursor *c;
    MG_TRY(mg_cursor_open(x->txn, &pat, MG_CURSOR_DISTINCT, &c, x->st));
    mg_code rc = MG_OK;
    int r = 0;
    while (rc == MG_OK && !mg_exec_stopped(x, si) &&
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
        rc = mg_exec_next(x, si, segi, k, s);
    }
    if (rc == MG_OK && r < 0)
        rc = mg_exec_cursor_err(x);
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
    for (size_t i = 0; rc == MG_OK && i < cc.n && !mg_exec_stopped(x, si);
         i++) {
        row[cls] = mg_val_term(cc.v[i].c);
        x->weight = cc.v[i].n;
        rc = mg_exec_next(x, si, segi, k, s);
    }
    x->weight = 1;
    free(cc.v);
    return rc;
}

mg_code mg_run_edge(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s)
{
    if (s->from_stats)
        return step_class_counts(x, si, segi, k, s);
    size_t n = s->any_pred ? 1 : s->nids;
    int ab = s->a_bound, bb = s->b_bound;
    /* The same variable on both ends, unbound: bind it from the subject. */
    if (s->a == s->b)
        bb = ab;
    for (size_t i = 0; i < n && !mg_exec_stopped(x, si); i++) {
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

/* ---- FILTER ------------------------------------------------------------- */

mg_code mg_run_filter(mg_exec *x, size_t si, size_t segi, size_t k,
                      mg_step *s)
{
    mg_env en = {x->ss[si].row, x->part->stages[si].nslots, NULL, NULL};
    if (s->seeded && !s->a_bound) {
        /* A seed (plan.c): the only nodes that can pass, each checked. */
        mg_code rc = MG_OK;
        for (size_t i = 0;
             i < s->nseed && rc == MG_OK && !mg_exec_stopped(x, si); i++) {
            x->ss[si].row[s->a] = mg_val_term(s->seed[i]);
            mg_val v;
            rc = mg_eval(x, s->cond, &en, &x->tmp, &v);
            int ok = mg_val_truthy(&v);
            mg_arena_reset(&x->tmp);
            if (rc == MG_OK && ok)
                rc = mg_exec_next(x, si, segi, k, s);
        }
        return rc;
    }
    mg_val v;
    mg_code rc = mg_eval(x, s->cond, &en, &x->tmp, &v);
    int ok = mg_val_truthy(&v);
    mg_arena_reset(&x->tmp);
    MG_TRY(rc);
    return ok ? mg_exec_next(x, si, segi, k, s) : MG_OK;
}
