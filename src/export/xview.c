/*
 * xview.c — views on a collected set: its distinct triples (graphs
 * dropped) for the triple formats, and the prefix table its writers use
 * (the global one of core/prefixes.h, or the set's own after --base or
 * for catalog.ttl), and the blank node labels the syntaxes accept.
 *
 * Owns: a view's quad array (mg_xset_view_free); a set's prefix copy
 * (freed by mg_xset_free).
 */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>

mg_code mg_xset_triples_view(const mg_xset *set, mg_xset *view, mg_status *st)
{
    memset(view, 0, sizeof *view);
    view->prefixes = set->prefixes;
    view->nprefixes = set->nprefixes;
    if (set->n == 0)
        return MG_OK;
    view->quads = malloc(set->n * sizeof *view->quads);
    if (!view->quads)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < set->n; i++) {
        view->quads[i] = set->quads[i];
        view->quads[i].g = NULL;
    }
    view->n = view->cap = set->n;
    mg_xset_sort(view);
    return MG_OK;
}

void mg_xset_view_free(mg_xset *view)
{
    free(view->quads);
    memset(view, 0, sizeof *view);
}

mg_code mg_xset_set_prefixes(mg_xset *set, const mg_prefix *table, size_t n,
                             mg_status *st)
{
    mg_prefix *copy = calloc(n ? n : 1, sizeof *copy);
    if (!copy)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        copy[i].name = strdup(table[i].name);
        copy[i].iri = strdup(table[i].iri);
        if (!copy[i].name || !copy[i].iri) {
            for (size_t k = 0; k <= i; k++) {
                free((char *)copy[k].name);
                free((char *)copy[k].iri);
            }
            free(copy);
            return mg_fail(st, MG_ERR_NOMEM, "out of memory");
        }
    }
    for (size_t i = 0; i < set->nprefixes; i++) {
        free((char *)set->prefixes[i].name);
        free((char *)set->prefixes[i].iri);
    }
    free(set->prefixes);
    set->prefixes = copy;
    set->nprefixes = n;
    return MG_OK;
}

size_t mg_x_prefix_count(const mg_xset *set)
{
    return set && set->prefixes ? set->nprefixes : mg_prefix_count();
}

const mg_prefix *mg_x_prefix_at(const mg_xset *set, size_t i)
{
    if (!set || !set->prefixes)
        return mg_prefix_at(i);
    return i < set->nprefixes ? &set->prefixes[i] : NULL;
}

const mg_prefix *mg_x_prefix_for_iri(const mg_xset *set, const char *iri,
                                     size_t len, const char **local)
{
    if (!set || !set->prefixes)
        return mg_prefix_for_iri(iri, len, local);
    const mg_prefix *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < set->nprefixes; i++) {
        size_t n = strlen(set->prefixes[i].iri);
        if (n <= len && n > best_len &&
            memcmp(set->prefixes[i].iri, iri, n) == 0) {
            best = &set->prefixes[i];
            best_len = n;
        }
    }
    if (best && local)
        *local = iri + best_len;
    return best;
}

static int blank_label_ok(const char *s, size_t n, int xml)
{
    if (n == 0 || (n >= 2 && s[0] == 'x' && s[1] == '_'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        int digit = c >= '0' && c <= '9';
        if (i == 0 ? !(alpha || (digit && !xml))
                   : !(alpha || digit || c == '-' || c == '.'))
            return 0;
    }
    return s[n - 1] != '.';
}

char *mg_x_blank_label(const mg_xterm *t, int xml)
{
    if (blank_label_ok(t->value, t->len, xml))
        return strdup(t->value);
    char *out = malloc(2 + 2 * t->len + 1);
    if (!out)
        return NULL;
    static const char hex[] = "0123456789abcdef";
    out[0] = 'x';
    out[1] = '_';
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->value[i];
        out[2 + 2 * i] = hex[c >> 4];
        out[3 + 2 * i] = hex[c & 15];
    }
    out[2 + 2 * t->len] = '\0';
    return out;
}
