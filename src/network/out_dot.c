/*
 * out_dot.c — Graphviz DOT: an undirected graph whose nodes are the IRIs,
 * styled for a readable picture (colour by kind, text size by degree,
 * edge width by weight, a title and legend as the graph's label), with
 * the data as extra attributes (kind, weight, kinds, dates, metrics) that
 * Graphviz keeps and gvpr can read.  The SVG and PNG are this text laid
 * out by neato (layout.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "network/network_internal.h"

/* Dark fills get white text. */
static int is_dark(const char *hex)
{
    unsigned r, g, b;
    if (sscanf(hex, "#%02x%02x%02x", &r, &g, &b) != 3)
        return 0;
    return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

static void attr(FILE *out, const char *name, const char *value)
{
    if (!value)
        return;
    fprintf(out, ", %s=\"", name);
    mg_net_dot(out, value);
    fputc('"', out);
}

static void attr_list(FILE *out, const char *name, const mg_strlist *l,
                      const char *sep)
{
    if (!l->n)
        return;
    char *s = mg_strlist_join(l, sep);
    attr(out, name, s);
    free(s);
}

/* The title and the legend: an HTML-like table as the graph label, one
 * text cell per entry (a nested table would be stretched by Graphviz). */
static mg_code legend(const mg_network *net, FILE *out, mg_status *st)
{
    mg_strlist kinds = {0}, ekinds = {0};
    MG_TRY(mg_network_kinds(net, &kinds, st));
    mg_code rc = MG_OK;
    for (size_t i = 0; rc == MG_OK && i < net->nedges; i++)
        for (size_t k = 0; rc == MG_OK && k < net->edges[i].kinds.n; k++)
            rc = mg_strlist_add_unique(&ekinds, net->edges[i].kinds.v[k], st);
    if (rc != MG_OK) {
        mg_strlist_free(&kinds);
        return rc;
    }
    const size_t per_row = kinds.n > 12 ? 7 : 6;
    fputs("  label=<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" "
          "CELLPADDING=\"3\">\n", out);
    fprintf(out, "    <TR><TD ALIGN=\"LEFT\" COLSPAN=\"%zu\"><FONT "
                 "POINT-SIZE=\"22\"><B>", per_row);
    mg_net_xml(out, net->title);
    fputs("</B></FONT><FONT POINT-SIZE=\"14\" COLOR=\"#444444\">   ", out);
    mg_net_xml(out, net->description);
    fprintf(out, " — %zu nodes, %zu edges</FONT></TD></TR>\n", net->nnodes,
            net->nedges);
    for (size_t i = 0; i < kinds.n; i++) {
        if (i % per_row == 0)
            fputs("    <TR>", out);
        size_t count = 0;
        for (size_t j = 0; j < net->nnodes; j++)
            count += strcmp(net->nodes[j].kind, kinds.v[i]) == 0;
        char *words = mg_network_kind_words(kinds.v[i]);
        fprintf(out, "<TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\" POINT-SIZE=\"18\">"
                     "■</FONT><FONT POINT-SIZE=\"14\"> ",
                mg_network_kind_colour(kinds.v[i]));
        mg_net_xml(out, words ? words : kinds.v[i]);
        fprintf(out, " (%zu)  </FONT></TD>", count);
        free(words);
        if (i % per_row == per_row - 1 || i + 1 == kinds.n)
            fputs("</TR>\n", out);
    }
    fprintf(out, "    <TR><TD ALIGN=\"LEFT\" COLSPAN=\"%zu\">", per_row);
    for (size_t i = 0; i < ekinds.n; i++) {
        char colour[8];
        snprintf(colour, sizeof colour, "%.7s", mg_network_link_colour(ekinds.v[i]));
        fprintf(out, "<FONT COLOR=\"%s\" POINT-SIZE=\"14\"><B>━━━</B></FONT>"
                     "<FONT POINT-SIZE=\"14\"> ", colour);
        mg_net_xml(out, ekinds.v[i]);
        fputs("     </FONT>", out);
    }
    fputs("<FONT POINT-SIZE=\"13\" COLOR=\"#444444\">line width and number: "
          "links between the two; text size: number of neighbours</FONT>"
          "</TD></TR>\n", out);
    fputs("  </TABLE>>\n", out);
    mg_strlist_free(&kinds);
    mg_strlist_free(&ekinds);
    return MG_OK;
}

static void node_line(const mg_net_node *n, FILE *out)
{
    const char *fill = mg_network_kind_colour(n->kind);
    char *wrapped = mg_network_wrap(n->label, 18);
    double fs = 11 + 2.6 * log2((double)n->degree + 1) - 2.6;
    if (fs > 26)
        fs = 26;
    fputs("  \"", out);
    mg_net_dot(out, n->id);
    fprintf(out, "\" [label=\"");
    mg_net_dot(out, wrapped ? wrapped : n->label);
    fprintf(out, "\", fillcolor=\"%s\", fontcolor=\"%s\", fontsize=%.1f", fill,
            is_dark(fill) ? "#ffffff" : "#1a1a1a", fs);
    free(wrapped);
    char *tip = malloc(strlen(n->name) + strlen(n->kind) + 8);
    if (tip) {
        sprintf(tip, "%s (%s)", n->name, n->kind);
        attr(out, "tooltip", tip);
        free(tip);
    }
    attr(out, "kind", n->kind);
    attr(out, "name", n->name);
    attr_list(out, "territory", &n->territory, "; ");
    attr(out, "first", n->first);
    attr(out, "last", n->last);
    fprintf(out, ", degree=%ld, betweenness=\"%.6g\", community=%ld];\n",
            n->degree, n->betweenness, n->community);
}

static void edge_line(const mg_network *net, const mg_net_edge *e, FILE *out)
{
    double w = e->weight;
    double pw = 1.2 + 1.6 * (w - 1);
    if (pw > 9)
        pw = 9;
    fputs("  \"", out);
    mg_net_dot(out, net->nodes[e->source].id);
    fputs("\" -- \"", out);
    mg_net_dot(out, net->nodes[e->target].id);
    fputs("\" [weight=", out);
    mg_net_num(out, w);
    fprintf(out, ", penwidth=%.1f, color=\"", pw);
    for (size_t k = 0; k < e->kinds.n || k == 0; k++)
        fprintf(out, "%s%s", k ? ":" : "",
                mg_network_link_colour(e->kinds.n ? e->kinds.v[k] : ""));
    fputs("\"", out);
    if (w >= 2) {
        fputs(", label=\"", out);
        mg_net_num(out, w);
        fputs("\"", out);
    }
    attr_list(out, "kinds", &e->kinds, "; ");
    attr_list(out, "via", &e->via, "; ");
    attr(out, "first", e->first);
    attr(out, "last", e->last);
    char *k = mg_strlist_join(&e->kinds, ", "), *v = mg_strlist_join(&e->via, "; ");
    const char *a = net->nodes[e->source].label, *b = net->nodes[e->target].label;
    size_t len = strlen(a) + strlen(b) + (k ? strlen(k) : 0) + (v ? strlen(v) : 0) + 32;
    char *tip = malloc(len);
    if (tip) {
        snprintf(tip, len, "%s — %s%s%s%s%s", a, b, k && *k ? ": " : "",
                 k ? k : "", v && *v ? " — " : "", v ? v : "");
        attr(out, "tooltip", tip);
    }
    free(tip);
    free(k);
    free(v);
    fputs("];\n", out);
}

mg_code mg_network_write_dot(const mg_network *net, FILE *out, mg_status *st)
{
    fputs("graph \"", out);
    mg_net_dot(out, net->title);
    fputs("\" {\n", out);
    fputs("  graph [layout=neato, overlap=false, sep=\"+14\", esep=\"+6\", "
          "splines=true,\n"
          "         pack=true, packmode=\"graph\", outputorder=edgesfirst, "
          "pad=0.4, bgcolor=\"#ffffff\",\n"
          "         labelloc=t, labeljust=l, fontname=\"DejaVu Sans\", "
          "start=1];\n", out);
    fputs("  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu "
          "Sans\", color=\"#4d4d4d\",\n"
          "        penwidth=0.8, margin=\"0.10,0.05\"];\n", out);
    fputs("  edge [color=\"#5b6b7f99\", fontname=\"DejaVu Sans\", "
          "fontsize=12, fontcolor=\"#33415c\"];\n", out);
    MG_TRY(legend(net, out, st));
    for (size_t i = 0; i < net->nnodes; i++)
        node_line(&net->nodes[i], out);
    for (size_t i = 0; i < net->nedges; i++)
        edge_line(net, &net->edges[i], out);
    fputs("}\n", out);
    return MG_OK;
}
