/*
 * sparql_pattern.c — the SPARQL 1.1 query equivalent to a plan
 * (plan.h, mg_plan_sparql): what EXPLAIN prints and `query --endpoint`
 * sends.
 *
 * Each stage becomes a SELECT whose WHERE starts with the previous stage
 * as a subquery, then its steps (sparql_steps.c), then the property reads
 * of its columns (sparql_expr.c).  Aggregates stay aggregates (GROUP BY
 * the other columns; with min() or max(), the groups in a subquery, see
 * wrap_minmax), OPTIONAL MATCH stays OPTIONAL, nulls are ordered last as
 * ours (?_z flags), and result columns the reader must read in a certain
 * way carry companion variables (sx_companions, src/remote/remote.h).
 * Known differences (docs/endpoint.md): fold() lowers letters outside
 * Latin-1/Extended-A too (LCASE); an unbounded * has no depth cap;
 * collect() items come back as plain literals, in the endpoint's order.
 * tests/tools/crosscheck.py runs this text with rdflib against our rows
 * (--rasqal: with rasqal), tests/endpoint/virtuoso.sh on Virtuoso.
 *
 * Owns: the text it returns until the caller frees it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/sparql_internal.h"

/* Whether e is a condition (its value a boolean). */
static int is_condition(const mg_cexpr *e)
{
    if (e->kind == MG_CX_CONST)
        return e->cval.kind == MG_V_BOOL;
    if (e->kind == MG_CX_UNARY)
        return e->op == MG_OP_NOT || e->op == MG_OP_IS_NULL ||
               e->op == MG_OP_IS_NOT_NULL;
    if (e->kind != MG_CX_BINARY)
        return 0;
    switch (e->op) {
    case MG_OP_OR: case MG_OP_XOR: case MG_OP_AND: case MG_OP_EQ:
    case MG_OP_NE: case MG_OP_LT: case MG_OP_LE: case MG_OP_GT: case MG_OP_GE:
    case MG_OP_IN: case MG_OP_STARTS_WITH: case MG_OP_ENDS_WITH:
    case MG_OP_CONTAINS: case MG_OP_REGEX:
        return 1;
    default:
        return 0;
    }
}

/* Whether e, in stage si, is a condition or a column of a previous stage
 * (WITH) that is one. */
static int condition_in(const mg_ppart *pp, size_t si, const mg_cexpr *e)
{
    if (is_condition(e))
        return 1;
    const mg_pstage *ps = &pp->stages[si];
    if (e->kind != MG_CX_SLOT || si == 0 || e->slot >= ps->ninput)
        return 0;
    const mg_pstage *prev = &pp->stages[si - 1];
    for (int c = 0; c < prev->ncols; c++)
        if (strcmp(prev->colnames[c], ps->names[e->slot]) == 0)
            return condition_in(pp, si - 1, prev->cols[c]);
    return 0;
}

/* ?_<tag><the column's variable> */
static void sb_companion(sbuf *b, const char *tag, const char *colname)
{
    sbuf t = {0};
    sb_var(&t, colname);
    if (t.oom || !t.s)
        b->oom = 1;
    else
        sb_add(b, "?_%s%s", tag, t.s + 1);
    free(t.s);
}

/* The variables that tell the reader how to read result column i
 * (remote.h), after it in the projection: a condition ("b" AS ?_m<var>:
 * Virtuoso 7.2 answers a boolean as the integer 1 or 0); avg() (SUM AS
 * ?_s<var>, COUNT AS ?_d<var>: ours is a double, SUM/COUNT; SPARQL's AVG
 * of integers an xsd:decimal, and Virtuoso prints a double to 6 digits).
 * part 0: all; with min/max in a subquery (wrap_minmax), 2: the
 * aggregates inside it, 1: what the SELECT around it projects. */
static void sx_companions(sbuf *b, const mg_plan *p, const mg_ppart *pp,
                          size_t si, int i, int part, props *pr)
{
    const mg_pstage *ps = &pp->stages[si];
    const mg_cexpr *c = ps->cols[i];
    if (!ps->is_return)
        return;
    if (part != 2 && condition_in(pp, si, c)) {
        sb_add(b, "(\"b\" AS ");
        sb_companion(b, "m", ps->colnames[i]);
        sb_add(b, ") ");
    }
    if (c->kind != MG_CX_AGG || ps->aggs[c->slot].fn != MG_FN_AVG ||
        !ps->aggs[c->slot].arg)
        return;
    const mg_agg *ag = &ps->aggs[c->slot];
    for (int k = 0; k < 2; k++) {
        if (part == 1) {
            sb_companion(b, k ? "d" : "s", ps->colnames[i]);
            sb_add(b, " ");
            continue;
        }
        sb_add(b, "(%s(%s", k ? "COUNT" : "SUM", ag->distinct ? "DISTINCT " : "");
        sx(b, p, ps, ag->arg, pr);
        sb_add(b, ") AS ");
        sb_companion(b, k ? "d" : "s", ps->colnames[i]);
        sb_add(b, ") ");
    }
}

/* Whether e can be read after the stage's groups are formed: aggregates,
 * columns, group keys that are plain variables, constants. */
static int after_groups(const mg_pstage *ps, const mg_cexpr *e)
{
    if (!e || e->kind == MG_CX_AGG || e->kind == MG_CX_CONST)
        return 1;
    if (e->kind == MG_CX_PROP || e->kind == MG_CX_LABEL)
        return 0;
    if (e->kind == MG_CX_SLOT) {
        if (e->slot >= ps->nslots)
            return 1;
        for (int i = 0; i < ps->ncols; i++)
            if (!ps->col_agg[i] && ps->cols[i]->kind == MG_CX_SLOT &&
                ps->cols[i]->slot == e->slot)
                return 1;
        return 0;
    }
    if (!after_groups(ps, e->a) || !after_groups(ps, e->b))
        return 0;
    for (size_t i = 0; i < e->nargs; i++)
        if (!after_groups(ps, e->args[i]))
            return 0;
    return 1;
}

/* A stage with min() or max() is written as a grouped subquery with each
 * aggregate on a variable ?_rN, and the columns read from those: min/max
 * keep the order of our values with a key (sx_agg) that is taken apart
 * after grouping, and Virtuoso 7.2 fails on that done in the grouping
 * SELECT itself (its compiler error SQ156 on DATATYPE() there, SR586 on
 * isNumeric() of a MIN).  Only when every column and order reads what the
 * groups give (else the one SELECT, as before). */
static int wrap_minmax(const mg_pstage *ps)
{
    int any = 0;
    for (size_t k = 0; k < ps->naggs; k++)
        any |= (ps->aggs[k].fn == MG_FN_MIN || ps->aggs[k].fn == MG_FN_MAX) &&
               ps->aggs[k].arg;
    if (!any)
        return 0;
    for (int i = 0; i < ps->ncols; i++)
        if (ps->col_agg[i] && !after_groups(ps, ps->cols[i]))
            return 0;
    for (size_t i = 0; i < ps->norder; i++)
        if (!after_groups(ps, ps->order[i]))
            return 0;
    return 1;
}

/* Whether order key e is a variable that may be unbound (not a count)
 * and gets a null flag: under DISTINCT, only a column (a flag of anything
 * else would split the rows DISTINCT merges). */
static int may_be_null(const mg_pstage *ps, const mg_cexpr *e)
{
    if (e->kind != MG_CX_SLOT)
        return 0;
    if (e->slot >= ps->nslots && e->slot - ps->nslots < ps->ncols) {
        const mg_cexpr *c = ps->cols[e->slot - ps->nslots];
        return !(c->kind == MG_CX_AGG && ps->aggs[c->slot].fn == MG_FN_COUNT);
    }
    if (!ps->distinct)
        return 1;
    for (int i = 0; i < ps->ncols; i++)
        if (ps->cols[i]->kind == MG_CX_SLOT && ps->cols[i]->slot == e->slot)
            return 1;
    return 0;
}

/* Whether non-aggregate column i is the first with its group key. */
static int first_key(const mg_pstage *ps, int i)
{
    for (int j = 0; j < i; j++)
        if (!ps->col_agg[j] && ps->cols[j]->kind == MG_CX_SLOT &&
            ps->cols[i]->kind == MG_CX_SLOT &&
            ps->cols[j]->slot == ps->cols[i]->slot)
            return 0;
    return 1;
}

/* The group key of non-aggregate column i: its variable, or the column's
 * name (bound to its value in the WHERE clause). */
static void sx_group_key(sbuf *b, const mg_pstage *ps, int i)
{
    if (ps->cols[i]->kind == MG_CX_SLOT)
        sb_slot(b, ps, ps->cols[i]->slot);
    else
        sb_var(b, ps->colnames[i]);
}

/* (!BOUND(key) AS ?_z(z + 1 + i)) for each order key i that may be null. */
static void sx_null_flags(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                          int z, props *pr)
{
    for (size_t i = 0; i < ps->norder; i++)
        if (may_be_null(ps, ps->order[i])) {
            sb_add(b, "(!BOUND(");
            sx(b, p, ps, ps->order[i], pr);
            sb_add(b, ") AS ?_z%d) ", z + 1 + (int)i);
        }
}

/* The projection of the stage's SELECT (part: see sx_companions). */
static void sx_columns(sbuf *b, const mg_plan *p, const mg_ppart *pp,
                       size_t si, int part, props *pr)
{
    const mg_pstage *ps = &pp->stages[si];
    for (int i = 0; i < ps->ncols; i++) {
        const mg_cexpr *c = ps->cols[i];
        if (c->kind == MG_CX_SLOT && c->slot < ps->nslots &&
            strcmp(ps->names[c->slot], ps->colnames[i]) == 0) {
            sb_var(b, ps->colnames[i]);
        } else if (ps->naggs && !ps->col_agg[i] && c->kind != MG_CX_SLOT) {
            sb_var(b, ps->colnames[i]);
        } else {
            sb_add(b, "(");
            sx(b, p, ps, c, pr);
            sb_add(b, " AS ");
            sb_var(b, ps->colnames[i]);
            sb_add(b, ")");
        }
        sb_add(b, " ");
        sx_companions(b, p, pp, si, i, part, pr);
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
            where.no_if = prev->naggs > 0;
            sx(&where, p, ps, prev->where, &wp);
            where.no_if = 0;
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
    uint64_t bound = 0; /* the slots of the previous stage are */
    for (int k = 0; k < ps->ninput; k++)
        sx_bound_add(&bound, k);
    for (size_t g = 0; g < ps->nsegs; g++) {
        const mg_segment *seg = &ps->segs[g];
        if (seg->optional)
            sb_add(&where, "    OPTIONAL {\n");
        for (size_t k = 0; k < seg->nsteps; k++)
            sx_step(&where, p, ps, &seg->steps[k], &bound);
        if (seg->optional)
            sb_add(&where, "    }\n");
    }
    for (int i = 0; i < ps->ncols; i++)
        sx_props_labels(&where, p, ps, ps->cols[i], &pr);
    for (size_t i = 0; i < ps->norder; i++)
        sx_props_labels(&where, p, ps, ps->order[i], &pr);
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
    int wrap = wrap_minmax(ps);
    /* Nulls ordered as ours (after every value; SPARQL puts unbound
     * first): before each key that may be null, the flag !BOUND(key),
     * projected as ?_zN (Virtuoso 7.2 orders a DISTINCT only by projected
     * columns, and refuses an expression on a column alias there).  Not
     * in a SELECT that groups (its projection is aggregates and keys). */
    int nulls = ps->naggs == 0 || wrap, z = b->fresh;
    b->fresh += (int)ps->norder;
    if (wrap) {
        /* The groups in a subquery, min/max read from it (see
         * wrap_minmax). */
        b->agg_var = b->fresh + 1;
        b->fresh += (int)ps->naggs;
        sb_add(b, "SELECT %s", ps->distinct ? "DISTINCT " : "");
        sx_columns(b, p, part, si, 1, &pr);
        sx_null_flags(b, p, ps, z, &pr);
        sb_add(b, "WHERE {\n    { SELECT ");
        for (int i = 0; i < ps->ncols; i++)
            if (!ps->col_agg[i] && first_key(ps, i)) {
                sx_group_key(b, ps, i);
                sb_add(b, " ");
            }
        for (size_t k = 0; k < ps->naggs; k++) {
            sb_add(b, "(");
            sx_agg(b, p, ps, k, &pr);
            sb_add(b, " AS ?_r%d) ", b->agg_var + (int)k);
            if ((ps->aggs[k].fn == MG_FN_MIN || ps->aggs[k].fn == MG_FN_MAX) &&
                ps->aggs[k].arg) {
                sb_add(b, "(");
                sx_minmax_bound(b, p, ps, k, &pr);
                sb_add(b, " AS ?_l%d) ", b->agg_var + (int)k);
            }
        }
        int v = b->agg_var;
        b->agg_var = 0; /* the aggregates themselves, inside */
        for (int i = 0; i < ps->ncols; i++)
            sx_companions(b, p, part, si, i, 2, &pr);
        b->agg_var = v;
    } else {
        sb_add(b, "SELECT %s", ps->distinct ? "DISTINCT " : "");
        sx_columns(b, p, part, si, 0, &pr);
        if (nulls)
            sx_null_flags(b, p, ps, z, &pr);
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
            if (!ps->col_agg[i] && (!wrap || first_key(ps, i))) {
                sb_add(b, any++ ? " " : "\n  GROUP BY ");
                sx_group_key(b, ps, i);
            }
    }
    if (wrap)
        sb_add(b, " }\n  }");
    for (size_t i = 0; i < ps->norder; i++) {
        sb_add(b, i ? " " : "\n  ORDER BY ");
        if (nulls && may_be_null(ps, ps->order[i]))
            sb_add(b, "%s(?_z%d) ", ps->desc[i] ? "DESC" : "ASC",
                   z + 1 + (int)i);
        sb_add(b, ps->desc[i] ? "DESC(" : "ASC(");
        sx(b, p, ps, ps->order[i], &pr);
        sb_add(b, ")");
    }
    b->agg_var = 0;
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
