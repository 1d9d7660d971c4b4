#!/usr/bin/env bash
# w3c.sh — ctest entry for the W3C RDF 1.1 test suites (Turtle, TriG,
# N-Triples, N-Quads) run through the maillage binary.
#
#   bash tests/e2e/w3c.sh MAILLAGE_BINARY REPO_ROOT
#
# Runs tests/w3c/run_w3c.py on REPO_ROOT/../shared/w3c-rdf-tests and returns
# its exit code: 0 all as expected, 1 a failure, 77 the suites are not
# there (ctest reports a skip when SKIP_RETURN_CODE is 77).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 MAILLAGE_BINARY REPO_ROOT" >&2
  exit 2
fi
bin=$1
root=$2

# rdflib comes from Debian's python3-rdflib: the python3 first on PATH (a
# pyenv one, say) may not see it, /usr/bin/python3 does.
py=""
for cand in python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null 2>&1 &&
     "$cand" -c 'import rdflib' >/dev/null 2>&1; then
    py=$cand
    break
  fi
done
if [ -z "$py" ]; then
  echo "w3c.sh: no python3 with rdflib (apt-get install python3-rdflib)" >&2
  exit 1
fi

exec "$py" "$root/tests/w3c/run_w3c.py" --maillage "$bin" \
  --suites "$root/../shared/w3c-rdf-tests"
