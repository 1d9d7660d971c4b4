#!/usr/bin/env bash
# quickstart.sh — the README's first command: install what is missing,
# build, load the ontology and the curated graph into the default store
# (./maillage.db), validate it and answer the headline question with the
# query language: which speakers appeared with which networks.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
M=build/maillage

# The ontology in its own graph, then one graph per source document.
if ls ontology/*.ttl >/dev/null 2>&1; then
  $M load --quiet --graph https://w3id.org/maillage/graph/ontology ontology/*.ttl
fi
if ls data/*.trig >/dev/null 2>&1; then
  $M load --quiet data/*.trig
fi

echo "== validation against the ontology =="
$M check
echo
echo "== which speakers appeared with which networks (since 2023) =="
$M query '
MATCH (p:Person)<-[:speaker]-(e:Event)-[:organizer|partner]->(n:Network)
WHERE e.startDate >= date("2023-01-01")
RETURN p.label AS speaker, n.label AS network, count(DISTINCT e) AS events
ORDER BY events DESC, speaker
LIMIT 20'
echo
echo "== the store =="
$M stats
echo
$M graphs
echo
echo "== the graph as Turtle: maillage.ttl =="
$M export --format turtle -o maillage.ttl
wc -l maillage.ttl
echo
echo "== the partnership network: partners.svg and partners.html (open in a browser) =="
$M network partners -o partners.svg
$M network partners -o partners.html
ls -l partners.svg partners.html
echo
echo "== in a browser =="
echo "run:  $M serve     then open http://127.0.0.1:8080/ (Ctrl-C stops the server)"
