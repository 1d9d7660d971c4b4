/*
 * format.c — output formats by name or file extension, mg_network_write
 * (metrics and layout first, as each format needs), and the metrics
 * table through output/results.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "network/network_internal.h"
#include "output/results.h"

static const struct {
    const char *name;
    mg_network_format f;
} names[] = {
    {"dot", MG_NET_DOT},         {"gv", MG_NET_DOT},
    {"svg", MG_NET_SVG},         {"png", MG_NET_PNG},
    {"gexf", MG_NET_GEXF},       {"graphml", MG_NET_GRAPHML},
    {"json", MG_NET_JSON},       {"cytoscape", MG_NET_JSON},
    {"cyjs", MG_NET_JSON},       {"html", MG_NET_HTML},
    {"htm", MG_NET_HTML},        {NULL, MG_NET_DOT},
};

mg_code mg_network_format_parse(const char *s, mg_network_format *f,
                                mg_status *st)
{
    const char *slash = strrchr(s, '/');
    const char *base = slash ? slash + 1 : s;
    const char *dot = strrchr(base, '.');
    const char *key = dot ? dot + 1 : s;
    for (size_t i = 0; names[i].name; i++)
        if (strcasecmp(names[i].name, key) == 0) {
            *f = names[i].f;
            return MG_OK;
        }
    return mg_fail(st, MG_ERR_ARG,
                   "unknown network format '%s' (dot, svg, png, gexf, graphml, "
                   "json, html; or a file name ending in .dot .gv .svg .png "
                   ".gexf .graphml .json .html)", s);
}

const char *mg_network_format_name(mg_network_format f)
{
    static const char *const n[] = {"dot", "svg", "png", "gexf", "graphml",
                                    "json", "html"};
    return (unsigned)f < sizeof n / sizeof n[0] ? n[f] : "?";
}

mg_code mg_network_write(mg_network *net, mg_network_format f, FILE *out,
                         mg_status *st)
{
    if (!net->has_metrics)
        MG_TRY(mg_network_metrics(net, st));
    if (!net->has_layout && net->nnodes &&
        (f == MG_NET_GEXF || f == MG_NET_JSON || f == MG_NET_HTML))
        MG_TRY(mg_network_layout(net, st));
    mg_code rc;
    switch (f) {
    case MG_NET_DOT: rc = mg_network_write_dot(net, out, st); break;
    case MG_NET_SVG:
    case MG_NET_PNG: rc = mg_network_render(net, f, out, st); break;
    case MG_NET_GEXF: rc = mg_network_write_gexf(net, out, st); break;
    case MG_NET_GRAPHML: rc = mg_network_write_graphml(net, out, st); break;
    case MG_NET_JSON: rc = mg_network_write_json(net, out, st); break;
    case MG_NET_HTML: rc = mg_network_write_html(net, out, st); break;
    default: rc = mg_fail(st, MG_ERR_ARG, "unknown network format");
    }
    MG_TRY(rc);
    if (fflush(out) != 0 || ferror(out))
        return mg_fail(st, MG_ERR_IO, "cannot write the network");
    return MG_OK;
}

static int by_importance(const void *a, const void *b)
{
    const mg_net_node *x = *(const mg_net_node *const *)a;
    const mg_net_node *y = *(const mg_net_node *const *)b;
    if (x->betweenness != y->betweenness)
        return x->betweenness > y->betweenness ? -1 : 1;
    if (x->strength != y->strength)
        return x->strength > y->strength ? -1 : 1;
    return strcmp(x->id, y->id);
}

static mg_cell text_cell(const char *v)
{
    mg_cell c = {MG_CELL_LITERAL, v, NULL, NULL, NULL, 0};
    return c;
}

static mg_cell num_cell(const char *v, const char *type)
{
    mg_cell c = {MG_CELL_LITERAL, v, NULL, type, NULL, 0};
    return c;
}

mg_code mg_network_write_metrics(mg_network *net, const char *format,
                                 FILE *out, mg_status *st)
{
    static const char *const cols[] = {"node", "label", "kind", "degree",
                                       "weighted_degree", "betweenness",
                                       "community"};
    static const char xint[] = "http://www.w3.org/2001/XMLSchema#integer";
    static const char xdec[] = "http://www.w3.org/2001/XMLSchema#decimal";
    mg_results_format rf;
    MG_TRY(mg_results_format_parse(format, 1, &rf, st));
    if (!net->has_metrics)
        MG_TRY(mg_network_metrics(net, st));
    const mg_net_node **order = malloc((net->nnodes + 1) * sizeof *order);
    if (!order)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < net->nnodes; i++)
        order[i] = &net->nodes[i];
    qsort(order, net->nnodes, sizeof *order, by_importance);
    mg_results *w = NULL;
    mg_code rc = mg_results_new(out, rf, cols, 7, &w, st);
    for (size_t i = 0; rc == MG_OK && i < net->nnodes; i++) {
        const mg_net_node *n = order[i];
        char deg[32], str[64], betw[64], com[32];
        snprintf(deg, sizeof deg, "%ld", n->degree);
        snprintf(str, sizeof str, "%.6g", n->strength);
        snprintf(betw, sizeof betw, "%.6g", n->betweenness);
        snprintf(com, sizeof com, "%ld", n->community);
        mg_cell cells[7] = {{MG_CELL_IRI, n->id, NULL, NULL, NULL, 0},
                            text_cell(n->label), text_cell(n->kind),
                            num_cell(deg, xint), num_cell(str, xdec),
                            num_cell(betw, xdec), num_cell(com, xint)};
        rc = mg_results_row(w, cells, st);
    }
    free(order);
    if (w) {
        if (rc == MG_OK)
            rc = mg_results_finish(w, st);
        else
            mg_results_free(w);
    }
    return rc;
}
