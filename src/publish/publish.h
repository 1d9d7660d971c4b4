/*
 * publish.h — `maillage publish DIR`: one folder a data portal can harvest.
 *
 * Writes into DIR (created if missing; files of other names are left
 * alone, ours are replaced, each through a temporary file renamed into
 * place):
 *   maillage.ttl maillage.nt maillage.rdf    the published triples
 *   maillage.nq maillage.trig maillage.jsonld the published quads (graphs kept)
 *   catalog.ttl   DCAT-AP 3 description (dcat:Catalog, dcat:Dataset, one
 *                 dcat:Distribution per file) with VoID statistics
 *   README.md     what each file is, for a re-user
 *
 * What is published (filter.c), from every graph of the store:
 *   - private sources: without include_private, a graph whose source
 *     document has dcterms:accessRights mg:PrivateResource is left out
 *     entirely; in the other graphs, every resource marked
 *     mg:PrivateResource (an item of a list page, « Ressource privée :
 *     Oui ») is left out with its parts (schema:hasPart, dcterms:hasPart,
 *     unless a part is itself marked mg:PublicResource): no statement
 *     about them or pointing to them.
 *   - people (foaf:Person, schema:Person and their subclasses):
 *       public-roles  everything but their contact details (foaf:mbox,
 *                     foaf:phone, schema:email, schema:telephone, ...)
 *       names-only    a person is only a typed node with its names; their
 *                     memberships (org:Membership) and every other
 *                     statement about them are left out; what other
 *                     resources say of them (speaker of an event) stays
 *       none          no person node, no membership of a person, no
 *                     statement pointing to a person, and no mg:evidence
 *                     or rdfs:comment text quoting a person's name
 *   - base: the instance namespace moved as by `export --base`.
 *
 * Output is deterministic except the dates of catalog.ttl and README.md
 * (today, UTC; $SOURCE_DATE_EPOCH fixes it).
 *
 * Owns: nothing that outlives a call.  Uses the collected sets of
 * export/export_internal.h (a friend module: publish is an export).
 */
#ifndef MG_PUBLISH_H
#define MG_PUBLISH_H

#include "core/status.h"
#include "store/db.h"

typedef enum mg_people_policy {
    MG_PEOPLE_PUBLIC_ROLES = 0,
    MG_PEOPLE_NAMES_ONLY,
    MG_PEOPLE_NONE
} mg_people_policy;

typedef enum mg_licence {
    MG_LICENCE_ETALAB_2 = 0, /* Licence Ouverte / Open Licence 2.0 */
    MG_LICENCE_ODBL
} mg_licence;

/* The placeholder public URL used without --public-url. */
#define MG_PUBLISH_PLACEHOLDER_URL "https://example.org/CHANGE-ME/maillage/"

typedef struct mg_publish_opts {
    const char *dir;        /* the folder to write */
    const char *public_url; /* absolute http(s) URL of the folder; NULL:
                               MG_PUBLISH_PLACEHOLDER_URL */
    mg_licence licence;
    mg_people_policy people;
    int include_private;
    const char *title;      /* French title; NULL: the default */
    const char *title_en;   /* English title; NULL: the default */
    const char *publisher;  /* publisher's name; NULL: "Maillage" */
    const char *contact;    /* contact e-mail; NULL: a placeholder */
    const char *base;       /* as export --base; NULL: keep */
    const char *issued;     /* YYYY-MM-DD of first publication; NULL: today */
} mg_publish_opts;

/* What a run published, for the caller's summary. */
typedef struct mg_publish_report {
    size_t triples, quads, graphs;
    size_t private_graphs, private_items; /* left out */
    size_t people;                        /* persons in the store */
    int placeholder_url, placeholder_contact;
} mg_publish_report;

mg_code mg_publish(mg_db *db, const mg_publish_opts *opts,
                   mg_publish_report *report, mg_status *st);

/* "public-roles" | "names-only" | "none"; "etalab-2.0" | "odbl". */
mg_code mg_people_policy_parse(const char *s, mg_people_policy *out,
                               mg_status *st);
const char *mg_people_policy_name(mg_people_policy p);
mg_code mg_licence_parse(const char *s, mg_licence *out, mg_status *st);

#endif
