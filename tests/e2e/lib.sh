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

# serve_start [ARGS...]: starts `maillage serve --port 0 ARGS` in the
# background on loopback and waits for the address it prints; sets
# SERVE_PID and URL (http://127.0.0.1:PORT, no trailing slash).  The
# server is stopped when the test exits, whatever happens.
serve_start() {
  "$M" serve --port 0 "$@" > "$WORK/serve.out" 2> "$WORK/serve.err" &
  SERVE_PID=$!
  # On failure, what the server said (an ASan report, say) is shown.
  trap 'rc=$?; [ "$rc" -eq 0 ] || tail -40 "$WORK/serve.err" >&2 || true
        kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true
        rm -rf "$WORK"' EXIT
  URL=""
  for _ in $(seq 1 900); do
    URL=$(grep -o 'http://[^ ]*/' "$WORK/serve.out" 2>/dev/null | sed 's,/$,,' || true)
    [ -n "$URL" ] && return 0
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; die "the server did not start"; }
    sleep 0.1
  done
  die "the server printed no address"
}

# serve_stop: SIGTERM, and the server must exit 0 (under ASan: no leak).
serve_stop() {
  kill -TERM "$SERVE_PID"
  local rc=0
  wait "$SERVE_PID" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$WORK/serve.err" >&2; die "the server exited $rc"; }
  trap 'rm -rf "$WORK"' EXIT
}

# load_seed: the ontology (in its graph) and the seed data into the store.
load_seed() {
  "$M" load --quiet --graph https://w3id.org/maillage/graph/ontology "$ROOT"/ontology/*.ttl
  "$M" load --quiet "$ROOT"/data/*.trig
}

# need_chromium: sets CHROMIUM, or skips the test (77) without it.
need_chromium() {
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium is not installed (Debian package chromium)"
    exit 77
  fi
}
