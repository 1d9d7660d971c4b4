/*
 * entity.c — /entity?iri=IRI: one node described, content-negotiated.
 *   text/html            its page: labels and classes, every fact (links
 *                        to the nodes it points to), the nodes that point
 *                        to it (its neighbours, with their evidence
 *                        quotes), its source documents and its own
 *                        evidence quotes — what the network page's facts
 *                        panel shows (network/facts.c), read the same way
 *   text/turtle, application/ld+json   its statements and the labels of
 *                        what they point to (export/export.h, a query
 *                        subset)
 * 404 when the store says nothing about the node.  Needs our store (the
 * query engine); 501 elsewhere.
 */
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "network/network.h"
#include "query/engine.h"
#include "serve/serve_internal.h"

/* Rows of a query, each cell as the list of its values (a list cell's
 * items, one value, or none when unbound) and the kind of its first. */
#define ECOLS 4
typedef struct erow {
    mg_strlist v[ECOLS];
    mg_cell_kind kind[ECOLS];
} erow;

typedef struct etab {
    erow *rows;
    size_t n, cap;
    int ncols;
} etab;

static mg_code flatten(mg_strlist *l, mg_cell_kind *kind, const mg_cell *c,
                       mg_status *st)
{
    if (c->kind == MG_CELL_LIST) {
        for (size_t i = 0; i < c->nitems; i++)
            MG_TRY(flatten(l, kind, &c->items[i], st));
        return MG_OK;
    }
    if (c->kind == MG_CELL_UNBOUND || !c->value)
        return MG_OK;
    if (l->n == 0)
        *kind = c->kind;
    return mg_strlist_add_unique(l, c->value, st);
}

static mg_code et_columns(void *vctx, const char *const *names, int n,
                          mg_status *st)
{
    (void)names;
    etab *t = vctx;
    t->ncols = n < ECOLS ? n : ECOLS;
    (void)st;
    return MG_OK;
}

static mg_code et_row(void *vctx, const mg_cell *cells, mg_status *st)
{
    etab *t = vctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        erow *r = realloc(t->rows, cap * sizeof *r);
        if (!r)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        t->rows = r;
        t->cap = cap;
    }
    erow *r = &t->rows[t->n++];
    memset(r, 0, sizeof *r);
    for (int i = 0; i < t->ncols; i++)
        MG_TRY(flatten(&r->v[i], &r->kind[i], &cells[i], st));
    return MG_OK;
}

static void et_free(etab *t)
{
    for (size_t i = 0; i < t->n; i++)
        for (int c = 0; c < ECOLS; c++)
            mg_strlist_free(&t->rows[i].v[c]);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

static mg_code et_run(mg_db *db, const char *text, const char *iri,
                      double timeout, etab *t, mg_status *st)
{
    mg_param p = {"id", iri};
    mg_query_opts qo = {0};
    qo.params = iri ? &p : NULL;
    qo.nparams = iri ? 1 : 0;
    qo.timeout = timeout;
    qo.row_cap = 2000;
    mg_row_sink sink = {t, et_columns, et_row, NULL};
    return mg_query_exec(db, text, &qo, &sink, st);
}

static const char *first(const erow *r, int c)
{
    return r->v[c].n ? r->v[c].v[0] : NULL;
}

/* A link to a node's page, labelled with its label or its IRI. */
static void node_link(FILE *out, const char *iri, const char *label)
{
    fputs("<a href=\"/entity?iri=", out);
    mg_http_escape(out, iri);
    fputs("\">", out);
    mg_http_html(out, label && *label ? label : iri);
    fputs("</a>", out);
}

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";
static const char page_head2[] =
    " — Maillage</title>\n<link rel=\"stylesheet\" href=\"/app.css\">\n"
    "</head>\n<body class=\"entity\">\n<main id=\"entity\">\n"
    "<p><a href=\"/\">← Maillage</a></p>\n";

typedef struct edata {
    etab self, facts, in, docs;
} edata;

static mg_code read_all(mg_db *db, const char *iri, double timeout, edata *e,
                        mg_status *st)
{
    MG_TRY(et_run(db,
                  "MATCH (n) WHERE id(n) = $id RETURN n.label AS label, "
                  "labels(n) AS kinds, n.mg:evidence AS evidence, source(n) AS graphs",
                  iri, timeout, &e->self, st));
    MG_TRY(et_run(db,
                  "MATCH (n)-[r]->(o) WHERE id(n) = $id "
                  "RETURN type(r) AS p, o AS o, o.label AS label ORDER BY p",
                  iri, timeout, &e->facts, st));
    MG_TRY(et_run(db,
                  "MATCH (m)-[r]->(n) WHERE id(n) = $id "
                  "RETURN id(m) AS s, m.label AS label, type(r) AS p, "
                  "m.mg:evidence AS evidence ORDER BY label, p",
                  iri, timeout, &e->in, st));
    return et_run(db,
                  "MATCH (d:mg:SourceDocument) RETURN id(d) AS d, "
                  "d.dcterms:title AS title, d.mg:fileName AS file",
                  NULL, timeout, &e->docs, st);
}

/* Text s escaped, between open and close. */
static void html_in(FILE *out, const char *open, const char *s,
                    const char *close)
{
    fputs(open, out);
    mg_http_html(out, s);
    fputs(close, out);
}

/* Each value of l escaped, between open and close. */
static void html_each(FILE *out, const mg_strlist *l, const char *open,
                      const char *close)
{
    for (size_t k = 0; k < l->n; k++)
        html_in(out, open, l->v[k], close);
}

static void write_html(FILE *out, const char *iri, edata *e)
{
    const erow *self = e->self.n ? &e->self.rows[0] : NULL;
    const char *label = self ? first(self, 0) : NULL;
    char title[512];
    snprintf(title, sizeof title, "%s", label ? label : iri);
    fputs(page_head, out);
    mg_http_html(out, title);
    fputs(page_head2, out);
    fputs("<h1>", out);
    mg_http_html(out, title);
    fputs("</h1>\n<p class=\"iri\">", out);
    mg_http_html(out, iri);
    fputs("</p>\n", out);
    if (self && self->v[1].n) {
        fputs("<p class=\"kinds\">", out);
        html_each(out, &self->v[1], "<span class=\"kind\">", "</span> ");
        fputs("</p>\n", out);
    }
    fputs("<p class=\"links\"><a href=\"/entity?format=turtle&amp;iri=", out);
    mg_http_escape(out, iri);
    fputs("\">Turtle</a> · <a href=\"/entity?format=jsonld&amp;iri=", out);
    mg_http_escape(out, iri);
    fputs("\">JSON-LD</a></p>\n", out);

    fprintf(out, "<h2>Faits <span lang=\"en\">/ Facts</span> (%zu)</h2>\n"
                 "<table id=\"facts\"><tbody>\n", e->facts.n);
    for (size_t i = 0; i < e->facts.n; i++) {
        const erow *r = &e->facts.rows[i];
        html_in(out, "<tr><th>", first(r, 0), "</th><td>");
        for (size_t k = 0; k < r->v[1].n; k++) {
            if (k)
                fputs(", ", out);
            if (r->kind[1] == MG_CELL_IRI)
                node_link(out, r->v[1].v[k], first(r, 2));
            else
                mg_http_html(out, r->v[1].v[k]);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);

    fprintf(out, "<h2>Voisins <span lang=\"en\">/ Neighbours</span> (%zu)</h2>\n"
                 "<ul id=\"neighbours\">\n", e->in.n);
    for (size_t i = 0; i < e->in.n; i++) {
        const erow *r = &e->in.rows[i];
        fputs("<li>", out);
        node_link(out, first(r, 0), first(r, 1));
        html_in(out, " <span class=\"pred\">", first(r, 2), "</span>");
        html_each(out, &r->v[3], "<blockquote>", "</blockquote>");
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);

    fputs("<h2>Sources <span lang=\"en\">/ Source documents</span></h2>\n"
          "<ul id=\"sources\">\n", out);
    for (size_t g = 0; self && g < self->v[3].n; g++) {
        const char *graph = self->v[3].v[g];
        const erow *doc = NULL;
        for (size_t d = 0; d < e->docs.n; d++)
            if (first(&e->docs.rows[d], 0) &&
                strcmp(first(&e->docs.rows[d], 0), graph) == 0)
                doc = &e->docs.rows[d];
        fputs("<li>", out);
        node_link(out, graph, doc ? first(doc, 1) : NULL);
        if (doc && first(doc, 2))
            html_in(out, " <span class=\"file\">(", first(doc, 2), ")</span>");
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
    if (self && self->v[2].n) {
        fputs("<h2>Citations <span lang=\"en\">/ Evidence</span></h2>\n"
              "<div id=\"evidence\">\n", out);
        html_each(out, &self->v[2], "<blockquote>", "</blockquote>\n");
        fputs("</div>\n", out);
    }
    fputs("</main>\n</body>\n</html>\n", out);
}

void mg_api_entity(mg_req *rq, mg_db *db, mg_resp *rs)
{
    static const char *const offers[] = {"text/html", "text/turtle",
                                         "application/ld+json",
                                         "application/json"};
    static const char *const names[] = {"html", "turtle", "jsonld", "json"};
    const char *iri = mg_kvs_get(&rq->args, "iri");
    if (!iri || !*iri || !strchr(iri, ':') || strpbrk(iri, " <>\"{}|^`\\")) {
        mg_resp_error(rs, 400, "bad_request", "/entity?iri=IRI needs an absolute IRI%s%s",
                      iri && *iri ? ", not " : "", iri ? iri : "");
        return;
    }
    int f = mg_resp_negotiate(rq, rs, offers, names, 4);
    if (f < 0)
        return;
    if (!db->native) {
        mg_resp_error(rs, 501, "unsupported",
                      "node pages need Maillage's own store (the query engine)");
        return;
    }
    mg_status st;
    mg_status_clear(&st);
    edata e;
    memset(&e, 0, sizeof e);
    mg_code rc = read_all(db, iri, mg_req_timeout(rq), &e, &st);
    if (rc == MG_OK && e.facts.n == 0 && e.in.n == 0) {
        rc = MG_ERR_NOT_FOUND;
        mg_fail(&st, MG_ERR_NOT_FOUND, "the store says nothing about <%s>", iri);
    }
    if (rc == MG_OK && f == 0) {
        write_html(rs->out, iri, &e);
        snprintf(rs->ctype, sizeof rs->ctype, "text/html; charset=utf-8");
    } else if (rc == MG_OK) {
        size_t len = strlen(iri) + 64;
        char *q = malloc(len);
        mg_export_opts eo = {0};
        eo.format = f == 1 ? "turtle" : "jsonld";
        mg_export_filter ef = {0};
        if (!q) {
            rc = mg_fail(&st, MG_ERR_NOMEM, "out of memory");
        } else {
            snprintf(q, len, "MATCH (n) WHERE id(n) = \"%s\" RETURN n", iri);
            ef.query = q;
            rc = mg_export_ex(db, rs->out, &eo, &ef, &st);
            free(q);
        }
        if (rc == MG_OK)
            snprintf(rs->ctype, sizeof rs->ctype, "%s; charset=utf-8",
                     f == 1 ? "text/turtle" : "application/ld+json");
    }
    et_free(&e.self);
    et_free(&e.facts);
    et_free(&e.in);
    et_free(&e.docs);
    if (rc != MG_OK)
        mg_resp_fail(rs, &st);
}
