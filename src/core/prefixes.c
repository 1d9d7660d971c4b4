/* prefixes.c — the static prefix table and lookups on it (prefixes.h). */
#include "core/prefixes.h"

#include <stdlib.h>
#include <string.h>

#define MG_ID "https://w3id.org/maillage/id/"

static const mg_prefix mg_prefix_table[] = {
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"org", "http://www.w3.org/ns/org#"},
    {"schema", "http://schema.org/"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"dcat", "http://www.w3.org/ns/dcat#"},
    {"void", "http://rdfs.org/ns/void#"},
    {"mg", "https://w3id.org/maillage/ontology#"},
    {"mgi", MG_ID},
    {"person", MG_ID "person/"},
    {"orga", MG_ID "org/"},
    {"event", MG_ID "event/"},
    {"terr", MG_ID "territory/"},
    {"pub", MG_ID "publication/"},
    {"concept", MG_ID "concept/"},
    {"role", MG_ID "role/"},
    {"ms", MG_ID "membership/"},
    {"src", "https://w3id.org/maillage/source/"},
};

#define MG_PREFIX_N (sizeof mg_prefix_table / sizeof mg_prefix_table[0])

size_t mg_prefix_count(void)
{
    return MG_PREFIX_N;
}

const mg_prefix *mg_prefix_at(size_t i)
{
    return i < MG_PREFIX_N ? &mg_prefix_table[i] : NULL;
}

const mg_prefix *mg_prefix_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < MG_PREFIX_N; i++) {
        const char *n = mg_prefix_table[i].name;
        if (strlen(n) == len && memcmp(n, name, len) == 0)
            return &mg_prefix_table[i];
    }
    return NULL;
}

const mg_prefix *mg_prefix_for_iri(const char *iri, size_t len,
                                   const char **local)
{
    const mg_prefix *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < MG_PREFIX_N; i++) {
        size_t n = strlen(mg_prefix_table[i].iri);
        if (n <= len && n > best_len &&
            memcmp(mg_prefix_table[i].iri, iri, n) == 0) {
            best = &mg_prefix_table[i];
            best_len = n;
        }
    }
    if (best && local)
        *local = iri + best_len;
    return best;
}

static int is_alnum_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

int mg_prefix_local_ok(const char *local, size_t len)
{
    if (len == 0)
        return 1;
    unsigned char first = (unsigned char)local[0];
    if (!is_alnum_ascii(first) && first != '_')
        return 0;
    if (local[len - 1] == '.')
        return 0;
    for (size_t i = 1; i < len; i++) {
        unsigned char c = (unsigned char)local[i];
        if (!is_alnum_ascii(c) && c != '_' && c != '-' && c != '.')
            return 0;
    }
    return 1;
}

mg_code mg_prefix_expand(const char *qname, char **iri, mg_status *st)
{
    *iri = NULL;
    const char *colon = strchr(qname, ':');
    if (!colon)
        return mg_fail(st, MG_ERR_ARG, "'%s' is not a prefixed name (prefix:local)",
                       qname);
    const mg_prefix *p = mg_prefix_by_name(qname, (size_t)(colon - qname));
    if (!p)
        return mg_fail(st, MG_ERR_NOT_FOUND, "unknown prefix '%.*s:' in '%s'",
                       (int)(colon - qname), qname, qname);
    size_t ns = strlen(p->iri), rest = strlen(colon + 1);
    char *out = malloc(ns + rest + 1);
    if (!out)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    memcpy(out, p->iri, ns);
    memcpy(out + ns, colon + 1, rest + 1);
    *iri = out;
    return MG_OK;
}
