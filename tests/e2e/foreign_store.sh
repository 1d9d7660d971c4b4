#!/usr/bin/env bash
# --store librdf:NAME:OPTIONS reaches librdf's own storages with the same
# commands.
source "$(dirname "$0")/lib.sh" "$@"

cat > a.ttl <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b ; ex:q "é"@fr .
TTL
S="librdf:hashes:hash-type='bdb',dir='$WORK',contexts='yes'@bdbstore"
say "load into hashes/bdb"
"$M" --store "librdf:hashes:hash-type='bdb',dir='$WORK',contexts='yes',new='yes'@bdbstore" load --quiet a.ttl
say "stats, export, sparql on it"
"$M" --store "$S" stats > s.txt
assert_contains s.txt "distinct triples | 2"
"$M" --store "$S" export --format nquads > a.nq
[ "$(wc -l < a.nq)" -eq 2 ] || die "export from hashes"
assert_contains a.nq "urn:maillage:file:a.ttl"
"$M" --store "$S" sparql --format csv 'SELECT ?o WHERE { ?s <http://example.org/q> ?o }' > o.csv
assert_contains o.csv "é"
say "a bad storage name is a clear error"
expect_fail 1 "$M" --store "librdf:nosuchstorage:" stats
assert_contains err "nosuchstorage"
say ok
