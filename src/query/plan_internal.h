/*
 * plan_internal.h — what the planner's files share (plan.c: contexts and
 * stages; plan_expr.c: scopes and expressions; plan_steps.c: pattern
 * steps; plan_seed.c: seeds from constants; plan_stats.c: counts
 * from the statistics; plan_push.c: joins pushed down to the backend; plan_order.c: estimates, the
 * greedy order and hash joins).  Not for use outside src/query/plan*.c.
 *
 * Owns: nothing; the pctx lives on mg_plan_build's stack.
 */
#ifndef MG_PLAN_INTERNAL_H
#define MG_PLAN_INTERNAL_H

#include <regex.h>
#include <stddef.h>

#include "query/plan.h"
#include "query/parse.h"

typedef struct pctx {
    mg_plan *p;
    const char *text;
    mg_txn *txn;
    mg_vocab *vocab;
    const mg_query_opts *opts;
    mg_status *st;
    mg_counts counts;
    /* the stage being compiled */
    mg_pstage *stage;
    char **names;
    int nslots, capslots;
    int anon;
    /* expression context */
    int agg_ok, in_agg, agg_col, naggs_used;
    int col_scope, cols_only;
    /* temporary steps of the segment being built */
    mg_step *steps;
    size_t nsteps, capsteps;
} pctx;

mg_code pl_perr(pctx *c, mg_code code, int pos, int len, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));
mg_code pl_add_node(pctx *c, const mg_node_pat *n, int *slot);
mg_code pl_add_rel(pctx *c, const mg_rel_pat *r, int a, int b);
mg_code pl_add_where(pctx *c, const mg_expr *e);
int pl_collect_slots(const mg_cexpr *x, int **arr, size_t *n, size_t *cap);
mg_code pl_compile_expr(pctx *c, const mg_expr *e, mg_cexpr **out);
size_t pl_count_aggs(const mg_expr *e);
mg_cexpr *pl_cx_new(pctx *c, mg_cx_kind kind, const mg_expr *src);
int pl_expr_has_agg(const mg_expr *e);
mg_code pl_find_seeds(pctx *c, const char *was);
/* Marks a stage's count(*) per class to be read from the statistics. */
void pl_stats_count(pctx *c, mg_pstage *ps);
/* Whether runs of pattern steps go to the store's backend as one join
 * (plan_push.c): a backend that joins, and MAILLAGE_NO_PUSHDOWN unset. */
int pl_push_wanted(pctx *c);
/* Marks the runs of a stage's segments that the backend joins. */
mg_code pl_push_down(pctx *c, mg_pstage *ps);
void *pl_palloc(pctx *c, size_t n);
mg_code pl_param_value(pctx *c, const mg_expr *e, mg_val *out);
mg_code pl_plan_segment(pctx *c, mg_segment *seg, char *bound, double *rows);
char *pl_pstrdup(pctx *c, const char *s);
int pl_slot_add(pctx *c, const char *name);
int pl_slot_var(pctx *c, const char *name);
char *pl_span_text(pctx *c, int pos, int len);
mg_step *pl_step_new(pctx *c, mg_step_kind kind, const char *text);
double pl_estimate(pctx *c, const mg_step *s, const char *bound, double rows);

#endif
