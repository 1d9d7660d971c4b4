#!/usr/bin/env bash
# Bad input: a syntax error reports file:line:column, exits 1 and leaves
# the store unchanged; missing files, unknown formats, unwritable stores,
# every file of tests/bad/ is rejected cleanly.
source "$(dirname "$0")/lib.sh" "$@"

cat > good.ttl <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:b ex:p "deux"@fr .
TTL
"$M" load --quiet good.ttl
"$M" stats > before.txt

say "syntax error on line 40 of a 60-line file"
{
  echo '@prefix ex: <http://example.org/> .'
  for i in $(seq 2 39); do echo "ex:s$i ex:p ex:o$i ."; done
  echo 'ex:s40 ex:p ex:o40 ex:extra .'
  for i in $(seq 41 60); do echo "ex:s$i ex:p ex:o$i ."; done
} > bad40.ttl
expect_fail 1 "$M" load bad40.ttl
assert_contains err "bad40.ttl:40:"
grep -qE 'bad40\.ttl:40:[0-9]+: ' err || die "no column in: $(cat err)"
"$M" stats > after.txt
cmp -s before.txt after.txt || die "stats changed after a failed load"

say "all or nothing across files: a good file and a bad one"
expect_fail 1 "$M" load good.ttl bad40.ttl --graph http://example.org/g2
"$M" stats > after.txt
cmp -s before.txt after.txt || die "a failed multi-file load changed the store"

say "missing file"
expect_fail 1 "$M" load no-such-file.ttl
assert_contains err "no-such-file.ttl"
assert_contains err "No such file"

say "unknown format and extension"
expect_fail 2 "$M" load --format klingon good.ttl
assert_contains err "klingon"
cp good.ttl good.xyz
expect_fail 2 "$M" load good.xyz
expect_fail 2 "$M" export --format klingon

say "--graph with a quad format is an error"
printf '<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n' > q.nq
expect_fail 2 "$M" load --graph http://example.org/x q.nq

say "unwritable store path"
expect_fail 1 "$M" --store /proc/mg-cannot-write.db load good.ttl
[ -s err ] || die "no message for an unwritable store"

say "missing store for a read command"
expect_fail 1 "$M" --store "$WORK/absent.db" stats
assert_contains err "no store at"

say "unknown command and option"
expect_fail 2 "$M" frobnicate
expect_fail 2 "$M" export --bogus

say "a bad SPARQL query"
expect_fail 1 "$M" sparql 'SELECT ?x WHERE { ?x ?y }'
[ -s err ] || die "no message for a bad query"

say "a full disk on export: clear error, exit 1, device and old file kept"
expect_fail 1 "$M" export --format ntriples -o /dev/full
assert_contains err "No space left"
[ -c /dev/full ] || die "export removed /dev/full"
echo keep > old.ttl
expect_fail 1 "$M" export --graph http://example.org/none -o old.ttl
[ "$(cat old.ttl)" = keep ] || die "a failed export clobbered its output file"

say "every file in tests/bad/ is rejected and changes nothing"
for f in "$ROOT"/tests/bad/*; do
  expect_fail 1 "$M" load "$f"
  grep -q "$(basename "$f")" err || die "error for $f does not name the file: $(cat err)"
  "$M" stats > after.txt
  cmp -s before.txt after.txt || die "$f changed the store"
done
say ok
