#!/usr/bin/env bash
# A full disk, a file size limit (ulimit -f) and a full LMDB map: a load
# or a drop fails with a clear message and exit code 1, and the store
# keeps its previous content and passes check --integrity.
#
# The full disk is tests/shims/enospc.c preloaded (writes under a
# directory fail with ENOSPC once a byte budget is spent; the write that
# crosses it is cut short, as on a real file system).  Its path comes from
# ctest (MG_TEST_ENOSPC_SHIM); skipped (77) without it (the valgrind runs).
source "$(dirname "$0")/lib.sh" "$@"

SHIM="${MG_TEST_ENOSPC_SHIM:-}"
if [ -z "$SHIM" ] || [ ! -f "$SHIM" ]; then
  echo "skipped: no ENOSPC shim (MG_TEST_ENOSPC_SHIM)"
  exit 77
fi
# The shim is preloaded ahead of the sanitizer runtime of an ASan build.
export ASAN_OPTIONS="verify_asan_link_order=0:${ASAN_OPTIONS:-}"
EX=http://example.org/

{
  echo "@prefix ex: <$EX> ."
  echo "ex:g1 {"
  for i in $(seq 1 400); do
    echo "  ex:s$i a ex:C$((i % 4)) ; ex:p$((i % 5)) ex:o$((i % 30)) ; ex:label \"nom $i\"@fr ."
  done
  echo "}"
  echo "ex:g2 { ex:a ex:b ex:c . ex:a ex:b \"d\" . }"
} > a.trig
awk 'BEGIN { for (i = 0; i < 8000; i++)
  printf "<http://example.org/x%d> <http://example.org/q%d> \"valeur %d\" .\n", i, i % 7, i }' > big.nt

"$M" --store "$WORK/base.db" load --quiet a.trig
export_sorted() { "$M" --store "$1" export --format nquads | LC_ALL=C sort; }
export_sorted "$WORK/base.db" > A

# run_op OP: the operation on $MAILLAGE_STORE.
run_op() {
  case "$1" in
    load) "$M" load --quiet --graph ${EX}g1 big.nt ;;
    load-general) MAILLAGE_BULK=0 "$M" load --quiet --graph ${EX}g1 big.nt ;;
    load-append) "$M" load --quiet --append --graph ${EX}g2 big.nt ;;
    drop) "$M" drop --graph ${EX}g1 ;;
  esac
}

# intact WHAT: the store holds A and passes check --integrity.
intact() {
  "$M" check --integrity >check.out 2>&1 || { cat check.out >&2; die "$1: check --integrity failed"; }
  export_sorted "$MAILLAGE_STORE" > got
  cmp -s A got || { diff A got | head >&2 || true; die "$1: the store changed"; }
}

say "disk full (ENOSPC shim) at several points of the commit"
cases=0
for op in load load-general load-append drop; do
  for budget in 0 4096 70001 300001; do
    # drop's commit writes less than the larger budgets: it would succeed.
    if [ "$op" = drop ] && [ "$budget" -gt 4096 ]; then continue; fi
    rm -rf "$MAILLAGE_STORE"; cp -r base.db "$MAILLAGE_STORE"
    rc=0
    LD_PRELOAD="$SHIM" MG_ENOSPC_DIR="$MAILLAGE_STORE" MG_ENOSPC_AFTER=$budget \
      run_op $op >out 2>err || rc=$?
    [ "$rc" -eq 1 ] || { cat err >&2; die "$op, disk full after $budget bytes: exit $rc, expected 1"; }
    assert_contains err "no space left on device (the disk holding the store is full)"
    intact "$op, disk full after $budget bytes"
    cases=$((cases + 1))
  done
done
say "$cases cases: clear message, exit 1, previous content, integrity"

say "the drop that empties the store, disk full"
rm -rf "$MAILLAGE_STORE"; cp -r base.db "$MAILLAGE_STORE"
"$M" drop --graph ${EX}g2 2>/dev/null
export_sorted "$MAILLAGE_STORE" > A
rc=0
LD_PRELOAD="$SHIM" MG_ENOSPC_DIR="$MAILLAGE_STORE" "$M" drop --graph ${EX}g1 2>err || rc=$?
[ "$rc" -eq 1 ] || die "drop of the last graph on a full disk: exit $rc"
assert_contains err "no space left on device"
intact "drop of the last graph"
export_sorted "$WORK/base.db" > A

say "a new store on a full disk: clear message, no store left behind"
rc=0
LD_PRELOAD="$SHIM" MG_ENOSPC_DIR="$WORK" "$M" --store "$WORK/new.db" load a.trig 2>err || rc=$?
[ "$rc" -eq 1 ] || { cat err >&2; die "creating a store on a full disk: exit $rc"; }
grep -qi "no space left on device" err || { cat err >&2; die "no 'no space' message"; }
expect_fail 1 "$M" --store "$WORK/new.db" stats
assert_contains "$WORK/err" "no store at"
"$M" --store "$WORK/new.db" load --quiet a.trig   # room again: it works
MAILLAGE_STORE=$WORK/new.db intact "the store created after the disk had room"

say "file size limit (ulimit -f): EFBIG, not SIGXFSZ"
for slack in 0 8 64; do
  rm -rf "$MAILLAGE_STORE"; cp -r base.db "$MAILLAGE_STORE"
  kb=$(( $(stat -c %s "$MAILLAGE_STORE/data.mdb") / 1024 + slack ))
  rc=0
  (ulimit -f "$kb"; exec "$M" load --quiet --graph ${EX}g1 big.nt) >out 2>err || rc=$?
  [ "$rc" -eq 1 ] || { cat err >&2; die "ulimit -f $kb: exit $rc, expected 1 (137+: killed by a signal)"; }
  assert_contains err "file too large (the file size limit, ulimit -f, was reached)"
  intact "ulimit -f $kb"
done

say "LMDB map full (MAILLAGE_MAPSIZE): clear message"
for bulk in 1 0; do
  rm -rf "$MAILLAGE_STORE"; cp -r base.db "$MAILLAGE_STORE"
  rc=0
  MAILLAGE_BULK=$bulk MAILLAGE_MAPSIZE=1048576 "$M" load --quiet --graph ${EX}g1 big.nt \
    >out 2>err || rc=$?
  [ "$rc" -eq 1 ] || { cat err >&2; die "map full (bulk=$bulk): exit $rc, expected 1"; }
  assert_contains err "the store's map is full (raise MAILLAGE_MAPSIZE)"
  intact "map full (bulk=$bulk)"
done
"$M" load --quiet --graph ${EX}g1 big.nt   # the default map takes it
say ok
