"""The PostgreSQL store in bench/run.sh (see bench/README.md).

run.sh starts a throw-away server with scripts/pg.sh and passes its URL
(the `postgres` maintenance database) in BENCH_PG_URL, or the reason it
could not in BENCH_PG_SKIP.  Per size, measure() loads the generated file
into a fresh database with `maillage --store URL load` (median of 3, each
into a fresh database), measures the size of the store's tables and runs
the bench queries through run.py's query runner (engine time and whole
process, as for the embedded store); section() writes the comparison with
the embedded store measured in the same run.  Needs `psql`."""
import os, statistics, subprocess

ENGINES = ["pg-engine", "pg-process"]
TITLES = {"pg-engine": "engine (PROFILE)", "pg-process": "process"}
DB = "maillage_bench_%d"
# Our tables only (heap, indexes, TOAST, free-space and visibility maps):
# the catalogs of the database itself (about 7 MB when empty) are not ours.
TABLES_SIZE = ("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
               " JOIN pg_namespace n ON n.oid = c.relnamespace"
               " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
               " AND c.relname LIKE 'mg\\_%'")


def psql(url, sql, timeout=600):
    p = subprocess.run(["psql", "-qAtX", url, "-c", sql], capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError((p.stderr.strip() or "psql exit %d" % p.returncode).splitlines()[0])
    return p.stdout.strip()


def db_url(server, name):
    return server.rsplit("/", 1)[0] + "/" + name


def setup(no_pg):
    """(server URL, facts about the server) or (None, reason it is not measured)."""
    if no_pg:
        return None, "`--no-pg` was given"
    url = os.environ.get("BENCH_PG_URL")
    if not url:
        return None, os.environ.get("BENCH_PG_SKIP") or "no server (BENCH_PG_URL unset: run bench/run.sh)"
    try:
        info = {k: psql(url, "SHOW " + k, 60) for k in ("server_version", "fsync", "shared_buffers")}
    except Exception as e:   # psql missing, server gone
        return None, "the server does not answer: %s" % e
    return url, info


def measure(n, R, server, mg, data, cap, timed, run_queries, queries, log):
    """Loads data into a fresh database (3 times), sizes it, then
    run_queries(store URL, process engine, engine-time engine)."""
    name = DB % n
    url = db_url(server, name)
    log("   maillage load (PostgreSQL)")
    lw, kb, err = [], 0, None
    for i in range(3):
        try:
            psql(server, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
            psql(server, "CREATE DATABASE %s" % name)
        except Exception as e:
            err = "cannot create the database: %s" % e
            break
        w, rc, out, k, e = timed([mg, "--store", url, "load", data], cap)
        kb = max(kb, k)
        if rc != 0:
            err = "load > cap (%.0f s)" % cap if rc == 124 else "load failed (exit %d): %s" % (rc, e.strip()[:300])
            break
        lw.append(w)
    size = None
    if err is None:
        try:
            psql(url, "CHECKPOINT")   # untimed: the load's writes are not flushed during the queries
            size = int(psql(url, TABLES_SIZE))
        except Exception as e:
            log("   PostgreSQL store size: %s" % e)
    if err is not None:
        log("   PostgreSQL: " + err)
        R["load"]["pg"] = dict(s=None, ok=False, err=err, peak=kb * 1024)
        for e in ENGINES:   # every query a failure: counted as a mismatch
            for q in queries:
                R["q"][e][q] = dict(t=None, rows="error", n=0)
        return
    R["load"]["pg"] = dict(s=statistics.median(lw), ok=True, bytes=size,
                           bpt=size / R["quads"] if size is not None else None, peak=kb * 1024)
    run_queries(url, "pg-process", "pg-engine")


def cleanup(server, n):
    try:
        psql(server, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % (DB % n))
    except Exception:
        pass


def fmt_bytes(b):
    mb = b / 2**20
    return "%.1f MB" % mb if mb < 100 else "%.0f MB" % mb


def section(res, sizes, queries, runs, info, fmt_s, ratio, human):
    """Markdown lines of the "PostgreSQL store" section; info is the
    server's facts, or the reason it was not measured (a string)."""
    o = ["## PostgreSQL store (this run)\n"]
    if isinstance(info, str):
        o.append("Not measured in this run: %s.\n" % info)
        return o
    o.append("Maillage's PostgreSQL store (`--store postgresql://…`, `docs/scale-out.md`) on the same generated files and "
             "queries, measured by the same run: PostgreSQL %s started by `scripts/pg.sh` for the run (loopback, "
             "throw-away data directory, fsync %s, shared_buffers %s, other settings the defaults), one fresh database "
             "per load." % (info["server_version"], info["fsync"], info["shared_buffers"]))
    o.append("")
    o.append("- Load: `maillage --store URL load FILE.nq` into a fresh database, median of 3, as for the embedded store.")
    o.append("- Size: the sum of `pg_total_relation_size` over the store's tables (`mg_*`: rows, indexes, TOAST), "
             "after the load; the catalogs of the database itself (about 7 MB in an empty one) and the WAL are not "
             "counted. The embedded store's is `du` of its directory.")
    o.append("- Queries: engine time (`PROFILE` total, store open) and whole `maillage query` process, median of up to "
             "%d runs with the same repetition and cap rules as above. Row counts are compared with the embedded "
             "store's (a difference is listed under Mismatches)." % runs)
    o.append("- Ratio: PostgreSQL ÷ embedded store (> 1× means PostgreSQL is slower or larger).")
    o.append("")
    for n in sizes:
        R = res[n]
        L, P = R["load"].get("ours", {}), R["load"].get("pg")
        if P is None:
            continue
        o.append("### %s triples (%d quads)\n" % (human(n), R["quads"]))
        o.append("| | embedded store (LMDB) | PostgreSQL | PostgreSQL ÷ embedded |")
        o.append("|---|---:|---:|---:|")
        if not P.get("ok"):
            o.append("| load | %s | **%s** | |" % (fmt_s(L.get("s")), P["err"].replace("|", "\\|")))
        else:
            o.append("| load (fresh store, median of 3) | %s · %s quads/s | %s · %.0f quads/s | %s |" % (
                fmt_s(L.get("s")), "%.0f" % (R["quads"] / L["s"]) if L.get("s") else "—",
                fmt_s(P["s"]), R["quads"] / P["s"], ratio(P["s"], L.get("s"))))
            if P.get("bytes") is not None:
                o.append("| size (bytes per quad) | %s · %.0f (`du`) | %s · %.0f (tables) | %s |" % (
                    fmt_bytes(L["bytes"]), L["bpt"], fmt_bytes(P["bytes"]), P["bpt"], ratio(P["bytes"], L["bytes"])))
        for q in queries:
            for e, base in (("pg-engine", "ours-engine"), ("pg-process", "ours-process")):
                c, b = R["q"][e].get(q, {}), R["q"][base].get(q, {})
                if "skip" in c:
                    cell = "*%s*" % c["skip"]
                elif "timeout" in c:
                    cell = "**> %.0f s (cap)**" % c["timeout"]
                elif c.get("t") is None:
                    cell = "error"
                else:
                    cell = "%s · %s rows" % (fmt_s(c["t"]), c["rows"])
                    if c.get("n", runs) < runs:
                        cell += " · n=%d" % c["n"]
                if "mismatch" in c:
                    cell += " **✗ embedded %s**" % c["mismatch"]
                o.append("| %s: %s | %s | %s | %s |" % (q, TITLES[e], fmt_s(b.get("t")), cell,
                                                        ratio(c.get("t"), b.get("t"))))
        o.append("")
    return o
