/*
 * facts.c — what the pictures and the page say about each node, read
 * with queries of the language: its labels and classes (hence its kind),
 * the territories it serves, its evidence quotes and the source documents
 * that describe it.
 */
#include <stdlib.h>
#include <string.h>

#include "network/network_internal.h"

typedef struct doc {
    char *id, *text;
} doc;

typedef struct facts_ctx {
    mg_network *net;
    mg_net_node *node;
    doc *docs;
    size_t ndocs, cap;
} facts_ctx;

static mg_code doc_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    facts_ctx *c = vctx;
    const char *id = mg_net_cell(&cells[0]), *title = mg_net_cell(&cells[1]);
    const char *file = mg_net_cell(&cells[2]);
    if (!id)
        return MG_OK;
    if (c->ndocs == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        doc *d = realloc(c->docs, cap * sizeof *d);
        if (!d)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        c->docs = d;
        c->cap = cap;
    }
    const char *t = title ? title : id;
    char *text = malloc(strlen(t) + (file ? strlen(file) : 0) + 8);
    char *cid = strdup(id);
    if (!text || !cid) {
        free(text);
        free(cid);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    if (file)
        sprintf(text, "%s (%s)", t, file);
    else
        strcpy(text, t);
    c->docs[c->ndocs++] = (doc){cid, text};
    return MG_OK;
}

static mg_code set_str(char **field, const char *v, mg_status *st)
{
    if (!v || *field)
        return MG_OK;
    *field = strdup(v);
    return *field ? MG_OK : mg_fail(st, MG_ERR_NOMEM, "out of memory");
}

/* Every item of a cell (a list or one value) into l, once each. */
static mg_code add_all(mg_strlist *l, const mg_cell *c, mg_status *st)
{
    if (c->kind == MG_CELL_LIST) {
        for (size_t i = 0; i < c->nitems; i++)
            MG_TRY(add_all(l, &c->items[i], st));
        return MG_OK;
    }
    return mg_strlist_add_unique(l, mg_net_cell(c), st);
}

static mg_code node_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    facts_ctx *c = vctx;
    mg_net_node *n = c->node;
    MG_TRY(add_all(&n->classes, &cells[0], st));
    MG_TRY(set_str(&n->label, mg_net_cell(&cells[2]), st));
    MG_TRY(set_str(&n->label, mg_net_cell(&cells[1]), st));
    MG_TRY(set_str(&n->label, mg_net_cell(&cells[3]), st));
    MG_TRY(set_str(&n->name, mg_net_cell(&cells[1]), st));
    MG_TRY(set_str(&n->name, mg_net_cell(&cells[3]), st));
    MG_TRY(add_all(&n->evidence, &cells[4], st));
    mg_strlist graphs = {0};
    mg_code rc = add_all(&graphs, &cells[5], st);
    for (size_t i = 0; rc == MG_OK && i < graphs.n; i++)
        for (size_t j = 0; j < c->ndocs; j++)
            if (strcmp(c->docs[j].id, graphs.v[i]) == 0)
                rc = mg_strlist_add_unique(&n->docs, c->docs[j].text, st);
    mg_strlist_free(&graphs);
    return rc;
}

static mg_code territory_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    facts_ctx *c = vctx;
    return mg_strlist_add_unique(&c->node->territory, mg_net_cell(&cells[0]),
                                 st);
}

/* The local name of an IRI (after the last '/' or '#'), or s itself. */
static const char *local_name(const char *s)
{
    const char *slash = strrchr(s, '/'), *hash = strrchr(s, '#');
    const char *cut = hash > slash ? hash : slash;
    return cut && cut[1] ? cut + 1 : s;
}

mg_code mg_network_facts(mg_db *db, mg_network *net, mg_status *st)
{
    facts_ctx c = {net, NULL, NULL, 0, 0};
    mg_code rc = mg_net_run(
        db,
        "MATCH (d:mg:SourceDocument) "
        "RETURN id(d) AS d, d.dcterms:title AS title, d.mg:fileName AS file",
        NULL, 0, doc_row, &c, st);
    for (size_t i = 0; rc == MG_OK && i < net->nnodes; i++) {
        mg_net_node *n = &net->nodes[i];
        mg_param p = {"id", n->id};
        c.node = n;
        rc = mg_net_run(db,
                        "MATCH (n) WHERE id(n) = $id\n"
                        "RETURN labels(n) AS classes, n.label AS label,\n"
                        "       n.skos:prefLabel AS short, n.foaf:name AS fname,\n"
                        "       n.mg:evidence AS evidence, source(n) AS graphs",
                        &p, 1, node_row, &c, st);
        if (rc == MG_OK)
            rc = mg_net_run(db,
                            "MATCH (n)-[:mg:territory]->(t) WHERE id(n) = $id\n"
                            "RETURN DISTINCT t.label AS territory "
                            "ORDER BY territory",
                            &p, 1, territory_row, &c, st);
        if (rc == MG_OK)
            rc = set_str(&n->label, local_name(n->id), st);
        if (rc == MG_OK)
            rc = set_str(&n->name, n->label, st);
        if (rc == MG_OK && !n->kind) {
            n->kind = mg_network_pick_kind(&n->classes);
            if (!n->kind)
                rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
        }
    }
    for (size_t j = 0; j < c.ndocs; j++) {
        free(c.docs[j].id);
        free(c.docs[j].text);
    }
    free(c.docs);
    return rc;
}
