/*
 * resolve.c — names to ids, subclass closure and symmetric properties
 * (resolve.h).
 */
#include "query/resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"
#include "query/parse.h"

mg_id mg_iri_id(mg_txn *txn, const char *iri)
{
    mg_term t = {MG_TERM_IRI, iri, strlen(iri), NULL, NULL};
    mg_id id = 0;
    if (mg_term_lookup(txn, &t, &id, NULL) != MG_OK)
        return 0;
    return id;
}

static const char *local_of(const char *iri)
{
    const char *l = iri;
    for (const char *p = iri; *p; p++)
        if (*p == '#' || *p == '/' || *p == ':')
            l = p + 1;
    return l;
}

typedef struct collect_ctx {
    mg_vocab *v;
    mg_vocab_entry **arr;
    size_t *n, cap;
    mg_idset seen;
    mg_status *st;
    mg_code rc;
} collect_ctx;

static int add_entry(collect_ctx *c, mg_id id)
{
    int r = mg_idset_add(&c->seen, id);
    if (r == 0)
        return 0;
    if (r < 0) {
        c->rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        return 1;
    }
    mg_term t;
    if (mg_term_get(c->v->txn, id, &t, NULL) != MG_OK ||
        t.kind != MG_TERM_IRI)
        return 0;
    if (*c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        mg_vocab_entry *na = realloc(*c->arr, nc * sizeof *na);
        if (!na) {
            c->rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
            return 1;
        }
        *c->arr = na;
        c->cap = nc;
    }
    char *iri = malloc(t.len + 1);
    if (!iri) {
        c->rc = mg_fail(c->st, MG_ERR_NOMEM, "out of memory");
        return 1;
    }
    memcpy(iri, t.value, t.len);
    iri[t.len] = 0;
    mg_vocab_entry *e = &(*c->arr)[(*c->n)++];
    e->id = id;
    e->iri = iri;
    e->local = local_of(iri);
    return 0;
}

static int stat_cb(void *ctx, mg_id id, uint64_t count)
{
    if (!count)
        return 0;
    return add_entry(ctx, id);
}

/* Adds the subjects (pos 's') or objects ('o') of triples (?, p, o). */
static mg_code add_by_pattern(collect_ctx *c, mg_id s, mg_id p, mg_id o,
                              char pos)
{
    if (!p || (!s && !o && pos == 0))
        return MG_OK;
    mg_quad pat = {0, s, p, o};
    mg_cursor *cur;
    MG_TRY(mg_cursor_open(c->v->txn, &pat, MG_CURSOR_DISTINCT, &cur, c->st));
    mg_quad q;
    int r = 0;
    while ((r = mg_cursor_next(cur, &q, c->st)) == 1)
        if (add_entry(c, pos == 's' ? q.s : q.o))
            break;
    mg_cursor_close(cur);
    if (r < 0)
        return c->st->code ? c->st->code : MG_ERR_STORE;
    return c->rc;
}

static mg_code collect(mg_vocab *v, int classes, mg_status *st)
{
    collect_ctx c = {0};
    c.v = v;
    c.arr = classes ? &v->classes : &v->props;
    c.n = classes ? &v->nclasses : &v->nprops;
    c.st = st;
    mg_code rc = mg_stat_each(v->txn, classes ? 'c' : 'p', stat_cb, &c, st);
    if (rc == MG_OK)
        rc = c.rc;
    static const char *const class_types[] = {MG_OWL "Class",
                                              MG_RDFS "Class", NULL};
    static const char *const prop_types[] = {
        MG_RDF "Property", MG_OWL "ObjectProperty",
        MG_OWL "DatatypeProperty", MG_OWL "AnnotationProperty",
        MG_OWL "SymmetricProperty", MG_OWL "TransitiveProperty",
        MG_OWL "FunctionalProperty", MG_OWL "InverseFunctionalProperty",
        NULL};
    const char *const *types = classes ? class_types : prop_types;
    for (size_t i = 0; rc == MG_OK && types[i]; i++) {
        mg_id t = mg_iri_id(v->txn, types[i]);
        if (t)
            rc = add_by_pattern(&c, 0, v->rdf_type, t, 's');
    }
    if (rc == MG_OK && classes && v->rdfs_subclassof) {
        rc = add_by_pattern(&c, 0, v->rdfs_subclassof, 0, 's');
        if (rc == MG_OK)
            rc = add_by_pattern(&c, 0, v->rdfs_subclassof, 0, 'o');
    }
    mg_idset_free(&c.seen);
    return rc;
}

mg_code mg_vocab_load(mg_txn *txn, mg_vocab *v, mg_status *st)
{
    memset(v, 0, sizeof *v);
    v->txn = txn;
    v->rdf_type = mg_iri_id(txn, MG_RDF "type");
    v->rdfs_label = mg_iri_id(txn, MG_RDFS "label");
    v->rdfs_subclassof = mg_iri_id(txn, MG_RDFS "subClassOf");
    MG_TRY(collect(v, 1, st));
    MG_TRY(collect(v, 0, st));
    mg_id sym = mg_iri_id(txn, MG_OWL "SymmetricProperty");
    if (sym && v->rdf_type) {
        mg_quad pat = {0, 0, v->rdf_type, sym};
        mg_cursor *cur;
        MG_TRY(mg_cursor_open(txn, &pat, MG_CURSOR_DISTINCT, &cur, st));
        mg_quad q;
        int r = 0;
        while ((r = mg_cursor_next(cur, &q, st)) == 1)
            if (mg_idset_add(&v->symmetric, q.s) < 0)
                break;
        mg_cursor_close(cur);
        if (r < 0)
            return st->code ? st->code : MG_ERR_STORE;
    }
    return MG_OK;
}

void mg_vocab_free(mg_vocab *v)
{
    for (size_t i = 0; i < v->nclasses; i++)
        free(v->classes[i].iri);
    for (size_t i = 0; i < v->nprops; i++)
        free(v->props[i].iri);
    free(v->classes);
    free(v->props);
    mg_idset_free(&v->symmetric);
    memset(v, 0, sizeof *v);
}

int mg_vocab_symmetric(const mg_vocab *v, mg_id p)
{
    return mg_idset_has(&v->symmetric, p);
}

/* ---- errors ------------------------------------------------------------- */

void mg_caret_append(const char *text, int pos, int len, char *buf,
                     size_t size)
{
    /* The same "line L, column C:" + caret lines as the parser's errors. */
    size_t bl = strlen(buf);
    if (!text || pos < 0 || bl + 2 >= size)
        return;
    buf[bl++] = '\n';
    buf[bl] = 0;
    mg_query_caret(text, pos, len, buf + bl, size - bl);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t m = prev + cost;
            if (row[j] + 1 < m)
                m = row[j] + 1;
            if (row[j - 1] + 1 < m)
                m = row[j - 1] + 1;
            row[j] = m;
            prev = cur;
        }
    }
    return row[lb];
}

static const char *role_word(mg_name_role r)
{
    return r == MG_ROLE_CLASS ? "label"
           : r == MG_ROLE_REL ? "relationship"
                              : "property";
}

static char role_sigil(mg_name_role r)
{
    return r == MG_ROLE_PROP ? '.' : ':';
}

/* Appends `s` to buf, as a prefixed name when the table allows. */
static void append_short(char *buf, size_t size, const char *iri)
{
    size_t bl = strlen(buf);
    const char *local;
    const mg_prefix *p = mg_prefix_for_iri(iri, strlen(iri), &local);
    if (p && mg_prefix_local_ok(local, strlen(local)))
        snprintf(buf + bl, size - bl, "%s:%s", p->name, local);
    else
        snprintf(buf + bl, size - bl, "<%s>", iri);
}

mg_code mg_resolve_name(mg_vocab *v, const mg_name *n, mg_name_role role,
                        const char *text, mg_id *out, mg_status *st)
{
    *out = 0;
    if (n->kind == MG_NAME_IRI) {
        *out = mg_iri_id(v->txn, n->text);
        return MG_OK;
    }
    if (n->kind == MG_NAME_PREFIXED) {
        char *iri;
        mg_status tmp;
        mg_status_clear(&tmp);
        if (mg_prefix_expand(n->text, &iri, &tmp) != MG_OK) {
            char msg[MG_STATUS_MSG_MAX];
            /* two labels written without a space lex as one prefixed
             * name: say how to write them */
            snprintf(msg, sizeof msg,
                     "%.600s (for two labels write a space: ':A :B')",
                     tmp.msg);
            mg_caret_append(text, n->pos, n->len, msg, sizeof msg);
            return mg_fail(st, MG_ERR_NOT_FOUND, "%s", msg);
        }
        *out = mg_iri_id(v->txn, iri);
        free(iri);
        return MG_OK;
    }
    const mg_vocab_entry *arr = role == MG_ROLE_CLASS ? v->classes : v->props;
    size_t na = role == MG_ROLE_CLASS ? v->nclasses : v->nprops;
    size_t hits = 0, first = 0;
    for (size_t i = 0; i < na; i++)
        if (strcmp(arr[i].local, n->text) == 0) {
            if (!hits)
                first = i;
            hits++;
        }
    char msg[MG_STATUS_MSG_MAX];
    if (hits == 1) {
        *out = arr[first].id;
        return MG_OK;
    }
    if (hits > 1) {
        snprintf(msg, sizeof msg, "ambiguous %s %c%s: it could be ",
                 role_word(role), role_sigil(role), n->text);
        size_t k = 0;
        for (size_t i = 0; i < na; i++)
            if (strcmp(arr[i].local, n->text) == 0) {
                if (k++)
                    strncat(msg, k == hits ? " or " : ", ",
                            sizeof msg - strlen(msg) - 1);
                append_short(msg, sizeof msg, arr[i].iri);
            }
        strncat(msg, " (write the prefixed name)",
                sizeof msg - strlen(msg) - 1);
        mg_caret_append(text, n->pos, n->len, msg, sizeof msg);
        return mg_fail(st, MG_ERR_ARG, "%s", msg);
    }
    /* Unknown: suggest the nearest local names (distinct ones, up to 3). */
    size_t best = 99;
    for (size_t i = 0; i < na; i++) {
        size_t d = edit_distance(arr[i].local, n->text);
        if (d < best)
            best = d;
    }
    size_t limit = strlen(n->text) / 3 + 1;
    if (limit < 2)
        limit = 2;
    snprintf(msg, sizeof msg, "unknown %s %c%s", role_word(role),
             role_sigil(role), n->text);
    if (best <= limit) {
        const char *shown[3];
        size_t ns = 0;
        for (size_t i = 0; i < na && ns < 3; i++) {
            if (edit_distance(arr[i].local, n->text) != best)
                continue;
            int dup = 0;
            for (size_t j = 0; j < ns; j++)
                dup |= strcmp(shown[j], arr[i].local) == 0;
            if (dup)
                continue;
            size_t bl = strlen(msg);
            snprintf(msg + bl, sizeof msg - bl, "%s%c%s",
                     ns ? " or " : " \xE2\x80\x94 did you mean ",
                     role_sigil(role), arr[i].local);
            shown[ns++] = arr[i].local;
        }
        strncat(msg, "?", sizeof msg - strlen(msg) - 1);
    }
    mg_caret_append(text, n->pos, n->len, msg, sizeof msg);
    return mg_fail(st, MG_ERR_NOT_FOUND, "%s", msg);
}

mg_code mg_class_closure(mg_vocab *v, mg_id c, mg_id **ids, size_t *n,
                         mg_status *st)
{
    size_t cap = 8, cnt = 0;
    mg_id *arr = malloc(cap * sizeof *arr);
    mg_idset seen = {0};
    if (!arr)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    arr[cnt++] = c;
    mg_idset_add(&seen, c);
    mg_code rc = MG_OK;
    /* Breadth-first over (x rdfs:subClassOf cur); `seen` guards cycles. */
    for (size_t k = 0; k < cnt && v->rdfs_subclassof && rc == MG_OK; k++) {
        mg_quad pat = {0, 0, v->rdfs_subclassof, arr[k]};
        mg_cursor *cur;
        rc = mg_cursor_open(v->txn, &pat, MG_CURSOR_DISTINCT, &cur, st);
        if (rc)
            break;
        mg_quad q;
        int r = 0;
        while ((r = mg_cursor_next(cur, &q, st)) == 1) {
            int a = mg_idset_add(&seen, q.s);
            if (a == 0)
                continue;
            if (a > 0 && cnt == cap) {
                mg_id *na = realloc(arr, 2 * cap * sizeof *arr);
                if (na) {
                    arr = na;
                    cap *= 2;
                } else {
                    a = -1;
                }
            }
            if (a < 0) {
                rc = mg_fail(st, MG_ERR_NOMEM, "out of memory");
                break;
            }
            arr[cnt++] = q.s;
        }
        mg_cursor_close(cur);
        if (r < 0 && rc == MG_OK)
            rc = st->code ? st->code : MG_ERR_STORE;
    }
    mg_idset_free(&seen);
    if (rc) {
        free(arr);
        return rc;
    }
    *ids = arr;
    *n = cnt;
    return MG_OK;
}
