/*
 * facts.h — what catalog.ttl and README.md report about the published
 * graph (facts.c).
 *
 * Owns: the arrays of an mgp_facts, freed by mgp_facts_free; the terms
 * they point to belong to the set they were read from.
 */
#ifndef MG_PUBLISH_FACTS_H
#define MG_PUBLISH_FACTS_H

#include "publish/publish_internal.h"

#define MGP_MAX_KEYWORDS 10

typedef struct mgp_facts {
    /* VoID, over the distinct triples */
    size_t triples, entities, classes, properties, subjects, objects;
    char **vocabs; /* namespaces of the external vocabularies used, sorted */
    size_t nvocabs;
    const mg_xterm **places; /* instances of mg:Territory, sorted */
    const mg_xterm **place_labels; /* their labels (NULL when none) */
    size_t nplaces;
    const mg_xterm *start, *end; /* earliest / latest event date literal */
    const mg_xterm *keywords[MGP_MAX_KEYWORDS]; /* labels of top subjects */
    size_t nkeywords;
} mgp_facts;

/* `uri_space`: the instance namespace (entities are IRIs under it). */
mg_code mgp_facts_read(mg_xset *set, const char *uri_space, mgp_facts *f,
                       mg_status *st);
void mgp_facts_free(mgp_facts *f);

/* The French rdfs:label of t, else any, else NULL. */
const mg_xterm *mgp_label(const mg_xset *set, const mg_xterm *t);

#endif
