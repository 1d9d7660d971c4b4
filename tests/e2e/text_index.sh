#!/usr/bin/env bash
# The two shortcuts the planner takes from what the store keeps, checked
# against the plans without them on the bundled graph plus a few odd
# labels:
#  - text searches (fold(x.p) CONTAINS "…", STARTS WITH, ENDS WITH, =)
#    seeded from the store's text index (MAILLAGE_NO_SEED turns seeds
#    off), after a bulk load and after single-statement writes;
#  - count(*) per class read from the class statistics
#    (MAILLAGE_NO_STATS_COUNT turns it off), and not taken where the
#    subject is read.
# Each answer must be identical, row for row, and the store must pass
# `check --integrity` (which verifies the text index term by term).
source "$(dirname "$0")/lib.sh" "$@"

"$M" load --quiet "$ROOT/ontology/maillage.ttl" "$ROOT"/data/*.trig

cat > odd.ttl <<'EOF'
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/odd#> .
ex:a rdfs:label "Hélène ŒUVRE Straße"@fr ; foaf:name "ÉLODIE d’Hérouville" .
ex:b rdfs:label "helene"@en , "Marie-Hélène"@fr .
ex:c rdfs:label "sans accent" ; foaf:name ex:helene-iri .
ex:d foaf:name "12"^^<http://www.w3.org/2001/XMLSchema#integer> .
EOF
"$M" load --quiet --append --graph http://example.org/odd odd.ttl
"$M" check --integrity >/dev/null || die "integrity after the loads"

# same QUERY: identical CSV with and without the shortcuts; prints rows.
same() {
  "$M" query --format csv "$1" > with.csv 2> with.err ||
    { cat with.err >&2; die "query failed: $1"; }
  MAILLAGE_NO_SEED=1 MAILLAGE_NO_STATS_COUNT=1 \
    "$M" query --format csv "$1" > without.csv 2>/dev/null ||
    die "query failed without shortcuts: $1"
  diff without.csv with.csv >&2 || die "answers differ: $1"
  tr -d '\r' < with.csv > rows.csv
  echo $(( $(wc -l < with.csv) - 1 ))
}

# uses TEXT QUERY: EXPLAIN of QUERY mentions TEXT (on PostgreSQL too: its
# table mg_text is the same index, format 2).
uses() {
  "$M" query "EXPLAIN $2" > plan.txt 2>&1 || { cat plan.txt >&2; die "EXPLAIN $2"; }
  grep -qF -- "$1" plan.txt || { cat plan.txt >&2; die "no '$1' in the plan of: $2"; }
}

say "text searches"
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "economie" RETURN DISTINCT id(n) AS e, n.label AS l ORDER BY l, e')
[ "$n" -ge 5 ] || die "economie: $n rows"
uses "text index" 'MATCH (n) WHERE fold(n.label) CONTAINS "economie" RETURN n'
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "hélène" RETURN id(n) AS e ORDER BY e')
[ "$n" -eq 0 ] || die "fold() never keeps an accent, got $n rows"
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "helene" RETURN id(n) AS e, n.label AS l ORDER BY e')
grep -q 'odd#a,' rows.csv && grep -q 'odd#b,' rows.csv || die "helene: ex:a and ex:b missing"
# ex:b's label is the French one, "Marie-Hélène" (n.label prefers @fr).
n=$(same 'MATCH (n) WHERE fold(n.label) = "helene" RETURN id(n) AS e')
[ "$n" -eq 0 ] || die "fold = helene: the English label is not n.label ($n rows)"
n=$(same 'MATCH (n) WHERE n.label CONTAINS "Hélène" RETURN id(n) AS e ORDER BY e')
grep -q 'odd#a$' rows.csv && grep -q 'odd#b$' rows.csv || die "raw Hélène: $n rows"
uses "text index" 'MATCH (n) WHERE n.label CONTAINS "Hélène" RETURN n'
n=$(same 'MATCH (n) WHERE fold(n.label) STARTS WITH "reseau" RETURN id(n) AS e ORDER BY e')
[ "$n" -ge 1 ] || die "STARTS WITH reseau: $n rows"
same 'MATCH (n) WHERE fold(n.label) ENDS WITH "(ess)" RETURN id(n) AS e ORDER BY e' >/dev/null
n=$(same 'MATCH (n) WHERE fold(n.label) = "sans accent" RETURN id(n) AS e')
[ "$n" -eq 1 ] || die "fold = : $n rows"
n=$(same 'MATCH (n) WHERE fold(n.foaf:name) CONTAINS "elodie d'"'"'herouville" RETURN id(n) AS e')
[ "$n" -eq 1 ] || die "curly apostrophe: $n rows"
n=$(same 'MATCH (n) WHERE fold(n.foaf:name) CONTAINS "helene-iri" RETURN id(n) AS e')
[ "$n" -eq 1 ] || die "an IRI value: $n rows"
n=$(same 'MATCH (n) WHERE fold(n.foaf:name) CONTAINS "12" RETURN id(n) AS e')
[ "$n" -eq 1 ] || die "a number's lexical form: $n rows"
same 'MATCH (n) WHERE fold(n.label) CONTAINS "straße" RETURN id(n) AS e' >/dev/null
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "strasse" RETURN id(n) AS e')
[ "$n" -eq 1 ] || die "ß folds to ss: $n rows"
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "" RETURN count(*) AS c')
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "zzzqx" RETURN id(n) AS e')
[ "$n" -eq 0 ] || die "no match expected"
n=$(same 'MATCH (n:Person) WHERE fold(n.label) CONTAINS "ar" RETURN id(n) AS e ORDER BY e')
[ "$n" -ge 1 ] || die "Person ar: $n rows"
n=$(same 'MATCH (e)-[:mg:speaker]->(p) WHERE fold(p.label) CONTAINS "e" RETURN id(e) AS e, id(p) AS p ORDER BY e, p')
[ "$n" -ge 1 ] || die "speakers with e: $n rows"
"$M" query --format csv --param q=ECONOMIE \
  'MATCH (n) WHERE fold(n.label) CONTAINS fold($q) RETURN count(*) AS c' > p.csv
grep -qv '^0$' <(tail -1 p.csv) || die "a parameter needle"

say "the index follows single writes"
"$M" add --graph http://example.org/odd '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/odd#e> rdfs:label "Zoë Quéméneur" .' >/dev/null 2>&1
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "zoe quemeneur" RETURN id(n) AS e')
[ "$n" -eq 1 ] || die "after add: $n rows"
"$M" remove --graph http://example.org/odd '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/odd#e> rdfs:label "Zoë Quéméneur" .' >/dev/null 2>&1
n=$(same 'MATCH (n) WHERE fold(n.label) CONTAINS "zoe quemeneur" RETURN id(n) AS e')
[ "$n" -eq 0 ] || die "after remove: $n rows"
"$M" check --integrity >/dev/null || die "integrity after add/remove"

say "an equality on a common property: seeded from the text index, re-checked"
# 10000 labelled people and 500 organisations: comparing every label
# would cost more than the organisations, and those are not few either.
{
  echo '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .'
  echo '@prefix foaf: <http://xmlns.com/foaf/0.1/> .'
  echo '@prefix org: <http://www.w3.org/ns/org#> .'
  echo '@prefix ex: <http://example.org/many#> .'
  for ((i = 1; i <= 10000; i++)); do echo "ex:p$i a foaf:Person ; rdfs:label \"Personne $i\" ."; done
  for ((i = 1; i <= 500; i++)); do echo "ex:o$i a org:Organization ; rdfs:label \"Organisation $i\" ."; done
  # its label is the French one: n.label is not "Organisation 12"
  echo 'ex:en a org:Organization ; rdfs:label "Organisation 12"@en , "Autre"@fr .'
  echo 'ex:fr a org:Organization ; rdfs:label "Organisation 12"@fr .'
} > many.ttl
"$M" load --quiet --append --graph http://example.org/many many.ttl
q='MATCH (a:Organization {label: "Organisation 12"}) RETURN id(a) AS a ORDER BY a'
uses "text index" "$q"
n=$(same "$q")
[ "$n" -eq 2 ] || die "Organisation 12: $n rows"
grep -q 'many#o12$' rows.csv && grep -q 'many#fr$' rows.csv || die "Organisation 12: $(cat rows.csv)"
n=$(same 'MATCH (a:Organization) WHERE a.label = "Organisation 500" RETURN id(a) AS a')
[ "$n" -eq 1 ] || die "Organisation 500: $n rows"
n=$(same 'MATCH (a:Organization) WHERE a.label = "Organisation" RETURN id(a) AS a')
[ "$n" -eq 0 ] || die "a prefix is not equal: $n rows"
"$M" drop --graph http://example.org/many >/dev/null

say "counts per class from the statistics"
q='MATCH (s)-[:rdf:type]->(c) RETURN id(c) AS class, count(*) AS n ORDER BY n DESC, class'
n=$(same "$q")
[ "$n" -ge 10 ] || die "classes: $n rows"
uses "ClassCounts" "$q"
same 'MATCH (c)<-[:rdf:type]-(s) RETURN c.label AS class, count(*) AS n ORDER BY n DESC, class' >/dev/null
uses "ClassCounts" 'MATCH (c)<-[:rdf:type]-(s) RETURN c, count(*)'
same 'MATCH (s)-[:rdf:type]->(c) RETURN count(*) AS n' >/dev/null
same 'MATCH (s)-[:rdf:type]->(c) WITH c, count(*) AS n WHERE n > 3 RETURN id(c) AS c, n ORDER BY c' >/dev/null
# Not taken where the subject is read, a count is not count(*), or a
# filter applies.
for q in 'MATCH (s)-[:rdf:type]->(c) RETURN id(c) AS c, count(DISTINCT s) AS n ORDER BY c' \
         'MATCH (s)-[:rdf:type]->(c) RETURN id(c) AS c, min(id(s)) AS m, count(*) AS n ORDER BY c' \
         'MATCH (s)-[:rdf:type]->(c) WHERE fold(s.label) CONTAINS "a" RETURN id(c) AS c, count(*) AS n ORDER BY c' \
         'MATCH (s)-[:rdf:type]->(c) RETURN id(c) AS c, id(s) AS s, count(*) AS n ORDER BY c, s'; do
  "$M" query "EXPLAIN $q" > plan.txt 2>&1 || true
  if grep -q ClassCounts plan.txt; then cat plan.txt >&2; die "ClassCounts taken for: $q"; fi
  same "$q" >/dev/null || true
done

if [ -n "${MG_TEST_PG:-}" ]; then
  say "PostgreSQL: a format-1 store (no mg_text) still answers, by scanning"
  q='MATCH (n) WHERE fold(n.label) CONTAINS "helene" RETURN id(n) AS e ORDER BY e'
  "$M" query --format csv "$q" > v2.csv
  psql -qX "$MAILLAGE_STORE" -c "DROP TABLE mg_text; UPDATE mg_meta SET value = 1 WHERE key = 'version'"
  "$M" query --format csv "$q" > v1.csv
  cmp -s v1.csv v2.csv || die "format 1 answers differently"
  "$M" query "EXPLAIN $q" | grep -q "text index" && die "a text index on a format-1 store"
  "$M" add --graph http://example.org/odd '<http://example.org/odd#f> <http://www.w3.org/2000/01/rdf-schema#label> "Hélène Format Un" .' >/dev/null 2>&1
  "$M" load --quiet --append --graph http://example.org/odd2 odd.ttl
  "$M" query --format csv "$q" | grep -q 'odd#f' || die "format 1: a new term not found"
  "$M" check --integrity >/dev/null || die "integrity of a format-1 store"
fi
say "ok"
