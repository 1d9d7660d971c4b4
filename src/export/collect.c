/*
 * collect.c — gathering the statements to export from a librdf model into
 * a private mg_xset, interning their terms, sorting and deduplicating.
 *
 * Owns: the mg_xset it fills (freed by mg_xset_free) and, during a call,
 * the librdf streams, iterators and nodes it creates.
 */
#include "export/export_internal.h"
#include "store/librdf_storage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- a growable byte buffer for building keys ---- */

typedef struct xbuf {
    char *p;
    size_t n, cap;
    int oom;
} xbuf;

static void xb_put(xbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void xb_puts(xbuf *b, const char *s)
{
    xb_put(b, s, strlen(s));
}

/* The lexical form of a literal as in N-Triples: \" \\ \n \r \t escaped,
 * other control characters as \u00XX, everything else as-is. */
static void xb_put_escaped(xbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        switch (c) {
        case '"': xb_put(b, "\\\"", 2); break;
        case '\\': xb_put(b, "\\\\", 2); break;
        case '\n': xb_put(b, "\\n", 2); break;
        case '\r': xb_put(b, "\\r", 2); break;
        case '\t': xb_put(b, "\\t", 2); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                snprintf(esc, sizeof esc, "\\u%04X", c);
                xb_put(b, esc, 6);
            } else {
                xb_put(b, (const char *)&s[i], 1);
            }
        }
    }
}

/* ---- the term table ---- */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static mg_code table_grow(mg_xset *set, mg_status *st)
{
    size_t nb = set->nbuckets ? set->nbuckets * 2 : 1024;
    mg_xterm **b = calloc(nb, sizeof *b);
    if (!b)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < set->nbuckets; i++) {
        mg_xterm *t = set->buckets[i];
        while (t) {
            mg_xterm *next = t->next;
            size_t h = (size_t)(hash_bytes(t->key, t->keylen) % nb);
            t->next = b[h];
            b[h] = t;
            t = next;
        }
    }
    free(set->buckets);
    set->buckets = b;
    set->nbuckets = nb;
    return MG_OK;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void xterm_free(mg_xterm *t)
{
    free(t->value);
    free(t->lang);
    free(t->datatype);
    free(t->key);
    free(t);
}

/* The N-Triples form of a term: the key it is interned and sorted by. */
static void build_key(xbuf *key, mg_term_kind kind, const char *value,
                      size_t len, const char *lang, const char *dt)
{
    switch (kind) {
    case MG_TERM_IRI:
        xb_puts(key, "<");
        xb_put(key, value, len);
        xb_puts(key, ">");
        break;
    case MG_TERM_BLANK:
        xb_puts(key, "_:");
        xb_put(key, value, len);
        break;
    case MG_TERM_LITERAL:
        xb_puts(key, "\"");
        xb_put_escaped(key, value, len);
        xb_puts(key, "\"");
        if (lang) {
            xb_puts(key, "@");
            xb_puts(key, lang);
        } else if (dt) {
            xb_puts(key, "^^<");
            xb_puts(key, dt);
            xb_puts(key, ">");
        }
        break;
    }
}

static mg_xterm *lookup_key(const mg_xset *set, const char *key, size_t n)
{
    if (set->nbuckets == 0)
        return NULL;
    size_t h = (size_t)(hash_bytes(key, n) % set->nbuckets);
    for (mg_xterm *t = set->buckets[h]; t; t = t->next)
        if (t->keylen == n && memcmp(t->key, key, n) == 0)
            return t;
    return NULL;
}

/*
 * Interning makes grouping in the writers a pointer comparison and keeps
 * memory at one copy per distinct term.
 */
mg_code mg_xset_intern(mg_xset *set, mg_term_kind kind, const char *value,
                       size_t len, const char *lang, const char *dt,
                       const mg_xterm **out, mg_status *st)
{
    *out = NULL;
    if (lang && !*lang)
        lang = NULL;
    if (dt && !*dt)
        dt = NULL;
    if (kind != MG_TERM_LITERAL || lang)
        dt = NULL; /* never both */
    if (kind != MG_TERM_LITERAL)
        lang = NULL;
    xbuf key = {0};
    build_key(&key, kind, value, len, lang, dt);
    if (key.oom) {
        free(key.p);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    mg_xterm *found = lookup_key(set, key.p, key.n);
    if (found) {
        free(key.p);
        *out = found;
        return MG_OK;
    }
    if (set->nterms >= set->nbuckets) {
        mg_code rc = table_grow(set, st);
        if (rc != MG_OK) {
            free(key.p);
            return rc;
        }
    }
    size_t h = (size_t)(hash_bytes(key.p, key.n) % set->nbuckets);
    mg_xterm *t = calloc(1, sizeof *t);
    if (!t) {
        free(key.p);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    t->kind = kind;
    t->key = key.p;
    t->keylen = key.n;
    t->len = len;
    t->value = dup_n(value, len);
    t->lang = lang ? strdup(lang) : NULL;
    t->datatype = dt ? strdup(dt) : NULL;
    if (!t->value || (lang && !t->lang) || (dt && !t->datatype)) {
        xterm_free(t);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    t->next = set->buckets[h];
    set->buckets[h] = t;
    set->nterms++;
    *out = t;
    return MG_OK;
}

const mg_xterm *mg_xset_find(const mg_xset *set, mg_term_kind kind,
                             const char *value, size_t len)
{
    xbuf key = {0};
    build_key(&key, kind, value, len, NULL, NULL);
    const mg_xterm *t = key.oom ? NULL : lookup_key(set, key.p, key.n);
    free(key.p);
    return t;
}

/* The interned term for a librdf node. */
static mg_code intern_node(mg_xset *set, librdf_node *node,
                           const mg_xterm **out, mg_status *st)
{
    *out = NULL;
    mg_term_kind kind;
    const char *value = NULL, *lang = NULL, *dt = NULL;
    size_t len = 0;

    switch (librdf_node_get_type(node)) {
    case LIBRDF_NODE_TYPE_RESOURCE: {
        kind = MG_TERM_IRI;
        librdf_uri *u = librdf_node_get_uri(node);
        value = u ? (const char *)librdf_uri_as_counted_string(u, &len) : NULL;
        break;
    }
    case LIBRDF_NODE_TYPE_BLANK:
        kind = MG_TERM_BLANK;
        value = (const char *)librdf_node_get_counted_blank_identifier(node, &len);
        break;
    case LIBRDF_NODE_TYPE_LITERAL: {
        kind = MG_TERM_LITERAL;
        value = (const char *)librdf_node_get_literal_value_as_counted_string(
            node, &len);
        lang = librdf_node_get_literal_value_language(node);
        librdf_uri *d = librdf_node_get_literal_value_datatype_uri(node);
        dt = d ? (const char *)librdf_uri_as_string(d) : NULL;
        break;
    }
    default:
        return mg_fail(st, MG_ERR_STORE, "a statement holds a node of unknown type");
    }
    if (!value)
        return mg_fail(st, MG_ERR_STORE, "a statement holds a node without a value");
    return mg_xset_intern(set, kind, value, len, lang, dt, out, st);
}

void mg_xset_free(mg_xset *set)
{
    for (size_t i = 0; i < set->nbuckets; i++) {
        mg_xterm *t = set->buckets[i];
        while (t) {
            mg_xterm *next = t->next;
            xterm_free(t);
            t = next;
        }
    }
    free(set->buckets);
    free(set->quads);
    for (size_t i = 0; i < set->nprefixes; i++) {
        free((char *)set->prefixes[i].name);
        free((char *)set->prefixes[i].iri);
    }
    free(set->prefixes);
    memset(set, 0, sizeof *set);
}

/* ---- quads ---- */

static mg_code push_quad(mg_xset *set, mg_xquad q, mg_status *st)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 256;
        mg_xquad *p = realloc(set->quads, cap * sizeof *p);
        if (!p)
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        set->quads = p;
        set->cap = cap;
    }
    set->quads[set->n++] = q;
    return MG_OK;
}

int mg_xterm_cmp(const mg_xterm *a, const mg_xterm *b)
{
    if (a == b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
    int c = memcmp(a->key, b->key, n);
    if (c)
        return c;
    return a->keylen < b->keylen ? -1 : a->keylen > b->keylen;
}

static int cmp_gspo(const void *x, const void *y)
{
    const mg_xquad *a = x, *b = y;
    int c;
    if ((c = mg_xterm_cmp(a->g, b->g)) || (c = mg_xterm_cmp(a->s, b->s)) ||
        (c = mg_xterm_cmp(a->p, b->p)))
        return c;
    return mg_xterm_cmp(a->o, b->o);
}

static int cmp_spo(const void *x, const void *y)
{
    const mg_xquad *a = x, *b = y;
    int c;
    if ((c = mg_xterm_cmp(a->s, b->s)) || (c = mg_xterm_cmp(a->p, b->p)))
        return c;
    return mg_xterm_cmp(a->o, b->o);
}

/* Sorts by (g, s, p, o) and drops adjacent duplicates.  Terms are
 * interned, so duplicates are equal pointers. */
void mg_xset_sort(mg_xset *set)
{
    if (set->n == 0)
        return;
    qsort(set->quads, set->n, sizeof *set->quads, cmp_gspo);
    size_t w = 1;
    for (size_t r = 1; r < set->n; r++) {
        const mg_xquad *a = &set->quads[w - 1], *b = &set->quads[r];
        if (a->g == b->g && a->s == b->s && a->p == b->p && a->o == b->o)
            continue;
        set->quads[w++] = *b;
    }
    set->n = w;
}

/*
 * Drains a librdf stream into `set`.  The graph of each quad is `graph`
 * when given; otherwise (the whole-model stream) the stream's own context
 * for quads (NULL when it has none: the default graph), and NULL in
 * triple mode.  `only_default` keeps only the context-less statements.
 */
static mg_code drain(mg_xset *set, librdf_stream *stream, int quads,
                     const mg_xterm *graph, int only_default, mg_status *st)
{
    for (; !librdf_stream_end(stream); librdf_stream_next(stream)) {
        librdf_statement *s = librdf_stream_get_object(stream);
        if (!s)
            return mg_fail(st, MG_ERR_STORE, "the store returned no statement");
        mg_xquad q = {graph, NULL, NULL, NULL};
        if (only_default && librdf_stream_get_context2(stream))
            continue;
        if (!quads)
            q.g = NULL;
        MG_TRY(intern_node(set, librdf_statement_get_subject(s), &q.s, st));
        MG_TRY(intern_node(set, librdf_statement_get_predicate(s), &q.p, st));
        MG_TRY(intern_node(set, librdf_statement_get_object(s), &q.o, st));
        MG_TRY(push_quad(set, q, st));
    }
    return MG_OK;
}

/*
 * Our LMDB storage (store/librdf_storage.c) keeps statements added without
 * a context in the graph <urn:maillage:default> and lists it among the
 * contexts.  Export writes that graph as the default graph (no graph term
 * in N-Quads, a bare { } block in TriG), so a file with default-graph
 * triples loads and exports back the same.  Must match MG_DEFAULT_GRAPH
 * there.
 */

static const mg_xterm *graph_term(const mg_xterm *g)
{
    if (g && g->kind == MG_TERM_IRI && g->len == strlen(MG_DEFAULT_GRAPH) &&
        memcmp(g->value, MG_DEFAULT_GRAPH, g->len) == 0)
        return NULL;
    return g;
}

static mg_code collect_graph(mg_db *db, int quads, const char *graph,
                             mg_xset *set, mg_status *st)
{
    librdf_node *ctx = librdf_new_node_from_uri_string(
        db->world, (const unsigned char *)graph);
    if (!ctx)
        return mg_fail(st, MG_ERR_ARG, "bad graph IRI <%s>", graph);
    const mg_xterm *g = NULL;
    mg_code rc = intern_node(set, ctx, &g, st);
    if (rc == MG_OK) {
        librdf_stream *stream = librdf_model_context_as_stream(db->model, ctx);
        if (stream) {
            rc = drain(set, stream, quads, graph_term(g), 0, st);
            librdf_free_stream(stream);
        }
    }
    librdf_free_node(ctx);
    if (rc == MG_OK && set->n == 0)
        rc = mg_fail(st, MG_ERR_NOT_FOUND, "no graph <%s>", graph);
    return rc;
}

/*
 * All quads: each named graph through librdf_model_get_contexts and
 * librdf_model_context_as_stream, then the default graph as the
 * statements of the whole-model stream that have no context.  A storage
 * that does not report contexts on that stream would make every
 * statement look context-less, so a triple already found in a named graph
 * is not added again to the default graph.
 */
static mg_code collect_all_quads(mg_db *db, mg_xset *set, mg_status *st)
{
    librdf_iterator *it = librdf_model_get_contexts(db->model);
    if (it) {
        mg_code rc = MG_OK;
        for (; rc == MG_OK && !librdf_iterator_end(it);
             librdf_iterator_next(it)) {
            librdf_node *ctx = librdf_iterator_get_object(it);
            if (!ctx)
                continue;
            const mg_xterm *g = NULL;
            rc = intern_node(set, ctx, &g, st);
            if (rc != MG_OK)
                break;
            librdf_stream *stream =
                librdf_model_context_as_stream(db->model, ctx);
            if (!stream)
                continue;
            rc = drain(set, stream, 1, graph_term(g), 0, st);
            librdf_free_stream(stream);
        }
        librdf_free_iterator(it);
        MG_TRY(rc);
    }
    size_t named = set->n;
    librdf_stream *stream = librdf_model_as_stream(db->model);
    if (!stream)
        return mg_fail(st, MG_ERR_STORE, "cannot read the statements of the store");
    mg_code rc = drain(set, stream, 1, NULL, 1, st);
    librdf_free_stream(stream);
    MG_TRY(rc);
    if (set->n == named || named == 0)
        return MG_OK;

    /* Drop default-graph candidates whose triple is in a named graph. */
    qsort(set->quads, named, sizeof *set->quads, cmp_spo);
    size_t w = named;
    for (size_t r = named; r < set->n; r++) {
        if (!bsearch(&set->quads[r], set->quads, named, sizeof *set->quads,
                     cmp_spo))
            set->quads[w++] = set->quads[r];
    }
    set->n = w;
    return MG_OK;
}

mg_code mg_xset_collect(mg_db *db, int quads, const char *graph,
                        mg_xset *set, mg_status *st)
{
    mg_code rc;
    if (graph) {
        rc = collect_graph(db, quads, graph, set, st);
    } else if (quads) {
        rc = collect_all_quads(db, set, st);
    } else {
        librdf_stream *stream = librdf_model_as_stream(db->model);
        if (!stream)
            return mg_fail(st, MG_ERR_STORE,
                           "cannot read the statements of the store");
        rc = drain(set, stream, 0, NULL, 0, st);
        librdf_free_stream(stream);
    }
    if (rc == MG_OK)
        mg_xset_sort(set);
    return rc;
}

mg_code mg_xset_add(mg_xset *set, const mg_xterm *g, const mg_xterm *s,
                    const mg_xterm *p, const mg_xterm *o, mg_status *st)
{
    mg_xquad q = {g, s, p, o};
    return push_quad(set, q, st);
}
