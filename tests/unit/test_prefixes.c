/* test_prefixes.c — the prefix table: iteration, lookup, IRI -> prefix,
 * local-name check and "prefix:local" expansion (core/prefixes.h). */
#include "check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefixes.h"



static void test_table(void)
{
    size_t n = mg_prefix_count();
    CHECK(n == 23);
    CHECK(mg_prefix_at(n) == NULL);
    /* names are unique, namespaces end in / or # */
    for (size_t i = 0; i < n; i++) {
        const mg_prefix *p = mg_prefix_at(i);
        size_t len = strlen(p->iri);
        CHECK(p->iri[len - 1] == '/' || p->iri[len - 1] == '#');
        CHECK(mg_prefix_by_name(p->name, strlen(p->name)) == p);
        for (size_t j = i + 1; j < n; j++)
            CHECK(strcmp(p->name, mg_prefix_at(j)->name) != 0);
    }
    const mg_prefix *org = mg_prefix_by_name("org", 3);
    CHECK(org && strcmp(org->iri, "http://www.w3.org/ns/org#") == 0);
    const mg_prefix *mg = mg_prefix_by_name("mg", 2);
    CHECK(mg && strcmp(mg->iri, "https://w3id.org/maillage/ontology#") == 0);
    const mg_prefix *orga = mg_prefix_by_name("orga", 4);
    CHECK(orga && strcmp(orga->iri, "https://w3id.org/maillage/id/org/") == 0);
    CHECK(mg_prefix_by_name("foafx", 5) == NULL);
    CHECK(mg_prefix_by_name("foafx", 4) != NULL); /* counted */
    CHECK(strcmp(mg_prefix_at(0)->name, "rdf") == 0);
}

static void test_for_iri(void)
{
    const char *iri = "https://w3id.org/maillage/id/person/jean-dupont";
    const char *local = NULL;
    const mg_prefix *p = mg_prefix_for_iri(iri, strlen(iri), &local);
    CHECK(p && strcmp(p->name, "person") == 0); /* longest, not mgi */
    CHECK(local && strcmp(local, "jean-dupont") == 0);

    iri = "https://w3id.org/maillage/id/thing/1";
    p = mg_prefix_for_iri(iri, strlen(iri), &local);
    CHECK(p && strcmp(p->name, "mgi") == 0 && strcmp(local, "thing/1") == 0);

    iri = "http://www.w3.org/2001/XMLSchema#date";
    p = mg_prefix_for_iri(iri, strlen(iri), NULL);
    CHECK(p && strcmp(p->name, "xsd") == 0);

    iri = "http://example.org/x";
    CHECK(mg_prefix_for_iri(iri, strlen(iri), &local) == NULL);
    /* the namespace itself: empty local part */
    iri = "http://xmlns.com/foaf/0.1/";
    p = mg_prefix_for_iri(iri, strlen(iri), &local);
    CHECK(p && strcmp(p->name, "foaf") == 0 && *local == '\0');
    /* counted: a length shorter than the namespace does not match */
    CHECK(mg_prefix_for_iri(iri, 10, &local) == NULL);
}

static void test_local_ok(void)
{
    CHECK(mg_prefix_local_ok("", 0));
    CHECK(mg_prefix_local_ok("Person", 6));
    CHECK(mg_prefix_local_ok("jean-dupont", 11));
    CHECK(mg_prefix_local_ok("a.b_c-1", 7));
    CHECK(mg_prefix_local_ok("123", 3));
    CHECK(mg_prefix_local_ok("_x", 2));
    CHECK(!mg_prefix_local_ok("a.", 2));
    CHECK(!mg_prefix_local_ok("-a", 2));
    CHECK(!mg_prefix_local_ok(".a", 2));
    CHECK(!mg_prefix_local_ok("a/b", 3));
    CHECK(!mg_prefix_local_ok("a:b", 3));
    CHECK(!mg_prefix_local_ok("caf%C3%A9", 9));
    CHECK(!mg_prefix_local_ok("caf\xc3\xa9", 5));
    CHECK(!mg_prefix_local_ok("a b", 3));
    CHECK(!mg_prefix_local_ok("a?x=1", 5));
}

static void test_expand(void)
{
    mg_status st;
    char *iri = NULL;
    mg_status_clear(&st);
    CHECK(mg_prefix_expand("foaf:name", &iri, &st) == MG_OK);
    CHECK(iri && strcmp(iri, "http://xmlns.com/foaf/0.1/name") == 0);
    free(iri);
    CHECK(mg_prefix_expand("terr:nantes", &iri, &st) == MG_OK);
    CHECK(iri && strcmp(iri, "https://w3id.org/maillage/id/territory/nantes") == 0);
    free(iri);
    CHECK(mg_prefix_expand("src:", &iri, &st) == MG_OK);
    CHECK(iri && strcmp(iri, "https://w3id.org/maillage/source/") == 0);
    free(iri);

    mg_status_clear(&st);
    CHECK(mg_prefix_expand("nope:x", &iri, &st) == MG_ERR_NOT_FOUND);
    CHECK(iri == NULL && st.code == MG_ERR_NOT_FOUND);
    CHECK(strstr(st.msg, "nope") != NULL);
    mg_status_clear(&st);
    CHECK(mg_prefix_expand("nocolon", &iri, &st) == MG_ERR_ARG);
    CHECK(iri == NULL);
    /* round trip through for_iri for every prefix */
    for (size_t i = 0; i < mg_prefix_count(); i++) {
        char q[64];
        snprintf(q, sizeof q, "%s:x1", mg_prefix_at(i)->name);
        mg_status_clear(&st);
        CHECK(mg_prefix_expand(q, &iri, &st) == MG_OK);
        const char *local = NULL;
        CHECK(mg_prefix_for_iri(iri, strlen(iri), &local) == mg_prefix_at(i));
        CHECK(local && strcmp(local, "x1") == 0);
        free(iri);
    }
}

int main(void)
{
    test_table();
    test_for_iri();
    test_local_ok();
    test_expand();
    if (mg_test_failures) {
        fprintf(stderr, "test_prefixes: %d failure(s)\n", mg_test_failures);
        return 1;
    }
    printf("test_prefixes: ok\n");
    return 0;
}
