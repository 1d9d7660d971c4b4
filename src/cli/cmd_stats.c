/*
 * cmd_stats.c — `maillage stats` and `maillage graphs`.
 *
 * On our LMDB store both read the statistics the store keeps (no scan).
 * On a foreign librdf storage they count by streaming every statement.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "output/results.h"

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

typedef struct named_count {
    char *name; /* an IRI (or N-Triples form for foreign stores) */
    int kind;   /* mg_cell_kind */
    unsigned long long n;
} named_count;

typedef struct count_list {
    named_count *v;
    size_t len, cap;
} count_list;

static int push(count_list *l, const char *name, size_t len, int kind,
                unsigned long long n)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        named_count *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *s = strndup(name, len);
    if (!s)
        return -1;
    l->v[l->len++] = (named_count){s, kind, n};
    return 0;
}

static void free_list(count_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->v[i].name);
    free(l->v);
}

/* Largest count first, then by name: a stable, readable order. */
static int by_count(const void *a, const void *b)
{
    const named_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->name, y->name);
}

static mg_code print_list(const char *title, const char *what, count_list *l,
                          mg_status *st)
{
    if (l->len)
        qsort(l->v, l->len, sizeof *l->v, by_count);
    const char *cols[2] = {title, what};
    mg_results *w;
    MG_TRY(mg_results_new(stdout, MG_RESULTS_TABLE, cols, 2, &w, st));
    for (size_t i = 0; i < l->len; i++) {
        char num[32];
        snprintf(num, sizeof num, "%llu", l->v[i].n);
        mg_cell cells[2] = {{.kind = (mg_cell_kind)l->v[i].kind, .value = l->v[i].name},
                            {.kind = MG_CELL_LITERAL, .value = num}};
        mg_code rc = mg_results_row(w, cells, st);
        if (rc != MG_OK) {
            mg_results_free(w);
            return rc;
        }
    }
    return mg_results_finish(w, st);
}

/* Collects one statistics table of the native store as named counts. */
typedef struct collect_ctx {
    mg_txn *t;
    count_list *l;
    mg_status *st;
    int failed;
} collect_ctx;

static int collect_stat(void *vctx, mg_id id, uint64_t n)
{
    collect_ctx *c = vctx;
    mg_term term;
    if (mg_term_get(c->t, id, &term, c->st) != MG_OK ||
        push(c->l, term.value, term.len,
             term.kind == MG_TERM_IRI ? MG_CELL_IRI
             : term.kind == MG_TERM_BLANK ? MG_CELL_BLANK : MG_CELL_LITERAL,
             n) != 0) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

static mg_code native_lists(mg_txn *t, char kind, count_list *l, mg_status *st)
{
    collect_ctx c = {t, l, st, 0};
    MG_TRY(mg_stat_each(t, kind, collect_stat, &c, st));
    if (c.failed)
        return st->code ? st->code : mg_fail(st, MG_ERR_NOMEM, "out of memory");
    return MG_OK;
}

static mg_code print_totals(unsigned long long triples, unsigned long long quads,
                            unsigned long long graphs, long long terms,
                            mg_status *st)
{
    count_list l = {0};
    int bad = push(&l, "distinct triples", 16, MG_CELL_LITERAL, triples) ||
              push(&l, "quads", 5, MG_CELL_LITERAL, quads) ||
              push(&l, "graphs", 6, MG_CELL_LITERAL, graphs);
    if (!bad && terms >= 0)
        bad = push(&l, "terms", 5, MG_CELL_LITERAL, (unsigned long long)terms);
    mg_code rc = bad ? mg_fail(st, MG_ERR_NOMEM, "out of memory")
                     : MG_OK;
    if (rc == MG_OK) {
        /* keep this table in the order written, not by count */
        const char *cols[2] = {"measure", "count"};
        mg_results *w;
        rc = mg_results_new(stdout, MG_RESULTS_TABLE, cols, 2, &w, st);
        for (size_t i = 0; rc == MG_OK && i < l.len; i++) {
            char num[32];
            snprintf(num, sizeof num, "%llu", l.v[i].n);
            mg_cell cells[2] = {{.kind = MG_CELL_LITERAL, .value = l.v[i].name},
                                {.kind = MG_CELL_LITERAL, .value = num}};
            rc = mg_results_row(w, cells, st);
        }
        if (rc == MG_OK)
            rc = mg_results_finish(w, st);
        else
            mg_results_free(w);
    }
    free_list(&l);
    return rc;
}

static mg_code native_stats(mg_db *db, mg_status *st)
{
    mg_txn *t;
    MG_TRY(mg_txn_begin(db->native, 0, &t, st));
    mg_counts cn;
    count_list classes = {0}, preds = {0};
    mg_code rc = mg_store_counts(t, &cn, st);
    if (rc == MG_OK)
        rc = native_lists(t, 'c', &classes, st);
    if (rc == MG_OK)
        rc = native_lists(t, 'p', &preds, st);
    if (rc == MG_OK)
        rc = print_totals(cn.triples, cn.quads, cn.graphs, (long long)cn.terms, st);
    if (rc == MG_OK) {
        putchar('\n');
        rc = print_list("class", "instances", &classes, st);
    }
    if (rc == MG_OK) {
        putchar('\n');
        rc = print_list("predicate", "triples", &preds, st);
    }
    free_list(&classes);
    free_list(&preds);
    mg_txn_abort(t);
    return rc;
}

/* Foreign storages: stream everything, count distinct triples by their
 * N-Triples text. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void count_sorted(char **v, size_t n, count_list *out)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(v[j], v[i]) == 0)
            j++;
        push(out, v[i], strlen(v[i]), MG_CELL_IRI, j - i);
        i = j;
    }
}

/* "S P O" in N-Triples terms (librdf_node is raptor_term in 1.0.17). */
static char *statement_text(librdf_statement *x)
{
    unsigned char *a = raptor_term_to_string(x->subject);
    unsigned char *b = raptor_term_to_string(x->predicate);
    unsigned char *c = raptor_term_to_string(x->object);
    size_t len = strlen((char *)a) + strlen((char *)b) + strlen((char *)c) + 3;
    char *s = malloc(len);
    if (s)
        snprintf(s, len, "%s %s %s", a, b, c);
    raptor_free_memory(a);
    raptor_free_memory(b);
    raptor_free_memory(c);
    return s ? s : strdup("");
}

static mg_code foreign_stats(mg_db *db, mg_status *st)
{
    size_t quads = 0, graphs = 0;
    librdf_iterator *it = librdf_model_get_contexts(db->model);
    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
        librdf_node *g = librdf_iterator_get_object(it);
        graphs++;
        librdf_stream *s = librdf_model_context_as_stream(db->model, g);
        for (; s && !librdf_stream_end(s); librdf_stream_next(s))
            quads++;
        if (s)
            librdf_free_stream(s);
    }
    if (it)
        librdf_free_iterator(it);
    size_t n = 0, cap = 1024, np = 0, nc = 0;
    char **triples = malloc(cap * sizeof *triples);
    char **preds = malloc(cap * sizeof *preds);
    char **classes = malloc(cap * sizeof *classes);
    librdf_stream *s = librdf_model_as_stream(db->model);
    mg_code rc = (triples && preds && classes && s)
                     ? MG_OK : mg_fail(st, MG_ERR_STORE, "cannot read the store");
    for (; rc == MG_OK && !librdf_stream_end(s); librdf_stream_next(s)) {
        librdf_statement *x = librdf_stream_get_object(s);
        if (n == cap) {
            cap *= 2;
            char **a = realloc(triples, cap * sizeof *a);
            if (a) triples = a;
            char **b = realloc(preds, cap * sizeof *b);
            if (b) preds = b;
            char **c = realloc(classes, cap * sizeof *c);
            if (c) classes = c;
            if (!a || !b || !c) {
                rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
                break;
            }
        }
        triples[n++] = statement_text(x);
        librdf_node *p = librdf_statement_get_predicate(x);
        librdf_node *o = librdf_statement_get_object(x);
        const char *pi = (const char *)librdf_uri_as_string(librdf_node_get_uri(p));
        preds[np++] = strdup(pi);
        if (strcmp(pi, RDF_TYPE) == 0 && librdf_node_is_resource(o))
            classes[nc++] = strdup(
                (const char *)librdf_uri_as_string(librdf_node_get_uri(o)));
    }
    if (s)
        librdf_free_stream(s);
    size_t distinct = 0;
    if (rc == MG_OK) {
        if (n)
            qsort(triples, n, sizeof *triples, cmp_str);
        for (size_t i = 0; i < n; i++)
            distinct += i == 0 || strcmp(triples[i], triples[i - 1]) != 0;
    }
    count_list lp = {0}, lc = {0};
    if (rc == MG_OK) {
        if (np)
            qsort(preds, np, sizeof *preds, cmp_str);
        if (nc)
            qsort(classes, nc, sizeof *classes, cmp_str);
        count_sorted(preds, np, &lp);
        count_sorted(classes, nc, &lc);
        rc = print_totals(distinct, quads, graphs, -1, st);
    }
    if (rc == MG_OK) {
        putchar('\n');
        rc = print_list("class", "instances", &lc, st);
    }
    if (rc == MG_OK) {
        putchar('\n');
        rc = print_list("predicate", "triples", &lp, st);
    }
    for (size_t i = 0; i < n; i++)
        free(triples[i]);
    for (size_t i = 0; i < np; i++)
        free(preds[i]);
    for (size_t i = 0; i < nc; i++)
        free(classes[i]);
    free(triples);
    free(preds);
    free(classes);
    free_list(&lp);
    free_list(&lc);
    return rc;
}

int cmd_stats(mg_cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("stats", "unexpected argument '%s'", argv[1]);
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    if (cli_open(cli, MG_DB_READONLY, &db, &st) != MG_OK)
        return cli_fail(&st);
    mg_code rc = db->native ? native_stats(db, &st) : foreign_stats(db, &st);
    mg_db_close(db);
    return rc == MG_OK ? MG_EXIT_OK : cli_fail(&st);
}

/* The title a graph gives itself: dcterms:title, else rdfs:label, of the
 * graph IRI inside that graph (a French one preferred). */
static char *graph_title(mg_db *db, librdf_node *g)
{
    static const char *props[] = {"http://purl.org/dc/terms/title",
                                  "http://www.w3.org/2000/01/rdf-schema#label"};
    char *best = NULL;
    for (size_t i = 0; i < 2 && !best; i++) {
        librdf_node *p = librdf_new_node_from_uri_string(
            db->world, (const unsigned char *)props[i]);
        librdf_statement *pat = librdf_new_statement_from_nodes(
            db->world, librdf_new_node_from_node(g), p, NULL);
        librdf_stream *s =
            pat ? librdf_model_find_statements_in_context(db->model, pat, g) : NULL;
        for (; s && !librdf_stream_end(s); librdf_stream_next(s)) {
            librdf_node *o = librdf_statement_get_object(librdf_stream_get_object(s));
            if (!librdf_node_is_literal(o))
                continue;
            const char *lang = librdf_node_get_literal_value_language(o);
            const char *v = (const char *)librdf_node_get_literal_value(o);
            if (!best || (lang && strcmp(lang, "fr") == 0)) {
                free(best);
                best = strdup(v);
            }
        }
        if (s)
            librdf_free_stream(s);
        if (pat)
            librdf_free_statement(pat);
    }
    return best;
}

int cmd_graphs(mg_cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("graphs", "unexpected argument '%s'", argv[1]);
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    if (cli_open(cli, MG_DB_READONLY, &db, &st) != MG_OK)
        return cli_fail(&st);
    count_list l = {0};
    mg_code rc = MG_OK;
    /* one read transaction for every graph's size (our store only) */
    mg_txn *t = NULL;
    if (db->native && mg_txn_begin(db->native, 0, &t, &st) != MG_OK)
        t = NULL;
    librdf_iterator *it = librdf_model_get_contexts(db->model);
    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
        librdf_node *g = librdf_iterator_get_object(it);
        const char *iri = librdf_node_is_resource(g)
            ? (const char *)librdf_uri_as_string(librdf_node_get_uri(g)) : "";
        unsigned long long n = 0;
        if (t) {
            mg_term term = {MG_TERM_IRI, iri, strlen(iri), NULL, NULL};
            mg_id id;
            if (mg_term_lookup(t, &term, &id, NULL) == MG_OK)
                n = mg_graph_size(t, id);
        } else {
            librdf_stream *s = librdf_model_context_as_stream(db->model, g);
            for (; s && !librdf_stream_end(s); librdf_stream_next(s))
                n++;
            if (s)
                librdf_free_stream(s);
        }
        push(&l, iri, strlen(iri), MG_CELL_IRI, n);
    }
    if (it)
        librdf_free_iterator(it);
    mg_txn_abort(t);
    /* by IRI: a graph list reads like a directory listing */
    for (size_t i = 1; i < l.len; i++)
        for (size_t j = i; j > 0 && strcmp(l.v[j - 1].name, l.v[j].name) > 0; j--) {
            named_count tmp = l.v[j];
            l.v[j] = l.v[j - 1];
            l.v[j - 1] = tmp;
        }
    const char *cols[3] = {"graph", "triples", "title"};
    mg_results *w = NULL;
    rc = mg_results_new(stdout, MG_RESULTS_TABLE, cols, 3, &w, &st);
    for (size_t i = 0; rc == MG_OK && i < l.len; i++) {
        char num[32];
        snprintf(num, sizeof num, "%llu", l.v[i].n);
        librdf_node *g = librdf_new_node_from_uri_string(
            db->world, (const unsigned char *)l.v[i].name);
        char *title = g ? graph_title(db, g) : NULL;
        if (g)
            librdf_free_node(g);
        mg_cell cells[3] = {{.kind = MG_CELL_IRI, .value = l.v[i].name},
                            {.kind = MG_CELL_LITERAL, .value = num},
                            {.kind = title ? MG_CELL_LITERAL : MG_CELL_UNBOUND,
                             .value = title}};
        rc = mg_results_row(w, cells, &st);
        free(title);
    }
    if (w && rc == MG_OK)
        rc = mg_results_finish(w, &st);
    else
        mg_results_free(w);
    free_list(&l);
    mg_db_close(db);
    return rc == MG_OK ? MG_EXIT_OK : cli_fail(&st);
}
