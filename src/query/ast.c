/*
 * ast.c — the query syntax tree's memory (see ast.h): growing arrays,
 * constructing and freeing nodes, and the S-expression dump the parser
 * tests compare against.
 *
 * Dump format (one line, no trailing newline):
 *   (query [explain] [profile] SINGLE [(union) | (union all)] SINGLE …)
 *   SINGLE = (single STAGE…)          STAGE = (stage MATCH… PROJ)
 *   MATCH  = (match PATH… [(where E)])  or (optional-match …)
 *   PATH   = (path NODE REL NODE …)
 *   NODE   = (node VAR|_ :Label… [{key: E, …}])
 *   REL    = (-> VAR|_ [:t|:u] [*MIN..MAX] [{…}])   with <- or -- for the
 *            other directions; MAX empty when unbounded
 *   PROJ   = (return|with [distinct] [*] (as NAME E)… [(order-by (asc E)
 *            (desc E)…)] [(skip E)] [(limit E)] [(where E)]); NAME is the
 *            alias, or the item's text in quotes when there is none
 *   E      = null true 3 1.5 "str" $p v (list E…) (. E name)
 *            (call f [distinct] [*] E…) (not E) (neg E) (is-null E)
 *            (is-not-null E) (OP E E) with OP one of
 *            or xor and = <> < <= > >= in starts-with ends-with contains
 *            =~ + - * / %
 *   names: Person, foaf:Person, <http://…>
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#endif
#include "query/ast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows by exactly one element each time: callers may build arrays with
 * a plain malloc of n elements, so no hidden capacity can be assumed.
 * Query trees are small; the copying does not matter. */
void *mg_ast_push(void *arr_ptr, size_t *n, size_t size)
{
    void **arr = (void **)arr_ptr;
    char *grown = realloc(*arr, (*n + 1) * size);
    if (!grown)
        return NULL;
    *arr = grown;
    char *slot = grown + *n * size;
    memset(slot, 0, size);
    (*n)++;
    return slot;
}

mg_expr *mg_expr_new(mg_expr_kind kind, int pos, int len)
{
    mg_expr *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->kind = kind;
    e->pos = pos;
    e->len = len;
    return e;
}

void mg_expr_free(mg_expr *e)
{
    if (!e)
        return;
    free(e->text);
    mg_expr_free(e->a);
    mg_expr_free(e->b);
    mg_name_clear(&e->prop);
    for (size_t i = 0; i < e->nargs; i++)
        mg_expr_free(e->args[i]);
    free(e->args);
    free(e);
}

void mg_name_clear(mg_name *n)
{
    if (!n)
        return;
    free(n->text);
    memset(n, 0, sizeof *n);
}

static void props_clear(mg_prop_pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mg_name_clear(&p[i].key);
        mg_expr_free(p[i].value);
    }
    free(p);
}

void mg_node_pat_clear(mg_node_pat *n)
{
    if (!n)
        return;
    free(n->var);
    for (size_t i = 0; i < n->nlabels; i++)
        mg_name_clear(&n->labels[i]);
    free(n->labels);
    props_clear(n->props, n->nprops);
    memset(n, 0, sizeof *n);
}

void mg_rel_pat_clear(mg_rel_pat *r)
{
    if (!r)
        return;
    free(r->var);
    for (size_t i = 0; i < r->ntypes; i++)
        mg_name_clear(&r->types[i]);
    free(r->types);
    props_clear(r->props, r->nprops);
    memset(r, 0, sizeof *r);
}

void mg_path_clear(mg_path *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nnodes; i++)
        mg_node_pat_clear(&p->nodes[i]);
    free(p->nodes);
    for (size_t i = 0; i < p->nrels; i++)
        mg_rel_pat_clear(&p->rels[i]);
    free(p->rels);
    memset(p, 0, sizeof *p);
}

void mg_match_clear(mg_match *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->npaths; i++)
        mg_path_clear(&m->paths[i]);
    free(m->paths);
    mg_expr_free(m->where);
    memset(m, 0, sizeof *m);
}

void mg_projection_clear(mg_projection *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nitems; i++) {
        mg_expr_free(p->items[i].expr);
        free(p->items[i].alias);
        free(p->items[i].text);
    }
    free(p->items);
    for (size_t i = 0; i < p->norder; i++)
        mg_expr_free(p->order[i].expr);
    free(p->order);
    mg_expr_free(p->skip);
    mg_expr_free(p->limit);
    mg_expr_free(p->where);
    memset(p, 0, sizeof *p);
}

void mg_stage_clear(mg_stage *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nmatches; i++)
        mg_match_clear(&s->matches[i]);
    free(s->matches);
    mg_projection_clear(&s->proj);
    memset(s, 0, sizeof *s);
}

void mg_single_clear(mg_single *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nstages; i++)
        mg_stage_clear(&s->stages[i]);
    free(s->stages);
    memset(s, 0, sizeof *s);
}

void mg_query_free(mg_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nparts; i++)
        mg_single_clear(&q->parts[i]);
    free(q->parts);
    free(q->union_all);
    free(q);
}

/* ---- dump ------------------------------------------------------------ */

static void dump_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        switch (*s) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default: fputc(*s, f);
        }
    }
    fputc('"', f);
}

static void dump_name(FILE *f, const mg_name *n)
{
    if (n->kind == MG_NAME_IRI)
        fprintf(f, "<%s>", n->text ? n->text : "");
    else
        fputs(n->text ? n->text : "", f);
}

/* The shortest %g form that reads back as the same double, always with a
 * '.', 'e', "inf" or "nan" so a float never looks like an integer. */
static void dump_double(FILE *f, double v)
{
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v || isnan(v))
            break;
    }
    fputs(buf, f);
    if (!strpbrk(buf, ".eni"))
        fputs(".0", f);
}

static const char *op_name(mg_op op)
{
    switch (op) {
    case MG_OP_OR: return "or";
    case MG_OP_XOR: return "xor";
    case MG_OP_AND: return "and";
    case MG_OP_NOT: return "not";
    case MG_OP_EQ: return "=";
    case MG_OP_NE: return "<>";
    case MG_OP_LT: return "<";
    case MG_OP_LE: return "<=";
    case MG_OP_GT: return ">";
    case MG_OP_GE: return ">=";
    case MG_OP_IN: return "in";
    case MG_OP_STARTS_WITH: return "starts-with";
    case MG_OP_ENDS_WITH: return "ends-with";
    case MG_OP_CONTAINS: return "contains";
    case MG_OP_REGEX: return "=~";
    case MG_OP_ADD: return "+";
    case MG_OP_SUB: return "-";
    case MG_OP_MUL: return "*";
    case MG_OP_DIV: return "/";
    case MG_OP_MOD: return "%";
    case MG_OP_NEG: return "neg";
    case MG_OP_IS_NULL: return "is-null";
    case MG_OP_IS_NOT_NULL: return "is-not-null";
    case MG_OP_NONE: break;
    }
    return "?";
}

static void dump_expr(FILE *f, const mg_expr *e)
{
    if (!e) {
        fputs("#nil", f);
        return;
    }
    switch (e->kind) {
    case MG_E_NULL: fputs("null", f); break;
    case MG_E_BOOL: fputs(e->ival ? "true" : "false", f); break;
    case MG_E_INT: fprintf(f, "%lld", e->ival); break;
    case MG_E_FLOAT: dump_double(f, e->fval); break;
    case MG_E_STRING: dump_string(f, e->text); break;
    case MG_E_PARAM: fprintf(f, "$%s", e->text ? e->text : ""); break;
    case MG_E_VAR: fputs(e->text ? e->text : "", f); break;
    case MG_E_LIST:
        fputs("(list", f);
        for (size_t i = 0; i < e->nargs; i++) {
            fputc(' ', f);
            dump_expr(f, e->args[i]);
        }
        fputc(')', f);
        break;
    case MG_E_PROP:
        fputs("(. ", f);
        dump_expr(f, e->a);
        fputc(' ', f);
        dump_name(f, &e->prop);
        fputc(')', f);
        break;
    case MG_E_CALL:
        fprintf(f, "(call %s", e->text ? e->text : "");
        if (e->distinct)
            fputs(" distinct", f);
        if (e->star)
            fputs(" *", f);
        for (size_t i = 0; i < e->nargs; i++) {
            fputc(' ', f);
            dump_expr(f, e->args[i]);
        }
        fputc(')', f);
        break;
    case MG_E_UNARY:
        fprintf(f, "(%s ", op_name(e->op));
        dump_expr(f, e->a);
        fputc(')', f);
        break;
    case MG_E_BINARY:
        fprintf(f, "(%s ", op_name(e->op));
        dump_expr(f, e->a);
        fputc(' ', f);
        dump_expr(f, e->b);
        fputc(')', f);
        break;
    default:
        fputs("#unknown", f);
    }
}

static void dump_props(FILE *f, const mg_prop_pair *p, size_t n)
{
    if (!n)
        return;
    fputs(" {", f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        dump_name(f, &p[i].key);
        fputs(": ", f);
        dump_expr(f, p[i].value);
    }
    fputc('}', f);
}

static void dump_node(FILE *f, const mg_node_pat *n)
{
    fprintf(f, "(node %s", n->var ? n->var : "_");
    for (size_t i = 0; i < n->nlabels; i++) {
        fputs(" :", f);
        dump_name(f, &n->labels[i]);
    }
    dump_props(f, n->props, n->nprops);
    fputc(')', f);
}

static void dump_rel(FILE *f, const mg_rel_pat *r)
{
    const char *dir = r->dir == MG_DIR_OUT ? "->"
                      : r->dir == MG_DIR_IN ? "<-" : "--";
    fprintf(f, "(%s %s", dir, r->var ? r->var : "_");
    for (size_t i = 0; i < r->ntypes; i++) {
        fputs(i ? "|:" : " :", f);
        dump_name(f, &r->types[i]);
    }
    if (r->varlen) {
        fprintf(f, " *%d..", r->min);
        if (r->max >= 0)
            fprintf(f, "%d", r->max);
    }
    dump_props(f, r->props, r->nprops);
    fputc(')', f);
}

static void dump_path(FILE *f, const mg_path *p)
{
    fputs("(path", f);
    for (size_t i = 0; i < p->nnodes; i++) {
        fputc(' ', f);
        dump_node(f, &p->nodes[i]);
        if (i < p->nrels) {
            fputc(' ', f);
            dump_rel(f, &p->rels[i]);
        }
    }
    fputc(')', f);
}

static void dump_match(FILE *f, const mg_match *m)
{
    fputs(m->optional ? "(optional-match" : "(match", f);
    for (size_t i = 0; i < m->npaths; i++) {
        fputc(' ', f);
        dump_path(f, &m->paths[i]);
    }
    if (m->where) {
        fputs(" (where ", f);
        dump_expr(f, m->where);
        fputc(')', f);
    }
    fputc(')', f);
}

static void dump_proj(FILE *f, const mg_projection *p, int is_return)
{
    fputs(is_return ? "(return" : "(with", f);
    if (p->distinct)
        fputs(" distinct", f);
    if (p->star)
        fputs(" *", f);
    for (size_t i = 0; i < p->nitems; i++) {
        fputs(" (as ", f);
        if (p->items[i].alias)
            fputs(p->items[i].alias, f);
        else
            dump_string(f, p->items[i].text);
        fputc(' ', f);
        dump_expr(f, p->items[i].expr);
        fputc(')', f);
    }
    if (p->norder) {
        fputs(" (order-by", f);
        for (size_t i = 0; i < p->norder; i++) {
            fputs(p->order[i].desc ? " (desc " : " (asc ", f);
            dump_expr(f, p->order[i].expr);
            fputc(')', f);
        }
        fputc(')', f);
    }
    if (p->skip) {
        fputs(" (skip ", f);
        dump_expr(f, p->skip);
        fputc(')', f);
    }
    if (p->limit) {
        fputs(" (limit ", f);
        dump_expr(f, p->limit);
        fputc(')', f);
    }
    if (p->where) {
        fputs(" (where ", f);
        dump_expr(f, p->where);
        fputc(')', f);
    }
    fputc(')', f);
}

/* Writes a malloc'd string into *out (the caller frees it) and its length
 * into *len; *out is NULL when memory ran out. */
void mg_query_dump(const mg_query *q, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = open_memstream(out, len);
    if (!f)
        return;
    fputs("(query", f);
    if (q && q->explain)
        fputs(" explain", f);
    if (q && q->profile)
        fputs(" profile", f);
    for (size_t i = 0; q && i < q->nparts; i++) {
        if (i)
            fputs(q->union_all && q->union_all[i - 1] ? " (union all)"
                                                      : " (union)", f);
        fputs(" (single", f);
        const mg_single *s = &q->parts[i];
        for (size_t j = 0; j < s->nstages; j++) {
            const mg_stage *st = &s->stages[j];
            fputs(" (stage", f);
            for (size_t k = 0; k < st->nmatches; k++) {
                fputc(' ', f);
                dump_match(f, &st->matches[k]);
            }
            fputc(' ', f);
            dump_proj(f, &st->proj, st->is_return);
            fputc(')', f);
        }
        fputc(')', f);
    }
    fputc(')', f);
    if (fclose(f) != 0) {
        free(*out);
        *out = NULL;
        *len = 0;
    }
}
