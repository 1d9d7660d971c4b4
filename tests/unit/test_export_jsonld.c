/*
 * test_export_jsonld.c — the JSON-LD writer and the rewriting steps of
 * export/export.h on an in-memory librdf store: the exact layout (context
 * of the prefixes used, @type, values as one item or an array, typed
 * literals as {"@value","@type"}, named graphs as {"@id","@graph"}),
 * determinism, an empty store, --lang and --base.  Keys follow the
 * N-Triples order of the predicates (export.h), @type first.
 * (Round-trips through rdflib are in tests/e2e/export_formats.sh.)
 */
#include "check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "store/db.h"

#define MEM_SPEC "librdf:hashes:hash-type='memory',contexts='yes'"
#define ID "https://w3id.org/maillage/id/person/"
#define SRC "https://w3id.org/maillage/source/"

static void add(mg_db *db, const char *g, const char *s, const char *p,
                const char *o, int kind, const char *lang, const char *dt)
{
    librdf_world *w = db->world;
    librdf_node *sn = librdf_new_node_from_uri_string(w, (const unsigned char *)s);
    librdf_node *pn = librdf_new_node_from_uri_string(w, (const unsigned char *)p);
    librdf_node *on;
    if (kind == 'i')
        on = librdf_new_node_from_uri_string(w, (const unsigned char *)o);
    else if (kind == 'b')
        on = librdf_new_node_from_blank_identifier(w, (const unsigned char *)o);
    else {
        librdf_uri *d = dt ? librdf_new_uri(w, (const unsigned char *)dt) : NULL;
        on = librdf_new_node_from_typed_literal(w, (const unsigned char *)o, lang, d);
        if (d)
            librdf_free_uri(d);
    }
    librdf_statement *st = librdf_new_statement_from_nodes(w, sn, pn, on);
    librdf_node *gn = librdf_new_node_from_uri_string(w, (const unsigned char *)g);
    librdf_model_context_add_statement(db->model, gn, st);
    librdf_free_statement(st);
    librdf_free_node(gn);
}

static char *run(mg_db *db, const char *format, const mg_export_filter *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    mg_status st;
    mg_status_clear(&st);
    mg_export_opts o = {format, NULL};
    CHECK_OK(mg_export_ex(db, out, &o, f, &st), &st);
    fclose(out);
    return buf;
}

static const char expected[] =
    "{\n"
    "  \"@context\": {\n"
    "    \"rdfs\": \"http://www.w3.org/2000/01/rdf-schema#\",\n"
    "    \"xsd\": \"http://www.w3.org/2001/XMLSchema#\",\n"
    "    \"foaf\": \"http://xmlns.com/foaf/0.1/\",\n"
    "    \"person\": \"https://w3id.org/maillage/id/person/\",\n"
    "    \"src\": \"https://w3id.org/maillage/source/\"\n"
    "  },\n"
    "  \"@graph\": [\n"
    "    {\n"
    "      \"@id\": \"src:doc1\",\n"
    "      \"@graph\": [\n"
    "        {\n"
    "          \"@id\": \"person:ada\",\n"
    "          \"@type\": \"foaf:Person\",\n"
    "          \"http://example.org/odd prop\": \"x\",\n"
    "          \"rdfs:label\": [\n"
    "              {\"@value\": \"Ada \\\"L\\\"\\n\", \"@language\": \"fr\"},\n"
    "              {\"@value\": \"Ada\", \"@language\": \"en\"}\n"
    "          ],\n"
    "          \"foaf:age\": {\"@value\": \"36\", \"@type\": \"xsd:integer\"},\n"
    "          \"foaf:knows\": {\"@id\": \"_:b1\"}\n"
    "        }\n"
    "      ]\n"
    "    }\n"
    "  ]\n"
    "}\n";

int main(void)
{
    mg_status st;
    mg_status_clear(&st);
    mg_db *db = NULL;
    CHECK_OK(mg_db_open(MEM_SPEC, MG_DB_CREATE, &db, &st), &st);
    if (!db)
        CHECK_DONE();

    char *empty = run(db, "jsonld", NULL);
    CHECK(empty && strcmp(empty, "{\n  \"@context\": {},\n  \"@graph\": []\n}\n") == 0);
    free(empty);

    const char *rdfs_label = "http://www.w3.org/2000/01/rdf-schema#label";
    add(db, SRC "doc1", ID "ada", rdfs_label, "Ada \"L\"\n", 'l', "fr", NULL);
    add(db, SRC "doc1", ID "ada", rdfs_label, "Ada", 'l', "en", NULL);
    add(db, SRC "doc1", ID "ada", "http://xmlns.com/foaf/0.1/age", "36", 'l', NULL,
        "http://www.w3.org/2001/XMLSchema#integer");
    add(db, SRC "doc1", ID "ada", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://xmlns.com/foaf/0.1/Person", 'i', NULL, NULL);
    add(db, SRC "doc1", ID "ada", "http://xmlns.com/foaf/0.1/knows", "b1", 'b', NULL, NULL);
    add(db, SRC "doc1", ID "ada", "http://example.org/odd prop", "x", 'l', NULL, NULL);

    char *a = run(db, "jsonld", NULL), *b = run(db, "json-ld", NULL);
    CHECK(a && strcmp(a, expected) == 0);
    if (a && strcmp(a, expected) != 0)
        fprintf(stderr, "got:\n%s", a);
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);

    /* --lang fr keeps the French label and the untagged/typed literals */
    mg_export_filter fr = {NULL, NULL, "fr", NULL};
    char *nt = run(db, "ntriples", &fr);
    CHECK(nt && strstr(nt, "@fr ") && !strstr(nt, "@en ") && strstr(nt, "\"36\"^^"));
    free(nt);

    /* --base moves the instances and their prefix, not the graph names */
    mg_export_filter base = {NULL, NULL, NULL, "https://data.example.org/id/"};
    char *ttl = run(db, "turtle", &base);
    CHECK(ttl && strstr(ttl, "@prefix person: <https://data.example.org/id/person/> ."));
    CHECK(ttl && strstr(ttl, "person:ada ") && !strstr(ttl, "w3id.org/maillage/id"));
    free(ttl);
    char *js = run(db, "jsonld", &base);
    CHECK(js && strstr(js, "\"person\": \"https://data.example.org/id/person/\"") &&
          strstr(js, "\"@id\": \"src:doc1\""));
    free(js);

    /* a relative base or one not ending in / or # is refused */
    FILE *devnull = fopen("/dev/null", "w");
    mg_export_opts o = {"turtle", NULL};
    mg_export_filter bad = {NULL, NULL, NULL, "data/id/"};
    CHECK(mg_export_ex(db, devnull, &o, &bad, &st) == MG_ERR_ARG);
    bad.base = "https://data.example.org/id";
    CHECK(mg_export_ex(db, devnull, &o, &bad, &st) == MG_ERR_ARG);
    fclose(devnull);

    mg_db_close(db);
    CHECK_DONE();
}
