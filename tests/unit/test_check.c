/* test_check.c — src/check: lexical forms, language tags, label
 * normalisation, and the rules on small hand-built datasets (entities,
 * declarations, subclass closure, domains, ranges with owl:unionOf,
 * duplicates and owl:sameAs, graphs) plus line numbers from a parsed file. */
#include "check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "load/load.h"
#include "store/db.h"



#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define OWL "http://www.w3.org/2002/07/owl#"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define MG "https://w3id.org/maillage/ontology#"
#define ID "https://w3id.org/maillage/id/"
#define DOC "https://w3id.org/maillage/source/doc"

static int lex(const char *dt, const char *v)
{
    return mg_check_lexical_ok(dt, v, strlen(v));
}

static void test_lexical(void)
{
    CHECK(lex(XSD "date", "2025-03-06") == 1);
    CHECK(lex(XSD "date", "2024-02-29") == 1);
    CHECK(lex(XSD "date", "2023-02-29") == 0);
    CHECK(lex(XSD "date", "2025-3-6") == 0);
    CHECK(lex(XSD "date", "2025-03-06Z") == 1);
    CHECK(lex(XSD "date", "2025-03-06+01:00") == 1);
    CHECK(lex(XSD "date", "2025-13-01") == 0);
    CHECK(lex(XSD "date", "2025-03") == 0);
    CHECK(lex(XSD "gYear", "2023") == 1);
    CHECK(lex(XSD "gYear", "23") == 0);
    CHECK(lex(XSD "gYearMonth", "2023-01") == 1);
    CHECK(lex(XSD "gYearMonth", "2023-00") == 0);
    CHECK(lex(XSD "gMonthDay", "--01-25") == 1);
    CHECK(lex(XSD "gMonthDay", "--02-30") == 0);
    CHECK(lex(XSD "dateTime", "2025-03-06T14:00:00") == 1);
    CHECK(lex(XSD "dateTime", "2025-03-06T14:00") == 0);
    CHECK(lex(XSD "dateTime", "2025-03-06T24:00:00") == 1);
    CHECK(lex(XSD "dateTime", "2025-03-06T24:00:01") == 0);
    CHECK(lex(XSD "dateTime", "2025-03-06T14:00:00.5Z") == 1);
    CHECK(lex(XSD "time", "14:00:00") == 1);
    CHECK(lex(XSD "time", "14h00") == 0);
    CHECK(lex(XSD "integer", "-12") == 1);
    CHECK(lex(XSD "integer", "1.0") == 0);
    CHECK(lex(XSD "integer", "") == 0);
    CHECK(lex(XSD "decimal", "2.3") == 1);
    CHECK(lex(XSD "decimal", ".5") == 1);
    CHECK(lex(XSD "decimal", "2,3") == 0);
    CHECK(lex(XSD "boolean", "true") == 1);
    CHECK(lex(XSD "boolean", "1") == 1);
    CHECK(lex(XSD "boolean", "True") == 0);
    CHECK(lex(XSD "string", "anything") == -1);
    CHECK(lex("http://example.org/dt", "x") == -1);
}

static void test_langtags(void)
{
    CHECK(mg_check_langtag_ok("fr"));
    CHECK(mg_check_langtag_ok("fr-FR"));
    CHECK(mg_check_langtag_ok("zh-Hant-TW"));
    CHECK(mg_check_langtag_ok("x-private"));
    CHECK(!mg_check_langtag_ok("x"));
    CHECK(!mg_check_langtag_ok(""));
    CHECK(!mg_check_langtag_ok("fr_FR"));
    CHECK(!mg_check_langtag_ok("fr-abcdefghi"));
    CHECK(!mg_check_langtag_ok("f"));
    CHECK(!mg_check_langtag_ok("fr-"));
}

static void norm_is(const char *in, const char *want)
{
    char *got = mg_check_normalize_label(in, strlen(in));
    CHECK(got && strcmp(got, want) == 0);
    if (got && strcmp(got, want) != 0)
        fprintf(stderr, "  normalize('%s') = '%s', want '%s'\n", in, got, want);
    free(got);
}

static void test_normalize(void)
{
    norm_is("CRESS Grand-Est", "cress grand est");
    norm_is("CRESS  Grand Est ", "cress grand est");
    norm_is("Réseau des collectivités", "reseau des collectivites");
    norm_is("« Déniché pour vous » !", "deniche pour vous");
    norm_is("Œuvre l’ÉTÉ", "oeuvre l ete");
    norm_is("Stève Duchêne", "steve duchene");
    norm_is("", "");
}

/* ---- small datasets ------------------------------------------------ */

static mg_term iri(const char *s)
{
    mg_term t = {MG_TERM_IRI, s, strlen(s), NULL, NULL};
    return t;
}

static mg_term blank(const char *s)
{
    mg_term t = {MG_TERM_BLANK, s, strlen(s), NULL, NULL};
    return t;
}

static mg_term lit(const char *s, const char *lang, const char *dt)
{
    mg_term t = {MG_TERM_LITERAL, s, strlen(s), lang, dt};
    return t;
}

static unsigned long line_no;

static void add(mg_check *ck, const char *g, mg_term s, const char *p,
                mg_term o, int context)
{
    mg_term q[4] = {iri(g), s, iri(p), o};
    mg_status st;
    mg_status_clear(&st);
    CHECK(mg_check_add_quad(ck, q, context ? "onto.ttl" : "data.trig",
                            ++line_no, context, &st) == MG_OK);
}

#define ONTO "https://w3id.org/maillage/graph/ontology"

/* A little ontology: Org, Network < Org, Person, Event; speaker (Event ->
 * Person), date (union of xsd:date, xsd:gYear), label-ish properties. */
static void ontology(mg_check *ck)
{
    line_no = 0;
    const char *classes[] = {MG "Org", MG "Network", MG "Person", MG "Event"};
    for (size_t i = 0; i < 4; i++)
        add(ck, ONTO, iri(classes[i]), RDF "type", iri(OWL "Class"), 1);
    add(ck, ONTO, iri(MG "Network"), RDFS "subClassOf", iri(MG "Org"), 1);
    add(ck, ONTO, iri(MG "speaker"), RDF "type", iri(OWL "ObjectProperty"), 1);
    add(ck, ONTO, iri(MG "speaker"), RDFS "domain", iri(MG "Event"), 1);
    add(ck, ONTO, iri(MG "speaker"), RDFS "range", iri(MG "Person"), 1);
    add(ck, ONTO, iri(MG "organizer"), RDF "type", iri(OWL "ObjectProperty"), 1);
    add(ck, ONTO, iri(MG "organizer"), RDFS "range", iri(MG "Org"), 1);
    add(ck, ONTO, iri(MG "date"), RDF "type", iri(OWL "DatatypeProperty"), 1);
    add(ck, ONTO, iri(MG "date"), RDFS "range", blank("u"), 1);
    add(ck, ONTO, blank("u"), RDF "type", iri(RDFS "Datatype"), 1);
    add(ck, ONTO, blank("u"), OWL "unionOf", blank("l1"), 1);
    add(ck, ONTO, blank("l1"), RDF "first", iri(XSD "date"), 1);
    add(ck, ONTO, blank("l1"), RDF "rest", blank("l2"), 1);
    add(ck, ONTO, blank("l2"), RDF "first", iri(XSD "gYear"), 1);
    add(ck, ONTO, blank("l2"), RDF "rest", iri(RDF "nil"), 1);
    add(ck, ONTO, iri(MG "day"), RDF "type", iri(OWL "DatatypeProperty"), 1);
    add(ck, ONTO, iri(MG "day"), RDFS "range", iri(XSD "date"), 1);
    add(ck, ONTO, iri(MG "note"), RDF "type", iri(OWL "DatatypeProperty"), 1);
    add(ck, ONTO, iri(MG "note"), RDFS "range", iri(RDF "langString"), 1);
    line_no = 0;
}

/* Two statements of DOC: s a CLASS, with a French label. */
static void described(mg_check *ck, const char *s, const char *cls,
                      const char *label)
{
    add(ck, DOC, iri(s), RDF "type", iri(cls), 0);
    add(ck, DOC, iri(s), RDFS "label", lit(label, "fr", NULL), 0);
}

static void person(mg_check *ck, const char *p, const char *label)
{
    described(ck, p, MG "Person", label);
}

/* Runs and returns the number of problems whose message contains `what`
 * (NULL: all) with severity `sev` (0: any); prints them when asked. */
static size_t count(mg_check *ck, int sev, const char *what)
{
    size_t n = 0;
    for (size_t i = 0; i < mg_check_problem_count(ck); i++) {
        const mg_check_problem *p = mg_check_problem_at(ck, i);
        if ((!sev || (int)p->severity == sev) &&
            (!what || strstr(p->message, what)))
            n++;
    }
    return n;
}

static void dump(mg_check *ck)
{
    for (size_t i = 0; i < mg_check_problem_count(ck); i++) {
        const mg_check_problem *p = mg_check_problem_at(ck, i);
        fprintf(stderr, "  %s:%lu: %s: %s\n", p->file ? p->file : p->graph,
                p->line, p->severity == MG_CHECK_ERROR ? "error" : "warning",
                p->message);
    }
}

/* A new check holding the ontology and the event ID/event/e ("E"). */
static mg_check *with_event(void)
{
    mg_check *ck = mg_check_new();
    ontology(ck);
    described(ck, ID "event/e", MG "Event", "E");
    return ck;
}

static void test_clean(void)
{
    mg_check *ck = with_event();
    mg_status st;
    mg_status_clear(&st);
    described(ck, ID "org/n", MG "Network", "N");
    person(ck, ID "person/p", "Pierre");
    add(ck, DOC, iri(ID "event/e"), MG "speaker", iri(ID "person/p"), 0);
    /* a Network is an Org: the subclass closure */
    add(ck, DOC, iri(ID "event/e"), MG "organizer", iri(ID "org/n"), 0);
    add(ck, DOC, iri(ID "event/e"), MG "date", lit("2023", NULL, XSD "gYear"), 0);
    add(ck, DOC, iri(ID "event/e"), MG "date",
        lit("2023-01-25", NULL, XSD "date"), 0);
    add(ck, DOC, iri(ID "event/e"), MG "note", lit("bien", "fr", NULL), 0);
    CHECK(mg_check_run(ck, &st) == MG_OK);
    CHECK(mg_check_problem_count(ck) == 0);
    dump(ck);
    mg_check_free(ck);
}

static void test_errors(void)
{
    mg_check *ck = with_event();
    mg_status st;
    mg_status_clear(&st);
    described(ck, ID "org/o", MG "Org", "O");
    /* line 5: range: an Org is not a Person */
    add(ck, DOC, iri(ID "event/e"), MG "speaker", iri(ID "org/o"), 0);
    /* 6: domain: an Org is not an Event */
    add(ck, DOC, iri(ID "org/o"), MG "speaker", iri(ID "event/e"), 0);
    /* 7: literal where a class is expected */
    add(ck, DOC, iri(ID "event/e"), MG "organizer", lit("RTES", NULL, NULL), 0);
    /* 8: a gYearMonth is neither xsd:date nor xsd:gYear */
    add(ck, DOC, iri(ID "event/e"), MG "date",
        lit("2023-01", NULL, XSD "gYearMonth"), 0);
    /* 9: xsd:date only */
    add(ck, DOC, iri(ID "event/e"), MG "day", lit("2023", NULL, XSD "gYear"), 0);
    /* 10: bad lexical form */
    add(ck, DOC, iri(ID "event/e"), MG "day",
        lit("2023-02-29", NULL, XSD "date"), 0);
    /* 11: langString needs a tag */
    add(ck, DOC, iri(ID "event/e"), MG "note", lit("plain", NULL, NULL), 0);
    /* 12: IRI where a literal is expected */
    add(ck, DOC, iri(ID "event/e"), MG "note", iri(ID "org/o"), 0);
    /* 13, 14: undeclared property and class */
    add(ck, DOC, iri(ID "event/e"), MG "nope", lit("x", NULL, NULL), 0);
    add(ck, DOC, iri(ID "event/e"), RDF "type", iri(MG "Nope"), 0);
    /* 15: untyped; 16: unlabelled; 17: reference to nothing */
    add(ck, DOC, iri(ID "person/u"), RDFS "label", lit("U", "fr", NULL), 0);
    add(ck, DOC, iri(ID "person/l"), RDF "type", iri(MG "Person"), 0);
    add(ck, DOC, iri(ID "event/e"), MG "organizer", iri(ID "org/missing"), 0);
    /* 18: bad language tag */
    add(ck, DOC, iri(ID "org/o"), RDFS "comment", lit("x", "fr-abcdefghi", NULL), 0);
    CHECK(mg_check_run(ck, &st) == MG_OK);
    size_t e = 0, w = 0;
    mg_check_totals(ck, &e, &w);
    CHECK(e == 15);
    CHECK(w == 0);
    CHECK(count(ck, MG_CHECK_ERROR, "not a mg:Person (the range of mg:speaker)") == 2);
    CHECK(count(ck, MG_CHECK_ERROR, "not a mg:Event (the domain of mg:speaker)") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "literal \"RTES\" where a mg:Org is expected") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "\"2023-01\"^^xsd:gYearMonth is not a xsd:date or xsd:gYear") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "\"2023\"^^xsd:gYear is not a xsd:date") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "is not a valid xsd:date") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "\"plain\" is not a rdf:langString") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "orga:o where a literal (rdf:langString)") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "undeclared property mg:nope") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "undeclared class mg:Nope") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "person:u has no rdf:type") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "person:l has no rdfs:label") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "orga:missing is used but never described") == 1);
    CHECK(count(ck, MG_CHECK_ERROR, "language tag 'fr-abcdefghi'") == 1);
    /* sorted by line, and each on the line of its statement */
    unsigned long prev = 0;
    for (size_t i = 0; i < mg_check_problem_count(ck); i++) {
        const mg_check_problem *p = mg_check_problem_at(ck, i);
        CHECK(p->line >= prev);
        CHECK(p->file && strcmp(p->file, "data.trig") == 0);
        CHECK(strstr(p->message, "(") != NULL);
        prev = p->line;
    }
    CHECK(mg_check_problem_at(ck, 0)->line == 5);
    if (e != 15)
        dump(ck);
    mg_check_free(ck);
}

static void test_duplicates_and_graphs(void)
{
    mg_check *ck = mg_check_new();
    mg_status st;
    mg_status_clear(&st);
    ontology(ck);
    person(ck, ID "person/a", "Stève Duchêne");
    person(ck, ID "person/b", "STEVE DUCHENE.");      /* duplicate of a */
    person(ck, ID "person/c", "Steve Duchene");       /* same as a: sameAs */
    add(ck, DOC, iri(ID "person/c"), OWL "sameAs", iri(ID "person/a"), 0);
    add(ck, DOC, iri(ID "person/c"), OWL "differentFrom", iri(ID "person/b"), 0);
    person(ck, ID "person/d", "Someone Else");
    /* same label, different class: not a duplicate */
    described(ck, ID "org/x", MG "Org", "Someone else");
    /* a statement outside the allowed graphs */
    add(ck, "urn:maillage:file:x.ttl", iri(ID "person/d"), RDFS "comment",
        lit("c", NULL, NULL), 0);
    add(ck, "urn:maillage:file:x.ttl", iri(ID "person/d"), RDFS "comment",
        lit("d", NULL, NULL), 0);
    CHECK(mg_check_run(ck, &st) == MG_OK);
    size_t e = 0, w = 0;
    mg_check_totals(ck, &e, &w);
    CHECK(e == 0);
    CHECK(w == 2);
    CHECK(count(ck, MG_CHECK_WARNING, "likely duplicate of person:a") == 1);
    CHECK(count(ck, MG_CHECK_WARNING, "2 statements outside a document") == 1);
    if (w != 2 || e)
        dump(ck);
    mg_check_free(ck);
}

/* Lines of a parsed TriG file: the statement's own line, not the end of
 * its block. */
static void test_lines(void)
{
    const char *path = "test_check_lines.trig";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("@prefix mg: <" MG "> .\n"                                 /* 1 */
          "@prefix rdfs: <" RDFS "> .\n"                             /* 2 */
          "<" DOC "> {\n"                                            /* 3 */
          "  <" ID "event/e> a mg:Event ;\n"                         /* 4 */
          "    rdfs:label \"E\"@fr ;\n"                              /* 5 */
          "    mg:speaker <" ID "person/p> ,\n"                      /* 6 */
          "        <" ID "org/o> ;\n"                                /* 7 */
          "    mg:nope \"a ; mg:speaker\" .\n"                       /* 8 */
          "  <" ID "org/o> a mg:Org ; rdfs:label \"O\"@fr .\n"       /* 9 */
          "  <" ID "person/p> a mg:Person ; rdfs:label \"P\"@fr .\n" /* 10 */
          "}\n",
          f);
    fclose(f);
    mg_status st;
    mg_status_clear(&st);
    librdf_world *w = mg_world_new(&st);
    mg_quadbuf *qb = mg_quadbuf_new();
    mg_check *ck = mg_check_new();
    CHECK(w && qb && ck);
    mg_quadbuf_keep_lines(qb);
    CHECK(mg_parse_file(w, path, NULL, qb, &st) == MG_OK);
    CHECK(mg_quadbuf_line(qb, 0) > 0);
    CHECK(mg_quadbuf_line(qb, mg_quadbuf_count(qb)) == 0);
    ontology(ck);
    CHECK(mg_check_add_parsed(ck, qb, 0, path, "trig", NULL, NULL, 0, &st) ==
          MG_OK);
    CHECK(mg_check_run(ck, &st) == MG_OK);
    size_t e = 0;
    mg_check_totals(ck, &e, NULL);
    CHECK(e == 2);
    CHECK(mg_check_problem_count(ck) == 2);
    if (mg_check_problem_count(ck) == 2) {
        const mg_check_problem *a = mg_check_problem_at(ck, 0);
        const mg_check_problem *b = mg_check_problem_at(ck, 1);
        CHECK(a->line == 7 && strstr(a->message, "range of mg:speaker"));
        CHECK(b->line == 8 && strstr(b->message, "undeclared property mg:nope"));
    } else {
        dump(ck);
    }
    mg_check_free(ck);
    mg_quadbuf_free(qb);
    librdf_free_world(w);
    remove(path);
}

int main(void)
{
    test_lexical();
    test_langtags();
    test_normalize();
    test_clean();
    test_errors();
    test_duplicates_and_graphs();
    test_lines();
    if (mg_test_failures) {
        fprintf(stderr, "test_check: %d failure(s)\n", mg_test_failures);
        return 1;
    }
    printf("test_check: ok\n");
    return 0;
}
