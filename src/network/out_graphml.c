/*
 * out_graphml.c — GraphML (graphml.graphdrawing.org): every attribute
 * declared as a <key> (node keys n_*, edge keys e_*), the label and the
 * weight included, for yEd, Cytoscape desktop, NetworkX, igraph...
 */
#include <stdlib.h>

#include "network/network_internal.h"

static const char *graphml_type(mg_net_ftype t)
{
    return t == MG_NF_INT ? "long" : t == MG_NF_DOUBLE ? "double" : "string";
}

static void data(FILE *out, const char *prefix, const char *id, char *v)
{
    fprintf(out, "      <data key=\"%s%s\">", prefix, id);
    mg_net_xml(out, v ? v : "");
    fputs("</data>\n", out);
    free(v);
}

mg_code mg_network_write_graphml(const mg_network *net, FILE *out,
                                 mg_status *st)
{
    (void)st;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", out);
    fputs("  <key id=\"n_label\" for=\"node\" attr.name=\"label\" "
          "attr.type=\"string\"/>\n", out);
    for (const mg_net_field *f = mg_net_node_fields; f->id; f++)
        fprintf(out, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" "
                     "attr.type=\"%s\"/>\n", f->id, f->id, graphml_type(f->type));
    fputs("  <key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" "
          "attr.type=\"double\"/>\n", out);
    for (const mg_net_field *f = mg_net_edge_fields; f->id; f++)
        fprintf(out, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" "
                     "attr.type=\"%s\"/>\n", f->id, f->id, graphml_type(f->type));
    fputs("  <graph id=\"", out);
    mg_net_xml(out, net->title);
    fputs("\" edgedefault=\"undirected\">\n", out);
    for (size_t i = 0; i < net->nnodes; i++) {
        const mg_net_node *n = &net->nodes[i];
        fputs("    <node id=\"", out);
        mg_net_xml(out, n->id);
        fputs("\">\n      <data key=\"n_label\">", out);
        mg_net_xml(out, n->label);
        fputs("</data>\n", out);
        for (size_t k = 0; mg_net_node_fields[k].id; k++)
            data(out, "n_", mg_net_node_fields[k].id, mg_net_node_value(n, k));
        fputs("    </node>\n", out);
    }
    for (size_t i = 0; i < net->nedges; i++) {
        const mg_net_edge *e = &net->edges[i];
        fprintf(out, "    <edge id=\"e%zu\" source=\"", i);
        mg_net_xml(out, net->nodes[e->source].id);
        fputs("\" target=\"", out);
        mg_net_xml(out, net->nodes[e->target].id);
        fputs("\">\n      <data key=\"e_weight\">", out);
        mg_net_num(out, e->weight);
        fputs("</data>\n", out);
        for (size_t k = 0; mg_net_edge_fields[k].id; k++)
            data(out, "e_", mg_net_edge_fields[k].id, mg_net_edge_value(e, k));
        fputs("    </edge>\n", out);
    }
    fputs("  </graph>\n</graphml>\n", out);
    return MG_OK;
}
