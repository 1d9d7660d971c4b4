#!/usr/bin/env bash
# export_formats.sh — every export format read back by tools we did not
# write: rdflib (python3-rdflib, JSON-LD included) must find exactly the
# store's statements (isomorphic; graph by graph for N-Quads, TriG and
# JSON-LD), and rapper the same number of statements (JSON-LD aside: rapper
# has no JSON-LD parser).  The store holds the seed graph loaded as
# scripts/quickstart.sh does, plus tests/publish/odd.trig (escapes,
# language tags, typed numbers, blank nodes, a list, odd IRIs, a
# default-graph triple).  Exports are deterministic.
source "$(dirname "$0")/lib.sh" "$@"
PY=/usr/bin/python3
CHECK="$ROOT/tests/publish/rdfcheck.py"
$PY -c 'import rdflib' 2>/dev/null || { echo "SKIP: no python3-rdflib"; exit 77; }
command -v rapper >/dev/null || { echo "SKIP: no rapper"; exit 77; }

"$M" load --quiet --graph https://w3id.org/maillage/graph/ontology "$ROOT"/ontology/*.ttl
"$M" load --quiet "$ROOT"/data/*.trig "$ROOT/tests/publish/odd.trig"

"$M" export --format nquads -o ref.nq
quads=$(grep -c . ref.nq)
triples=$("$M" export --format ntriples | grep -c .)
say "store: $quads quads, $triples distinct triples"
[ "$quads" -gt 4000 ] || die "the seed graph did not load ($quads quads)"

rapper_count() { # FORMAT FILE
  rapper -i "$1" -c "$2" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p'
}

for f in turtle:ttl ntriples:nt nquads:nq trig:trig rdfxml:rdf jsonld:jsonld; do
  fmt=${f%%:*} ext=${f##*:}
  "$M" export --format "$fmt" -o "out.$ext"
  "$M" export -o "again.$ext"          # format from the extension
  cmp -s "out.$ext" "again.$ext" || die "$fmt: two exports differ"
  $PY "$CHECK" iso ref.nq "out.$ext" || die "$fmt: rdflib does not read back the store's statements"
  case $fmt in
    nquads|trig) want=$quads ;;
    jsonld) want=$quads ;;
    *) want=$triples ;;
  esac
  got=$($PY "$CHECK" count "out.$ext")
  [ "$got" -eq "$want" ] || die "$fmt: rdflib reads $got statements, expected $want"
  if [ "$fmt" != jsonld ]; then
    r=$(rapper_count "$fmt" "out.$ext")
    [ "$r" = "$want" ] || die "$fmt: rapper reads '$r' statements, expected $want"
  fi
  say "$fmt: rdflib isomorphic, $got statements (rapper: ${r:-n/a})"
  r=
done

# JSON-LD: typed literals never become JSON numbers or booleans.
if grep -Eq '": (-?[0-9]|true|false)' out.jsonld; then
  die "JSON-LD holds a bare JSON number or boolean"
fi
assert_contains out.jsonld '{"@value": "1.0", "@type": "xsd:decimal"}'
assert_contains out.jsonld '"@context"'

# One graph keeps its name in the quad formats and JSON-LD.
"$M" export --format jsonld --graph src:001_dc8b0b51229a4a43 -o g.jsonld
"$M" export --format nquads --graph src:001_dc8b0b51229a4a43 -o g.nq
$PY "$CHECK" iso g.nq g.jsonld || die "--graph: JSON-LD differs from N-Quads"
assert_contains g.jsonld '"@id": "src:001_dc8b0b51229a4a43"'

expect_fail 2 "$M" export --format json-ldx
assert_contains "$WORK/err" "jsonld (.jsonld)"
say "ok"
