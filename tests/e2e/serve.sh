#!/usr/bin/env bash
# `maillage serve` over HTTP with curl: every endpoint, its status codes
# (bad queries, unknown names and paths, wrong methods, unacceptable
# types, oversize bodies, time limits, read-only refusals), content
# negotiation, the SPARQL 1.1 protocol (also through roqet -p and an
# rdflib SERVICE clause), the Graph Store protocol round trip (a bad body
# leaves the store unchanged), and a clean stop on SIGTERM.  Answers are
# compared with what the command line gives on the same store.
source "$(dirname "$0")/lib.sh" "$@"
PY=/usr/bin/python3
command -v curl >/dev/null || die "curl is needed (Debian package curl)"

load_seed
HEADLINE=$(grep -v '^//' "$ROOT/tests/tutorial/34-speakers-by-network.mq")
SPEAKERS=$(grep -v '^//' "$ROOT/queries/speakers-by-network.mq")

# req METHOD PATH [CURL ARGS...]: the body in $WORK/body, the headers in
# $WORK/hdr, the status in $CODE.
req() {
  local method="$1" path="$2"; shift 2
  CODE=$(curl -s -X "$method" -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' "$@" "$URL$path") ||
    die "curl failed (exit $?, HTTP ${CODE:-none}) on $method $path"
}
# expect CODE: the last status must be CODE.
expect() {
  [ "$CODE" = "$1" ] || { cat "$WORK/hdr" "$WORK/body" >&2; die "expected HTTP $1, got $CODE"; }
}
# error_is NAME: the body is {"error": {"code": STATUS, "name": NAME, "message": ...}}.
error_is() {
  "$PY" - "$WORK/body" "$CODE" "$1" <<'PYEOF' || die "bad error body"
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["code"] == int(sys.argv[2]) and e["name"] == sys.argv[3], e
assert e["message"], e
PYEOF
}
header() { grep -i "^$1:" "$WORK/hdr" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

serve_start --max-body 100000
say "server at $URL"

say "/health, /stats, HEAD"
req GET /health; expect 200
assert_contains "$WORK/body" '"status": "ok"'
assert_contains "$WORK/body" '"native": true'
req HEAD /health -I; expect 200
req GET /stats; expect 200
triples=$("$M" export --format ntriples | grep -c .)
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["triples"]==int(sys.argv[2]), (d["triples"], sys.argv[2]); assert len(d["graph_sizes"])==d["graphs"]' \
  "$WORK/body" "$triples" || die "/stats disagrees with the export"

say "/query: formats by Accept and ?format, the same rows as the command line"
"$M" query --format csv "$HEADLINE" > want.csv
req POST /query -H 'Accept: text/csv' --data-urlencode "query=$HEADLINE"; expect 200
cmp -s "$WORK/body" want.csv || { diff "$WORK/body" want.csv >&2; die "/query CSV differs"; }
[ "$(header Content-Type)" = "text/csv; charset=utf-8" ] || die "CSV content type: $(header Content-Type)"
[ "$(header X-Maillage-Rows)" = "$(( $(wc -l < want.csv) - 1 ))" ] || die "X-Maillage-Rows"
req GET "/query?format=csv" -G --data-urlencode "query=$HEADLINE"; expect 200
cmp -s "$WORK/body" want.csv || die "GET /query?format=csv differs"
"$M" query --format tsv "$HEADLINE" > want.tsv
req GET /query -G -H 'Accept: text/tab-separated-values' --data-urlencode "query=$HEADLINE"; expect 200
cmp -s "$WORK/body" want.tsv || die "/query TSV differs"
req GET /query -G --data-urlencode "query=$HEADLINE"; expect 200  # default: SPARQL JSON
[ "$(header Content-Type)" = "application/sparql-results+json" ] || die "default type $(header Content-Type)"
"$PY" - "$WORK/body" want.csv <<'PYEOF' || die "/query JSON differs from the CSV"
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
assert d["head"]["vars"] == rows[0], d["head"]
got = [[b[v]["value"] for v in d["head"]["vars"]] for b in d["results"]["bindings"]]
assert got == rows[1:], (got[:2], rows[1:3])
PYEOF
req GET "/query?format=rows" -G --data-urlencode "query=$HEADLINE"; expect 200
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d,list) and "speaker" in d[0], d[:1]' "$WORK/body" \
  || die "format=rows"

say "/query: parameters from the query string, a form, a JSON body"
"$M" query --format csv --param network=RTES "$SPEAKERS" > want-rtes.csv
[ "$(wc -l < want-rtes.csv)" -gt 2 ] || die "the saved query has no rows"
req GET "/query?format=csv&network=RTES" -G --data-urlencode "query=$SPEAKERS"; expect 200
cmp -s "$WORK/body" want-rtes.csv || die "parameter from the query string"
req POST "/query?format=csv" --data-urlencode "query=$SPEAKERS" --data-urlencode '$network=RTES'; expect 200
cmp -s "$WORK/body" want-rtes.csv || die "parameter from a form"
body=$("$PY" -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "params": {"network": "RTES"}}))' "$SPEAKERS")
req POST "/query?format=csv" -H 'Content-Type: application/json' --data-binary "$body"; expect 200
cmp -s "$WORK/body" want-rtes.csv || die "parameter from a JSON body"
req POST /query -H 'Content-Type: application/json' --data-binary '{"query": "x", "params": [1]}'; expect 400; error_is syntax
req GET "/query?format=csv" -G --data-urlencode "query=$SPEAKERS"; expect 400; error_is bad_request
assert_contains "$WORK/body" 'network'

say "/query: errors"
req GET /query -G --data-urlencode 'query=MATCH (n RETURN n'; expect 400; error_is syntax
assert_contains "$WORK/body" '^'
assert_contains "$WORK/body" 'line 1, column 10'
req GET /query -G --data-urlencode 'query=MATCH (n:Persn) RETURN n'; expect 400; error_is unknown_name
assert_contains "$WORK/body" 'Person'
req GET /query; expect 400; error_is bad_request
req GET /query -G -H 'Accept: image/png' --data-urlencode 'query=MATCH (n:Person) RETURN count(*)'; expect 406; error_is not_acceptable
req DELETE /query; expect 405; error_is method_not_allowed
[ "$(header Allow)" = "GET, HEAD, POST" ] || die "Allow: $(header Allow)"
req GET /nowhere; expect 404; error_is not_found
req GET "/query?format=yaml" -G --data-urlencode 'query=MATCH (n:Person) RETURN count(*)'; expect 400

say "/query: the row cap and the time limit"
req GET "/query?format=csv&max_rows=2" -G --data-urlencode 'query=MATCH (n:Person) RETURN n.label AS l ORDER BY l'; expect 200
[ "$(grep -c . "$WORK/body")" -eq 3 ] || die "max_rows=2 gave $(grep -c . "$WORK/body") lines"
[ "$(header X-Maillage-Truncated)" = "true" ] || die "no truncation header"
req GET "/query?timeout=0.2" -G --data-urlencode 'query=MATCH (a), (b), (c) RETURN count(*)'; expect 503; error_is timeout
req GET /explain -G --data-urlencode 'query=MATCH (n:Person) RETURN count(*)'; expect 200
assert_contains "$WORK/body" 'NodeByType'
assert_contains "$WORK/body" 'SPARQL'

say "/search: accent- and case-insensitive, by kind"
req GET "/search?q=federici&format=rows"; expect 200
assert_contains "$WORK/body" 'person/anne-laure-federici'
req GET "/search?q=HELENE&format=csv"; expect 200
assert_contains "$WORK/body" 'Hélène'
req GET "/search?q=grand%20est&format=csv"; expect 200
for kind in Organization Event Territory; do assert_contains "$WORK/body" ",$kind"; done
req GET "/search?q=zzzzqqq&format=rows"; expect 200
[ "$(tr -d ' \n' < "$WORK/body")" = "[]" ] || die "a search without match: $(cat "$WORK/body")"
req GET /search; expect 400

say "/sparql: the SPARQL 1.1 protocol"
SEL='SELECT ?n ?l WHERE { ?n a <http://xmlns.com/foaf/0.1/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l'
"$M" sparql --format csv "$SEL" > want-sparql.csv
req GET /sparql -G -H 'Accept: text/csv' --data-urlencode "query=$SEL"; expect 200
cmp -s "$WORK/body" want-sparql.csv || die "/sparql CSV differs from maillage sparql"
req POST /sparql -H 'Accept: text/csv' --data-urlencode "query=$SEL"; expect 200
cmp -s "$WORK/body" want-sparql.csv || die "/sparql POST form differs"
req POST /sparql -H 'Accept: text/csv' -H 'Content-Type: application/sparql-query' --data-binary "$SEL"; expect 200
cmp -s "$WORK/body" want-sparql.csv || die "/sparql POST sparql-query differs"
req GET /sparql -G --data-urlencode "query=$SEL"; expect 200
[ "$(header Content-Type)" = "application/sparql-results+json; charset=utf-8" ] || die "/sparql default type"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["results"]["bindings"])==int(sys.argv[2])-1' \
  "$WORK/body" "$(wc -l < want-sparql.csv)" || die "/sparql JSON"
req GET /sparql -G -H 'Accept: application/sparql-results+xml' --data-urlencode "query=$SEL"; expect 200
"$PY" - "$WORK/body" "$(wc -l < want-sparql.csv)" <<'PYEOF' || die "/sparql XML"
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2005/sparql-results#"}
r = ET.parse(sys.argv[1]).getroot()
assert [v.get("name") for v in r.findall("s:head/s:variable", ns)] == ["n", "l"]
assert len(r.findall("s:results/s:result", ns)) == int(sys.argv[2]) - 1
PYEOF
req GET /sparql -G -H 'Accept: text/tab-separated-values' --data-urlencode "query=$SEL"; expect 200
head -1 "$WORK/body" | grep -q '^?n	?l$' || die "/sparql TSV header"
req GET /sparql -G --data-urlencode 'query=ASK { ?s a <http://xmlns.com/foaf/0.1/Person> }'; expect 200
assert_contains "$WORK/body" '"boolean": true'
CON='CONSTRUCT { ?n <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?n a <http://xmlns.com/foaf/0.1/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
req GET /sparql -G --data-urlencode "query=$CON"; expect 200
[ "$(header Content-Type)" = "text/turtle; charset=utf-8" ] || die "CONSTRUCT type $(header Content-Type)"
"$PY" -c 'import rdflib,sys; g=rdflib.Graph(); g.parse(sys.argv[1], format="turtle"); assert len(g)==int(sys.argv[2])-1, len(g)' \
  "$WORK/body" "$(wc -l < want-sparql.csv)" || die "CONSTRUCT Turtle"
req GET /sparql -G -H 'Accept: application/n-triples' --data-urlencode "query=$CON"; expect 200
[ "$(grep -c . "$WORK/body")" -eq "$(( $(wc -l < want-sparql.csv) - 1 ))" ] || die "CONSTRUCT N-Triples"
req GET /sparql -G --data-urlencode 'query=SELEC ?x WHERE { ?x ?y ?z }'; expect 400; error_is syntax
assert_contains "$WORK/body" 'SELEC ?x'
req GET /sparql; expect 400
req POST /sparql -H 'Content-Type: text/plain' --data-binary "$SEL"; expect 415
req GET /sparql -G --data-urlencode "query=$SEL" --data-urlencode 'default-graph-uri=http://x'; expect 400
req GET /sparql -G -H 'Accept: image/png' --data-urlencode "query=$SEL"; expect 406
# rasqal has no time limit of its own: the storage's deadline stops it
req GET "/sparql?timeout=0.3" -G --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }'
expect 503; error_is timeout
req GET /sparql -G -H 'Accept: text/csv' --data-urlencode "query=$SEL"; expect 200
cmp -s "$WORK/body" want-sparql.csv || die "/sparql after a timeout differs"

say "/sparql with existing clients: roqet -p, rdflib SERVICE"
if command -v roqet >/dev/null; then
  roqet -q -p "$URL/sparql" -r csv -e "$SEL" > roqet.csv 2> roqet.err || { cat roqet.err >&2; die "roqet -p failed"; }
  [ "$(grep -c . roqet.csv)" -eq "$(grep -c . want-sparql.csv)" ] || { head roqet.csv >&2; die "roqet -p: other rows"; }
  grep -q 'Anne-Laure Federici' roqet.csv || die "roqet -p: no Federici"
else
  say "(roqet absent: skipped)"
fi
"$PY" - "$URL/sparql" "$(( $(wc -l < want-sparql.csv) - 1 ))" <<'PYEOF' || die "rdflib SERVICE failed"
import sys, rdflib
q = """SELECT ?l WHERE { SERVICE <%s> {
  ?n a <http://xmlns.com/foaf/0.1/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } }""" % sys.argv[1]
labels = [str(r.l) for r in rdflib.Graph().query(q)]
assert len(labels) == int(sys.argv[2]), (len(labels), sys.argv[2])
assert "Anne-Laure Federici" in labels
PYEOF

say "/export"
G1=https://w3id.org/maillage/source/001_dc8b0b51229a4a43
"$M" export --format ntriples --graph "$G1" > want-g1.nt
req GET "/export?format=nt&graph=$G1"; expect 200
cmp -s "$WORK/body" want-g1.nt || die "/export differs from maillage export"
req GET "/export?graph=$G1" -H 'Accept: application/n-quads'; expect 200
[ "$(header Content-Type)" = "application/n-quads; charset=utf-8" ] || die "/export negotiation"
"$M" export --format turtle > want.ttl
req GET "/export?format=turtle&download=1"; expect 200
cmp -s "$WORK/body" want.ttl || die "/export Turtle differs"
header Content-Disposition | grep -q 'maillage.ttl' || die "no Content-Disposition"
req GET "/export?graph=urn:nothing"; expect 404; error_is not_found
req GET "/export?format=xls"; expect 400

say "/network"
"$M" network partners --format json > want-partners.json
req GET "/network/partners?format=json"; expect 200
cmp -s "$WORK/body" want-partners.json || die "/network/partners JSON differs"
req GET "/network/partners" -H 'Accept: image/svg+xml'; expect 200
[ "$(header Content-Type)" = "image/svg+xml" ] || die "SVG type"
grep -q '<svg' "$WORK/body" || die "no SVG"
req GET "/network/speakers"; expect 200
grep -q 'data-rendered\|network-data' "$WORK/body" || die "no network page"
for f in gexf graphml dot png; do req GET "/network/members?format=$f"; expect 200; done
req GET "/network/partnrs"; expect 404; error_is not_found
assert_contains "$WORK/body" 'partners'
req GET "/network?format=json" -G --data-urlencode "query=$HEADLINE"; expect 200
"$M" network --format json --query "$HEADLINE" > want-net.json
cmp -s "$WORK/body" want-net.json || die "/network?query= differs"
req GET "/network"; expect 200
assert_contains "$WORK/body" '"partners"'

say "/entity: HTML, Turtle, JSON-LD"
E=https://w3id.org/maillage/id/person/anne-laure-federici
req GET "/entity?iri=$E"; expect 200
[ "$(header Content-Type)" = "text/html; charset=utf-8" ] || die "entity type"
for s in 'Anne-Laure Federici' 'id="facts"' 'id="neighbours"' 'id="sources"' '000_bb6884d51cf4bbce.txt' 'déléguée générale'; do
  assert_contains "$WORK/body" "$s"
done
req GET "/entity?iri=$E" -H 'Accept: text/turtle'; expect 200
"$PY" - "$WORK/body" "$E" <<'PYEOF' || die "entity Turtle"
import sys, rdflib
g = rdflib.Graph(); g.parse(sys.argv[1], format="turtle")
n = rdflib.URIRef(sys.argv[2])
assert (n, rdflib.RDFS.label, None) in g
assert len(list(g.triples((n, None, None)))) >= 3
PYEOF
req GET "/entity?iri=$E" -H 'Accept: application/ld+json'; expect 200
"$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/body" || die "entity JSON-LD"
req GET "/entity?iri=https://example.org/nothing"; expect 404; error_is not_found
req GET "/entity"; expect 400
req GET "/entity?iri=$E" -H 'Accept: image/png'; expect 406

say "the page and its files"
req GET /; expect 200
assert_contains "$WORK/body" '<textarea id="editor"'
if grep -Eo '(src|href)="https?://[^"]*"' "$WORK/body" | grep -q .; then die "the page loads something from the network"; fi
req GET /app.js; expect 200
[ "$(header Content-Type)" = "text/javascript; charset=utf-8" ] || die "app.js type"
req GET /examples.json; expect 200
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==int(sys.argv[2]) and all(e["query"] and e["title"] for e in d)' \
  "$WORK/body" "$(ls "$ROOT"/tests/tutorial/*.mq | wc -l)" || die "examples.json"
req POST /; expect 405

say "/data: the Graph Store protocol"
G=http://example.org/graph/one
cat > one.ttl <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:p "un" ; ex:q _:b .
_:b ex:r 1 .
TTL
cat > two.ttl <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:p "deux" .
TTL
printf '<http://example.org/a> <http://example.org/p> "trois" .\n' > three.nt
printf '@prefix ex: <http://example.org/> .\nex:a ex:p "ok" ;\n   ex:q .\n' > bad.ttl
req GET "/data?graph=$G"; expect 404
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' --data-binary @one.ttl; expect 201
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' --data-binary @one.ttl; expect 204
req GET "/data?graph=$G"; expect 200
[ "$(header Content-Type)" = "text/turtle; charset=utf-8" ] || die "GSP GET type"
"$PY" - "$WORK/body" one.ttl <<'PYEOF' || die "GSP round trip differs"
import sys, rdflib
from rdflib.compare import isomorphic
a = rdflib.Graph(); a.parse(sys.argv[1], format="turtle")
b = rdflib.Graph(); b.parse(sys.argv[2], format="turtle")
assert isomorphic(a, b), (len(a), len(b))
PYEOF
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' --data-binary @two.ttl; expect 204
req GET "/data?graph=$G&format=nt"; expect 200
[ "$(grep -c . "$WORK/body")" -eq 1 ] && grep -q '"deux"' "$WORK/body" || die "PUT did not replace"
req POST "/data?graph=$G" -H 'Content-Type: application/n-triples' --data-binary @three.nt; expect 204
req GET "/data?graph=$G" -H 'Accept: application/n-triples'; expect 200
[ "$(grep -c . "$WORK/body")" -eq 2 ] || die "POST did not add"
"$M" export --format nquads > before.nq
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' --data-binary @bad.ttl; expect 400; error_is syntax
assert_contains "$WORK/body" 'body.ttl:3:'
"$M" export --format nquads > after.nq
cmp -s before.nq after.nq || die "a bad body changed the store"
req PUT "/data?graph=$G" -H 'Content-Type: application/x-unknown' --data-binary @two.ttl; expect 415
req DELETE "/data?graph=$G"; expect 204
req DELETE "/data?graph=$G"; expect 404
req GET "/data?graph=$G"; expect 404
req PUT "/data?default" -H 'Content-Type: text/turtle' --data-binary @two.ttl; expect 201
req GET "/data?default&format=nt"; expect 200
grep -q '"deux"' "$WORK/body" || die "default graph"
req POST "/data" -H 'Content-Type: text/turtle' --data-binary @two.ttl; expect 201
loc=$(header Location)
case "$loc" in "$URL/data?graph="*) ;; *) die "Location: $loc";; esac
[ "$(curl -s -o /dev/null -w '%{http_code}' "$loc")" = 200 ] || die "the new graph is not at its Location"
req GET "/data?graph=bad%20iri"; expect 400
req GET "/data"; expect 400

say "oversize bodies: 413 (declared and chunked), the store unchanged"
"$M" export --format nquads > before.nq
head -c 200000 /dev/zero | tr '\0' 'a' > big.txt
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' --data-binary @big.txt; expect 413; error_is too_large
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' -H 'Transfer-Encoding: chunked' --data-binary @big.txt
expect 413; error_is too_large
req POST /query -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @big.txt; expect 413
assert_contains "$WORK/body" '(200000 bytes) is larger than the limit of 100000 bytes'
# a body much larger than the socket buffers, 5 times: it is read before
# the answer, so the connection is never reset under the client's feet
head -c 4000000 /dev/zero | tr '\0' 'a' > huge.txt
for i in 1 2 3 4 5; do
  req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' -H 'Expect:' --data-binary @huge.txt
  expect 413
done
# a declared length far over the limit is answered at once
req POST /query -H 'Content-Type: text/plain' -H 'Content-Length: 900000000' --data-binary 'x'
expect 413; error_is too_large
assert_contains "$WORK/body" '(900000000 bytes)'
"$M" export --format nquads > after.nq
cmp -s before.nq after.nq || die "an oversize body changed the store"
req GET /health; expect 200  # the server is still there

serve_stop
say "read-only: writes refused with 403, reads answered"
serve_start --read-only
"$M" export --format nquads > before.nq
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' --data-binary @one.ttl; expect 403; error_is forbidden
req POST "/data?default" -H 'Content-Type: text/turtle' --data-binary @one.ttl; expect 403
req DELETE "/data?default"; expect 403
req GET "/data?default&format=nt"; expect 200
req GET /health; expect 200
assert_contains "$WORK/body" '"readonly": true'
req GET "/query?format=csv" -G --data-urlencode "query=$HEADLINE"; expect 200
cmp -s "$WORK/body" want.csv || die "read-only /query differs"
"$M" export --format nquads > after.nq
cmp -s before.nq after.nq || die "the read-only server changed the store"
serve_stop

say "another librdf storage: one worker, the Graph Store and SPARQL work, the query language is 501"
serve_start --store "librdf:hashes:hash-type='memory',contexts='yes'"
grep -q '(1 threads' "$WORK/serve.out" || die "an in-memory store should get one worker"
req PUT "/data?graph=$G" -H 'Content-Type: text/turtle' --data-binary @two.ttl; expect 201
req GET "/sparql" -G -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?o WHERE { ?s ?p ?o }'; expect 200
assert_contains "$WORK/body" 'deux'
req GET "/data?graph=$G&format=nt"; expect 200
assert_contains "$WORK/body" '"deux"'
req GET /query -G --data-urlencode 'query=MATCH (n) RETURN n'; expect 501; error_is unsupported
if grep -qi warning "$WORK/serve.err"; then cat "$WORK/serve.err" >&2; die "warnings from the server"; fi
serve_stop

say "bad options"
expect_fail 2 "$M" serve --port 70000
expect_fail 2 "$M" serve --bind
expect_fail 2 "$M" serve --bind nowhere --port 0
assert_contains "$WORK/err" 'not an IPv4 or IPv6 address'
expect_fail 1 "$M" --store "$WORK/none.db" serve --port 0
assert_contains "$WORK/err" 'no store'
say "ok"
