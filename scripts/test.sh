#!/usr/bin/env bash
# test.sh — the README's second command and what CI runs: install what is
# missing, build with AddressSanitizer + UndefinedBehaviorSanitizer, and
# run the whole test suite under ctest.
#
#   scripts/test.sh [CTEST ARGS]     the ASan + UBSan build (with the
#                                    failure points of the crash tests)
#                                    and every test (the end-to-end ones
#                                    twice: on the embedded store, and on
#                                    a throw-away PostgreSQL server that
#                                    scripts/pg.sh starts and stops,
#                                    the `pg` label), then each fuzz
#                                    target for a fixed number of runs
#                                    from a fixed seed (fuzz.sh --ci;
#                                    MAILLAGE_FUZZ_SECONDS=N for N s of
#                                    open fuzzing, 0 for none)
#   scripts/test.sh --valgrind [..]  a plain build (build-vg) and the
#                                    end-to-end tests under valgrind
#                                    (the `valgrind` label; slow: ~15 min)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
if [ "${1:-}" = "--valgrind" ]; then
  shift
  cmake -S . -B build-vg -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAILLAGE_VALGRIND=ON >/dev/null
  cmake --build build-vg -j"$(nproc)" >/dev/null
  cd build-vg
  exec ctest --output-on-failure -j2 -L valgrind "$@"
fi
# The PostgreSQL server of the `pg` tests, stopped (and its data directory
# removed) however the run ends.
pg_url="$(bash scripts/pg.sh start)"
trap 'bash scripts/pg.sh stop' EXIT
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMAILLAGE_SANITIZE=ON \
      -DMAILLAGE_FAILPOINTS=ON -DMAILLAGE_PG_URL="$pg_url" >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null
# librdf and raptor allocate caches they never free at exit: leak
# detection stays on for our code, their allocations are suppressed.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# The Virtuoso interoperability test is opt-in (ctest -L endpoint).
(cd build-asan && ctest --output-on-failure -j2 -LE endpoint "$@")
# Then each libFuzzer target (scripts/fuzz.sh; clang): a fixed seed and
# number of runs (--ci: the same verdict for a commit on every run), or
# with MAILLAGE_FUZZ_SECONDS=N, N seconds each of open exploration; 0
# skips fuzzing.
fuzz_secs="${MAILLAGE_FUZZ_SECONDS:-ci}"
if [ "$fuzz_secs" != 0 ]; then
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  if [ "$fuzz_secs" = ci ]; then bash scripts/fuzz.sh --ci
  else bash scripts/fuzz.sh "$fuzz_secs"; fi
fi
