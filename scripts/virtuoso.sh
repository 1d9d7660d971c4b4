#!/usr/bin/env bash
# virtuoso.sh — a throw-away Virtuoso (Debian virtuoso-opensource) on
# loopback for the endpoint interoperability test (ctest -L endpoint,
# docs/endpoint.md).
#
#   scripts/virtuoso.sh start   install virtuoso-opensource when missing,
#                               create a fresh database in $DIR on free
#                               ports, start it and wait until it answers
#   scripts/virtuoso.sh url     the SPARQL endpoint (http://127.0.0.1:PORT/sparql)
#   scripts/virtuoso.sh gsp     the Graph Store endpoint
#                               (…/sparql-graph-crud-auth: digest, dba/dba)
#   scripts/virtuoso.sh stop    stop it and delete $DIR
#
# DIR is $MAILLAGE_VIRTUOSO_DIR, by default ${TMPDIR:-/tmp}/maillage-virtuoso-$UID.
# Writes go through Virtuoso's authenticated Graph Store endpoint
# /sparql-graph-crud-auth as the dba account (password dba in a fresh
# database; digest authentication): nothing is granted to the anonymous
# SPARQL user, so the server stays read-only to anyone else.  Limits that
# would cut answers short are lifted: ResultSetMaxRows (10 000 by
# default) and the query cost estimate.
set -euo pipefail

DIR="${MAILLAGE_VIRTUOSO_DIR:-${TMPDIR:-/tmp}/maillage-virtuoso-$(id -u)}"

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

http_port() {
  [ -f "$DIR/http.port" ] || die "not started (no $DIR/http.port)"
  cat "$DIR/http.port"
}

install_virtuoso() {
  command -v virtuoso-t >/dev/null && return 0
  echo "virtuoso.sh: installing virtuoso-opensource" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
  command -v virtuoso-t >/dev/null || die "virtuoso-t not found after installing"
}

running() {
  [ -f "$DIR/virtuoso.lck" ] || return 1
  local pid
  pid="$(sed -n 's/^VIRT_PID=//p' "$DIR/virtuoso.lck" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

start() {
  install_virtuoso
  if running; then
    die "already running in $DIR (scripts/virtuoso.sh stop first)"
  fi
  rm -rf "$DIR"
  mkdir -p "$DIR"
  local sql http
  sql="$(free_port)"
  http="$(free_port)"
  while [ "$http" = "$sql" ]; do http="$(free_port)"; done
  echo "$sql" > "$DIR/sql.port"
  echo "$http" > "$DIR/http.port"
  cat > "$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $DIR/virtuoso.db
ErrorLogFile       = $DIR/virtuoso.log
LockFile           = $DIR/virtuoso.lck
TransactionFile    = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DIR/virtuoso-temp.db
TransactionFile    = $DIR/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$sql
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
CaseMode                 = 2
DirsAllowed              = ., $DIR, /usr/share/virtuoso-opensource-7/vad
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers          = 100000
MaxDirtyBuffers          = 60000
MaxQueryMem              = 1G
ThreadsPerQuery          = 1

[HTTPServer]
ServerPort                  = 127.0.0.1:$http
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 10
ServerThreads               = 10
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000

[SPARQL]
ResultSetMaxRows           = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
EOF
  (cd "$DIR" && virtuoso-t +configfile "$DIR/virtuoso.ini" +wait >"$DIR/start.log" 2>&1) \
    || { cat "$DIR/start.log" "$DIR/virtuoso.log" >&2 2>/dev/null; die "virtuoso-t did not start"; }
  # +wait returns once the database is open; the HTTP listener follows.
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null -w '%{http_code}' \
         "http://127.0.0.1:$http/sparql?query=ASK%7B%7D" 2>/dev/null | grep -q 200; then
      echo "http://127.0.0.1:$http/sparql"
      return 0
    fi
    sleep 0.5
  done
  tail -20 "$DIR/virtuoso.log" >&2 || true
  die "Virtuoso did not answer on port $http"
}

stop() {
  if [ -d "$DIR" ] && running; then
    local pid
    pid="$(sed -n 's/^VIRT_PID=//p' "$DIR/virtuoso.lck")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "http://127.0.0.1:$(http_port)/sparql" ;;
  gsp) echo "http://127.0.0.1:$(http_port)/sparql-graph-crud-auth" ;;
  *) echo "usage: scripts/virtuoso.sh start|stop|url|gsp" >&2; exit 2 ;;
esac
