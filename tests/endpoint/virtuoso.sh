#!/usr/bin/env bash
# The interoperability test against a real Virtuoso (ctest -L endpoint;
# not in the default suite: it installs and starts Virtuoso, and takes
# minutes).  scripts/virtuoso.sh starts a throw-away server on loopback.
#
# 1. The seed graph (ontology/ + data/, as scripts/quickstart.sh loads
#    it) is pushed graph by graph with the Graph Store protocol (PUT,
#    digest authentication as dba); every graph must come back with as
#    many triples as it has here.
# 2. A fresh server gets the seed as one graph (push --union: Virtuoso's
#    default graph repeats a triple once per graph holding it, ours is a
#    set, and it also holds Virtuoso's own system graphs), asked about with
#    query --default-graph, and its graphs one by one too (push --all: the
#    named graphs source() reads); then every documented query (docs/query-language.md, README,
#    tests/tutorial — the questions of tests/e2e/questions.sh —,
#    tests/crosscheck, queries/) runs locally and with --endpoint: the rows
#    must be the same (tests/tools/endpoint_compare.py: in CSV, with the
#    order keys in the same order, and in TSV and JSON).
# 3. The same for the 100 k benchmark graph (bench/gen) and bench/queries.
#
# Queries listed in tests/endpoint/virtuoso-known.txt differ for a reason
# written there (a Virtuoso 7.2 behaviour); any other difference fails.
# The figures are printed at the end.
source "$(dirname "$0")/../e2e/lib.sh" "$@"

PY=/usr/bin/python3
export MAILLAGE_VIRTUOSO_DIR="$WORK/virtuoso"
V="$ROOT/scripts/virtuoso.sh"
trap 'bash "$V" stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
AUTH=(--user dba --password-file "$WORK/pw" --auth digest)
printf 'dba\n' > "$WORK/pw"

say "seed store"
"$M" load --quiet --graph https://w3id.org/maillage/graph/ontology "$ROOT"/ontology/*.ttl
"$M" load --quiet "$ROOT"/data/*.trig

say "1. push graph by graph (PUT, digest)"
bash "$V" start >/dev/null
GSP="$(bash "$V" gsp)"; URL="$(bash "$V" url)"
"$M" push --endpoint "$GSP" --all "${AUTH[@]}" > push.txt
cat push.txt
ngraphs="$("$M" export --format nquads | awk '{print $(NF-1)}' | sort -u | grep -c .)"
[ "$(grep -c ' HTTP 20[014]$' push.txt)" -eq "$ngraphs" ] || die "expected $ngraphs graphs sent with HTTP 200/201/204"
# per-graph triple counts, remote (SPARQL over HTTP) against local
"$M" export --format nquads | awk '{print $(NF-1)}' | sort | uniq -c | awk '{print substr($2, 2, length($2) - 2) "\t" $1}' | sort > local-counts.txt
curl -s -G --data-urlencode 'query=SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g' \
     -H 'Accept: application/sparql-results+json' "$URL" > remote-counts.json
"$PY" -c '
import json, sys
d = json.load(open("remote-counts.json"))
for b in d["results"]["bindings"]:
    print(b["g"]["value"] + "\t" + b["n"]["value"])
' | sort > remote-counts.txt
join -t "$(printf '\t')" local-counts.txt remote-counts.txt > joined.txt || true
[ "$(wc -l < joined.txt)" -eq "$ngraphs" ] || { diff local-counts.txt remote-counts.txt | head; die "graphs missing remotely"; }
awk -F '\t' '$2 != $3 {bad = 1; print "count differs: " $0} END {exit bad}' joined.txt \
  || die "per-graph triple counts differ"
say "   $ngraphs graphs, same triple count in each"
# --append (POST) adds: the graph's count stays (the same triples again)
g1="$(head -1 local-counts.txt | cut -f1)"
"$M" push --endpoint "$GSP" --graph "$g1" --append "${AUTH[@]}" | tee append.txt
grep -q ' HTTP 20[014]$' append.txt || die "append failed"
# a wrong password is refused (401) with a clear message, exit 1
printf 'wrong\n' > "$WORK/badpw"
expect_fail 1 "$M" push --endpoint "$GSP" --graph "$g1" --user dba --password-file "$WORK/badpw" --auth digest
assert_contains "$WORK/err" "HTTP 401"
bash "$V" stop

known="$ROOT/tests/endpoint/virtuoso-known.txt"
check_results() {  # FILE: the compare output; fails on unlisted differences
  local out="$1" bad=0
  while read -r line; do
    name="${line#FAIL }"; name="${name%%:*}"; name="$(basename "$name")"
    if grep -q "^$name " "$known"; then
      echo "known: $name: $(grep "^$name " "$known" | cut -d' ' -f2-)"
    else
      echo "NEW DIFFERENCE: $line"; bad=1
    fi
  done < <(grep '^FAIL ' "$out" || true)
  return $bad
}

say "2. the seed as one graph; every documented query, local against remote"
bash "$V" start >/dev/null
URL="$(bash "$V" url)"; GSP="$(bash "$V" gsp)"
"$M" push --endpoint "$GSP" --union urn:maillage:union "${AUTH[@]}"
# and each graph as a named graph, as in the store: source() reads them
# (GRAPH ?g), the default graph of every query stays the union
"$M" push --endpoint "$GSP" --all "${AUTH[@]}" > /dev/null
shopt -s nullglob
"$PY" "$ROOT/tests/tools/endpoint_compare.py" "$M" "$MAILLAGE_STORE" "$URL" \
  --default-graph urn:maillage:union --docs "$ROOT" \
  "$ROOT"/tests/tutorial/*.mq "$ROOT"/tests/crosscheck/*.mq "$ROOT"/queries/*.mq \
  > seed.txt || true
cat seed.txt
bash "$V" stop

say "3. the 100 k benchmark graph; every bench query"
"$PY" "$ROOT/bench/gen/generate.py" 100000 bench.nq --ontology "$ROOT/ontology" >/dev/null
MAILLAGE_STORE="$WORK/bench.db" "$M" load --quiet bench.nq
bash "$V" start >/dev/null
URL="$(bash "$V" url)"; GSP="$(bash "$V" gsp)"
MAILLAGE_STORE="$WORK/bench.db" "$M" push --endpoint "$GSP" --union urn:maillage:union "${AUTH[@]}" --timeout 600
"$PY" "$ROOT/tests/tools/endpoint_compare.py" "$M" "$WORK/bench.db" "$URL" \
  --default-graph urn:maillage:union "$ROOT"/bench/queries/*.mq > bench.txt || true
cat bench.txt
bash "$V" stop

say "summary"
grep '^endpoint:' seed.txt | sed 's/^/seed:  /'
grep '^endpoint:' bench.txt | sed 's/^/bench: /'
rc=0
check_results seed.txt || rc=1
check_results bench.txt || rc=1
[ "$rc" -eq 0 ] || die "differences not in tests/endpoint/virtuoso-known.txt"
