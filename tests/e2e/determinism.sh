#!/usr/bin/env bash
# Two stores loaded in different orders export byte-identical files, in
# every format.
source "$(dirname "$0")/lib.sh" "$@"

cat > a.ttl <<'TTL'
@prefix ex: <http://example.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:anne a foaf:Person ; foaf:name "Anne-Laure Fédérici"@fr ; ex:knows [ foaf:name "inconnue" ] .
ex:liste ex:items ( ex:a ex:b "trois" ) .
TTL
cat > b.trig <<'TRIG'
@prefix ex: <http://example.org/> .
ex:g1 { ex:x ex:p "1"^^<http://www.w3.org/2001/XMLSchema#integer> ; ex:q _:n . _:n ex:r "é" . }
ex:g2 { ex:x ex:p "1"^^<http://www.w3.org/2001/XMLSchema#integer> . }
ex:s ex:p ex:o .
TRIG
printf '<http://example.org/n> <http://example.org/p> "quote \\" and \\\\ backslash" .\n' > c.nt

s1="$(new_store s1)"
s2="$(new_store s2)"
"$M" --store "$s1" load --quiet a.ttl b.trig c.nt
"$M" --store "$s2" load --quiet c.nt
"$M" --store "$s2" load --quiet b.trig
"$M" --store "$s2" load --quiet a.ttl
for f in turtle ntriples nquads trig rdfxml; do
  say "$f"
  "$M" --store "$s1" export --format $f > 1.$f
  "$M" --store "$s2" export --format $f > 2.$f
  [ -s 1.$f ] || die "empty $f export"
  cmp 1.$f 2.$f || die "$f exports differ"
done
say ok
