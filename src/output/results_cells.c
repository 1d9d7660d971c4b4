/*
 * results_cells.c — the text of one cell in each results format: the
 * table's display form, CSV's plain text and quoting, TSV's N-Triples
 * form, and the SPARQL JSON and row-format JSON values.  The writer that
 * puts them together is results.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/prefixes.h"
#include "core/util.h"
#include "output/results_internal.h"

static void sb_putn(mg_r_sbuf *b, const char *s, size_t n)
{
    if (!b->oom && mg_append(&b->p, &b->len, &b->cap, s, n) != 0)
        b->oom = 1;
}

void mg_r_puts(mg_r_sbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

/* Turtle-style escaping of a string body (for TSV and the table's
 * language/datatype-less display this is not used). */
static void sb_escaped(mg_r_sbuf *b, const char *s)
{
    for (;;) {
        size_t run = strcspn(s, "\"\\\n\r\t"); /* copied as it is */
        sb_putn(b, s, run);
        s += run;
        switch (*s) {
        case 0: return;
        case '"': mg_r_puts(b, "\\\""); break;
        case '\\': mg_r_puts(b, "\\\\"); break;
        case '\n': mg_r_puts(b, "\\n"); break;
        case '\r': mg_r_puts(b, "\\r"); break;
        case '\t': mg_r_puts(b, "\\t"); break;
        }
        s++;
    }
}

/* The display form of an IRI: a prefixed name when a known prefix fits. */
static void sb_iri_compact(mg_r_sbuf *b, const char *iri)
{
    const char *local = NULL;
    const mg_prefix *px = mg_prefix_for_iri(iri, strlen(iri), &local);
    if (px && mg_prefix_local_ok(local, strlen(local))) {
        mg_r_puts(b, px->name);
        mg_r_puts(b, ":");
        mg_r_puts(b, local);
    } else {
        mg_r_puts(b, "<");
        mg_r_puts(b, iri);
        mg_r_puts(b, ">");
    }
}

/* How a cell reads in a table: literals bare, IRIs compacted, lists in
 * brackets. */
void mg_r_display(mg_r_sbuf *b, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_LIST:
        mg_r_puts(b, "[");
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                mg_r_puts(b, ", ");
            mg_r_display(b, &c->items[i]);
        }
        mg_r_puts(b, "]");
        break;
    case MG_CELL_UNBOUND: break;
    case MG_CELL_IRI: sb_iri_compact(b, c->value); break;
    case MG_CELL_BLANK: mg_r_puts(b, "_:"); mg_r_puts(b, c->value); break;
    case MG_CELL_LITERAL:
        /* the lexical form alone (CSV, TSV and JSON keep the tag) */
        for (const char *s = c->value;;) {
            size_t run = strcspn(s, "\n\t\r");
            sb_putn(b, s, run);
            if (!s[run])
                break;
            sb_putn(b, " ", 1);
            s += run + 1;
        }
        break;
    }
}

/* The SPARQL TSV form of a cell (N-Triples/Turtle syntax). */
void mg_r_tsv_form(mg_r_sbuf *b, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_LIST:
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                mg_r_puts(b, " ");
            mg_r_tsv_form(b, &c->items[i]);
        }
        break;
    case MG_CELL_UNBOUND: break;
    case MG_CELL_IRI: mg_r_puts(b, "<"); mg_r_puts(b, c->value); mg_r_puts(b, ">"); break;
    case MG_CELL_BLANK: mg_r_puts(b, "_:"); mg_r_puts(b, c->value); break;
    case MG_CELL_LITERAL:
        mg_r_puts(b, "\"");
        sb_escaped(b, c->value);
        mg_r_puts(b, "\"");
        if (c->lang && *c->lang) {
            mg_r_puts(b, "@");
            mg_r_puts(b, c->lang);
        } else if (c->datatype && *c->datatype) {
            mg_r_puts(b, "^^<");
            mg_r_puts(b, c->datatype);
            mg_r_puts(b, ">");
        }
        break;
    }
}

void mg_r_csv_field(FILE *out, const char *s, char sep)
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

void mg_r_json_str(FILE *out, const char *s)
{
    mg_json_string(out, s, s ? strlen(s) : 0, 0);
}

void mg_r_json_cell(FILE *out, const mg_cell *c)
{
    mg_cell shown = *c;
    mg_r_sbuf b = {0};
    if (c->kind == MG_CELL_LIST) { /* SPARQL JSON has no lists */
        mg_r_puts(&b, "");
        mg_r_display(&b, c);
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
    mg_r_json_str(out, shown.value ? shown.value : "");
    if (shown.kind == MG_CELL_LITERAL && shown.lang && *shown.lang) {
        fputs(", \"xml:lang\": ", out);
        mg_r_json_str(out, shown.lang);
    } else if (shown.kind == MG_CELL_LITERAL && shown.datatype &&
               *shown.datatype) {
        fputs(", \"datatype\": ", out);
        mg_r_json_str(out, shown.datatype);
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
void mg_r_json_value(FILE *out, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_UNBOUND: fputs("null", out); return;
    case MG_CELL_IRI: mg_r_json_str(out, c->value); return;
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
            mg_r_json_value(out, &c->items[i]);
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
    mg_r_json_str(out, c->value);
}

/* The plain text of a cell for CSV: full IRIs, lexical forms, list items
 * separated by " | ". */
void mg_r_plain_form(mg_r_sbuf *b, const mg_cell *c)
{
    switch (c->kind) {
    case MG_CELL_UNBOUND: break;
    case MG_CELL_BLANK: mg_r_puts(b, "_:"); mg_r_puts(b, c->value); break;
    case MG_CELL_LIST:
        for (size_t i = 0; i < c->nitems; i++) {
            if (i)
                mg_r_puts(b, " | ");
            mg_r_plain_form(b, &c->items[i]);
        }
        break;
    default: mg_r_puts(b, c->value); break;
    }
}
