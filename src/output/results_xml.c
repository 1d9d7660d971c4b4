/* results_xml.c — the W3C SPARQL Query Results XML Format (results.h). */
#include <string.h>

#include "output/results.h"

static void xml_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out); break;
        }
    }
}

void mg_results_xml_head(FILE *out, char *const *columns, int ncols)
{
    fputs("<?xml version=\"1.0\"?>\n"
          "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
          "  <head>\n", out);
    for (int i = 0; i < ncols; i++) {
        fputs("    <variable name=\"", out);
        xml_text(out, columns[i]);
        fputs("\"/>\n", out);
    }
    fputs("  </head>\n  <results>\n", out);
}

/* A list has no XML form: its items' values as one literal. */
static void list_text(FILE *out, const mg_cell *c)
{
    if (c->kind != MG_CELL_LIST) {
        xml_text(out, c->value);
        return;
    }
    fputc('[', out);
    for (size_t i = 0; i < c->nitems; i++) {
        if (i)
            fputs(", ", out);
        list_text(out, &c->items[i]);
    }
    fputc(']', out);
}

void mg_results_xml_row(FILE *out, char *const *columns, int ncols,
                        const mg_cell *cells)
{
    fputs("    <result>\n", out);
    for (int i = 0; i < ncols; i++) {
        const mg_cell *c = &cells[i];
        if (c->kind == MG_CELL_UNBOUND)
            continue;
        fputs("      <binding name=\"", out);
        xml_text(out, columns[i]);
        fputs("\">", out);
        switch (c->kind) {
        case MG_CELL_IRI:
            fputs("<uri>", out);
            xml_text(out, c->value);
            fputs("</uri>", out);
            break;
        case MG_CELL_BLANK:
            fputs("<bnode>", out);
            xml_text(out, c->value);
            fputs("</bnode>", out);
            break;
        case MG_CELL_LIST:
            fputs("<literal>", out);
            list_text(out, c);
            fputs("</literal>", out);
            break;
        default:
            fputs("<literal", out);
            if (c->lang && *c->lang) {
                fputs(" xml:lang=\"", out);
                xml_text(out, c->lang);
                fputs("\"", out);
            } else if (c->datatype && *c->datatype) {
                fputs(" datatype=\"", out);
                xml_text(out, c->datatype);
                fputs("\"", out);
            }
            fputc('>', out);
            xml_text(out, c->value);
            fputs("</literal>", out);
            break;
        }
        fputs("</binding>\n", out);
    }
    fputs("    </result>\n", out);
}

void mg_results_xml_end(FILE *out)
{
    fputs("  </results>\n</sparql>\n", out);
}

void mg_results_xml_boolean(FILE *out, int value)
{
    fprintf(out, "<?xml version=\"1.0\"?>\n"
                 "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
                 "  <head/>\n  <boolean>%s</boolean>\n</sparql>\n",
            value ? "true" : "false");
}
