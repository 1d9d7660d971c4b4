#!/usr/bin/env bash
# `maillage serve` under load: a second process sends many concurrent
# requests (16 client threads: the query language, SPARQL, search, node
# pages, networks, exports, and one thread writing and dropping a graph
# through /data) for a bounded time ($MAILLAGE_LOAD_SECONDS, default 10).
# Every answer must be a success and equal to the answer the same request
# got alone before the load; then the server stops cleanly on SIGTERM
# (exit 0: in the ASan build, no leak).  No timing is asserted.
source "$(dirname "$0")/lib.sh" "$@"
PY=/usr/bin/python3

load_seed
serve_start --threads 4
say "server at $URL, load for ${MAILLAGE_LOAD_SECONDS:-10} s"

"$PY" - "$URL" "${MAILLAGE_LOAD_SECONDS:-10}" "$ROOT" <<'PYEOF' || die "the load failed"
import concurrent.futures, glob, os, sys, threading, time
import urllib.error, urllib.parse, urllib.request

url, seconds, root = sys.argv[1], float(sys.argv[2]), sys.argv[3]

def q(path, **args):
    return path + ("?" + urllib.parse.urlencode(args) if args else "")

reads = []
for f in sorted(glob.glob(os.path.join(root, "tests/tutorial/*.mq"))):
    text = open(f, encoding="utf-8").read()
    params = {"$" + l[len("// param:"):].strip().split("=", 1)[0]:
              l[len("// param:"):].strip().split("=", 1)[1]
              for l in text.splitlines() if l.startswith("// param:")}
    reads.append(("GET", q("/query", format="csv", query=text, **params), None, {}))
reads += [
    ("POST", "/sparql", urllib.parse.urlencode({"query":
        "SELECT ?n ?l WHERE { ?n a <http://xmlns.com/foaf/0.1/Person> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"}).encode(),
     {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"}),
    ("GET", q("/search", q="grand est", format="csv"), None, {}),
    ("GET", q("/search", q="federici", format="rows"), None, {}),
    ("GET", q("/entity", iri="https://w3id.org/maillage/id/org/rtes"), None, {}),
    ("GET", q("/entity", iri="https://w3id.org/maillage/id/person/anne-laure-federici"),
     None, {"Accept": "text/turtle"}),
    ("GET", q("/network/partners", format="json"), None, {}),
    ("GET", q("/network/speakers", format="svg"), None, {}),
    ("GET", q("/export", format="nt", graph="https://w3id.org/maillage/source/001_dc8b0b51229a4a43"), None, {}),
    ("GET", "/stats", None, {}),
]

def fetch(method, path, body, headers):
    r = urllib.request.Request(url + path, data=body, method=method, headers=headers)
    with urllib.request.urlopen(r, timeout=120) as resp:
        return resp.status, resp.read()

# /stats changes while the writer works: compare its status only.
expected = {}
for i, (m, p, b, h) in enumerate(reads):
    st, body = fetch(m, p, b, h)
    assert st == 200, (p, st)
    expected[i] = body

stop = time.time() + seconds
count = [0]
failures = []
lock = threading.Lock()

def reader(k):
    i = k
    while time.time() < stop:
        j = i % len(reads)
        m, p, b, h = reads[j]
        i += 7
        try:
            st, body = fetch(m, p, b, h)
            if st != 200 or (p != "/stats" and body != expected[j]):
                with lock:
                    failures.append((p[:80], st, body[:200]))
        except Exception as e:  # noqa
            with lock:
                failures.append((p[:80], "exception", repr(e)))
        with lock:
            count[0] += 1

def writer():
    g = "http://example.org/load/side"
    n = 0
    while time.time() < stop:
        n += 1
        body = ('<http://example.org/s> <http://example.org/p> "%d" .\n' % n).encode()
        for m, want in (("PUT", (201, 204)), ("DELETE", (204,))):
            try:
                r = urllib.request.Request(url + q("/data", graph=g), data=body if m == "PUT" else None,
                                           method=m, headers={"Content-Type": "application/n-triples"})
                with urllib.request.urlopen(r, timeout=120) as resp:
                    st = resp.status
            except urllib.error.HTTPError as e:
                st = e.code
            if st not in want:
                with lock:
                    failures.append(("/data " + m, st, b""))
            with lock:
                count[0] += 1

with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:
    futs = [ex.submit(reader, k) for k in range(15)] + [ex.submit(writer)]
    for f in futs:
        f.result()
print("requests: %d in %.0f s, failures: %d" % (count[0], seconds, len(failures)))
for f in failures[:10]:
    print("  ", f)
assert not failures
assert count[0] > len(reads)
PYEOF
serve_stop
say "ok"
