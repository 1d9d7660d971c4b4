// bench/peers/oxigraph_run.mjs DATA.nq RUNS CAP_S QUERY.rq... — Oxigraph
// (npm `oxigraph`, in-memory Store) on the same N-Quads file.  Prints one JSON
// object per line: {"load_s", "rss_bytes"} after the load (resident memory
// growth over the baseline taken before reading the file), then one line per
// query with the row count and the in-process times (query + materialising
// every row).  Default graph = union of the named graphs.
//
// The store lives in a worker thread so that a query can be stopped: a run
// longer than CAP_S terminates the worker (V8 stops the WebAssembly code),
// the query is reported {"error": "timeout"}, and a fresh worker reloads the
// file (untimed) for the next query.
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';

const now = () => Number(process.hrtime.bigint()) / 1e9;

if (!isMainThread) {
  const require = createRequire(import.meta.url);
  const oxigraph = require('oxigraph');
  global.gc && global.gc();
  const rss0 = process.memoryUsage().rss;
  const t0 = now();
  const store = new oxigraph.Store();
  store.load(readFileSync(workerData.data), { format: 'application/n-quads', no_transaction: true });
  const loadS = now() - t0;
  global.gc && global.gc();
  parentPort.postMessage({ load_s: loadS, rss_bytes: process.memoryUsage().rss - rss0, size: store.size });
  parentPort.on('message', (text) => {
    try {
      const t = now();
      const res = store.query(text, { use_default_graph_as_union: true });
      let rows = 0;
      for (const r of res) { for (const [, v] of r) void v.value; rows++; }
      parentPort.postMessage({ rows, time: now() - t });
    } catch (e) {
      parentPort.postMessage({ error: String(e) });
    }
  });
} else {
  const [data, runsS, capS, ...queries] = process.argv.slice(2);
  const runs = parseInt(runsS, 10), cap = parseFloat(capS);
  let worker = null;
  let pending = null; // resolve function of the message awaited

  const start = () => new Promise((resolve, reject) => {
    worker = new Worker(new URL(import.meta.url), { workerData: { data } });
    pending = resolve;
    worker.on('message', (m) => { const p = pending; pending = null; p && p(m); });
    worker.on('error', (e) => { const p = pending; pending = null; p ? p({ error: String(e) }) : reject(e); });
  });

  const ask = (text) => new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending = null;
      worker.terminate();
      worker = null;
      resolve({ error: 'timeout' });
    }, cap * 1000);
    pending = (m) => { clearTimeout(timer); resolve(m); };
    worker.postMessage(text);
  });

  const first = await start();
  console.log(JSON.stringify(first));
  for (const q of queries) {
    const text = readFileSync(q, 'utf8');
    const times = []; let rows = -1, err = null;
    for (let i = 0; i < runs; i++) {
      if (!worker) await start();
      const m = await ask(text);
      if (m.error) { err = m.error; break; }
      rows = m.rows; times.push(m.time);
      if (m.time > 10 || (m.time > 1 && i >= 2)) break;
    }
    console.log(JSON.stringify({ query: q, rows, times, error: err }));
  }
  if (worker) await worker.terminate();
}
