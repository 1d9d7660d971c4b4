#!/usr/bin/env bash
# maillage sparql: SELECT in every format, ASK, CONSTRUCT, GRAPH, -f FILE.
source "$(dirname "$0")/lib.sh" "$@"

cat > d.trig <<'TRIG'
@prefix ex: <http://example.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:g1 { ex:anne a foaf:Person ; foaf:name "Anne-Laure"@fr . }
ex:g2 { ex:bob a foaf:Person ; foaf:name "Bob, \"le\" grand" . }
TRIG
"$M" load --quiet d.trig
Q='PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?p ?n WHERE { ?p foaf:name ?n } ORDER BY ?n'

say "table"
"$M" sparql "$Q" > t.txt
assert_contains t.txt "(2 rows)"
assert_contains t.txt "Anne-Laure"
say "csv (RFC 4180 quoting)"
"$M" sparql --format csv "$Q" > t.csv
assert_contains t.csv '"Bob, ""le"" grand"'
say "tsv"
"$M" sparql --format tsv "$Q" > t.tsv
assert_contains t.tsv '?p	?n'
assert_contains t.tsv '"Anne-Laure"@fr'
say "json (W3C SPARQL results)"
"$M" sparql --format json "$Q" > t.json
python3 -c '
import json,sys
d=json.load(open("t.json"))
assert d["head"]["vars"]==["p","n"], d
b=d["results"]["bindings"]
assert len(b)==2 and b[0]["n"]["xml:lang"]=="fr" and b[0]["p"]["type"]=="uri", b
'
say "GRAPH"
"$M" sparql --format csv 'SELECT ?g WHERE { GRAPH ?g { <http://example.org/bob> ?p ?o } } GROUP BY ?g' > g.csv
assert_contains g.csv "http://example.org/g2"
say "ASK and CONSTRUCT"
"$M" sparql 'ASK { <http://example.org/anne> ?p ?o }' > a.txt
assert_contains a.txt true
"$M" sparql 'CONSTRUCT { ?s <http://example.org/named> ?n } WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?n }' > c.ttl
assert_contains c.ttl "named"
say "-f FILE"
echo "$Q" > q.rq
"$M" sparql -f q.rq --format csv > f.csv
cmp -s f.csv t.csv || die "-f gives other results"
say ok
