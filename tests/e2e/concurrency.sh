#!/usr/bin/env bash
# A reader running while a writer loads sees the old or the new content,
# never an error.
source "$(dirname "$0")/lib.sh" "$@"

python3 - <<'PY'
with open("big.nt", "w") as f:
    for i in range(60000):
        f.write(f'<http://example.org/s{i}> <http://example.org/p{i % 7}> "valeur {i}" .\n')
PY
printf '<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n' > small.nt
"$M" load --quiet small.nt
old=$("$M" stats | awk '/distinct triples/ {print $NF}')

"$M" load --quiet --graph http://example.org/big big.nt &
writer=$!
seen_old=0; seen_new=0; reads=0
while kill -0 $writer 2>/dev/null || [ $reads -lt 3 ]; do
  n=$("$M" stats | awk '/distinct triples/ {print $NF}') || die "a reader failed during the load"
  reads=$((reads + 1))
  if [ "$n" = "$old" ]; then seen_old=1
  elif [ "$n" = "$((old + 60000))" ]; then seen_new=1
  else die "a reader saw $n triples: neither $old nor $((old + 60000))"; fi
  [ $reads -gt 500 ] && break
done
wait $writer || die "the writer failed"
n=$("$M" stats | awk '/distinct triples/ {print $NF}')
[ "$n" = "$((old + 60000))" ] || die "after the load: $n"
say "$reads reads during the load (old seen: $seen_old, new seen: $seen_new)"
"$M" check --integrity >/dev/null
say ok
