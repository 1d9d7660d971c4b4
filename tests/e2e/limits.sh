#!/usr/bin/env bash
# Query limits through the CLI: --timeout, --max-rows, --max-depth and
# --max-intermediate stop a query with a clear message (an error for the
# time and memory caps, a note for the row cap), bad values are usage
# errors, and the store is unchanged.
source "$(dirname "$0")/lib.sh" "$@"

"$M" load --quiet "$ROOT/ontology/maillage.ttl" --graph https://w3id.org/maillage/graph/ontology
"$M" load --quiet --append "$ROOT"/data/*.trig
"$M" export --format nquads > before.txt
# rows of a CSV result without its header (CSV lines end in CRLF)
rows() { tail -n +2 "$1" | tr -d '\r'; }

say "--timeout: a cross product of every node three times is stopped"
start=$(date +%s%N)
expect_fail 1 "$M" query --timeout 0.5 'MATCH (a), (b), (c) RETURN count(*)'
assert_contains err "longer than its time limit of 0.5 s (--timeout)"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
# Not a timing assertion on speed: only that the limit took effect at all
# (the query itself would run for hours).
[ "$elapsed_ms" -lt 60000 ] || die "--timeout 0.5 returned after ${elapsed_ms} ms"
"$M" query --timeout 30 'MATCH (n:Network) RETURN count(*) AS n' --format csv > out.csv
[ "$(rows out.csv)" -gt 0 ] || die "a quick query failed under a generous --timeout"

say "--max-rows: N rows and a note when there were more"
"$M" query 'MATCH (p:Person) RETURN p' --format csv > all.csv
total=$(rows all.csv | wc -l)
[ "$total" -gt 5 ] || die "expected people in the seed graph"
"$M" query --max-rows 5 'MATCH (p:Person) RETURN p' --format csv > out.csv 2> err
[ "$(rows out.csv | wc -l)" -eq 5 ] || die "--max-rows 5 gave $(rows out.csv | wc -l) rows"
assert_contains err "stopped after 5 rows (--max-rows)"
"$M" query --max-rows "$total" 'MATCH (p:Person) RETURN p' --format csv > out.csv 2> err
[ "$(rows out.csv | wc -l)" -eq "$total" ] || die "--max-rows = total lost rows"
if grep -q "max-rows" err; then die "a note although no row was left out"; fi
# With ORDER BY the cap keeps the first rows of the order.
"$M" query --max-rows 2 'MATCH (p:Person) RETURN p.label AS l ORDER BY l' --format csv > out2.csv 2>/dev/null
"$M" query 'MATCH (p:Person) RETURN p.label AS l ORDER BY l LIMIT 2' --format csv > lim2.csv
cmp -s out2.csv lim2.csv || die "--max-rows 2 under ORDER BY differs from LIMIT 2"

say "--max-intermediate: a DISTINCT over a cross product stops cleanly"
expect_fail 1 "$M" query --max-intermediate 1000 'MATCH (a:Person), (b:Person) RETURN DISTINCT a, b'
assert_contains err "holds more than 1000 rows in memory"
# the same groups fit under the default cap
"$M" query 'MATCH (e:Event)-[:organizer]->(n) RETURN n, count(DISTINCT e)' --format csv > /dev/null

say "--max-depth: unbounded paths stop at the given depth"
# A chain a1 -> a2 -> ... -> a8 in a separate graph.
{
  echo '@prefix ex: <http://example.org/> .'
  for i in 1 2 3 4 5 6 7; do echo "ex:a$i ex:next ex:a$((i + 1)) ."; done
} > chain.ttl
"$M" load --quiet --append chain.ttl --graph http://example.org/chain
q='MATCH (s)-[:<http://example.org/next>*]->(t) WHERE id(s) = "http://example.org/a1" RETURN count(DISTINCT t) AS n'
"$M" query "$q" --format csv > n.csv
[ "$(rows n.csv)" -eq 7 ] || die "unbounded path did not reach a8"
"$M" query --max-depth 3 "$q" --format csv > n.csv
[ "$(rows n.csv)" -eq 3 ] || die "--max-depth 3 not applied"
"$M" drop --graph http://example.org/chain > /dev/null

say "bad values are usage errors (exit 2)"
expect_fail 2 "$M" query --timeout soon 'MATCH (n) RETURN n'
assert_contains err "--timeout expects a number of seconds, got 'soon'"
expect_fail 2 "$M" query --max-rows -3 'MATCH (n) RETURN n'
assert_contains err "--max-rows expects a whole number"
expect_fail 2 "$M" query --max-depth 0 'MATCH (n) RETURN n'
assert_contains err "--max-depth expects a depth from 1 to 1000"
expect_fail 2 "$M" query --max-intermediate 2.5 'MATCH (n) RETURN n'

say "very large and deeply nested queries are rejected cleanly"
python3 -c "print('MATCH (n) WHERE ' + '(' * 5000 + 'n.x = 1' + ')' * 5000 + ' RETURN n')" > deep.mq
expect_fail 1 "$M" query -f deep.mq
assert_contains err "nested too deeply"
python3 -c "print('MATCH (n) WHERE ' + ' OR '.join('n.x = %d' % i for i in range(100000)) + ' RETURN n')" > wide.mq
[ "$(stat -c %s wide.mq)" -gt 1000000 ] || die "wide.mq should be over 1 MB"
expect_fail 1 "$M" query -f wide.mq
assert_contains err "too large"

"$M" export --format nquads > after.txt
cmp -s before.txt after.txt || die "the store changed"
say "ok"
