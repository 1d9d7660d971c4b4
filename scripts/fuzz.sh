#!/usr/bin/env bash
# fuzz.sh [SECONDS] [TARGET...] — builds the libFuzzer targets with clang
# (build-fuzz/, ASan + UBSan + coverage) and runs each for SECONDS
# (default 60): query (the whole query pipeline on the seed graph), names
# (the name resolver), load (loader glue, storage module, writers, with a
# round-trip check).  Seeds come from tests/fuzz/corpus/TARGET (read
# only); what the fuzzer learns goes to build-fuzz/corpus/TARGET and is
# kept between runs.  A crash, leak or timeout leaves its input in
# build-fuzz/artifacts/ and makes the script exit 1: copy the input to
# tests/fuzz/regress/TARGET/ once fixed (ctest replays that folder).
#
# scripts/fuzz.sh --ci [TARGET...] — what scripts/test.sh (and so CI)
# runs: a fixed seed and a fixed number of runs per target, from the
# committed corpus only (the learned one is not read), so that a given
# commit always gets the same verdict; exploring further is the timed
# mode's job.
set -euo pipefail
cd "$(dirname "$0")/.."
ci=0
if [ "${1:-}" = "--ci" ]; then ci=1; shift; set -- 0 "$@"; fi
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(query names load)

bash scripts/deps.sh
command -v clang >/dev/null || { echo "fuzz.sh: clang is missing" >&2; exit 2; }
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMAILLAGE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
mkdir -p build-fuzz/artifacts
status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  log="build-fuzz/fuzz_$t.log"
  if [ "$ci" = 1 ]; then
    # about a minute each here; the same inputs on every machine
    case "$t" in query) n=20000 ;; names) n=8000 ;; *) n=2000 ;; esac
    limit=(-seed=1 -runs="$n")
    corpus=("build-fuzz/ci-corpus/$t")
    rm -rf "build-fuzz/ci-corpus/$t"; mkdir -p "build-fuzz/ci-corpus/$t"
    echo "fuzz: $t, $n runs from seed 1 (log: $log)" >&2
  else
    limit=(-max_total_time="$secs")
    corpus=("build-fuzz/corpus/$t")
    echo "fuzz: $t for ${secs} s (log: $log)" >&2
  fi
  rc=0
  "build-fuzz/tests/fuzz_$t" "${limit[@]}" -timeout=20 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/artifacts/$t-" \
    "${corpus[@]}" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  files=$(ls "${corpus[0]}" | wc -l)
  if [ "$rc" -ne 0 ]; then
    status=1
    summary+=("$t: FINDING (exit $rc) after ${runs} runs — see $log and build-fuzz/artifacts/")
    grep -E 'ERROR:|SUMMARY:|Test unit written' "$log" | head -5 >&2 || true
  else
    summary+=("$t: ${runs} runs, ${cov:-cov ?}, learned corpus ${files} files, no finding")
  fi
done
printf '%s\n' "${summary[@]}"
exit $status
