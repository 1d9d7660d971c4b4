/*
 * layout.c — Graphviz's library (libgvc, libcgraph): the DOT text of
 * out_dot.c laid out by neato, rendered as SVG or PNG, or read back as
 * node positions for the HTML page (so the page opens on the same
 * picture).  Every Graphviz object but the context (below) is freed before
 * returning.
 *
 * Graphviz's library is not thread-safe (global error handler, plugin
 * and font state), so every call into it, and gv_errors which its error
 * handler fills, is serialised by gv_lock: the server's worker threads
 * may draw networks at the same time.
 *
 * One Graphviz context serves the whole process and is never freed: the
 * pango text plugin remembers the last font name by pointer into the
 * context's font table, so freeing a context and making another one (the
 * second picture a server draws) would read freed memory.
 */
#include <gvc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "network/network.h"

typedef struct gv_job {
    GVC_t *gvc;
    Agraph_t *g;
    char *dot;
    int laid_out;
} gv_job;

static void job_free(gv_job *j)
{
    if (j->laid_out)
        gvFreeLayout(j->gvc, j->g);
    if (j->g)
        agclose(j->g);
    free(j->dot);
}

static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static char gv_errors[512]; /* guarded by gv_lock */
static GVC_t *gv_context;   /* guarded by gv_lock; lives until exit */

static int on_gv_error(char *msg)
{
    size_t len = strlen(gv_errors);
    snprintf(gv_errors + len, sizeof gv_errors - len, "%s", msg);
    return 0;
}

/* The DOT text of net, parsed and laid out. */
static mg_code job_layout(const mg_network *net, gv_job *j, mg_status *st)
{
    size_t len = 0;
    FILE *m = open_memstream(&j->dot, &len);
    if (!m)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    mg_code rc = mg_network_write_dot(net, m, st);
    if (fclose(m) != 0 && rc == MG_OK)
        rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
    MG_TRY(rc);
    gv_errors[0] = '\0';
    agseterrf(on_gv_error);
    agseterr(AGERR);
    if (!gv_context)
        gv_context = gvContext();
    j->gvc = gv_context;
    if (!j->gvc)
        return mg_fail(st, MG_ERR_INTERNAL, "Graphviz: no context");
    j->g = agmemread(j->dot);
    if (!j->g)
        return mg_fail(st, MG_ERR_INTERNAL,
                       "Graphviz could not read the DOT text: %s", gv_errors);
    if (gvLayout(j->gvc, j->g, "neato") != 0)
        return mg_fail(st, MG_ERR_INTERNAL, "Graphviz layout failed: %s",
                       gv_errors);
    j->laid_out = 1;
    return MG_OK;
}

mg_code mg_network_render(const mg_network *net, mg_network_format f,
                          FILE *out, mg_status *st)
{
    gv_job j = {0};
    pthread_mutex_lock(&gv_lock);
    mg_code rc = job_layout(net, &j, st);
    char *data = NULL;
    size_t len = 0;
    /* cairo gives anti-aliased PNG text; "svg" is Graphviz's own writer */
    const char *fmt = f == MG_NET_PNG ? "png:cairo" : "svg";
    if (rc == MG_OK) {
        unsigned int ulen = 0;
        if (gvRenderData(j.gvc, j.g, fmt, &data, &ulen) != 0 || !data)
            rc = mg_fail(st, MG_ERR_UNSUPPORTED,
                         "Graphviz cannot render %s here (is the graphviz "
                         "package with its cairo plugin installed?)%s%s",
                         f == MG_NET_PNG ? "PNG" : "SVG",
                         gv_errors[0] ? ": " : "", gv_errors);
        len = ulen;
    }
    if (rc == MG_OK && fwrite(data, 1, len, out) != len)
        rc = mg_fail(st, MG_ERR_IO, "cannot write the picture");
    if (data)
        gvFreeRenderData(data);
    job_free(&j);
    pthread_mutex_unlock(&gv_lock);
    return rc;
}

mg_code mg_network_layout(mg_network *net, mg_status *st)
{
    gv_job j = {0};
    pthread_mutex_lock(&gv_lock);
    mg_code rc = job_layout(net, &j, st);
    for (size_t i = 0; rc == MG_OK && i < net->nnodes; i++) {
        Agnode_t *n = agnode(j.g, net->nodes[i].id, 0);
        if (!n) {
            rc = mg_fail(st, MG_ERR_INTERNAL, "Graphviz lost node %s",
                         net->nodes[i].id);
            break;
        }
        net->nodes[i].x = ND_coord(n).x;
        net->nodes[i].y = ND_coord(n).y;
    }
    if (rc == MG_OK)
        net->has_layout = 1;
    job_free(&j);
    pthread_mutex_unlock(&gv_lock);
    return rc;
}
