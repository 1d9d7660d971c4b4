#!/usr/bin/env bash
# The analyst's questions of tests/questions/: each NN-slug.rq is run with
# `maillage sparql` on the bundled ontology and data, and its rows must
# equal NN-slug.expected (written from the source texts).
source "$(dirname "$0")/lib.sh" "$@"

load_seed
"$M" check --integrity >/dev/null

fails=0; n=0
for q in "$ROOT"/tests/questions/*.rq; do
  exp="${q%.rq}.expected"
  n=$((n + 1))
  "$M" sparql --format json -f "$q" > got.json || { echo "FAIL $(basename "$q"): query failed"; fails=$((fails + 1)); continue; }
  # plain lexical values, tab-separated, rows sorted bytewise
  python3 -c '
import json, sys
d = json.load(open("got.json"))
vs = d["head"]["vars"]
for b in d["results"]["bindings"]:
    print("\t".join(b[v]["value"] if v in b else "" for v in vs))
' | LC_ALL=C sort > got.txt
  grep -v '^#' "$exp" | LC_ALL=C sort > want.txt
  if cmp -s got.txt want.txt; then
    echo "ok   $(basename "$q" .rq)"
  else
    echo "FAIL $(basename "$q" .rq)"; diff want.txt got.txt | head -10
    fails=$((fails + 1))
  fi
done
echo "questions: $((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
