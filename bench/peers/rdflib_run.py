#!/usr/bin/python3
"""bench/peers/rdflib_run.py DATA.nq RUNS CAP_S QUERY.rq... — rdflib (Debian
python3-rdflib, in-memory Dataset, default graph = union of the named graphs)
on the same N-Quads file.  Prints one JSON object per line: load time and
resident-memory growth, then per query the row count and in-process times
(query + iterating every row).  Each run is interrupted at CAP_S (SIGALRM);
a query whose first run takes > 10 s is not repeated, > 1 s only 3 times."""
import json, signal, sys, time, gc
import rdflib


def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Cap(Exception):
    pass


def alarm(*_):
    raise Cap()


data, runs, cap = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
gc.collect()
r0 = rss()
t0 = time.perf_counter()
ds = rdflib.Dataset(default_union=True)
ds.parse(data, format="nquads")
load = time.perf_counter() - t0
gc.collect()
print(json.dumps({"load_s": load, "rss_bytes": rss() - r0, "size": len(ds)}), flush=True)
signal.signal(signal.SIGALRM, alarm)
for q in sys.argv[4:]:
    text = open(q, encoding="utf-8").read()
    times, rows, err = [], -1, None
    for i in range(runs):
        signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            t = time.perf_counter()
            rows = 0
            for row in ds.query(text):
                for v in row:
                    str(v)
                rows += 1
            times.append(time.perf_counter() - t)
        except Cap:
            err = "timeout"; rows = -1; break
        except Exception as e:  # noqa
            err = repr(e)[:200]; rows = -1; break
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        last = times[-1]
        if last > 10 or (last > 1 and i >= 2):
            break
    print(json.dumps({"query": q, "rows": rows, "times": times, "error": err}), flush=True)
