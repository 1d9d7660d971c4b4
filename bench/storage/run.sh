#!/bin/sh
# bench/storage/run.sh [SIZES...] — builds the project (Release, build-bench)
# and bench_storage, runs it, prints the table and writes bench/storage/RESULTS.md.
# Default sizes: 100000 1000000.  Knobs: see bench/storage/README.md.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD="${BENCH_BUILD_DIR:-$ROOT/build-bench}"
cd "$ROOT"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BUILD" --target maillage_lib -j2 >/dev/null
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra \
   -I "$ROOT/src" -I "$BUILD/generated" \
   "$ROOT/bench/storage/bench_storage.c" "$BUILD/libmaillage_lib.a" \
   $(pkg-config --cflags --libs redland raptor2 rasqal lmdb) -lpthread -lm \
   -o "$BUILD/bench_storage"
if [ $# -eq 0 ]; then set -- 100000 1000000; fi
TMPROOT="${BENCH_TMP:-${TMPDIR:-/tmp}}"
exec "$BUILD/bench_storage" --tmp "$TMPROOT" --md "${BENCH_MD:-$ROOT/bench/storage/RESULTS.md}" \
     --cmd "bench/storage/run.sh $*" "$@"
