/*
 * sparql_expr.c — expressions of a plan in SPARQL 1.1
 * (sparql_internal.h): property reads as OPTIONAL patterns on fresh
 * variables, comparisons that follow ours (numbers numerically, anything
 * else by lexical form so language tags never change an answer, dates of
 * any precision by their start), fold(), year(), size(), min/max,
 * collect, IN, =~.
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

/* Whether e is a relationship variable -[r:…]- of the stage. */
static int is_rel_slot(const mg_pstage *ps, const mg_cexpr *e)
{
    if (e->kind != MG_CX_SLOT)
        return 0;
    for (size_t g = 0; g < ps->nsegs; g++)
        for (size_t k = 0; k < ps->segs[g].nsteps; k++)
            if (ps->segs[g].steps[k].r >= 0 && ps->segs[g].steps[k].r == e->slot)
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

void sx_props(sbuf *b, const mg_plan *p, const mg_pstage *ps,
              const mg_cexpr *e, props *pr)
{
    if (!e)
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
    if ((e->kind != MG_CX_PROP && e->kind != MG_CX_LABEL) || pr->n >= 64 ||
        e->a->kind != MG_CX_SLOT)
        return;
    int v = ++b->fresh;
    pr->v[pr->n].e = e;
    pr->v[pr->n].fold = 0;
    pr->v[pr->n++].var = v;
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

/* Our comparisons: numbers numerically, everything else by lexical form
 * (language tags ignored), dates of any precision by their start.  In
 * SPARQL: IF(both numeric, A op B, KEY(A) op KEY(B)) where KEY is STR, or
 * for an xsd date type the start padded to YYYY-MM-DDThh:mm:ss. */
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define DATE_TYPES                                                        \
    "(<" XSD_NS "date>, <" XSD_NS "dateTime>, <" XSD_NS "gYear>, <" XSD_NS \
    "gYearMonth>, <" XSD_NS "dateTimeStamp>)"

static int is_plain_str(const mg_cexpr *e)
{
    return e->kind == MG_CX_CONST && e->cval.kind == MG_V_STR && !e->cval.dt;
}

static int is_num_const(const mg_cexpr *e)
{
    return e->kind == MG_CX_CONST &&
           (e->cval.kind == MG_V_INT || e->cval.kind == MG_V_FLOAT);
}

static void sx_key(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                   const mg_cexpr *e, props *pr)
{
    if (is_plain_str(e)) {
        sx(b, p, ps, e, pr);
        return;
    }
    if (e->kind == MG_CX_CALL && e->fn == MG_FN_DATE &&
        e->args[0]->kind == MG_CX_CONST && e->args[0]->cval.kind == MG_V_STR) {
        /* date("…") is a constant: its key is computed here. */
        static const char pad[] = "0000-01-01T00:00:00";
        char k[20];
        size_t n = e->args[0]->cval.len;
        if (n > 19)
            n = 19;
        memcpy(k, e->args[0]->cval.s, n);
        memcpy(k + n, pad + n, 19 - n + 1);
        sb_str(b, k, strlen(k));
        return;
    }
    /* isLiteral && LANG = "" first: DATATYPE of a tagged literal is an
     * error in SPARQL 1.0 engines (rasqal), and false && error is false. */
    sb_add(b, "\n        IF(isLiteral(");
    sx(b, p, ps, e, pr);
    sb_add(b, ") && LANG(");
    sx(b, p, ps, e, pr);
    sb_add(b, ") = \"\" && DATATYPE(");
    sx(b, p, ps, e, pr);
    sb_add(b, ") IN " DATE_TYPES ",\n          SUBSTR(CONCAT(STR(");
    sx(b, p, ps, e, pr);
    sb_add(b, "), SUBSTR(\"-01-01T00:00:00\", STRLEN(STR(");
    sx(b, p, ps, e, pr);
    sb_add(b, ")) - 3)), 1, 19), STR(");
    sx(b, p, ps, e, pr);
    sb_add(b, "))");
}

/* "(l OP r)" with both sides written as SPARQL expressions. */
static void sx_infix(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                     const mg_cexpr *l, const char *op, const mg_cexpr *r,
                     props *pr)
{
    sb_add(b, "(");
    sx(b, p, ps, l, pr);
    sb_add(b, " %s ", op);
    sx(b, p, ps, r, pr);
    sb_add(b, ")");
}

static void sx_cmp(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                   const mg_cexpr *l, const char *op, const mg_cexpr *r,
                   props *pr)
{
    if (is_plain_str(l) || is_plain_str(r)) {
        sb_add(b, "(");
        sx_key(b, p, ps, l, pr);
        sb_add(b, " %s ", op);
        sx_key(b, p, ps, r, pr);
        sb_add(b, ")");
        return;
    }
    /* (C && l op r) || (!C && KEY(l) op KEY(r)), C = both numeric: the
     * same as IF(C, …, …) under SPARQL's error rules; Virtuoso 7.2 fails
     * to compile IF(isNumeric(…)) over a grouped subquery's column. */
    for (int k = 0; k < 2; k++) {
        sb_add(b, k ? " || (!(" : "((");
        if (!is_num_const(l)) {
            sb_add(b, "isNumeric(");
            sx(b, p, ps, l, pr);
            sb_add(b, ")%s", is_num_const(r) ? "" : " && ");
        }
        if (!is_num_const(r)) {
            sb_add(b, "isNumeric(");
            sx(b, p, ps, r, pr);
            sb_add(b, ")");
        }
        if (is_num_const(l) && is_num_const(r))
            sb_add(b, "true");
        if (k == 0) {
            sb_add(b, " && (");
            sx(b, p, ps, l, pr);
            sb_add(b, " %s ", op);
            sx(b, p, ps, r, pr);
            sb_add(b, "))");
        } else {
            sb_add(b, ") && (");
            sx_key(b, p, ps, l, pr);
            sb_add(b, " %s ", op);
            sx_key(b, p, ps, r, pr);
            sb_add(b, ")))");
        }
    }
}

/* min/max order strings by their comparison key but return the value:
 * R = MIN(IF(isNumeric(X), X, CONCAT(KEY(X), "\u0001", STR(X)))), then
 * IF(isNumeric(R), R, STRAFTER(R, "\u0001")).  (rdflib 6 does not skip an
 * unbound X inside MIN/MAX as SPARQL says: it fails on such groups.) */
static void sx_minmax(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                      const mg_agg *ag, props *pr)
{
    static const char *const pre[] = {"IF(isNumeric(", ", ", ", STRAFTER("};
    static const char *const post[] = {")", "", ", \"\\u0001\"))"};
    for (int k = 0; k < 3; k++) {
        sb_add(b, "%s%s(%sIF(isNumeric(", pre[k],
               ag->fn == MG_FN_MIN ? "MIN" : "MAX",
               ag->distinct ? "DISTINCT " : "");
        sx(b, p, ps, ag->arg, pr);
        sb_add(b, "), ");
        sx(b, p, ps, ag->arg, pr);
        sb_add(b, ", CONCAT(");
        sx_key(b, p, ps, ag->arg, pr);
        sb_add(b, ", \"\\u0001\", STR(");
        sx(b, p, ps, ag->arg, pr);
        sb_add(b, "))))%s", post[k]);
    }
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
        sb_add(b, "(");
        for (size_t i = 0; i < e->nargs; i++) {
            if (i)
                sb_add(b, ", ");
            sx(b, p, ps, e->args[i], pr);
        }
        sb_add(b, ")");
        return;
    case MG_CX_AGG: {
        const mg_agg *ag = &ps->aggs[e->slot];
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
        return;
    }
    case MG_CX_CALL:
        if ((e->fn == MG_FN_TYPE || e->fn == MG_FN_LABELS) &&
            !(e->fn == MG_FN_TYPE && e->nargs == 1 && is_rel_slot(ps, e->args[0]))) {
            /* the classes of a node: a list ours builds, no SPARQL
             * expression gives it (type(r) of a relationship is its IRI) */
            b->bad = "labels() or type() of a node (its classes)";
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
            /* A collected list (see collect) counts its items; a string
             * its characters. */
            static const char *const parts[] = {
                "IF(STRSTARTS(STR(", "), \"\\u001e\"), IF(STRLEN(STR(",
                ")) > 1, STRLEN(STR(", ")) - STRLEN(REPLACE(STR(",
                "), \"\\u001f\", \"\")) + 1, 0), STRLEN(STR(", ")))"};
            for (int k = 0; k < 5; k++) {
                sb_add(b, "%s", parts[k]);
                sx(b, p, ps, e->args[0], pr);
            }
            sb_add(b, "%s", parts[5]);
            return;
        }
        if (e->fn == MG_FN_YEAR && e->nargs == 1) {
            /* Any date precision (SPARQL's YEAR takes only xsd:date and
             * xsd:dateTime): the first four digits of the lexical form. */
            sb_add(b, "<" XSD_NS "integer>(IF(REGEX(STR(");
            sx(b, p, ps, e->args[0], pr);
            sb_add(b, "), \"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9:.]+)?)?)?"
                      "([Z+-][0-9:]*)?$\"), SUBSTR(STR(");
            sx(b, p, ps, e->args[0], pr);
            sb_add(b, "), 1, 4), \"-\"))");
            return;
        }
        sb_add(b, "%s(", fn_sparql(e->fn));
        for (size_t i = 0; i < e->nargs; i++) {
            if (i)
                sb_add(b, ", ");
            sx(b, p, ps, e->args[i], pr);
        }
        sb_add(b, ")");
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
            sb_add(b, "?_unsupported_mod");
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
