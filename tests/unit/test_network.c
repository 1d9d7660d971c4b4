/* test_network.c — the network model, view queries, formats and the
 * igraph metrics on small hand-made graphs (no store needed). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "network/network.h"

static mg_net_node *find(mg_network *net, const char *id)
{
    for (size_t i = 0; i < net->nnodes; i++)
        if (strcmp(net->nodes[i].id, id) == 0)
            return &net->nodes[i];
    return NULL;
}

/* A star of 4 leaves around H plus the leaf pair L1-L2: by hand, H has
 * degree 4 and betweenness 5 (of the 6 pairs of leaves, all but L1-L2
 * pass through H); L1 and L2 degree 2, betweenness 0. */
static void test_star(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_network *net = NULL;
    CHECK_OK(mg_network_new("star", "test", &net, &st), &st);
    if (!net)
        return;
    const char *leaves[] = {"L1", "L2", "L3", "L4"};
    for (int i = 0; i < 4; i++)
        CHECK_OK(mg_network_link(net, "H", leaves[i], "k\tx", "k", NULL, NULL,
                                 1, &st), &st);
    /* the same link twice counts once; another link adds to the weight */
    CHECK_OK(mg_network_link(net, "L1", "L2", "k\te1", "k", "E1", "2023-05", 1, &st), &st);
    CHECK_OK(mg_network_link(net, "L2", "L1", "k\te1", "k", "E1", "2023-05", 1, &st), &st);
    CHECK_OK(mg_network_link(net, "L2", "L1", "k\te2", "k", "E2", "2021", 1, &st), &st);
    /* loops are not edges */
    CHECK_OK(mg_network_link(net, "H", "H", "k\tx", "k", NULL, NULL, 1, &st), &st);
    CHECK(net->nnodes == 5);
    CHECK(net->nedges == 5);
    CHECK_OK(mg_network_sort(net, &st), &st);
    CHECK_OK(mg_network_metrics(net, &st), &st);
    mg_net_node *h = find(net, "H"), *l1 = find(net, "L1"), *l3 = find(net, "L3");
    CHECK(h && l1 && l3);
    if (!h || !l1 || !l3) {
        mg_network_free(net);
        return;
    }
    CHECK(h->degree == 4);
    CHECK(fabs(h->betweenness - 5) < 1e-9);
    CHECK(l1->degree == 2 && fabs(l1->strength - 3) < 1e-9);
    CHECK(fabs(l1->betweenness) < 1e-9);
    CHECK(l3->degree == 1);
    CHECK(l1->first && strcmp(l1->first, "2021") == 0);
    CHECK(l1->last && strcmp(l1->last, "2023-05") == 0);
    /* --min-weight 2 keeps only L1-L2 (weight 2) and its two ends */
    CHECK_OK(mg_network_prune(net, 2, &st), &st);
    CHECK(net->nedges == 1 && net->nnodes == 2);
    CHECK(net->nedges == 1 && net->edges[0].weight == 2);
    CHECK(find(net, "H") == NULL);
    size_t idx = 99;
    CHECK_OK(mg_network_node(net, "L2", &idx, &st), &st);
    CHECK(idx < 2 && strcmp(net->nodes[idx].id, "L2") == 0);
    mg_network_free(net);
}

static void test_formats(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_network_format f;
    CHECK_OK(mg_network_format_parse("out/partners.SVG", &f, &st), &st);
    CHECK(f == MG_NET_SVG);
    CHECK_OK(mg_network_format_parse("x.gv", &f, &st), &st);
    CHECK(f == MG_NET_DOT);
    CHECK_OK(mg_network_format_parse("graphml", &f, &st), &st);
    CHECK(f == MG_NET_GRAPHML);
    CHECK_OK(mg_network_format_parse("a.b/page.html", &f, &st), &st);
    CHECK(f == MG_NET_HTML);
    CHECK(mg_network_format_parse("x.pdf", &f, &st) == MG_ERR_ARG);
    CHECK(strstr(st.msg, "gexf") != NULL);
}

static void test_view_queries(void)
{
    mg_status st;
    mg_status_clear(&st);
    char *q = NULL;
    mg_network_filter f = {"2023", "2024-02", "Grand \"Est\"", 0};
    CHECK_OK(mg_network_view_query("partners", &f, &q, &st), &st);
    CHECK(q && strstr(q, "e.startDate >= date(\"2023\")"));
    /* --until 2024-02 means up to the end of February: before March */
    CHECK(q && strstr(q, "e.startDate < date(\"2024-03\")"));
    CHECK(q && strstr(q, "fold(\"Grand \\\"Est\\\"\")"));
    CHECK(q && strstr(q, "UNION"));
    free(q);
    q = NULL;
    mg_network_filter leap = {NULL, "2024-02-29", NULL, 0};
    CHECK_OK(mg_network_view_query("speakers", &leap, &q, &st), &st);
    CHECK(q && strstr(q, "date(\"2024-03-01\")"));
    free(q);
    q = NULL;
    mg_network_filter dec = {NULL, "2023-12", NULL, 0};
    CHECK_OK(mg_network_view_query("speakers", &dec, &q, &st), &st);
    CHECK(q && strstr(q, "date(\"2024-01\")"));
    free(q);
    q = NULL;
    mg_network_filter bad = {"2023-02-30", NULL, NULL, 0};
    CHECK_OK(mg_network_view_query("speakers", &bad, &q, &st), &st); /* --since: date() judges */
    free(q);
    q = NULL;
    mg_network_filter bad2 = {NULL, "2023-02-30", NULL, 0};
    mg_status_clear(&st);
    CHECK(mg_network_view_query("speakers", &bad2, &q, &st) == MG_ERR_ARG);
    mg_status_clear(&st);
    CHECK(mg_network_view_query("speakrs", NULL, &q, &st) == MG_ERR_NOT_FOUND);
    CHECK(strstr(st.msg, "did you mean 'speakers'") != NULL);
}

static void test_style(void)
{
    mg_strlist l = {0};
    mg_status st;
    mg_status_clear(&st);
    CHECK_OK(mg_strlist_add(&l, "mg:Association", &st), &st);
    CHECK_OK(mg_strlist_add(&l, "mg:Network", &st), &st);
    CHECK_OK(mg_strlist_add(&l, "org:Organization", &st), &st);
    char *k = mg_network_kind_words("EssStructure");
    CHECK(k && strcmp(k, "ESS structure") == 0);
    free(k);
    k = mg_network_kind_words("LocalAuthority");
    CHECK(k && strcmp(k, "Local authority") == 0);
    free(k);
    CHECK(strcmp(mg_network_kind_colour("Network"),
                 mg_network_kind_colour("LocalAuthority")) != 0);
    CHECK(mg_network_kind_colour("SomethingNew")[0] == '#');
    char *j = mg_strlist_join(&l, ", ");
    CHECK(j && strcmp(j, "mg:Association, mg:Network, org:Organization") == 0);
    free(j);
    mg_strlist_free(&l);
}

int main(void)
{
    test_star();
    test_formats();
    test_view_queries();
    test_style();
    CHECK_DONE();
}
