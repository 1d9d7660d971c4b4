#!/usr/bin/env bash
# roundtrip.sh — every output format says the same as the input.
#
#   bash tests/e2e/roundtrip.sh MAILLAGE_BINARY REPO_ROOT
#
# Loads each sample of tests/e2e/data (Turtle, N-Triples, RDF/XML: accents,
# language tags, typed literals, nested blank nodes, collections) into a
# fresh store, exports it as Turtle, N-Triples, RDF/XML, N-Quads and TriG,
# and checks that each output parses with `rapper -i FORMAT -c` and is
# isomorphic to the input (tests/tools/rdfcompare.py; graph names aside
# when one side is a triple format).  Then a TriG sample with default-graph
# triples and two named graphs must come back graph by graph from the
# N-Quads and TriG exports (the file graph urn:maillage:file:roundtrip.trig
# standing for the default graph).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 MAILLAGE_BINARY REPO_ROOT" >&2
  exit 2
fi
bin=$1
root=$2
data=$root/tests/e2e/data
compare=$root/tests/tools/rdfcompare.py

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

command -v rapper >/dev/null 2>&1 || fail "rapper not found (apt-get install raptor2-utils)"
# rdflib comes from Debian's python3-rdflib: the python3 first on PATH (a
# pyenv one, say) may not see it, /usr/bin/python3 does.
py=""
for cand in python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null 2>&1 &&
     "$cand" -c 'import rdflib' >/dev/null 2>&1; then
    py=$cand
    break
  fi
done
[ -n "$py" ] || fail "no python3 with rdflib (apt-get install python3-rdflib)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ext_of() {
  case $1 in
    turtle) echo ttl ;; ntriples) echo nt ;; rdfxml) echo rdf ;;
    nquads) echo nq ;; trig) echo trig ;;
  esac
}

# load STORE INPUT: a load into a fresh store that must succeed.
load() {
  echo "  load $(basename "$2")"
  if ! "$bin" --store "$1" load "$2" >"$tmp/load.log" 2>&1; then
    cat "$tmp/load.log" >&2
    fail "$(basename "$2"): load failed"
  fi
}

# check_export STORE FORMAT INPUT [rdfcompare options...]
check_export() {
  local store=$1 fmt=$2 input=$3
  shift 3
  local out
  out=$tmp/$(basename "$input").out.$(ext_of "$fmt")
  echo "  export --format $fmt"
  "$bin" --store "$store" export --format "$fmt" -o "$out" \
    || fail "$(basename "$input"): export --format $fmt failed"
  [ -s "$out" ] || fail "$(basename "$input"): export --format $fmt is empty"
  if ! rapper -q -i "$fmt" -c "$out" >"$tmp/rapper.log" 2>&1; then
    cat "$tmp/rapper.log" >&2
    fail "$(basename "$input"): rapper -i $fmt cannot parse the $fmt export ($out)"
  fi
  if ! "$py" "$compare" isomorphic "$input" "$out" --format-b "$fmt" "$@" \
      >"$tmp/diff.log" 2>&1; then
    cat "$tmp/diff.log" >&2
    fail "$(basename "$input"): the $fmt export is not isomorphic to the input"
  fi
}

for input in "$data/roundtrip.ttl" "$data/roundtrip.nt" "$data/roundtrip.rdf"; do
  name=$(basename "$input")
  store=$tmp/store-$name
  echo "roundtrip: $name"
  load "$store" "$input"
  for fmt in turtle ntriples rdfxml nquads trig; do
    check_export "$store" "$fmt" "$input"
  done
done

input=$data/roundtrip.trig
name=$(basename "$input")
store=$tmp/store-$name
echo "roundtrip: $name (graph by graph)"
load "$store" "$input"
ngraphs=$("$bin" --store "$store" export --format nquads | "$py" -c '
import sys
print(len({l.rsplit(" ", 2)[-2] for l in sys.stdin if l.strip()}))')
[ "$ngraphs" = 3 ] \
  || fail "$name: want 3 graphs (file graph + 2 named) in the N-Quads export, got $ngraphs"
for fmt in nquads trig; do
  check_export "$store" "$fmt" "$input" \
    --default-graph-prefix "urn:maillage:file:$name"
done
# The triple formats hold the union of the graphs.
for fmt in turtle ntriples; do
  check_export "$store" "$fmt" "$input"
done

echo "roundtrip: all outputs parse and are isomorphic to their inputs"
