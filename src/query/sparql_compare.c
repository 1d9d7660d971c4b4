/*
 * sparql_compare.c — our order of values in SPARQL 1.1
 * (sparql_internal.h): comparisons that follow ours (numbers numerically,
 * anything else by lexical form so language tags never change an answer,
 * dates of any precision by their start), written with or without IF, and
 * min/max, which order by the same key.
 *
 * Owns: nothing beyond the sbuf it appends to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/sparql_internal.h"

/* Our comparisons: numbers numerically, everything else by lexical form
 * (language tags ignored), dates of any precision by their start.  In
 * SPARQL: IF(both numeric, A op B, KEY(A) op KEY(B)) where KEY is STR, or
 * for an xsd date type the start padded to YYYY-MM-DDThh:mm:ss. */
#define DATE_TYPES                                                        \
    "(<" XSD_NS "date>, <" XSD_NS "dateTime>, <" XSD_NS "gYear>, <" XSD_NS \
    "gYearMonth>, <" XSD_NS "dateTimeStamp>)"

/* A plain string constant, or fold() of one (folded here). */
static int is_plain_str(const mg_cexpr *e)
{
    if (e->kind == MG_CX_CALL && e->fn == MG_FN_FOLD && e->nargs == 1)
        e = e->args[0];
    return e->kind == MG_CX_CONST && e->cval.kind == MG_V_STR && !e->cval.dt;
}

/* Whether e is a number whatever the row: a numeric constant, size(),
 * count(). */
static int is_num(const mg_pstage *ps, const mg_cexpr *e)
{
    if (e->kind == MG_CX_CONST)
        return e->cval.kind == MG_V_INT || e->cval.kind == MG_V_FLOAT;
    if (e->kind == MG_CX_CALL)
        return e->fn == MG_FN_SIZE && e->nargs == 1;
    return e->kind == MG_CX_AGG && e->slot >= 0 &&
           (size_t)e->slot < ps->naggs && ps->aggs[e->slot].fn == MG_FN_COUNT;
}

static int is_date_type(const char *dt)
{
    static const char *const types[] = {"date", "dateTime", "gYear",
                                        "gYearMonth", "dateTimeStamp"};
    size_t n = strlen(XSD_NS);
    if (!dt || strncmp(dt, XSD_NS, n) != 0)
        return 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dt + n, types[i]) == 0)
            return 1;
    return 0;
}

/* date("…") */
static int is_date_const(const mg_cexpr *e)
{
    return e->kind == MG_CX_CALL && e->fn == MG_FN_DATE && e->nargs == 1 &&
           e->args[0]->kind == MG_CX_CONST && e->args[0]->cval.kind == MG_V_STR;
}

/* Whether e is a date for its comparison key, when that is known here
 * (1 or 0: a constant; date("…") is one, its key computed here), else -1. */
static int key_date_known(const mg_pstage *ps, const mg_cexpr *e)
{
    if (is_plain_str(e) || is_num(ps, e))
        return 0;
    if (is_date_const(e))
        return 1;
    if (e->kind != MG_CX_CONST)
        return -1;
    switch (e->cval.kind) {
    case MG_V_BOOL: case MG_V_INT: case MG_V_FLOAT: return 0;
    case MG_V_STR: return is_date_type(e->cval.dt);
    default: return -1;
    }
}

/* Whether e is a date (for its key): isLiteral && LANG = "" first:
 * DATATYPE of a tagged literal is an error in SPARQL 1.0 engines (rasqal),
 * and false && error is false.  Never an error unless e is. */
static void sx_is_date(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                       const mg_cexpr *e, props *pr)
{
    sb_add(b, "(isLiteral(");
    sx(b, p, ps, e, pr);
    sb_add(b, ") && LANG(");
    sx(b, p, ps, e, pr);
    sb_add(b, ") = \"\" && DATATYPE(");
    sx(b, p, ps, e, pr);
    sb_add(b, ") IN " DATE_TYPES ")");
}

/* The comparison key of e: as a date (`date`: the start of its period,
 * padded to YYYY-MM-DDThh:mm:ss) or not (its lexical form, STR). */
static void sx_key_as(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                      const mg_cexpr *e, int date, props *pr)
{
    if (is_plain_str(e)) {
        sx(b, p, ps, e, pr);
        return;
    }
    if (is_date_const(e)) {
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
    if (!date) {
        sb_add(b, "STR(");
        sx(b, p, ps, e, pr);
        sb_add(b, ")");
        return;
    }
    /* The start of the period, as mg_date_key: the missing parts of a
     * year, a month, a day or a minute filled in (a time zone dropped),
     * then the first 19 characters.  REPLACE, not CONCAT of STR(e) and a
     * padding: rdflib 6 fails on CONCAT of an error (e unbound) when it
     * evaluates this branch of an IF-free condition, Virtuoso 7.2 on a
     * SUBSTR with a null start, rasqal 0.9.33 writes garbage. */
    static const char *const steps[][2] = {
        {"^([0-9]{4})([Z+].*)?$", "$1-01-01T00:00:00"},
        {"^([0-9]{4}-[0-9]{2})([Z+].*)?$", "$1-01T00:00:00"},
        {"^([0-9]{4}-[0-9]{2}-[0-9]{2})([Z+-].*)?$", "$1T00:00:00"},
        {"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2})([^:0-9].*)?$",
         "$1:00"}};
    size_t n = sizeof steps / sizeof steps[0];
    sb_add(b, "SUBSTR(");
    for (size_t i = 0; i < n; i++)
        sb_add(b, "REPLACE(");
    sb_add(b, "STR(");
    sx(b, p, ps, e, pr);
    sb_add(b, ")");
    for (size_t i = 0; i < n; i++) {
        sb_add(b, ", ");
        sb_str(b, steps[i][0], strlen(steps[i][0]));
        sb_add(b, ", ");
        sb_str(b, steps[i][1], strlen(steps[i][1]));
        sb_add(b, ")");
    }
    sb_add(b, ", 1, 19)");
}

/* KEY(e) as a value: IF(date, padded start, STR). */
static void sx_key(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                   const mg_cexpr *e, props *pr)
{
    int known = key_date_known(ps, e);
    if (known >= 0) {
        sx_key_as(b, p, ps, e, known, pr);
        return;
    }
    sb_add(b, "\n        IF(");
    sx_is_date(b, p, ps, e, pr);
    sb_add(b, ",\n          ");
    sx_key_as(b, p, ps, e, 1, pr);
    sb_add(b, ", ");
    sx_key_as(b, p, ps, e, 0, pr);
    sb_add(b, ")");
}

/* KEY(l) op KEY(r).  With b->no_if, as a condition without IF: one
 * branch per case of "is a date" of each side whose key is not known here,
 * (D(l) && D(r) && KEYd(l) op KEYd(r)) || (D(l) && !D(r) && …) || …
 * The same value as with IF under SPARQL's error rules (D is an error
 * only when its operand is, and then every branch is false or an error);
 * Virtuoso 7.2 fails to compile (SQ156) an IF on DATATYPE() or LANG() of
 * an aggregate's value, which a WITH … WHERE compares.  Otherwise with IF
 * (shorter: each key written once). */
static void sx_key_cmp(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                       const mg_cexpr *l, const char *op, const mg_cexpr *r,
                       props *pr)
{
    int kl = key_date_known(ps, l), kr = key_date_known(ps, r);
    if (!b->no_if) {
        sb_add(b, "(");
        sx_key(b, p, ps, l, pr);
        sb_add(b, " %s ", op);
        sx_key(b, p, ps, r, pr);
        sb_add(b, ")");
        return;
    }
    int nl = kl >= 0 ? 1 : 2, nr = kr >= 0 ? 1 : 2;
    if (nl * nr > 1)
        sb_add(b, "(");
    for (int i = 0; i < nl; i++)
        for (int j = 0; j < nr; j++) {
            int dl = nl > 1 ? i == 0 : kl, dr = nr > 1 ? j == 0 : kr;
            sb_add(b, "%s(", i + j ? "\n        || " : "");
            if (nl > 1) {
                sb_add(b, "%s", dl ? "" : "!");
                sx_is_date(b, p, ps, l, pr);
                sb_add(b, " && ");
            }
            if (nr > 1) {
                sb_add(b, "%s", dr ? "" : "!");
                sx_is_date(b, p, ps, r, pr);
                sb_add(b, " && ");
            }
            sb_add(b, "(");
            sx_key_as(b, p, ps, l, dl, pr);
            sb_add(b, " %s ", op);
            sx_key_as(b, p, ps, r, dr, pr);
            sb_add(b, "))");
        }
    if (nl * nr > 1)
        sb_add(b, ")");
}

void sx_infix(sbuf *b, const mg_plan *p, const mg_pstage *ps,
              const mg_cexpr *l, const char *op, const mg_cexpr *r,
              props *pr)
{
    sb_add(b, "(");
    sx(b, p, ps, l, pr);
    sb_add(b, " %s ", op);
    sx(b, p, ps, r, pr);
    sb_add(b, ")");
}

void sx_cmp(sbuf *b, const mg_plan *p, const mg_pstage *ps,
            const mg_cexpr *l, const char *op, const mg_cexpr *r, props *pr)
{
    if (is_plain_str(l) || is_plain_str(r)) {
        sx_key_cmp(b, p, ps, l, op, r, pr);
        return;
    }
    /* (C && l op r) || (!C && KEY(l) op KEY(r)), C = both numeric: the
     * same as IF(C, …, …) under SPARQL's error rules; Virtuoso 7.2 fails
     * to compile IF(isNumeric(…)) over a grouped subquery's column.  C is
     * left out when both sides are numbers whatever the row. */
    int nl = is_num(ps, l), nr = is_num(ps, r);
    if (nl && nr) {
        sx_infix(b, p, ps, l, op, r, pr);
        return;
    }
    for (int k = 0; k < 2; k++) {
        sb_add(b, k ? " || (!(" : "((");
        if (!nl) {
            sb_add(b, "isNumeric(");
            sx(b, p, ps, l, pr);
            sb_add(b, ")%s", nr ? "" : " && ");
        }
        if (!nr) {
            sb_add(b, "isNumeric(");
            sx(b, p, ps, r, pr);
            sb_add(b, ")");
        }
        if (k == 0) {
            sb_add(b, " && (");
            sx(b, p, ps, l, pr);
            sb_add(b, " %s ", op);
            sx(b, p, ps, r, pr);
            sb_add(b, "))");
        } else {
            sb_add(b, ") && ");
            sx_key_cmp(b, p, ps, l, op, r, pr);
            sb_add(b, "))");
        }
    }
}

/* min/max order strings by their comparison key but return the value:
 * R = MIN(IF(isNumeric(X), X, CONCAT(KEY(X), "\u0001", T, "\u0001",
 * STR(X)))) with T the kind of term X is ("<" an IRI, "@lang" a tagged
 * literal, its datatype IRI, or "" a plain literal), then the value is
 * rebuilt from R (sx_minmax_value).  A number X is written STRDT(STR(X),
 * DATATYPE(X)), the same term: Virtuoso 7.2 cannot take isNumeric() of a
 * MIN that may be a stored literal (its error SR586).  (rdflib 6 does not
 * skip an unbound X inside MIN/MAX as SPARQL says: it fails on such
 * groups.) */
void sx_minmax(sbuf *b, const mg_plan *p, const mg_pstage *ps,
               const mg_agg *ag, props *pr)
{
    static const char *const parts[] = {
        "IF(isNumeric(", "), STRDT(STR(", "), DATATYPE(", ")), CONCAT(",
        /* KEY */ ", \"\\u0001\", IF(isIRI(", "), \"<\", IF(LANG(",
        ") = \"\", IF(DATATYPE(",
        ") = <" XSD_NS "string>, \"\", STR(DATATYPE(",
        "))), CONCAT(\"@\", LANG(", ")))), \"\\u0001\", STR(", "))))"};
    sb_add(b, "%s(%s", ag->fn == MG_FN_MIN ? "MIN" : "MAX",
           ag->distinct ? "DISTINCT " : "");
    for (int k = 0; k < 10; k++) {
        sb_add(b, "%s", parts[k]);
        if (k == 3)
            sx_key(b, p, ps, ag->arg, pr);
        else
            sx(b, p, ps, ag->arg, pr);
    }
    sb_add(b, "%s", parts[10]);
}

/* The value of a min/max from R, its key form (text r): R when a number,
 * else the term rebuilt from the kind and the lexical form after the two
 * U+0001. */
void sx_minmax_value(sbuf *b, const char *r)
{
    sb_add(b, "IF(isNumeric(%s), %s, ", r, r);
    const char *const t_open = "STRBEFORE(STRAFTER(", *const t_close =
        ", \"\\u0001\"), \"\\u0001\")";
    const char *const v_open = "STRAFTER(STRAFTER(", *const v_close =
        ", \"\\u0001\"), \"\\u0001\")";
    sb_add(b, "IF(%s%s%s = \"\", %s%s%s, ", t_open, r, t_close, v_open, r,
           v_close);
    sb_add(b, "IF(%s%s%s = \"<\", IRI(%s%s%s), ", t_open, r, t_close, v_open,
           r, v_close);
    sb_add(b, "IF(STRSTARTS(%s%s%s, \"@\"), STRLANG(%s%s%s, STRAFTER(%s%s%s, "
              "\"@\")), ", t_open, r, t_close, v_open, r, v_close, t_open, r,
           t_close);
    sb_add(b, "STRDT(%s%s%s, IRI(%s%s%s))))))", v_open, r, v_close, t_open, r,
           t_close);
}

void sx_minmax_bound(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                     size_t k, props *pr)
{
    sb_add(b, "MIN(STRLEN(STR(");
    sx(b, p, ps, ps->aggs[k].arg, pr);
    sb_add(b, ")))");
}

