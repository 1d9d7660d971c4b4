/*
 * build.c — the tree builders the actions of grammar/query.y call (see
 * parse.h, MG_QUERY_PARSER_INTERNAL).  They copy what they need out of the
 * query text (names, unescaped strings), take ownership of the subtrees
 * they are given, record the first error in the parser context (c->rc) and
 * after it only free.
 */
#define MG_QUERY_PARSER_INTERNAL
#include "query/parse.h"
#include "core/util.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- errors ------------------------------------------------------------- */

void mg_qb_error(mg_qctx *c, int pos, int len, const char *fmt, ...)
{
    if (c->rc != MG_OK)
        return;
    c->rc = MG_ERR_SYNTAX;
    c->err_pos = pos;
    c->err_len = len;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
}

void mg_qb_nomem(mg_qctx *c)
{
    if (c->rc != MG_OK)
        return;
    c->rc = MG_ERR_NOMEM;
    snprintf(c->err, sizeof c->err, "out of memory while parsing the query");
}

/* ---- names and literals ------------------------------------------------ */

static char *copy_n(mg_qctx *c, const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (!r) {
        mg_qb_nomem(c);
        return NULL;
    }
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

char *mg_qb_ident(mg_qctx *c, mg_token t)
{
    if (c->rc != MG_OK)
        return NULL;
    if (t.len >= 2 && t.z[0] == '`') {
        /* `quoted name`, a doubled backquote standing for one */
        char *r = copy_n(c, t.z + 1, (size_t)t.len - 2);
        if (!r)
            return NULL;
        char *w = r;
        for (const char *s = r; *s; s++) {
            *w++ = *s;
            if (s[0] == '`' && s[1] == '`')
                s++;
        }
        *w = '\0';
        return r;
    }
    return copy_n(c, t.z, (size_t)t.len);
}

mg_name mg_qb_name(mg_qctx *c, mg_token t)
{
    mg_name n = {0, NULL, t.pos, t.len};
    if (c->rc != MG_OK)
        return n;
    if (t.code == TK_IRI) {
        n.kind = MG_NAME_IRI;
        n.text = copy_n(c, t.z + 1, (size_t)t.len - 2);
    } else if (t.code == TK_PNAME) {
        /* also `{foaf:name: v}`, assembled by the grammar from ID ':' ID */
        for (int i = 0; i < t.len; i++) {
            if (strchr(" \t\r\n/`", t.z[i])) {
                mg_qb_error(c, t.pos, t.len,
                            "a prefixed name is written without spaces or "
                            "quotes, as in foaf:name");
                return n;
            }
        }
        n.kind = MG_NAME_PREFIXED;
        n.text = copy_n(c, t.z, (size_t)t.len);
    } else {
        n.kind = MG_NAME_LOCAL;
        n.text = mg_qb_ident(c, t);
    }
    return n;
}

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++)
        v = v * 16 + (unsigned)mg_hex_digit((unsigned char)s[i]);
    return v;
}

static char *put_utf8(char *w, unsigned cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xC0 | (cp >> 6));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xE0 | (cp >> 12));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *w++ = (char)(0xF0 | (cp >> 18));
        *w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    }
    return w;
}

/* The value of a string token.  The lexer has checked every escape and
 * surrogate pair, so this only rewrites; the result is never longer than
 * the source (\uXXXX is 6 bytes for at most 3, a pair 12 for 4). */
static char *unescape(mg_qctx *c, mg_token t)
{
    char *r = malloc((size_t)t.len);
    if (!r) {
        mg_qb_nomem(c);
        return NULL;
    }
    const char *s = t.z + 1, *end = t.z + t.len - 1;
    char *w = r;
    while (s < end) {
        if (*s != '\\') {
            *w++ = *s++;
            continue;
        }
        char e = s[1];
        s += 2;
        switch (e) {
        case 'n': *w++ = '\n'; break;
        case 't': *w++ = '\t'; break;
        case 'r': *w++ = '\r'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'u': {
            unsigned cp = hex4(s);
            s += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo = hex4(s + 2);
                s += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            w = put_utf8(w, cp);
            break;
        }
        default: *w++ = e; break; /* \\ \' \" \/ */
        }
    }
    *w = '\0';
    return r;
}

/* ---- expressions -------------------------------------------------------- */

mg_expr *mg_qb_expr(mg_qctx *c, mg_expr_kind kind, int pos, int end)
{
    if (c->rc != MG_OK)
        return NULL;
    if (++c->nexprs > MG_QUERY_MAX_EXPRS) {
        mg_qb_error(c, pos, end > pos ? end - pos : 1,
                    "the query is too large (more than %d expressions)",
                    MG_QUERY_MAX_EXPRS);
        return NULL;
    }
    mg_expr *e = mg_expr_new(kind, pos, end > pos ? end - pos : 0);
    if (!e)
        mg_qb_nomem(c);
    return e;
}

mg_expr *mg_qb_leaf(mg_qctx *c, mg_expr_kind kind, mg_token t)
{
    mg_expr *e = mg_qb_expr(c, kind, t.pos, t.pos + t.len);
    if (!e)
        return NULL;
    switch (kind) {
    case MG_E_VAR:
        e->text = mg_qb_ident(c, t);
        break;
    case MG_E_PARAM:
        e->text = copy_n(c, t.z + 1, (size_t)t.len - 1);
        break;
    case MG_E_STRING:
        e->text = unescape(c, t);
        break;
    case MG_E_INT: {
        char tmp[32];
        if (t.len >= (int)sizeof tmp) {
            mg_qb_error(c, t.pos, t.len, "integer too large");
            break;
        }
        memcpy(tmp, t.z, (size_t)t.len);
        tmp[t.len] = '\0';
        errno = 0;
        e->ival = strtoll(tmp, NULL, 10);
        if (errno == ERANGE)
            mg_qb_error(c, t.pos, t.len,
                        "integer too large (the limit is %lld)", LLONG_MAX);
        break;
    }
    case MG_E_FLOAT: {
        char *tmp = copy_n(c, t.z, (size_t)t.len);
        if (tmp)
            e->fval = strtod(tmp, NULL);
        free(tmp);
        break;
    }
    case MG_E_BOOL:
        e->ival = t.code == TK_TRUE;
        break;
    default:
        break;
    }
    if (c->rc != MG_OK) {
        mg_expr_free(e);
        return NULL;
    }
    return e;
}

mg_expr *mg_qb_span(mg_expr *e, int pos, int end)
{
    if (e) {
        e->pos = pos;
        e->len = end - pos;
    }
    return e;
}

mg_expr *mg_qb_unary(mg_qctx *c, mg_op op, mg_expr *a, int pos, int end)
{
    mg_expr *e = a ? mg_qb_expr(c, MG_E_UNARY, pos, end) : NULL;
    if (!e) {
        mg_expr_free(a);
        return NULL;
    }
    e->op = op;
    e->a = a;
    return e;
}

/* Unary minus; a number literal becomes a negative literal, so that
 * `{year: -300}` holds a plain value. */
mg_expr *mg_qb_neg(mg_qctx *c, mg_expr *a, int pos)
{
    if (!a)
        return NULL;
    int end = a->pos + a->len;
    if (a->kind == MG_E_INT || a->kind == MG_E_FLOAT) {
        a->ival = -a->ival;
        a->fval = -a->fval;
        return mg_qb_span(a, pos, end);
    }
    return mg_qb_unary(c, MG_OP_NEG, a, pos, end);
}

mg_expr *mg_qb_binary(mg_qctx *c, mg_op op, mg_expr *a, mg_expr *b)
{
    mg_expr *e = a && b ? mg_qb_expr(c, MG_E_BINARY, a->pos, b->pos + b->len)
                        : NULL;
    if (!e) {
        mg_expr_free(a);
        mg_expr_free(b);
        return NULL;
    }
    e->op = op;
    e->a = a;
    e->b = b;
    return e;
}

mg_expr *mg_qb_prop(mg_qctx *c, mg_expr *a, mg_name *name)
{
    mg_expr *e = a && name->text
                     ? mg_qb_expr(c, MG_E_PROP, a->pos, name->pos + name->len)
                     : NULL;
    if (!e) {
        mg_expr_free(a);
        mg_name_clear(name);
        return NULL;
    }
    e->a = a;
    e->prop = *name;
    return e;
}

mg_expr *mg_qb_list_add(mg_qctx *c, mg_expr *list, mg_expr *e)
{
    if (c->rc != MG_OK || !list || !e) {
        mg_expr_free(list);
        mg_expr_free(e);
        return NULL;
    }
    mg_expr **slot = mg_ast_push(&list->args, &list->nargs, sizeof *slot);
    if (!slot) {
        mg_qb_nomem(c);
        mg_expr_free(list);
        mg_expr_free(e);
        return NULL;
    }
    *slot = e;
    return list;
}

static int is_aggregate(const char *name)
{
    static const char *const aggs[] = {"count", "collect", "min",
                                       "max",   "sum",     "avg"};
    for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++)
        if (strcasecmp(name, aggs[i]) == 0)
            return 1;
    return 0;
}

/* The first aggregate call inside e (depth-first), or NULL. */
static const mg_expr *find_aggregate(const mg_expr *e)
{
    if (!e)
        return NULL;
    if (e->kind == MG_E_CALL && e->text && is_aggregate(e->text))
        return e;
    const mg_expr *f = find_aggregate(e->a);
    if (!f)
        f = find_aggregate(e->b);
    for (size_t i = 0; !f && i < e->nargs; i++)
        f = find_aggregate(e->args[i]);
    return f;
}

/*
 * A call f(args).  The argument list arrives as an MG_E_LIST node, which
 * becomes the call.  The rules that need no knowledge of the store are
 * checked here, where a caret can point at them: `*` only in count(*),
 * DISTINCT only in an aggregate, no aggregate inside another.
 */
mg_expr *mg_qb_call(mg_qctx *c, mg_token fn, mg_expr *args, int distinct,
                    int star, int end)
{
    if (c->rc != MG_OK) {
        mg_expr_free(args);
        return NULL;
    }
    mg_expr *e = args ? args : mg_qb_expr(c, MG_E_CALL, fn.pos, end);
    if (!e)
        return NULL;
    e->kind = MG_E_CALL;
    e->pos = fn.pos;
    e->len = end - fn.pos;
    e->distinct = distinct;
    e->star = star;
    e->text = mg_qb_ident(c, fn);
    if (!e->text) {
        mg_expr_free(e);
        return NULL;
    }
    int agg = is_aggregate(e->text);
    const mg_expr *inner = NULL;
    if (star && strcasecmp(e->text, "count") != 0) {
        mg_qb_error(c, e->pos, e->len, "only count(*) takes '*': %s(*)",
                    e->text);
    } else if (distinct && !agg) {
        mg_qb_error(c, e->pos, e->len,
                    "DISTINCT is only allowed in an aggregate (count, "
                    "collect, min, max, sum, avg), not in %s()", e->text);
    } else if (agg) {
        for (size_t i = 0; !inner && i < e->nargs; i++)
            inner = find_aggregate(e->args[i]);
        if (inner)
            mg_qb_error(c, inner->pos, inner->len,
                        "an aggregate cannot contain another: %s() inside "
                        "%s()", inner->text, e->text);
    }
    if (c->rc != MG_OK) {
        mg_expr_free(e);
        return NULL;
    }
    return e;
}

/* ---- patterns ----------------------------------------------------------- */

void mg_qb_props_add(mg_qctx *c, mg_qprops *p, mg_name *key, mg_expr *v)
{
    mg_prop_pair *slot = NULL;
    if (c->rc == MG_OK && key->text && v) {
        slot = mg_ast_push(&p->v, &p->n, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (!slot) {
        mg_name_clear(key);
        mg_expr_free(v);
        return;
    }
    slot->key = *key;
    slot->value = v;
}

void mg_qb_props_free(mg_qprops *p)
{
    for (size_t i = 0; i < p->n; i++) {
        mg_name_clear(&p->v[i].key);
        mg_expr_free(p->v[i].value);
    }
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

mg_node_pat *mg_qb_node(mg_qctx *c, int pos, const mg_token *var)
{
    if (c->rc != MG_OK)
        return NULL;
    mg_node_pat *n = calloc(1, sizeof *n);
    if (!n) {
        mg_qb_nomem(c);
        return NULL;
    }
    n->pos = pos;
    if (var && !(n->var = mg_qb_ident(c, *var))) {
        free(n);
        return NULL;
    }
    return n;
}

void mg_qb_node_label(mg_qctx *c, mg_node_pat *n, mg_name *label)
{
    mg_name *slot = NULL;
    if (c->rc == MG_OK && n && label->text) {
        slot = mg_ast_push(&n->labels, &n->nlabels, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *label;
    else
        mg_name_clear(label);
}

void mg_qb_node_end(mg_node_pat *n, mg_qprops *props, int end)
{
    if (!n) {
        if (props)
            mg_qb_props_free(props);
        return;
    }
    if (props) {
        n->props = props->v;
        n->nprops = props->n;
    }
    n->len = end - n->pos;
}

void mg_qb_node_free(mg_node_pat *n)
{
    mg_node_pat_clear(n);
    free(n);
}

mg_rel_pat *mg_qb_rel(mg_qctx *c, int pos, const mg_token *var)
{
    if (c->rc != MG_OK)
        return NULL;
    mg_rel_pat *r = calloc(1, sizeof *r);
    if (!r) {
        mg_qb_nomem(c);
        return NULL;
    }
    r->pos = pos;
    r->min = 1;
    r->max = -1;
    if (var && !(r->var = mg_qb_ident(c, *var))) {
        free(r);
        return NULL;
    }
    return r;
}

void mg_qb_rel_type(mg_qctx *c, mg_rel_pat *r, mg_name *type)
{
    mg_name *slot = NULL;
    if (c->rc == MG_OK && r && type->text) {
        slot = mg_ast_push(&r->types, &r->ntypes, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *type;
    else
        mg_name_clear(type);
}

static int bound(mg_qctx *c, const mg_token *t)
{
    long v = 0;
    for (int i = 0; i < t->len; i++) {
        v = v * 10 + (t->z[i] - '0');
        if (v > INT_MAX) {
            mg_qb_error(c, t->pos, t->len, "path length too large");
            return 0;
        }
    }
    return (int)v;
}

void mg_qb_rel_range(mg_qctx *c, mg_rel_pat *r, const mg_token *min,
                     const mg_token *max, int dotdot, int pos, int end)
{
    if (c->rc != MG_OK || !r)
        return;
    r->varlen = 1;
    r->min = min ? bound(c, min) : 1;
    if (max)
        r->max = bound(c, max);
    else if (min && !dotdot)
        r->max = r->min;
    else
        r->max = -1;
    if (r->max >= 0 && r->min > r->max)
        mg_qb_error(c, pos, end - pos,
                    "empty length range *%d..%d: the minimum is greater "
                    "than the maximum", r->min, r->max);
}

void mg_qb_rel_props(mg_rel_pat *r, mg_qprops *props)
{
    if (!r) {
        mg_qb_props_free(props);
        return;
    }
    r->props = props->v;
    r->nprops = props->n;
}

mg_rel_pat *mg_qb_rel_end(mg_qctx *c, mg_rel_pat *r, mg_dir dir, int pos,
                          int end)
{
    (void)c;
    if (!r)
        return NULL;
    r->dir = dir;
    r->pos = pos;
    r->len = end - pos;
    return r;
}

void mg_qb_rel_free(mg_rel_pat *r)
{
    mg_rel_pat_clear(r);
    free(r);
}

mg_path *mg_qb_path(mg_qctx *c, mg_path *p, mg_rel_pat *r, mg_node_pat *n)
{
    int fresh = !p;
    if (c->rc != MG_OK || !n || (!fresh && !r))
        goto fail;
    if (fresh && !(p = calloc(1, sizeof *p))) {
        mg_qb_nomem(c);
        goto fail;
    }
    if (r) {
        mg_rel_pat *rs = mg_ast_push(&p->rels, &p->nrels, sizeof *rs);
        if (!rs) {
            mg_qb_nomem(c);
            goto fail;
        }
        *rs = *r;
        free(r);
        r = NULL;
    }
    mg_node_pat *ns = mg_ast_push(&p->nodes, &p->nnodes, sizeof *ns);
    if (!ns) {
        mg_qb_nomem(c);
        goto fail;
    }
    *ns = *n;
    free(n);
    return p;
fail:
    mg_qb_path_free(p);
    mg_qb_rel_free(r);
    mg_qb_node_free(n);
    return NULL;
}

void mg_qb_path_free(mg_path *p)
{
    mg_path_clear(p);
    free(p);
}

mg_match *mg_qb_match_add(mg_qctx *c, mg_match *m, mg_path *p)
{
    if (c->rc != MG_OK || !p)
        goto fail;
    if (!m && !(m = calloc(1, sizeof *m))) {
        mg_qb_nomem(c);
        goto fail;
    }
    mg_path *slot = mg_ast_push(&m->paths, &m->npaths, sizeof *slot);
    if (!slot) {
        mg_qb_nomem(c);
        goto fail;
    }
    *slot = *p;
    free(p);
    return m;
fail:
    mg_qb_match_free(m);
    mg_qb_path_free(p);
    return NULL;
}

mg_match *mg_qb_match_end(mg_match *m, int optional, mg_expr *where,
                          int pos, int end)
{
    if (!m) {
        mg_expr_free(where);
        return NULL;
    }
    m->optional = optional;
    m->where = where;
    m->pos = pos;
    m->len = end - pos;
    return m;
}

void mg_qb_match_free(mg_match *m)
{
    mg_match_clear(m);
    free(m);
}

mg_stage *mg_qb_matches_add(mg_qctx *c, mg_stage *s, mg_match *m)
{
    if (c->rc != MG_OK || !m)
        goto fail;
    if (!s && !(s = calloc(1, sizeof *s))) {
        mg_qb_nomem(c);
        goto fail;
    }
    mg_match *slot = mg_ast_push(&s->matches, &s->nmatches, sizeof *slot);
    if (!slot) {
        mg_qb_nomem(c);
        goto fail;
    }
    *slot = *m;
    free(m);
    return s;
fail:
    mg_qb_stage_free(s);
    mg_qb_match_free(m);
    return NULL;
}

void mg_qb_stage_free(mg_stage *s)
{
    mg_stage_clear(s);
    free(s);
}

/* ---- projections -------------------------------------------------------- */

mg_return_item mg_qb_item(mg_qctx *c, mg_expr *e, const mg_token *alias)
{
    mg_return_item it = {NULL, NULL, NULL};
    if (c->rc != MG_OK || !e) {
        mg_expr_free(e);
        return it;
    }
    it.expr = e;
    int a = e->pos, b = e->pos + e->len;
    while (a < b && strchr(" \t\r\n", c->text[a]))
        a++;
    while (b > a && strchr(" \t\r\n", c->text[b - 1]))
        b--;
    it.text = copy_n(c, c->text + a, (size_t)(b - a));
    if (alias)
        it.alias = mg_qb_ident(c, *alias);
    if (c->rc != MG_OK)
        mg_qb_item_clear(&it);
    return it;
}

void mg_qb_item_clear(mg_return_item *it)
{
    mg_expr_free(it->expr);
    free(it->alias);
    free(it->text);
    memset(it, 0, sizeof *it);
}

mg_projection *mg_qb_proj(mg_qctx *c, int distinct, int star,
                          mg_return_item *first)
{
    mg_projection *p = NULL;
    if (c->rc == MG_OK && !(p = calloc(1, sizeof *p)))
        mg_qb_nomem(c);
    if (!p) {
        if (first)
            mg_qb_item_clear(first);
        return NULL;
    }
    p->distinct = distinct;
    p->star = star;
    if (first)
        mg_qb_proj_item(c, p, first);
    return p;
}

void mg_qb_proj_item(mg_qctx *c, mg_projection *p, mg_return_item *it)
{
    mg_return_item *slot = NULL;
    if (c->rc == MG_OK && p && it->expr) {
        slot = mg_ast_push(&p->items, &p->nitems, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *it;
    else
        mg_qb_item_clear(it);
}

void mg_qb_proj_order(mg_qctx *c, mg_projection *p, mg_order_item *o)
{
    mg_order_item *slot = NULL;
    if (c->rc == MG_OK && p && o->expr) {
        slot = mg_ast_push(&p->order, &p->norder, sizeof *slot);
        if (!slot)
            mg_qb_nomem(c);
    }
    if (slot)
        *slot = *o;
    else
        mg_expr_free(o->expr);
}

void mg_qb_proj_skip(mg_projection *p, mg_expr *e)
{
    if (p)
        p->skip = e;
    else
        mg_expr_free(e);
}

void mg_qb_proj_limit(mg_projection *p, mg_expr *e)
{
    if (p)
        p->limit = e;
    else
        mg_expr_free(e);
}

void mg_qb_proj_free(mg_projection *p)
{
    mg_projection_clear(p);
    free(p);
}

mg_single *mg_qb_stage(mg_qctx *c, mg_single *s, mg_stage *matches,
                       mg_projection *p, mg_expr *where, int is_return,
                       int pos, int end)
{
    mg_stage *slot;
    if (c->rc != MG_OK || !p)
        goto fail;
    if (!s && !(s = calloc(1, sizeof *s))) {
        mg_qb_nomem(c);
        goto fail;
    }
    if (!(slot = mg_ast_push(&s->stages, &s->nstages, sizeof *slot))) {
        mg_qb_nomem(c);
        goto fail;
    }
    if (matches) {
        slot->matches = matches->matches;
        slot->nmatches = matches->nmatches;
        free(matches);
    }
    slot->proj = *p;
    free(p);
    slot->proj.where = where;
    slot->proj.pos = pos;
    slot->proj.len = end - pos;
    slot->is_return = is_return;
    return s;
fail:
    mg_qb_single_free(s);
    mg_qb_stage_free(matches);
    mg_qb_proj_free(p);
    mg_expr_free(where);
    return NULL;
}

void mg_qb_single_free(mg_single *s)
{
    mg_single_clear(s);
    free(s);
}

void mg_qb_part(mg_qctx *c, mg_single *s, int after_union, int all)
{
    mg_query *q = c->q;
    if (c->rc != MG_OK || !s)
        goto fail;
    if (after_union) {
        size_t nflags = q->nparts - 1;
        int *flag = mg_ast_push(&q->union_all, &nflags, sizeof *flag);
        if (!flag) {
            mg_qb_nomem(c);
            goto fail;
        }
        *flag = all;
    }
    mg_single *slot = mg_ast_push(&q->parts, &q->nparts, sizeof *slot);
    if (!slot) {
        mg_qb_nomem(c);
        goto fail;
    }
    *slot = *s;
    free(s);
    return;
fail:
    mg_qb_single_free(s);
}
