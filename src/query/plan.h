/*
 * plan.h — the executable form of a query: the syntax tree with names
 * resolved to ids, variables to row slots, expressions compiled, and the
 * pattern steps of each MATCH group put in the order the planner chose
 * from the store's statistics.
 *
 * Owns: an mg_plan and everything under it, allocated from the plan's
 * arena (one owner, freed at once by mg_plan_free), plus the compiled
 * regular expressions (regfree'd there too).
 * Borrows: the syntax tree and the query text (for column names and
 * error carets) for the plan's life; the vocabulary (resolve.h) and the
 * read transaction while planning.
 *
 * Rows.  A stage (MATCH… WITH|RETURN) runs over rows of mg_val slots:
 * slots 0..ninput-1 hold the columns the previous stage projected, the
 * others the variables its patterns bind (anonymous nodes get slots too).
 */
#ifndef MG_QUERY_PLAN_H
#define MG_QUERY_PLAN_H

#include <regex.h>
#include <stdint.h>

#include "query/ast.h"
#include "query/engine.h"
#include "query/resolve.h"
#include "query/value.h"

/* ---- expressions -------------------------------------------------------- */

typedef enum mg_cx_kind {
    MG_CX_CONST = 1, /* cval */
    MG_CX_SLOT,      /* the row's slot `slot` (>= nslots: projected column) */
    MG_CX_PROP,      /* a.prop: prop id (0: a name the store does not have) */
    MG_CX_LABEL,     /* a.label: the French rdfs:label, else any, else null */
    MG_CX_CALL,      /* fn(args) */
    MG_CX_AGG,       /* the value of aggregate `slot` for the current group */
    MG_CX_UNARY,
    MG_CX_BINARY,
    MG_CX_LIST
} mg_cx_kind;

typedef enum mg_fn {
    MG_FN_NONE = 0,
    MG_FN_FOLD, MG_FN_ID, MG_FN_TYPE, MG_FN_LABELS, MG_FN_SOURCE, MG_FN_LANG,
    MG_FN_STR, MG_FN_YEAR, MG_FN_LOWER, MG_FN_UPPER, MG_FN_TRIM, MG_FN_SIZE,
    MG_FN_COALESCE, MG_FN_DATE,
    /* aggregates */
    MG_FN_COUNT, MG_FN_COLLECT, MG_FN_MIN, MG_FN_MAX, MG_FN_SUM, MG_FN_AVG
} mg_fn;

typedef struct mg_cexpr mg_cexpr;
struct mg_cexpr {
    mg_cx_kind kind;
    mg_op op;
    mg_fn fn;
    mg_val cval;
    int slot;
    mg_id prop;
    mg_cexpr *a, *b;
    mg_cexpr **args;
    size_t nargs;
    regex_t *re;           /* =~ with a constant pattern */
    const mg_expr *src;    /* for messages and EXPLAIN */
};

typedef struct mg_agg {
    mg_fn fn;
    int distinct, star;
    mg_cexpr *arg;         /* NULL for count(*) */
} mg_agg;

/* ---- pattern steps ------------------------------------------------------ */

typedef enum mg_step_kind {
    MG_STEP_TYPE = 1, /* slot a has rdf:type one of ids (a class closure) */
    MG_STEP_EDGE,     /* a -[preds]- b, one hop */
    MG_STEP_PATH,     /* a -[preds*min..max]- b */
    MG_STEP_SCAN,     /* every subject, into a */
    MG_STEP_FILTER    /* cond */
} mg_step_kind;

typedef struct mg_step {
    mg_step_kind kind;
    int a, b, r;          /* slots (b, r: -1 when none) */
    int a_bound, b_bound; /* bound before this step runs (planner) */
    mg_id *ids;           /* TYPE: classes; EDGE/PATH: predicates */
    size_t nids;
    int any_pred;         /* EDGE/PATH without a type: any predicate */
    unsigned char *both;  /* EDGE/PATH per predicate: both directions */
    mg_dir dir;
    int min, max;         /* PATH (max resolved against the depth cap) */
    mg_idset set;         /* TYPE: ids as a set (closure of several) */
    /* TYPE with a bound: once enough nodes were checked one seek at a
     * time, the instances of the classes are read once (a range of POSG)
     * into inst and each further check is a probe (exec.c step_type).
     * inst_state: 0 counting, 1 built, -1 never (too many instances). */
    mg_idset inst;
    uint64_t checks;
    int inst_state;
    mg_cexpr *cond;       /* FILTER */
    int *needs;           /* FILTER: slots it reads */
    size_t nneeds;
    double est;           /* estimated rows after the step */
    double est_card;      /* the planner's cost for choosing it */
    const char *text;     /* what it came from, for EXPLAIN */
    /* FILTER that seeds its variable (planner, see plan.c "seeds"): when
     * a_bound is 0 the step binds slot a to each id of seed[] (sorted,
     * distinct: the only nodes that can satisfy cond) and then checks
     * cond.  seed_kind: 'i' id(a) = "IRI", 'p' a.prop = "…", 'l' a.label. */
    int seeded, seed_kind;
    mg_id *seed;
    size_t nseed;
    mg_id seed_pred;      /* 'p'/'l': the predicate looked through */
    /* Hash join (exec_join.c): on the first step of a build side, the
     * number of steps (this one included) that form it; they were planned
     * on their own (nothing of the probe side bound) and their rows are
     * hashed once by the values of hj_slots[0..hj_nkeys-1] (the join
     * variables, bound by the steps before).  hj_slots[hj_nkeys..] are
     * the other slots the build side binds. */
    int hj_nbuild;
    int *hj_slots;
    size_t hj_nkeys, hj_nslots;
    int hj_index;         /* per plan, into the executor's tables */
    double hj_probe_est;  /* estimated probe rows (for EXPLAIN) */
    /* EDGE (s)-[:rdf:type]->(c) under count(*) only: c is bound to each
     * class with the count from the statistics (plan_stats.c). */
    int from_stats;
    /* The first step of a run the store's backend joins itself
     * (plan_push.c): push_n steps (this one included) run as one query
     * of the backend's form push_form (PostgreSQL: SQL), given the slots
     * push_in and binding push_out for each row it returns. */
    int push_n;
    char *push_form;
    int *push_in, *push_out;
    size_t push_nin, push_nout;
    /* PROFILE */
    uint64_t rows;
    double secs;
} mg_step;

/* Whether an EDGE/PATH step reads its predicate i forwards (back 0: a is
 * the subject) or backwards (b is): by its direction, or both ways. */
static inline int mg_step_way(const mg_step *s, size_t i, int back)
{
    return back ? s->dir == MG_DIR_IN || s->both[i]
                : s->dir != MG_DIR_IN || s->both[i];
}

typedef struct mg_segment {
    int optional;
    mg_step *steps;
    size_t nsteps;
    int *binds;           /* slots this segment binds (nulled on a miss) */
    size_t nbinds;
    int index;            /* global segment number (OPTIONAL bookkeeping) */
} mg_segment;

/* ---- stages ------------------------------------------------------------- */

typedef struct mg_pstage {
    int nslots, ninput;
    char **names;         /* per slot; anonymous ones start with ' ' */
    mg_segment *segs;
    size_t nsegs;
    /* projection */
    int ncols;
    char **colnames;
    mg_cexpr **cols;
    unsigned char *col_agg; /* column contains an aggregate */
    mg_agg *aggs;
    size_t naggs;
    int distinct, is_return;
    mg_cexpr **order;     /* scope: row slots, then columns at nslots+k */
    int *desc;
    size_t norder;
    long long skip, limit; /* limit -1: none */
    mg_cexpr *where;      /* WITH … WHERE: scope = the next stage's row */
} mg_pstage;

typedef struct mg_ppart {
    mg_pstage *stages;
    size_t nstages;
} mg_ppart;

typedef struct mg_plan {
    mg_arena arena;
    const char *text;
    mg_ppart *parts;
    size_t nparts;
    int union_distinct;   /* some UNION without ALL: distinct over all */
    int explain, profile;
    int nsegs_total;
    int depth_cap;
    int nhj_total;        /* hash joins in the plan (mg_step.hj_index) */
    regex_t **regexes;
    size_t nregexes, capregexes;
    mg_vocab *vocab;
    mg_txn *txn;
} mg_plan;

/* Builds the plan of a parsed query; the vocabulary must be loaded in
 * txn.  Errors: unknown/ambiguous names, unknown variables, misplaced
 * aggregates, missing parameters (all with a caret under the culprit). */
mg_code mg_plan_build(const mg_query *q, const char *text, mg_txn *txn,
                      mg_vocab *vocab, const mg_query_opts *opts,
                      mg_plan **out, mg_status *st);
void mg_plan_free(mg_plan *p);

/* Compiles a regular expression for =~ (anchored: a full match). */
mg_code mg_regex_compile(const char *pat, size_t len, regex_t *re,
                         mg_status *st);

/* The SPARQL 1.1 query equivalent to the plan (sparql_pattern.c): what
 * EXPLAIN prints after "SPARQL:" and `query --endpoint` sends.  *out is
 * malloc'd (the caller frees it).  MG_ERR_UNSUPPORTED when a term cannot
 * be written in SPARQL (an IRI with a space or <>"{}|^`\, a NUL). */
mg_code mg_plan_sparql(const mg_plan *p, char **out, mg_status *st);

/* The SPARQL variable name (without '?') the translation gives a query
 * name or column: letters and digits kept, '_' doubled, other bytes _XX.
 * malloc'd; NULL when out of memory. */
char *mg_sparql_var(const char *name);

/* EXPLAIN / PROFILE lines to the sink (explain.c).  PROFILE's total is
 * plan_secs (reading the vocabulary, planning: seeds included) plus
 * exec_secs. */
mg_code mg_explain(const mg_plan *p, int with_profile, double plan_secs,
                   double exec_secs, uint64_t total_rows, mg_row_sink *sink,
                   mg_status *st);

#endif
