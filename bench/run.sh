#!/bin/sh
# bench/run.sh [--sizes 10000,100000,1000000] [--runs N] [--cap S] [--budget S] [--no-pg]
# Builds maillage (Release, build-bench5/ or $BENCH_BUILD_DIR), installs the
# pinned Oxigraph npm package if needed, starts a throw-away PostgreSQL
# server (scripts/pg.sh; stopped at the end; --no-pg: not measured), then
# runs bench/run.py: generates the graphs, loads and queries them with every
# engine, prints the table and writes bench/RESULTS.md.  See bench/README.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BUILD="${BENCH_BUILD_DIR:-$ROOT/build-bench5}"
if [ -z "${BENCH_NO_BUILD:-}" ]; then   # BENCH_NO_BUILD=1: use the binary already in $BUILD
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" --target maillage -j2 >/dev/null
fi
[ -d "$HERE/node_modules/oxigraph" ] || (cd "$HERE" && npm ci --silent)
for t in roqet rapper node /usr/bin/time timeout; do
  command -v "$t" >/dev/null || { echo "bench: $t is missing (see bench/README.md)" >&2; exit 2; }
done
/usr/bin/python3 -c 'import rdflib' 2>/dev/null || { echo "bench: python3-rdflib is missing" >&2; exit 2; }

# The PostgreSQL store: a server of its own for this run (its own data
# directory, so that a test run's server in the same checkout is left
# alone), fsync on as a real server, stopped and removed however the run
# ends.  When PostgreSQL cannot be installed or started, run.py says so and
# measures the rest.
unset BENCH_PG_URL BENCH_PG_SKIP
pg=1
for arg in "$@"; do [ "$arg" = --no-pg ] && pg=0; done
if [ "$pg" = 1 ]; then
  export MAILLAGE_PG_DIR="${BENCH_PG_DIR:-/tmp/maillage-bench-pg.$$}"
  export MAILLAGE_PG_FSYNC="${MAILLAGE_PG_FSYNC:-on}"
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || ! command -v psql >/dev/null; then
    echo "bench: installing postgresql (Debian package)" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends postgresql; } >/dev/null 2>&1 || true
  fi
  trap 'bash "$ROOT/scripts/pg.sh" stop' EXIT
  trap 'exit 130' INT TERM HUP
  if ! command -v psql >/dev/null; then
    BENCH_PG_SKIP="PostgreSQL is not installed and could not be installed (Debian package postgresql)"
  else
    log=$(mktemp)
    if url=$(bash "$ROOT/scripts/pg.sh" start 2>"$log"); then
      export BENCH_PG_URL="$url"
    else
      BENCH_PG_SKIP="scripts/pg.sh could not start a server: $(tail -n 1 "$log")"
    fi
    rm -f "$log"
  fi
  [ -z "${BENCH_PG_SKIP:-}" ] || export BENCH_PG_SKIP   # run.py prints it and writes it in RESULTS.md
fi
rc=0
MAILLAGE="$BUILD/maillage" /usr/bin/python3 "$HERE/run.py" --cmd "bench/run.sh $*" "$@" || rc=$?
exit "$rc"
