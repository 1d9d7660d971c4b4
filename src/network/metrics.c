/*
 * metrics.c — degree, weighted degree, betweenness and communities of
 * every node, computed by igraph's C library on the undirected weighted
 * graph.  igraph's error handler is set to "ignore" while we call it, so
 * a failure comes back as a code (never an abort()).
 */
#include <igraph.h>
#include <pthread.h>
#include <stdlib.h>

#include "network/network.h"

typedef struct ig_state {
    igraph_t g;
    igraph_vector_int_t edges, membership, deg;
    igraph_vector_t weights, strength, betw;
    int have_graph;
} ig_state;

static void ig_free(ig_state *s)
{
    if (s->have_graph)
        igraph_destroy(&s->g);
    igraph_vector_int_destroy(&s->edges);
    igraph_vector_int_destroy(&s->membership);
    igraph_vector_int_destroy(&s->deg);
    igraph_vector_destroy(&s->weights);
    igraph_vector_destroy(&s->strength);
    igraph_vector_destroy(&s->betw);
}

static mg_code ig_fail(igraph_error_t e, const char *what, mg_status *st)
{
    if (e == IGRAPH_ENOMEM)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory (igraph: %s)", what);
    return mg_fail(st, MG_ERR_INTERNAL, "igraph: %s failed: %s", what,
                   igraph_strerror(e));
}

/* Renumbers communities from 1 by decreasing size (ties: the community
 * of the earlier node first), so numbers do not depend on igraph's. */
static mg_code renumber(mg_network *net, const igraph_vector_int_t *m,
                        mg_status *st)
{
    size_t n = net->nnodes;
    long *size = calloc(n + 1, sizeof *size), *rank = calloc(n + 1, sizeof *rank);
    if (!size || !rank) {
        free(size);
        free(rank);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        size[VECTOR(*m)[i]]++;
    long next = 1;
    for (;;) {
        long best = -1;
        for (size_t i = 0; i < n; i++) {
            long c = (long)VECTOR(*m)[i];
            if (!rank[c] && (best < 0 || size[c] > size[best]))
                best = c;
        }
        if (best < 0)
            break;
        rank[best] = next++;
    }
    for (size_t i = 0; i < n; i++)
        net->nodes[i].community = rank[VECTOR(*m)[i]];
    free(size);
    free(rank);
    return MG_OK;
}

/* igraph's error handlers and default random generator are process-wide:
 * one computation at a time (the server's worker threads). */
static pthread_mutex_t ig_lock = PTHREAD_MUTEX_INITIALIZER;

static mg_code metrics_locked(mg_network *net, mg_status *st);

mg_code mg_network_metrics(mg_network *net, mg_status *st)
{
    pthread_mutex_lock(&ig_lock);
    mg_code rc = metrics_locked(net, st);
    pthread_mutex_unlock(&ig_lock);
    return rc;
}

static mg_code metrics_locked(mg_network *net, mg_status *st)
{
    size_t n = net->nnodes, m = net->nedges;
    net->has_metrics = 1;
    if (n == 0)
        return MG_OK;
    igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_warning_handler_t *oldw = igraph_set_warning_handler(igraph_warning_handler_ignore);
    ig_state s = {0};
    igraph_error_t e = IGRAPH_SUCCESS;
    const char *what = "allocation";
    mg_code rc = MG_OK;
    if ((e = igraph_vector_int_init(&s.edges, (igraph_integer_t)(2 * m))) ||
        (e = igraph_vector_int_init(&s.membership, 0)) ||
        (e = igraph_vector_int_init(&s.deg, 0)) ||
        (e = igraph_vector_init(&s.weights, (igraph_integer_t)m)) ||
        (e = igraph_vector_init(&s.strength, 0)) ||
        (e = igraph_vector_init(&s.betw, 0)))
        goto done;
    for (size_t i = 0; i < m; i++) {
        VECTOR(s.edges)[2 * i] = (igraph_integer_t)net->edges[i].source;
        VECTOR(s.edges)[2 * i + 1] = (igraph_integer_t)net->edges[i].target;
        VECTOR(s.weights)[i] = net->edges[i].weight;
    }
    what = "building the graph";
    if ((e = igraph_create(&s.g, &s.edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED)))
        goto done;
    s.have_graph = 1;
    what = "degree";
    if ((e = igraph_degree(&s.g, &s.deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS)))
        goto done;
    what = "strength";
    if ((e = igraph_strength(&s.g, &s.strength, igraph_vss_all(), IGRAPH_ALL,
                             IGRAPH_LOOPS, &s.weights)))
        goto done;
    what = "betweenness";
    if ((e = igraph_betweenness(&s.g, &s.betw, igraph_vss_all(), 0, NULL)))
        goto done;
    what = "communities";
    igraph_rng_seed(igraph_rng_default(), 20240601);
    if ((e = igraph_community_multilevel(&s.g, &s.weights, 1.0, &s.membership,
                                         NULL, NULL)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        net->nodes[i].degree = (long)VECTOR(s.deg)[i];
        net->nodes[i].strength = VECTOR(s.strength)[i];
        net->nodes[i].betweenness = VECTOR(s.betw)[i];
    }
    rc = renumber(net, &s.membership, st);
done:
    if (e)
        rc = ig_fail(e, what, st);
    ig_free(&s);
    igraph_set_error_handler(old);
    igraph_set_warning_handler(oldw);
    return rc;
}
