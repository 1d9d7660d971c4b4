#!/usr/bin/env bash
# Store semantics: file graphs, replace vs append, reload is a no-op, a
# triple in two graphs is one distinct triple and two quads, drop removes
# exactly one graph, add/remove one fact, integrity after each step.
source "$(dirname "$0")/lib.sh" "$@"

cat > one.ttl <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b ; ex:q [ ex:r "x" ] .
TTL
cat > two.ttl <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:c ex:p ex:d .
TTL

say "a file goes into urn:maillage:file:BASENAME"
"$M" load --quiet one.ttl
"$M" graphs > g.txt
assert_contains g.txt "urn:maillage:file:one.ttl"
grep -q "$WORK" g.txt && die "an absolute path leaked into a graph name"

say "reloading a file (blank nodes included) changes nothing"
"$M" export --format nquads > a.nq
"$M" load --quiet one.ttl
"$M" export --format nquads > b.nq
cmp -s a.nq b.nq || die "reload changed the store"

say "same triple in two graphs: one distinct triple, two quads"
"$M" load --quiet two.ttl
"$M" stats > s.txt
grep -E '^ distinct triples \| 4$' s.txt >/dev/null || { cat s.txt; die "distinct triples"; }
grep -E '^ quads +\| 5$' s.txt >/dev/null || { cat s.txt; die "quads"; }
[ "$("$M" export --format turtle | grep -c 'ex/p\|example.org/a')" -ge 1 ]
[ "$("$M" export --format ntriples | grep -c '<http://example.org/a> <http://example.org/p> <http://example.org/b>')" -eq 1 ] \
  || die "the union graph must hold the triple once"

say "loading into an existing graph replaces it; --append merges"
printf '@prefix ex: <http://example.org/> .\nex:z ex:p ex:y .\n' > two-v2.ttl
"$M" load --quiet --graph urn:maillage:file:two.ttl two-v2.ttl
[ "$("$M" export --format nquads --graph urn:maillage:file:two.ttl | wc -l)" -eq 1 ] || die "replace"
"$M" load --quiet --append --graph urn:maillage:file:two.ttl two.ttl
[ "$("$M" export --format nquads --graph urn:maillage:file:two.ttl | wc -l)" -eq 3 ] || die "append"

say "drop removes exactly one graph"
"$M" export --format nquads --graph urn:maillage:file:one.ttl > one.nq
"$M" drop --graph urn:maillage:file:two.ttl 2>/dev/null
"$M" export --format nquads > all.nq
cmp -s one.nq all.nq || die "drop removed more or less than its graph"
expect_fail 1 "$M" drop --graph urn:maillage:file:two.ttl
assert_contains err "no graph"

say "add and remove one fact"
"$M" add --graph http://example.org/fixes '@prefix ex: <http://example.org/> . ex:a ex:label "corrigé"@fr .' 2>/dev/null
"$M" sparql --format csv 'SELECT ?l WHERE { <http://example.org/a> <http://example.org/label> ?l }' > l.csv
assert_contains l.csv "corrigé"
"$M" remove --graph http://example.org/fixes '@prefix ex: <http://example.org/> . ex:a ex:label "corrigé"@fr .' 2>/dev/null
"$M" sparql --format csv 'SELECT ?l WHERE { <http://example.org/a> <http://example.org/label> ?l }' > l.csv
[ "$(wc -l < l.csv)" -eq 1 ] || die "remove left the fact"

say "a blank-node graph name is kept, as a stable skolem IRI"
printf '<http://example.org/a> <http://example.org/p> "o" _:g .\n_:s <http://example.org/p> "o2" _:g .\n' > bg.nq
"$M" load --quiet bg.nq
"$M" graphs > g.txt
assert_contains g.txt "urn:maillage:blank-graph:b"
"$M" export --format nquads > bg.out
[ "$(grep -c 'urn:maillage:blank-graph:b' bg.out)" -eq 2 ] || { cat bg.out >&2; die "the blank graph's quads were not exported"; }
# reloading gives the same name (a stable label), not a second graph
"$M" load --quiet bg.nq
"$M" graphs > g2.txt
cmp -s g.txt g2.txt || die "reloading a blank-graph file changed the graphs"
"$M" drop --graph "$(grep -o 'urn:maillage:blank-graph:b[0-9a-f]*' g.txt | head -1)" > /dev/null

say "the store passes its integrity check"
"$M" check --integrity > c.txt
assert_contains c.txt "agree"
say ok
