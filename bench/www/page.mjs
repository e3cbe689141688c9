// The benchmark page: one page per data set, the same bytes for every pipeline.
//   ours:  a Blob of the bytes → worker (reads it in 1 MiB slices; wasm: import + every metric
//          of the kind) → result JSON.parsed, as the app posts a dropped File
//   papa / udsv: bytes → TextDecoder → the reference pipeline of ../shared/bench/baseline.mjs
//   duckdb-eh / duckdb-coi: DuckDB-wasm (npm @duckdb/duckdb-wasm, its worker and wasm served
//          from node_modules) with bench/sql/*.sql, the SQL the native DuckDB peer runs:
//          bytes → a copy registered as a file → the query → the metrics from its counts
// Each run reports its time, the longest main-thread task (long-task observer) and the
// comparable numbers (compare.mjs), which run.mjs checks against each other.
import * as B from './baseline.mjs';
import * as udsv from './uDSV.mjs';
import { project, projectBaseline } from './compare.mjs';
import * as duckdb from './duckdb.mjs';

const long = [];
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
} catch {}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Longest main-thread task overlapping [t0, t1] (0 when none over 50 ms). */
async function longest(t0, t1) {
  await sleep(60); // the observer delivers after the task
  let m = 0;
  for (const [s, d] of long) if (s <= t1 && s + d >= t0) m = Math.max(m, d);
  return m;
}

let worker = null;
let seq = 0;

window.bench = {
  async load(url) {
    const r = await fetch(url);
    window.__bytes = await r.arrayBuffer();
    // ours gets the file as the app does: a Blob (made once, not timed), posted by reference
    window.__blob = new Blob([window.__bytes]);
    return window.__bytes.byteLength;
  },
  gc() { if (window.gc) window.gc(); },
  /** Starts the worker (one per page, reused, as the app does); returns ms until it said ready. */
  async startWorker() {
    const t = performance.now();
    worker = new Worker(new URL('worker_loader.js', location.href));
    await new Promise((ok, fail) => {
      worker.onerror = (e) => fail(new Error(`worker failed to start: ${e.message}`));
      worker.onmessage = (e) => { if (e.data?.type === 'ready') ok(); };
    });
    return performance.now() - t;
  },
  async ours(kind, name) {
    const blob = window.__blob; // posted, not transferred: the worker reads the same data
    const id = ++seq;
    let progress = 0;
    const done = new Promise((ok) => {
      worker.onmessage = (e) => {
        const m = e.data;
        if (m?.id !== id) return;
        if (m.type === 'progress') progress++;
        if (m.type === 'result' || m.type === 'error') ok(m);
      };
    });
    // the app's request (src/worker_protocol): a new source each run, so the Blob is read again
    const request = { analyze: { id, name, source: id, options: { import: { kind } }, input: { blob } } };
    const t0 = await new Promise((ok) => setTimeout(() => {
      const t = performance.now();
      worker.postMessage(request);
      ok(t);
    }, 0));
    const msg = await done;
    const analysis = msg.type === 'result' ? JSON.parse(msg.analysis) : null;
    const t1 = performance.now();
    if (!analysis) return { error: JSON.stringify(msg.error) };
    return { ms: t1 - t0, longest: await longest(t0, t1), progress, result: project(kind, analysis.report) };
  },
  async baseline(kind, lib) {
    // In a task of its own (a timer), as a click handler would run it: the long-task observer
    // sees tasks, not the driver's evaluation.
    const { t0, t1, r } = await new Promise((ok) => setTimeout(() => {
      const t0 = performance.now();
      const text = new TextDecoder().decode(window.__bytes);
      let r;
      if (lib === 'papa') r = kind === 'survey' ? B.surveyWithPapa(window.Papa, text) : B.mrrWithPapa(window.Papa, text);
      else r = kind === 'survey' ? B.surveyWithUdsv(udsv, text) : B.mrrWithUdsv(udsv, text);
      ok({ t0, t1: performance.now(), r });
    }, 0));
    return { ms: t1 - t0, longest: await longest(t0, t1), result: projectBaseline(kind, r) };
  },
};

// ---------------------------------------------------------------- DuckDB-wasm
// The metrics from the per-month counts of bench/sql/*.sql: the same arithmetic as
// bench/peers.py (a few dozen rows; the scan and grouping are DuckDB's).
const SURVEY_COUNTS = ['n_nps', 'promoters', 'detractors', 'n_csat', 'satisfied', 'csat_sum', 'n_ces', 'easy', 'ces_sum'];
function surveyMetrics(c) {
  const n = c.n_nps, p = n ? c.promoters / n : 0, d = n ? c.detractors / n : 0;
  return {
    nps: n ? 100 * (p - d) : null,
    nps_moe95: n ? 196 * Math.sqrt((p + d - (p - d) ** 2) / n) : null,
    csat: c.n_csat ? (100 * c.satisfied) / c.n_csat : null,
    csat_mean: c.n_csat ? c.csat_sum / c.n_csat : null,
    ces: c.n_ces ? c.ces_sum / c.n_ces : null,
    ces_easy_pct: c.n_ces ? (100 * c.easy) / c.n_ces : null,
  };
}
function surveyFromCounts(rows) {
  const total = Object.fromEntries(SURVEY_COUNTS.map((k) => [k, rows.reduce((a, r) => a + r[k], 0)]));
  const read = rows.reduce((a, r) => a + r.rows, 0);
  rows.sort((a, b) => (a.month < b.month ? -1 : 1));
  return {
    metrics: surveyMetrics(total),
    periods: rows.map((r) => ({ period: r.month, metrics: surveyMetrics(r) })),
    rejected: read - total.n_nps - total.n_csat - total.n_ces,
  };
}
function mrrFromCounts(rows) {
  rows.sort((a, b) => (a.month < b.month ? -1 : 1));
  return {
    periods: rows.map((r) => {
      const s = r.start_mrr, sc = r.start_customers;
      const ex = r.mrr_expansion, co = r.mrr_contraction, ch = r.mrr_churn;
      return {
        period: r.month,
        metrics: {
          mrr: r.mrr, mrr_new: r.mrr_new, mrr_expansion: ex, mrr_contraction: co, mrr_churn: ch, mrr_reactivation: r.mrr_reactivation,
          customer_churn_rate: sc ? (100 * r.churned_customers) / sc : null,
          gross_mrr_churn_rate: s ? (100 * (ch + co)) / s : null,
          net_mrr_churn_rate: s ? (100 * (ch + co - ex)) / s : null,
          nrr: s ? (100 * (s + ex - co - ch)) / s : null,
        },
      };
    }),
  };
}
const plain = (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));

const ducks = {}; // bundle → { db, conn, sql }
const DUCK_DIR = new URL('__duckdb/', location.href).href;
const DUCK_BUNDLES = {
  eh: { mainModule: `${DUCK_DIR}duckdb-eh.wasm`, mainWorker: `${DUCK_DIR}duckdb-browser-eh.worker.js`, pthreadWorker: null },
  coi: { mainModule: `${DUCK_DIR}duckdb-coi.wasm`, mainWorker: `${DUCK_DIR}duckdb-browser-coi.worker.js`, pthreadWorker: `${DUCK_DIR}duckdb-browser-coi.pthread.worker.js` },
};
let duckFile = 0;

Object.assign(window.bench, {
  /** Starts DuckDB-wasm's `eh` or `coi` bundle (once per page); ms until a connection is open. */
  async startDuck(bundle) {
    const t = performance.now();
    const b = DUCK_BUNDLES[bundle];
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(b.mainWorker));
    await db.instantiate(b.mainModule, b.pthreadWorker);
    await db.open({ maximumThreads: bundle === 'coi' ? navigator.hardwareConcurrency : 1 });
    const conn = await db.connect();
    const threads = plain((await conn.query("SELECT current_setting('threads') AS t")).toArray()[0]).t;
    const sql = {};
    for (const k of ['survey', 'mrr']) sql[k] = await (await fetch(`__bench/sql/${k}.sql`)).text();
    ducks[bundle] = { db, conn, sql, threads, version: await db.getVersion() };
    return { ms: performance.now() - t, threads: Number(threads), version: ducks[bundle].version };
  },
  async duck(kind, bundle) {
    const { db, conn, sql } = ducks[bundle];
    const name = `f${++duckFile}.csv`;
    // a copy of the bytes, made before the clock starts (registering transfers it)
    const copy = new Uint8Array(window.__bytes.slice(0));
    const { t0, t1, rows } = await new Promise((ok, fail) => setTimeout(async () => {
      try {
        const t0 = performance.now();
        await db.registerFileBuffer(name, copy);
        const table = await conn.query(sql[kind === 'survey' ? 'survey' : 'mrr'].replaceAll('{path}', name));
        const rows = table.toArray().map((r) => plain(r.toJSON()));
        ok({ t0, t1: performance.now(), rows });
      } catch (e) { fail(e); }
    }, 0));
    await db.dropFile(name);
    const r = kind === 'survey' ? surveyFromCounts(rows) : mrrFromCounts(rows);
    return { ms: t1 - t0, longest: await longest(t0, t1), result: projectBaseline(kind, r) };
  },
});

window.benchReady = true;
