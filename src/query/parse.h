/*
 * parse.h — from query text to the syntax tree of ast.h.
 *
 * Owns: the parse of one query.  mg_query_parse returns a tree the caller
 * frees with mg_query_free; the text is borrowed for the call only (the
 * tree copies every name and literal).  mg_query_caret formats the
 * "line L, column C" + caret lines that every error about a position in a
 * query uses, from the parser and from the later stages alike.
 *
 * The second half of this header is the glue between the lemon grammar
 * (grammar/query.y), parse.c and the builders (build.c, build_pattern.c,
 * build_clause.c); only they define MG_QUERY_PARSER_INTERNAL.
 */
#ifndef MG_QUERY_PARSE_H
#define MG_QUERY_PARSE_H

#include <stddef.h>

#include "core/status.h"
#include "query/ast.h"

/*
 * Parses `text` (NUL-terminated UTF-8).  On success *out is a new tree
 * (free it with mg_query_free).  On failure *out is NULL, nothing is
 * leaked, and the code is MG_ERR_SYNTAX (st->msg: "syntax error at line
 * L, column C: unexpected 'X'; expected one of: …" followed by the query
 * line and a caret under the offending token), MG_ERR_NOMEM or
 * MG_ERR_ARG (a NULL argument).
 */
mg_code mg_query_parse(const char *text, mg_query **out, mg_status *st);

/*
 * Writes into buf (NUL-terminated, truncated to `size`):
 *     line L, column C:
 *       <that line of the query>
 *       <spaces>^^^
 * for the `len` bytes at byte offset `pos` of `text`.  Lines and columns
 * count from 1, columns in UTF-8 characters; carets cover the token (at
 * least one, at most to the end of its line).  A very long line is shown
 * as a window around the position.
 */
void mg_query_caret(const char *text, int pos, int len, char *buf,
                    size_t size);

#ifdef MG_QUERY_PARSER_INTERNAL
/* ---- between grammar/query.y, parse.c and the builders (build*.c) ---- */

#include "query/lexer.h"

/* Expression nodes allowed in one query: bounds the depth of the tree
 * (`a+a+…` nests without growing the parser's stack), so the recursive
 * walks of later stages cannot overflow the C stack. */
#define MG_QUERY_MAX_EXPRS 4096

/* The parser's state (lemon %extra_context). */
typedef struct mg_qctx {
    const char *text;
    mg_query *q;      /* the tree being built; the singles go here */
    mg_code rc;       /* first error; parsing stops at the next token */
    int err_pos, err_len;
    char err[640];    /* the message, without location and caret */
    int prev_end;     /* byte end of the last token before the lookahead */
    int nexprs;
    int accepted;
} mg_qctx;

/* {k: v, …} while it is being read. */
typedef struct mg_qprops {
    mg_prop_pair *v;
    size_t n;
} mg_qprops;

/* Every builder takes ownership of the pointers and names it is given,
 * accepts NULL for them (a previous allocation failed: c->rc says so)
 * and returns NULL, freeing what it was given, when it fails. */
void mg_qb_error(mg_qctx *c, int pos, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void mg_qb_nomem(mg_qctx *c);

/* The n bytes at s as a new string (malloc'd; NULL and c->rc set when
 * out of memory). */
char *mg_qb_copy_n(mg_qctx *c, const char *s, size_t n);
char *mg_qb_ident(mg_qctx *c, mg_token t);       /* a variable or alias */
mg_name mg_qb_name(mg_qctx *c, mg_token t);      /* ID, PNAME or IRI */

mg_expr *mg_qb_expr(mg_qctx *c, mg_expr_kind kind, int pos, int end);
mg_expr *mg_qb_leaf(mg_qctx *c, mg_expr_kind kind, mg_token t);
mg_expr *mg_qb_span(mg_expr *e, int pos, int end);
mg_expr *mg_qb_unary(mg_qctx *c, mg_op op, mg_expr *a, int pos, int end);
mg_expr *mg_qb_neg(mg_qctx *c, mg_expr *a, int pos);
mg_expr *mg_qb_binary(mg_qctx *c, mg_op op, mg_expr *a, mg_expr *b);
mg_expr *mg_qb_prop(mg_qctx *c, mg_expr *a, mg_name *name);
mg_expr *mg_qb_list_add(mg_qctx *c, mg_expr *list, mg_expr *e);
mg_expr *mg_qb_call(mg_qctx *c, mg_token fn, mg_expr *args, int distinct,
                    int star, int end);

void mg_qb_props_add(mg_qctx *c, mg_qprops *p, mg_name *key, mg_expr *v);
void mg_qb_props_free(mg_qprops *p);

mg_node_pat *mg_qb_node(mg_qctx *c, int pos, const mg_token *var);
void mg_qb_node_label(mg_qctx *c, mg_node_pat *n, mg_name *label);
void mg_qb_node_end(mg_node_pat *n, mg_qprops *props, int end);
void mg_qb_node_free(mg_node_pat *n);

mg_rel_pat *mg_qb_rel(mg_qctx *c, int pos, const mg_token *var);
void mg_qb_rel_type(mg_qctx *c, mg_rel_pat *r, mg_name *type);
/* `*`, `*N`, `*N..`, `*N..M`, `*..M`, `*..`: min/max NULL when absent,
 * dotdot = 1 when `..` was written. */
void mg_qb_rel_range(mg_qctx *c, mg_rel_pat *r, const mg_token *min,
                     const mg_token *max, int dotdot, int pos, int end);
void mg_qb_rel_props(mg_rel_pat *r, mg_qprops *props);
mg_rel_pat *mg_qb_rel_end(mg_qctx *c, mg_rel_pat *r, mg_dir dir, int pos,
                          int end);
void mg_qb_rel_free(mg_rel_pat *r);

mg_path *mg_qb_path(mg_qctx *c, mg_path *p, mg_rel_pat *r, mg_node_pat *n);
void mg_qb_path_free(mg_path *p);

mg_match *mg_qb_match_add(mg_qctx *c, mg_match *m, mg_path *p);
mg_match *mg_qb_match_end(mg_match *m, int optional, mg_expr *where,
                          int pos, int end);
void mg_qb_match_free(mg_match *m);

/* A stage's MATCH clauses while they are read (NULL: none yet). */
mg_stage *mg_qb_matches_add(mg_qctx *c, mg_stage *s, mg_match *m);
void mg_qb_stage_free(mg_stage *s);

mg_return_item mg_qb_item(mg_qctx *c, mg_expr *e, const mg_token *alias);
void mg_qb_item_clear(mg_return_item *it);

mg_projection *mg_qb_proj(mg_qctx *c, int distinct, int star,
                          mg_return_item *first);
void mg_qb_proj_item(mg_qctx *c, mg_projection *p, mg_return_item *it);
void mg_qb_proj_order(mg_qctx *c, mg_projection *p, mg_order_item *o);
void mg_qb_proj_skip(mg_projection *p, mg_expr *e);
void mg_qb_proj_limit(mg_projection *p, mg_expr *e);
void mg_qb_proj_free(mg_projection *p);

/* Appends the stage (matches, WITH/RETURN projection, WITH's WHERE) to
 * `s` (NULL: a new single). */
mg_single *mg_qb_stage(mg_qctx *c, mg_single *s, mg_stage *matches,
                       mg_projection *p, mg_expr *where, int is_return,
                       int pos, int end);
void mg_qb_single_free(mg_single *s);

/* Moves a finished single into c->q (after a UNION [ALL] if not first). */
void mg_qb_part(mg_qctx *c, mg_single *s, int after_union, int all);

#endif /* MG_QUERY_PARSER_INTERNAL */

#endif
