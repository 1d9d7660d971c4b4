#!/usr/bin/env bash
# Crash consistency: every named failure point (src/core/failpoint.h) of a
# load and a drop, armed in turn as an error and as a SIGKILL, on every
# write path: afterwards the store opens, passes check --integrity and
# holds exactly the previous content (A) or exactly the new one (B): A
# when the point is before the commit, B after it.  Every point must fire
# (a renamed point cannot turn a case into a no-op); a point a path does
# not have must not fire, and then the operation succeeds.
#
# Needs a build with -DMAILLAGE_FAILPOINTS=ON (scripts/test.sh); skipped
# (77) otherwise.
source "$(dirname "$0")/lib.sh" "$@"

if [ "${MG_TEST_FAILPOINTS:-}" != 1 ]; then
  echo "skipped: this build has no failure points (-DMAILLAGE_FAILPOINTS=ON)"
  exit 77
fi

POINTS="begin dict index.spog index.posg index.ospg index.gspo stats
        commit.before commit.after"
EX=http://example.org/

# A: two graphs (g1 and g2) with classes, language tags, typed literals
# and blank nodes; B's input (b.ttl) replaces or extends g1 with terms the
# store does not have yet.
{
  echo "@prefix ex: <$EX> ."
  echo "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
  echo "ex:g1 {"
  for i in $(seq 1 150); do
    echo "  ex:s$i a ex:C$((i % 4)) ; ex:p$((i % 5)) ex:o$((i % 30)) ;"
    echo "    ex:label \"nom $i\"@fr ; ex:n \"$i\"^^xsd:integer ; ex:b [ ex:v $i ] ."
  done
  echo "}"
  echo "ex:g2 {"
  for i in $(seq 1 60); do
    echo "  ex:s$i ex:p$((i % 5)) ex:o$((i % 30)) . ex:t$i a ex:C1 ."
  done
  echo "}"
} > a.trig
{
  echo "@prefix ex: <$EX> ."
  for i in $(seq 100 260); do
    echo "ex:s$i a ex:D$((i % 3)) ; ex:q$((i % 4)) \"neu $i\"@de ; ex:p1 ex:o$((i % 50)) ."
  done
} > b.ttl
export_sorted() { MAILLAGE_STORE="$1" "$M" export --format nquads | LC_ALL=C sort; }

# The starting stores: base/two.db holds A (g1 and g2), base/one.db only
# g1 (its drop empties the store: another code path).
mkdir -p base
MAILLAGE_STORE=$WORK/base/two.db "$M" load --quiet a.trig
MAILLAGE_STORE=$WORK/base/one.db "$M" load --quiet --graph ${EX}g1 b.ttl
MAILLAGE_STORE=$WORK/base/one.db "$M" check --integrity >/dev/null

# op NAME: the base store it starts from ("none": no store yet), the
# environment and the command that turns A into B.
op_base() {
  case "$1" in
    load-empty|load-empty-general) echo none ;;
    drop-last) echo one ;;
    *) echo two ;;
  esac
}
op_run() {  # op_run NAME (in the store $MAILLAGE_STORE)
  case "$1" in
    load-empty) "$M" load --quiet a.trig ;;
    load-empty-general) MAILLAGE_BULK=0 "$M" load --quiet a.trig ;;
    load-replace) "$M" load --quiet --graph ${EX}g1 b.ttl ;;
    load-append) "$M" load --quiet --append --graph ${EX}g1 b.ttl ;;
    load-general) MAILLAGE_BULK=0 "$M" load --quiet --graph ${EX}g1 b.ttl ;;
    drop) "$M" drop --graph ${EX}g1 ;;
    drop-last) "$M" drop --graph ${EX}g1 ;;
  esac
}
# Which points an operation must reach (a drop writes no term).
reaches() {  # reaches OP POINT
  case "$1:$2" in
    drop:dict|drop-last:dict) return 1 ;;
  esac
  return 0
}
OPS="load-empty load-empty-general load-replace load-append load-general drop drop-last"

# fresh OP DIR: DIR becomes a copy of the operation's starting store.
fresh() {
  rm -rf "$2"
  local b; b=$(op_base "$1")
  if [ "$b" != none ]; then cp -r "base/$b.db" "$2"; fi
}

cases=0
for op in $OPS; do
  # A and B of this operation, without failure points.
  fresh "$op" "$WORK/ref.db"
  if [ "$(op_base "$op")" = none ]; then
    : > "A.$op"
  else
    export_sorted "$WORK/ref.db" > "A.$op"
  fi
  MAILLAGE_STORE=$WORK/ref.db op_run "$op" 2>/dev/null || die "$op fails without a failure point"
  export_sorted "$WORK/ref.db" > "B.$op"
  cmp -s "A.$op" "B.$op" && die "$op: A and B are the same: the test could not tell them apart"

  for point in $POINTS; do
    for mode in error kill; do
      cases=$((cases + 1))
      what="$op at $point ($mode)"
      store=$WORK/case.db
      fresh "$op" "$store"
      rm -f fp.log
      rc=0
      MAILLAGE_STORE=$store MAILLAGE_FAILPOINT="$point:$mode" \
        MAILLAGE_FAILPOINT_LOG=$WORK/fp.log op_run "$op" >out 2>err || rc=$?
      fired=$(cat fp.log 2>/dev/null || true)
      if reaches "$op" "$point"; then
        [ "$fired" = "$point $mode" ] \
          || die "$what: the failure point did not fire (log: '$fired', exit $rc)"
        if [ "$mode" = kill ]; then
          [ "$rc" -eq 137 ] || { cat err >&2; die "$what: exit $rc, expected 137 (SIGKILL)"; }
        else
          [ "$rc" -eq 1 ] || { cat err >&2; die "$what: exit $rc, expected 1"; }
          assert_contains err "failure point $point reached"
        fi
        if [ "$point" = commit.after ]; then want=B; else want=A; fi
      else
        [ -z "$fired" ] || die "$what: a point this path does not have fired: '$fired'"
        [ "$rc" -eq 0 ] || { cat err >&2; die "$what: exit $rc, expected success"; }
        want=B
      fi
      MAILLAGE_STORE=$store "$M" check --integrity >check.out 2>&1 \
        || { cat check.out >&2; die "$what: check --integrity failed"; }
      export_sorted "$store" > got || die "$what: export failed"
      cmp -s got "$want.$op" || {
        diff "$want.$op" got | head -20 >&2 || true
        other=A; [ "$want" = A ] && other=B
        cmp -s got "$other.$op" && die "$what: the store holds $other, expected $want"
        die "$what: the store holds neither A nor B"
      }
      if [ "$mode" = kill ]; then
        # The killed writer left no lock behind: the next write goes through.
        MAILLAGE_STORE=$store "$M" add --graph ${EX}after '<urn:a> <urn:b> <urn:c> .' \
          2>/dev/null || die "$what: the store takes no write after the kill"
      fi
    done
  done
  say "$op: $(echo $POINTS | wc -w) points x {error, kill}: store intact, A or B as expected"
done
say "$cases cases"
say ok
