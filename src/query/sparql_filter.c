/*
 * sparql_filter.c — conditions on property values in SPARQL 1.1
 * (sparql_internal.h): which property reads a condition cannot hold
 * without (null analysis), the BOUND guards that follow from it, and the
 * semijoin form of a condition (for engines without EXISTS).
 *
 * Owns: nothing beyond the sbuf it appends to.
 */
#include <stdint.h>
#include <stdio.h>

#include "query/sparql_internal.h"

/* Whether e is null whenever the property read `prop` is null (our
 * nulls propagate through comparisons, arithmetic and the string
 * functions; not through AND, OR, IS NULL, coalesce with another value). */
static int null_with(const mg_cexpr *e, const mg_cexpr *prop)
{
    if (!e)
        return 0;
    switch (e->kind) {
    case MG_CX_PROP:
    case MG_CX_LABEL:
        return e == prop;
    case MG_CX_CALL:
        if (e->fn == MG_FN_COALESCE) {
            for (size_t i = 0; i < e->nargs; i++)
                if (!null_with(e->args[i], prop))
                    return 0;
            return e->nargs > 0;
        }
        if (e->fn == MG_FN_LABELS || e->fn == MG_FN_SOURCE)
            return 0;
        return e->nargs >= 1 && null_with(e->args[0], prop);
    case MG_CX_UNARY:
        return (e->op == MG_OP_NEG || e->op == MG_OP_NOT) &&
               null_with(e->a, prop);
    case MG_CX_BINARY:
        if (e->op == MG_OP_AND || e->op == MG_OP_OR)
            return 0;
        if (e->op == MG_OP_IN)
            return null_with(e->a, prop);
        return null_with(e->a, prop) || null_with(e->b, prop);
    default:
        return 0;
    }
}

/* Whether condition e cannot hold when `prop` is null. */
static int false_without(const mg_cexpr *e, const mg_cexpr *prop)
{
    if (e->kind == MG_CX_BINARY && e->op == MG_OP_AND)
        return false_without(e->a, prop) || false_without(e->b, prop);
    if (e->kind == MG_CX_BINARY && e->op == MG_OP_OR)
        return false_without(e->a, prop) && false_without(e->b, prop);
    if (e->kind == MG_CX_UNARY && e->op == MG_OP_NOT)
        return null_with(e->a, prop);
    return null_with(e, prop);
}

void sx_bound_guards(sbuf *b, const mg_cexpr *cond, const props *pr)
{
    for (int i = 0; i < pr->n; i++)
        if (!pr->v[i].fold && false_without(cond, pr->v[i].e))
            sb_add(b, "    FILTER(BOUND(?_v%d))\n", pr->v[i].var);
}

/* Adds to *set the slots cond reads (directly or through a property),
 * as bits over the first 64 slots; 0 when it reads something a subquery
 * cannot (a slot past 63, a projected column, an aggregate, source()). */
static int slots_read(const mg_pstage *ps, const mg_cexpr *e, uint64_t *set)
{
    if (!e)
        return 1;
    switch (e->kind) {
    case MG_CX_SLOT:
        if (e->slot < 0 || e->slot >= ps->nslots || e->slot >= 64)
            return 0;
        *set |= (uint64_t)1 << e->slot;
        return 1;
    case MG_CX_PROP:
    case MG_CX_LABEL:
        return e->a->kind == MG_CX_SLOT && slots_read(ps, e->a, set);
    case MG_CX_AGG:
        return 0;
    case MG_CX_CALL:
        if (e->fn == MG_FN_SOURCE)
            return 0;
        break;
    default:
        break;
    }
    if (!slots_read(ps, e->a, set) || !slots_read(ps, e->b, set))
        return 0;
    for (size_t i = 0; i < e->nargs; i++)
        if (!slots_read(ps, e->args[i], set))
            return 0;
    return 1;
}

int sx_semijoin(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                const mg_cexpr *cond, props *pr, const char *reads)
{
    uint64_t need = 0, anchored = 0;
    int anchor[64];
    if (!slots_read(ps, cond, &need) || need == 0)
        return 0;
    for (int i = 0; i < pr->n; i++) {
        const mg_cexpr *e = pr->v[i].e;
        anchor[i] = 0;
        if (pr->v[i].fold || !false_without(cond, e))
            continue;
        uint64_t bit = (uint64_t)1 << e->a->slot;
        if (sx_slot_optional(ps, e->a->slot))
            return 0;
        if (!(anchored & bit))
            anchor[i] = 1;
        anchored |= bit;
    }
    if ((need & ~anchored) != 0)
        return 0;
    sb_add(b, "    { SELECT DISTINCT");
    for (int s = 0; s < 64; s++)
        if (need & ((uint64_t)1 << s)) {
            sb_add(b, " ");
            sb_slot(b, ps, s);
        }
    sb_add(b, " WHERE {\n");
    for (int i = 0; i < pr->n; i++) {
        if (!anchor[i])
            continue;
        const mg_cexpr *e = pr->v[i].e;
        sb_add(b, "    ");
        sb_slot(b, ps, e->a->slot);
        sb_add(b, " ");
        if (e->kind == MG_CX_LABEL)
            sb_add(b, "<http://www.w3.org/2000/01/rdf-schema#label>");
        else
            sb_term(b, p, e->prop);
        sb_add(b, " ?_w%d .\n", pr->v[i].var);
    }
    sb_add(b, "%s", reads ? reads : "");
    sb_add(b, "    FILTER(");
    sx(b, p, ps, cond, pr);
    sb_add(b, ") } }\n");
    return 1;
}
