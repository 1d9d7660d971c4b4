#!/usr/bin/env bash
# Two writers at once: loads are serialised by LMDB's single writer lock
# (the second waits; neither fails), and the store ends with exactly one
# of the two orders' content.  Readers running meanwhile see the content
# before, after one, or after both loads: never an error, never a mix.
#
# Both loads replace graph G: X with nx triples, Y with ny.  Each state
# is told by G's size (old, nx or ny) and its content by an export.
#
# With the failure points (MG_TEST_FAILPOINTS=1, scripts/test.sh) a last
# round makes the overlap certain: X is held inside its transaction,
# just before the commit (commit.before:pause), while Y starts; Y can only
# write after X commits, so the store must end with Y.
source "$(dirname "$0")/lib.sh" "$@"

EX=http://example.org/
G=${EX}G
nx=20000; ny=12000; nold=500
gen() {  # gen TAG COUNT
  awk -v tag="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++)
    printf "<http://example.org/%s%d> <http://example.org/p%d> \"%s %d\" .\n", tag, i, i % 7, tag, i }'
}
gen x $nx > x.nt
gen y $ny > y.nt
gen old $nold > old.nt
printf '<%sa> <%sb> <%sc> .\n' $EX $EX $EX > other.nt

"$M" --store "$WORK/base.db" load --quiet --graph $G old.nt
"$M" --store "$WORK/base.db" load --quiet --graph ${EX}other other.nt
export_sorted() { "$M" --store "$1" export --format nquads | LC_ALL=C sort; }
# The contents after X alone and after Y alone (the last load wins G).
for w in x y; do
  cp -r base.db ref_$w.db
  "$M" --store "$WORK/ref_$w.db" load --quiet --graph $G $w.nt
  export_sorted "$WORK/ref_$w.db" > final_$w
done
cmp -s final_x final_y && die "X and Y give the same content: the test could not tell"

# g_size: G's size as `maillage graphs` reports it ("" if absent).
g_size() {
  "$M" graphs | awk -F'|' -v g="<$G>" '{ n = $1; gsub(/ /, "", n) } n == g { gsub(/ /, "", $2); print $2 }'
}

# read_loop PIDS...: reads until every pid has ended; fails on an error or
# a size that is no whole state.  Prints the number of reads.
read_loop() {
  local reads=0 n
  while :; do
    local alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 1 ] || break
    n=$(g_size) || die "a reader failed while two writers ran"
    case "$n" in
      $nold|$nx|$ny) ;;
      *) die "a reader saw G with '$n' triples: not $nold, $nx or $ny (a mix)" ;;
    esac
    reads=$((reads + 1))
  done
  echo $reads
}

# finish WHAT: both writers succeeded, the store is whole and ends as one
# of the two orders.  Echoes x or y (whose content won).
finish() {
  "$M" check --integrity >check.out 2>&1 || { cat check.out >&2; die "$1: check --integrity failed"; }
  export_sorted "$MAILLAGE_STORE" > got
  if cmp -s got final_x; then echo x
  elif cmp -s got final_y; then echo y
  else die "$1: the store holds neither order's content"; fi
}

rounds=3
won_x=0; won_y=0
for r in $(seq 1 $rounds); do
  rm -rf "$MAILLAGE_STORE"; cp -r base.db "$MAILLAGE_STORE"
  "$M" load --quiet --graph $G x.nt 2>errx & px=$!
  "$M" load --quiet --graph $G y.nt 2>erry & py=$!
  reads=$(read_loop $px $py)
  rcx=0; wait $px || rcx=$?
  rcy=0; wait $py || rcy=$?
  [ $rcx -eq 0 ] || { cat errx >&2; die "round $r: writer X failed ($rcx)"; }
  [ $rcy -eq 0 ] || { cat erry >&2; die "round $r: writer Y failed ($rcy)"; }
  won=$(finish "round $r")
  if [ "$won" = x ]; then won_x=$((won_x + 1)); else won_y=$((won_y + 1)); fi
  say "round $r: both loads succeeded, $reads reads, the store ends as $won's load last"
done
say "$rounds rounds: X last $won_x times, Y last $won_y times"

# Two loads into a store that does not exist yet: both create it.
rm -rf "$MAILLAGE_STORE"
"$M" load --quiet --graph $G x.nt 2>errx & px=$!
"$M" load --quiet --graph $G y.nt 2>erry & py=$!
rcx=0; wait $px || rcx=$?
rcy=0; wait $py || rcy=$?
[ $rcx -eq 0 ] && [ $rcy -eq 0 ] || { cat errx erry >&2; die "two loads creating the store: $rcx $rcy"; }
"$M" check --integrity >/dev/null
n=$(g_size)
[ "$n" = $nx ] || [ "$n" = $ny ] || die "two loads creating the store: G has $n triples"
say "two loads creating the store at once: both succeeded, G holds one of them"

if [ "${MG_TEST_FAILPOINTS:-}" = 1 ]; then
  rm -rf "$MAILLAGE_STORE"; cp -r base.db "$MAILLAGE_STORE"
  rm -f fp.log resume
  MAILLAGE_FAILPOINT=commit.before:pause MAILLAGE_FAILPOINT_LOG=$WORK/fp.log \
    MAILLAGE_FAILPOINT_RESUME=$WORK/resume "$M" load --quiet --graph $G x.nt 2>errx & px=$!
  for i in $(seq 1 6000); do
    [ -s fp.log ] && break
    kill -0 $px 2>/dev/null || break
    sleep 0.01
  done
  [ "$(cat fp.log 2>/dev/null)" = "commit.before pause" ] || die "writer X never reached commit.before"
  # X holds the write lock with its load written but not committed:
  # readers see the old content, and Y has to wait.
  [ "$(g_size)" = $nold ] || die "a reader saw X's uncommitted load"
  "$M" load --quiet --graph $G y.nt 2>erry & py=$!
  "$M" graphs >/dev/null || die "a reader failed while X held the lock"
  kill -0 $py 2>/dev/null || die "writer Y ended while X held the write lock"
  touch resume
  rcx=0; wait $px || rcx=$?
  rcy=0; wait $py || rcy=$?
  [ $rcx -eq 0 ] || { cat errx >&2; die "held writer X failed ($rcx)"; }
  [ $rcy -eq 0 ] || { cat erry >&2; die "waiting writer Y failed ($rcy)"; }
  won=$(finish "held writer")
  [ "$won" = y ] || die "Y started while X held the lock, yet X's content won"
  say "X held inside its transaction: Y waited, then both committed in order (Y last)"
else
  say "no failure points in this build: the held-writer round is left out"
fi
say ok
