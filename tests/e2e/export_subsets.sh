#!/usr/bin/env bash
# export_subsets.sh — publishing a subset: --query (the nodes a query
# returns, with the labels of what they point to), --class, --graph, and
# the rewriting options --lang and --base, each checked with rdflib
# (tests/publish/subset_check.py) against the whole store's export.
source "$(dirname "$0")/lib.sh" "$@"
PY=/usr/bin/python3
$PY -c 'import rdflib' 2>/dev/null || { echo "SKIP: no python3-rdflib"; exit 77; }

load_seed
"$M" export --format ntriples -o full.nt
"$M" export --format nquads -o full.nq

# --query: exactly the returned nodes' statements plus their neighbours' labels
Q='MATCH (e:Event)-[:speaker]->(p:Person) WHERE e.startDate >= date("2022-01-01") RETURN DISTINCT e'
"$M" query --format csv "$Q" > nodes.csv
"$M" export --format ntriples --query "$Q" -o q.nt
$PY "$ROOT/tests/publish/subset_check.py" full.nt q.nt nodes.csv || die "--query subset"
# the same from a file, and in JSON-LD (graphs kept)
printf '%s\n' "$Q" > q.mq
"$M" export --format nquads --query-file q.mq -o q.nq
"$M" export --format jsonld --query-file q.mq -o q.jsonld
$PY "$ROOT/tests/publish/rdfcheck.py" iso q.nq q.jsonld || die "--query: JSON-LD differs"
cut -d' ' -f1-3 q.nq | sort -u | cmp -s - <(cut -d' ' -f1-3 q.nt | sort -u) \
  || die "--query: N-Quads and N-Triples hold different triples"

# several columns and a list: every node cell counts
Q2='MATCH (o:Organization)<-[:organizer]-(e:Event) RETURN o, collect(e) AS events'
"$M" export --format ntriples --query "$Q2" -o q2.nt
organizers=$("$M" query --format csv 'MATCH (o:Organization)<-[:organizer]-(e:Event) RETURN DISTINCT o' | tail -n +2 | sort)
events=$("$M" query --format csv 'MATCH (o:Organization)<-[:organizer]-(e:Event) RETURN DISTINCT e' | tail -n +2 | sort)
{ echo n; printf '%s\n%s\n' "$organizers" "$events"; } > nodes2.csv
$PY "$ROOT/tests/publish/subset_check.py" full.nt q2.nt nodes2.csv || die "--query with a list column"

# --class Organization: the instances of org:Organization and its subclasses
"$M" query --format csv 'MATCH (n:Organization) RETURN DISTINCT n' > orgs.csv
"$M" export --format ntriples --class Organization -o c.nt
$PY "$ROOT/tests/publish/subset_check.py" full.nt c.nt orgs.csv || die "--class subset"
n_orgs=$(($(wc -l < orgs.csv) - 1))
[ "$n_orgs" -gt 50 ] || die "--class Organization: only $n_orgs organisations"
"$M" export --format turtle --class mg:Network -o net.ttl
grep -q "^orga:rtes " net.ttl || die "--class mg:Network: no orga:rtes"
grep -q "^person:" net.ttl && die "--class mg:Network: a person is described"

# --graph with --class: the subset of one graph
"$M" export --format nquads --graph src:004_b7e720c58eb8b2a1 --class Person -o gp.nq
grep -vq '<https://w3id.org/maillage/source/004_b7e720c58eb8b2a1> \.$' gp.nq \
  && die "--graph --class: a statement from another graph"
grep -q 'person/mahel-coppey> <http://xmlns.com/foaf/0.1/name>' gp.nq || die "--graph --class: missing a person"

# --lang fr: no other language among tagged literals; nothing else removed
"$M" export --format ntriples --lang fr -o fr.nt
$PY - full.nt fr.nt <<'PYEOF' || die "--lang fr"
import sys, rdflib
from rdflib import Literal
full, fr = rdflib.Graph(), rdflib.Graph()
full.parse(sys.argv[1], format="nt"); fr.parse(sys.argv[2], format="nt")
other = {t for t in full if isinstance(t[2], Literal) and t[2].language
         and not t[2].language.lower().split("-")[0] == "fr"}
assert other, "the store has no non-French literal: the test proves nothing"
assert set(fr) == set(full) - other, (len(fr), len(full), len(other))
print("--lang fr: %d triples kept, %d other-language literals dropped" % (len(fr), len(other)))
PYEOF

# --base: the instances move, nothing else changes; prefixes follow
B=https://data.example.org/ess/id/
"$M" export --format nquads --base "$B" -o base.nq
grep -q 'https://w3id.org/maillage/id/' base.nq && die "--base: an instance IRI was not rewritten"
sed "s#<$B#<https://w3id.org/maillage/id/#g" base.nq | sort > back.nq
sort full.nq | cmp -s - back.nq || die "--base: rewriting back does not give the store's export"
"$M" export --format turtle --base "$B" -o base.ttl
assert_contains base.ttl "@prefix person: <${B}person/> ."
"$M" export --format jsonld --base "$B" -o base.jsonld
$PY "$ROOT/tests/publish/rdfcheck.py" iso base.nq base.jsonld || die "--base: JSON-LD differs"
assert_contains base.jsonld "\"orga\": \"${B}org/\""
# the store keeps its own IRIs
"$M" export --format nquads | cmp -s - full.nq || die "--base changed the store"

# errors: clear messages, usage exit code
expect_fail 2 "$M" export --base relative/path/
assert_contains "$WORK/err" "not an absolute IRI"
expect_fail 2 "$M" export --base 'https://x.org/ id/'
expect_fail 2 "$M" export --base https://data.example.org/id
assert_contains "$WORK/err" "must end in '/' or '#'"
expect_fail 2 "$M" export --lang 'f r'
expect_fail 2 "$M" export --class Organization --query 'MATCH (n) RETURN n'
expect_fail 1 "$M" export --class NoSuchClass
expect_fail 1 "$M" export --query 'MATCH (n:Person) RETURN n.label'
assert_contains "$WORK/err" "returned no node"
expect_fail 1 "$M" export --query 'MATCH (n:Person RETURN n'
say "ok"
