#!/usr/bin/env python3
"""catalog_check.py — checks a folder written by `maillage publish`.

Usage: catalog_check.py DIR PUBLIC_URL PEOPLE

Reads DIR/catalog.ttl with rdflib and checks, with SPARQL:
  * every property DCAT-AP (2.1.1 SHACL shapes, 3.0) marks mandatory:
      dcat:Catalog      dct:title, dct:description, dct:publisher (exactly
                        one), dcat:dataset
      dcat:Dataset      dct:title, dct:description
      dcat:Distribution dcat:accessURL
      foaf:Agent        foaf:name
      skos:Concept      skos:prefLabel (the themes)
      skos:ConceptScheme dct:title
    and the value kinds the shapes require (literals, IRIs, xsd:date for
    dct:issued/dct:modified, at most one dct:license/format/mediaType/
    byteSize/accessURL/downloadURL per distribution);
  * what the issue asks on top: title and description in French and
    English, publisher, contact point with an e-mail, licence, issued and
    modified dates, themes and keywords, spatial coverage (dct:Location
    with labels), temporal coverage (dcat:startDate <= dcat:endDate), each
    distribution with dct:format, dcat:mediaType, dcat:byteSize equal to
    the file's size, absolute dcat:downloadURL = PUBLIC_URL + file name;
  * VoID: void:triples, void:entities, void:classes, void:properties,
    void:distinctSubjects, void:distinctObjects equal to what rdflib counts
    in DIR/maillage.nt, and at least one void:vocabulary;
  * the --people choice (PEOPLE) written in the catalogue.
Prints one line per check group; exit 0 when all hold, 1 otherwise.
"""
import os
import sys

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
errors = []


def check(ok, what):
    if not ok:
        errors.append(what)


def rows(g, q):
    return list(g.query(PREFIXES + q))


def ask(g, q):
    return bool(g.query(PREFIXES + "ASK {" + q + "}").askAnswer)


def main(d, url, people):
    if not url.endswith("/"):
        url += "/"
    g = rdflib.Graph()
    g.parse(os.path.join(d, "catalog.ttl"), format="turtle")

    # ---- mandatory (DCAT-AP) ----
    cats = rows(g, "SELECT ?c WHERE { ?c a dcat:Catalog }")
    check(len(cats) == 1, "exactly one dcat:Catalog")
    for (c,) in cats:
        for p in ("dct:title", "dct:description"):
            check(ask(g, "<%s> %s ?v FILTER(isLiteral(?v))" % (c, p)),
                  "Catalog %s (literal)" % p)
        n = rows(g, "SELECT (COUNT(?p) AS ?n) WHERE { <%s> dct:publisher ?p }" % c)
        check(int(n[0][0]) == 1, "Catalog dct:publisher exactly once")
        check(ask(g, "<%s> dcat:dataset ?ds . ?ds a dcat:Dataset" % c),
              "Catalog dcat:dataset")
    datasets = rows(g, "SELECT ?d WHERE { ?d a dcat:Dataset }")
    check(len(datasets) == 1, "exactly one dcat:Dataset")
    ds = datasets[0][0]
    for p in ("dct:title", "dct:description"):
        check(ask(g, "<%s> %s ?v FILTER(isLiteral(?v))" % (ds, p)), "Dataset " + p)
    dists = [r[0] for r in rows(g, "SELECT ?x WHERE { ?x a dcat:Distribution }")]
    check(len(dists) == 6, "six distributions (found %d)" % len(dists))
    for x in dists:
        check(ask(g, "<%s> dcat:accessURL ?u FILTER(isIRI(?u))" % x),
              "Distribution dcat:accessURL (%s)" % x)
    check(ask(g, "?a a foaf:Agent") and
          not ask(g, "?a a foaf:Agent FILTER NOT EXISTS { ?a foaf:name ?n FILTER(isLiteral(?n)) }"),
          "every foaf:Agent has foaf:name")
    check(not ask(g, "?c a skos:Concept FILTER NOT EXISTS { ?c skos:prefLabel ?l }"),
          "every skos:Concept has skos:prefLabel")
    check(not ask(g, "?c a skos:ConceptScheme FILTER NOT EXISTS { ?c dct:title ?l }"),
          "every skos:ConceptScheme has dct:title")
    print("mandatory DCAT-AP fields: %s" % ("ok" if not errors else "FAILED"))

    # ---- recommended fields the issue asks for ----
    for p in ("dct:title", "dct:description"):
        for lang in ("fr", "en"):
            check(ask(g, '<%s> %s ?v FILTER(lang(?v) = "%s")' % (ds, p, lang)),
                  "Dataset %s in %s" % (p, lang))
    check(ask(g, "<%s> dct:publisher ?p . ?p foaf:name ?n" % ds), "Dataset publisher")
    check(ask(g, "<%s> dcat:contactPoint ?c . ?c vcard:hasEmail ?e "
                 "FILTER(STRSTARTS(STR(?e), 'mailto:'))" % ds), "contact point e-mail")
    check(ask(g, "<%s> dct:license ?l . ?l a dct:LicenseDocument" % ds), "licence")
    for p in ("dct:issued", "dct:modified"):
        v = list(g.objects(ds, URIRef("http://purl.org/dc/terms/" + p[4:])))
        check(len(v) == 1 and isinstance(v[0], Literal) and v[0].datatype == XSD.date,
              "Dataset %s: one xsd:date" % p)
    check(ask(g, "<%s> dcat:theme ?t" % ds), "themes")
    check(len(rows(g, "SELECT ?k WHERE { <%s> dcat:keyword ?k }" % ds)) >= 5, "keywords")
    places = rows(g, "SELECT ?s ?l WHERE { <%s> dct:spatial ?s . ?s a dct:Location ; rdfs:label ?l }" % ds)
    check(len(places) >= 10, "spatial coverage (%d labelled territories)" % len(places))
    period = rows(g, "SELECT ?a ?b WHERE { <%s> dct:temporal ?t . ?t a dct:PeriodOfTime ; "
                     "dcat:startDate ?a ; dcat:endDate ?b }" % ds)
    check(len(period) == 1 and str(period[0][0]) <= str(period[0][1]),
          "temporal coverage start <= end")
    for x in dists:
        def one(p):
            return [o for o in g.objects(x, URIRef(p))]
        for p in ("http://purl.org/dc/terms/format", "http://www.w3.org/ns/dcat#mediaType",
                  "http://www.w3.org/ns/dcat#byteSize", "http://www.w3.org/ns/dcat#downloadURL",
                  "http://www.w3.org/ns/dcat#accessURL", "http://purl.org/dc/terms/license"):
            check(len(one(p)) == 1, "%s: exactly one %s" % (x, p))
        dl = one("http://www.w3.org/ns/dcat#downloadURL")
        size = one("http://www.w3.org/ns/dcat#byteSize")
        if len(dl) == 1 and len(size) == 1:
            name = str(dl[0])[len(url):]
            check(str(dl[0]).startswith(url) and "/" not in name,
                  "%s: downloadURL %s under %s" % (x, dl[0], url))
            path = os.path.join(d, name)
            check(os.path.exists(path) and int(size[0]) == os.path.getsize(path),
                  "%s: byteSize %s = size of %s" % (x, size[0], path))
    print("recommended fields and distributions: %s" % ("ok" if not errors else "FAILED"))

    # ---- VoID, against rdflib's own count of the published triples ----
    nt = rdflib.Graph()
    nt.parse(os.path.join(d, "maillage.nt"), format="nt")
    space = str(list(g.objects(ds, URIRef("http://rdfs.org/ns/void#uriSpace")))[0])
    want = {
        "triples": len(nt),
        "distinctSubjects": len(set(nt.subjects())),
        "distinctObjects": len(set(nt.objects())),
        "properties": len(set(nt.predicates())),
        "classes": len(set(nt.objects(None, RDF.type))),
        "entities": len({s for s in nt.subjects() if isinstance(s, URIRef)
                         and str(s).startswith(space)}),
    }
    for k, v in want.items():
        got = list(g.objects(ds, URIRef("http://rdfs.org/ns/void#" + k)))
        check(len(got) == 1 and int(got[0]) == v, "void:%s %s, rdflib counts %d" % (k, got, v))
    check(ask(g, "<%s> void:vocabulary ?v" % ds), "void:vocabulary")
    print("VoID: %s" % ", ".join("%s=%d" % kv for kv in want.items()))

    ident = rows(g, "SELECT ?i WHERE { ?c a dcat:Catalog ; dct:rights ?r . ?r dct:identifier ?i }")
    check(len(ident) == 1 and ("people=%s;" % people) in str(ident[0][0]),
          "the --people choice in the catalogue (%s)" % ident)
    if errors:
        for e in errors:
            print("FAIL:", e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
