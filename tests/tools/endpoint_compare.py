#!/usr/bin/python3
"""endpoint_compare.py — the same questions asked locally and through a
SPARQL endpoint must give the same rows.

Usage:
  endpoint_compare.py MAILLAGE STORE URL [--default-graph IRI] [--docs ROOT] FILE.mq...

For each query (every FILE.mq; with --docs, also every query block of
ROOT/docs/query-language.md and every `$M query '...'` of ROOT/README.md):
  * local:  maillage --store STORE query --format csv QUERY
  * remote: the same with --endpoint URL [--default-graph IRI] (the SPARQL
            that EXPLAIN prints, sent to URL, its rows printed by our writer)
Parameters come from `// param: NAME=VALUE` lines and from the
`--param NAME=VALUE` of an `// example:` line.

The CSV texts are compared whole when the query has ORDER BY, else as
sorted lists of rows; when they are the same, so must be the rows in TSV
(the terms: language tags, datatypes) and JSON (numbers, booleans, nulls,
lists), in any order.  Under ORDER BY, rows that are equal as a sorted
list but not in order are reported as "tie order" (rows whose order keys
are equal may come in either order) and counted apart — when the keys of
the last ORDER BY are columns, only if the sequences of key values are
the same (else the order differs: a failure).

A documented fragment that needs a $parameter nobody gives is skipped.
Prints one line per query, then
  endpoint: N queries, M same rows (T of them in another tie order), F differ
and exits 1 when F > 0.
"""

import csv
import io
import json
import os
import re
import subprocess
import sys


def directives(text):
    params = []
    for ln in text.splitlines():
        m = re.match(r"\s*//\s*param:\s*(\S+=.*?)\s*$", ln)
        if m:
            params.append(m.group(1))
        m = re.match(r"\s*//\s*example:.*$", ln)
        if m:
            for p in re.findall(r"--param\s+(\w+)=(\"[^\"]*\"|'[^']*'|\S+)", ln):
                params.append(p[0] + "=" + p[1].strip("\"'"))
    return params


def doc_queries(root):
    """Query blocks of docs/query-language.md and README `$M query '…'`."""
    out = []
    text = open(os.path.join(root, "docs", "query-language.md"), encoding="utf-8").read()
    for i, block in enumerate(re.findall(r"```[a-z]*\n(.*?)```", text, re.S)):
        if block.lstrip().startswith("MATCH") and "RETURN" in block:
            out.append(("docs/query-language.md#%d" % (i + 1), block))
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    for i, q in enumerate(re.findall(r"\$M query '(.*?)'", readme, re.S)):
        if q.lstrip().startswith("MATCH"):
            out.append(("README.md#%d" % (i + 1), q))
    return out


def order_columns(key, header):
    """Indexes in header of the last ORDER BY's keys, or None when a key
    is not a column (then ties cannot be told from a wrong order)."""
    m = None
    for m in re.finditer(r"\bORDER\s+BY\s+(.*?)(?=\s+(?:SKIP|LIMIT|UNION)\b|$)",
                         key, re.I):
        pass
    if not m:
        return None
    idx = []
    for item in m.group(1).split(","):
        words = item.split()
        if len(words) == 2 and words[1].upper() in ("ASC", "DESC",
                                                     "ASCENDING", "DESCENDING"):
            words = words[:1]
        if len(words) != 1 or words[0].strip("`") not in header:
            return None
        idx.append(header.index(words[0].strip("`")))
    return idx


def key_sequence(text, idx):
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return [tuple(r[i] for i in idx) for r in rows]


def run(cmd):
    p = subprocess.run(cmd, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def key_ok(key, local, remote):
    """Whether two answers with the same rows in another order have the
    same sequence of order keys (ties broken otherwise); True when the
    keys are not all columns (not verifiable)."""
    header = next(csv.reader(io.StringIO(local)), [])
    idx = order_columns(key, header)
    if idx is None:
        return True
    return key_sequence(local, idx) == key_sequence(remote, idx)


def other_formats(base, remote_args, text):
    """None when the rows are also the same in TSV (terms: language tags,
    datatypes) and JSON (numbers, booleans, nulls, lists), in any order;
    else what differs."""
    for fmt in ("tsv", "json"):
        args = list(base)
        args[args.index("--format") + 1] = fmt
        rc1, local, _ = run(args + [text])
        rc2, remote, err = run(args + remote_args + [text])
        if rc1 != 0 or rc2 != 0:
            return "--format %s fails: %s" % (fmt, err.strip()[:300])
        if fmt == "json":
            la = sorted(json.dumps(r, sort_keys=True) for r in json.loads(local))
            ra = sorted(json.dumps(r, sort_keys=True) for r in json.loads(remote))
        else:
            la, ra = sorted(local.splitlines()), sorted(remote.splitlines())
        if la != ra:
            pairs = [(a, b) for a, b in zip(la, ra) if a != b][:1] or [(la, ra)]
            return "--format %s differs:\n  local:  %s\n  remote: %s" % (
                fmt, str(pairs[0][0])[:400], str(pairs[0][1])[:400])
    return None


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    m, store, url = argv[0], argv[1], argv[2]
    rest = argv[3:]
    queries = []
    remote_args = ["--endpoint", url]
    if rest[:1] == ["--default-graph"]:
        remote_args += rest[:2]
        rest = rest[2:]
    if rest[:1] == ["--docs"]:
        queries += doc_queries(rest[1])
        rest = rest[2:]
    for path in rest:
        queries.append((os.path.relpath(path), open(path, encoding="utf-8").read()))
    seen, total, same, ties, differ, skipped = set(), 0, 0, 0, 0, 0
    for name, text in queries:
        key = re.sub(r"\s+", " ", re.sub(r"//[^\n]*", "", text)).strip()
        if key in seen:
            continue
        seen.add(key)
        total += 1
        base = [m, "--store", store, "query", "--format", "csv"]
        for p in directives(text):
            base += ["--param", p]
        rc1, local, err1 = run(base + [text])
        rc2, remote, err2 = run(base + remote_args + [text])
        ordered = re.search(r"\bORDER\s+BY\b", key, re.I) is not None
        if rc1 != 0 and "missing parameter" in err1:
            # a documented fragment with a $parameter and no value for it
            skipped += 1
            total -= 1
            print("skip %s: %s" % (name, err1.strip().splitlines()[0]))
            continue
        if rc1 != 0 or rc2 != 0:
            differ += 1
            print("FAIL %s: exit %d locally, %d remotely\n  %s%s" % (
                name, rc1, rc2, err1.strip()[:300], "\n  " + err2.strip()[:600]))
            continue
        la, ra = local.splitlines(), remote.splitlines()
        nrows = len(la) - 1
        why = None
        if la[:1] == ra[:1] and sorted(la[1:]) == sorted(ra[1:]):
            why = other_formats(base, remote_args, text)
        if why:
            differ += 1
            print("FAIL %s: the same rows in CSV, %s" % (name, why))
        elif local == remote:
            same += 1
            print("ok   %s (%d rows)" % (name, nrows))
        elif la[:1] == ra[:1] and sorted(la[1:]) == sorted(ra[1:]) and (
                not ordered or key_ok(key, local, remote)):
            same += 1
            if ordered:
                ties += 1
                print("ok   %s (%d rows, tie order)" % (name, nrows))
            else:
                print("ok   %s (%d rows, other order)" % (name, nrows))
        elif la[:1] == ra[:1] and sorted(la[1:]) == sorted(ra[1:]):
            differ += 1
            print("FAIL %s: the same %d rows in another order (the order "
                  "keys differ)" % (name, nrows))
        else:
            differ += 1
            ls, rs = set(la[1:]), set(ra[1:])
            print("FAIL %s: %d rows locally, %d remotely" % (name, nrows, len(ra) - 1))
            for r in sorted(ls - rs)[:5]:
                print("  only local:  " + r)
            for r in sorted(rs - ls)[:5]:
                print("  only remote: " + r)
            if la[:1] != ra[:1]:
                print("  columns: %s vs %s" % (la[:1], ra[:1]))
    print("endpoint: %d queries, %d same rows (%d of them in another tie order), %d differ"
          "%s" % (total, same, ties, differ,
                  " (%d skipped: no parameter value)" % skipped if skipped else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
