#!/usr/bin/env bash
# pg.sh — a throw-away PostgreSQL server for the tests and benchmarks:
# initdb into a fresh data directory under /tmp, listening on loopback
# only, on a free port, with trust authentication for the superuser
# "maillage".
#
#   scripts/pg.sh start    starts it (a running one is reused), prints its URL
#   scripts/pg.sh url      prints the URL of the running server
#   scripts/pg.sh stop     stops it and removes its data directory
#
# initdb refuses to run as root: as root (CI on a clean machine), the
# server runs as the Debian package's `postgres` user (runuser); as
# another user, directly.  MAILLAGE_PG_DIR sets the directory (default:
# one per checkout under /tmp); MAILLAGE_PG_FSYNC=on keeps fsync on (the
# default off suits a throw-away test server, not measurements).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${MAILLAGE_PG_DIR:-/tmp/maillage-pg-$(printf %s "$root" | md5sum | cut -c1-10)}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$bin" ] || { echo "pg.sh: PostgreSQL is not installed (scripts/deps.sh)" >&2; exit 1; }

as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgresql://maillage@127.0.0.1:$(cat "$dir/port")/postgres"; }

running() {
  [ -f "$dir/port" ] && as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# A port nothing listens on (bash's /dev/tcp connect fails).
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  echo "pg.sh: no free port found" >&2; return 1
}

case "${1:-}" in
  start)
    if running; then url; exit 0; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_server "$bin/initdb" -D "$dir/data" -U maillage --auth=trust -E UTF8 \
      --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(free_port)"
    fsync="${MAILLAGE_PG_FSYNC:-off}"
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=200" \
      start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
    url
    ;;
  url)
    running || { echo "pg.sh: no server running (scripts/pg.sh start)" >&2; exit 1; }
    url
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg.sh start|stop|url" >&2; exit 2 ;;
esac
