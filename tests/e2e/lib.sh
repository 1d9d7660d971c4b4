# lib.sh — shared helpers for the end-to-end tests (sourced, not run).
# Usage in a test:  source "$(dirname "$0")/lib.sh" "$@"
set -euo pipefail
M="$(realpath "$1")"
ROOT="$(realpath "$2")"
WORK="$(mktemp -d /tmp/mg-e2e-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export MAILLAGE_STORE="$WORK/store.db"

say() { printf '%s\n' "-- $*"; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# expect_fail CODE CMD...: runs CMD, requires exit code CODE; its stderr
# is kept in $WORK/err for the caller to inspect.
expect_fail() {
  local want="$1"; shift
  local rc=0
  "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  [ "$rc" -eq "$want" ] || { cat "$WORK/err" >&2; die "'$*' exited $rc, expected $want"; }
}

# assert_contains FILE TEXT
assert_contains() {
  grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; die "expected '$2' in $1"; }
}

# count_quads: number of quads in the store (N-Quads export line count).
count_quads() { "$M" export --format nquads | grep -c . || true; }
