/*
 * sparql_internal.h — the SPARQL 1.1 text of a plan (plan.h,
 * mg_plan_sparql), shared by sparql_text.c (terms, strings, variable
 * names, fold, short names), sparql_expr.c (expressions),
 * sparql_compare.c (comparisons, min/max), sparql_filter.c (conditions on
 * property values), sparql_steps.c (pattern steps) and sparql_pattern.c
 * (stages, the whole query).  Internal to src/query.
 *
 * Owns: an sbuf owns its growing text (freed by whoever built it).
 *
 * Safety: every piece of text that comes from a query or the store goes
 * through sb_str (string literals: quotes, backslashes and line breaks
 * escaped), sb_iri (an IRI with a character IRIREF forbids fails the
 * translation instead of being written) or sb_var (variable names
 * encoded so that no name can produce anything but one variable, and two
 * different names never the same one).
 */
#ifndef MG_QUERY_SPARQL_INTERNAL_H
#define MG_QUERY_SPARQL_INTERNAL_H

#include <stdint.h>

#include "query/plan.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema#"

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int fresh;       /* last fresh variable number */
    int oom;
    const char *bad; /* set: a term that cannot be written (static text) */
    int no_if;       /* comparisons written without IF (sparql_compare.c):
                        a condition on an aggregate's value */
    int agg_var;     /* > 0: aggregate k is read from ?_r(agg_var + k), a
                        column of the grouped subquery (sparql_pattern.c) */
} sbuf;

void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "…" with the characters SPARQL string literals forbid escaped. */
void sb_str(sbuf *b, const char *s, size_t n);
/* <iri>, or b->bad set when the IRI cannot be written. */
void sb_iri(sbuf *b, const char *s, size_t n);
/* A store term by id (IRI, blank node, literal with tag or datatype). */
void sb_term(sbuf *b, const mg_plan *p, mg_id id);
/* ?name for a query name (see mg_sparql_var); anonymous slots (names
 * starting with ' ') become ?_a…, fresh variables of the translation
 * are ?_v1, ?_p1… (a lower-case letter after '_': never a user name). */
void sb_var(sbuf *b, const char *name);
void sb_slot(sbuf *b, const mg_pstage *ps, int slot);
/* fold(x) in SPARQL: LCASE of REPLACE steps on STR(x), one per base
 * letter of the Latin-1 and Latin Extended-A letters (as ours, value.c)
 * and one for the typographic apostrophes.  Inline: sb_fold_open, x,
 * sb_fold_close (deeply nested: some parsers recurse too deep); or one
 * BIND per step, each writing `, "pattern", "replacement"` of step i. */
void sb_fold_open(sbuf *b);
void sb_fold_close(sbuf *b);
int sb_fold_nsteps(void);
void sb_fold_step(sbuf *b, int i);
/* The short name of an IRI as ours writes it (mg_iri_short: the longest
 * matching prefix of the project's table and the local part, when that
 * is a plain local name; else the IRI), for `s`: the SPARQL text of a
 * string, repeated (a variable or STR of one). */
void sb_iri_short(sbuf *b, const char *s);

/* Property accesses found in an expression: their patterns are written
 * before it, each on a fresh variable ?_vN; so are fold() calls on the
 * row (BIND to ?_fN). */
typedef struct propref {
    const mg_cexpr *e;
    int var;
    int fold; /* 1: fold() bound to ?_fN; 2: labels() read into ?_cN */
} propref;

typedef struct props {
    propref v[64];
    int n;
} props;

/* sparql_steps.c.  Step s of the stage; *bound: the slots bound by what
 * was written before (bits; a slot past 63 counts as bound), updated. */
void sx_step(sbuf *b, const mg_plan *p, const mg_pstage *ps,
             const mg_step *s, uint64_t *bound);
void sx_bound_add(uint64_t *bound, int slot);

/* Whether an OPTIONAL MATCH of the stage binds the slot. */
int sx_slot_optional(const mg_pstage *ps, int slot);

void sx(sbuf *b, const mg_plan *p, const mg_pstage *ps, const mg_cexpr *e,
        props *pr);
/* sparql_compare.c.  "(l OP r)" as written. */
void sx_infix(sbuf *b, const mg_plan *p, const mg_pstage *ps,
              const mg_cexpr *l, const char *op, const mg_cexpr *r,
              props *pr);
/* l op r as ours compares (op: = != < <= > >=). */
void sx_cmp(sbuf *b, const mg_plan *p, const mg_pstage *ps,
            const mg_cexpr *l, const char *op, const mg_cexpr *r, props *pr);
/* MIN/MAX(…) of the key form of min/max aggregate ag (see the file), and
 * the value rebuilt from its result, the SPARQL text r. */
void sx_minmax(sbuf *b, const mg_plan *p, const mg_pstage *ps,
               const mg_agg *ag, props *pr);
void sx_minmax_value(sbuf *b, const char *r);
/* For min/max aggregate k, MIN(STRLEN(STR(X))): bound when some X is
 * (SPARQL: when all are), read as ?_l beside the aggregate's ?_r: Virtuoso
 * 7.2's CONCAT reads an unbound X as "", so that its MIN of the key form
 * is bound when no X is. */
void sx_minmax_bound(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                     size_t k, props *pr);

/* sparql_expr.c.  Aggregate k of the stage as computed over a group
 * (min/max: the key form, see sx's MG_CX_AGG for the value). */
void sx_agg(sbuf *b, const mg_plan *p, const mg_pstage *ps, size_t k,
            props *pr);
void sx_props(sbuf *b, const mg_plan *p, const mg_pstage *ps,
              const mg_cexpr *e, props *pr);
/* The labels() reads of e only: written before the other reads of the
 * stage (rdflib 6 loses the bindings of the OPTIONALs before an OPTIONAL
 * subquery). */
void sx_props_labels(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                     const mg_cexpr *e, props *pr);

/* FILTER(BOUND(?_vN)) for each property read of pr without which the
 * condition cannot hold.  The same rows in SPARQL; needed by Virtuoso
 * 7.2, which lets some comparisons on an unbound variable pass. */
void sx_bound_guards(sbuf *b, const mg_cexpr *cond, const props *pr);

/* A condition on property values as an exact semijoin, when it cannot
 * hold without each node's property: { SELECT DISTINCT ?nodes WHERE {
 * ?n <p> ?_wN . <reads: the property patterns> FILTER(cond) } } (each
 * node once, so the outer rows keep their number; DISTINCT, not GROUP
 * BY: rasqal 0.9.33 and rdflib 6 drop the FILTER of a grouped subquery).  Rasqal 0.9.33 has no
 * EXISTS.  Returns 0 (nothing written) when the condition does not fit:
 * the caller writes FILTER EXISTS. */
int sx_semijoin(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                const mg_cexpr *cond, props *pr, const char *reads);

#endif
