// bench/peers/oxigraph_run.mjs DATA.nq RUNS CAP_S QUERY.rq... — Oxigraph
// (npm `oxigraph`, in-memory Store) on the same N-Quads file.  Prints one JSON
// object per line: {"load_s", "rss_bytes"} after the load (resident memory
// growth over the baseline taken before reading the file), then one line per
// query with the row count and the in-process times (query + materialising
// every row).  Default graph = union of the named graphs.  A query cannot be
// interrupted in-process: run.sh wraps the whole script in `timeout`, and a
// query whose first run exceeds CAP_S is not repeated.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const oxigraph = require('oxigraph');
const [data, runsS, capS, ...queries] = process.argv.slice(2);
const runs = parseInt(runsS, 10), cap = parseFloat(capS);
const now = () => Number(process.hrtime.bigint()) / 1e9;
global.gc && global.gc();
const rss0 = process.memoryUsage().rss;
const t0 = now();
const store = new oxigraph.Store();
store.load(readFileSync(data), { format: 'application/n-quads', no_transaction: true });
const loadS = now() - t0;
global.gc && global.gc();
console.log(JSON.stringify({ load_s: loadS, rss_bytes: process.memoryUsage().rss - rss0, size: store.size }));
for (const q of queries) {
  const text = readFileSync(q, 'utf8');
  const times = []; let rows = -1, err = null;
  for (let i = 0; i < runs; i++) {
    try {
      const t = now();
      const res = store.query(text, { use_default_graph_as_union: true });
      rows = 0; for (const r of res) { for (const [, v] of r) void v.value; rows++; }
      times.push(now() - t);
    } catch (e) { err = String(e); break; }
    const last = times[times.length - 1];
    if (last > cap) break;
    if (last > 10 || (last > 1 && i >= 2)) break;
  }
  console.log(JSON.stringify({ query: q, rows, times, error: err }));
}
