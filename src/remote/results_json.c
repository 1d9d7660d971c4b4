/*
 * results_json.c — a strict reader of SPARQL 1.1 Query Results JSON
 * (remote.h, mg_sparql_json_read) on the strict reader of json_read.h:
 * one pass over the buffer, each solution handed to the sink as soon as
 * it is read (no tree is built).
 *
 * Owns: per solution, its decoded strings, list items and computed
 * values (freed after the sink's row()); the head's variable names until
 * the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "remote/json_read.h"
#include "remote/remote.h"

/* ---- the SPARQL results structure ---------------------------------- */

typedef struct doc {
    const char *const *columns;
    const char *const *vars;
    int ncols;
    mg_row_sink *sink;
    strs head;       /* head.vars */
    int head_seen, columns_sent, is_boolean;
    /* the solution being read */
    mg_cell *cells;
    strs row;        /* its strings */
    mg_cell **lists; /* list items per column */
    char **comp;     /* per column: its companions' values (mark, sum,
                        count; NULL: none), borrowed from row */
    /* the term being read */
    char *type, *value, *lang, *datatype;
} doc;

static mg_code head_var(jr *r, void *ctx)
{
    doc *d = ctx;
    char *s;
    MG_TRY(jr_string(r, &s));
    if (!strs_keep(&d->head, s)) {
        free(s);
        return mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
    }
    return MG_OK;
}

static mg_code head_member(jr *r, void *ctx, const char *key)
{
    if (strcmp(key, "vars") == 0)
        return jr_array(r, head_var, ctx);
    return jr_skip(r);
}

/* Every column's variable must be in head.vars. */
static mg_code check_head(jr *r, doc *d)
{
    for (int c = 0; c < d->ncols; c++) {
        size_t k = 0;
        while (k < d->head.n && strcmp(d->head.v[k], d->vars[c]) != 0)
            k++;
        if (k == d->head.n)
            return mg_fail(r->st, MG_ERR_SYNTAX,
                           "the endpoint's answer has no variable ?%s (for "
                           "the column %s)", d->vars[c], d->columns[c]);
    }
    return MG_OK;
}

static mg_code send_columns(doc *d, mg_status *st)
{
    if (d->columns_sent)
        return MG_OK;
    d->columns_sent = 1;
    if (d->sink->columns)
        return d->sink->columns(d->sink->ctx, d->columns, d->ncols, st);
    return MG_OK;
}

static mg_code term_member(jr *r, void *ctx, const char *key)
{
    doc *d = ctx;
    char **slot = strcmp(key, "type") == 0       ? &d->type
                  : strcmp(key, "value") == 0    ? &d->value
                  : strcmp(key, "xml:lang") == 0 ? &d->lang
                  : strcmp(key, "datatype") == 0 ? &d->datatype
                                                 : NULL;
    if (!slot)
        return jr_skip(r);
    if (*slot)
        return jr_bad(r, "a term member given twice");
    if (jr_peek(r) != '"')
        return jr_bad(r, "a term member that is not a string");
    MG_TRY(jr_string(r, slot));
    if (!strs_keep(&d->row, *slot)) {
        free(*slot);
        *slot = NULL;
        return mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
    }
    return MG_OK;
}

static int item_cmp(const void *a, const void *b)
{
    return strcmp(((const mg_cell *)a)->value, ((const mg_cell *)b)->value);
}

/* A list (remote.h): U+001E or U+001C then items separated by U+001F;
 * U+001C: sorted here (byte order, as ours sorts strings). */
static mg_code make_list(jr *r, doc *d, int col, mg_cell *cell)
{
    char *s = d->value + 1;
    size_t n = *s ? 1 : 0;
    for (char *p = s; *p; p++)
        n += *p == '\x1f';
    mg_cell *items = calloc(n + 1, sizeof *items);
    if (!items)
        return mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        char *sep = strchr(s, '\x1f');
        if (sep)
            *sep = '\0';
        items[k].kind = MG_CELL_LITERAL;
        items[k].value = s;
        s = sep ? sep + 1 : s + strlen(s);
    }
    if (d->value[0] == '\x1c')
        qsort(items, n, sizeof *items, item_cmp);
    free(d->lists[col]);
    d->lists[col] = items;
    cell->kind = MG_CELL_LIST;
    cell->items = items;
    cell->nitems = n;
    return MG_OK;
}

#define XSD "http://www.w3.org/2001/XMLSchema#"

/* Companion variable key of column c ("_m" mark, "_s" sum, "_d" count:
 * remote.h): its slot in d->comp, or NULL. */
static char **companion(doc *d, const char *key)
{
    if (key[0] != '_' || !key[1] || !strchr("msd", key[1]))
        return NULL;
    for (int c = 0; c < d->ncols; c++)
        if (strcmp(key + 2, d->vars[c]) == 0)
            return &d->comp[3 * c + (key[1] == 'm' ? 0 : key[1] == 's' ? 1 : 2)];
    return NULL;
}

/* Column c read as its companions say (remote.h). */
static mg_code read_as(jr *r, doc *d, int c)
{
    mg_cell *cell = &d->cells[c];
    const char *mark = d->comp[3 * c], *sum = d->comp[3 * c + 1],
               *count = d->comp[3 * c + 2];
    if (cell->kind != MG_CELL_LITERAL)
        return MG_OK;
    if (mark && strcmp(mark, "b") == 0) {
        /* a condition: Virtuoso writes a boolean as 1 or 0 */
        const char *v = cell->value;
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            cell->value = "true";
        else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            cell->value = "false";
        else
            return jr_bad(r, "a condition's value that is not a boolean");
        cell->datatype = XSD "boolean";
        cell->lang = NULL;
        return MG_OK;
    }
    if (sum && count) {
        /* avg(): ours divides the sum by the count, as a double */
        char *end;
        double total = strtod(sum, &end);
        long long n = strtoll(count, NULL, 10);
        if (end == sum || *end || n <= 0)
            return MG_OK; /* not a sum: AVG as the endpoint gave it */
        char *text = malloc(32);
        if (!text || !strs_keep(&d->row, text)) {
            free(text);
            return mg_fail(r->st, MG_ERR_NOMEM, "out of memory");
        }
        mg_double_text(total / (double)n, text);
        cell->value = text;
        cell->datatype = XSD "double";
        cell->lang = NULL;
    }
    return MG_OK;
}

static mg_code binding_member(jr *r, void *ctx, const char *key)
{
    doc *d = ctx;
    int col = -1;
    for (int c = 0; c < d->ncols && col < 0; c++)
        if (strcmp(d->vars[c], key) == 0)
            col = c;
    d->type = d->value = d->lang = d->datatype = NULL;
    if (jr_peek(r) != '{')
        return jr_bad(r, "a binding that is not an object");
    MG_TRY(jr_object(r, term_member, d));
    if (!d->type || !d->value)
        return jr_bad(r, "a term without type or value");
    if (col < 0) {
        char **slot = companion(d, key);
        if (slot && strcmp(d->type, "uri") != 0)
            *slot = d->value;
        return MG_OK; /* a variable we do not show */
    }
    mg_cell *cell = &d->cells[col];
    memset(cell, 0, sizeof *cell);
    cell->value = d->value;
    if (strcmp(d->type, "uri") == 0) {
        cell->kind = MG_CELL_IRI;
    } else if (strcmp(d->type, "bnode") == 0) {
        cell->kind = MG_CELL_BLANK;
    } else if (strcmp(d->type, "literal") == 0 ||
               strcmp(d->type, "typed-literal") == 0) {
        /* "typed-literal": the SPARQL JSON draft Virtuoso still writes */
        cell->kind = MG_CELL_LITERAL;
        cell->lang = d->lang;
        cell->datatype = d->lang ? NULL : d->datatype;
        if ((d->value[0] == '\x1e' || d->value[0] == '\x1c') && !d->lang)
            return make_list(r, d, col, cell);
    } else {
        return jr_bad(r, "a term of unknown type");
    }
    return MG_OK;
}

static mg_code binding(jr *r, void *ctx)
{
    doc *d = ctx;
    if (d->head_seen)
        MG_TRY(check_head(r, d));
    MG_TRY(send_columns(d, r->st));
    memset(d->cells, 0, (size_t)d->ncols * sizeof *d->cells);
    memset(d->comp, 0, 3 * (size_t)d->ncols * sizeof *d->comp);
    if (jr_peek(r) != '{')
        return jr_bad(r, "a solution that is not an object");
    mg_code rc = jr_object(r, binding_member, d);
    for (int c = 0; rc == MG_OK && c < d->ncols; c++)
        rc = read_as(r, d, c);
    if (rc == MG_OK && d->sink->row)
        rc = d->sink->row(d->sink->ctx, d->cells, r->st);
    strs_drop(&d->row);
    for (int c = 0; c < d->ncols; c++) {
        free(d->lists[c]);
        d->lists[c] = NULL;
    }
    return rc;
}

static mg_code results_member(jr *r, void *ctx, const char *key)
{
    if (strcmp(key, "bindings") == 0) {
        if (jr_peek(r) != '[')
            return jr_bad(r, "results.bindings is not an array");
        return jr_array(r, binding, ctx);
    }
    return jr_skip(r);
}

static mg_code top_member(jr *r, void *ctx, const char *key)
{
    doc *d = ctx;
    if (strcmp(key, "head") == 0) {
        if (jr_peek(r) != '{')
            return jr_bad(r, "head is not an object");
        MG_TRY(jr_object(r, head_member, d));
        d->head_seen = 1;
        return check_head(r, d);
    }
    if (strcmp(key, "results") == 0) {
        if (jr_peek(r) != '{')
            return jr_bad(r, "results is not an object");
        return jr_object(r, results_member, d);
    }
    if (strcmp(key, "boolean") == 0)
        d->is_boolean = 1;
    return jr_skip(r);
}

mg_code mg_sparql_json_read(const char *buf, size_t len,
                            const char *const *columns,
                            const char *const *vars, int ncols,
                            mg_row_sink *sink, mg_status *st)
{
    jr r = {(const unsigned char *)buf, len, 0, st, 0};
    doc d = {0};
    d.columns = columns;
    d.vars = vars;
    d.ncols = ncols;
    d.sink = sink;
    d.cells = calloc((size_t)ncols + 1, sizeof *d.cells);
    d.lists = calloc((size_t)ncols + 1, sizeof *d.lists);
    d.comp = calloc(3 * (size_t)ncols + 1, sizeof *d.comp);
    mg_code rc = MG_OK;
    if (!d.cells || !d.lists || !d.comp)
        rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
    if (rc == MG_OK && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r.i = 3; /* a byte-order mark */
    if (rc == MG_OK && jr_peek(&r) != '{')
        rc = jr_bad(&r, "expected a JSON object");
    if (rc == MG_OK)
        rc = jr_object(&r, top_member, &d);
    if (rc == MG_OK && jr_peek(&r) != -1)
        rc = jr_bad(&r, "text after the JSON value");
    if (rc == MG_OK && d.is_boolean)
        rc = mg_fail(st, MG_ERR_SYNTAX,
                     "the endpoint answered a boolean (ASK), not rows");
    if (rc == MG_OK && !d.head_seen)
        rc = mg_fail(st, MG_ERR_SYNTAX,
                     "the endpoint's answer is not SPARQL JSON results: no head");
    if (rc == MG_OK)
        rc = send_columns(&d, st);
    strs_drop(&d.row);
    free(d.row.v);
    strs_drop(&d.head);
    free(d.head.v);
    for (int c = 0; d.lists && c < ncols; c++)
        free(d.lists[c]);
    free(d.lists);
    free(d.comp);
    free(d.cells);
    return rc;
}
