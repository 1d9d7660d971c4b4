#!/usr/bin/env bash
# `maillage network` end to end: every view of the seed graph in every
# format, each read back by an independent parser (Graphviz's gvpr for
# DOT, xmllint for SVG and GraphML, graphology-gexf for GEXF, Python's json
# for Cytoscape JSON, the PNG header) with node and edge counts equal to
# what the view's own query returns through `maillage query`; the filters;
# free queries; errors; the shell's .network; and the metrics of a
# hand-made graph against values computed by hand.  The HTML page in a
# browser is tests/e2e/network_html.sh.
source "$(dirname "$0")/lib.sh" "$@"

PY=/usr/bin/python3
GEXF_CHECK="$ROOT/tests/js/check_gexf.js"
[ -d "$ROOT/tests/js/node_modules/graphology-gexf" ] \
  || die "tests/js/node_modules is missing: the build runs npm ci there"
command -v gvpr >/dev/null || die "gvpr missing (Debian package graphviz)"
command -v xmllint >/dev/null || die "xmllint missing (Debian package libxml2-utils)"

load_seed

# expected NAME ARGS...: runs the view's query (--print-query) with
# `maillage query` and writes NAME.expected: "nodes edges links", where
# edges are the distinct unordered pairs of different nodes and links the
# distinct (pair, kind, via) rows — the sum of the edge weights.
expected() {
  local name="$1"; shift
  "$M" network "$@" --print-query > "$name.mq"
  "$M" query -f "$name.mq" --format json > "$name.rows.json"
  "$PY" - "$name.rows.json" > "$name.expected" <<'PYEOF'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
pairs, links, nodes = set(), set(), set()
for r in rows:
    a, b = r["source"], r["target"]
    if a is None or b is None or a == b:
        continue
    p = tuple(sorted((a, b)))
    pairs.add(p)
    links.add((p, r["kind"], r["via"]))
    nodes.update(p)
print(len(nodes), len(pairs), len(links))
PYEOF
}

# check_all NAME ARGS...: writes the network in every format and checks
# each against NAME.expected.
check_all() {
  local name="$1"; shift
  expected "$name" "$@"
  read -r n e w < "$name.expected"
  say "$name ($*): $n nodes, $e edges, $w links expected"
  [ "$n" -gt 0 ] || die "$name: the view's query returned no edge"

  "$M" network "$@" -o "$name.dot" 2> "$name.err"
  assert_contains "$name.err" "$n nodes, $e edges -> $name.dot"
  got=$(gvpr 'BEG_G{printf("%d %d\n", nNodes($G), nEdges($G))}' "$name.dot")
  [ "$got" = "$n $e" ] || die "$name.dot: gvpr counts '$got', expected '$n $e'"
  dot -Tsvg "$name.dot" -o /dev/null 2> "$name.doterr" \
    || { cat "$name.doterr" >&2; die "$name.dot: Graphviz rejects it"; }

  "$M" network "$@" -o "$name.svg" 2>/dev/null
  xmllint --noout "$name.svg" || die "$name.svg is not well-formed XML"
  got=$(xmllint --xpath "count(//*[local-name()='g'][@class='node'])" "$name.svg")
  [ "$got" = "$n" ] || die "$name.svg: $got nodes, expected $n"
  got=$(xmllint --xpath "count(//*[local-name()='g'][@class='edge'])" "$name.svg")
  [ "$got" = "$e" ] || die "$name.svg: $got edges, expected $e"

  "$M" network "$@" -o "$name.graphml" 2>/dev/null
  xmllint --noout "$name.graphml" || die "$name.graphml is not well-formed XML"
  got=$(xmllint --xpath "count(//*[local-name()='graph']/*[local-name()='node'])" "$name.graphml")
  [ "$got" = "$n" ] || die "$name.graphml: $got nodes, expected $n"
  got=$(xmllint --xpath "count(//*[local-name()='graph']/*[local-name()='edge'])" "$name.graphml")
  [ "$got" = "$e" ] || die "$name.graphml: $got edges, expected $e"
  got=$(xmllint --xpath "count(//*[local-name()='data'][not(@key = //*[local-name()='key']/@id)])" "$name.graphml")
  [ "$got" = "0" ] || die "$name.graphml: $got data elements with an undeclared key"
  got=$(xmllint --xpath "sum(//*[local-name()='data'][@key='e_weight'])" "$name.graphml")
  [ "$got" = "$w" ] || die "$name.graphml: total weight $got, expected $w"

  "$M" network "$@" -o "$name.gexf" 2>/dev/null
  node "$GEXF_CHECK" "$name.gexf" > "$name.gexf.json" || die "graphology-gexf cannot parse $name.gexf"
  "$PY" - "$name.gexf.json" "$n" "$e" "$w" <<'PYEOF' || die "$name.gexf: see above"
import json, sys
r = json.load(open(sys.argv[1]))
n, e, w = map(int, sys.argv[2:5])
assert r["type"] == "undirected", r["type"]
assert (r["nodes"], r["edges"]) == (n, e), (r["nodes"], r["edges"], n, e)
assert r["total_weight"] == w, (r["total_weight"], w)
assert r["nmissing"] == 0, r["missing"]
for a in ("kind", "name", "first", "last", "degree", "weighted_degree",
          "betweenness", "community", "evidence", "documents"):
    assert a in r["node_attributes"], a
for a in ("kinds", "via", "first", "last"):
    assert a in r["edge_attributes"], a
assert "undefined" not in r["kinds"] and "" not in r["kinds"], r["kinds"]
PYEOF

  "$M" network "$@" --format json > "$name.json"
  "$PY" - "$name.json" "$n" "$e" "$w" <<'PYEOF' || die "$name.json: see above"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n, e, w = map(int, sys.argv[2:5])
nodes, edges = d["elements"]["nodes"], d["elements"]["edges"]
assert (len(nodes), len(edges)) == (n, e), (len(nodes), len(edges), n, e)
ids = {x["data"]["id"] for x in nodes}
assert len(ids) == n
for x in edges:
    assert x["data"]["source"] in ids and x["data"]["target"] in ids, x
assert sum(x["data"]["weight"] for x in edges) == w
assert all("position" in x for x in nodes)
assert all(x["data"]["kind"] and x["data"]["label"] for x in nodes)
PYEOF

  "$M" network "$@" -o "$name.png" 2>/dev/null
  "$PY" - "$name.png" <<'PYEOF' || die "$name.png is not a PNG picture"
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", b[:8]
w, h = struct.unpack(">II", b[16:24])
assert w > 300 and h > 300, (w, h)
PYEOF
}

say "--list names the views"
"$M" network --list > list.txt
for v in partners speakers members territories; do assert_contains list.txt "$v"; done

for view in partners speakers members territories; do
  check_all "$view" "$view"
done

say "filters: --territory follows mg:within (Grand Est includes Langres, Strasbourg...)"
check_all ge partners --territory "grand est"
"$M" network partners --territory "Grand Est" --format json > ge.json
"$M" network partners --format json > all.json
"$PY" - ge.json all.json <<'PYEOF' || die "--territory Grand Est"
import json, sys
ge = {n["data"]["id"] for n in json.load(open(sys.argv[1]))["elements"]["nodes"]}
every = {n["data"]["id"] for n in json.load(open(sys.argv[2]))["elements"]["nodes"]}
org = "https://w3id.org/maillage/id/org/"
assert ge < every, "a filtered network is part of the whole"
# Pays de Langres serves a territory within Grand Est; the Dijon-Langres
# meeting took place in Langres; Bordeaux is in Nouvelle-Aquitaine.
for x in ("pays-de-langres", "cress-grand-est", "oriv", "rtes"):
    assert org + x in ge, x
for x in ("ville-de-bordeaux", "region-nouvelle-aquitaine", "grdr"):
    assert org + x not in ge, x
PYEOF
check_all terr_ge territories --territory "Grand Est"
"$M" network territories --territory "Grand Est" --format json > terr.json
"$PY" - terr.json <<'PYEOF' || die "territories --territory Grand Est"
import json, sys
ids = {n["data"]["id"] for n in json.load(open(sys.argv[1]))["elements"]["nodes"]}
assert "https://w3id.org/maillage/id/territory/mulhouse" in ids, "Mulhouse is in Grand Est"
assert "https://w3id.org/maillage/id/org/ville-de-mulhouse" in ids
assert "https://w3id.org/maillage/id/territory/bordeaux" not in ids
PYEOF

say "filters: --since / --until keep the dated links of the period"
check_all since partners --since 2024
check_all y2023 partners --since 2023 --until 2023
"$M" network partners --since 2024 --format json > since.json
"$PY" - since.json all.json <<'PYEOF' || die "--since 2024"
import json, sys
def edges(f):
    d = json.load(open(f))["elements"]
    return {tuple(sorted((e["data"]["source"], e["data"]["target"]))): e["data"] for e in d["edges"]}
s, a = edges(sys.argv[1]), edges(sys.argv[2])
org = "https://w3id.org/maillage/id/org/"
langres = tuple(sorted((org + "pays-de-langres", org + "rtes")))
cge = tuple(sorted((org + "cress-grand-est", org + "rtes")))
assert langres in a and langres not in s, "the 2023 Langres meeting is before 2024"
assert a[cge]["weight"] == 2 and s[cge]["weight"] == 1, (a[cge], s[cge])
assert s[cge]["first"] >= "2024", s[cge]
assert all(e["first"] is None or e["first"] >= "2024" for e in s.values())
PYEOF

say "filters: --min-weight"
"$M" network partners --min-weight 2 --format json > heavy.json
"$PY" - heavy.json all.json <<'PYEOF' || die "--min-weight 2"
import json, sys
h = json.load(open(sys.argv[1]))["elements"]
a = json.load(open(sys.argv[2]))["elements"]
want = [e for e in a["edges"] if e["data"]["weight"] >= 2]
assert len(h["edges"]) == len(want) > 0, (len(h["edges"]), len(want))
ends = {x for e in want for x in (e["data"]["source"], e["data"]["target"])}
assert {n["data"]["id"] for n in h["nodes"]} == ends
PYEOF

say "a free query: two nodes and a weight"
Q='MATCH (p:Person)<-[:speaker]-(e:Event)-[:organizer]->(o:Organization)
RETURN p, o, count(DISTINCT e) AS events'
"$M" query --format json "$Q" > free.rows.json
"$M" network --query "$Q" --format json > free.json
"$PY" - free.rows.json free.json <<'PYEOF' || die "--query"
import json, sys
rows = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))["elements"]
assert len(d["edges"]) == len(rows) > 10, (len(d["edges"]), len(rows))
got = {(e["data"]["source"], e["data"]["target"]): e["data"]["weight"] for e in d["edges"]}
for r in rows:
    assert got[(r["p"], r["o"])] == r["events"], r
PYEOF
printf '%s\n' "$Q" > free.mq
"$M" network -f free.mq --format json | cmp - free.json || die "-f FILE differs from --query"

say "errors: clear messages, non-zero exit, no file left behind"
expect_fail 1 "$M" network partnrs -o bad.svg
assert_contains err "unknown view 'partnrs' — did you mean 'partners'?"
[ ! -e bad.svg ] || die "bad.svg written for an unknown view"
expect_fail 1 "$M" network partners --territory "Grand-Est" -o bad.svg
assert_contains err "unknown territory 'Grand-Est' — did you mean 'Grand Est'"
[ ! -e bad.svg ] || die "bad.svg written for an unknown territory"
expect_fail 2 "$M" network partners --since 2024-13
assert_contains err "--since expects a date"
expect_fail 2 "$M" network partners -o partners.xyz
assert_contains err "unknown network format"
[ ! -e partners.xyz ] || die "partners.xyz written"
expect_fail 2 "$M" network partners --min-weight lots
expect_fail 2 "$M" network
expect_fail 2 "$M" network --query 'RETURN 1 AS a, 2 AS b' --territory France
expect_fail 2 "$M" network --query 'MATCH (p:Person) RETURN p'
assert_contains err "returns two nodes and optionally a weight"
expect_fail 2 "$M" network --query 'MATCH (p:Person)-[:memberOf]->(o) RETURN p, o, p.label AS w'
assert_contains err "the third column (w) is the weight"
expect_fail 1 "$M" network --query 'MATCH (p:Persn)-->(o) RETURN p, o'
assert_contains err "did you mean :Person?"

say "the shell's .network writes the same network"
printf '.network partners shell.json\n' | "$M" shell
cmp shell.json all.json || die ".network partners shell.json differs from maillage network"

say "metrics of a hand-made graph (tests/network/two_triangles.trig) equal the values computed by hand"
export MAILLAGE_STORE="$WORK/triangles.db"
"$M" load --quiet --graph https://w3id.org/maillage/graph/ontology "$ROOT"/ontology/*.ttl
"$M" load --quiet "$ROOT"/tests/network/two_triangles.trig
"$M" network partners --metrics --format csv | tr -d '\r' > tri.csv
"$PY" - tri.csv <<'PYEOF' || { cat tri.csv >&2; die "metrics differ from the hand computation"; }
import csv, sys
rows = {r["node"].rsplit("-", 1)[1]: r for r in csv.DictReader(open(sys.argv[1]))}
# By hand: A-B-C and D-E-F are triangles, C-D a bridge of weight 2 (a
# declared partnership and a co-organised event).  Degree: 3 at the bridge,
# 2 elsewhere; weighted degree: 2 + 2 at the bridge; betweenness: each of
# the 2 x 3 pairs {A,B} x {D,E,F} passes C (and {A,B,C} x {E,F} passes D),
# 6 for C and D, 0 elsewhere; communities: the two triangles.
want = {"a": (2, 2, 0), "b": (2, 2, 0), "c": (3, 4, 6),
        "d": (3, 4, 6), "e": (2, 2, 0), "f": (2, 2, 0)}
assert sorted(rows) == sorted(want), sorted(rows)
for k, (deg, strength, betw) in want.items():
    r = rows[k]
    assert int(r["degree"]) == deg, (k, r)
    assert float(r["weighted_degree"]) == strength, (k, r)
    assert abs(float(r["betweenness"]) - betw) < 1e-9, (k, r)
com = {k: r["community"] for k, r in rows.items()}
assert com["a"] == com["b"] == com["c"], com
assert com["d"] == com["e"] == com["f"], com
assert com["a"] != com["d"], com
# the table is ordered by betweenness: the bridge first
assert list(csv.DictReader(open(sys.argv[1])))[0]["node"].endswith("-c")
PYEOF
"$M" network partners --metrics > tri.txt
assert_contains tri.txt "(6 rows)"
say "ok"
