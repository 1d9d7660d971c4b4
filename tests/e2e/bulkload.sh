#!/usr/bin/env bash
# bulkload.sh — the bulk load path (our store, no librdf call per
# statement) gives exactly what the general librdf path gives.
#
# Every step runs twice, into two stores: once as `maillage load` does it
# by default (the bulk path), once with MAILLAGE_BULK=0 (one
# librdf_model_context_add_statement per quad).  After each step the two
# stores must export the same N-Quads byte for byte, print the same
# `stats` and `graphs`, answer a query the same way (ids are assigned in
# the same order, so even unordered results agree), report the same load
# summary, and pass `check --integrity`.  Steps: an empty store (the
# appending writer: several files, many graphs, blank nodes, duplicates, a
# triple in two graphs, long terms), appending to a non-empty store,
# replacing graphs, reloading a store's only graph (its graph dropped, the
# dictionary kept), a parse error (both stores unchanged).
source "$(dirname "$0")/lib.sh" "$@"

data="$ROOT/tests/e2e/data"
/usr/bin/python3 "$ROOT/bench/gen/generate.py" 3000 gen.nq >/dev/null 2>&1 \
  || die "the generator failed"

long=$(printf 'x%.0s' $(seq 1 600))
cat > mixed.nq <<NQ
<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> <http://ex.org/g1> .
<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> <http://ex.org/g1> .
<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> <http://ex.org/g2> .
<http://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/C> <http://ex.org/g2> .
_:n1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/C> <http://ex.org/g1> .
_:n1 <http://ex.org/q> "plain" .
_:n1 <http://ex.org/q> "plain"^^<http://www.w3.org/2001/XMLSchema#string> .
_:n1 <http://ex.org/q> "chaîne"@fr <http://ex.org/g1> .
_:n1 <http://ex.org/q> "" <http://ex.org/g2> .
<http://ex.org/c> <http://ex.org/q> "${long}a" <http://ex.org/g1> .
<http://ex.org/c> <http://ex.org/q> "${long}b" <http://ex.org/g1> .
<http://ex.org/c> <http://ex.org/q> "${long}b" <http://ex.org/g2> .
<http://ex.org/${long}> <http://ex.org/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
NQ

Q='MATCH (p:Person)<-[:speaker]-(e:Event) RETURN p, e'
fast="$(new_store fast)"
slow="$(new_store slow)"

# run ARGS...: the same command on both stores (the slow one through the
# librdf path); both must exit alike and report alike (stderr, timings
# aside, in fast.err / slow.err).  Returns their exit code.
run() {
  local rf=0 rs=0
  "$M" --store "$fast" "$@" 2>"$WORK/fast.err" >"$WORK/fast.out" || rf=$?
  MAILLAGE_BULK=0 "$M" --store "$slow" "$@" 2>"$WORK/slow.err" >"$WORK/slow.out" || rs=$?
  [ "$rf" -eq "$rs" ] || die "'$*': exit $rf (bulk) but $rs (librdf)"
  sed -i 's/, [0-9.]* s (.*)$//' "$WORK/fast.err" "$WORK/slow.err"
  cmp -s "$WORK/fast.err" "$WORK/slow.err" \
    || { diff "$WORK/fast.err" "$WORK/slow.err" >&2; die "'$*': different reports"; }
  return "$rf"
}

# same STEP: the two stores agree and are sound.
same() {
  for s in fast slow; do
    st="${!s}"
    "$M" --store "$st" check --integrity >/dev/null \
      || die "$1: integrity check failed on the $s store"
    "$M" --store "$st" export --format nquads > "$WORK/$s.nq"
    "$M" --store "$st" stats > "$WORK/$s.stats"
    "$M" --store "$st" graphs > "$WORK/$s.graphs"
    # (without the vocabulary in the store the query is an error: then
    # both must fail alike)
    "$M" --store "$st" query "$Q" > "$WORK/$s.query" 2>&1 \
      || echo "exit $?" >> "$WORK/$s.query"
    sed -i 's/ rows in [0-9.]* s$/ rows/' "$WORK/$s.query"
  done
  [ -s "$WORK/fast.nq" ] || die "$1: empty export"
  for f in nq stats graphs query; do
    cmp -s "$WORK/fast.$f" "$WORK/slow.$f" || {
      diff "$WORK/fast.$f" "$WORK/slow.$f" | head -20 >&2
      die "$1: the bulk and librdf paths differ ($f)"
    }
  done
}

say "an empty store: several files, many graphs, blank nodes, duplicates, long terms"
run load gen.nq mixed.nq "$data/roundtrip.ttl"
same "empty store"
grep -q 'distinct triples' "$WORK/fast.stats" || die "no stats"
[ "$(grep -c . "$WORK/fast.graphs")" -gt 5 ] || die "expected many graphs"
# the duplicate quad is one quad; the triple in g1 and g2 is two quads
[ "$(grep -c '^<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> ' "$WORK/fast.nq")" -eq 2 ] \
  || die "a triple in two graphs must be two quads"
grep -q "\"${long}b\"" "$WORK/fast.nq" || die "long literal lost"

say "appending to a non-empty store"
run load --append "$data/roundtrip.trig" "$data/roundtrip.rdf" "$data/roundtrip.nt"
same "append"

say "replacing graphs (a new version of mixed.nq)"
mkdir -p v2
grep -v "${long}a" mixed.nq > v2/mixed.nq
echo '<http://ex.org/d> <http://ex.org/p> <http://ex.org/e> <http://ex.org/g3> .' >> v2/mixed.nq
run load v2/mixed.nq
same "replace"
grep -q "\"${long}a\"" "$WORK/fast.nq" && die "graph g1 was not replaced"
grep -q '<http://ex.org/g3>' "$WORK/fast.nq" || die "graph g3 missing"

say "a parse error leaves both stores as they were"
cp "$WORK/fast.nq" before.nq
printf '<http://ex.org/x> <http://ex.org/p> .\n' > bad.nt
rc=0; run load "$data/roundtrip.ttl" bad.nt || rc=$?
[ "$rc" -ne 0 ] || die "a bad file must fail"
grep -q 'bad.nt:1:' "$WORK/fast.err" || { cat "$WORK/fast.err" >&2; die "no position"; }
same "parse error"
cmp -s before.nq "$WORK/fast.nq" || die "the failed load changed the store"

say "reloading a store's only graph (dictionary kept, indexes emptied)"
rm -rf "$fast" "$slow"
run load "$data/roundtrip.ttl"
run load "$data/roundtrip.ttl"
same "reload"
run load --graph urn:x:other "$data/roundtrip.nt"
run load --graph urn:x:other "$data/roundtrip.ttl"
same "reload into a second graph"
