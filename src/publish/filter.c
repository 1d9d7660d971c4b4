/*
 * filter.c — what publish leaves out (publish.h): graphs of private
 * sources, private items and their parts, and what the --people policy
 * keeps of named people.  Also the class helpers the catalogue uses.
 *
 * Owns: scratch arrays during a call; works on a borrowed collected set
 * by marking terms and dropping quads.
 */
#include "publish/publish_internal.h"

#include <stdlib.h>
#include <string.h>

int mgp_is(const mg_xterm *t, const char *iri)
{
    return t && t->kind == MG_TERM_IRI && t->len == strlen(iri) &&
           memcmp(t->value, iri, t->len) == 0;
}

void mgp_clear(mg_xset *set, unsigned bits)
{
    for (size_t i = 0; i < set->nbuckets; i++)
        for (mg_xterm *t = set->buckets[i]; t; t = t->next)
            t->mark &= ~bits;
}

size_t mgp_mark_instances(mg_xset *set, const char *const *roots,
                          unsigned bit)
{
    for (const char *const *r = roots; *r; r++) {
        const mg_xterm *c = mg_xset_find(set, MG_TERM_IRI, *r, strlen(*r));
        if (c)
            ((mg_xterm *)c)->mark |= MGP_CLASS;
    }
    for (int changed = 1; changed;) { /* the rdfs:subClassOf closure */
        changed = 0;
        for (size_t i = 0; i < set->n; i++) {
            const mg_xquad *q = &set->quads[i];
            if ((q->o->mark & MGP_CLASS) && !(q->s->mark & MGP_CLASS) &&
                mgp_is(q->p, NS_RDFS "subClassOf")) {
                ((mg_xterm *)q->s)->mark |= MGP_CLASS;
                changed = 1;
            }
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if ((q->o->mark & MGP_CLASS) && !(q->s->mark & bit) &&
            mgp_is(q->p, NS_RDF "type")) {
            ((mg_xterm *)q->s)->mark |= bit;
            n++;
        }
    }
    mgp_clear(set, MGP_CLASS);
    return n;
}

/* Drops the quads for which drop[i] is set. */
static void drop_quads(mg_xset *set, const unsigned char *drop)
{
    size_t w = 0;
    for (size_t r = 0; r < set->n; r++)
        if (!drop[r])
            set->quads[w++] = set->quads[r];
    set->n = w;
}

/* ---- private sources ---- */

static int says(const mg_xquad *q, const char *value)
{
    return mgp_is(q->p, NS_DCT "accessRights") && mgp_is(q->o, value);
}

mg_code mgp_filter_private(mg_xset *set, size_t *graphs, size_t *items,
                           mg_status *st)
{
    *graphs = *items = 0;
    /* Source documents: the graph IRI itself, or a mg:SourceDocument. */
    static const char *const doc_class[] = {NS_MG "SourceDocument", NULL};
    mgp_mark_instances(set, doc_class, MGP_SEEN);
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (q->g && q->s == q->g)
            ((mg_xterm *)q->s)->mark |= MGP_SEEN;
    }
    unsigned char *drop = calloc(set->n ? set->n : 1, 1);
    if (!drop)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    /* 1. graphs whose source document is private: the graph named by the
     * document, or else the graph that says so */
    for (size_t i = 0; i < set->n; i++)
        if (set->quads[i].g)
            ((mg_xterm *)set->quads[i].g)->mark |= MGP_CLASS;
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (!(q->s->mark & MGP_SEEN) || !says(q, NS_MG "PrivateResource"))
            continue;
        const mg_xterm *g = (q->s->mark & MGP_CLASS) ? q->s : q->g;
        if (g && !(g->mark & MGP_DROP)) {
            ((mg_xterm *)g)->mark |= MGP_DROP;
            (*graphs)++;
        }
    }
    mgp_clear(set, MGP_CLASS);
    for (size_t i = 0; i < set->n; i++)
        if (set->quads[i].g && (set->quads[i].g->mark & MGP_DROP))
            drop[i] = 1;
    drop_quads(set, drop);
    mgp_clear(set, MGP_DROP);

    /* 2. private items, and their parts unless marked public */
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if (!(q->s->mark & MGP_SEEN) && says(q, NS_MG "PrivateResource") &&
            !(q->s->mark & MGP_DROP)) {
            ((mg_xterm *)q->s)->mark |= MGP_DROP;
            (*items)++;
        }
    }
    for (size_t i = 0; i < set->n; i++) /* public parts stay */
        if (says(&set->quads[i], NS_MG "PublicResource"))
            ((mg_xterm *)set->quads[i].s)->mark |= MGP_SEEN;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < set->n; i++) {
            const mg_xquad *q = &set->quads[i];
            if ((q->s->mark & MGP_DROP) && q->o->kind != MG_TERM_LITERAL &&
                !(q->o->mark & (MGP_DROP | MGP_SEEN)) &&
                (mgp_is(q->p, NS_SCHEMA "hasPart") ||
                 mgp_is(q->p, NS_DCT "hasPart"))) {
                ((mg_xterm *)q->o)->mark |= MGP_DROP;
                (*items)++;
                changed = 1;
            }
        }
    }
    free(drop);
    mgp_clear(set, MGP_SEEN);
    mg_x_drop_marked(set, MGP_DROP);
    return MG_OK;
}

/* ---- people ---- */

static int is_contact(const mg_xterm *p)
{
    static const char *const contact[] = {
        NS_FOAF "mbox", NS_FOAF "mbox_sha1sum", NS_FOAF "phone",
        NS_SCHEMA "email", NS_SCHEMA "telephone", NS_SCHEMA "faxNumber",
        NS_SCHEMA "address", NS_VCARD "hasEmail", NS_VCARD "hasTelephone",
        NS_VCARD "hasAddress", NULL};
    for (const char *const *c = contact; *c; c++)
        if (mgp_is(p, *c))
            return 1;
    return 0;
}

static int is_name(const mg_xterm *p)
{
    static const char *const names[] = {
        NS_RDF "type", NS_RDFS "label", NS_FOAF "name", NS_FOAF "givenName",
        NS_FOAF "familyName", NS_SCHEMA "name", NS_SKOS "prefLabel",
        NS_SKOS "altLabel", NULL};
    for (const char *const *c = names; *c; c++)
        if (mgp_is(p, *c))
            return 1;
    return 0;
}

/* Whether literal `text` quotes one of the names (NUL-separated list). */
static int quotes_a_name(const mg_xterm *text, const char *names, size_t len)
{
    for (size_t i = 0; i < len; i += strlen(names + i) + 1)
        if (strstr(text->value, names + i))
            return 1;
    return 0;
}

/* The names (foaf:name, rdfs:label) of marked persons, NUL-separated. */
static char *person_names(const mg_xset *set, size_t *len)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if ((q->s->mark & MGP_PERSON) && q->o->kind == MG_TERM_LITERAL &&
            q->o->len >= 4 && (mgp_is(q->p, NS_FOAF "name") ||
                               mgp_is(q->p, NS_RDFS "label")))
            n += q->o->len + 1;
    }
    char *buf = malloc(n ? n : 1), *w = buf;
    if (!buf)
        return NULL;
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if ((q->s->mark & MGP_PERSON) && q->o->kind == MG_TERM_LITERAL &&
            q->o->len >= 4 && (mgp_is(q->p, NS_FOAF "name") ||
                               mgp_is(q->p, NS_RDFS "label"))) {
            memcpy(w, q->o->value, q->o->len);
            w[q->o->len] = '\0';
            w += q->o->len + 1;
        }
    }
    *len = n;
    return buf;
}

mg_code mgp_filter_people(mg_xset *set, mg_people_policy policy,
                          size_t *people, mg_status *st)
{
    static const char *const person_class[] = {NS_FOAF "Person",
                                               NS_SCHEMA "Person", NULL};
    *people = mgp_mark_instances(set, person_class, MGP_PERSON);
    /* memberships of a person: left out by names-only and none */
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        if ((q->o->mark & MGP_PERSON) && mgp_is(q->p, NS_ORG "member"))
            ((mg_xterm *)q->s)->mark |= MGP_SEEN;
    }
    unsigned char *drop = calloc(set->n ? set->n : 1, 1);
    if (!drop)
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    size_t nlen = 0;
    char *names = policy == MG_PEOPLE_NONE ? person_names(set, &nlen) : NULL;
    if (policy == MG_PEOPLE_NONE && !names) {
        free(drop);
        return mg_fail(st, MG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < set->n; i++) {
        const mg_xquad *q = &set->quads[i];
        int person = q->s->mark & MGP_PERSON;
        int membership = (q->s->mark & MGP_SEEN) || (q->o->mark & MGP_SEEN);
        switch (policy) {
        case MG_PEOPLE_PUBLIC_ROLES:
            drop[i] = person && is_contact(q->p);
            break;
        case MG_PEOPLE_NAMES_ONLY:
            drop[i] = (person && !is_name(q->p)) || membership;
            break;
        case MG_PEOPLE_NONE:
            drop[i] = person || (q->o->mark & MGP_PERSON) || membership ||
                      (q->o->kind == MG_TERM_LITERAL &&
                       (mgp_is(q->p, NS_MG "evidence") ||
                        mgp_is(q->p, NS_RDFS "comment")) &&
                       quotes_a_name(q->o, names, nlen));
            break;
        }
    }
    drop_quads(set, drop);
    free(drop);
    free(names);
    mgp_clear(set, MGP_PERSON | MGP_SEEN);
    return MG_OK;
}
