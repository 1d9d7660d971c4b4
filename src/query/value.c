/*
 * value.c — runtime values (value.h): constructors, views of store terms,
 * lexical forms, copies, string mapping, conversion to cells.  Dates,
 * comparisons and keys are in value_compare.c; the arena, hash map and id
 * set the engine keeps them in are in containers.c.
 */
#include "query/value.h"
#include "core/textmap.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

/* ---- constructors ------------------------------------------------------- */

mg_val mg_val_int(long long i)
{
    mg_val v = {0};
    v.kind = MG_V_INT;
    v.i = i;
    return v;
}

mg_val mg_val_float(double f)
{
    mg_val v = {0};
    v.kind = MG_V_FLOAT;
    v.f = f;
    return v;
}

mg_val mg_val_bool(int b)
{
    mg_val v = {0};
    v.kind = MG_V_BOOL;
    v.i = b != 0;
    return v;
}

mg_val mg_val_term(mg_id id)
{
    mg_val v = {0};
    v.kind = MG_V_TERM;
    v.id = id;
    return v;
}

mg_val mg_val_str(const char *s, size_t len, const char *lang, const char *dt)
{
    mg_val v = {0};
    v.kind = MG_V_STR;
    v.s = s;
    v.len = len;
    v.lang = lang && *lang ? lang : NULL;
    v.dt = dt && *dt ? dt : NULL;
    return v;
}

/* ---- views -------------------------------------------------------------- */

static int dt_is(const char *dt, const char *local)
{
    return dt && strncmp(dt, XSD, sizeof XSD - 1) == 0 &&
           strcmp(dt + sizeof XSD - 1, local) == 0;
}

int mg_dt_is_date(const char *dt)
{
    return dt_is(dt, "date") || dt_is(dt, "dateTime") ||
           dt_is(dt, "gYear") || dt_is(dt, "gYearMonth") ||
           dt_is(dt, "dateTimeStamp");
}

static int parse_num(const char *s, size_t len, int integral, mg_view *o)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *end;
    if (integral) {
        long long i = strtoll(buf, &end, 10);
        if (*end)
            return 0;
        o->is_int = 1;
        o->i = i;
        o->f = (double)i;
    } else {
        double f = strtod(buf, &end);
        if (*end)
            return 0;
        o->is_int = 0;
        o->f = f;
    }
    o->cls = MG_VC_NUM;
    return 1;
}

/* Fills a view of a literal with the given lexical form and datatype. */
static void view_literal(const char *s, size_t len, const char *lang,
                         const char *dt, mg_view *o)
{
    o->cls = MG_VC_STR;
    o->s = s;
    o->len = len;
    o->lang = lang && *lang ? lang : NULL;
    o->dt = dt && *dt ? dt : NULL;
    if (!o->dt)
        return;
    if (dt_is(dt, "integer") || dt_is(dt, "int") || dt_is(dt, "long") ||
        dt_is(dt, "short") || dt_is(dt, "nonNegativeInteger") ||
        dt_is(dt, "positiveInteger")) {
        if (!parse_num(s, len, 1, o))
            o->cls = MG_VC_STR;
    } else if (dt_is(dt, "decimal") || dt_is(dt, "double") ||
               dt_is(dt, "float")) {
        if (!parse_num(s, len, 0, o))
            o->cls = MG_VC_STR;
    } else if (dt_is(dt, "boolean")) {
        if (len == 4 && memcmp(s, "true", 4) == 0) {
            o->cls = MG_VC_BOOL;
            o->i = 1;
        } else if ((len == 5 && memcmp(s, "false", 5) == 0) ||
                   (len == 1 && (*s == '0' || *s == '1'))) {
            o->cls = MG_VC_BOOL;
            o->i = *s == '1';
        }
    }
}

mg_code mg_val_view(mg_vctx *c, const mg_val *v, mg_view *o)
{
    memset(o, 0, sizeof *o);
    switch (v->kind) {
    case MG_V_NULL:
        o->cls = MG_VC_NULL;
        return MG_OK;
    case MG_V_BOOL:
        o->cls = MG_VC_BOOL;
        o->i = v->i;
        return MG_OK;
    case MG_V_INT:
        o->cls = MG_VC_NUM;
        o->is_int = 1;
        o->i = v->i;
        o->f = (double)v->i;
        return MG_OK;
    case MG_V_FLOAT:
        o->cls = MG_VC_NUM;
        o->f = v->f;
        return MG_OK;
    case MG_V_STR:
        view_literal(v->s, v->len, v->lang, v->dt, o);
        return MG_OK;
    case MG_V_LIST:
        o->cls = MG_VC_LIST;
        return MG_OK;
    case MG_V_TERM: {
        mg_term t;
        MG_TRY(mg_term_get(c->txn, v->id, &t, c->st));
        o->id = v->id;
        if (t.kind == MG_TERM_LITERAL) {
            view_literal(t.value, t.len, t.lang, t.datatype, o);
        } else {
            o->cls = MG_VC_NODE;
            o->s = t.value;
            o->len = t.len;
            o->blank = t.kind == MG_TERM_BLANK;
        }
        return MG_OK;
    }
    }
    return MG_OK;
}

/* Prints a number the shortest way that reads back the same. */
static const char *num_text(mg_arena *a, const mg_view *w, size_t *len)
{
    char buf[64];
    if (w->is_int)
        snprintf(buf, sizeof buf, "%lld", w->i);
    else
        mg_double_text(w->f, buf);
    *len = strlen(buf);
    return mg_arena_strndup(a, buf, *len);
}

const char *mg_view_lexical(mg_vctx *c, const mg_view *w, size_t *len)
{
    switch (w->cls) {
    case MG_VC_NUM:
        if (w->s) { /* a store or typed literal: its own lexical form */
            *len = w->len;
            return w->s;
        }
        return num_text(c->scratch, w, len);
    case MG_VC_BOOL:
        if (w->s) {
            *len = w->len;
            return w->s;
        }
        *len = w->i ? 4 : 5;
        return w->i ? "true" : "false";
    case MG_VC_STR:
    case MG_VC_NODE:
        *len = w->len;
        return w->s;
    default:
        *len = 0;
        return "";
    }
}

mg_code mg_val_lexical(mg_vctx *c, const mg_val *v, const char **s,
                       size_t *len)
{
    mg_view w;
    MG_TRY(mg_val_view(c, v, &w));
    *s = mg_view_lexical(c, &w, len);
    if (!*s)
        return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

mg_code mg_val_copy(mg_arena *a, const mg_val *v, mg_val *out, int deep)
{
    *out = *v;
    if (v->kind == MG_V_STR && deep) {
        out->s = mg_arena_strndup(a, v->s, v->len);
        out->lang = v->lang ? mg_arena_strndup(a, v->lang, strlen(v->lang))
                            : NULL;
        out->dt = v->dt ? mg_arena_strndup(a, v->dt, strlen(v->dt)) : NULL;
        if (!out->s || (v->lang && !out->lang) || (v->dt && !out->dt))
            return MG_ERR_NOMEM;
    } else if (v->kind == MG_V_LIST) {
        out->items = v->n ? mg_arena_alloc(a, v->n * sizeof *v->items) : NULL;
        if (v->n && !out->items)
            return MG_ERR_NOMEM;
        for (size_t i = 0; i < v->n; i++)
            MG_TRY(mg_val_copy(a, &v->items[i], &out->items[i], deep));
    }
    return MG_OK;
}

/* ---- strings ------------------------------------------------------------ */

char *mg_str_map(mg_arena *a, const char *s, size_t len, int mode,
                 size_t *outlen)
{
    char *o = mg_arena_alloc(a, MG_TEXT_MAP_MAX(len) + 1);
    if (!o)
        return NULL;
    *outlen = mg_text_map(s, len, mode, o);
    return o;
}

/* ---- cells -------------------------------------------------------------- */

const char *mg_iri_short(mg_arena *a, const char *iri, size_t len)
{
    const char *local;
    const mg_prefix *p = mg_prefix_for_iri(iri, len, &local);
    if (p && mg_prefix_local_ok(local, len - (size_t)(local - iri))) {
        size_t pl = strlen(p->name), ll = len - (size_t)(local - iri);
        char *o = mg_arena_alloc(a, pl + ll + 2);
        if (!o)
            return NULL;
        memcpy(o, p->name, pl);
        o[pl] = ':';
        memcpy(o + pl + 1, local, ll);
        o[pl + 1 + ll] = 0;
        return o;
    }
    return mg_arena_strndup(a, iri, len);
}

mg_code mg_val_cell(mg_vctx *c, mg_arena *a, const mg_val *v, mg_cell *out)
{
    memset(out, 0, sizeof *out);
    switch (v->kind) {
    case MG_V_NULL:
        out->kind = MG_CELL_UNBOUND;
        return MG_OK;
    case MG_V_LIST: {
        mg_cell *items = v->n ? mg_arena_alloc(a, v->n * sizeof *items) : NULL;
        if (v->n && !items)
            return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < v->n; i++)
            MG_TRY(mg_val_cell(c, a, &v->items[i], &items[i]));
        out->kind = MG_CELL_LIST;
        out->items = items;
        out->nitems = v->n;
        return MG_OK;
    }
    case MG_V_TERM: {
        mg_term t;
        MG_TRY(mg_term_get(c->txn, v->id, &t, c->st));
        out->kind = t.kind == MG_TERM_IRI     ? MG_CELL_IRI
                    : t.kind == MG_TERM_BLANK ? MG_CELL_BLANK
                                              : MG_CELL_LITERAL;
        /* mg_term strings are not NUL-terminated: copy the value. */
        out->value = mg_arena_strndup(a, t.value, t.len);
        out->lang = t.lang && *t.lang ? t.lang : NULL;
        out->datatype = t.datatype && *t.datatype ? t.datatype : NULL;
        if (!out->value)
            return mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        return MG_OK;
    }
    case MG_V_STR:
        out->kind = MG_CELL_LITERAL;
        out->value = mg_arena_strndup(a, v->s, v->len);
        out->lang = v->lang;
        out->datatype = v->dt;
        return out->value ? MG_OK
                          : mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    default: {
        mg_view w;
        MG_TRY(mg_val_view(c, v, &w));
        size_t n;
        const char *s = mg_view_lexical(c, &w, &n);
        out->kind = MG_CELL_LITERAL;
        out->value = s ? mg_arena_strndup(a, s, n) : NULL;
        out->datatype = v->kind == MG_V_BOOL  ? XSD "boolean"
                        : v->kind == MG_V_INT ? XSD "integer"
                                              : XSD "double";
        return out->value ? MG_OK
                          : mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
    }
    }
}
