#!/usr/bin/env bash
# publish.sh — `maillage publish DIR` on the seed graph (loaded as
# scripts/quickstart.sh does) plus a source marked private
# (tests/publish/private_source.trig): a folder a portal can harvest.
#   - catalog.ttl checked by tests/publish/catalog_check.py (rdflib SPARQL):
#     every DCAT-AP mandatory field, the recommended ones, byte sizes, URLs,
#     VoID statistics, the --people choice;
#   - every distribution read back by rdflib (isomorphic to maillage.nq,
#     graphs kept for N-Quads/TriG/JSON-LD) and by rapper (same count);
#   - private sources and items left out by default, present with
#     --include-private; --people none/names-only/public-roles;
#   - deterministic with $SOURCE_DATE_EPOCH; bad options refused.
source "$(dirname "$0")/lib.sh" "$@"
PY=/usr/bin/python3
CHECK="$ROOT/tests/publish/rdfcheck.py"
CATALOG="$ROOT/tests/publish/catalog_check.py"
$PY -c 'import rdflib' 2>/dev/null || { echo "SKIP: no python3-rdflib"; exit 77; }
command -v rapper >/dev/null || { echo "SKIP: no rapper"; exit 77; }

"$M" load --quiet --graph https://w3id.org/maillage/graph/ontology "$ROOT"/ontology/*.ttl
"$M" load --quiet "$ROOT"/data/*.trig "$ROOT/tests/publish/private_source.trig"
"$M" export --format nquads -o store.nq
URL=https://data.example.org/maillage

rapper_count() { # FORMAT FILE
  rapper -i "$1" -c "$2" 2>&1 | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p'
}

# ---- the default publication ----
"$M" publish pub --public-url "$URL" --contact contact@example.net 2>pub.err
cat pub.err
for f in maillage.ttl maillage.nt maillage.rdf maillage.nq maillage.trig maillage.jsonld catalog.ttl README.md; do
  [ -s "pub/$f" ] || die "publish wrote no $f"
done
$PY "$CATALOG" pub "$URL" public-roles || die "catalog.ttl"
quads=$(grep -c . pub/maillage.nq)
triples=$(grep -c . pub/maillage.nt)
for f in turtle:ttl ntriples:nt rdfxml:rdf nquads:nq trig:trig jsonld:jsonld; do
  fmt=${f%%:*} ext=${f##*:}
  $PY "$CHECK" iso pub/maillage.nq "pub/maillage.$ext" || die "$fmt: rdflib differs"
  case $fmt in nquads|trig|jsonld) want=$quads ;; *) want=$triples ;; esac
  if [ "$fmt" != jsonld ]; then
    r=$(rapper_count "$fmt" "pub/maillage.$ext")
    [ "$r" = "$want" ] || die "$fmt: rapper reads '$r', expected $want"
  fi
  say "maillage.$ext: $want statements, rdflib isomorphic${r:+, rapper $r}"
  r=
done
# the published quads are the store's, minus what the filters leave out
comm -23 <(sort pub/maillage.nq) <(sort store.nq) | grep -q . && die "publish invented statements"
assert_contains pub/README.md "maillage.jsonld"
assert_contains pub/README.md "$URL/maillage.ttl"
grep -q "CHANGE-ME" pub/catalog.ttl && die "placeholder URL despite --public-url"

# ---- private sources ----
"$M" sparql --format csv 'SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x <http://purl.org/dc/terms/accessRights> <https://w3id.org/maillage/ontology#PrivateResource> } }' \
  | tail -n +2 | tr -d '\r' > private.txt
n_private=$(grep -c . private.txt)
[ "$n_private" -ge 3 ] || die "expected private items in the seed graph, found $n_private"
while read -r iri; do
  grep -qF "<$iri>" pub/maillage.nq && die "private $iri was published"
  grep -qF "<$iri>" store.nq || die "test broken: $iri not in the store"
done < private.txt
grep -q 'source/test_private>' pub/maillage.nq && die "the graph of a private source was published"
grep -q 'only-in-a-private-source' pub/maillage.nt && die "an entity of a private source was published"
assert_contains pub.err "left out (1 graphs,"
say "private: $n_private items and 1 source graph left out"

"$M" publish all --include-private --public-url "$URL" 2>/dev/null
while read -r iri; do
  grep -qF "<$iri>" all/maillage.nq || die "--include-private: $iri missing"
done < private.txt
grep -q 'source/test_private>' all/maillage.nq || die "--include-private: private graph missing"
# with everything included, only the personal contact details differ
comm -13 <(sort all/maillage.nq) <(sort store.nq) > dropped.nq
grep -v 'foaf/0.1/mbox>\|schema.org/email>\|schema.org/telephone>' dropped.nq | grep -q . \
  && { head -3 dropped.nq >&2; die "--include-private: more than contact details dropped"; }
$PY "$CATALOG" all "$URL" public-roles >/dev/null || die "catalog.ttl (--include-private)"
assert_contains all/catalog.ttl "private-sources=included"

# ---- people ----
person_iris() { grep -o '<https://w3id.org/maillage/id/person/[^>]*>' "$1" | sort -u; }
[ "$(person_iris store.nq | wc -l)" -gt 20 ] || die "test broken: no people in the store"
grep -q 'person/[^>]*> <http://xmlns.com/foaf/0.1/mbox>' store.nq || die "test broken: no e-mail"
grep -q 'person/[^>]*> <http://xmlns.com/foaf/0.1/mbox>' pub/maillage.nq && die "public-roles: an e-mail was published"
grep -q '<http://www.w3.org/ns/org#member> <https://w3id.org/maillage/id/person/' pub/maillage.nq \
  || die "public-roles: memberships are gone"

"$M" publish none --people none --public-url "$URL" 2>/dev/null
$PY "$CATALOG" none "$URL" none >/dev/null || die "catalog.ttl (--people none)"
for f in none/maillage.*; do   # no person IRI in any format (nor a person: prefix)
  grep -q 'w3id.org/maillage/id/person/' "$f" && die "--people none: a person in $f"
done
grep -q 'a foaf:Person\|a [^;]*foaf:Person' none/maillage.ttl && die "--people none: a foaf:Person in Turtle"
$PY - store.nq none/maillage.nt <<'PYEOF' || die "--people none"
import sys, rdflib
from rdflib import URIRef, Literal
from rdflib.namespace import RDF, FOAF, RDFS
store = rdflib.ConjunctiveGraph(); store.parse(sys.argv[1], format="nquads")
pub = rdflib.Graph(); pub.parse(sys.argv[2], format="nt")
people = set(store.subjects(RDF.type, FOAF.Person))
names = {str(o) for p in people for o in store.objects(p, FOAF.name)}
assert people and names
assert not set(pub.subjects(RDF.type, FOAF.Person))
assert not any(s in people or o in people for s, p, o in pub)
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
assert not any(o in people for o in store.objects(None, ORG.member) if (None, ORG.member, o) in pub)
MG = rdflib.Namespace("https://w3id.org/maillage/ontology#")
quoting = [o for p in (MG.evidence, RDFS.comment) for o in pub.objects(None, p)
           if any(n in str(o) for n in names)]
assert not quoting, quoting[:2]
print("--people none: %d people, none published" % len(people))
PYEOF
grep -q 'people=none;' none/catalog.ttl || die "--people none not in the catalogue"

"$M" publish names --people names-only --public-url "$URL" 2>/dev/null
$PY - names/maillage.nt <<'PYEOF' || die "--people names-only"
import sys, rdflib
from rdflib.namespace import RDF, FOAF, RDFS
g = rdflib.Graph(); g.parse(sys.argv[1], format="nt")
people = set(g.subjects(RDF.type, FOAF.Person))
assert len(people) > 20
allowed = {RDF.type, RDFS.label, FOAF.name}
extra = {p for s in people for p in g.predicates(s)} - allowed
assert not extra, extra
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
assert not any(o in people for o in g.objects(None, ORG.member))
print("--people names-only: %d people, names only" % len(people))
PYEOF
$PY "$CATALOG" names "$URL" names-only >/dev/null || die "catalog.ttl (--people names-only)"

# ---- --base, --licence, titles ----
B=https://data.example.org/ess/id/
"$M" publish based --base "$B" --licence odbl --title "Titre" --title-en "Title" --public-url "$URL/" 2>/dev/null
grep -q 'w3id.org/maillage/id/' based/maillage.nt && die "publish --base: instance IRIs left"
$PY "$CATALOG" based "$URL" public-roles >/dev/null || die "catalog.ttl (--base)"
assert_contains based/catalog.ttl "\"$B\""
assert_contains based/catalog.ttl "ODbL-1.0"
assert_contains based/catalog.ttl '"Titre"@fr'
assert_contains based/catalog.ttl '"Title"@en'

# ---- determinism ----
SOURCE_DATE_EPOCH=1700000000 "$M" publish d1 --public-url "$URL" 2>/dev/null
SOURCE_DATE_EPOCH=1700000000 "$M" publish d2 --public-url "$URL" 2>/dev/null
diff -r d1 d2 >/dev/null || die "two publications differ"
assert_contains d1/catalog.ttl '"2023-11-14"^^xsd:date'
for f in maillage.ttl maillage.nt maillage.rdf maillage.nq maillage.trig maillage.jsonld; do
  cmp -s "d1/$f" "pub/$f" || die "$f depends on the date"
done

# ---- placeholders and refusals ----
"$M" publish ph 2>ph.err
assert_contains ph.err "warning: no --public-url"
assert_contains ph/catalog.ttl "https://example.org/CHANGE-ME/maillage/maillage.ttl"
assert_contains ph/README.md "CHANGE-ME"
expect_fail 2 "$M" publish rel --public-url data/maillage/
assert_contains "$WORK/err" "not an absolute http(s) URL"
[ -e rel ] && die "a refused publish created its folder"
expect_fail 2 "$M" publish rel --public-url ftp://example.org/x/
expect_fail 2 "$M" publish rel --people everyone
expect_fail 2 "$M" publish rel --licence cc0
expect_fail 2 "$M" publish rel --issued 2024-13-01
expect_fail 2 "$M" publish rel --contact 'not an email'
expect_fail 2 "$M" publish
touch afile
expect_fail 2 "$M" publish afile
say "ok"
