# lib.sh — shared helpers for the end-to-end tests (sourced, not run).
# Usage in a test:  source "$(dirname "$0")/lib.sh" "$@"
set -euo pipefail
M="$(realpath "$1")"
ROOT="$(realpath "$2")"
WORK="$(mktemp -d /tmp/mg-e2e-XXXXXX)"
cd "$WORK"
export MAILLAGE_STORE="$WORK/store.db"

# With MG_TEST_PG (a PostgreSQL server URL, scripts/pg.sh; the `pg` label
# of tests/CMakeLists.txt), the default store is a fresh database on that
# server instead, dropped at exit; new_store NAME gives another one.
cleanup_work() {
  local db
  if [ -f "$WORK/.pg_dbs" ]; then
    while read -r db; do
      psql -qX "$MG_TEST_PG" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
        >/dev/null 2>&1 || true
    done <"$WORK/.pg_dbs"
  fi
  rm -rf "$WORK"
}
trap cleanup_work EXIT
# new_store NAME: prints a spec for a new, empty store: $WORK/NAME.db, or
# with MG_TEST_PG a new database on that server.
new_store() {
  if [ -z "${MG_TEST_PG:-}" ]; then echo "$WORK/$1.db"; return; fi
  local db="mg_${1//[^a-z0-9]/_}_$$_${RANDOM}"
  psql -qX "$MG_TEST_PG" -c "CREATE DATABASE $db" >/dev/null \
    || { echo "FAIL: cannot create a database on $MG_TEST_PG (scripts/pg.sh start?)" >&2; exit 1; }
  echo "$db" >>"$WORK/.pg_dbs"
  echo "${MG_TEST_PG%/*}/$db"
}
if [ -n "${MG_TEST_PG:-}" ]; then
  MAILLAGE_STORE="$(new_store "$(basename "$0" .sh)")"
fi

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
