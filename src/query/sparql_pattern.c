/*
 * sparql_pattern.c — the SPARQL 1.1 query equivalent to a plan
 * (plan.h, mg_plan_sparql): what EXPLAIN prints and `query --endpoint`
 * sends.
 *
 * Each stage becomes a SELECT whose WHERE starts with the previous stage
 * as a subquery.  Classes match through rdf:type and the class closure
 * of the local ontology as a VALUES list (each node once: a subquery
 * grouped by the node — not SELECT DISTINCT, which Virtuoso 7.2 joins
 * wrongly when there are several), symmetric properties and undirected
 * relationships as p|^p, bounded paths as a DISTINCT union of sequences,
 * unbounded ones as property paths (p+ or p*).  n.prop becomes an
 * OPTIONAL pattern on a fresh variable (inside FILTER EXISTS for
 * conditions, so a multi-valued property is "any value").  Comparisons
 * follow ours (sparql_expr.c).  OPTIONAL MATCH stays OPTIONAL, aggregates
 * stay aggregates (GROUP BY the other columns).
 * Known differences (docs/endpoint.md): fold() lowers letters outside
 * Latin-1/Extended-A too (LCASE); an unbounded * has no depth cap; type()
 * and labels() give full IRIs, not prefixed names; collect() items come
 * back as strings.  tests/tools/crosscheck.py runs this text with rdflib
 * against our rows, tests/e2e/endpoint_translation.sh with rasqal.
 *
 * Owns: the text it returns until the caller frees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/sparql_internal.h"

static void sb_preds(sbuf *b, const mg_plan *p, const mg_step *s)
{
    /* (p1|^p1|p2) for the step's predicates and directions. */
    sb_add(b, "(");
    for (size_t i = 0; i < s->nids; i++) {
        int fwd = s->dir != MG_DIR_IN || s->both[i];
        int bwd = s->dir == MG_DIR_IN || s->both[i];
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

static void sx_step(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                    const mg_step *s)
{
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
                    if (back ? !(s->dir == MG_DIR_IN || s->both[i])
                             : !(s->dir != MG_DIR_IN || s->both[i]))
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
                    if (back ? !(s->dir == MG_DIR_IN || s->both[i])
                             : !(s->dir != MG_DIR_IN || s->both[i]))
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

static void sx_stage(sbuf *b, const mg_plan *p, const mg_ppart *part,
                     size_t si)
{
    const mg_pstage *ps = &part->stages[si];
    /* Properties and aggregates used by the columns and the order. */
    props pr = {.n = 0};
    sbuf where = {0};
    where.fresh = b->fresh;
    if (si > 0) {
        sbuf inner = {0};
        inner.fresh = b->fresh;
        sx_stage(&inner, p, part, si - 1);
        where.fresh = inner.fresh;
        sb_add(&where, "    {\n%s    }\n", inner.s ? inner.s : "");
        const mg_pstage *prev = &part->stages[si - 1];
        if (prev->where) {
            /* FILTER EXISTS only around property reads (Virtuoso refuses
             * an aggregate's alias inside EXISTS). */
            props wp = {.n = 0};
            sbuf t = {0};
            t.fresh = where.fresh;
            sx_props(&t, p, ps, prev->where, &wp);
            where.fresh = t.fresh;
            if (wp.n) {
                sb_add(&where, "    FILTER EXISTS {\n%s", t.s ? t.s : "");
                sx_bound_guards(&where, prev->where, &wp);
            }
            sb_add(&where, "    FILTER(");
            sx(&where, p, ps, prev->where, &wp);
            sb_add(&where, wp.n ? ") }\n" : ")\n");
            if (t.bad)
                where.bad = t.bad;
            if (t.oom)
                where.oom = 1;
            free(t.s);
        }
        if (inner.bad)
            where.bad = inner.bad;
        if (inner.oom)
            where.oom = 1;
        free(inner.s);
    }
    for (size_t g = 0; g < ps->nsegs; g++) {
        const mg_segment *seg = &ps->segs[g];
        if (seg->optional)
            sb_add(&where, "    OPTIONAL {\n");
        for (size_t k = 0; k < seg->nsteps; k++)
            sx_step(&where, p, ps, &seg->steps[k]);
        if (seg->optional)
            sb_add(&where, "    }\n");
    }
    for (int i = 0; i < ps->ncols; i++)
        sx_props(&where, p, ps, ps->cols[i], &pr);
    for (size_t k = 0; k < ps->naggs; k++)
        sx_props(&where, p, ps, ps->aggs[k].arg, &pr);
    for (size_t i = 0; i < ps->norder; i++)
        sx_props(&where, p, ps, ps->order[i], &pr);
    /* Group keys that are not plain variables are bound first. */
    for (int i = 0; ps->naggs && i < ps->ncols; i++)
        if (!ps->col_agg[i] && ps->cols[i]->kind != MG_CX_SLOT) {
            sb_add(&where, "    BIND(");
            sx(&where, p, ps, ps->cols[i], &pr);
            sb_add(&where, " AS ");
            sb_var(&where, ps->colnames[i]);
            sb_add(&where, ")\n");
        }
    b->fresh = where.fresh;
    sb_add(b, "SELECT %s", ps->distinct ? "DISTINCT " : "");
    for (int i = 0; i < ps->ncols; i++) {
        const mg_cexpr *c = ps->cols[i];
        if (c->kind == MG_CX_SLOT && c->slot < ps->nslots &&
            strcmp(ps->names[c->slot], ps->colnames[i]) == 0) {
            sb_var(b, ps->colnames[i]);
        } else if (ps->naggs && !ps->col_agg[i] && c->kind != MG_CX_SLOT) {
            sb_var(b, ps->colnames[i]);
        } else {
            sb_add(b, "(");
            sx(b, p, ps, c, &pr);
            sb_add(b, " AS ");
            sb_var(b, ps->colnames[i]);
            sb_add(b, ")");
        }
        sb_add(b, " ");
    }
    sb_add(b, "WHERE {\n%s  }", where.s ? where.s : "");
    if (where.bad)
        b->bad = where.bad;
    if (where.oom)
        b->oom = 1;
    free(where.s);
    if (ps->naggs) {
        int any = 0;
        for (int i = 0; i < ps->ncols; i++)
            if (!ps->col_agg[i]) {
                sb_add(b, any++ ? " " : "\n  GROUP BY ");
                if (ps->cols[i]->kind == MG_CX_SLOT)
                    sb_slot(b, ps, ps->cols[i]->slot);
                else
                    sb_var(b, ps->colnames[i]);
            }
    }
    for (size_t i = 0; i < ps->norder; i++) {
        sb_add(b, i ? " " : "\n  ORDER BY ");
        sb_add(b, ps->desc[i] ? "DESC(" : "ASC(");
        sx(b, p, ps, ps->order[i], &pr);
        sb_add(b, ")");
    }
    if (ps->limit >= 0)
        sb_add(b, "\n  LIMIT %lld", ps->limit);
    if (ps->skip)
        sb_add(b, "\n  OFFSET %lld", ps->skip);
    sb_add(b, "\n");
}

mg_code mg_plan_sparql(const mg_plan *p, char **out, mg_status *st)
{
    *out = NULL;
    sbuf b = {0};
    for (size_t i = 0; i < p->nparts; i++) {
        if (p->nparts > 1 && i == 0)
            sb_add(&b, "SELECT %s* WHERE {\n{\n",
                   p->union_distinct ? "DISTINCT " : "");
        else if (p->nparts > 1)
            sb_add(&b, "}\nUNION\n{\n");
        sx_stage(&b, p, &p->parts[i], p->parts[i].nstages - 1);
    }
    if (p->nparts > 1)
        sb_add(&b, "}\n}\n");
    if (b.oom || !b.s) {
        free(b.s);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    if (b.bad) {
        free(b.s);
        return mg_fail(st, MG_ERR_UNSUPPORTED,
                       "the query cannot be written in SPARQL 1.1: it holds %s",
                       b.bad);
    }
    *out = b.s;
    return MG_OK;
}
