/*
 * out_gexf.c — GEXF 1.3 (gexf.net), the format Gephi opens: the kinds,
 * labels, weights, dates and metrics as declared attributes (every node
 * and edge has a value for each), colours, sizes and the Graphviz layout
 * in the viz namespace so Gephi opens on the same picture.
 */
#include <stdlib.h>

#include "network/network_internal.h"

static const char *gexf_type(mg_net_ftype t)
{
    return t == MG_NF_INT ? "integer" : t == MG_NF_DOUBLE ? "double" : "string";
}

static void declare(FILE *out, const char *cls, const mg_net_field *f)
{
    fprintf(out, "    <attributes class=\"%s\">\n", cls);
    for (; f->id; f++)
        fprintf(out, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n",
                f->id, f->title, gexf_type(f->type));
    fputs("    </attributes>\n", out);
}

static void value(FILE *out, const char *id, char *v)
{
    fprintf(out, "        <attvalue for=\"%s\" value=\"", id);
    mg_net_xml(out, v ? v : "");
    fputs("\"/>\n", out);
    free(v);
}

mg_code mg_network_write_gexf(const mg_network *net, FILE *out, mg_status *st)
{
    (void)st;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" "
          "xmlns:viz=\"http://gexf.net/1.3/viz\"\n"
          "      xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "      xsi:schemaLocation=\"http://gexf.net/1.3 "
          "http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n", out);
    fputs("  <meta>\n    <creator>Maillage</creator>\n"
          "    <description>", out);
    mg_net_xml(out, net->title);
    fputs(": ", out);
    mg_net_xml(out, net->description);
    fputs("</description>\n  </meta>\n", out);
    fputs("  <graph mode=\"static\" defaultedgetype=\"undirected\">\n", out);
    declare(out, "node", mg_net_node_fields);
    declare(out, "edge", mg_net_edge_fields);
    fputs("    <nodes>\n", out);
    for (size_t i = 0; i < net->nnodes; i++) {
        const mg_net_node *n = &net->nodes[i];
        fputs("      <node id=\"", out);
        mg_net_xml(out, n->id);
        fputs("\" label=\"", out);
        mg_net_xml(out, n->label);
        fputs("\">\n        <attvalues>\n", out);
        for (size_t k = 0; mg_net_node_fields[k].id; k++)
            value(out, mg_net_node_fields[k].id, mg_net_node_value(n, k));
        fputs("        </attvalues>\n", out);
        unsigned r = 0, g = 0, b = 0;
        sscanf(mg_network_kind_colour(n->kind), "#%02x%02x%02x", &r, &g, &b);
        fprintf(out, "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n", r, g, b);
        fprintf(out, "        <viz:size value=\"%.1f\"/>\n", 6.0 + 3.0 * (double)n->degree);
        if (net->has_layout)
            fprintf(out, "        <viz:position x=\"%.1f\" y=\"%.1f\" z=\"0.0\"/>\n",
                    n->x, n->y);
        fputs("      </node>\n", out);
    }
    fputs("    </nodes>\n    <edges>\n", out);
    for (size_t i = 0; i < net->nedges; i++) {
        const mg_net_edge *e = &net->edges[i];
        fprintf(out, "      <edge id=\"e%zu\" source=\"", i);
        mg_net_xml(out, net->nodes[e->source].id);
        fputs("\" target=\"", out);
        mg_net_xml(out, net->nodes[e->target].id);
        fputs("\" weight=\"", out);
        mg_net_num(out, e->weight);
        fputs("\">\n        <attvalues>\n", out);
        for (size_t k = 0; mg_net_edge_fields[k].id; k++)
            value(out, mg_net_edge_fields[k].id, mg_net_edge_value(e, k));
        fputs("        </attvalues>\n      </edge>\n", out);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", out);
    return MG_OK;
}
