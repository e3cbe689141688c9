// The benchmark page: one page per data set, the same bytes for every pipeline.
//   ours:  a Blob of the bytes → worker (reads it in 1 MiB slices; wasm: import + every metric
//          of the kind) → result JSON.parsed, as the app posts a dropped File
//   papa / udsv: bytes → TextDecoder → the reference pipeline of ../shared/bench/baseline.mjs
// Each run reports its time, the longest main-thread task (long-task observer) and the
// comparable numbers (compare.mjs), which run.mjs checks against each other.
import * as B from './baseline.mjs';
import * as udsv from './uDSV.mjs';
import { project, projectBaseline } from './compare.mjs';

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
        if (m.type === 'result') ok(m);
      };
    });
    const options = JSON.stringify({ import: { kind } });
    const t0 = await new Promise((ok) => setTimeout(() => {
      const t = performance.now();
      worker.postMessage({ type: 'analyze', id, name, options, blob });
      ok(t);
    }, 0));
    const msg = await done;
    const analysis = msg.ok ? JSON.parse(msg.analysis) : null;
    const t1 = performance.now();
    if (!msg.ok) return { error: `${msg.message} ${msg.error}` };
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
window.benchReady = true;
