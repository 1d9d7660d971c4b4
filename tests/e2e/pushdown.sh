#!/usr/bin/env bash
# pushdown.sh — joins pushed down to PostgreSQL (src/query/plan_push.c,
# src/pgstore/pg_join.c).  On the embedded store: no plan has a StoreJoin.
# On PostgreSQL (the `pg` label): EXPLAIN shows the runs of pattern steps
# as one SQL query each; every query of tests/pushdown/queries.txt (most
# without ORDER BY) gives the same rows in the same order with the join
# pushed down, without it (MAILLAGE_NO_PUSHDOWN=1), and on an embedded
# store holding the same data — on the seed graph with awkward shapes
# (a triple in two graphs, self-loops, two-way links, two predicates
# between one pair), then on a generated graph where the joins' results
# outgrow a batch (server-side cursors).
source "$(dirname "$0")/lib.sh" "$@"

load_all() { # load_all STORE FILES...
  local s="$1"; shift
  "$M" --store "$s" load --quiet --graph https://w3id.org/maillage/graph/ontology "$ROOT"/ontology/*.ttl
  "$M" --store "$s" load --quiet "$@"
}
HEAD='MATCH (p:Person)<-[:speaker]-(e:Event)-[:organizer]->(n:Network) RETURN p.label, n.label'

if [ -z "${MG_TEST_PG:-}" ]; then
  say "embedded store: the engine joins"
  load_all "$MAILLAGE_STORE" "$ROOT"/data/*.trig
  "$M" query "EXPLAIN $HEAD" > plan.txt
  grep -q StoreJoin plan.txt && die "a StoreJoin on the embedded store"
  assert_contains plan.txt "Expand"
  exit 0
fi

LM="$WORK/embedded.db"
# compare NAME: every query on the default store (pushed down, then not)
# and on $LM; outputs must be equal byte for byte.
compare() {
  local n=0 pushed=0 q
  while IFS= read -r q; do
    case "$q" in ''|'#'*) continue ;; esac
    n=$((n + 1))
    "$M" query --format csv "$q" > "pg.$n" 2>&1 || { cat "pg.$n" >&2; die "$1 #$n failed: $q"; }
    MAILLAGE_NO_PUSHDOWN=1 "$M" query --format csv "$q" > "no.$n" 2>&1
    "$M" --store "$LM" query --format csv "$q" > "lm.$n" 2>&1
    cmp -s "pg.$n" "no.$n" || { diff "no.$n" "pg.$n" | head >&2 || true; die "$1 #$n: pushed down != engine: $q"; }
    cmp -s "pg.$n" "lm.$n" || { diff "lm.$n" "pg.$n" | head >&2 || true; die "$1 #$n: PostgreSQL != embedded: $q"; }
    "$M" query "EXPLAIN $q" | grep -q StoreJoin && pushed=$((pushed + 1))
  done < "$ROOT/tests/pushdown/queries.txt"
  say "$1: $n queries agree ($pushed with a pushed-down join)"
  [ "$pushed" -ge 12 ] || die "$1: only $pushed queries were pushed down"
}

say "seed graph and awkward shapes"
load_all "$MAILLAGE_STORE" "$ROOT"/data/*.trig "$ROOT"/tests/pushdown/shapes.trig
load_all "$LM" "$ROOT"/data/*.trig "$ROOT"/tests/pushdown/shapes.trig
compare seed

say "EXPLAIN and PROFILE show the SQL"
"$M" query "EXPLAIN $HEAD" > plan.txt 2>/dev/null
assert_contains plan.txt "StoreJoin [PostgreSQL, one query in all]"
assert_contains plan.txt "SQL:"
assert_contains plan.txt "SELECT DISTINCT"
assert_contains plan.txt "ORDER BY"
grep -q "^         [0-9]\. Expand" plan.txt || die "the steps of the join are not listed"
MAILLAGE_NO_PUSHDOWN=1 "$M" query "EXPLAIN $HEAD" | grep -q StoreJoin && die "MAILLAGE_NO_PUSHDOWN ignored"
"$M" query "PROFILE $HEAD" > prof.txt 2>/dev/null
grep -Eq "StoreJoin .* rows [1-9][0-9]*" prof.txt || { cat prof.txt >&2; die "PROFILE has no rows for the join"; }
# A join per input row: the second MATCH is given n.
"$M" query "EXPLAIN MATCH (n:Network {label: \"Réseau des collectivités Territoriales pour une Économie Solidaire\"}) MATCH (n)<-[:organizer]-(e:Event)-[:speaker]->(p:Person) RETURN p.label" > plan2.txt 2>/dev/null
assert_contains plan2.txt "one query per row of (n)"
assert_contains plan2.txt '$1::bigint'

say "a generated graph (results larger than a batch)"
/usr/bin/python3 "$ROOT/bench/gen/generate.py" 20000 gen.nq >/dev/null
for s in "$MAILLAGE_STORE" "$LM"; do "$M" --store "$s" load --quiet gen.nq; done
rows=$("$M" query --format csv 'MATCH (a:Organization)-[:partnerOf]-(b)-[:partnerOf]-(c) RETURN id(a), id(b), id(c)' 2>/dev/null | wc -l)
[ "$rows" -gt 4097 ] || die "the generated graph gives only $rows rows: no second batch"
compare generated
say "ok"
