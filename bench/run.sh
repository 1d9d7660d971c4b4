#!/bin/sh
# bench/run.sh [--sizes 10000,100000,1000000] [--runs N] [--cap S] [--budget S]
# Builds maillage (Release, build-bench5/ or $BENCH_BUILD_DIR), installs the
# pinned Oxigraph npm package if needed, then runs bench/run.py: generates the
# graphs, loads and queries them with every engine, prints the table and
# writes bench/RESULTS.md.  See bench/README.md.
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
MAILLAGE="$BUILD/maillage" exec /usr/bin/python3 "$HERE/run.py" --cmd "bench/run.sh $*" "$@"
