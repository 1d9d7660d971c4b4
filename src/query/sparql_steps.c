/*
 * sparql_steps.c — the pattern steps of a stage in SPARQL 1.1
 * (sparql_internal.h): classes as a VALUES list in a subquery grouped by
 * the node (each node once: not SELECT DISTINCT, which Virtuoso 7.2 joins
 * wrongly when there are several), one hop as triple patterns (a UNION for
 * several predicates or directions, symmetric properties both ways),
 * bounded paths as a grouped union of sequences, unbounded ones as
 * property paths (p+ or p*, from the nodes ours starts from when neither
 * end is bound), conditions as FILTERs or semijoins (sparql_filter.c).
 *
 * Owns: nothing beyond the sbuf it appends to.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/sparql_internal.h"

static void sb_preds(sbuf *b, const mg_plan *p, const mg_step *s)
{
    /* (p1|^p1|p2) for the step's predicates and directions. */
    sb_add(b, "(");
    for (size_t i = 0; i < s->nids; i++) {
        int fwd = mg_step_way(s, i, 0), bwd = mg_step_way(s, i, 1);
        if (i)
            sb_add(b, "|");
        if (fwd)
            sb_term(b, p, s->ids[i]);
        if (fwd && bwd)
            sb_add(b, "|");
        if (bwd) {
            sb_add(b, "^");
            sb_term(b, p, s->ids[i]);
        }
    }
    if (!s->nids)
        sb_add(b, "<urn:maillage:absent>");
    sb_add(b, ")");
}

/* The nodes an unbounded path may start from when neither end is bound
 * yet, as ours takes them (exec.c step_path): those with an edge of the
 * path's predicates on the `a` side, each once.  The same rows as the
 * path alone; Virtuoso 7.2 refuses a transitive path whose start is not
 * given ("transitive start not given"). */
static void sx_path_starts(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                           const mg_step *s)
{
    int x = ++b->fresh, first = 1;
    sb_add(b, "    { SELECT ");
    sb_slot(b, ps, s->a);
    sb_add(b, " WHERE { ");
    for (size_t i = 0; i < s->nids; i++)
        for (int back = 0; back < 2; back++) {
            if (!mg_step_way(s, i, back))
                continue;
            sb_add(b, "%s{ ", first ? "" : " UNION ");
            first = 0;
            if (back)
                sb_add(b, "?_x%d ", x);
            else
                sb_slot(b, ps, s->a);
            sb_add(b, " ");
            sb_term(b, p, s->ids[i]);
            sb_add(b, " ");
            if (back)
                sb_slot(b, ps, s->a);
            else
                sb_add(b, "?_x%d", x);
            sb_add(b, " }");
        }
    sb_add(b, " } GROUP BY ");
    sb_slot(b, ps, s->a);
    sb_add(b, " }\n");
}

/* Whether slot k is bound in the SPARQL written so far (bits of *bound;
 * a slot past 63 counts as bound). */
static int is_bound(const uint64_t *bound, int k)
{
    return k < 0 || k >= 64 || (*bound & ((uint64_t)1 << k));
}

void sx_bound_add(uint64_t *bound, int k)
{
    if (k >= 0 && k < 64)
        *bound |= (uint64_t)1 << k;
}

void sx_step(sbuf *b, const mg_plan *p, const mg_pstage *ps,
             const mg_step *s, uint64_t *bound)
{
    if (s->kind != MG_STEP_FILTER) {
        int a = is_bound(bound, s->a), bb = s->b < 0 || is_bound(bound, s->b);
        sx_bound_add(bound, s->a);
        sx_bound_add(bound, s->b);
        sx_bound_add(bound, s->r);
        if (s->kind == MG_STEP_PATH && !a && !bb && s->nids &&
            s->max >= p->depth_cap && s->min <= 1 && !s->any_pred)
            sx_path_starts(b, p, ps, s);
    }
    switch (s->kind) {
    case MG_STEP_TYPE: {
        /* The class closure the planner resolved (the class and its
         * subclasses in the local ontology; several classes for n:A|B) as
         * a VALUES list, each node once.  Not rdf:type/rdfs:subClassOf*:
         * Virtuoso 7.2 joins two such subqueries wrongly. */
        if (!s->nids) {
            sb_add(b, "    FILTER(false)\n");
            return;
        }
        int k = ++b->fresh;
        sb_add(b, "    { SELECT ");
        sb_slot(b, ps, s->a);
        sb_add(b, " WHERE { ");
        sb_slot(b, ps, s->a);
        sb_add(b, " a ?_k%d . VALUES ?_k%d {", k, k);
        for (size_t i = 0; i < s->nids; i++) {
            sb_add(b, " ");
            sb_term(b, p, s->ids[i]);
        }
        sb_add(b, " } } GROUP BY ");
        sb_slot(b, ps, s->a);
        sb_add(b, " }\n");
        return;
    }
    case MG_STEP_SCAN:
        sb_add(b, "    { SELECT ");
        sb_slot(b, ps, s->a);
        sb_add(b, " WHERE { ");
        sb_slot(b, ps, s->a);
        b->fresh++;
        sb_add(b, " ?_p%d ?_o%d } GROUP BY ", b->fresh, b->fresh);
        sb_slot(b, ps, s->a);
        sb_add(b, " }\n");
        return;
    case MG_STEP_EDGE:
        sb_add(b, "    ");
        if (s->any_pred) {
            int r = ++b->fresh;
            sb_add(b, "{ ");
            sb_slot(b, ps, s->dir == MG_DIR_IN ? s->b : s->a);
            if (s->r >= 0) {
                sb_add(b, " ");
                sb_slot(b, ps, s->r);
                sb_add(b, " ");
            } else {
                sb_add(b, " ?_p%d ", r);
            }
            sb_slot(b, ps, s->dir == MG_DIR_IN ? s->a : s->b);
            sb_add(b, " }");
            if (s->dir == MG_DIR_BOTH) {
                sb_add(b, " UNION { ");
                sb_slot(b, ps, s->b);
                if (s->r >= 0) {
                    sb_add(b, " ");
                    sb_slot(b, ps, s->r);
                    sb_add(b, " ");
                } else {
                    sb_add(b, " ?_p%d ", r);
                }
                sb_slot(b, ps, s->a);
                sb_add(b, " }");
            }
            sb_add(b, "\n");
            return;
        }
        if (s->r >= 0) {
            /* -[r:p|q]-: r binds the predicate, one branch per predicate
             * and direction. */
            int first = 1;
            for (size_t i = 0; i < s->nids; i++)
                for (int back = 0; back < 2; back++) {
                    if (!mg_step_way(s, i, back))
                        continue;
                    sb_add(b, "%s{ VALUES ", first ? "" : " UNION ");
                    first = 0;
                    sb_slot(b, ps, s->r);
                    sb_add(b, " { ");
                    sb_term(b, p, s->ids[i]);
                    sb_add(b, " } ");
                    sb_slot(b, ps, back ? s->b : s->a);
                    sb_add(b, " ");
                    sb_slot(b, ps, s->r);
                    sb_add(b, " ");
                    sb_slot(b, ps, back ? s->a : s->b);
                    sb_add(b, " }");
                }
            sb_add(b, first ? "FILTER(false)\n" : "\n");
            return;
        }
        /* One hop: a triple pattern per predicate and direction, in a
         * UNION when there are several (the same rows as the path
         * (p|^p|q), which Virtuoso 7.2 answers wrongly next to a
         * rdf:type/rdfs:subClassOf* subquery). */
        {
            int n = 0;
            for (size_t i = 0; i < s->nids; i++)
                n += (s->dir != MG_DIR_IN || s->both[i]) +
                     (s->dir == MG_DIR_IN || s->both[i]);
            if (n == 0) {
                sb_add(b, "FILTER(false)\n");
                return;
            }
            int k = 0;
            for (size_t i = 0; i < s->nids; i++)
                for (int back = 0; back < 2; back++) {
                    if (!mg_step_way(s, i, back))
                        continue;
                    sb_add(b, "%s", n == 1 ? "" : k ? " UNION { " : "{ ");
                    k++;
                    sb_slot(b, ps, back ? s->b : s->a);
                    sb_add(b, " ");
                    sb_term(b, p, s->ids[i]);
                    sb_add(b, " ");
                    sb_slot(b, ps, back ? s->a : s->b);
                    sb_add(b, n == 1 ? " .\n" : " }");
                }
            if (n > 1)
                sb_add(b, "\n");
        }
        return;
    case MG_STEP_PATH:
        if (s->max >= p->depth_cap && s->min <= 1 && !s->any_pred) {
            sb_add(b, "    ");
            sb_slot(b, ps, s->a);
            sb_add(b, " ");
            sb_preds(b, p, s);
            sb_add(b, "%s ", s->min == 0 ? "*" : "+");
            sb_slot(b, ps, s->b);
            sb_add(b, " .\n");
            return;
        }
        sb_add(b, "    { SELECT ");
        sb_slot(b, ps, s->a);
        sb_add(b, " ");
        sb_slot(b, ps, s->b);
        sb_add(b, " WHERE {");
        for (int len = s->min; len <= s->max; len++) {
            sb_add(b, "%s { ", len > s->min ? " UNION" : "");
            sb_slot(b, ps, s->a);
            sb_add(b, " ");
            if (len == 0) {
                sb_add(b, "(!<urn:maillage:none>)? ");
            } else {
                for (int k = 0; k < len; k++) {
                    if (k)
                        sb_add(b, "/");
                    if (s->any_pred)
                        sb_add(b, "(!<urn:maillage:none>)");
                    else
                        sb_preds(b, p, s);
                }
                sb_add(b, " ");
            }
            sb_slot(b, ps, s->b);
            sb_add(b, " }");
        }
        sb_add(b, " } GROUP BY ");
        sb_slot(b, ps, s->a);
        sb_add(b, " ");
        sb_slot(b, ps, s->b);
        sb_add(b, " }\n");
        return;
    case MG_STEP_FILTER: {
        /* Property values are read inside FILTER EXISTS (any value of a
         * multi-valued property); a condition without any is a FILTER. */
        props pr = {.n = 0};
        sbuf t = {0};
        t.fresh = b->fresh;
        sx_props(&t, p, ps, s->cond, &pr);
        b->fresh = t.fresh;
        if (pr.n && sx_semijoin(b, p, ps, s->cond, &pr, t.s)) {
            /* written as a semijoin */
        } else {
            if (pr.n) {
                sb_add(b, "    FILTER EXISTS {\n%s", t.s ? t.s : "");
                sx_bound_guards(b, s->cond, &pr);
            }
            sb_add(b, "    FILTER(");
            sx(b, p, ps, s->cond, &pr);
            sb_add(b, pr.n ? ") }\n" : ")\n");
        }
        if (t.oom)
            b->oom = 1;
        if (t.bad)
            b->bad = t.bad;
        free(t.s);
        return;
    }
    }
}

