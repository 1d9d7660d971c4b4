/*
 * exec_path.c — the executor's variable-length PATH step (exec.h): from a
 * bound end, or from every node with an edge of the step's predicates,
 * breadth-first min..max hops with a visited set, each end reached once.
 */
#include "query/exec.h"

#include <stdlib.h>

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
                return mg_exec_cursor_err(x);
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
    mg_id want = end_bound ? mg_exec_slot_id(row, end) : 0;
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
            rc = mg_exec_next(x, si, segi, k, s);                        \
        }                                                                \
    } while (0)
    if (s->min == 0) {
        mg_idset_add(&visited, start);
        EMIT(start);
    }
    if (mg_idvec_push(&frontier, start))
        rc = mg_fail(x->st, MG_ERR_NOMEM, "out of memory");
    for (int depth = 1; rc == MG_OK && depth <= s->max && frontier.n &&
                        !mg_exec_stopped(x, si);
         depth++) {
        nextf.n = 0;
        mg_idset_clear(&level);
        for (size_t i = 0; i < frontier.n && rc == MG_OK; i++) {
            nb.n = 0;
            rc = neighbours(x, s, frontier.v[i], from_a, &nb);
            for (size_t j = 0;
                 j < nb.n && rc == MG_OK && !mg_exec_stopped(x, si); j++) {
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

mg_code mg_run_path(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s)
{
    mg_val *row = x->ss[si].row;
    if (s->a_bound || s->b_bound) {
        int from_a = s->a_bound;
        mg_id start = mg_exec_slot_id(row, from_a ? s->a : s->b);
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
            rc = mg_exec_cursor_err(x);
        mg_cursor_close(c);
    }
    for (size_t i = 0; i < order.n && rc == MG_OK && !mg_exec_stopped(x, si);
         i++) {
        row[s->a] = mg_val_term(order.v[i]);
        rc = walk(x, si, segi, k, s, order.v[i], 1);
    }
    mg_idset_free(&starts);
    free(order.v);
    return rc;
}
