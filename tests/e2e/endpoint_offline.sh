#!/usr/bin/env bash
# The endpoint client without an endpoint (docs/endpoint.md): the SPARQL
# `query --endpoint --verbose` sends is byte for byte the one EXPLAIN
# prints; EXPLAIN stays local; a refused connection, a silent server
# (--timeout) and a query with no SPARQL form fail with a clear message
# and exit 1; bad options are usage errors (2); push checks its graphs
# before sending anything.  (tests/e2e/endpoint_client.sh talks to a real
# endpoint: `maillage serve`; tests/e2e/crosscheck.sh runs the
# translation of every documented query with rdflib.)
source "$(dirname "$0")/lib.sh" "$@"

load_seed
before="$(count_quads)"

# A port nothing listens on: bind one, close it.
DEAD="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
URL="http://127.0.0.1:$DEAD/sparql"

say "the text sent is the text EXPLAIN prints"
shopt -s nullglob
n=0
for q in "$ROOT"/tests/tutorial/*.mq "$ROOT"/tests/crosscheck/*.mq; do
  params=()
  while read -r p; do params+=(--param "$p"); done < <(sed -n 's|^// param: *||p' "$q")
  text="$(cat "$q")"
  "$M" query "${params[@]}" "EXPLAIN $text" > explain.txt
  sed -n '/^SPARQL:$/,$p' explain.txt | tail -n +2 > want.rq
  [ -s want.rq ] || continue   # no SPARQL form (said on the SPARQL: line)
  rc=0
  "$M" query "${params[@]}" --endpoint "$URL" --verbose "$text" > /dev/null 2> sent.txt || rc=$?
  [ "$rc" -eq 1 ] || die "$(basename "$q"): exit $rc against a closed port, expected 1"
  # stderr: "POST URL", the query, then the error
  sed -n '2,/^maillage: /p' sent.txt | sed '$d' > got.rq
  cmp -s want.rq got.rq || { diff want.rq got.rq | head; die "$(basename "$q"): the SPARQL sent is not EXPLAIN's"; }
  grep -q "^maillage: cannot reach $URL" sent.txt || { cat sent.txt | tail -3; die "no 'cannot reach' message"; }
  n=$((n + 1))
done
[ "$n" -ge 50 ] || die "only $n queries compared"
say "   $n queries: sent text = EXPLAIN's"

say "EXPLAIN with --endpoint runs locally; PROFILE cannot"
"$M" query --endpoint "$URL" 'EXPLAIN MATCH (p:Person) RETURN count(*)' > out.txt
assert_contains out.txt "SPARQL:"
expect_fail 1 "$M" query --endpoint "$URL" 'PROFILE MATCH (p:Person) RETURN count(*)'
assert_contains "$WORK/err" "PROFILE measures our engine"

say "a query with no SPARQL form is refused, not sent"
expect_fail 1 "$M" query --endpoint "$URL" --verbose 'MATCH (p:Person) RETURN size(p.label) % 2'
assert_contains "$WORK/err" "cannot be written in SPARQL 1.1"
if grep -q '^POST' "$WORK/err"; then die "sent a query that has no SPARQL form"; fi
"$M" query 'EXPLAIN MATCH (p:Person) RETURN size(p.label) % 2' > out.txt
assert_contains out.txt "SPARQL: none (the query cannot be written in SPARQL 1.1"

say "--timeout against a server that never answers"
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
time.sleep(60)
' > silent.port &
SILENT=$!
for _ in $(seq 1 50); do [ -s silent.port ] && break; sleep 0.1; done
SP="$(cat silent.port)"
expect_fail 1 "$M" query --endpoint "http://127.0.0.1:$SP/sparql" --timeout 1 'MATCH (p:Person) RETURN count(*)'
assert_contains "$WORK/err" "did not answer within 1 s (--timeout)"
expect_fail 1 "$M" push --endpoint "http://127.0.0.1:$SP/data" --timeout 1 --graph https://w3id.org/maillage/graph/reference
assert_contains "$WORK/err" "did not answer within 1 s"
kill "$SILENT" 2>/dev/null || true

say "usage errors (exit 2)"
expect_fail 2 "$M" query --endpoint ftp://example.org/sparql 'MATCH (n) RETURN n'
assert_contains "$WORK/err" "http:// or https://"
expect_fail 2 "$M" query --endpoint "$URL" --header 'no colon' 'MATCH (n) RETURN n'
assert_contains "$WORK/err" "--header expects 'Name: value'"
expect_fail 2 "$M" query --endpoint "$URL" --auth magic --user u 'MATCH (n) RETURN n'
assert_contains "$WORK/err" "unknown --auth 'magic'"
expect_fail 2 "$M" query --user u 'MATCH (n) RETURN n'
assert_contains "$WORK/err" "go with --endpoint URL"
expect_fail 2 "$M" query --endpoint "$URL" --password p 'MATCH (n) RETURN n'
assert_contains "$WORK/err" "need --user"
expect_fail 2 "$M" push --endpoint "$URL"
assert_contains "$WORK/err" "give one of --graph IRI (repeatable), --all or --union IRI"
expect_fail 2 "$M" push --all
assert_contains "$WORK/err" "--endpoint URL is required"
expect_fail 2 "$M" push --endpoint "$URL" --all --format rdfxml
assert_contains "$WORK/err" "ntriples or turtle"

say "push: an unknown graph sends nothing; a closed port fails clearly"
expect_fail 1 "$M" push --endpoint "$URL" --graph https://w3id.org/maillage/graph/reference --graph urn:nothing
assert_contains "$WORK/err" "the store has no graph <urn:nothing>"
[ ! -s "$WORK/out" ] || die "push printed a report before failing on an unknown graph"
expect_fail 1 "$M" push --endpoint "$URL" --all --verbose
assert_contains "$WORK/err" "PUT $URL?graph=https%3A%2F%2Fw3id.org%2Fmaillage%2Fgraph%2Fontology"
assert_contains "$WORK/err" "cannot reach"
# the password file's first line is the password; a missing file fails
expect_fail 1 "$M" push --endpoint "$URL" --all --user u --password-file "$WORK/nope"
[ "$(count_quads)" = "$before" ] || die "the store changed"
say "ok"
