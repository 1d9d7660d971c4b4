/*
 * exec.h — running a plan (plan.h) in one read transaction and pushing
 * rows to a sink.  Internal to src/query: exec.c (the driver, OPTIONAL),
 * exec_step.c (type, scan, edge and filter steps), exec_path.c
 * (variable-length paths), exec_join.c (hash and pushed joins),
 * exec_expr.c (expressions and operators), exec_fn.c (node properties
 * and functions), exec_proj.c (projection, DISTINCT, aggregation, ORDER
 * BY with a top-k heap, SKIP/LIMIT, WITH chaining, UNION, output) share
 * this header.
 *
 * Owns: an mg_exec and its per-stage state (arenas, hash maps, buffered
 * rows, aggregate states), all released by mg_exec_free.
 * Borrows: the plan (whose steps it updates with PROFILE counts), the
 * transaction, the sink and the options.
 *
 * Data flow is push-style: each step calls the next for every row it
 * produces; the end of a stage's patterns calls the projection, which
 * either streams into the next stage (or the sink) or buffers (ORDER BY,
 * aggregates) until mg_exec finalizes the stage.  A LIMIT reached while
 * streaming sets stop_stage, which ends all work in that stage and the
 * ones before it.
 */
#ifndef MG_QUERY_EXEC_H
#define MG_QUERY_EXEC_H

#include "query/plan.h"

typedef struct mg_aggst {
    long long count, isum;
    double fsum;
    int is_float;
    mg_val best;
    int has_best;
    mg_val *items; /* collect: malloc'd */
    size_t n, cap;
} mg_aggst;

typedef struct mg_group {
    mg_val *keys;  /* ncols values (only the non-aggregate columns set) */
    mg_aggst *aggs;
} mg_group;

typedef struct mg_brow {
    mg_val *cols;  /* ncols */
    mg_val *keys;  /* norder sort keys */
    mg_view *kv;   /* the keys seen through (exec_sort.c) */
    uint64_t seq;  /* arrival order: ties keep it (a stable sort) */
} mg_brow;

typedef struct mg_sstate {
    mg_val *row;       /* nslots (calloc'd) */
    mg_arena out;      /* values streamed to the next stage (per row) */
    mg_arena keep;     /* buffered rows and group keys */
    mg_hmap distinct;
    long long passed;  /* rows through DISTINCT (for SKIP/LIMIT) */
    mg_hmap groups;
    /* DISTINCT aggregates: one set for the stage, keyed by (group,
     * aggregate, value), rather than a table per group. */
    mg_hmap agg_seen;
    mg_group *g;
    size_t ng, capg;
    mg_brow *buf;      /* ORDER BY buffer; a max-heap under LIMIT */
    size_t nbuf, capbuf;
    uint64_t seq;
} mg_sstate;

typedef struct mg_env {
    mg_val *row;
    int nslots;
    const mg_val *cols;  /* slots >= nslots */
    const mg_val *aggv;  /* MG_CX_AGG values */
} mg_env;

typedef struct mg_exec {
    /* limits (engine.h mg_query_opts): the deadline (0 = none), checked
     * every 256 stop tests; rows held in memory against their cap */
    double deadline;
    unsigned tick;
    int timed_out;
    uint64_t kept, kept_cap;
    mg_plan *plan;
    mg_txn *txn;
    mg_vocab *vocab;
    mg_vctx vc;
    mg_status *st;
    const mg_query_opts *opts;
    mg_row_sink *sink;
    mg_arena tmp;        /* filter evaluation (reset after each) */
    mg_arena cells;      /* sink conversion (reset per row) */
    mg_ppart *part;
    mg_sstate *ss;       /* per stage of the current part */
    int stop_stage;      /* stages <= this have stopped (-1: none) */
    uint64_t *opt_hits;  /* per global segment */
    uint64_t nrows;      /* rows delivered to the sink */
    int row_cap_hit;
    mg_hmap union_seen;
    char *kbuf;
    size_t klen, kcap;
    int profile;
    int columns_sent;
    /* how many matches the current row stands for (count(*) adds it):
     * 1, but a class's instance count under a from_stats step */
    uint64_t weight;
    /* hash joins (exec_join.c): one table per plan hash join, built on
     * first use; the build side being collected, if any */
    struct mg_hjtab **hj;
    struct mg_hjtab *hj_cur;
    const mg_step *hj_step;
    size_t hj_si, hj_segi, hj_end;
    /* n.prop / n.label values read lately (exec_fn.c): a filter and the
     * RETURN after it read the same ones.  One value or null only (a list
     * lives in a caller's arena); the query cannot write, so they stay
     * true for the whole run.  MAILLAGE_NO_PROPCACHE=1: not used. */
    int props_off;
    struct mg_propslot {
        mg_id node, prop;
        mg_val val;
    } props[64];
} mg_exec;

/* The whole run: every part, finalization, output.  *rows = rows sent. */
mg_code mg_exec_run(mg_plan *p, mg_txn *txn, const mg_query_opts *opts,
                    mg_row_sink *sink, int deliver, uint64_t *rows,
                    mg_status *st);

/* exec.c */
mg_code mg_exec_stage(mg_exec *x, size_t si);
/* Runs the steps of segment segi from step k on (for exec_join.c). */
mg_code mg_run_steps(mg_exec *x, size_t si, size_t segi, size_t k);
/* Emits the current row from step k (s) to the next step, counting for
 * PROFILE. */
mg_code mg_exec_next(mg_exec *x, size_t si, size_t segi, size_t k,
                     mg_step *s);
/* The status's code after a cursor failed (MG_ERR_STORE if none set). */
mg_code mg_exec_cursor_err(mg_exec *x);
/* Bound slot value as a term id, 0 if it is not a store term. */
mg_id mg_exec_slot_id(const mg_val *row, int slot);

/* exec_step.c and exec_path.c: one step of kind TYPE, SCAN, EDGE,
 * FILTER, PATH at step k (s) of segment segi, for the current row. */
mg_code mg_run_type(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s);
mg_code mg_run_scan(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s);
mg_code mg_run_edge(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s);
mg_code mg_run_filter(mg_exec *x, size_t si, size_t segi, size_t k,
                      mg_step *s);
mg_code mg_run_path(mg_exec *x, size_t si, size_t segi, size_t k,
                    mg_step *s);

/* exec_join.c: the hash join whose build side starts at step k (s). */
mg_code mg_hashjoin(mg_exec *x, size_t si, size_t segi, size_t k, mg_step *s);
/* Adds the current row to the table being built. */
mg_code mg_hashjoin_collect(mg_exec *x, size_t si);
void mg_hashjoin_free(mg_exec *x);
/* exec_join.c: the run of steps from k (s) the backend joins. */
mg_code mg_pushed_join(mg_exec *x, size_t si, size_t segi, size_t k,
                       mg_step *s);

/* exec_expr.c: evaluates e; results' memory comes from `a`. */
mg_code mg_eval(mg_exec *x, const mg_cexpr *e, const mg_env *en,
                mg_arena *a, mg_val *out);
/* MG_ERR_ARG "type error in <e's text>: what" with a caret under e. */
mg_code mg_eval_type_error(mg_exec *x, const mg_cexpr *e, const char *what);
mg_code mg_eval_nomem(mg_exec *x);
/* A value's lexical form (numbers printed into x's scratch arena). */
mg_code mg_eval_lexical(mg_exec *x, const mg_val *v, const char **s,
                        size_t *n);
/* A plain string value (no language, no datatype). */
mg_val mg_eval_str(const char *s, size_t n);

/* exec_fn.c: n.prop / n.label values of a node (null, one value or a
 * sorted list). */
mg_code mg_node_prop(mg_exec *x, const mg_val *node, mg_id prop, int label,
                     mg_arena *a, mg_val *out);
/* A scalar function (e->fn) applied to v (to each element of a list,
 * except for size); results' memory comes from `a`. */
mg_code mg_fn_scalar(mg_exec *x, const mg_cexpr *e, const mg_val *v,
                     mg_arena *a, mg_val *out);

/* exec_proj.c */
mg_code mg_project_row(mg_exec *x, size_t si);
mg_code mg_finalize_stage(mg_exec *x, size_t si);
void mg_sstate_free(mg_exec *x, size_t si);
/* Copies n values (and their strings) into `a`: *out. */
mg_code mg_exec_persist(mg_exec *x, mg_arena *a, const mg_val *v, size_t n,
                        mg_val **out);

/* exec_sort.c: keeps a projected row of stage si for ORDER BY (the best
 * SKIP+LIMIT only, when there is a LIMIT); sorts the kept rows
 * (ss->buf[0..nbuf)) at the end of the stage. */
mg_code mg_sort_buffer(mg_exec *x, size_t si, const mg_val *cols,
                       const mg_val *keys);
mg_code mg_sort_rows(mg_exec *x, size_t si);

double mg_now(void);

/* Whether the run must stop before stage si does more work: a LIMIT
 * reached downstream, the row cap, Ctrl-C or the deadline. */
int mg_exec_stopped(mg_exec *x, size_t si);

/* Counts n more rows held in memory; MG_ERR_LIMIT past the cap. */
mg_code mg_exec_keep(mg_exec *x, uint64_t n);

#endif
