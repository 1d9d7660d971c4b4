/*
 * sparql_expr.c — expressions of a plan in SPARQL 1.1
 * (sparql_internal.h): property reads as OPTIONAL patterns on fresh
 * variables (labels(): a grouped subquery), fold(), year(), size(),
 * type(), aggregates, collect, IN, =~; comparisons and min/max are
 * sparql_compare.c's.
 *
 * Owns: nothing beyond the sbuf it appends to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/sparql_internal.h"

int sx_slot_optional(const mg_pstage *ps, int slot)
{
    for (size_t g = 0; g < ps->nsegs; g++)
        for (size_t i = 0; ps->segs[g].optional && i < ps->segs[g].nbinds; i++)
            if (ps->segs[g].binds[i] == slot)
                return 1;
    return 0;
}

/* Whether e reads only the stage's row (no aggregate, no projected
 * column): then it can be bound in the WHERE clause. */
static int row_only(const mg_pstage *ps, const mg_cexpr *e)
{
    if (!e)
        return 1;
    if (e->kind == MG_CX_AGG || (e->kind == MG_CX_SLOT && e->slot >= ps->nslots))
        return 0;
    if (!row_only(ps, e->a) || !row_only(ps, e->b))
        return 0;
    for (size_t i = 0; i < e->nargs; i++)
        if (!row_only(ps, e->args[i]))
            return 0;
    return 1;
}

/* labels(n): the classes of n, each as its short name, in ?_cV, a list
 * (U+001C: the reader sorts the items, as ours does) read in an OPTIONAL
 * subquery grouped by the node (for a node an OPTIONAL MATCH may leave
 * unbound, a stand-in as for properties). */
static void sx_labels_read(sbuf *b, const mg_pstage *ps, int slot, int v)
{
    sbuf n = {0}, t = {0};
    if (sx_slot_optional(ps, slot)) {
        sb_add(b, "    BIND(IF(BOUND(");
        sb_slot(b, ps, slot);
        sb_add(b, "), ");
        sb_slot(b, ps, slot);
        sb_add(b, ", <urn:maillage:none>) AS ?_n%d)\n", v);
        sb_add(&n, "?_n%d", v);
    } else {
        sb_slot(&n, ps, slot);
    }
    sb_add(&t, "STR(?_t%d)", v);
    if (n.oom || t.oom || !n.s || !t.s) {
        b->oom = 1;
    } else {
        sb_add(b, "    OPTIONAL { { SELECT %s (GROUP_CONCAT(DISTINCT ", n.s);
        sb_iri_short(b, t.s);
        sb_add(b, "; SEPARATOR=\"\\u001f\") AS ?_c%d) WHERE { %s a ?_t%d } "
                  "GROUP BY %s } }\n", v, n.s, v, n.s);
    }
    free(n.s);
    free(t.s);
}

static int is_labels(const mg_cexpr *e)
{
    return e->kind == MG_CX_CALL && e->fn == MG_FN_LABELS && e->nargs == 1 &&
           e->args[0]->kind == MG_CX_SLOT;
}

static int already_read(const props *pr, const mg_cexpr *e)
{
    for (int i = 0; i < pr->n; i++)
        if (pr->v[i].e == e)
            return 1;
    return 0;
}

void sx_props_labels(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                     const mg_cexpr *e, props *pr)
{
    if (!e)
        return;
    sx_props_labels(b, p, ps, e->a, pr);
    sx_props_labels(b, p, ps, e->b, pr);
    for (size_t i = 0; i < e->nargs; i++)
        sx_props_labels(b, p, ps, e->args[i], pr);
    if (is_labels(e) && !already_read(pr, e))
        sx_props(b, p, ps, e, pr);
}

void sx_props(sbuf *b, const mg_plan *p, const mg_pstage *ps,
              const mg_cexpr *e, props *pr)
{
    if (!e || (is_labels(e) && already_read(pr, e)))
        return;
    sx_props(b, p, ps, e->a, pr);
    sx_props(b, p, ps, e->b, pr);
    for (size_t i = 0; i < e->nargs; i++)
        sx_props(b, p, ps, e->args[i], pr);
    if (e->kind == MG_CX_CALL && e->fn == MG_FN_FOLD && e->nargs == 1 &&
        e->args[0]->kind != MG_CX_CONST && pr->n < 64 && row_only(ps, e)) {
        /* fold() is long (one REPLACE per base letter) and comparisons
         * repeat their operands: it is bound once to ?_fN, one BIND per
         * step (nested, the REPLACEs are too deep for some parsers). */
        int v = ++b->fresh, n = sb_fold_nsteps();
        sb_add(b, "    BIND(STR(");
        sx(b, p, ps, e->args[0], pr);
        sb_add(b, ") AS ?_f%d_0)\n", v);
        for (int i = 0; i < n; i++) {
            sb_add(b, "    BIND(REPLACE(STR(?_f%d_%d)", v, i);
            sb_fold_step(b, i);
            sb_add(b, " AS ?_f%d_%d)\n", v, i + 1);
        }
        sb_add(b, "    BIND(LCASE(?_f%d_%d) AS ?_f%d)\n", v, n, v);
        pr->v[pr->n].e = e;
        pr->v[pr->n].fold = 1;
        pr->v[pr->n++].var = v;
        return;
    }
    int labels = is_labels(e);
    if (((e->kind != MG_CX_PROP && e->kind != MG_CX_LABEL) ||
         e->a->kind != MG_CX_SLOT) && !labels)
        return;
    if (pr->n >= 64)
        return;
    int v = ++b->fresh;
    pr->v[pr->n].e = e;
    pr->v[pr->n].fold = labels ? 2 : 0;
    pr->v[pr->n++].var = v;
    if (labels) {
        sx_labels_read(b, ps, e->args[0]->slot, v);
        return;
    }
    /* A node an OPTIONAL MATCH may leave unbound: the pattern must not
     * bind it (null.prop is null), so it reads a stand-in: the node, or
     * when it is unbound an IRI nothing is said about.  (Not a FILTER
     * inside the OPTIONAL reading the outer variable: Virtuoso 7.2 does
     * not see it there.) */
    int guard = sx_slot_optional(ps, e->a->slot);
    if (guard) {
        sb_add(b, "    BIND(IF(BOUND(");
        sb_slot(b, ps, e->a->slot);
        sb_add(b, "), ");
        sb_slot(b, ps, e->a->slot);
        sb_add(b, ", <urn:maillage:none>) AS ?_n%d)\n", v);
    }
    for (int k = 0; k < (e->kind == MG_CX_LABEL ? 2 : 1); k++) {
        sb_add(b, "    OPTIONAL { ");
        if (guard)
            sb_add(b, "?_n%d", v);
        else
            sb_slot(b, ps, e->a->slot);
        sb_add(b, " ");
        if (e->kind == MG_CX_LABEL)
            sb_add(b, "<http://www.w3.org/2000/01/rdf-schema#label>");
        else
            sb_term(b, p, e->prop);
        sb_add(b, " ?_v%d", v);
        if (e->kind == MG_CX_LABEL && k == 0)
            sb_add(b, " FILTER(langMatches(lang(?_v%d), \"fr\"))", v);
        sb_add(b, " }\n");
    }
}

static const char *fn_sparql(mg_fn f)
{
    switch (f) {
    case MG_FN_LOWER: return "LCASE";
    case MG_FN_UPPER: return "UCASE";
    case MG_FN_ID: case MG_FN_STR: case MG_FN_TYPE: return "STR";
    case MG_FN_LANG: return "LANG";
    case MG_FN_YEAR: return "YEAR";
    case MG_FN_SIZE: return "STRLEN";
    case MG_FN_COALESCE: return "COALESCE";
    case MG_FN_COUNT: return "COUNT";
    case MG_FN_COLLECT: return "GROUP_CONCAT";
    case MG_FN_MIN: return "MIN";
    case MG_FN_MAX: return "MAX";
    case MG_FN_SUM: return "SUM";
    case MG_FN_AVG: return "AVG";
    case MG_FN_TRIM: return "STR";
    default: return "STR";
    }
}

static void sx_val(sbuf *b, const mg_val *v)
{
    switch (v->kind) {
    case MG_V_NULL: sb_add(b, "?_unbound"); break;
    case MG_V_BOOL: sb_add(b, v->i ? "true" : "false"); break;
    case MG_V_INT: sb_add(b, "%lld", v->i); break;
    case MG_V_FLOAT: sb_add(b, "%.17g", v->f); break;
    case MG_V_STR:
        sb_str(b, v->s, v->len);
        if (v->dt)
            sb_add(b, "^^<%s>", v->dt);
        break;
    default: sb_add(b, "?_"); break;
    }
}

void sx_agg(sbuf *b, const mg_plan *p, const mg_pstage *ps, size_t k,
            props *pr)
{
    const mg_agg *ag = &ps->aggs[k];
    if ((ag->fn == MG_FN_MIN || ag->fn == MG_FN_MAX) && ag->arg) {
        sx_minmax(b, p, ps, ag, pr);
        return;
    }
    if (ag->fn == MG_FN_COLLECT && ag->arg) {
        /* A list: \u001e then the items separated by \u001f (size()
         * counts them). */
        sb_add(b, "CONCAT(\"\\u001e\", GROUP_CONCAT(%s",
               ag->distinct ? "DISTINCT " : "");
        sx(b, p, ps, ag->arg, pr);
        sb_add(b, "; SEPARATOR=\"\\u001f\"))");
        return;
    }
    sb_add(b, "%s(%s", fn_sparql(ag->fn), ag->distinct ? "DISTINCT " : "");
    if (ag->star)
        sb_add(b, "*");
    else
        sx(b, p, ps, ag->arg, pr);
    sb_add(b, ")");
}

/* After writing into a scratch buffer t that numbered fresh variables on
 * from b's: b takes back the count and any failure; 1 when t->s holds the
 * text to use. */
static int sub_join(sbuf *b, const sbuf *t)
{
    b->fresh = t->fresh;
    if (t->bad)
        b->bad = t->bad;
    if (t->oom || !t->s) {
        b->oom = 1;
        return 0;
    }
    return 1;
}

/* e's arguments, comma-separated in parentheses: a list literal's items
 * or a function call's arguments. */
static void sx_args(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                    const mg_cexpr *e, props *pr)
{
    sb_add(b, "(");
    for (size_t i = 0; i < e->nargs; i++) {
        if (i)
            sb_add(b, ", ");
        sx(b, p, ps, e->args[i], pr);
    }
    sb_add(b, ")");
}

void sx(sbuf *b, const mg_plan *p, const mg_pstage *ps, const mg_cexpr *e,
        props *pr)
{
    static const char *const ops[] = {
        [MG_OP_OR] = "||", [MG_OP_AND] = "&&", [MG_OP_EQ] = "=",
        [MG_OP_NE] = "!=", [MG_OP_LT] = "<", [MG_OP_LE] = "<=",
        [MG_OP_GT] = ">", [MG_OP_GE] = ">=", [MG_OP_ADD] = "+",
        [MG_OP_SUB] = "-", [MG_OP_MUL] = "*", [MG_OP_DIV] = "/"};
    switch (e->kind) {
    case MG_CX_CONST:
        sx_val(b, &e->cval);
        return;
    case MG_CX_SLOT:
        sb_slot(b, ps, e->slot);
        return;
    case MG_CX_PROP:
    case MG_CX_LABEL:
        for (int i = 0; i < pr->n; i++)
            if (pr->v[i].e == e) {
                sb_add(b, "?_v%d", pr->v[i].var);
                return;
            }
        sb_add(b, "?_");
        return;
    case MG_CX_LIST:
        sx_args(b, p, ps, e, pr);
        return;
    case MG_CX_AGG: {
        const mg_agg *ag = &ps->aggs[e->slot];
        int mm = (ag->fn == MG_FN_MIN || ag->fn == MG_FN_MAX) && ag->arg;
        if (b->agg_var > 0) {
            int v = b->agg_var + e->slot;
            if (mm) { /* ?_l: see sx_minmax_bound */
                char r[32];
                snprintf(r, sizeof r, "?_r%d", v);
                sb_add(b, "IF(BOUND(?_l%d), ", v);
                sx_minmax_value(b, r);
                sb_add(b, ", ?_unbound)");
            } else {
                sb_add(b, "?_r%d", v);
            }
            return;
        }
        if (mm) {
            sbuf t = {0};
            t.fresh = b->fresh;
            t.no_if = b->no_if;
            sx_agg(&t, p, ps, (size_t)e->slot, pr);
            if (sub_join(b, &t))
                sx_minmax_value(b, t.s);
            free(t.s);
            return;
        }
        sx_agg(b, p, ps, (size_t)e->slot, pr);
        return;
    }
    case MG_CX_CALL:
        if (e->fn == MG_FN_TYPE && e->nargs == 1) {
            /* the IRI of a relationship (or a node) as a short name */
            sbuf t = {0};
            t.fresh = b->fresh;
            t.no_if = b->no_if;
            t.agg_var = b->agg_var;
            sb_add(&t, "STR(");
            sx(&t, p, ps, e->args[0], pr);
            sb_add(&t, ")");
            if (sub_join(b, &t))
                sb_iri_short(b, t.s);
            free(t.s);
            return;
        }
        if (e->fn == MG_FN_LABELS) {
            /* read by sx_props (sx_labels_read); none: an empty list */
            for (int i = 0; i < pr->n; i++)
                if (pr->v[i].e == e && pr->v[i].fold == 2) {
                    int v = pr->v[i].var;
                    int opt = sx_slot_optional(ps, e->args[0]->slot);
                    if (opt) {
                        sb_add(b, "IF(BOUND(");
                        sx(b, p, ps, e->args[0], pr);
                        sb_add(b, "), ");
                    }
                    sb_add(b, "CONCAT(\"\\u001c\", COALESCE(?_c%d, \"\"))%s",
                           v, opt ? ", ?_unbound)" : "");
                    return;
                }
            /* not read before: not of a node variable (or more than 64
             * reads in one expression) */
            b->bad = "labels() of something else than a node variable";
            sb_add(b, "?_");
            return;
        }
        if (e->fn == MG_FN_DATE && e->args[0]->kind == MG_CX_CONST) {
            sx_val(b, &e->args[0]->cval);
            sb_add(b, "^^<http://www.w3.org/2001/XMLSchema#date>");
            return;
        }
        if (e->fn == MG_FN_FOLD && e->nargs == 1 &&
            e->args[0]->kind == MG_CX_CONST && e->args[0]->cval.kind == MG_V_STR) {
            /* fold("…") is a constant: folded here, by our own function */
            mg_arena a = {0};
            size_t n = 0;
            char *f = mg_str_map(&a, e->args[0]->cval.s, e->args[0]->cval.len,
                                 'f', &n);
            if (f)
                sb_str(b, f, n);
            else
                b->oom = 1;
            mg_arena_free(&a);
            return;
        }
        if (e->fn == MG_FN_FOLD && e->nargs == 1) {
            for (int i = 0; i < pr->n; i++)
                if (pr->v[i].e == e) {
                    sb_add(b, "?_f%d", pr->v[i].var);
                    return;
                }
            sb_fold_open(b);
            sx(b, p, ps, e->args[0], pr);
            sb_fold_close(b);
            return;
        }
        if (e->fn == MG_FN_SIZE && e->nargs == 1) {
            /* A list (collect: U+001E first, labels(): U+001C) counts its
             * items, a string its characters: M * (F + N) + (1 - M) * L
             * with L = STRLEN(S), M = 1 when S starts with either, F the
             * U+001F separators, N = 1 when there is an item.  Without
             * IF: Virtuoso 7.2 fails to compile (SQ156) an IF over an
             * aggregate's value, which size(collect(…)) in a WITH … WHERE
             * is. */
            static const char *const parts[] = {
                "((STRLEN(STR(", ")) - STRLEN(REPLACE(STR(",
                "), \"^(\\u001c|\\u001e)\", \"\"))) * (STRLEN(STR(",
                ")) - STRLEN(REPLACE(STR(",
                "), \"\\u001f\", \"\")) + STRLEN(SUBSTR(STR(",
                "), 2, 1))) + (1 - STRLEN(STR(", ")) + STRLEN(REPLACE(STR(",
                "), \"^(\\u001c|\\u001e)\", \"\"))) * STRLEN(STR(", ")))"};
            for (int k = 0; k < 8; k++) {
                sb_add(b, "%s", parts[k]);
                sx(b, p, ps, e->args[0], pr);
            }
            sb_add(b, "%s", parts[8]);
            return;
        }
        if (e->fn == MG_FN_YEAR && e->nargs == 1) {
            /* Any date precision (SPARQL's YEAR takes only xsd:date and
             * xsd:dateTime): the first four digits of the lexical form;
             * not a date: ?_unbound, an error as a failed cast is (a cast
             * of "-" is 0 to Virtuoso 7.2, null to us). */
            sb_add(b, "IF(REGEX(STR(");
            sx(b, p, ps, e->args[0], pr);
            sb_add(b, "), \"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9:.]+)?)?)?"
                      "([Z+-][0-9:]*)?$\"), <" XSD_NS "integer>(SUBSTR(STR(");
            sx(b, p, ps, e->args[0], pr);
            sb_add(b, "), 1, 4)), ?_unbound)");
            return;
        }
        sb_add(b, "%s", fn_sparql(e->fn));
        sx_args(b, p, ps, e, pr);
        return;
    case MG_CX_UNARY:
        if (e->op == MG_OP_IS_NULL || e->op == MG_OP_IS_NOT_NULL) {
            sb_add(b, e->op == MG_OP_IS_NULL ? "!BOUND(" : "BOUND(");
        } else {
            sb_add(b, e->op == MG_OP_NOT ? "!(" : "-(");
        }
        sx(b, p, ps, e->a, pr);
        sb_add(b, ")");
        return;
    case MG_CX_BINARY:
        switch (e->op) {
        case MG_OP_STARTS_WITH: case MG_OP_ENDS_WITH: case MG_OP_CONTAINS:
            sb_add(b, "%s(STR(", e->op == MG_OP_STARTS_WITH ? "STRSTARTS"
                                 : e->op == MG_OP_ENDS_WITH ? "STRENDS"
                                                           : "CONTAINS");
            sx(b, p, ps, e->a, pr);
            sb_add(b, "), STR(");
            sx(b, p, ps, e->b, pr);
            sb_add(b, "))");
            return;
        case MG_OP_REGEX:
            sb_add(b, "REGEX(STR(");
            sx(b, p, ps, e->a, pr);
            sb_add(b, "), CONCAT(\"^(\", ");
            sx(b, p, ps, e->b, pr);
            sb_add(b, ", \")$\"))");
            return;
        case MG_OP_IN:
            if (e->b->kind == MG_CX_CALL && e->b->fn == MG_FN_SOURCE &&
                e->b->nargs == 1 && e->a->kind == MG_CX_SLOT &&
                e->b->args[0]->kind == MG_CX_SLOT) {
                /* source(n): the graphs of the statements n is subject of */
                int f = ++b->fresh;
                sb_add(b, "EXISTS { GRAPH ");
                sx(b, p, ps, e->a, pr);
                sb_add(b, " { ");
                sx(b, p, ps, e->b->args[0], pr);
                sb_add(b, " ?_p%d ?_o%d } }", f, f);
                return;
            }
            if (e->b->kind == MG_CX_LIST) {
                sb_add(b, "(");
                for (size_t i = 0; i < e->b->nargs; i++) {
                    if (i)
                        sb_add(b, " || ");
                    sx_cmp(b, p, ps, e->a, "=", e->b->args[i], pr);
                }
                sb_add(b, e->b->nargs ? ")" : "false)");
                return;
            }
            sx_infix(b, p, ps, e->a, "IN", e->b, pr);
            return;
        case MG_OP_XOR:
            sx_infix(b, p, ps, e->a, "!=", e->b, pr);
            return;
        case MG_OP_MOD:
            /* SPARQL 1.1 has no remainder (written as an unbound variable
             * before: a null instead of the value) */
            b->bad = "the % operator";
            sb_add(b, "?_");
            return;
        case MG_OP_EQ: case MG_OP_NE: case MG_OP_LT: case MG_OP_LE:
        case MG_OP_GT: case MG_OP_GE:
            sx_cmp(b, p, ps, e->a, ops[e->op], e->b, pr);
            return;
        default:
            sx_infix(b, p, ps, e->a,
                     e->op < (int)(sizeof ops / sizeof ops[0]) && ops[e->op]
                         ? ops[e->op] : "?",
                     e->b, pr);
            return;
        }
    }
}
