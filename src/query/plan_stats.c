/*
 * plan_stats.c — answering a count from the store's statistics instead of
 * reading the triples it counts.
 *
 * The shape: a stage whose only pattern is one relationship
 * (s)-[:rdf:type]->(c), neither end bound before it and no filter, whose
 * aggregates are all count(*) and whose columns and ORDER BY never read s.
 * Its rows are then the distinct (s rdf:type c) triples, and the only thing
 * the projection learns from them is how many there are per c: exactly
 * the class statistics the store keeps in the same transaction as the
 * triples (mg_stat_class).  The step is marked from_stats; the executor
 * then binds c to each class once, with count(*) adding its instance
 * count (exec.c step_class_counts), and leaves s null.
 *
 * MAILLAGE_NO_STATS_COUNT (set, not "0") disables it, for comparisons.
 */
#include <stdlib.h>

#include "query/plan_internal.h"
#include "core/util.h"

/* Whether expression x reads slot `slot`. */
static int reads_slot(const mg_cexpr *x, int slot, int *err)
{
    int *arr = NULL;
    size_t n = 0, cap = 0;
    if (pl_collect_slots(x, &arr, &n, &cap)) {
        *err = 1;
        free(arr);
        return 1;
    }
    int hit = 0;
    for (size_t i = 0; i < n; i++)
        hit |= arr[i] == slot;
    free(arr);
    return hit;
}

void pl_stats_count(pctx *c, mg_pstage *ps)
{
    if (mg_env_flag("MAILLAGE_NO_STATS_COUNT") || !c->vocab->rdf_type ||
        ps->nsegs != 1 || ps->segs[0].optional || ps->segs[0].nsteps != 1 ||
        ps->naggs == 0)
        return;
    mg_step *s = &ps->segs[0].steps[0];
    if (s->kind != MG_STEP_EDGE || s->any_pred || s->nids != 1 ||
        s->ids[0] != c->vocab->rdf_type || s->both[0] || s->r >= 0 ||
        s->a == s->b || s->a_bound || s->b_bound || s->hj_nbuild ||
        s->a < ps->ninput || s->b < ps->ninput)
        return;
    for (size_t i = 0; i < ps->naggs; i++)
        if (ps->aggs[i].fn != MG_FN_COUNT || !ps->aggs[i].star ||
            ps->aggs[i].distinct)
            return;
    int subj = s->dir == MG_DIR_IN ? s->b : s->a;
    int err = 0;
    for (int i = 0; i < ps->ncols; i++)
        if (reads_slot(ps->cols[i], subj, &err))
            return;
    for (size_t i = 0; i < ps->norder; i++)
        if (reads_slot(ps->order[i], subj, &err))
            return;
    if (!err)
        s->from_stats = 1;
}
