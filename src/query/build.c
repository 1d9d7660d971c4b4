/*
 * build.c — the tree builders the actions of grammar/query.y call (see
 * parse.h, MG_QUERY_PARSER_INTERNAL): errors, names and literals, and
 * expressions; build_pattern.c builds patterns and build_clause.c the
 * clauses.  They copy what they need out of the query text (names,
 * unescaped strings), take ownership of the subtrees they are given,
 * record the first error in the parser context (c->rc) and after it only
 * free.
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

char *mg_qb_copy_n(mg_qctx *c, const char *s, size_t n)
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
        char *r = mg_qb_copy_n(c, t.z + 1, (size_t)t.len - 2);
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
    return mg_qb_copy_n(c, t.z, (size_t)t.len);
}

mg_name mg_qb_name(mg_qctx *c, mg_token t)
{
    mg_name n = {0, NULL, t.pos, t.len};
    if (c->rc != MG_OK)
        return n;
    if (t.code == TK_IRI) {
        n.kind = MG_NAME_IRI;
        n.text = mg_qb_copy_n(c, t.z + 1, (size_t)t.len - 2);
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
        n.text = mg_qb_copy_n(c, t.z, (size_t)t.len);
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
        e->text = mg_qb_copy_n(c, t.z + 1, (size_t)t.len - 1);
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
        char *tmp = mg_qb_copy_n(c, t.z, (size_t)t.len);
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
