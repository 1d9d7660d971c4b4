#!/usr/bin/env bash
# The planner on statistics set up here: a generated graph of ~100 k
# triples with a skewed shape (20 000 events, 2 000 people, 50 networks,
# a rare class with 3 instances; a common predicate and a rare one).
# Checked through PROFILE: a query is planned from its rare class or rare
# predicate (the first step names it), every step's estimate is within an
# order of magnitude of its actual rows, and LIMIT without ORDER BY stops
# the first step early.
source "$(dirname "$0")/lib.sh" "$@"
# The engine's planner, step by step: on PostgreSQL, runs of steps would
# otherwise be one SQL join each (tests/e2e/pushdown.sh).
export MAILLAGE_NO_PUSHDOWN=1

python3 - > gen.nt <<'PYEOF'
X = "http://example.org/plan#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
out = []
def t(s, p, o):
    out.append("%s %s %s .\n" % (s, p, o))
def n(kind, i):
    return "<%s%s-%d>" % (X, kind, i)
for c in ("Event", "Person", "Network", "Award"):
    t("<%s%s>" % (X, c), RDF_TYPE, "<http://www.w3.org/2002/07/owl#Class>")
for p in ("speaker", "organizer", "awarded"):
    t("<%s%s>" % (X, p), RDF_TYPE, "<http://www.w3.org/2002/07/owl#ObjectProperty>")
t("<%slabel>" % X, RDF_TYPE, "<http://www.w3.org/2002/07/owl#DatatypeProperty>")
for i in range(2000):
    t(n("person", i), RDF_TYPE, "<%sPerson>" % X)
for i in range(50):
    t(n("network", i), RDF_TYPE, "<%sNetwork>" % X)
for i in range(3):
    t(n("award", i), RDF_TYPE, "<%sAward>" % X)
for i in range(20000):
    e = n("event", i)
    t(e, RDF_TYPE, "<%sEvent>" % X)
    t(e, "<%sspeaker>" % X, n("person", i % 2000))          # common
    t(e, "<%sspeaker>" % X, n("person", (i * 7 + 1) % 2000))
    t(e, "<%sorganizer>" % X, n("network", i % 50))
    t(e, "<%slabel>" % X, '"event %d"' % i)
for i in range(3):                                          # rare
    t(n("event", i * 1000), "<%sawarded>" % X, n("award", i))
import sys
sys.stdout.write("".join(out))
PYEOF
[ "$(wc -l < gen.nt)" -ge 100000 ] || die "generated $(wc -l < gen.nt) triples"
"$M" load --quiet --graph http://example.org/plan gen.nt

# plan FILE: the PROFILE lines before the SPARQL (for messages).
plan() { sed '/^SPARQL:$/q' "$1" >&2; }

# first_step FILE: the text of step 1 of the first MATCH.
first_step() { grep -m1 -E '^    1\. ' "$1"; }

# check_estimates FILE: est and rows of every step within a factor 10
# (rows + 1 against est + 1).
check_estimates() {
  grep -E '^    [0-9]+\. .*  est [0-9]+  rows [0-9]+' "$1" |
    sed -E 's/.*  est ([0-9]+)  rows ([0-9]+).*/\1 \2/' > est.txt
  [ -s est.txt ] || die "no PROFILE steps in $1"
  while read -r est rows; do
    awk -v e="$est" -v r="$rows" 'BEGIN { a = e + 1; b = r + 1;
      exit !(a / b <= 10 && b / a <= 10) }' ||
      { plan "$1"; die "estimate $est vs $rows rows in $1"; }
  done < est.txt
}

say "the rare class is planned first"
"$M" query 'PROFILE MATCH (p:Person)<-[:speaker]-(e:Event)-[:awarded]->(a:Award)
RETURN p, a' > rare-class.txt 2>/dev/null
first_step rare-class.txt | grep -Eq 'Award|awarded' ||
  { plan rare-class.txt; die "not planned from :Award / :awarded"; }
grep -Eq '^total: 6 rows' rare-class.txt || { plan rare-class.txt; die "6 rows expected"; }
check_estimates rare-class.txt

say "the rare predicate is planned first"
"$M" query 'PROFILE MATCH (n:Network)<-[:organizer]-(e)-[:awarded]->(a)
RETURN n, e, a' > rare-pred.txt 2>/dev/null
first_step rare-pred.txt | grep -q 'awarded' ||
  { plan rare-pred.txt; die "not planned from :awarded"; }
grep -Eq '^total: 3 rows' rare-pred.txt || { plan rare-pred.txt; die "3 rows expected"; }
check_estimates rare-pred.txt

say "estimates on a common join"
"$M" query 'PROFILE MATCH (n:Network)<-[:organizer]-(e:Event)-[:speaker]->(p:Person)
RETURN n, count(*) AS k' > common.txt 2>/dev/null
grep -Eq '^total: 50 rows' common.txt || { plan common.txt; die "50 rows expected"; }
check_estimates common.txt

say "LIMIT without ORDER BY stops the first step early"
"$M" query 'PROFILE MATCH (e:Event)-[:speaker]->(p:Person) RETURN e, p LIMIT 5' > limit.txt 2>/dev/null
grep -Eq '^total: 5 rows' limit.txt || { plan limit.txt; die "5 rows expected"; }
limited=$(first_step limit.txt | sed -E 's/.*  rows ([0-9]+).*/\1/')
[ "$limited" -lt 100 ] || { plan limit.txt; die "first step gave $limited rows under LIMIT 5"; }
# Without the LIMIT the same first step gives all its rows.
"$M" query 'PROFILE MATCH (e:Event)-[:speaker]->(p:Person) RETURN e, p' > nolimit.txt 2>/dev/null
grep -Eq '^total: 40000 rows' nolimit.txt || { plan nolimit.txt; die "40000 rows expected"; }
full=$(first_step nolimit.txt | sed -E 's/.*  rows ([0-9]+).*/\1/')
[ "$full" -ge 2000 ] && [ $((limited * 20)) -lt "$full" ] ||
  { plan nolimit.txt; die "first step: $limited rows under LIMIT, $full without"; }

say "planner: all passed"
