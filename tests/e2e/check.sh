#!/usr/bin/env bash
# `maillage check`: the bundled ontology and data pass (files and store),
# each kind of problem in tests/check/bad.trig is reported with FILE:LINE
# and exit 1, syntax errors and usage errors have their exit codes, and
# `check --integrity` still works.
source "$(dirname "$0")/lib.sh" "$@"
T="$ROOT/tests/check"

say "files: ontology + data are clean"
"$M" check "$ROOT"/ontology/*.ttl "$ROOT"/data/*.trig >out 2>err || { cat out err >&2; die "data/ does not pass"; }
assert_contains err "0 errors"
assert_contains err "check: ontology: $ROOT/ontology/maillage.ttl, $ROOT/ontology/vocabularies.ttl"
[ ! -s out ] || { cat out >&2; die "problems reported on data/"; }
# the same with --ontology
"$M" check --ontology "$ROOT"/ontology/maillage.ttl --ontology "$ROOT"/ontology/vocabularies.ttl "$ROOT"/data/*.trig >out 2>err || { cat out err >&2; die "data/ with --ontology does not pass"; }
[ ! -e store.db ] || die "check FILE created a store"

say "files: each problem with FILE:LINE, exit 1"
expect_fail 1 "$M" check "$ROOT"/ontology/*.ttl "$T/bad.trig"
mv "$WORK/out" problems
assert_contains problems "bad.trig:17: error: undeclared property mg:undeclaredProperty (event:2099-01-01-test, mg:undeclaredProperty)"
assert_contains problems 'bad.trig:18: error: "2099-02-30"^^xsd:date is not a valid xsd:date (event:2099-01-01-test, schema:startDate)'
assert_contains problems "bad.trig:19: error: orga:test-org is a org:Organization, not a foaf:Person (the range of mg:speaker) (event:2099-01-01-test, mg:speaker)"
assert_contains problems "bad.trig:25: error: entity person:jane-doe has no rdf:type"
assert_contains problems "bad.trig:31: warning: likely duplicate of person:jean-dupont: both a foaf:Person"
assert_contains problems "bad.trig:33: error: entity person:no-label has no rdfs:label"
assert_contains problems "bad.trig:36: error: language tag 'fr-abcdefghi'"
assert_contains problems 'bad.trig:37: error: literal "Grand Est"@fr where a mg:Territory is expected (the range of mg:territory)'
assert_contains "$WORK/err" "7 errors, 1 warning"
[ "$(grep -c . problems)" -eq 8 ] || { cat problems >&2; die "expected 8 problems"; }

say "files: a Turtle data file is outside the allowed graphs (warning only)"
"$M" check "$ROOT"/ontology/*.ttl "$T/plain.ttl" >out 2>err || { cat out err >&2; die "plain.ttl should pass with a warning"; }
assert_contains out "plain.ttl:7: warning: 2 statements outside a document, reference or ontology graph"
assert_contains err "0 errors, 1 warning"

say "files: no ontology at all is said so"
expect_fail 1 "$M" check "$T/plain.ttl"
assert_contains "$WORK/err" "check: ontology: none"
assert_contains "$WORK/out" "plain.ttl:7: error: undeclared class foaf:Person"

say "files: a syntax error is FILE:LINE:COL: error, exit 1"
expect_fail 1 "$M" check "$T/syntax-error.ttl"
assert_contains "$WORK/out" "syntax-error.ttl:3:"
assert_contains "$WORK/out" ": error: "

say "usage errors exit 2"
expect_fail 2 "$M" check --bogus
expect_fail 2 "$M" check --integrity "$T/plain.ttl"
expect_fail 2 "$M" check --ontology "$ROOT/ontology/maillage.ttl"

say "store: ontology graph + data are clean; --integrity still works"
load_seed
"$M" check >out 2>err || { cat out err >&2; die "the loaded store does not pass"; }
assert_contains err "0 errors, 0 warnings"
"$M" check --integrity >out
assert_contains out "indexes, statistics and dictionary agree"

say "store: a file checked against the store's ontology"
"$M" check "$T/plain.ttl" >out 2>err || { cat out err >&2; die "plain.ttl against the store"; }
assert_contains err "check: ontology: the store"

say "store: problems are GRAPH: error|warning lines"
"$M" add --graph urn:maillage:file:stray.ttl '<https://w3id.org/maillage/id/org/rtes> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .'
"$M" check >out 2>err || { cat out err >&2; die "a stray graph is only a warning"; }
assert_contains out "<urn:maillage:file:stray.ttl>: warning: 1 statement outside a document, reference or ontology graph"
"$M" add --graph https://w3id.org/maillage/source/000_bb6884d51cf4bbce '<https://w3id.org/maillage/id/person/ghost> <http://www.w3.org/2000/01/rdf-schema#label> "Ghost"@fr .'
expect_fail 1 "$M" check
assert_contains "$WORK/out" "src:000_bb6884d51cf4bbce: error: entity person:ghost has no rdf:type (person:ghost, rdfs:label)"
assert_contains "$WORK/err" "1 error, 1 warning"
"$M" check --integrity >/dev/null

say "ok"
