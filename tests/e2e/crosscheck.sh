#!/usr/bin/env bash
# The independent cross-check of the query engine: every tutorial query
# (tests/tutorial/*.mq) and every query of tests/crosscheck/*.mq is run by
# `maillage query`, and the SPARQL 1.1 text its EXPLAIN prints is run by
# rdflib (Debian python3-rdflib) on an N-Quads export of the same store;
# the rows must be equal (tests/tools/crosscheck.py).  Skipped (77) when
# rdflib is not installed.
source "$(dirname "$0")/lib.sh" "$@"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import rdflib' 2>/dev/null || { echo "rdflib not available: skipped"; exit 77; }

load_seed

shopt -s nullglob
queries=("$ROOT"/tests/tutorial/*.mq "$ROOT"/tests/crosscheck/*.mq)
[ "${#queries[@]}" -ge 15 ] || die "expected at least 15 queries, found ${#queries[@]}"
"$PY" "$ROOT/tests/tools/crosscheck.py" "$M" "$MAILLAGE_STORE" "${queries[@]}"
