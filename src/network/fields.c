/*
 * fields.c — the node and edge attributes the file formats carry (GEXF,
 * GraphML, Cytoscape JSON), declared once so the three agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network/network_internal.h"

const mg_net_field mg_net_node_fields[] = {
    {"kind", "kind (class)", MG_NF_STRING},
    {"name", "full name", MG_NF_STRING},
    {"iri", "IRI", MG_NF_STRING},
    {"classes", "classes", MG_NF_STRING},
    {"territory", "territories served", MG_NF_STRING},
    {"first", "first date", MG_NF_STRING},
    {"last", "last date", MG_NF_STRING},
    {"degree", "degree", MG_NF_INT},
    {"weighted_degree", "weighted degree", MG_NF_DOUBLE},
    {"betweenness", "betweenness", MG_NF_DOUBLE},
    {"community", "community", MG_NF_INT},
    {"evidence", "evidence quotes", MG_NF_STRING},
    {"documents", "source documents", MG_NF_STRING},
    {NULL, NULL, MG_NF_STRING},
};

const mg_net_field mg_net_edge_fields[] = {
    {"kinds", "kinds of link", MG_NF_STRING},
    {"via", "through (events, people)", MG_NF_STRING},
    {"first", "first date", MG_NF_STRING},
    {"last", "last date", MG_NF_STRING},
    {NULL, NULL, MG_NF_STRING},
};

static char *num(double v, int integer)
{
    char buf[64];
    if (integer)
        snprintf(buf, sizeof buf, "%.0f", v);
    else
        snprintf(buf, sizeof buf, "%.6g", v);
    return strdup(buf);
}

static char *str(const char *s)
{
    return strdup(s ? s : "");
}

char *mg_net_node_value(const mg_net_node *n, size_t k)
{
    switch (k) {
    case 0: return str(n->kind);
    case 1: return str(n->name);
    case 2: return str(n->id);
    case 3: return mg_strlist_join(&n->classes, " | ");
    case 4: return mg_strlist_join(&n->territory, " | ");
    case 5: return str(n->first);
    case 6: return str(n->last);
    case 7: return num((double)n->degree, 1);
    case 8: return num(n->strength, 0);
    case 9: return num(n->betweenness, 0);
    case 10: return num((double)n->community, 1);
    case 11: return mg_strlist_join(&n->evidence, " | ");
    case 12: return mg_strlist_join(&n->docs, " | ");
    default: return str("");
    }
}

char *mg_net_edge_value(const mg_net_edge *e, size_t k)
{
    switch (k) {
    case 0: return mg_strlist_join(&e->kinds, " | ");
    case 1: return mg_strlist_join(&e->via, " | ");
    case 2: return str(e->first);
    case 3: return str(e->last);
    default: return str("");
    }
}
