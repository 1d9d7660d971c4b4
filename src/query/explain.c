/*
 * explain.c — EXPLAIN and PROFILE text (plan.h): one line per step with
 * the index it reads, the planner's estimated rows and, under PROFILE,
 * the actual rows and time; then the projection; then the equivalent
 * SPARQL 1.1 query.
 *
 * Owns: nothing beyond a call (lines are built in a stack buffer).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/plan.h"

typedef struct out {
    mg_row_sink *sink;
    mg_status *st;
    mg_code rc;
} out;

static void line(out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void line(out *o, const char *fmt, ...)
{
    if (o->rc || !o->sink || !o->sink->text)
        return;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->rc = o->sink->text(o->sink->ctx, buf, o->st);
}

static const char *slot_name(const mg_pstage *ps, int s)
{
    if (s < 0 || s >= ps->nslots)
        return "?";
    return ps->names[s][0] == ' ' ? "_" : ps->names[s];
}

/* The index mg_cursor_open picks for these bound positions. */
static const char *index_for(int s, int p, int o)
{
    if (s)
        return "SPOG";
    if (p)
        return "POSG";
    if (o)
        return "OSPG";
    return "SPOG";
}

static void step_line(out *o, const mg_pstage *ps, const mg_step *s, int n,
                      int profile, double next_secs)
{
    char what[600], extra[160] = "";
    switch (s->kind) {
    case MG_STEP_TYPE:
        snprintf(what, sizeof what, "%s %s  %s [%s, %zu class%s%s]",
                 s->a_bound ? "CheckType" : "NodeByType", slot_name(ps, s->a),
                 s->text, s->a_bound ? "SPOG" : "POSG", s->nids,
                 s->nids == 1 ? "" : "es",
                 s->inst_state == 1 ? ", then an instance set" : "");
        break;
    case MG_STEP_EDGE:
    case MG_STEP_PATH: {
        if (s->from_stats) {
            snprintf(what, sizeof what,
                     "ClassCounts (%s)%s(%s) [class statistics; %s not bound]",
                     slot_name(ps, s->a), s->text, slot_name(ps, s->b),
                     slot_name(ps, s->dir == MG_DIR_IN ? s->b : s->a));
            break;
        }
        int from_b = !s->a_bound && s->b_bound;
        int subj_bound = s->dir == MG_DIR_IN ? s->b_bound : s->a_bound;
        int obj_bound = s->dir == MG_DIR_IN ? s->a_bound : s->b_bound;
        snprintf(what, sizeof what, "%s (%s)%s(%s)%s [%s]",
                 s->kind == MG_STEP_PATH ? "VarLengthExpand" : "Expand",
                 slot_name(ps, s->a), s->text, slot_name(ps, s->b),
                 s->a_bound && s->b_bound ? " (both ends bound)"
                 : from_b                 ? " (from the right)"
                                          : "",
                 index_for(subj_bound, !s->any_pred, obj_bound));
        break;
    }
    case MG_STEP_SCAN:
        snprintf(what, sizeof what, "AllNodes %s [SPOG]", slot_name(ps, s->a));
        break;
    default:
        if (s->seeded && !s->a_bound)
            /* the planner binds a from the constant's candidates, then
             * keeps the filter */
            snprintf(what, sizeof what, "NodeBySeek %s  %s [%s, %zu node%s]",
                     slot_name(ps, s->a), s->text,
                     s->seed_kind == 'i'   ? "id lookup"
                     : s->seed_kind == 'f' ? "text index, OSPG"
                                           : "POSG",
                     s->nseed,
                     s->nseed == 1 ? "" : "s");
        else
            snprintf(what, sizeof what, "Filter %s", s->text);
        break;
    }
    if (s->hj_nbuild > 0) {
        char keys[256] = "";
        for (size_t i = 0; i < s->hj_nkeys; i++) {
            size_t l = strlen(keys);
            snprintf(keys + l, sizeof keys - l, "%s%s", i ? ", " : "",
                     slot_name(ps, s->hj_slots[i]));
        }
        line(o, "    HashJoin on (%s)  build: steps %d..%d (planned alone), "
                "probe est %.0f", keys, n, n + s->hj_nbuild - 1,
             s->hj_probe_est);
    }
    if (profile)
        snprintf(extra, sizeof extra, "  rows %llu  %.3f ms",
                 (unsigned long long)s->rows,
                 (s->secs - next_secs) * 1000.0);
    line(o, "    %d. %s  est %.0f%s", n, what, s->est, extra);
}

static void explain_stage(out *o, const mg_plan *p, const mg_pstage *ps,
                          int profile)
{
    for (size_t g = 0; g < ps->nsegs; g++) {
        const mg_segment *seg = &ps->segs[g];
        line(o, "  %s", seg->optional ? "OPTIONAL MATCH" : "MATCH");
        for (size_t k = 0; k < seg->nsteps; k++) {
            /* A step's time includes what the steps after it did for its
             * rows: subtract the next one's for its own share. */
            double next = k + 1 < seg->nsteps ? seg->steps[k + 1].secs : 0;
            step_line(o, ps, &seg->steps[k], (int)k + 1, profile, next);
        }
    }
    char cols[1024] = "";
    for (int i = 0; i < ps->ncols; i++) {
        size_t l = strlen(cols);
        snprintf(cols + l, sizeof cols - l, "%s%s%s", i ? ", " : "",
                 ps->colnames[i], ps->col_agg[i] ? " (aggregate)" : "");
    }
    line(o, "  %s%s %s", ps->is_return ? "RETURN" : "WITH",
         ps->distinct ? " DISTINCT" : "", cols);
    if (ps->naggs)
        line(o, "    Aggregate (hash) over %zu aggregate%s", ps->naggs,
             ps->naggs == 1 ? "" : "s");
    if (ps->norder)
        line(o, "    Sort %s", ps->limit >= 0 ? "(top-k heap)" : "(merge sort)");
    if (ps->skip)
        line(o, "    Skip %lld", ps->skip);
    if (ps->limit >= 0)
        line(o, "    Limit %lld%s", ps->limit,
             !ps->norder && !ps->naggs ? " (stops the work upstream)" : "");
    if (ps->where)
        line(o, "    Where (after the projection)");
    (void)p;
}

/* ---- the equivalent SPARQL 1.1 ----------------------------------------
 *
 * Each stage becomes a SELECT whose WHERE starts with the previous stage
 * as a subquery.  Classes match through rdf:type/rdfs:subClassOf* (each
 * node once: a DISTINCT subquery), symmetric properties and undirected
 * relationships as p|^p, bounded paths as a DISTINCT union of sequences.
 * n.prop becomes an OPTIONAL pattern on a fresh variable (inside FILTER
 * EXISTS for conditions, so a multi-valued property is "any value").
 * Comparisons follow ours: numbers numerically, anything else by lexical
 * form (language tags ignored), dates of any precision by their start;
 * year() reads the first four digits; min/max order the same way; collect
 * is a GROUP_CONCAT marked so that size() counts its items.
 * Known differences: fold() is LCASE (SPARQL cannot strip accents); an
 * unbounded * has no depth cap; type() and labels() give full IRIs, not
 * prefixed names; n.prop with several values is one row per value.
 * tests/tools/crosscheck.py runs this text with rdflib against our rows.
 */

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int fresh;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb_add(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0 || b->oom)
        return;
    if (b->n + (size_t)k + 1 > b->cap) {
        size_t nc = (b->n + (size_t)k + 1) * 2;
        char *ns = realloc(b->s, nc);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = nc;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

static void sb_term(sbuf *b, const mg_plan *p, mg_id id)
{
    mg_term t;
    if (!id || mg_term_get(p->txn, id, &t, NULL) != MG_OK) {
        sb_add(b, "<urn:maillage:absent>");
        return;
    }
    if (t.kind == MG_TERM_IRI)
        sb_add(b, "<%.*s>", (int)t.len, t.value);
    else if (t.kind == MG_TERM_BLANK)
        sb_add(b, "_:%.*s", (int)t.len, t.value);
    else
        sb_add(b, "\"%.*s\"", (int)t.len, t.value);
}

static void sb_str(sbuf *b, const char *s, size_t n)
{
    sb_add(b, "\"");
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == '\\')
            sb_add(b, "\\%c", c);
        else if (c == '\n')
            sb_add(b, "\\n");
        else
            sb_add(b, "%c", c);
    }
    sb_add(b, "\"");
}

/* ?name for a slot (anonymous ones and column names made into names). */
static void sb_var(sbuf *b, const char *name)
{
    sb_add(b, "?");
    if (name[0] == ' ')
        name++;
    for (const char *c = name; *c; c++)
        sb_add(b, "%c", ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                         (*c >= '0' && *c <= '9')) ? *c : '_');
}

static void sb_slot(sbuf *b, const mg_pstage *ps, int slot)
{
    if (slot < ps->nslots)
        sb_var(b, ps->names[slot]);
    else if (slot - ps->nslots < ps->ncols)
        sb_var(b, ps->colnames[slot - ps->nslots]);
    else
        sb_add(b, "?_");
}

/* Property accesses found in an expression: their patterns are written
 * before it, each on a fresh variable. */
typedef struct propref {
    const mg_cexpr *e;
    int var;
} propref;

typedef struct props {
    propref v[64];
    int n;
} props;

static void sx(sbuf *b, const mg_plan *p, const mg_pstage *ps,
               const mg_cexpr *e, props *pr);

/* Whether an OPTIONAL MATCH of the stage binds the slot. */
static int slot_optional(const mg_pstage *ps, int slot)
{
    for (size_t g = 0; g < ps->nsegs; g++)
        for (size_t i = 0; ps->segs[g].optional && i < ps->segs[g].nbinds; i++)
            if (ps->segs[g].binds[i] == slot)
                return 1;
    return 0;
}

static void sx_props(sbuf *b, const mg_plan *p, const mg_pstage *ps,
                     const mg_cexpr *e, props *pr)
{
    if (!e)
        return;
    sx_props(b, p, ps, e->a, pr);
    sx_props(b, p, ps, e->b, pr);
    for (size_t i = 0; i < e->nargs; i++)
        sx_props(b, p, ps, e->args[i], pr);
    if ((e->kind != MG_CX_PROP && e->kind != MG_CX_LABEL) || pr->n >= 64 ||
        e->a->kind != MG_CX_SLOT)
        return;
    int v = ++b->fresh;
    pr->v[pr->n].e = e;
    pr->v[pr->n++].var = v;
    /* A node an OPTIONAL MATCH may leave unbound: the pattern must not
     * bind it (null.prop is null), so it reads a copy compared with it. */
    int guard = slot_optional(ps, e->a->slot);
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
        if (guard) {
            sb_add(b, " FILTER(sameTerm(?_n%d, ", v);
            sb_slot(b, ps, e->a->slot);
            sb_add(b, "))");
        }
        sb_add(b, " }\n");
    }
}

static const char *fn_sparql(mg_fn f)
{
    switch (f) {
    case MG_FN_FOLD: case MG_FN_LOWER: return "LCASE";
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
    sb_add(b, "\n        IF(isLiteral(");
    sx(b, p, ps, e, pr);
    sb_add(b, "), IF(DATATYPE(");
    sx(b, p, ps, e, pr);
    sb_add(b, ") IN " DATE_TYPES ",\n          SUBSTR(CONCAT(STR(");
    sx(b, p, ps, e, pr);
    sb_add(b, "), SUBSTR(\"-01-01T00:00:00\", STRLEN(STR(");
    sx(b, p, ps, e, pr);
    sb_add(b, ")) - 3)), 1, 19), STR(");
    sx(b, p, ps, e, pr);
    sb_add(b, ")), STR(");
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
    sb_add(b, "IF(");
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
    sb_add(b, ", (");
    sx(b, p, ps, l, pr);
    sb_add(b, " %s ", op);
    sx(b, p, ps, r, pr);
    sb_add(b, "), (");
    sx_key(b, p, ps, l, pr);
    sb_add(b, " %s ", op);
    sx_key(b, p, ps, r, pr);
    sb_add(b, "))");
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

static void sx(sbuf *b, const mg_plan *p, const mg_pstage *ps,
               const mg_cexpr *e, props *pr)
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
        if (e->fn == MG_FN_DATE && e->args[0]->kind == MG_CX_CONST) {
            sx_val(b, &e->args[0]->cval);
            sb_add(b, "^^<http://www.w3.org/2001/XMLSchema#date>");
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
    case MG_STEP_TYPE:
        for (size_t i = 0; i < (s->nids ? 1u : 0u); i++) {
            sb_add(b, "    { SELECT DISTINCT ");
            sb_slot(b, ps, s->a);
            sb_add(b, " WHERE { ");
            sb_slot(b, ps, s->a);
            sb_add(b, " a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ");
            sb_term(b, p, s->ids[0]);
            sb_add(b, " } }\n");
        }
        if (!s->nids)
            sb_add(b, "    FILTER(false)\n");
        return;
    case MG_STEP_SCAN:
        sb_add(b, "    { SELECT DISTINCT ");
        sb_slot(b, ps, s->a);
        sb_add(b, " WHERE { ");
        sb_slot(b, ps, s->a);
        b->fresh++;
        sb_add(b, " ?_p%d ?_o%d } }\n", b->fresh, b->fresh);
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
        sb_slot(b, ps, s->a);
        sb_add(b, " ");
        sb_preds(b, p, s);
        sb_add(b, " ");
        sb_slot(b, ps, s->b);
        sb_add(b, " .\n");
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
        sb_add(b, "    { SELECT DISTINCT ");
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
        sb_add(b, " } }\n");
        return;
    case MG_STEP_FILTER: {
        /* Property values are read inside FILTER EXISTS (any value of a
         * multi-valued property); a condition without any is a FILTER. */
        props pr = {.n = 0};
        sbuf t = {0};
        t.fresh = b->fresh;
        sx_props(&t, p, ps, s->cond, &pr);
        b->fresh = t.fresh;
        if (pr.n)
            sb_add(b, "    FILTER EXISTS {\n%s", t.s ? t.s : "");
        sb_add(b, "    FILTER(");
        sx(b, p, ps, s->cond, &pr);
        sb_add(b, pr.n ? ") }\n" : ")\n");
        if (t.oom)
            b->oom = 1;
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
            props wp = {.n = 0};
            sb_add(&where, "    FILTER EXISTS {\n");
            sx_props(&where, p, ps, prev->where, &wp);
            sb_add(&where, "    FILTER(");
            sx(&where, p, ps, prev->where, &wp);
            sb_add(&where, ") }\n");
        }
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

static mg_code mg_explain_sparql(const mg_plan *p, char **out, mg_status *st)
{
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
    if (b.oom) {
        free(b.s);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    *out = b.s;
    return MG_OK;
}

mg_code mg_explain(const mg_plan *p, int with_profile, double total_secs,
                   uint64_t total_rows, mg_row_sink *sink, mg_status *st)
{
    out o = {sink, st, MG_OK};
    line(&o, "%s", with_profile ? "PROFILE" : "EXPLAIN");
    for (size_t i = 0; i < p->nparts; i++) {
        if (p->nparts > 1)
            line(&o, "part %zu%s", i + 1,
                 i ? (p->union_distinct ? " (UNION)" : " (UNION ALL)") : "");
        for (size_t j = 0; j < p->parts[i].nstages; j++) {
            line(&o, " stage %zu", j + 1);
            explain_stage(&o, p, &p->parts[i].stages[j], with_profile);
        }
    }
    if (with_profile)
        line(&o, "total: %llu rows in %.3f ms",
             (unsigned long long)total_rows, total_secs * 1000.0);
    char *sparql = NULL;
    mg_code rc = mg_explain_sparql(p, &sparql, st);
    if (rc == MG_OK && sparql) {
        line(&o, "SPARQL:");
        char *save, *ln = strtok_r(sparql, "\n", &save);
        while (ln) {
            line(&o, "%s", ln);
            ln = strtok_r(NULL, "\n", &save);
        }
    } else if (rc != MG_OK) {
        free(sparql);
        return rc;
    }
    free(sparql);
    return o.rc;
}
