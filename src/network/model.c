/*
 * model.c — the network model (network.h): nodes found by id, one edge
 * per unordered pair found by its two indexes, each edge's set of links.
 */
#include "network/network.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

mg_code mg_strlist_add(mg_strlist *l, const char *s, mg_status *st)
{
    if (mg_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != 0)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    char *c = strdup(s ? s : "");
    if (!c)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    l->v[l->n++] = c;
    return MG_OK;
}

int mg_strlist_has(const mg_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return 1;
    return 0;
}

mg_code mg_strlist_add_unique(mg_strlist *l, const char *s, mg_status *st)
{
    if (!s || mg_strlist_has(l, s))
        return MG_OK;
    return mg_strlist_add(l, s, st);
}

char *mg_strlist_join(const mg_strlist *l, const char *sep)
{
    size_t len = 1, seplen = strlen(sep);
    for (size_t i = 0; i < l->n; i++)
        len += strlen(l->v[i]) + seplen;
    char *out = malloc(len), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < l->n; i++) {
        if (i) {
            memcpy(p, sep, seplen);
            p += seplen;
        }
        size_t n = strlen(l->v[i]);
        memcpy(p, l->v[i], n);
        p += n;
    }
    *p = '\0';
    return out;
}

void mg_strlist_free(mg_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

mg_code mg_network_new(const char *title, const char *description,
                       mg_network **out, mg_status *st)
{
    mg_network *net = calloc(1, sizeof *net);
    if (!net)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    net->title = strdup(title ? title : "network");
    net->description = strdup(description ? description : "");
    if (!net->title || !net->description) {
        mg_network_free(net);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    *out = net;
    return MG_OK;
}

static void node_free(mg_net_node *n)
{
    free(n->id);
    free(n->label);
    free(n->name);
    free(n->kind);
    free(n->first);
    free(n->last);
    mg_strlist_free(&n->classes);
    mg_strlist_free(&n->territory);
    mg_strlist_free(&n->evidence);
    mg_strlist_free(&n->docs);
}

static void edge_free(mg_net_edge *e)
{
    mg_strlist_free(&e->links);
    mg_strlist_free(&e->kinds);
    mg_strlist_free(&e->via);
    free(e->first);
    free(e->last);
}

void mg_network_free(mg_network *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->nnodes; i++)
        node_free(&net->nodes[i]);
    for (size_t i = 0; i < net->nedges; i++)
        edge_free(&net->edges[i]);
    free(net->nodes);
    free(net->edges);
    free(net->node_tab);
    free(net->edge_tab);
    free(net->title);
    free(net->description);
    free(net);
}

static uint64_t str_hash(const char *s)
{
    return mg_fnv1a64(MG_FNV_OFFSET, s, strlen(s));
}

static uint64_t pair_hash(size_t a, size_t b)
{
    uint64_t k[2] = {a, b};
    return mg_fnv1a64(MG_FNV_OFFSET, k, sizeof k);
}

/* Rebuilds both tables at a capacity above twice the counts. */
static mg_code rehash(mg_network *net, mg_status *st)
{
    size_t ncap = 64, ecap = 64;
    while (ncap < 2 * (net->nnodes + 1))
        ncap *= 2;
    while (ecap < 2 * (net->nedges + 1))
        ecap *= 2;
    size_t *nt = calloc(ncap, sizeof *nt), *et = calloc(ecap, sizeof *et);
    if (!nt || !et) {
        free(nt);
        free(et);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < net->nnodes; i++) {
        size_t h = str_hash(net->nodes[i].id) & (ncap - 1);
        while (nt[h])
            h = (h + 1) & (ncap - 1);
        nt[h] = i + 1;
    }
    for (size_t i = 0; i < net->nedges; i++) {
        const mg_net_edge *e = &net->edges[i];
        size_t a = e->source < e->target ? e->source : e->target;
        size_t b = e->source < e->target ? e->target : e->source;
        size_t h = pair_hash(a, b) & (ecap - 1);
        while (et[h])
            h = (h + 1) & (ecap - 1);
        et[h] = i + 1;
    }
    free(net->node_tab);
    free(net->edge_tab);
    net->node_tab = nt;
    net->node_tab_cap = ncap;
    net->edge_tab = et;
    net->edge_tab_cap = ecap;
    return MG_OK;
}

static mg_code ensure_tables(mg_network *net, mg_status *st)
{
    if (net->node_tab && 2 * (net->nnodes + 1) <= net->node_tab_cap &&
        2 * (net->nedges + 1) <= net->edge_tab_cap)
        return MG_OK;
    return rehash(net, st);
}

mg_code mg_network_node(mg_network *net, const char *id, size_t *index,
                        mg_status *st)
{
    MG_TRY(ensure_tables(net, st));
    size_t mask = net->node_tab_cap - 1, h = str_hash(id) & mask;
    while (net->node_tab[h]) {
        size_t i = net->node_tab[h] - 1;
        if (strcmp(net->nodes[i].id, id) == 0) {
            *index = i;
            return MG_OK;
        }
        h = (h + 1) & mask;
    }
    if (mg_grow((void **)&net->nodes, &net->ncap, net->nnodes + 1,
                sizeof *net->nodes) != 0)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_net_node *n = &net->nodes[net->nnodes];
    memset(n, 0, sizeof *n);
    n->id = strdup(id);
    if (!n->id)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    net->node_tab[h] = ++net->nnodes;
    *index = net->nnodes - 1;
    return MG_OK;
}

static mg_code find_edge(mg_network *net, size_t a, size_t b, size_t *index,
                         mg_status *st)
{
    MG_TRY(ensure_tables(net, st));
    size_t lo = a < b ? a : b, hi = a < b ? b : a;
    size_t mask = net->edge_tab_cap - 1, h = pair_hash(lo, hi) & mask;
    while (net->edge_tab[h]) {
        size_t i = net->edge_tab[h] - 1;
        const mg_net_edge *e = &net->edges[i];
        if ((e->source == lo && e->target == hi) ||
            (e->source == hi && e->target == lo)) {
            *index = i;
            return MG_OK;
        }
        h = (h + 1) & mask;
    }
    if (mg_grow((void **)&net->edges, &net->ecap, net->nedges + 1,
                sizeof *net->edges) != 0)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_net_edge *e = &net->edges[net->nedges];
    memset(e, 0, sizeof *e);
    e->source = a;
    e->target = b;
    net->edge_tab[h] = ++net->nedges;
    *index = net->nedges - 1;
    return MG_OK;
}

/* Dates compare as strings: ISO forms of any precision sort by start. */
static mg_code widen(char **first, char **last, const char *date,
                     mg_status *st)
{
    if (!date || !*date)
        return MG_OK;
    if (!*first || strcmp(date, *first) < 0) {
        char *c = strdup(date);
        if (!c)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        free(*first);
        *first = c;
    }
    if (!*last || strcmp(date, *last) > 0) {
        char *c = strdup(date);
        if (!c)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        free(*last);
        *last = c;
    }
    return MG_OK;
}

mg_code mg_network_link(mg_network *net, const char *a, const char *b,
                        const char *link, const char *kind,
                        const char *via_label, const char *date,
                        double weight, mg_status *st)
{
    size_t ia = 0, ib = 0, ie = 0;
    if (strcmp(a, b) == 0)
        return MG_OK; /* no loops: a node is not its own partner */
    MG_TRY(mg_network_node(net, a, &ia, st));
    MG_TRY(mg_network_node(net, b, &ib, st));
    MG_TRY(find_edge(net, ia, ib, &ie, st));
    mg_net_edge *e = &net->edges[ie];
    if (!link || !mg_strlist_has(&e->links, link)) {
        if (link)
            MG_TRY(mg_strlist_add(&e->links, link, st));
        e->weight += weight > 0 ? weight : 1;
    }
    MG_TRY(mg_strlist_add_unique(&e->kinds, kind, st));
    MG_TRY(mg_strlist_add_unique(&e->via, via_label, st));
    MG_TRY(widen(&e->first, &e->last, date, st));
    MG_TRY(widen(&net->nodes[ia].first, &net->nodes[ia].last, date, st));
    MG_TRY(widen(&net->nodes[ib].first, &net->nodes[ib].last, date, st));
    return MG_OK;
}

mg_code mg_network_prune(mg_network *net, double min_weight, mg_status *st)
{
    size_t ne = 0;
    for (size_t i = 0; i < net->nedges; i++) {
        if (net->edges[i].weight < min_weight)
            edge_free(&net->edges[i]);
        else
            net->edges[ne++] = net->edges[i];
    }
    net->nedges = ne;
    size_t *map = malloc((net->nnodes + 1) * sizeof *map);
    char *used = calloc(net->nnodes + 1, 1);
    if (!map || !used) {
        free(map);
        free(used);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < ne; i++)
        used[net->edges[i].source] = used[net->edges[i].target] = 1;
    size_t nn = 0;
    for (size_t i = 0; i < net->nnodes; i++) {
        if (used[i]) {
            map[i] = nn;
            net->nodes[nn++] = net->nodes[i];
        } else {
            node_free(&net->nodes[i]);
        }
    }
    net->nnodes = nn;
    for (size_t i = 0; i < ne; i++) {
        net->edges[i].source = map[net->edges[i].source];
        net->edges[i].target = map[net->edges[i].target];
    }
    free(map);
    free(used);
    return rehash(net, st);
}

static int cmp_node(const void *a, const void *b)
{
    return strcmp(((const mg_net_node *)a)->id, ((const mg_net_node *)b)->id);
}

static int cmp_edge(const void *a, const void *b)
{
    const mg_net_edge *x = a, *y = b;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    if (x->target != y->target)
        return x->target < y->target ? -1 : 1;
    return 0;
}

mg_code mg_network_sort(mg_network *net, mg_status *st)
{
    /* Sort nodes, keeping the old index in `community` meanwhile. */
    for (size_t i = 0; i < net->nnodes; i++)
        net->nodes[i].community = (long)i;
    qsort(net->nodes, net->nnodes, sizeof *net->nodes, cmp_node);
    size_t *map = malloc((net->nnodes + 1) * sizeof *map);
    if (!map)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < net->nnodes; i++) {
        map[net->nodes[i].community] = i;
        net->nodes[i].community = 0;
    }
    for (size_t i = 0; i < net->nedges; i++) {
        mg_net_edge *e = &net->edges[i];
        e->source = map[e->source];
        e->target = map[e->target];
    }
    free(map);
    qsort(net->edges, net->nedges, sizeof *net->edges, cmp_edge);
    return rehash(net, st);
}
