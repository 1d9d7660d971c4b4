/* results.c — tables, CSV, TSV and SPARQL JSON results (results.h): the
 * writer, which puts each cell's text (results_cells.c) in its format. */
#include <stdlib.h>
#include <string.h>

#include "output/results_internal.h"

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
            mg_r_csv_field(out, columns[i], sep);
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
            mg_r_json_str(out, columns[i]);
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

static void json_object(mg_results *w, const mg_cell *cells)
{
    fputc('{', w->out);
    for (int i = 0; i < w->ncols; i++) {
        fputs(i ? ", " : "", w->out);
        mg_r_json_str(w->out, w->columns[i]);
        fputs(": ", w->out);
        mg_r_json_value(w->out, &cells[i]);
    }
    fputc('}', w->out);
}

mg_code mg_results_row(mg_results *w, const mg_cell *cells, mg_status *st)
{
    mg_r_sbuf b = {0};
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
            mg_r_puts(&b, "");
            mg_r_display(&b, &cells[i]);
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
            mg_r_puts(&b, "");
            mg_r_plain_form(&b, &cells[i]);
            mg_r_csv_field(w->out, b.oom ? "" : b.p, sep);
        }
        fputs("\r\n", w->out);
        break;
    case MG_RESULTS_TSV:
        for (int i = 0; i < w->ncols; i++) {
            b.len = 0;
            mg_r_puts(&b, "");
            mg_r_tsv_form(&b, &cells[i]);
            if (i)
                fputc('\t', w->out);
            fputs(b.oom ? "" : b.p, w->out);
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
            mg_r_json_str(w->out, w->columns[i]);
            fputs(": ", w->out);
            mg_r_json_cell(w->out, &cells[i]);
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
