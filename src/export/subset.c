/*
 * subset.c — the steps between collecting and writing (export_internal.h):
 * the subset a query selects (--query, --class), the language filter
 * (--lang), the instance namespace rewrite (--base), and dropping marked
 * nodes (used by publish's filters).
 *
 * Owns: during mg_x_subset_query, the list of node strings the query
 * returned; nothing after a call.  New terms made by mg_x_rebase belong
 * to the set.
 */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query/engine.h"

#define RDFS_LABEL "http://www.w3.org/2000/01/rdf-schema#label"

enum { BIT_SELECTED = 1u << 0, BIT_POINTED = 1u << 1 };

static void clear_marks(mg_xset *set, unsigned bits)
{
    for (size_t i = 0; i < set->nbuckets; i++)
        for (mg_xterm *t = set->buckets[i]; t; t = t->next)
            t->mark &= ~bits;
}

/* Keeps the quads for which keep[i] is set, in order. */
static void compact_quads(mg_xset *set, const unsigned char *keep)
{
    size_t w = 0;
    for (size_t r = 0; r < set->n; r++)
        if (keep[r])
            set->quads[w++] = set->quads[r];
    set->n = w;
}

/* ---- the nodes a query returns ---- */

typedef struct sel_ctx {
    mg_xset *set;
    int ncols;
    size_t selected; /* nodes of the result found in the set */
    size_t returned; /* node cells in the result */
} sel_ctx;

static mg_code sel_columns(void *ctx, const char *const *names, int n,
                           mg_status *st)
{
    (void)names;
    (void)st;
    ((sel_ctx *)ctx)->ncols = n;
    return MG_OK;
}

static void sel_cell(sel_ctx *c, const mg_cell *cell)
{
    if (cell->kind == MG_CELL_LIST) {
        for (size_t i = 0; i < cell->nitems; i++)
            sel_cell(c, &cell->items[i]);
        return;
    }
    if ((cell->kind != MG_CELL_IRI && cell->kind != MG_CELL_BLANK) || !cell->value)
        return;
    c->returned++;
    const char *v = cell->value;
    if (cell->kind == MG_CELL_BLANK && strncmp(v, "_:", 2) == 0)
        v += 2;
    const mg_xterm *t = mg_xset_find(
        c->set, cell->kind == MG_CELL_IRI ? MG_TERM_IRI : MG_TERM_BLANK, v,
        strlen(v));
    if (t && !(t->mark & BIT_SELECTED)) {
        ((mg_xterm *)t)->mark |= BIT_SELECTED;
        c->selected++;
    }
}

static mg_code sel_row(void *ctx, const mg_cell *cells, mg_status *st)
{
    (void)st;
    sel_ctx *c = ctx;
    for (int i = 0; i < c->ncols; i++)
        sel_cell(c, &cells[i]);
    return MG_OK;
}

static int is_label(const mg_xterm *p)
{
    return p->kind == MG_TERM_IRI && p->len == strlen(RDFS_LABEL) &&
           memcmp(p->value, RDFS_LABEL, p->len) == 0;
}

mg_code mg_x_subset_query(mg_db *db, mg_xset *set, const char *query,
                          mg_status *st)
{
    sel_ctx c = {set, 0, 0, 0};
    mg_row_sink sink = {&c, sel_columns, sel_row, NULL};
    mg_code rc = mg_query_exec(db, query, NULL, &sink, st);
    if (rc != MG_OK) {
        clear_marks(set, BIT_SELECTED);
        return rc;
    }
    if (c.returned == 0)
        return mg_fail(st, MG_ERR_NOT_FOUND,
                       "the query returned no node (IRI or blank node) to "
                       "export: RETURN the nodes themselves, e.g. RETURN n");
    unsigned char *keep = calloc(set->n ? set->n : 1, 1);
    if (!keep) {
        clear_marks(set, BIT_SELECTED);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (!(q->s->mark & BIT_SELECTED))
            continue;
        keep[i] = 1;
        if (q->o->kind != MG_TERM_LITERAL)
            ((mg_xterm *)q->o)->mark |= BIT_POINTED;
    }
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if ((q->s->mark & BIT_POINTED) && is_label(q->p))
            keep[i] = 1;
    }
    compact_quads(set, keep);
    free(keep);
    clear_marks(set, BIT_SELECTED | BIT_POINTED);
    return MG_OK;
}

/* ---- --lang ---- */

static int lang_ok(const char *tag, const char *want)
{
    size_t n = strlen(want);
    return strncasecmp(tag, want, n) == 0 && (tag[n] == '\0' || tag[n] == '-');
}

void mg_x_filter_lang(mg_xset *set, const char *lang)
{
    size_t w = 0;
    for (size_t r = 0; r < set->n; r++) {
        const mg_xterm *o = set->quads[r].o;
        if (o->kind == MG_TERM_LITERAL && o->lang && !lang_ok(o->lang, lang))
            continue;
        set->quads[w++] = set->quads[r];
    }
    set->n = w;
}

/* ---- --base ---- */

static mg_code rebase_term(mg_xset *set, const char *base, const mg_xterm **t,
                           mg_status *st)
{
    size_t ns = strlen(MG_INSTANCE_NS);
    const mg_xterm *x = *t;
    if (!x || x->kind != MG_TERM_IRI || x->len < ns ||
        memcmp(x->value, MG_INSTANCE_NS, ns) != 0)
        return MG_OK;
    size_t nb = strlen(base), rest = x->len - ns;
    char *iri = malloc(nb + rest + 1);
    if (!iri)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    memcpy(iri, base, nb);
    memcpy(iri + nb, x->value + ns, rest);
    iri[nb + rest] = '\0';
    mg_code rc = mg_xset_intern(set, MG_TERM_IRI, iri, nb + rest, NULL, NULL,
                                t, st);
    free(iri);
    return rc;
}

mg_code mg_x_rebase(mg_xset *set, const char *base, mg_status *st)
{
    for (size_t i = 0; i < set->n; i++) {
        mg_xquad *q = &set->quads[i];
        MG_TRY(rebase_term(set, base, &q->g, st));
        MG_TRY(rebase_term(set, base, &q->s, st));
        MG_TRY(rebase_term(set, base, &q->p, st));
        MG_TRY(rebase_term(set, base, &q->o, st));
    }
    mg_xset_sort(set);

    /* The same prefixes, the instance ones moved under `base`. */
    size_t np = mg_x_prefix_count(set), ns = strlen(MG_INSTANCE_NS);
    mg_prefix *table = calloc(np ? np : 1, sizeof *table);
    char **owned = calloc(np ? np : 1, sizeof *owned);
    mg_code rc = table && owned ? MG_OK
                                : mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == MG_OK && i < np; i++) {
        table[i] = *mg_x_prefix_at(set, i);
        if (strncmp(table[i].iri, MG_INSTANCE_NS, ns) != 0)
            continue;
        size_t len = strlen(base) + strlen(table[i].iri + ns) + 1;
        if (!(owned[i] = malloc(len))) {
            rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
            break;
        }
        snprintf(owned[i], len, "%s%s", base, table[i].iri + ns);
        table[i].iri = owned[i];
    }
    if (rc == MG_OK)
        rc = mg_xset_set_prefixes(set, table, np, st);
    for (size_t i = 0; owned && i < np; i++)
        free(owned[i]);
    free(owned);
    free(table);
    return rc;
}

/* ---- publish's filters ---- */

void mg_x_drop_marked(mg_xset *set, unsigned bit)
{
    size_t w = 0;
    for (size_t r = 0; r < set->n; r++) {
        const mg_xquad *q = &set->quads[r];
        if ((q->s->mark & bit) || (q->o->mark & bit))
            continue;
        set->quads[w++] = *q;
    }
    set->n = w;
    clear_marks(set, bit);
}
