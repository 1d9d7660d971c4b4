#!/usr/bin/env python3
"""run_w3c.py — runs the W3C RDF 1.1 test suites through the maillage CLI.

Usage:
  run_w3c.py --maillage BINARY [--suites DIR] [--expected-failures FILE]
             [--jobs N] [--only SUITE]... [--test NAME]... [--verbose]
             [--list-failures]

DIR (default: ../shared/w3c-rdf-tests next to the repository root) holds
the folders rdf-turtle, rdf-trig, rdf-n-triples and rdf-n-quads, each with
a manifest.ttl.  For every test of a manifest, in a fresh store:

  positive syntax    `maillage --store S load --format F --base B FILE`
                     must exit 0;
  negative syntax    the load must exit 1 (a syntax error, not a crash)
  and negative eval  and leave the store empty (export --format nquads
                     prints nothing);
  eval               the load must exit 0, and `export --format nquads`
                     must be isomorphic to mf:result (tests/tools/
                     rdfcompare.py; the file graph urn:maillage:file:NAME
                     counts as the default graph; a Turtle result is
                     compared as one set of triples).

B is mf:assumedTestBase + the action file's name (as the manifests say);
a manifest without one (N-Triples, N-Quads) gets no --base.

tests/w3c/expected-failures.txt lists, one per line,
`suite<TAB>test-name<TAB>reason`, the tests that raptor 2.0.15 (our
parser) gets wrong; suites are turtle, trig, ntriples and nquads.  Such a
test failing is an expected failure; passing is an unexpected pass.

Prints the failures, then one line per suite
  turtle: N passed, M expected failures, K unexpected failures, S skipped
and last
  W3C: N passed, F failed
with F = unexpected failures + unexpected passes.  Exits 0 iff F == 0,
77 (ctest's SKIP_RETURN_CODE) when DIR does not exist, 2 on a usage
error.  --list-failures prints every failing test as an
expected-failures.txt line (the reason being what happened).
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "tools"))

import rdflib  # noqa: E402
from rdflib import RDF, Namespace, URIRef  # noqa: E402

import rdfcompare  # noqa: E402

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")

# folder, suite name, --format, test type prefix
SUITES = [
    ("rdf-turtle", "turtle", "turtle", "TestTurtle"),
    ("rdf-trig", "trig", "trig", "TestTrig"),
    ("rdf-n-triples", "ntriples", "ntriples", "TestNTriples"),
    ("rdf-n-quads", "nquads", "nquads", "TestNQuads"),
]
KINDS = {"PositiveSyntax": "positive", "NegativeSyntax": "negative",
         "NegativeEval": "negative", "Eval": "eval"}
FILE_GRAPH = "urn:maillage:file:"
TIMEOUT = 60


def read_manifest(folder, prefix):
    """[(name, kind, action_path, result_path or None, base or None)] in
    manifest order; kind None for a type this runner does not know."""
    path = os.path.join(folder, "manifest.ttl")
    g = rdflib.Graph()
    manifest_uri = rdfcompare._file_uri(path)
    g.parse(path, format="turtle", publicID=manifest_uri)
    m = URIRef(manifest_uri)
    base = g.value(m, MF.assumedTestBase)
    entries = g.value(m, MF.entries)
    tests = []
    for t in rdflib.collection.Collection(g, entries):
        name = str(t).rsplit("#", 1)[-1]
        kind = None
        for ty in g.objects(t, RDF.type):
            ty = str(ty)
            if ty.startswith(str(RDFT) + prefix):
                kind = KINDS.get(ty[len(str(RDFT) + prefix):])
        action = g.value(t, MF.action)
        result = g.value(t, MF.result)
        apath = _local(action)
        rpath = _local(result) if result is not None else None
        tbase = (str(base) + os.path.basename(apath)) if base and apath else None
        tests.append((name, kind, apath, rpath, tbase))
    return tests


def _local(uri):
    if uri is None:
        return None
    s = str(uri)
    if s.startswith("file://"):
        from urllib.parse import unquote, urlparse
        return unquote(urlparse(s).path)
    return None


def read_expected(path):
    """{(suite, name): reason}; raises ValueError on a malformed line."""
    xf = {}
    if not os.path.exists(path):
        return xf
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not all(p.strip() for p in parts):
                raise ValueError("%s:%d: want suite<TAB>test-name<TAB>reason"
                                 % (path, n))
            xf[(parts[0], parts[1])] = parts[2]
    return xf


def run(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, b"", "timed out after %ds" % TIMEOUT


def _first_line(text):
    text = text.strip()
    return text.splitlines()[0][:300] if text else ""


def _exit_desc(rc):
    if rc is None:
        return "timed out"
    if rc < 0:
        return "killed by signal %d" % -rc
    return "exit %d" % rc


def run_test(binary, tmp, suite, fmt, test):
    """Returns (ok, what happened)."""
    name, kind, action, result, base = test
    store = os.path.join(tmp, suite + "-" + name)
    load = [binary, "--store", store, "load", "--format", fmt]
    if base:
        load += ["--base", base]
    load.append(action)
    try:
        rc, _, err = run(load)
        if kind == "positive":
            if rc == 0:
                return True, "loaded"
            return False, "load %s: %s" % (_exit_desc(rc), _first_line(err))
        if kind == "negative":
            if rc == 0:
                return False, "load accepted the invalid input"
            if rc != 1:
                return False, "load %s (want 1): %s" % (_exit_desc(rc),
                                                      _first_line(err))
            erc, out, eerr = run([binary, "--store", store, "export",
                                  "--format", "nquads"])
            if erc != 0:
                return False, "export after a failed load %s: %s" % (
                    _exit_desc(erc), _first_line(eerr))
            if out.strip():
                return False, "failed load left %d quads in the store" % (
                    len(out.strip().splitlines()))
            return True, "rejected: " + _first_line(err)
        # eval
        if rc != 0:
            return False, "load %s: %s" % (_exit_desc(rc), _first_line(err))
        erc, out, eerr = run([binary, "--store", store, "export",
                              "--format", "nquads"])
        if erc != 0:
            return False, "export %s: %s" % (_exit_desc(erc), _first_line(eerr))
        got = os.path.join(tmp, suite + "-" + name + ".nq")
        with open(got, "wb") as f:
            f.write(out)
        try:
            fg = FILE_GRAPH + os.path.basename(action)
            qa = rdfcompare.load_quads(got, "nquads",
                                       default_graph_prefixes=(fg,))
            qb = rdfcompare.load_quads(result, None, base=base)
        except rdfcompare.CompareError as e:
            return False, "checker: %s" % e
        union = not rdfcompare.is_quad_format(None, result)
        same, diff = rdfcompare.compare(qa, qb, union=union)
        if same:
            return True, "isomorphic"
        return False, "export differs from %s (A: ours, B: expected)\n%s" % (
            os.path.basename(result), diff)
    finally:
        shutil.rmtree(store, ignore_errors=True)


def _job(args):
    binary, tmp, suite, fmt, test = args
    t0 = time.time()
    try:
        ok, what = run_test(binary, tmp, suite, fmt, test)
    except Exception as e:  # a checker bug must not hide the other tests
        ok, what = False, "runner error: %s: %s" % (type(e).__name__, e)
    return suite, test[0], ok, what, time.time() - t0


def main(argv=None):
    default_suites = os.path.normpath(os.path.join(REPO, "..", "shared",
                                                   "w3c-rdf-tests"))
    ap = argparse.ArgumentParser(prog="run_w3c.py",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--maillage", required=True, help="the maillage binary")
    ap.add_argument("--suites", default=default_suites)
    ap.add_argument("--expected-failures",
                    default=os.path.join(HERE, "expected-failures.txt"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", action="append", default=[],
                    help="run only this suite (turtle, trig, ntriples, nquads)")
    ap.add_argument("--test", action="append", default=[],
                    help="run only the tests of this name")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--list-failures", action="store_true")
    args = ap.parse_args(argv)

    if not os.path.isdir(args.suites):
        print("W3C suites not found at %s: skipped" % args.suites)
        return 77
    binary = os.path.abspath(args.maillage)
    if not os.access(binary, os.X_OK):
        print("run_w3c: %s is not an executable" % binary, file=sys.stderr)
        return 2
    try:
        xfail = read_expected(args.expected_failures)
    except ValueError as e:
        print("run_w3c: %s" % e, file=sys.stderr)
        return 2

    t0 = time.time()
    jobs, skipped, known, ran_suites = [], {}, set(), []
    with tempfile.TemporaryDirectory(prefix="maillage-w3c-") as tmp:
        for folder, suite, fmt, prefix in SUITES:
            if args.only and suite not in args.only:
                continue
            path = os.path.join(args.suites, folder)
            if not os.path.isfile(os.path.join(path, "manifest.ttl")):
                print("%s: no manifest at %s" % (suite, path))
                continue
            ran_suites.append(suite)
            skipped[suite] = []
            for test in read_manifest(path, prefix):
                known.add((suite, test[0]))
                if args.test and test[0] not in args.test:
                    continue
                name, kind, action, result, _ = test
                if (kind is None or not action or not os.path.isfile(action)
                        or (kind == "eval" and not (result and
                                                    os.path.isfile(result)))):
                    skipped[suite].append(name)
                    continue
                jobs.append((binary, tmp, suite, fmt, test))

        stats = {s: [0, 0, 0] for s in ran_suites}  # passed, xfail, fail
        failures, listing = [], []
        with concurrent.futures.ProcessPoolExecutor(max(1, args.jobs)) as ex:
            for suite, name, ok, what, dt in ex.map(_job, jobs, chunksize=4):
                key = (suite, name)
                if args.verbose:
                    tag = ("ok   " if ok else "FAIL ") if key not in xfail \
                        else ("XPASS" if ok else "xfail")
                    print("%s %s/%s (%.2fs): %s" % (tag,
                                                   suite, name, dt,
                                                   what.splitlines()[0]))
                if not ok:
                    listing.append("%s\t%s\t%s" % (suite, name,
                                                   what.splitlines()[0]))
                if key in xfail:
                    if ok:
                        stats[suite][2] += 1
                        failures.append("UNEXPECTED PASS %s/%s (listed: %s)"
                                        % (suite, name, xfail[key]))
                    else:
                        stats[suite][1] += 1
                elif ok:
                    stats[suite][0] += 1
                else:
                    stats[suite][2] += 1
                    failures.append("FAIL %s/%s: %s" % (suite, name, what))

    stale = [k for k in xfail if k[0] in ran_suites and k not in known]
    for suite, name in stale:
        failures.append("FAIL expected-failures.txt: no test %s/%s"
                        % (suite, name))
    for f in failures:
        print(f)
    if args.list_failures:
        print("# failing tests, as expected-failures.txt lines:")
        for line in listing:
            print(line)
    total_pass = total_fail = 0
    for suite in ran_suites:
        p, x, f = stats[suite]
        stale_here = sum(1 for k in stale if k[0] == suite)
        print("%s: %d passed, %d expected failures, %d unexpected failures, "
              "%d skipped" % (suite, p, x, f + stale_here, len(skipped[suite])))
        if skipped[suite] and args.verbose:
            print("  skipped: " + " ".join(skipped[suite]))
        total_pass += p
        total_fail += f + stale_here
    print("time: %.1fs for %d tests (%d jobs)" % (time.time() - t0, len(jobs),
                                                 args.jobs))
    print("W3C: %d passed, %d failed" % (total_pass, total_fail))
    return 0 if total_fail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
