/* results.c — tables, CSV, TSV and SPARQL JSON results (results.h). */
#include "output/results.h"

#include "core/json.h"

#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"

struct mg_results {
    FILE *out;
    mg_results_format format;
    int ncols;
    char **columns;
    /* table: buffered display strings, row-major */
    char **cells;
    size_t nrows, cap;
    size_t nrows_written;
};

mg_code mg_results_format_parse(const char *name, int rows,
                                mg_results_format *out, mg_status *st)
{
    static const struct { const char *name; mg_results_format f; } names[] = {
        {"table", MG_RESULTS_TABLE}, {"csv", MG_RESULTS_CSV},
        {"tsv", MG_RESULTS_TSV}, {"json", MG_RESULTS_JSON},
        {"ndjson", MG_RESULTS_NDJSON}, {"csv-excel", MG_RESULTS_CSV_EXCEL},
        {"xml", MG_RESULTS_XML}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].f;
            if (rows && *out == MG_RESULTS_JSON)
                *out = MG_RESULTS_JSON_ROWS;
            return MG_OK;
        }
    return mg_fail(st, MG_ERR_ARG,
                   "unknown result format '%s' (use table, csv, tsv, json, "
                   "xml, ndjson or csv-excel)", name);
}

/* A growable string, for building one cell's text. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

/* Turtle-style escaping of a string body (for TSV and the table's
 * language/datatype-less display this is not used). */
static void sb_escaped(sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '"': sb_puts(b, "\\\""); break;
        case '\\': sb_puts(b, "\\\\"); break;
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\t': sb_puts(b, "\\t"); break;
        default: sb_putn(b, s, 1);
        }
    }
}

/* The display form of an IRI: a prefixed name when a known prefix fits. */
static void sb_iri_compact(sbuf *b, const char *iri)
{
    const char *local = NULL;
    const mg_prefix *px = mg_prefix_for_iri(iri, strlen(iri), &local);
    if (px && mg_prefix_local_ok(local, strlen(local))) {
        sb_puts(b, px->name);
        sb_puts(b, ":");
        sb_puts(b, local);
    } else {
        sb_puts(b, "<");
        sb_puts(b, iri);
        sb_puts(b, ">");
    }
}

/* How a cell reads in a table: literals bare, IRIs compacted, lists in
 * brackets. */
static void display(sbuf *b, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_LIST:
        sb_puts(b, "[");
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                sb_puts(b, ", ");
            display(b, &c->items[i]);
        }
        sb_puts(b, "]");
        break;
    case MG_CELL_UNBOUND: break;
    case MG_CELL_IRI: sb_iri_compact(b, c->value); break;
    case MG_CELL_BLANK: sb_puts(b, "_:"); sb_puts(b, c->value); break;
    case MG_CELL_LITERAL:
        /* the lexical form alone (CSV, TSV and JSON keep the tag) */
        for (const char *s = c->value; *s; s++)
            sb_putn(b, *s == '\n' || *s == '\t' || *s == '\r' ? " " : s, 1);
        break;
    }
}

/* The SPARQL TSV form of a cell (N-Triples/Turtle syntax). */
static void tsv_form(sbuf *b, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_LIST:
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                sb_puts(b, " ");
            tsv_form(b, &c->items[i]);
        }
        break;
    case MG_CELL_UNBOUND: break;
    case MG_CELL_IRI: sb_puts(b, "<"); sb_puts(b, c->value); sb_puts(b, ">"); break;
    case MG_CELL_BLANK: sb_puts(b, "_:"); sb_puts(b, c->value); break;
    case MG_CELL_LITERAL:
        sb_puts(b, "\"");
        sb_escaped(b, c->value);
        sb_puts(b, "\"");
        if (c->lang && *c->lang) {
            sb_puts(b, "@");
            sb_puts(b, c->lang);
        } else if (c->datatype && *c->datatype) {
            sb_puts(b, "^^<");
            sb_puts(b, c->datatype);
            sb_puts(b, ">");
        }
        break;
    }
}

static void csv_field(FILE *out, const char *s, char sep)
{
    const char special[] = {sep, '"', '\r', '\n', '\0'};
    if (strpbrk(s, special) == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void json_str(FILE *out, const char *s)
{
    mg_json_string(out, s, s ? strlen(s) : 0, 0);
}

mg_code mg_results_new(FILE *out, mg_results_format format,
                       const char *const *columns, int ncols, mg_results **wp,
                       mg_status *st)
{
    *wp = NULL;
    mg_results *w = calloc(1, sizeof *w);
    if (!w)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    w->out = out;
    w->format = format;
    w->ncols = ncols;
    w->columns = calloc((size_t)ncols + 1, sizeof *w->columns);
    if (!w->columns) {
        free(w);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < ncols; i++)
        if (!(w->columns[i] = strdup(columns[i]))) {
            mg_results_free(w);
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        }
    char sep = format == MG_RESULTS_CSV_EXCEL ? ';' : ',';
    switch (format) {
    case MG_RESULTS_TABLE:
    case MG_RESULTS_NDJSON:
        break;
    case MG_RESULTS_CSV_EXCEL:
        fputs("\xEF\xBB\xBF", out); /* the BOM Excel needs to read UTF-8 */
        /* fall through */
    case MG_RESULTS_CSV:
        for (int i = 0; i < ncols; i++) {
            if (i)
                fputc(sep, out);
            csv_field(out, columns[i], sep);
        }
        fputs("\r\n", out);
        break;
    case MG_RESULTS_TSV:
        for (int i = 0; i < ncols; i++)
            fprintf(out, "%s?%s", i ? "\t" : "", columns[i]);
        fputc('\n', out);
        break;
    case MG_RESULTS_JSON:
        fputs("{\n  \"head\": { \"vars\": [", out);
        for (int i = 0; i < ncols; i++) {
            fputs(i ? ", " : " ", out);
            json_str(out, columns[i]);
        }
        fputs(" ] },\n  \"results\": { \"bindings\": [", out);
        break;
    case MG_RESULTS_JSON_ROWS:
        fputc('[', out);
        break;
    case MG_RESULTS_XML:
        mg_results_xml_head(out, w->columns, ncols);
        break;
    }
    *wp = w;
    return MG_OK;
}

static void json_cell(FILE *out, const mg_cell *c)
{
    mg_cell shown = *c;
    sbuf b = {0};
    if (c->kind == MG_CELL_LIST) { /* SPARQL JSON has no lists */
        sb_puts(&b, "");
        display(&b, c);
        shown.kind = MG_CELL_LITERAL;
        shown.value = b.oom ? "" : b.p;
        shown.lang = shown.datatype = NULL;
    }
    fputs("{ \"type\": ", out);
    switch (shown.kind) {
    case MG_CELL_IRI: fputs("\"uri\"", out); break;
    case MG_CELL_BLANK: fputs("\"bnode\"", out); break;
    default: fputs("\"literal\"", out); break;
    }
    fputs(", \"value\": ", out);
    json_str(out, shown.value ? shown.value : "");
    if (shown.kind == MG_CELL_LITERAL && shown.lang && *shown.lang) {
        fputs(", \"xml:lang\": ", out);
        json_str(out, shown.lang);
    } else if (shown.kind == MG_CELL_LITERAL && shown.datatype &&
               *shown.datatype) {
        fputs(", \"datatype\": ", out);
        json_str(out, shown.datatype);
    }
    fputs(" }", out);
    free(b.p);
}

#define XSD "http://www.w3.org/2001/XMLSchema#"

/* Whether a lexical form is a JSON number (so it can be written bare). */
static int json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return 0;
    if (*p == '0' && p[1] >= '0' && p[1] <= '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* A value in the row formats: null, a string, a number, a boolean or an
 * array; IRIs as full strings, blank nodes as "_:label". */
static void json_value(FILE *out, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_UNBOUND: fputs("null", out); return;
    case MG_CELL_IRI: json_str(out, c->value); return;
    case MG_CELL_BLANK:
        fputs("\"_:", out);
        fputs(c->value, out); /* labels are [A-Za-z0-9_-] */
        fputc('"', out);
        return;
    case MG_CELL_LIST:
        fputc('[', out);
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                fputs(", ", out);
            json_value(out, &c->items[i]);
        }
        fputc(']', out);
        return;
    case MG_CELL_LITERAL: break;
    }
    const char *dt = c->datatype;
    if (dt && strncmp(dt, XSD, strlen(XSD)) == 0) {
        const char *t = dt + strlen(XSD);
        if ((strcmp(t, "integer") == 0 || strcmp(t, "decimal") == 0 ||
             strcmp(t, "double") == 0 || strcmp(t, "int") == 0 ||
             strcmp(t, "long") == 0) && json_number(c->value)) {
            fputs(c->value, out);
            return;
        }
        if (strcmp(t, "boolean") == 0 &&
            (strcmp(c->value, "true") == 0 || strcmp(c->value, "false") == 0)) {
            fputs(c->value, out);
            return;
        }
    }
    json_str(out, c->value);
}

/* The plain text of a cell for CSV: full IRIs, lexical forms, list items
 * separated by " | ". */
static void plain_form(sbuf *b, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_UNBOUND: break;
    case MG_CELL_BLANK: sb_puts(b, "_:"); sb_puts(b, c->value); break;
    case MG_CELL_LIST:
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                sb_puts(b, " | ");
            plain_form(b, &c->items[i]);
        }
        break;
    default: sb_puts(b, c->value); break;
    }
}

static void json_object(mg_results *w, const mg_cell *cells)
{
    fputc('{', w->out);
    for (int i = 0; i < w->ncols; i++) {
        fputs(i ? ", " : "", w->out);
        json_str(w->out, w->columns[i]);
        fputs(": ", w->out);
        json_value(w->out, &cells[i]);
    }
    fputc('}', w->out);
}

mg_code mg_results_row(mg_results *w, const mg_cell *cells, mg_status *st)
{
    sbuf b = {0};
    char sep = w->format == MG_RESULTS_CSV_EXCEL ? ';' : ',';
    switch (w->format) {
    case MG_RESULTS_TABLE: {
        if (w->nrows == w->cap) {
            size_t cap = w->cap ? 2 * w->cap : 64;
            char **c = realloc(w->cells, cap * (size_t)w->ncols * sizeof *c);
            if (!c)
                return mg_fail(st, MG_ERR_NOMEM, "out of memory");
            w->cells = c;
            w->cap = cap;
        }
        for (int i = 0; i < w->ncols; i++) {
            b.len = 0;
            sb_puts(&b, "");
            display(&b, &cells[i]);
            char *copy = b.oom ? NULL : strdup(b.p);
            if (!copy) {
                free(b.p);
                for (int j = 0; j < i; j++)
                    free(w->cells[w->nrows * (size_t)w->ncols + (size_t)j]);
                return mg_fail(st, MG_ERR_NOMEM, "out of memory");
            }
            w->cells[w->nrows * (size_t)w->ncols + (size_t)i] = copy;
        }
        w->nrows++;
        break;
    }
    case MG_RESULTS_CSV:
    case MG_RESULTS_CSV_EXCEL:
        for (int i = 0; i < w->ncols; i++) {
            if (i)
                fputc(sep, w->out);
            b.len = 0;
            sb_puts(&b, "");
            plain_form(&b, &cells[i]);
            csv_field(w->out, b.oom ? "" : b.p, sep);
        }
        fputs("\r\n", w->out);
        break;
    case MG_RESULTS_TSV:
        for (int i = 0; i < w->ncols; i++) {
            b.len = 0;
            sb_puts(&b, "");
            tsv_form(&b, &cells[i]);
            fprintf(w->out, "%s%s", i ? "\t" : "", b.oom ? "" : b.p);
        }
        fputc('\n', w->out);
        break;
    case MG_RESULTS_JSON: {
        fputs(w->nrows_written ? ",\n    { " : "\n    { ", w->out);
        int first = 1;
        for (int i = 0; i < w->ncols; i++) {
            if (cells[i].kind == MG_CELL_UNBOUND)
                continue;
            if (!first)
                fputs(", ", w->out);
            first = 0;
            json_str(w->out, w->columns[i]);
            fputs(": ", w->out);
            json_cell(w->out, &cells[i]);
        }
        fputs(" }", w->out);
        break;
    }
    case MG_RESULTS_JSON_ROWS:
        fputs(w->nrows_written ? ",\n  " : "\n  ", w->out);
        json_object(w, cells);
        break;
    case MG_RESULTS_NDJSON:
        json_object(w, cells);
        fputc('\n', w->out);
        break;
    case MG_RESULTS_XML:
        mg_results_xml_row(w->out, w->columns, w->ncols, cells);
        break;
    }
    w->nrows_written++;
    free(b.p);
    if (b.oom)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

/* Display width of UTF-8 text: one column per code point. */
static size_t width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void pad(FILE *out, const char *s, size_t w)
{
    fputs(s, out);
    for (size_t n = width(s); n < w; n++)
        fputc(' ', out);
}

/* Writes one table line: cells separated by " | ", the last one not
 * padded, so lines carry no trailing blanks. */
static void table_line(mg_results *w, char *const *cells, const size_t *wd)
{
    for (int i = 0; i < w->ncols; i++) {
        fputs(i ? " | " : " ", w->out);
        if (i == w->ncols - 1)
            fputs(cells[i], w->out);
        else
            pad(w->out, cells[i], wd[i]);
    }
    fputc('\n', w->out);
}

static void write_table(mg_results *w)
{
    size_t *wd = calloc((size_t)w->ncols, sizeof *wd);
    if (!wd)
        return;
    for (int i = 0; i < w->ncols; i++) {
        wd[i] = width(w->columns[i]);
        for (size_t r = 0; r < w->nrows; r++) {
            size_t x = width(w->cells[r * (size_t)w->ncols + (size_t)i]);
            if (x > wd[i])
                wd[i] = x;
        }
    }
    table_line(w, w->columns, wd);
    for (int i = 0; i < w->ncols; i++) {
        fputs(i ? "-+-" : "-", w->out);
        for (size_t n = 0; n < wd[i]; n++)
            fputc('-', w->out);
    }
    fputc('\n', w->out);
    for (size_t r = 0; r < w->nrows; r++)
        table_line(w, w->cells + r * (size_t)w->ncols, wd);
    fprintf(w->out, "(%zu row%s)\n", w->nrows, w->nrows == 1 ? "" : "s");
    free(wd);
}

mg_code mg_results_finish(mg_results *w, mg_status *st)
{
    if (w->format == MG_RESULTS_TABLE)
        write_table(w);
    else if (w->format == MG_RESULTS_JSON)
        fputs(w->nrows_written ? "\n  ] }\n}\n" : " ] }\n}\n", w->out);
    else if (w->format == MG_RESULTS_JSON_ROWS)
        fputs(w->nrows_written ? "\n]\n" : "]\n", w->out);
    else if (w->format == MG_RESULTS_XML)
        mg_results_xml_end(w->out);
    int bad = ferror(w->out) || fflush(w->out) != 0;
    mg_results_free(w);
    if (bad)
        return mg_fail(st, MG_ERR_IO, "cannot write the results");
    return MG_OK;
}

void mg_results_free(mg_results *w)
{
    if (!w)
        return;
    if (w->cells)
        for (size_t i = 0; i < w->nrows * (size_t)w->ncols; i++)
            free(w->cells[i]);
    free(w->cells);
    for (int i = 0; i < w->ncols; i++)
        free(w->columns[i]);
    free(w->columns);
    free(w);
}

mg_code mg_results_boolean(FILE *out, mg_results_format format, int value,
                           mg_status *st)
{
    const char *v = value ? "true" : "false";
    switch (format) {
    case MG_RESULTS_JSON:
        fprintf(out, "{\n  \"head\": {},\n  \"boolean\": %s\n}\n", v);
        break;
    case MG_RESULTS_CSV:
    case MG_RESULTS_CSV_EXCEL:
        fprintf(out, "_askResult\r\n%s\r\n", v);
        break;
    case MG_RESULTS_JSON_ROWS:
        fprintf(out, "[{\"ask\": %s}]\n", v);
        break;
    case MG_RESULTS_NDJSON:
        fprintf(out, "{\"ask\": %s}\n", v);
        break;
    case MG_RESULTS_TSV:
        fprintf(out, "?_askResult\n%s\n", v);
        break;
    case MG_RESULTS_TABLE:
        fprintf(out, " ask\n-------\n %s\n(1 row)\n", v);
        break;
    case MG_RESULTS_XML:
        mg_results_xml_boolean(out, value);
        break;
    }
    if (ferror(out) || fflush(out) != 0)
        return mg_fail(st, MG_ERR_IO, "cannot write the results");
    return MG_OK;
}
