#!/usr/bin/env bash
# `maillage query` end to end on the seed graph: the headline question,
# every output format, parameters, query files and standard input, the
# error messages (syntax with a caret, unknown names with suggestions,
# missing parameters, every file of tests/bad_queries/), EXPLAIN and
# PROFILE, a foreign store and a missing saved query.
source "$(dirname "$0")/lib.sh" "$@"

load_seed

# A plain python3 is enough here (no rdflib).
PY=python3

HEADLINE='MATCH (p:Person)<-[:speaker]-(e:Event)-[:organizer|partner]->(n:Network)
WHERE e.startDate >= date("2023-01-01")
RETURN p.label AS speaker, n.label AS network, count(DISTINCT e) AS events
ORDER BY events DESC, speaker
LIMIT 20'
RTES="Réseau des collectivités Territoriales pour une Economie Solidaire (RTES)"

say "the headline question (speakers of the 6 March 2025 meeting, data/000…)"
"$M" query --format csv "$HEADLINE" > head.csv 2> head.err
tr -d '\r' < head.csv > head.txt
assert_contains head.txt "speaker,network,events"
# The seven speakers of the Grand Est club meeting of 6 March 2025, which
# RTES organised (data/000_bb6884d51cf4bbce.trig).
for who in "Virginie Bettelli" "Eugénie Barroyer" "Jérôme Burtin" \
           "Nadège Degrémont" "Stève Duchêne" "Murielle Maffessoli" \
           "Wydad Tedjini-Bailiche"; do
  assert_contains head.txt "$who,$RTES,1"
done
# Mahel Coppey spoke at two RTES events since 2023 (2023-04-05, 2024-02-15):
# the only count of 2, so the first row.
[ "$(sed -n 2p head.txt)" = "Mahel Coppey,$RTES,2" ] || { cat head.txt; die "first row"; }
[ "$(wc -l < head.txt)" -eq 11 ] || die "expected 10 rows"
# Ties (events = 1) are ordered by speaker.
tail -n +3 head.txt | cut -d, -f1 > names.txt
LC_ALL=C sort -c names.txt || die "ties not ordered by speaker"


say "table: aligned by characters (accents), prefixed IRIs, row count"
"$M" query 'MATCH (p:Person)<-[:speaker]-(e:Event) WHERE id(e) = "https://w3id.org/maillage/id/event/2025-03-06-club-ess-grand-est"
RETURN p, p.label AS name ORDER BY name' > table.txt 2> table.err
assert_contains table.txt "person:jerome-burtin"
assert_contains table.txt "(7 rows)"
assert_contains table.err "7 rows in"
"$PY" - table.txt <<'PYEOF' || die "table columns are not aligned"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
rows = [l for l in lines if "|" in l]
assert len(rows) == 8, rows                       # header + 7
bars = {tuple(i for i, c in enumerate(l) if c == "|") for l in rows}
assert len(bars) == 1, bars                       # same character columns
sep = lines[1]
assert set(sep) <= set("-+"), sep
assert sep.index("+") == rows[0].index("|"), (sep, rows[0])
assert any("Jérôme Burtin" in l for l in rows)
PYEOF

Q_ORG='MATCH (o:Organization) WHERE id(o) IN ["https://w3id.org/maillage/id/org/arelor", "https://w3id.org/maillage/id/org/rtes"]
RETURN o, o.label AS label ORDER BY label'

say "csv: RFC 4180 (quotes around a comma, CRLF), full IRIs"
"$M" query --format csv "$Q_ORG" > org.csv
printf '%s\r\n' 'o,label' \
  'https://w3id.org/maillage/id/org/arelor,"Arelor, Association territoriale HLM de Lorraine"' \
  "https://w3id.org/maillage/id/org/rtes,$RTES" > want.csv
cmp org.csv want.csv || { diff want.csv org.csv; die "csv"; }
# A double quote inside a value is doubled.
"$M" query --format csv 'MATCH (o:Organization) WHERE id(o) = "https://w3id.org/maillage/id/org/rtes" RETURN "say \"hi\"" AS q' > q.csv
printf 'q\r\n"say ""hi"""\r\n' > want.csv
cmp q.csv want.csv || { od -c q.csv; die "csv quote doubling"; }

say "csv-excel: UTF-8 BOM and ';'"
"$M" query --format csv-excel "$Q_ORG" > org-x.csv
[ "$(head -c 3 org-x.csv | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || die "no BOM"
assert_contains org-x.csv "o;label"
assert_contains org-x.csv "https://w3id.org/maillage/id/org/arelor;Arelor, Association territoriale HLM de Lorraine"

say "json: an array of objects keyed by column"
"$M" query --format json "$Q_ORG" > org.json
"$PY" - org.json "$RTES" <<'PYEOF' || die "json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(d, list) and len(d) == 2, d
assert list(d[0].keys()) == ["o", "label"], d[0]
assert d[1] == {"o": "https://w3id.org/maillage/id/org/rtes", "label": sys.argv[2]}, d[1]
PYEOF
"$M" query --format json 'MATCH (p:Person) WHERE p.label = "nobody" RETURN p' > empty.json
"$PY" -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' empty.json || die "empty json"

say "ndjson: one object per line"
"$M" query --format ndjson "$Q_ORG" > org.ndjson
[ "$(wc -l < org.ndjson)" -eq 2 ] || die "ndjson line count"
"$PY" - org.ndjson <<'PYEOF' || die "ndjson"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["o"] for r in rows] == ["https://w3id.org/maillage/id/org/arelor",
                                  "https://w3id.org/maillage/id/org/rtes"], rows
PYEOF

say "tsv"
"$M" query --format tsv "$Q_ORG" > org.tsv
[ "$(wc -l < org.tsv)" -eq 3 ] || die "tsv line count"
[ "$(head -1 org.tsv | tr '\t' '|')" = "?o|?label" ] || die "tsv header: $(head -1 org.tsv)"
assert_contains org.tsv "<https://w3id.org/maillage/id/org/rtes>"

say "--param: a string and a number"
"$M" query --format csv --param who="Mahel Coppey" --param n=2 \
  'MATCH (p:Person)<-[:speaker]-(e:Event) WHERE p.label = $who
   WITH p, count(DISTINCT e) AS events WHERE events >= $n
   RETURN p.label AS name, events, $n + 1 AS next' > param.csv
printf 'name,events,next\r\nMahel Coppey,3,3\r\n' > want.csv
# (three events in all: 2022-02-17, 2023-04-05 and 2024-02-15)
cmp param.csv want.csv || { cat param.csv; die "params"; }

say "-f FILE and -f - (standard input)"
printf '%s\n' "// the headline question" "$HEADLINE" > headline.mq
"$M" query --format csv -f headline.mq > f.csv 2>/dev/null
cmp f.csv head.csv || die "-f FILE differs from the inline query"
"$M" query --format csv -f - < headline.mq > stdin.csv 2>/dev/null
cmp stdin.csv head.csv || die "-f - differs from the inline query"

say "a syntax error: the line, a caret, what was expected; exit 1"
expect_fail 1 "$M" query 'MATCH (p:Person) RETURN p LIMT 3'
assert_contains "$WORK/err" "syntax error at line 1, column 27"
assert_contains "$WORK/err" "expected one of"
assert_contains "$WORK/err" "  MATCH (p:Person) RETURN p LIMT 3"
grep -qx '  *^^^^' "$WORK/err" || die "no caret line"
[ "$(grep -n '\^' "$WORK/err" | cut -d: -f2 | head -1 | awk '{print index($0, "^")}')" -eq 29 ] \
  || die "caret not under LIMT"

say "unknown names suggest the nearest ones"
expect_fail 1 "$M" query 'MATCH (p:Persn) RETURN p'
assert_contains "$WORK/err" "did you mean :Person?"
expect_fail 1 "$M" query 'MATCH (p:Person)<-[:speakr]-(e) RETURN p'
assert_contains "$WORK/err" "unknown relationship :speakr — did you mean :speaker?"

say "a missing parameter is an error naming it"
rc=0; "$M" query 'MATCH (p:Person) WHERE p.label = $who RETURN p' > /dev/null 2> err || rc=$?
[ "$rc" -ge 1 ] && [ "$rc" -lt 128 ] || die "missing parameter exited $rc"
assert_contains err '$who'

say "every file of tests/bad_queries/ fails with a message, exit 1"
n=0
for f in "$ROOT"/tests/bad_queries/*.mq; do
  rc=0
  "$M" query -f "$f" > out 2> err || rc=$?
  [ "$rc" -eq 1 ] || { cat err >&2; die "$(basename "$f") exited $rc, expected 1"; }
  [ -s err ] || die "$(basename "$f"): no message"
  n=$((n + 1))
done
[ "$n" -ge 10 ] || die "only $n bad queries"
say "  $n bad queries"

say "EXPLAIN: steps with estimates, the projection, then SPARQL"
# The engine's own steps (on PostgreSQL they would run as one SQL join:
# tests/e2e/pushdown.sh).
export MAILLAGE_NO_PUSHDOWN=1
"$M" query "EXPLAIN $HEADLINE" > explain.txt 2>/dev/null
[ "$(head -1 explain.txt)" = "EXPLAIN" ] || die "EXPLAIN header"
assert_contains explain.txt " stage 1"
assert_contains explain.txt "  MATCH"
grep -Eq '^    1\. (NodeByType|Expand|AllNodes) .* est [0-9]+$' explain.txt || die "step line"
assert_contains explain.txt "RETURN speaker, network, events (aggregate)"
assert_contains explain.txt "Sort (top-k heap)"
assert_contains explain.txt "Limit 20"
grep -qx 'SPARQL:' explain.txt || die "no SPARQL: line"
sed -n '/^SPARQL:$/,$p' explain.txt > sparql.txt
assert_contains sparql.txt "SELECT ?speaker ?network (COUNT(DISTINCT ?e) AS ?events) WHERE {"
assert_contains sparql.txt "GROUP BY ?speaker ?network"
# EXPLAIN does not run the query: no rows.
! grep -q "Mahel" explain.txt || die "EXPLAIN printed rows"

say "PROFILE: actual rows and time per step, the total"
"$M" query "PROFILE $HEADLINE" > profile.txt 2>/dev/null
[ "$(head -1 profile.txt)" = "PROFILE" ] || die "PROFILE header"
grep -Eq '^    1\. .* est [0-9]+  rows [0-9]+  [0-9.]+ ms$' profile.txt || die "profile step line"
grep -Eq '^total: 10 rows in [0-9.]+ ms \(planning [0-9.]+ ms\)$' profile.txt || die "profile total"
unset MAILLAGE_NO_PUSHDOWN

say "a foreign (librdf) store: a clean error"
expect_fail 1 "$M" --store "librdf:hashes:hash-type='memory',contexts='yes'" query 'MATCH (p) RETURN p'
assert_contains "$WORK/err" "needs a Maillage store"

say "--saved with a missing name"
expect_fail 1 "$M" query --saved no-such-query
assert_contains "$WORK/err" "no-such-query"

say "query: all passed"
