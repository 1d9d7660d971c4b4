/*
 * build.c — a network from the graph: the view's query (views.c) or the
 * user's query run by the engine (query/engine.h), each row one link.
 */
#include "network/network.h"

#include <stdlib.h>
#include <string.h>

#include "network/network_internal.h"
#include "query/engine.h"

typedef struct build_ctx {
    mg_network *net;
    int custom;
    int ncols;
    char weight_col[128];
} build_ctx;

const char *mg_net_cell(const mg_cell *c)
{
    if (!c)
        return NULL;
    if (c->kind == MG_CELL_LIST)
        return c->nitems ? mg_net_cell(&c->items[0]) : NULL;
    if (c->kind == MG_CELL_UNBOUND || !c->value)
        return NULL;
    return c->value;
}

static mg_code on_columns(void *vctx, const char *const *names, int n,
                          mg_status *st)
{
    build_ctx *c = vctx;
    c->ncols = n;
    if (c->custom && (n < 2 || n > 3))
        return mg_fail(st, MG_ERR_ARG,
                       "a network query returns two nodes and optionally a "
                       "weight (RETURN a, b [, weight]); this one returns %d "
                       "column%s", n, n == 1 ? "" : "s");
    if (c->custom && n == 3)
        snprintf(c->weight_col, sizeof c->weight_col, "%s", names[2]);
    return MG_OK;
}

static mg_code on_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    build_ctx *c = vctx;
    const char *a = mg_net_cell(&cells[0]), *b = mg_net_cell(&cells[1]);
    if (!a || !b)
        return MG_OK; /* an OPTIONAL end that did not match: no edge */
    if (c->custom) {
        double w = 1;
        if (c->ncols == 3) {
            const char *v = mg_net_cell(&cells[2]);
            char *end = NULL;
            w = v ? strtod(v, &end) : 0;
            if (!v || end == v || *end || cells[2].kind != MG_CELL_LITERAL)
                return mg_fail(st, MG_ERR_ARG,
                               "the third column (%s) is the weight: a number, "
                               "got '%s'", c->weight_col, v ? v : "null");
            if (w <= 0)
                return MG_OK; /* no weight, no link */
        }
        return mg_network_link(c->net, a, b, NULL, NULL, NULL, NULL, w, st);
    }
    const char *kind = mg_net_cell(&cells[2]), *via = mg_net_cell(&cells[3]);
    const char *via_label = mg_net_cell(&cells[4]);
    const char *date = mg_net_cell(&cells[5]);
    char *link = malloc(strlen(kind ? kind : "") + strlen(via ? via : "") + 2);
    if (!link)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    sprintf(link, "%s\t%s", kind ? kind : "", via ? via : "");
    mg_code rc = mg_network_link(c->net, a, b, link, kind, via_label, date, 1,
                                 st);
    free(link);
    return rc;
}

/* Runs `text` and gives each row to `row`. */
mg_code mg_net_run(mg_db *db, const char *text, const mg_param *params,
                   size_t nparams,
                   mg_code (*row)(void *, const mg_cell *, mg_status *),
                   void *ctx, mg_status *st)
{
    mg_query_opts qo = {0};
    qo.params = params;
    qo.nparams = nparams;
    mg_row_sink sink = {ctx, NULL, row, NULL};
    return mg_query_exec(db, text, &qo, &sink, st);
}

typedef struct terr_ctx {
    const char *want; /* folded name */
    long matches;
    char best[3][256];
    int bestd[3];
} terr_ctx;

static mg_code terr_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    (void)st;
    terr_ctx *c = vctx;
    const char *label = mg_net_cell(&cells[0]), *folded = mg_net_cell(&cells[1]);
    if (!label || !folded)
        return MG_OK;
    if (strcmp(folded, c->want) == 0) {
        c->matches++;
        return MG_OK;
    }
    int d = mg_network_distance(c->want, folded);
    if (strstr(folded, c->want) || strstr(c->want, folded))
        d = d < 2 ? d : 2;
    for (int i = 0; i < 3; i++) {
        if (strcmp(c->best[i], label) == 0)
            return MG_OK;
    }
    for (int i = 0; i < 3; i++) {
        if (!c->best[i][0] || d < c->bestd[i]) {
            for (int j = 2; j > i; j--) {
                memcpy(c->best[j], c->best[j - 1], sizeof c->best[j]);
                c->bestd[j] = c->bestd[j - 1];
            }
            snprintf(c->best[i], sizeof c->best[i], "%s", label);
            c->bestd[i] = d;
            break;
        }
    }
    return MG_OK;
}

static mg_code fold_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    char **out = vctx;
    const char *v = mg_net_cell(&cells[0]);
    free(*out);
    *out = strdup(v ? v : "");
    return *out ? MG_OK : mg_fail(st, MG_ERR_NOMEM, "out of memory");
}

/* MG_ERR_NOT_FOUND, with the nearest territory names, when no territory
 * has `name` as its label or one of its alternative labels. */
static mg_code check_territory(mg_db *db, const char *name, mg_status *st)
{
    mg_param p = {"name", name};
    char *folded = NULL;
    MG_TRY(mg_net_run(db, "RETURN fold($name)", &p, 1, fold_row, &folded, st));
    terr_ctx c = {folded ? folded : "", 0, {{0}}, {0}};
    mg_code rc = mg_net_run(
        db,
        "MATCH (t:mg:Territory) RETURN DISTINCT t.label AS l, fold(t.label) AS f\n"
        "UNION\n"
        "MATCH (t:mg:Territory)-[:skos:altLabel]->(a) "
        "RETURN DISTINCT t.label AS l, fold(a) AS f",
        NULL, 0, terr_row, &c, st);
    free(folded);
    MG_TRY(rc);
    if (c.matches)
        return MG_OK;
    if (!c.best[0][0])
        return mg_fail(st, MG_ERR_NOT_FOUND,
                       "unknown territory '%s': the store has no territory "
                       "(mg:Territory)", name);
    char sugg[900] = "";
    for (int i = 0; i < 3 && c.best[i][0]; i++) {
        if (i && c.bestd[i] > c.bestd[0] + 2)
            break;
        size_t len = strlen(sugg);
        snprintf(sugg + len, sizeof sugg - len, "%s'%s'", i ? ", " : "",
                 c.best[i]);
    }
    return mg_fail(st, MG_ERR_NOT_FOUND,
                   "unknown territory '%s' — did you mean %s?", name, sugg);
}

mg_code mg_network_build(mg_db *db, const char *view, const char *query,
                         const mg_network_filter *f, mg_network **out,
                         mg_status *st)
{
    char *text = NULL;
    *out = NULL;
    if (view) {
        MG_TRY(mg_network_view_query(view, f, &text, st));
        if (f && f->territory) {
            mg_code rc = check_territory(db, f->territory, st);
            if (rc != MG_OK) {
                free(text);
                return rc;
            }
        }
    } else if (!query) {
        return mg_fail(st, MG_ERR_ARG, "a view or a query is needed");
    }
    mg_network *net = NULL;
    mg_code rc = mg_network_new(view ? view : "query",
                                view ? mg_network_view_summary(view)
                                     : "the rows of a query",
                                &net, st);
    if (rc == MG_OK) {
        build_ctx c = {net, view == NULL, 0, ""};
        mg_query_opts qo = {0};
        mg_row_sink sink = {&c, on_columns, on_row, NULL};
        rc = mg_query_exec(db, view ? text : query, &qo, &sink, st);
    }
    free(text);
    if (rc == MG_OK)
        rc = mg_network_prune(net, f ? f->min_weight : 0, st);
    if (rc == MG_OK)
        rc = mg_network_facts(db, net, st);
    if (rc == MG_OK)
        rc = mg_network_sort(net, st);
    if (rc != MG_OK) {
        mg_network_free(net);
        return rc;
    }
    *out = net;
    return MG_OK;
}
