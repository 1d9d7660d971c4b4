#!/usr/bin/env bash
# The tutorial of docs/query-language.md, run through the binary: each
# tests/tutorial/NN-slug.mq is run with `maillage query --format json` on
# the bundled ontology and data, and its rows must equal the expected file
# named on its `// expect:` line (tests/questions/NN-slug.expected, written
# from the source texts, or tests/tutorial/NN-slug.expected for questions
# the SPARQL suite does not ask).  Then every saved query of queries/ runs
# with the example parameters of its `// example:` line and must return at
# least one row.
#
# Rows are compared as plain values, tab-separated, sorted bytewise:
# strings as they are, numbers as written in the JSON, booleans
# true/false, null as the empty string, lists as their elements joined
# with ", ".
source "$(dirname "$0")/lib.sh" "$@"

load_seed

# json_rows FILE: the JSON rows of FILE as tab-separated plain values.
json_rows() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
def plain(v):
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, list):
        return ", ".join(plain(x) for x in v)
    return str(v)   # strings, and numbers kept as written (parse_* below)
rows = json.load(open(sys.argv[1]), parse_float=str, parse_int=str)
for r in rows:
    print("\t".join(plain(v) for v in r.values()))
PY
}

fails=0; n=0
for q in "$ROOT"/tests/tutorial/*.mq; do
  name="$(basename "$q" .mq)"
  n=$((n + 1))
  exp="$(sed -n 's|^// expect: *||p' "$q" | head -1)"
  if [ -z "$exp" ] || [ ! -f "$ROOT/$exp" ]; then
    echo "FAIL $name: no '// expect:' file"; fails=$((fails + 1)); continue
  fi
  params=()
  while read -r kv; do params+=(--param "$kv"); done \
    < <(sed -n 's|^// param: *||p' "$q")
  if ! "$M" query --format json -f "$q" ${params[@]+"${params[@]}"} > got.json 2> err.txt; then
    echo "FAIL $name: query failed"; sed 's/^/     /' err.txt; fails=$((fails + 1)); continue
  fi
  json_rows got.json | LC_ALL=C sort > got.txt
  grep -v '^#' "$ROOT/$exp" | LC_ALL=C sort > want.txt
  if cmp -s got.txt want.txt; then
    echo "ok   $name"
  else
    echo "FAIL $name"; diff want.txt got.txt | head -10
    fails=$((fails + 1))
  fi
done

# Saved queries: found through $MAILLAGE_QUERIES from any directory, each
# run with its example parameters must give rows on the seed graph.
export MAILLAGE_QUERIES="$ROOT/queries"
mkdir -p elsewhere && cd elsewhere
saved=0
for q in "$ROOT"/queries/*.mq; do
  name="$(basename "$q" .mq)"
  n=$((n + 1)); saved=$((saved + 1))
  params=()
  while read -r kv; do params+=(--param "$kv"); done \
    < <(sed -n 's|^// param: *||p' "$q")
  if ! "$M" query --saved "$name" ${params[@]+"${params[@]}"} --format json > got.json 2> err.txt; then
    echo "FAIL saved $name: query failed"; sed 's/^/     /' err.txt; fails=$((fails + 1)); continue
  fi
  rows="$(json_rows got.json | grep -c . || true)"
  if [ "$rows" -ge 1 ]; then
    echo "ok   saved $name ($rows rows)"
  else
    echo "FAIL saved $name: no rows"; fails=$((fails + 1))
  fi
done
"$M" query --list-saved > list.txt
for q in "$ROOT"/queries/*.mq; do
  grep -qF "$(basename "$q" .mq)" list.txt || { echo "FAIL --list-saved misses $(basename "$q" .mq)"; fails=$((fails + 1)); }
done
# queries/ relative to the current directory, without $MAILLAGE_QUERIES
if (cd "$ROOT" && env -u MAILLAGE_QUERIES "$M" query --saved search --param text=rtes --format json > "$WORK/rel.json" 2>&1) \
   && [ "$(json_rows "$WORK/rel.json" | grep -c . || true)" -ge 1 ]; then
  echo "ok   saved queries found in ./queries/"
else
  echo "FAIL saved queries not found in ./queries/"; fails=$((fails + 1))
fi
n=$((n + 1))
[ "$saved" -ge 6 ] || { echo "FAIL only $saved saved queries"; fails=$((fails + 1)); }

echo "tutorial: $((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
