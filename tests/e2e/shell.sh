#!/usr/bin/env bash
# `maillage shell` end to end.  At a terminal, driven in a tmux pane (a
# real pseudo-terminal): completion of :spe<TAB> and of a label in quotes,
# a query on two lines, history across two sessions, .load, Ctrl-C on a
# long path query returning to the prompt, Ctrl-D.  From a script
# (`maillage shell < FILE`): only the results, errors on standard error
# with their line, exit status 1 when a statement failed.
# tmux is required (scripts/deps.sh installs it): without it the test fails.
source "$(dirname "$0")/lib.sh" "$@"

command -v tmux >/dev/null || die "tmux is missing (bash scripts/deps.sh installs it)"

load_seed
DATA="$ROOT/tests/e2e/data"

# ---- from a script ------------------------------------------------------

say "a script prints only its results"
cp "$DATA"/shell_script.mq "$DATA"/shell_read.mq "$DATA"/shell_errors.mq .
rc=0
"$M" shell < shell_script.mq > script.out 2> script.err || rc=$?
[ "$rc" -eq 0 ] || { cat script.err >&2; die "shell < script exited $rc"; }
[ ! -s script.err ] || { cat script.err >&2; die "a clean script wrote to stderr"; }
tr -d '\r' < script.out > script.txt
diff -u "$DATA"/shell_script.expected script.txt || die "script output differs"

say "a failing statement: stderr with its line, the script goes on, exit 1"
expect_fail 1 "$M" shell < shell_errors.mq
assert_contains "$WORK/out" "before"
assert_contains "$WORK/out" "after"
assert_contains "$WORK/err" "<stdin>:4: unknown label :Persn — did you mean :Person?"
assert_contains "$WORK/err" "<stdin>:6: unknown command .nosuchcommand"
assert_contains "$WORK/err" "<stdin>:7: unknown view 'people'"
if grep -q "maillage>" "$WORK/out"; then die "a prompt in non-interactive output"; fi

say ".export writes RDF by the file's extension"
printf '.export exported.nt\n' | "$M" shell
[ "$(grep -c . exported.nt)" -eq "$("$M" export --format ntriples | grep -c .)" ] \
  || die ".export exported.nt differs from maillage export --format ntriples"

# ---- at a terminal ------------------------------------------------------

# One tmux server (on its own socket, without ~/.tmux.conf) per session;
# the sockets live in $WORK, removed at the end.
export TMUX_TMPDIR="$WORK"
unset TMUX
SOCKS=()
T() { tmux -L "${SOCKS[-1]}" -f /dev/null "$@"; }
cleanup() {
  for s in "${SOCKS[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  cleanup_work
}
trap cleanup EXIT
export MAILLAGE_HISTORY="$WORK/history"
# a pager that marks its lines: paged output shows, and stays in the pane
export PAGER="sed s/^/PAGED:/"

# A long chain: MATCH (a)-[:next*1..9999]->(b) walks 12.5 million steps
# (seconds in a release build, much longer under ASan).
{
  echo '@prefix ex: <http://example.org/> .'
  for ((i = 0; i < 5000; i++)); do echo "ex:n$i ex:next ex:n$((i + 1)) ."; done
} > chain.ttl

pane() { T capture-pane -p -J -t sh -S -300; }
dump() { echo "--- the pane:" >&2; pane >&2; }
# wait_for TEXT [SECONDS]: polls the pane until TEXT shows
wait_for() {
  local deadline=$((SECONDS + ${2:-15}))
  until pane | grep -qF -- "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || { dump; die "timed out waiting for: $1"; }
    sleep 0.1
  done
}
# wait_re REGEX [SECONDS]: the same for a line matching REGEX (grep -E)
wait_re() {
  local deadline=$((SECONDS + ${2:-15}))
  until pane | grep -qE -- "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || { dump; die "timed out waiting for /$1/"; }
    sleep 0.1
  done
}
# wait_count TEXT N [SECONDS]: until TEXT shows on N lines of the pane
wait_count() {
  local deadline=$((SECONDS + ${3:-15}))
  until [ "$(pane | grep -cF -- "$1")" -ge "$2" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { dump; die "timed out waiting for $2 × $1"; }
    sleep 0.1
  done
}
# type TEXT: types it literally (a final ';' escaped for tmux), no Enter
type_text() {
  local text="$1"
  if [[ "$text" == *";" ]]; then text="${text%;}\\;"; fi
  T send-keys -t sh -l -- "$text"
}
line() { type_text "$1"; T send-keys -t sh Enter; }
# start_shell [ARGS]: a new session running maillage ARGS (default: shell)
start_shell() {
  [ "${#SOCKS[@]}" -eq 0 ] || T kill-server 2>/dev/null || true
  SOCKS+=("mg-shell-$$-${#SOCKS[@]}")
  # the status line prints after the shell leaves: its exit code
  T new-session -d -s sh -x 200 -y 50 \
    "cd '$WORK' && '$M' ${1-shell}; echo \"[shell exited \$?]\"; sleep 60"
  wait_for "Type a query ending with ';'"
  # keys typed before the line editor has set up the terminal are flushed
  # with the pending input: wait for the prompt itself (slow under valgrind)
  wait_for "maillage> " 60
  sleep 0.3
}

say "completion: :spe<TAB> gives :speaker, a label completes in quotes"
start_shell
type_text 'MATCH (e)-[:spe'
T send-keys -t sh Tab
wait_for 'maillage> MATCH (e)-[:speaker'
line ']->(p) RETURN count(*) AS speakers;'
wait_for ' 32'
# two labels start so: the first TAB completes their common part, the
# second lists them
type_text 'RETURN "Wydad'
T send-keys -t sh Tab
wait_for 'maillage> RETURN "Wydad Tedjini-Bailiche'
T send-keys -t sh Tab
wait_for 'Wydad Tedjini-Bailiche, chargée de projets'
line '" AS who;'
wait_for ' Wydad Tedjini-Bailiche'

say "a query on two lines, with the continuation prompt"
line 'MATCH (p:Person)'
wait_for '   ...> '
line 'RETURN count(*) AS people;'
wait_for ' people'
wait_re '^ 40 *$'   # the row may print a moment after the header

say ".quit leaves with status 0"
line '.quit'
wait_for '[shell exited 0]'
[ -s "$MAILLAGE_HISTORY" ] || die "no history file written"

say "history: the next session (maillage alone) recalls the previous one's lines"
start_shell ""
T send-keys -t sh Up
wait_for 'maillage> .quit'
T send-keys -t sh Up
wait_for 'maillage> RETURN count(*) AS people;'
T send-keys -t sh Up Up
wait_for 'maillage> RETURN "Wydad Tedjini-Bailiche" AS who;'
T send-keys -t sh Enter
wait_for '(1 row)'

say ".load, then Ctrl-C cancels a long path query and the prompt comes back"
line '.load chain.ttl'
wait_for 'loaded 1 file'
line 'MATCH (a)-[:next*1..9999]->(b) WHERE id(b) ENDS WITH "999" RETURN a, b;'
sleep 1   # let it run
pane | grep -q 'rows)' && { dump; die "the long query finished before Ctrl-C"; }
T send-keys -t sh C-c
wait_for 'error: interrupted' 5
line 'RETURN 6 * 7 AS answer;'
wait_for ' 42'

say "Ctrl-C cancels a cross product too (on PostgreSQL: the one SQL join the server runs)"
line 'MATCH (a), (b), (c) RETURN count(*) AS n;'
sleep 1
pane | grep -q ' n *$' && { dump; die "the cross product finished before Ctrl-C"; }
T send-keys -t sh C-c
wait_count 'error: interrupted' 2 5
line 'RETURN 7 * 6 AS again;'
wait_for ' again'

say "a result wider than the terminal goes through \$PAGER, a narrow one not"
pane | grep -q PAGED: && { dump; die "a narrow result was paged"; }
line "RETURN \"$(printf 'x%.0s' {1..250})\" AS wide;"
wait_for 'PAGED: wide'

say "Ctrl-C at the prompt drops the line; Ctrl-D leaves with status 0"
type_text 'RETURN "never run'
T send-keys -t sh C-c
line 'RETURN "ran" AS after_ctrl_c;'
wait_for ' ran'
pane | grep -q 'never run"' && { dump; die "the abandoned line ran"; }
T send-keys -t sh C-d
wait_for '[shell exited 0]'

say "ok"
