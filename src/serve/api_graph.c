/*
 * api_graph.c — /export (the store, a graph or a subset as RDF:
 * export/export.h) and /network (a named view or a query's node pairs as
 * a network: network/network.h, every format of `maillage network`).
 */
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "network/network.h"
#include "serve/serve_internal.h"

void mg_api_export(mg_req *rq, mg_db *db, mg_resp *rs)
{
    static const char *const offers[] = {
        "text/turtle", "application/n-triples", "application/n-quads",
        "application/trig", "application/rdf+xml", "application/ld+json",
        "text/plain"};
    static const char *const names[] = {"turtle", "ntriples", "nquads", "trig",
                                        "rdfxml", "jsonld", NULL};
    static const char *const formats[] = {"turtle", "ntriples", "nquads", "trig",
                                          "rdfxml", "jsonld", "ntriples"};
    static const char *const exts[] = {"ttl", "nt", "nq", "trig", "rdf",
                                       "jsonld", "nt"};
    /* format=ttl, nt, ... (the CLI's aliases) are accepted too */
    const char *fmt = mg_kvs_get(&rq->args, "format");
    int f = -1;
    if (fmt && *fmt) {
        mg_export_format ef;
        mg_status st;
        mg_status_clear(&st);
        if (mg_export_format_from_name(fmt, &ef, &st) != MG_OK) {
            mg_resp_fail(rs, &st);
            return;
        }
        for (int i = 0; i < 6; i++)
            if (strcmp(formats[i], mg_export_format_name(ef)) == 0)
                f = i;
    } else {
        f = mg_resp_negotiate(rq, rs, offers, names, 7);
    }
    if (f < 0)
        return;
    mg_export_opts eo = {0};
    eo.format = formats[f];
    eo.graph = mg_kvs_get(&rq->args, "graph");
    if (eo.graph && !*eo.graph)
        eo.graph = NULL;
    mg_export_filter ef = {0};
    ef.cls = mg_kvs_get(&rq->args, "class");
    ef.query = mg_kvs_get(&rq->args, "query");
    ef.lang = mg_kvs_get(&rq->args, "lang");
    mg_status st;
    mg_status_clear(&st);
    if (mg_export_ex(db, rs->out, &eo, &ef, &st) != MG_OK) {
        mg_resp_fail(rs, &st);
        return;
    }
    snprintf(rs->ctype, sizeof rs->ctype, "%s; charset=utf-8", offers[f]);
    if (mg_kvs_get(&rq->args, "download")) {
        char v[96];
        snprintf(v, sizeof v, "attachment; filename=\"maillage.%s\"", exts[f]);
        mg_resp_header(rs, "Content-Disposition", v);
    }
}

void mg_api_network(mg_req *rq, mg_db *db, mg_resp *rs, const char *view)
{
    static const char *const offers[] = {
        "text/html", "image/svg+xml", "application/json", "text/vnd.graphviz",
        "application/gexf+xml", "application/graphml+xml", "image/png"};
    static const mg_network_format formats[] = {
        MG_NET_HTML, MG_NET_SVG, MG_NET_JSON, MG_NET_DOT, MG_NET_GEXF,
        MG_NET_GRAPHML, MG_NET_PNG};
    const char *query = mg_kvs_get(&rq->args, "query");
    if (!view && (!query || !*query)) {
        /* the list of views */
        snprintf(rs->ctype, sizeof rs->ctype, "application/json");
        fputs("{\"views\": [", rs->out);
        for (const mg_network_view *v = mg_network_views; v->name; v++)
            fprintf(rs->out, "%s{\"name\": \"%s\"}", v == mg_network_views ? "" : ", ",
                    v->name);
        fputs("]}\n", rs->out);
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    int f = -1;
    const char *fmt = mg_kvs_get(&rq->args, "format");
    if (fmt && *fmt) {
        mg_network_format nf;
        if (mg_network_format_parse(fmt, &nf, &st) != MG_OK) {
            mg_resp_fail(rs, &st);
            return;
        }
        for (int i = 0; i < 7; i++)
            if (formats[i] == nf)
                f = i;
    } else {
        f = mg_resp_negotiate(rq, rs, offers, NULL, 7);
    }
    if (f < 0)
        return;
    mg_network_filter nf = {0};
    nf.since = mg_kvs_get(&rq->args, "since");
    nf.until = mg_kvs_get(&rq->args, "until");
    nf.territory = mg_kvs_get(&rq->args, "territory");
    const char *mw = mg_kvs_get(&rq->args, "min_weight");
    nf.min_weight = mw ? atof(mw) : 0;
    mg_network *net = NULL;
    mg_code rc = mg_network_build(db, view, view ? NULL : query, &nf, &net, &st);
    if (rc == MG_OK)
        rc = mg_network_write(net, formats[f], rs->out, &st);
    mg_network_free(net);
    if (rc != MG_OK) {
        mg_resp_fail(rs, &st);
        return;
    }
    snprintf(rs->ctype, sizeof rs->ctype, "%s%s", offers[f],
             f == 1 || f == 6 ? "" : "; charset=utf-8");
}
