/*
 * out_json.c — Cytoscape.js JSON: {"data": {...}, "elements": {"nodes":
 * [{"data": {...}, "position": {...}}], "edges": [{"data": {...}}]}},
 * which cytoscape({elements}) and Cytoscape desktop (File > Import >
 * Network from File, .cyjs) both read.  Lists stay JSON arrays.  The HTML
 * page embeds this same text.
 */
#include <stdlib.h>

#include "network/network_internal.h"

static void list(FILE *out, const char *key, const mg_strlist *l)
{
    fprintf(out, ", \"%s\": [", key);
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            fputs(", ", out);
        mg_net_json(out, l->v[i]);
    }
    fputc(']', out);
}

static void str(FILE *out, const char *key, const char *v)
{
    fprintf(out, ", \"%s\": ", key);
    if (v)
        mg_net_json(out, v);
    else
        fputs("null", out);
}

mg_code mg_network_write_json(const mg_network *net, FILE *out, mg_status *st)
{
    mg_strlist kinds = {0};
    MG_TRY(mg_network_kinds(net, &kinds, st));
    fputs("{\"data\": {\"name\": ", out);
    mg_net_json(out, net->title);
    str(out, "description", net->description);
    fputs(", \"kinds\": [", out);
    for (size_t i = 0; i < kinds.n; i++) {
        char *w = mg_network_kind_words(kinds.v[i]);
        fputs(i ? ", {\"kind\": " : "{\"kind\": ", out);
        mg_net_json(out, kinds.v[i]);
        fputs(", \"words\": ", out);
        mg_net_json(out, w ? w : kinds.v[i]);
        fprintf(out, ", \"colour\": \"%s\"}", mg_network_kind_colour(kinds.v[i]));
        free(w);
    }
    mg_strlist_free(&kinds);
    /* the kinds of link, with the colour of their lines */
    mg_strlist links = {0};
    mg_code rc = MG_OK;
    for (size_t i = 0; rc == MG_OK && i < net->nedges; i++)
        for (size_t k = 0; rc == MG_OK && k < net->edges[i].kinds.n; k++)
            rc = mg_strlist_add_unique(&links, net->edges[i].kinds.v[k], st);
    fputs("], \"links\": [", out);
    for (size_t i = 0; i < links.n; i++) {
        fputs(i ? ", {\"kind\": " : "{\"kind\": ", out);
        mg_net_json(out, links.v[i]);
        fprintf(out, ", \"colour\": \"%.7s\"}", mg_network_link_colour(links.v[i]));
    }
    mg_strlist_free(&links);
    MG_TRY(rc);
    fputs("]},\n \"elements\": {\"nodes\": [\n", out);
    for (size_t i = 0; i < net->nnodes; i++) {
        const mg_net_node *n = &net->nodes[i];
        fputs("  {\"data\": {\"id\": ", out);
        mg_net_json(out, n->id);
        str(out, "label", n->label);
        str(out, "name", n->name);
        str(out, "kind", n->kind);
        fprintf(out, ", \"colour\": \"%s\"", mg_network_kind_colour(n->kind));
        list(out, "classes", &n->classes);
        list(out, "territory", &n->territory);
        str(out, "first", n->first);
        str(out, "last", n->last);
        fprintf(out, ", \"degree\": %ld, \"weighted_degree\": ", n->degree);
        mg_net_num(out, n->strength);
        fputs(", \"betweenness\": ", out);
        mg_net_num(out, n->betweenness);
        fprintf(out, ", \"community\": %ld", n->community);
        list(out, "evidence", &n->evidence);
        list(out, "documents", &n->docs);
        fputc('}', out);
        if (net->has_layout)
            fprintf(out, ", \"position\": {\"x\": %.1f, \"y\": %.1f}", n->x,
                    -n->y); /* Graphviz's y goes up, the screen's down */
        fputs(i + 1 < net->nnodes ? "},\n" : "}\n", out);
    }
    fputs(" ],\n \"edges\": [\n", out);
    for (size_t i = 0; i < net->nedges; i++) {
        const mg_net_edge *e = &net->edges[i];
        fprintf(out, "  {\"data\": {\"id\": \"e%zu\", \"source\": ", i);
        mg_net_json(out, net->nodes[e->source].id);
        fputs(", \"target\": ", out);
        mg_net_json(out, net->nodes[e->target].id);
        fputs(", \"weight\": ", out);
        mg_net_num(out, e->weight);
        fprintf(out, ", \"colour\": \"%.7s\"",
                mg_network_link_colour(e->kinds.n ? e->kinds.v[0] : ""));
        list(out, "kinds", &e->kinds);
        list(out, "via", &e->via);
        str(out, "first", e->first);
        str(out, "last", e->last);
        fputs(i + 1 < net->nedges ? "}},\n" : "}}\n", out);
    }
    fputs(" ]}}\n", out);
    return MG_OK;
}
