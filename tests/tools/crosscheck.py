#!/usr/bin/python3
"""crosscheck.py — run Maillage queries with our engine and, independently,
the SPARQL 1.1 text that `EXPLAIN` prints for them with rdflib on the same
data; the rows must be equal.

Usage:
  crosscheck.py [--rasqal] MAILLAGE STORE FILE.mq...

With --rasqal the SPARQL text is run by `maillage sparql` (Redland's
rasqal, the engine of `maillage serve`) on the store itself instead of
rdflib: the translation `query --endpoint` sends must also be answered by
it.

STORE is a Maillage store (already loaded).  For each FILE.mq:
  * ours:   maillage --store STORE query --format json -f FILE.mq
  * SPARQL: the text after the `SPARQL:` line of `EXPLAIN <query>`, run by
            rdflib on `maillage export --format nquads` loaded into a Dataset
            whose default graph is the union of all graphs.

Directives in the query file (comment lines):
  // param: NAME=VALUE       passed as --param NAME=VALUE (repeatable)
  // crosscheck: skip REASON  not compared (an engine bug, named in REASON)

Values are normalised before comparison: IRIs as full strings, literals as
their lexical forms, numbers numerically (to 9 significant digits),
booleans as true/false; a list the reader sorts (labels():
src/remote/remote.h) as ours.  A list cell of a `collect` column (GROUP_CONCAT in
the SPARQL) is compared as the multiset of its space-separated words.

Rows are compared as multisets; as sets when the query is DISTINCT or
aggregates.  Under ORDER BY with LIMIT/SKIP, when the order keys are
projected columns, the key sequence must be equal and, per key, our rows
must be among rdflib's rows with that key (all of them when the key's block
lies wholly inside the window): ties are allowed to be broken either way.
When the keys are not columns, our rows must be a sub-multiset of the
unlimited answer and the row count must match.

Prints one line per query and `crosscheck: N passed, M failed`; exits 1 when
any failed, 2 on a usage error.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from decimal import Decimal

import rdflib
from rdflib import BNode, Literal, URIRef

rdflib.NORMALIZE_LITERALS = False

NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
NUM_TYPES = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "decimal", "double", "float", "int", "long",
              "short", "byte", "nonNegativeInteger", "positiveInteger",
              "negativeInteger", "nonPositiveInteger", "unsignedInt",
              "unsignedLong", "unsignedShort", "unsignedByte")
}


def num(x):
    return ("n", float("%.9g" % float(x)))


def norm_ours(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return num(v)
    if isinstance(v, list):
        return ("list", tuple(sorted(repr(norm_ours(x)) for x in v)))
    if isinstance(v, str) and v.startswith("_:"):
        return "_:b"
    if isinstance(v, str) and NUM_RE.match(v):
        return num(v)
    return v


def norm_sorted_list(s):
    """A list the reader sorts (U+001C, then items separated by U+001F:
    labels(), src/remote/remote.h), as ours."""
    items = s[1:].split("\x1f") if len(s) > 1 else []
    return ("list", tuple(sorted(repr(norm_ours(x)) for x in items)))


def norm_rdflib(t):
    if t is None:
        return None
    if isinstance(t, BNode):
        return "_:b"
    if isinstance(t, URIRef):
        return str(t)
    if isinstance(t, Literal) and not t.language and str(t)[:1] == "\x1c":
        return norm_sorted_list(str(t))
    if isinstance(t, Literal):
        dt = str(t.datatype) if t.datatype else None
        if dt in NUM_TYPES:
            try:
                return num(Decimal(str(t)))
            except Exception:
                return str(t)
        if dt == "http://www.w3.org/2001/XMLSchema#boolean":
            return "true" if str(t).strip() in ("true", "1") else "false"
        s = str(t)
        if NUM_RE.match(s):
            return num(s)
        return s
    return str(t)


def words(v):
    """A collect/GROUP_CONCAT cell as the multiset of its words."""
    if v is None:
        return ("words", ())
    if isinstance(v, list):
        parts = []
        def flat(x):
            if isinstance(x, list):
                for y in x:
                    flat(y)
            elif x is not None:
                parts.extend(str(x).split())
        flat(v)
        return ("words", tuple(sorted(parts)))
    return ("words", tuple(sorted(str(v).split())))


def sparql_var(name):
    """The variable the translation makes of a column name (sb_var in
    src/query/sparql_text.c): letters and digits kept, '_' doubled, any
    other byte _XX."""
    out = []
    for byte in name.encode("utf-8"):
        c = chr(byte)
        if byte < 128 and c.isalnum():
            out.append(c)
        elif c == "_":
            out.append("__")
        else:
            out.append("_%02X" % byte)
    return "".join(out)


def directives(text):
    params, skip = [], None
    for ln in text.splitlines():
        m = re.match(r"\s*//\s*param:\s*(\S+=.*?)\s*$", ln)
        if m:
            params.append(m.group(1))
        m = re.match(r"\s*//\s*crosscheck:\s*skip\s*(.*)$", ln)
        if m:
            skip = m.group(1).strip() or "skipped"
    return params, skip


def run(cmd, stdin=None, timeout=None):
    try:
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, "", "no answer within %d s" % timeout
    return p.returncode, p.stdout, p.stderr


def split_window(sparql):
    """Removes the outermost LIMIT/OFFSET (last lines of a one-part query)."""
    limit = skip = None
    lines = sparql.rstrip("\n").split("\n")
    while lines and re.match(r"^  (LIMIT|OFFSET) \d+$", lines[-1]):
        kw, n = lines.pop().split()
        if kw == "LIMIT":
            limit = int(n)
        else:
            skip = int(n)
    return "\n".join(lines) + "\n", limit, skip


def order_keys(sparql):
    """[(var, desc)] of the outermost ORDER BY when every key is ?var."""
    lines = sparql.rstrip("\n").split("\n")
    for ln in reversed(lines):
        if ln.startswith("  ORDER BY "):
            keys = re.findall(r"(ASC|DESC)\(([^()]*)\)", ln[len("  ORDER BY "):])
            rebuilt = " ".join("%s(%s)" % k for k in keys)
            if rebuilt != ln[len("  ORDER BY "):].strip():
                return None
            out = []
            for d, e in keys:
                if not re.match(r"^\?\w+$", e):
                    return None
                out.append((e[1:], d == "DESC"))
            return out
        if not re.match(r"^  (LIMIT|OFFSET) \d+$", ln):
            return None
    return None


def collect_vars(sparql):
    return set(re.findall(r"GROUP_CONCAT\([^\n]*? AS \?(\w+)\)", sparql))


def fmt_rows(rows):
    return "\n".join("      " + repr(r) for r in rows) or "      (none)"


def check_one(maillage, store, ds, path):
    name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    params, skip = directives(text)
    if skip:
        return "skip", "%s (%s)" % (name, skip)
    pargs = []
    for p in params:
        pargs += ["--param", p]
    base = [maillage, "--store", store, "query"]
    rc, out, err = run(base + ["--format", "json", "-f", path] + pargs)
    if rc != 0:
        return "fail", "%s: our query failed (exit %d): %s" % (name, rc, err.strip())
    ours = json.loads(out) if out.strip() else []
    rc, out, err = run(base + ["-f", "-"] + pargs, stdin="EXPLAIN " + text)
    if rc != 0 or "\nSPARQL:\n" not in "\n" + out:
        return "fail", "%s: EXPLAIN failed (exit %d): %s" % (name, rc, err.strip())
    sparql = ("\n" + out).split("\nSPARQL:\n", 1)[1]
    head = sparql.split("WHERE", 1)[0]
    first = re.match(r"\s*SELECT\s+(DISTINCT\s+)?", sparql)
    distinct = bool(first and first.group(1)) or "COUNT(" in head or \
        "SUM(" in head or "MIN(" in head or "MAX(" in head or \
        "AVG(" in head or "GROUP_CONCAT(" in head or "\n  GROUP BY " in sparql
    coll = collect_vars(sparql)
    keys = order_keys(sparql)
    unlimited, limit, skipn = split_window(sparql)
    try:
        if ds is None:
            rvars, theirs_raw = rasqal_query(maillage, store, unlimited)
        else:
            res = ds.query(unlimited)
            rvars = [str(v) for v in res.vars]
            theirs_raw = list(res)
    except Exception as e:  # a SPARQL text the engine cannot run is a failure
        return "fail", "%s: %s could not run the SPARQL: %s: %s\n%s" % (
            name, "rdflib" if ds is not None else "rasqal", type(e).__name__,
            e, sparql)

    # Columns: ours are keyed by column name; rdflib's by sanitised name.
    cols = list(ours[0].keys()) if ours else [v for v in rvars]
    colvars = [sparql_var(c) for c in cols]
    missing = [v for v in colvars if v not in rvars]
    if missing and (ours or theirs_raw):
        return "fail", "%s: columns %s not in the SPARQL's %s\n%s" % (
            name, missing, rvars, sparql)

    def our_row(r):
        return tuple(words(r.get(c)) if v in coll else norm_ours(r.get(c))
                     for c, v in zip(cols, colvars))

    def their_row(r):
        out = []
        for v in colvars:
            if isinstance(r, dict):
                t = r.get(v)
            else:
                t = r[v] if v in rvars else None
            out.append(words(None if t is None else str(t)) if v in coll
                       else norm_rdflib(t))
        return tuple(out)

    a = [our_row(r) for r in ours]
    b = [their_row(r) for r in theirs_raw]
    ordered = limit is not None or skipn is not None
    ok, why = True, ""
    if not ordered:
        if distinct:
            ok = set(a) == set(b)
        else:
            ok = Counter(a) == Counter(b)
    elif keys is not None and all(k in colvars for k, _ in keys):
        idx = [colvars.index(k) for k, _ in keys]
        window = b[(skipn or 0):]
        if limit is not None:
            window = window[:limit]
        ka = [tuple(r[i] for i in idx) for r in a]
        kw = [tuple(r[i] for i in idx) for r in window]
        if ka != kw:
            ok, why = False, "order keys differ"
        else:
            for k in set(ka):
                mine = Counter(r for r, kk in zip(a, ka) if kk == k)
                allk = Counter(r for r in b
                               if tuple(r[i] for i in idx) == k)
                inwin = sum(1 for kk in kw if kk == k)
                if mine - allk:
                    ok, why = False, "rows for key %r not in rdflib's" % (k,)
                    break
                if inwin == sum(allk.values()) and mine != allk:
                    ok, why = False, "rows for key %r differ" % (k,)
                    break
    else:
        want = max(0, len(b) - (skipn or 0))
        if limit is not None:
            want = min(limit, want)
        if Counter(a) - Counter(b) or len(a) != want:
            ok, why = False, "not a window of rdflib's answer"
    if ok:
        return "pass", name
    return "fail", ("%s: rows differ %s\n  columns: %s\n  ours (%d):\n%s\n"
                    "  rdflib (%d%s):\n%s\n  SPARQL:\n%s" % (
                        name, why, cols, len(a), fmt_rows(sorted(a, key=repr)),
                        len(b), ", before the LIMIT/OFFSET" if ordered else "",
                        fmt_rows(sorted(b, key=repr) if not ordered else b),
                        sparql))


RASQAL_TIMEOUT = 30  # seconds per query: rasqal has no join planner


def rasqal_query(maillage, store, sparql):
    """Runs sparql with `maillage sparql` (rasqal): (vars, rows as dicts of
    rdflib terms)."""
    rc, out, err = run([maillage, "--store", store, "sparql", "--format",
                        "json", "-f", "-"], stdin=sparql, timeout=RASQAL_TIMEOUT)
    if rc != 0:
        raise RuntimeError(err.strip().splitlines()[-1] if err.strip() else
                           "exit %d" % rc)
    d = json.loads(out)
    rows = []
    for b in d["results"]["bindings"]:
        row = {}
        for v, t in b.items():
            if t["type"] == "uri":
                row[v] = URIRef(t["value"])
            elif t["type"] == "bnode":
                row[v] = BNode(t["value"])
            else:
                row[v] = Literal(t["value"], lang=t.get("xml:lang"),
                                 datatype=t.get("datatype"))
        rows.append(row)
    return d["head"]["vars"], rows


def main(argv):
    use_rasqal = argv[:1] == ["--rasqal"]
    if use_rasqal:
        argv = argv[1:]
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    maillage, store, files = argv[0], argv[1], argv[2:]
    ds = None
    with tempfile.TemporaryDirectory() as tmp:
        if use_rasqal:
            return run_all(maillage, store, None, files)

        nq = os.path.join(tmp, "all.nq")
        with open(nq, "w") as f:
            rc = subprocess.run([maillage, "--store", store, "export",
                                 "--format", "nquads"], stdout=f).returncode
        if rc != 0:
            print("crosscheck: export failed", file=sys.stderr)
            return 2
        ds = rdflib.Dataset(default_union=True)
        ds.parse(nq, format="nquads")
    return run_all(maillage, store, ds, files)


def run_all(maillage, store, ds, files):
    passed = failed = skipped = 0
    for path in files:
        status, msg = check_one(maillage, store, ds, path)
        if status == "pass":
            passed += 1
            print("ok   " + msg)
        elif status == "skip":
            skipped += 1
            print("skip " + msg)
        else:
            failed += 1
            print("FAIL " + msg)
    print("crosscheck: %d passed, %d failed%s" % (
        passed, failed, ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
