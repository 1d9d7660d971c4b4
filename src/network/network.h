/*
 * network.h — networks drawn from the graph (`maillage network`, the
 * shell's .network): named views and free queries of the Maillage query
 * language turned into nodes and weighted edges, written as Graphviz DOT,
 * SVG/PNG (Graphviz's library), GEXF 1.3, GraphML, Cytoscape.js JSON or a
 * self-contained HTML page, and measured with igraph (degree, weighted
 * degree, betweenness, communities).
 *
 * Owns: an mg_network and everything in it (every string, the node and
 * edge arrays, the index tables); mg_network_free releases it all.
 * Borrows: the mg_db it is built from (only during mg_network_build) and
 * the FILE every writer writes to (never closed here).
 *
 * Networks are undirected: a pair of nodes has at most one edge, whose
 * weight counts the links between them (partners: one per declared
 * partnership, co-organised event and shared member).  Nodes are the ends
 * of the edges.
 *
 * Files:
 *   model.c    nodes, edges, link sets, string lists, lookup tables
 *   views.c    the named views as query texts, with their filters
 *   build.c    running the queries (query/engine.h) into a network
 *   facts.c    node facts by query: label, kind, territory, evidence, sources
 *   style.c    colours by kind, wrapped labels, escaping helpers
 *   fields.c   the node and edge attributes the file formats carry
 *   network_internal.h  what these files share (not for other modules)
 *   metrics.c  igraph: degree, strength, betweenness, communities
 *   layout.c   Graphviz's library: layout (positions) and SVG/PNG rendering
 *   out_dot.c out_gexf.c out_graphml.c out_json.c out_html.c  the writers
 *              (out_html.c inlines web/: Cytoscape.js, page.html, page.js,
 *              compiled in as web_assets.c by web/embed.cmake)
 *   format.c   formats by name or file extension; mg_network_write
 */
#ifndef MG_NETWORK_H
#define MG_NETWORK_H

#include <stddef.h>
#include <stdio.h>

#include "core/status.h"
#include "store/db.h"

typedef struct mg_strlist {
    char **v;
    size_t n, cap;
} mg_strlist;

typedef struct mg_net_node {
    char *id;        /* the IRI (or the value, for a literal end) */
    char *label;     /* short label: skos:prefLabel, else rdfs:label, else id */
    char *name;      /* full rdfs:label (may equal label) */
    char *kind;      /* Network, LocalAuthority, Person... ("Thing" if none) */
    mg_strlist classes;   /* every class, prefixed (mg:Network) */
    mg_strlist territory; /* labels of the territories it serves */
    mg_strlist evidence;  /* mg:evidence quotes */
    mg_strlist docs;      /* source documents: "title — file" */
    char *first, *last;   /* earliest / latest date of its dated links */
    /* metrics (mg_network_metrics) */
    long degree;
    double strength, betweenness;
    long community;
    double x, y;          /* layout position in points (mg_network_layout) */
} mg_net_node;

typedef struct mg_net_edge {
    size_t source, target; /* node indexes, in the order first linked */
    double weight;
    mg_strlist links;      /* distinct links "kind\tvia-id", one per unit */
    mg_strlist kinds;      /* distinct kinds of link (partnership, event...) */
    mg_strlist via;        /* labels of what makes the links (events, people) */
    char *first, *last;    /* earliest / latest date of its dated links */
} mg_net_edge;

typedef struct mg_network {
    char *title;           /* the view's name, or "query" */
    char *description;     /* one line saying what the edges are */
    mg_net_node *nodes;
    size_t nnodes, ncap;
    mg_net_edge *edges;
    size_t nedges, ecap;
    /* open-addressing tables: node id -> index+1, node pair -> edge+1 */
    size_t *node_tab, node_tab_cap;
    size_t *edge_tab, edge_tab_cap;
    int has_metrics, has_layout;
} mg_network;

/* ---- views and filters ---------------------------------------------- */

typedef struct mg_network_filter {
    const char *since;     /* YYYY[-MM[-DD]] or NULL: dated links from then */
    const char *until;     /* YYYY[-MM[-DD]] or NULL: up to its end, inclusive */
    const char *territory; /* a territory's name: links with an end (or the
                              event) in it or in a territory within it */
    double min_weight;     /* edges lighter than this are left out (0: all) */
} mg_network_filter;

typedef struct mg_network_view {
    const char *name;
    const char *summary;
} mg_network_view;

/* The named views, NULL-terminated. */
extern const mg_network_view mg_network_views[];

/* The one-line description of a view ("" if unknown). */
const char *mg_network_view_summary(const char *view);
/* Edit distance (ASCII case-insensitive), for suggestions. */
int mg_network_distance(const char *a, const char *b);

/*
 * The query text of a view with its filters (parameters $since, $until,
 * $territory filled by mg_network_build).  New string, caller frees.
 * MG_ERR_NOT_FOUND for an unknown view ("did you mean ...?"), MG_ERR_ARG
 * for a malformed date.
 */
mg_code mg_network_view_query(const char *view, const mg_network_filter *f,
                              char **text, mg_status *st);

/*
 * Builds the network of a view (view != NULL) or of a free query (view
 * NULL, `query` a text whose RETURN gives two nodes and optionally a
 * numeric weight as its third column; rows with the same pair add up, a
 * row without weight counts 1).  Fills the node facts by query.
 * MG_ERR_NOT_FOUND for an unknown view or territory (with suggestions),
 * MG_ERR_ARG for a query that does not return two columns, and the
 * engine's errors.
 */
mg_code mg_network_build(mg_db *db, const char *view, const char *query,
                         const mg_network_filter *f, mg_network **out,
                         mg_status *st);

void mg_network_free(mg_network *net);

/* ---- the model (model.c), used by build.c and the tests ---------------- */

mg_code mg_network_new(const char *title, const char *description,
                       mg_network **out, mg_status *st);
/* The index of the node `id`, added if new. */
mg_code mg_network_node(mg_network *net, const char *id, size_t *index,
                        mg_status *st);
/* Adds one link between a and b (in either order): the edge is created on
 * the first link; `weight` (<= 0: 1) is added unless the edge already has
 * the same `link` (kind + via; NULL: always added); `kind`, `via_label`
 * and `date` (each may be NULL) are recorded on the edge either way. */
mg_code mg_network_link(mg_network *net, const char *a, const char *b,
                        const char *link, const char *kind,
                        const char *via_label, const char *date,
                        double weight, mg_status *st);
/* Drops the edges lighter than min_weight, then the nodes left alone. */
mg_code mg_network_prune(mg_network *net, double min_weight, mg_status *st);
/* Sorts nodes by id and edges by (source, target) for stable output. */
mg_code mg_network_sort(mg_network *net, mg_status *st);

mg_code mg_strlist_add(mg_strlist *l, const char *s, mg_status *st);
/* Adds s unless already there. */
mg_code mg_strlist_add_unique(mg_strlist *l, const char *s, mg_status *st);
int mg_strlist_has(const mg_strlist *l, const char *s);
/* The items joined with sep, new string (empty string for none). */
char *mg_strlist_join(const mg_strlist *l, const char *sep);
void mg_strlist_free(mg_strlist *l);

/* ---- analysis and layout -------------------------------------------- */

/* Degree, weighted degree (strength), betweenness (unweighted shortest
 * paths, each pair counted once) and a community (Louvain, multilevel
 * modularity on the weights, fixed seed: the same graph gives the same
 * communities) for every node, with igraph.  Communities are numbered
 * from 1 by decreasing size. */
mg_code mg_network_metrics(mg_network *net, mg_status *st);

/* Positions of the nodes from Graphviz (the engine the pictures use). */
mg_code mg_network_layout(mg_network *net, mg_status *st);

/* ---- output ----------------------------------------------------------- */

typedef enum mg_network_format {
    MG_NET_DOT = 0,
    MG_NET_SVG,
    MG_NET_PNG,
    MG_NET_GEXF,
    MG_NET_GRAPHML,
    MG_NET_JSON,  /* Cytoscape.js elements */
    MG_NET_HTML
} mg_network_format;

/* A format name (dot, gv, svg, png, gexf, graphml, json, cytoscape, html)
 * or a file path with one of these extensions.  MG_ERR_ARG otherwise,
 * listing the formats. */
mg_code mg_network_format_parse(const char *name_or_path,
                                mg_network_format *f, mg_status *st);
const char *mg_network_format_name(mg_network_format f);

/* Writes `net` in format f (computing metrics and layout as needed). */
mg_code mg_network_write(mg_network *net, mg_network_format f, FILE *out,
                         mg_status *st);

/* The writers (each needs metrics computed; HTML needs the layout too). */
mg_code mg_network_write_dot(const mg_network *net, FILE *out, mg_status *st);
mg_code mg_network_write_gexf(const mg_network *net, FILE *out, mg_status *st);
mg_code mg_network_write_graphml(const mg_network *net, FILE *out,
                                 mg_status *st);
mg_code mg_network_write_json(const mg_network *net, FILE *out, mg_status *st);
mg_code mg_network_write_html(const mg_network *net, FILE *out, mg_status *st);
/* SVG or PNG of the DOT text, laid out and rendered by Graphviz. */
mg_code mg_network_render(const mg_network *net, mg_network_format f,
                          FILE *out, mg_status *st);

/* Writes the metrics as a table or CSV (results.h formats: "table",
 * "csv", "tsv", "json"), one row per node, by decreasing betweenness. */
mg_code mg_network_write_metrics(mg_network *net, const char *format,
                                 FILE *out, mg_status *st);

/* ---- style (style.c) -------------------------------------------------- */

/* The fill colour (#rrggbb) of a kind, stable for the kinds of the
 * ontology; other kinds get one from a fallback palette by hash. */
const char *mg_network_kind_colour(const char *kind);
/* A kind in words for legends: "LocalAuthority" -> "Local authority",
 * "EssStructure" -> "ESS structure".  New string. */
char *mg_network_kind_words(const char *kind);
/* The colour (#rrggbbaa) of the lines of a kind of link. */
const char *mg_network_link_colour(const char *kind);
/* The kinds present, in legend order (most frequent first), new list. */
mg_code mg_network_kinds(const mg_network *net, mg_strlist *kinds,
                         mg_status *st);
/* Writes s escaped for XML text and attributes. */
void mg_net_xml(FILE *out, const char *s);
/* Writes s as a JSON string (with quotes; '<' '>' '&' escaped, so the
 * text is safe inside an HTML <script>). */
void mg_net_json(FILE *out, const char *s);
/* Writes s escaped for a DOT "..." string. */
void mg_net_dot(FILE *out, const char *s);
/* A number without a trailing ".0" when integral. */
void mg_net_num(FILE *out, double v);

#endif
