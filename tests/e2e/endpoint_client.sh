#!/usr/bin/env bash
# The endpoint client and push against a real SPARQL 1.1 endpoint:
# `maillage serve` (issue 11) on a second store, on loopback.  Skipped
# (77) while this tree has no `serve` command.
#
# 1. push --all uploads the seed's graphs with the Graph Store protocol
#    (/data?graph=IRI): every graph answers 2xx and the second store then
#    holds the same graphs with the same triples; --append adds.
# 2. query --endpoint URL/sparql gives, in every output format, the same
#    text as the local run for the queries whose translation rasqal (the
#    engine behind serve's /sparql) can run: rasqal 0.9.33 has no EXISTS,
#    no (p|q) paths, and crashes on some grouped subqueries, so the list
#    is the one tests/tools/crosscheck.py --rasqal passes (docs/endpoint.md),
#    with 25-computed-columns: the columns the reader reads with their
#    companion variables (avg, a condition) and type().
# 3. An HTTP error from the endpoint is a clear failure (exit 1).
source "$(dirname "$0")/lib.sh" "$@"

if ! "$M" help serve >/dev/null 2>&1; then
  echo "no 'serve' command in this build: skipped"
  exit 77
fi
PY=/usr/bin/python3

SEED="$WORK/seed.db"
MAILLAGE_STORE="$SEED" "$M" load --quiet --graph https://w3id.org/maillage/graph/ontology "$ROOT"/ontology/*.ttl
MAILLAGE_STORE="$SEED" "$M" load --quiet "$ROOT"/data/*.trig

# The second store, served.  It must exist before serve opens it: one
# small graph, replaced by the push below.
SERVED="$WORK/served.db"
MAILLAGE_STORE="$SERVED" "$M" add --graph urn:maillage:test:placeholder \
  '<urn:a> <urn:b> <urn:c> .' >/dev/null
# The server is the slow part (rasqal); under the sanitizers, slow
# unwinding at every malloc makes it many times slower still: the server
# process alone unwinds fast (its exit is not checked here).
ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=1" \
MAILLAGE_STORE="$SERVED" "$M" serve --port 0 --bind 127.0.0.1 --timeout 600 > serve.out 2> serve.err &
SERVE=$!  # (a generous --timeout: rasqal under the sanitizers is slow, and this tests the protocol)
trap 'kill "$SERVE" 2>/dev/null || true; wait "$SERVE" 2>/dev/null || true; rm -rf "$WORK"' EXIT
BASE=""
for _ in $(seq 1 100); do
  BASE="$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.out | head -1 || true)"
  [ -n "$BASE" ] && break
  kill -0 "$SERVE" 2>/dev/null || { cat serve.err >&2; die "serve exited"; }
  sleep 0.1
done
[ -n "$BASE" ] || { cat serve.out serve.err >&2; die "serve printed no URL"; }
say "serve at $BASE"

say "1. push --all (Graph Store protocol, PUT per graph)"
MAILLAGE_STORE="$SEED" "$M" push --endpoint "$BASE/data" --all > push.txt
cat push.txt
want="$(MAILLAGE_STORE="$SEED" "$M" export --format nquads | awk '{print $(NF-1)}' | sort -u | grep -c . || true)"
[ "$want" -ge 7 ] || die "the seed store has $want graphs"
[ "$(grep -c ' HTTP 20[014]$' push.txt)" -eq "$want" ] || die "expected $want graphs sent with HTTP 2xx"
for g in $(MAILLAGE_STORE="$SEED" "$M" export --format nquads | awk '{print $(NF-1)}' | sort -u | tr -d '<>'); do
  a="$(MAILLAGE_STORE="$SEED" "$M" export --format ntriples --graph "$g" | LC_ALL=C sort | md5sum)"
  b="$(MAILLAGE_STORE="$SERVED" "$M" export --format ntriples --graph "$g" | LC_ALL=C sort | md5sum)"
  [ "$a" = "$b" ] || die "graph $g differs after push"
done
say "   same triples in every graph"
g1="https://w3id.org/maillage/graph/reference"
MAILLAGE_STORE="$SEED" "$M" push --endpoint "$BASE/data" --graph "$g1" --append > append.txt
grep -q ' HTTP 20[014]$' append.txt || die "push --append failed"

say "2. query --endpoint: the same text as the local run"
queries=()
for n in 11-publishers-study-metropoles 16-speakers-webinar-loi-ess \
         20-signatories-convention-bordeaux 21-partners-of-rtes \
         25-funders-grigny-project; do
  queries+=("$ROOT/tests/tutorial/$n.mq")
done
for n in 04-either-direction 11-regex 12-fold 23-rel-variable 25-computed-columns; do
  queries+=("$ROOT/tests/crosscheck/$n.mq")
done
for q in "${queries[@]}"; do
  for f in table csv tsv json; do
    MAILLAGE_STORE="$SEED" "$M" query --format "$f" -f "$q" > local.txt 2>/dev/null
    MAILLAGE_STORE="$SEED" "$M" query --format "$f" --endpoint "$BASE/sparql" -f "$q" > remote.txt 2> remote.err \
      || { cat remote.err >&2; die "$(basename "$q") --format $f failed remotely"; }
    if [ "$f" = json ] && ! grep -q 'ORDER BY' "$q"; then
      # the same rows in any order
      "$PY" -c '
import json, sys
a, b = (sorted(json.dumps(r, sort_keys=True) for r in json.load(open(f))) for f in sys.argv[1:3])
sys.exit(a != b)' local.txt remote.txt || die "$(basename "$q") --format json differs"
    elif [ "$f" = table ] || ! grep -q 'ORDER BY' "$q"; then
      # rows in any order (the table's last line counts them)
      LC_ALL=C sort local.txt > a.txt; LC_ALL=C sort remote.txt > b.txt
      cmp -s a.txt b.txt || { diff a.txt b.txt | head; die "$(basename "$q") --format $f differs"; }
    else
      cmp -s local.txt remote.txt || { diff local.txt remote.txt | head; die "$(basename "$q") --format $f differs"; }
    fi
  done
done
say "   ${#queries[@]} queries x 4 formats"

say "3. HTTP errors"
expect_fail 1 env MAILLAGE_STORE="$SEED" "$M" query --endpoint "$BASE/no-such-path" 'MATCH (p:Person) RETURN count(*)'
assert_contains "$WORK/err" "answered HTTP 4"
say "ok"
