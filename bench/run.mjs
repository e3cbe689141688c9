// The benchmark: our wasm-in-a-worker path against PapaParse and uDSV (../shared/bench/baseline.mjs)
// in the same headless Chromium page, native `kpi` on the same files, sizes, first view and the
// widget. Writes BENCHMARKS.md. Run it through scripts/bench.sh (which builds dist/ and kpi).
//
//   node bench/run.mjs [--runs N] [--sizes 10000,100000,1000000] [--out BENCHMARKS.md] [--dist DIR]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as Z, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/e2e/support.mjs';
import { differences, project } from './compare.mjs';
import { generate } from './gen.mjs';
import { nativePeers, peersTable, PYTHON } from './native-peers.mjs';
import { BASELINE, ROOT, serveBench } from './server.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', 5));
// DuckDB-wasm's single-threaded `eh` and threaded `coi` bundles (--duckdb eh,coi; --duckdb none)
const DUCK = arg('duckdb', 'eh,coi').split(',').filter((x) => x && x !== 'none').map((b) => `duckdb-${b}`);
const duckInfo = {}; // pipeline → { ms, threads, version } of its last start
const SIZES = arg('sizes', '10000,100000,1000000').split(',').map(Number);
const OUT = arg('out', join(ROOT, 'BENCHMARKS.md'));
const DATA = join(ROOT, 'bench', 'data');
const DIST = resolve(arg('dist', join(ROOT, 'dist')));
const KPI = join(ROOT, 'target', 'cli', 'kpi');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const started = Date.now();

const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const MB = 1e6;
const failures = [];

// ---------------------------------------------------------------- machine
function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = cpuinfo.match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const sh = (cmd, args) => {
    try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0]; } catch { return 'unknown'; }
  };
  return {
    cpu: model,
    cores: cpus().length,
    ram: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    chromium: sh(CHROMIUM, ['--version']),
    rustc: sh('rustc', ['--version']),
    node: process.version,
    kernel: sh('uname', ['-sr']),
    commit: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
    load: loadavg()[0],
  };
}

// ---------------------------------------------------------------- renderer memory
/** Renderer processes of our browser (children of its pid with --type=renderer). */
function renderers(browserPid) {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const procs = out.trim().split('\n').map((l) => {
    const m = l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/);
    return { pid: +m[1], ppid: +m[2], args: m[3] };
  });
  const mine = new Set([browserPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) { mine.add(p.pid); grew = true; }
  }
  return procs.filter((p) => mine.has(p.pid) && p.args.includes('--type=renderer') && !/--top-chrome-webui|--extension-process/.test(p.args)).map((p) => p.pid);
}
const status = (pid, key) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${key}:\\s*(\\d+)`))[1]) * 1024;
const rss = (pid) => status(pid, 'VmRSS');
const statmRss = (pid) => Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
const resetPeak = (pid) => writeFileSync(`/proc/${pid}/clear_refs`, '5');
const peak = (pid) => status(pid, 'VmHWM');

// ---------------------------------------------------------------- browser
function chromeChildren() {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out.trim().split('\n').map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m) => m && +m[2] === process.pid && /chrom/.test(m[3])).map((m) => +m[1]);
}

async function launch() {
  const had = new Set(chromeChildren());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc',
      '--disable-features=SpareRendererForSitePerProcess'],
  });
  // The browser's pid (its renderers are its descendants): our new child process.
  browser.pid = chromeChildren().find((x) => !had.has(x)) ?? null;
  return browser;
}

async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  if (url) await page.goto(url);
  page.closeAll = () => context.close();
  return page;
}


// ---------------------------------------------------------------- calculator in the browser
async function runOne(page, set, p) {
  const res = p === 'ours'
    ? await page.evaluate(([kind, name]) => window.bench.ours(kind, name), [set.kind, set.name])
    : p.startsWith('duckdb-')
      ? await page.evaluate(([kind, bundle]) => window.bench.duck(kind, bundle), [set.kind, p.slice(7)])
      : await page.evaluate(([kind, lib]) => window.bench.baseline(kind, lib), [set.kind, p]);
  if (res.error) throw new Error(`${p} on ${set.name}: ${res.error}`);
  return res;
}

/**
 * Peak memory of one run in a browser of its own (so its renderer process holds no heap left
 * over from other runs): the renderer's VmHWM, reset just before the run, minus its VmRSS
 * then. The page has loaded the bytes; ours has started its worker.
 */
async function memoryRun(server, set, p) {
  const browser = await launch();
  try {
    const page = await openPage(browser, `${server.url}__bench.html`);
    await page.waitForFunction(() => window.benchReady);
    await page.evaluate((u) => window.bench.load(u), `${server.url}__data/${set.name}`);
    if (p === 'ours') await page.evaluate(() => window.bench.startWorker());
    if (p.startsWith('duckdb-')) await page.evaluate((b) => window.bench.startDuck(b), p.slice(7));
    await page.evaluate(() => window.bench.gc());
    await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
    const pids = browser.pid ? renderers(browser.pid) : [];
    if (!pids.length) return { mem: null };
    const pid = pids.map((x) => [x, rss(x)]).sort((a, b) => b[1] - a[1])[0][0];
    const rss0 = rss(pid);
    resetPeak(pid);
    // VmHWM alone misses peaks that were given back with madvise (the kernel updates it lazily),
    // so RSS is also sampled every 2 ms; the larger of the two counts.
    let top = rss0;
    const timer = setInterval(() => { try { top = Math.max(top, statmRss(pid)); } catch {} }, 2);
    try {
      await runOne(page, set, p);
    } finally {
      clearInterval(timer);
    }
    top = Math.max(top, statmRss(pid), peak(pid));
    return { mem: top - rss0 };
  } finally {
    await browser.close();
  }
}

async function browserRuns(browser, server, sets, haveWorker) {
  const results = [];
  for (const set of sets) {
    if (!haveWorker && set.lang !== 'en') continue; // only ours reads the German files
    const page = await openPage(browser, `${server.url}__bench.html`);
    await page.waitForFunction(() => window.benchReady);
    await page.evaluate((u) => window.bench.load(u), `${server.url}__data/${set.name}`);
    const pipelines = [];
    if (haveWorker) pipelines.push('ours');
    if (set.lang === 'en') pipelines.push('papa', 'udsv', ...DUCK);
    const runs = Object.fromEntries(pipelines.map((p) => [p, []]));
    // One worker per page, started before the first round and reused, as the app does.
    const startup = pipelines.includes('ours') ? await page.evaluate(() => window.bench.startWorker()) : null;
    // DuckDB-wasm likewise: instantiated and connected once per page (not timed, reported apart)
    const duckStart = {};
    for (const p of pipelines.filter((x) => x.startsWith('duckdb-'))) {
      duckStart[p] = await page.evaluate((b) => window.bench.startDuck(b), p.slice(7));
      duckInfo[p] = duckStart[p];
    }
    let cold = null;
    const rounds = RUNS + 1; // the first round warms up and is not counted
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < pipelines.length; k++) {
        const p = pipelines[(k + r) % pipelines.length]; // alternate the order each round
        await page.evaluate(() => window.bench.gc());
        await page.evaluate(() => new Promise((ok) => setTimeout(ok, 20)));
        const res = await runOne(page, set, p);
        if (r > 0) runs[p].push(res);
        else if (p === 'ours') cold = res.ms;
      }
    }
    if (page.errors.length) failures.push(`${set.name}: errors on the bench page: ${page.errors.join('; ')}`);
    await page.closeAll();
    const summary = { set, pipelines: {} };
    for (const p of pipelines) {
      const rs = runs[p];
      const m = await memoryRun(server, set, p);
      summary.pipelines[p] = {
        ms: median(rs.map((x) => x.ms)),
        min: Math.min(...rs.map((x) => x.ms)),
        mem: m.mem,
        longest: Math.max(...rs.map((x) => x.longest)),
        startup: p === 'ours' ? startup : duckStart[p]?.ms ?? null,
        cold: p === 'ours' ? cold : null,
        result: rs[0].result,
        all: rs.map((x) => x.ms),
      };
      // every run of a pipeline gives the same numbers as its first
      for (const x of rs.slice(1)) {
        const d = differences(x.result, rs[0].result, `${p} run`);
        if (d.length) failures.push(`${set.name}: ${p} differs between runs: ${d.slice(0, 3).join('; ')}`);
      }
    }
    results.push(summary);
    log(set.name, Object.entries(summary.pipelines).map(([p, s]) => `${p} ${s.ms.toFixed(1)} ms`).join(', '));
  }
  return results;
}

// ---------------------------------------------------------------- native kpi
function nativeRuns(sets) {
  const out = [];
  for (const set of sets) {
    const times = [];
    let report = null;
    for (let r = 0; r < RUNS + 1; r++) {
      const t0 = process.hrtime.bigint();
      const p = spawnSync(KPI, [set.kind, set.path, '--json'], { maxBuffer: 1 << 30, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (p.status !== 0) throw new Error(`kpi ${set.kind} ${set.path}: ${p.stderr}`);
      if (r > 0) times.push(ms);
      report = p.stdout;
    }
    out.push({ set, ms: median(times), report: JSON.parse(report) });
    log('kpi', set.name, `${median(times).toFixed(1)} ms`);
  }
  return out;
}

// ---------------------------------------------------------------- sizes
function sizes() {
  const files = readdirSync(DIST);
  const f = (re) => files.filter((x) => re.test(x)).map((x) => join(DIST, x));
  const groups = [
    ['Widget loader (`widget.js`)', [join(DIST, 'widget.js')]],
    ['Whole widget (loader + glue + wasm)', [join(DIST, 'widget.js'), join(DIST, 'widget/widget.js'), join(DIST, 'widget/widget_bg.wasm')]],
    ['App wasm (`app-*_bg.wasm`)', f(/^app-.*_bg\.wasm$/)],
    ['App JS (`app-*.js`)', f(/^app-[^_]*\.js$/)],
    ['App CSS (`main-*.css`)', f(/^main-.*\.css$/)],
    ['Worker JS (`worker*.js`)', f(/^worker.*\.js$/)],
    ['Worker wasm (`worker_bg.wasm`)', f(/^worker.*\.wasm$/)],
    ['ECharts (vendor, on demand)', [join(DIST, 'vendor/echarts.min.js')]],
  ];
  return groups.filter(([, fs]) => fs.length && fs.every(existsSync)).map(([name, fs]) => {
    let raw = 0, gz = 0, br = 0;
    for (const file of fs) {
      const b = readFileSync(file);
      raw += b.length;
      gz += gzipSync(b, { level: 9 }).length;
      br += brotliCompressSync(b, { params: { [Z.BROTLI_PARAM_QUALITY]: 11, [Z.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
    }
    return { name, files: fs.map((x) => x.slice(DIST.length + 1)), raw, gz, br };
  });
}

// ---------------------------------------------------------------- first view
async function firstView(browser, server) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await openPage(browser); // a fresh context: empty cache
    await page.addInitScript(() => {
      const check = () => {
        const el = document.querySelector('[data-testid="paste-area"]');
        if (el && el.getBoundingClientRect().height > 0) {
          // the frame that shows it
          requestAnimationFrame(() => { window.__firstView = performance.now(); });
          return;
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__firstView, null, { timeout: 30000 });
    times.push(await page.evaluate(() => window.__firstView));
    if (page.errors.length) failures.push(`first view: errors on the app page: ${page.errors.join('; ')}`);
    await page.closeAll();
  }
  log('first view', times.map((t) => t.toFixed(0)).join(' '));
  return { ms: median(times), all: times };
}

// ---------------------------------------------------------------- widget
async function widget(browser) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-widget-'));
  cpSync(join(DIST, 'widget.js'), join(dir, 'widget.js'));
  cpSync(join(DIST, 'widget'), join(dir, 'widget'), { recursive: true });
  // the demo page's own script (the status line under the survey)
  cpSync(join(DIST, 'widget-demo'), join(dir, 'widget-demo'), { recursive: true });
  const demo = readFileSync(join(ROOT, 'public/embed-demo.html'), 'utf8');
  writeFileSync(join(dir, 'embed-demo.html'), demo);
  // The same host page with the survey shown only by npsSurvey.show().
  const manual = demo.replace('data-trigger="delay" data-delay="2"', 'data-trigger="manual"');
  if (manual === demo) throw new Error('public/embed-demo.html: its trigger attributes changed; update bench/run.mjs');
  writeFileSync(join(dir, 'embed-manual.html'), manual);
  const server = await serveBench({ dist: dir, data: dir, prefix: '/site/' });
  const instrument = () => {
    window.__cls = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  };
  const settle = (page) => page.evaluate(() => Promise.all(
    [...document.querySelectorAll('nps-survey-layer, nps-survey')].flatMap((h) => h.shadowRoot.getAnimations()).map((a) => a.finished))
    .then(() => new Promise((r) => setTimeout(r, 300))));
  const demoRuns = [], showRuns = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // the demo page as shipped: slides in 2 s after load (trigger → visible marks of the loader)
      let page = await openPage(browser);
      await page.addInitScript(instrument);
      await page.goto(`${server.url}embed-demo.html`);
      await page.waitForFunction(() => performance.getEntriesByName('nps-survey:visible').length, null, { timeout: 15000 });
      await settle(page);
      demoRuns.push(await page.evaluate(() => ({
        visible: performance.getEntriesByName('nps-survey:visible').at(-1).startTime
          - performance.getEntriesByName('nps-survey:trigger').at(-1).startTime,
        cls: window.__cls,
      })));
      if (page.errors.length) failures.push(`widget demo: ${page.errors.join('; ')}`);
      await page.closeAll();
      // show() on a loaded page (wasm not fetched yet): to the visible mark and to the painted frame
      page = await openPage(browser);
      await page.addInitScript(instrument);
      await page.goto(`${server.url}embed-manual.html`);
      await page.waitForFunction(() => window.npsSurvey);
      await page.waitForLoadState('load');
      const r = await page.evaluate(async () => {
        const t0 = performance.now();
        const shown = await window.npsSurvey.show();
        const visible = performance.getEntriesByName('nps-survey:visible').at(-1).startTime - t0;
        await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
        return { shown, visible, painted: performance.now() - t0 };
      });
      await settle(page);
      r.cls = await page.evaluate(() => window.__cls);
      showRuns.push(r);
      if (!r.shown) failures.push('widget: npsSurvey.show() returned false');
      if (page.errors.length) failures.push(`widget manual: ${page.errors.join('; ')}`);
      await page.closeAll();
    }
  } finally {
    await server.close();
  }
  const res = {
    demoVisible: median(demoRuns.map((x) => x.visible)),
    demoCls: Math.max(...demoRuns.map((x) => x.cls)),
    showVisible: median(showRuns.map((x) => x.visible)),
    showPainted: median(showRuns.map((x) => x.painted)),
    showCls: Math.max(...showRuns.map((x) => x.cls)),
  };
  log('widget', JSON.stringify(res));
  return res;
}

// ---------------------------------------------------------------- checks
function checkEquality(browserRes, nativeRes) {
  const base = new Map(); // "kind n" → papa's projection (English file)
  for (const b of browserRes) {
    const key = `${b.set.kind} ${b.set.n}`;
    if (b.pipelines.papa) base.set(key, b.pipelines.papa.result);
  }
  let checked = 0;
  for (const b of browserRes) {
    const ref = base.get(`${b.set.kind} ${b.set.n}`);
    for (const [p, s] of Object.entries(b.pipelines)) {
      if (p === 'papa' || !ref) continue;
      const d = differences(s.result, ref, `${b.set.name} ${p} vs papa`);
      if (d.length) failures.push(...d.slice(0, 5));
      checked++;
    }
  }
  for (const n of nativeRes) {
    const ref = base.get(`${n.set.kind} ${n.set.n}`);
    if (!ref) continue;
    const d = differences(project(n.set.kind, n.report), ref, `${n.set.name} kpi vs papa`);
    if (d.length) failures.push(...d.slice(0, 5));
    checked++;
  }
  return checked;
}

// ---------------------------------------------------------------- report
const PIPELINE_NAMES = {
  ours: 'ours (wasm, worker)', papa: 'PapaParse + JS', udsv: 'uDSV + JS',
  'duckdb-eh': 'DuckDB-wasm `eh` + SQL', 'duckdb-coi': 'DuckDB-wasm `coi` + SQL',
};
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const fmtMB = (b) => `${(b / MB).toFixed(1)} MB`;
const fmtKB = (b) => `${(b / 1000).toFixed(1)} KB`;
const rate = (bytes, ms) => `${(bytes / MB / (ms / 1000)).toFixed(0)} MB/s`;
const rows = (n) => (n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`);
const task = (ms) => (ms > 0 ? fmtMs(ms) : '< 50 ms');

function report({ info, sets, browserRes, nativeRes, peersRes, sz, fv, wd, haveWorker, checked, seconds }) {
  const L = [];
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  L.push('# Benchmarks', '');
  L.push(`Written by \`bash scripts/bench.sh\` (\`node bench/run.mjs\`) on ${date}, in ${Math.round(seconds)} s. Do not edit by hand.`, '');
  // Summary: the ratios, up front.
  const ratioLines = [];
  const ratio = (b, p) => (b.pipelines[p] && b.pipelines.ours ? `${(b.pipelines[p].ms / b.pipelines.ours.ms).toFixed(2)}×` : '–');
  for (const b of browserRes) {
    const o = b.pipelines.ours;
    if (!o || b.set.lang !== 'en') continue;
    const de = browserRes.find((x) => x.set.kind === b.set.kind && x.set.n === b.set.n && x.set.lang === 'de')?.pipelines.ours;
    const nat = peersRes.find((n) => n.name === b.set.name);
    const nr = (e) => (nat ? `${(nat.peers[e].ms / nat.kpi).toFixed(2)}×` : '–');
    ratioLines.push(`| ${b.set.kind} | ${rows(b.set.n)} | ${fmtMs(o.ms)} | ${de ? fmtMs(de.ms) : '–'} | ${ratio(b, 'papa')} | ${ratio(b, 'udsv')} | ${ratio(b, 'duckdb-eh')} | ${ratio(b, 'duckdb-coi')} | ${rate(b.set.bytes, nativeRes.find((n) => n.set === b.set).ms)} | ${nr('duckdb')} | ${nr('polars')} |`);
  }
  if (ratioLines.length) {
    L.push('## Summary', '', 'Ratio = the peer\'s time / ours (above 1: ours is faster), same bytes, medians of one run. Browser: same page; native: `kpi` (all cores) against DuckDB and polars (all cores) on the same file.', '');
    L.push('| kind | rows | ours (English file) | ours (German file) | PapaParse + JS / ours | uDSV + JS / ours | DuckDB-wasm `eh` / ours | DuckDB-wasm `coi` / ours | native `kpi` | DuckDB / `kpi` | polars / `kpi` |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    L.push(...ratioLines, '');
  }
  L.push('## Machine', '');
  L.push('| | |', '|---|---|');
  L.push(`| CPU | ${info.cpu} |`, `| cores | ${info.cores} (shared with other builds while this ran) |`, `| RAM | ${info.ram} |`);
  L.push(`| browser | ${info.chromium}, headless |`, `| rustc | ${info.rustc} |`, `| node | ${info.node} |`, `| kernel | ${info.kernel} |`, `| load average (1 min) | ${info.load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (other processes on the same cores) |`, `| commit | ${info.commit} |`, '');
  L.push(`Command: \`bash scripts/bench.sh\` (= \`node bench/run.mjs --runs ${RUNS} --sizes ${SIZES.join(',')}\` after the builds).`, '');
  L.push('## Method', '');
  L.push(`- Data: generated by \`bench/gen.mjs\` (deterministic) into \`bench/data/\`: survey answers \`date,survey,score,segment\` (nps/csat/ces over two years, three segments) and subscription snapshots \`customer,month,mrr\` (one row per customer and month, 36 months, new customers, churn, expansion, contraction, reactivation). Each also with German conventions: \`Datum;Umfrage;Bewertung;Segment\` with dd.mm.yyyy, and \`Kundennummer;Monat;MRR\` with mm.yyyy and decimal commas (thousands separated by \`.\`).`);
  L.push(`- One page per file, cross-origin isolated; the file's bytes are fetched into an ArrayBuffer first, and a \`Blob\` is made of them once (not timed). Then ${RUNS + 1} rounds (the first a warm-up, not counted) in which each pipeline runs once, the order rotating each round; figures are medians of ${RUNS}.`);
  L.push('- **ours**: one `worker_loader.js` worker per page, started before the first round and reused for every run, as the app does (its start-up until `ready` is not timed, reported apart, as is its first, cold run); timed from just before `postMessage` of the file as a `Blob` (as the app posts a dropped `File`: a reference, not copied, no transfer list) to the result message JSON.parsed. The worker reads the Blob in 1 MiB slices (`FileReaderSync`) into one reused wasm buffer as it imports, so the file is never held whole in the worker; it imports the file (format, delimiter, conventions detected) and computes **every** metric of the kind (the full `kpi --json` report: far more than the baselines compute).');
  L.push('- **PapaParse / uDSV**: `surveyWithPapa`, `surveyWithUdsv`, `mrrWithPapa`, `mrrWithUdsv` of `../shared/bench/baseline.mjs`, unchanged, on the main thread (as written for a page), timed from the same bytes: `new TextDecoder().decode(bytes)` + the pipeline. They read English conventions only, so the German files run through ours alone.');
  L.push('- **Memory**: measured in one extra run per pipeline and file, in a browser of its own (so its renderer process holds no heap left by other runs): the peak extra resident memory of that renderer process (page + its worker + wasm) during the run: the larger of Linux `VmHWM` (reset through `/proc/PID/clear_refs` just before the run) and the resident size sampled every 2 ms from `/proc/PID/statm`, minus the resident size at the start. The file\'s bytes, already loaded, and our worker\'s start-up are not counted; `gc()` runs first. Page JS heap, worker heap and wasm linear memory are all in it, as are ours\' slices of the Blob read in the worker and the baselines\' decoded text (the Blob itself is made before, with the loaded bytes). (`performance.memory` sees only the page\'s heap, not the worker or wasm.)');
  L.push('- **DuckDB-wasm** (`@duckdb/duckdb-wasm` ' + (Object.values(duckInfo)[0]?.version ? `, DuckDB ${Object.values(duckInfo)[0].version}` : '') + '): its `eh` bundle (one thread) and its `coi` bundle (cross-origin isolated, threads: ' + (duckInfo['duckdb-coi']?.threads ?? '–') + '), each instantiated and connected once per page before the first round (start-up not timed: median ' + Object.entries(duckInfo).map(([p, d]) => `${p.slice(7)} ${fmtMs(d.ms)}`).join(', ') + ' for the last page), worker and wasm served from `node_modules`, the module bundled by esbuild. Timed per run: `registerFileBuffer` of a copy of the bytes (the copy made before the clock starts), the query of `bench/sql/survey.sql` or `mrr.sql` (the same SQL the native DuckDB peer runs: parse, group per month), its Arrow result read into objects; the metrics follow from the per-month counts in JS, as the baselines do.');
  L.push('- **Longest task**: the longest `longtask` entry (PerformanceObserver, main thread of the page) overlapping the run; "< 50 ms" when there was none.');
  L.push('- **ratio** = baseline time ÷ our time, i.e. how many times faster ours is (below 1: the baseline is faster; ours/baseline as a time ratio is its inverse).');
  L.push(`- **Equality**: every pipeline's numbers (survey: nps, nps_moe95, csat, csat_mean, ces, ces_easy_pct, total and per month; subscriptions: mrr, mrr_new, mrr_expansion, mrr_contraction, mrr_churn, mrr_reactivation, customer_churn_rate, gross_mrr_churn_rate, net_mrr_churn_rate, nrr per month) and native \`kpi\`'s are checked against PapaParse's within 1e-9 relative; German files against the English file's baseline (same rows). One definitional difference is left out: in the **first month** of the data ours reports the five MRR movements as undefined (nobody's previous MRR is known), the baseline counts all of it as new. ${checked} comparisons, all equal (the run fails otherwise).`);
  L.push('- **Native**: `target/cli/kpi KIND FILE --json` (profile `cli`), wall time including process start and the JSON output, median of ' + RUNS + ' after one warm-up (file in the page cache).', '');

  L.push('## Calculator in the browser', '');
  if (!haveWorker) L.push('**The worker (`dist/worker_loader.js`) was not in the build: our in-browser figures are missing from this run.**', '');
  L.push('| data set | rows | size | pipeline | time | MB/s | ratio | peak memory | memory / file | longest main-thread task |');
  L.push('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  const name = PIPELINE_NAMES;
  for (const b of browserRes) {
    const ours = b.pipelines.ours;
    for (const [p, s] of Object.entries(b.pipelines)) {
      const ratio = p === 'ours' || !ours ? '' : `${(s.ms / ours.ms).toFixed(1)}×`;
      L.push(`| ${b.set.name} | ${rows(b.set.n)} | ${fmtMB(b.set.bytes)} | ${name[p]} | ${fmtMs(s.ms)} | ${rate(b.set.bytes, s.ms)} | ${ratio} | ${s.mem === null ? 'n/a' : fmtMB(s.mem)} | ${s.mem === null ? '' : (s.mem / b.set.bytes).toFixed(2) + '×'} | ${task(s.longest)} |`);
    }
  }
  L.push('');
  if (haveWorker) {
    const st = browserRes.flatMap((b) => (b.pipelines.ours ? [b.pipelines.ours.startup] : []));
    L.push(`Worker start-up (\`new Worker\` → \`ready\`, once per page, not in the times above): median ${fmtMs(median(st))}.`, '');
    L.push('First analysis in a new worker (the warm-up round, not in the medians; wasm code not yet optimised):', '');
    L.push('| data set | ours, first run | ours, median |', '|---|---:|---:|');
    for (const b of browserRes) if (b.pipelines.ours) L.push(`| ${b.set.name} | ${fmtMs(b.pipelines.ours.cold)} | ${fmtMs(b.pipelines.ours.ms)} |`);
    L.push('');
  }
  L.push('All runs (ms), for the noise:', '', '```');
  for (const b of browserRes) for (const [p, s] of Object.entries(b.pipelines)) L.push(`${b.set.name.padEnd(28)} ${p.padEnd(5)} ${s.all.map((x) => x.toFixed(1)).join(' ')}`);
  L.push('```', '');

  L.push('## Native `kpi`', '');
  L.push('| data set | rows | size | time | MB/s |', '|---|---:|---:|---:|---:|');
  for (const n of nativeRes) L.push(`| ${n.set.name} | ${rows(n.set.n)} | ${fmtMB(n.set.bytes)} | ${fmtMs(n.ms)} | ${rate(n.set.bytes, n.ms)} |`);
  L.push('');
  if (peersRes.length) {
    L.push('## Native peers: DuckDB and polars', '');
    L.push('`node bench/native-peers.mjs` (part of this run): `bench/peers.py` computes the same numbers with DuckDB (`bench/sql/*.sql`) and polars (lazy query), in the virtual environment `bench/venv.sh` makes; each result was checked equal to `kpi --json` (1e-9 relative, every month) before its time was kept. `kpi`: whole process, wall clock; peers: the query inside Python (CSV read + compute; interpreter start and imports not counted). Medians of ' + RUNS + ' after a warm-up, files in the page cache.', '');
    L.push(peersTable(peersRes), '');
  }

  L.push('## Sizes', '', 'gzip: node zlib level 9; brotli: node zlib quality 11.', '');
  L.push('| what | files | raw | gzip | brotli |', '|---|---|---:|---:|---:|');
  for (const s of sz) L.push(`| ${s.name} | ${s.files.map((f) => `\`${f}\``).join(', ')} | ${fmtKB(s.raw)} | ${fmtKB(s.gz)} | ${fmtKB(s.br)} |`);
  L.push('');
  L.push('## App and widget in the browser', '');
  L.push('| what | median of ' + RUNS + ' |', '|---|---:|');
  L.push(`| app first view: navigation → paste area visible (fresh context, local server) | ${fmtMs(fv.ms)} |`);
  L.push(`| widget on \`public/embed-demo.html\`: trigger (2 s delay) → visible | ${fmtMs(wd.demoVisible)} |`);
  L.push(`| widget: \`npsSurvey.show()\` → visible (glue and wasm fetched on show) | ${fmtMs(wd.showVisible)} |`);
  L.push(`| widget: \`npsSurvey.show()\` → frame painted | ${fmtMs(wd.showPainted)} |`);
  L.push(`| host page layout shift (CLS, worst run) | ${wd.demoCls.toFixed(4)} / ${wd.showCls.toFixed(4)} (demo / show()) |`);
  L.push('');

  // Goals
  const g = [];
  const find = (kind, n, lang) => browserRes.find((b) => b.set.kind === kind && b.set.n === n && b.set.lang === lang);
  const big = find('survey', 1e6, 'en');
  const ok = (c) => (c ? '**met**' : '**not met**');
  if (big && big.pipelines.ours) {
    const o = big.pipelines.ours, pa = big.pipelines.papa, ud = big.pipelines.udsv;
    g.push(['1 M survey rows, all survey metrics in the browser ≤ 0.5 s', ok(o.ms <= 500), fmtMs(o.ms), '']);
    g.push(['≥ 3× faster than PapaParse + JS', ok(pa.ms / o.ms >= 3), `${(pa.ms / o.ms).toFixed(2)}×`, '']);
    g.push(['faster than uDSV + JS', ok(ud.ms / o.ms > 1), `${(ud.ms / o.ms).toFixed(2)}×`, '']);
    g.push(['memory ≤ 2× the file size', o.mem === null ? 'not measured' : ok(o.mem <= 2 * big.set.bytes), o.mem === null ? 'n/a' : `${fmtMB(o.mem)} = ${(o.mem / big.set.bytes).toFixed(2)}× of ${fmtMB(big.set.bytes)}`, '']);
    const maxTask = Math.max(...browserRes.flatMap((b) => (b.pipelines.ours ? [b.pipelines.ours.longest] : [])));
    g.push(['no main-thread task over 50 ms (ours, every file)', ok(maxTask <= 50), task(maxTask), '']);
  } else if (big) {
    g.push(['1 M survey rows ≤ 0.5 s, ≥ 3× PapaParse, faster than uDSV, memory ≤ 2× file, no task > 50 ms', 'not measured', '–', 'the worker was not in the build']);
  }
  const nat = nativeRes.filter((n) => n.set.n === Math.max(...SIZES));
  for (const n of nat) g.push([`native \`kpi\` ≥ 300 MB/s (${n.set.name})`, ok(n.set.bytes / MB / (n.ms / 1000) >= 300), rate(n.set.bytes, n.ms), '']);
  g.push(['first view ≤ 1 s', ok(fv.ms <= 1000), fmtMs(fv.ms), '']);
  const wasm = sz.find((s) => s.name.startsWith('App wasm'));
  if (wasm) g.push(['app wasm ≤ 400 KB gzip (ECharts apart)', ok(wasm.gz <= 400_000), fmtKB(wasm.gz), '']);
  // issue 15: a purpose-built engine that beats general-purpose ones
  const ours = (kind, n) => find(kind, n, 'en')?.pipelines.ours;
  const lim = (kind, n, ms, label) => {
    const o = ours(kind, n);
    if (o) g.push([label, ok(o.ms <= ms), fmtMs(o.ms), '']);
  };
  lim('survey', 1e4, 10, 'browser: survey 10 k rows ≤ 10 ms per run');
  const s10 = find('survey', 1e4, 'en');
  if (s10?.pipelines.ours && s10.pipelines.udsv) g.push(['browser: survey 10 k rows faster than uDSV + JS', ok(s10.pipelines.udsv.ms > s10.pipelines.ours.ms), `${(s10.pipelines.udsv.ms / s10.pipelines.ours.ms).toFixed(2)}×`, '']);
  lim('survey', 1e6, 150, 'browser: 1 M survey rows ≤ 150 ms');
  lim('subscriptions', 1e6, 400, 'browser: 1 M subscription rows ≤ 400 ms');
  for (const n of [1e5, 1e6]) for (const kind of ['survey', 'subscriptions']) for (const d of DUCK) {
    const b = find(kind, n, 'en');
    if (b?.pipelines.ours && b.pipelines[d]) g.push([`browser: ≥ 2× faster than DuckDB-wasm \`${d.slice(7)}\` (${kind}, ${rows(n)})`, ok(b.pipelines[d].ms / b.pipelines.ours.ms >= 2), `${(b.pipelines[d].ms / b.pipelines.ours.ms).toFixed(2)}×`, '']);
  }
  if (s10?.pipelines.ours) {
    const first = s10.pipelines.ours.startup + s10.pipelines.ours.cold;
    g.push(['browser: first result on a fresh page (worker start + first run), 10 k rows ≤ 150 ms', ok(first <= 150), fmtMs(first), '']);
  }
  const bigSurvey = peersRes.find((r) => r.kind === 'survey' && r.name.includes('-1M-'));
  if (bigSurvey) {
    g.push(['native: ≥ 300 MB/s per core (survey 1 M, `KPI_THREADS=1`)', ok(bigSurvey.bytes / MB / (bigSurvey.kpi1 / 1000) >= 300), rate(bigSurvey.bytes, bigSurvey.kpi1), '']);
    g.push(['native: ≥ 1.8× on 2 cores (survey 1 M, 1 thread ÷ all)', ok(bigSurvey.kpi1 / bigSurvey.kpi >= 1.8), `${(bigSurvey.kpi1 / bigSurvey.kpi).toFixed(2)}×`, '']);
  }
  for (const r of peersRes.filter((x) => x.name.includes('-1M-'))) for (const e of ['duckdb', 'polars']) {
    g.push([`native: faster than ${e} (${r.name})`, ok(r.peers[e].ms > r.kpi), `${(r.peers[e].ms / r.kpi).toFixed(2)}×`, '']);
  }
  const wk = sz.find((x) => x.name.startsWith('Worker wasm'));
  if (wk) g.push(['worker wasm ≤ 300 KB gzip', ok(wk.gz <= 300_000), fmtKB(wk.gz), '']);
  if (wasm) g.push(['app wasm ≤ 300 KB gzip', ok(wasm.gz <= 300_000), fmtKB(wasm.gz), '']);
  const whole = sz.find((x) => x.name.startsWith('Whole widget'));
  if (whole) g.push(['whole widget ≤ 30 KB gzip', ok(whole.gz <= 30_000), fmtKB(whole.gz), '']);
  L.push('## Goals', '', '| goal | status | measured | why not |', '|---|---|---:|---|');
  for (const x of g) L.push(`| ${x[0]} | ${x[1]} | ${x[2]} | ${x[3] || (x[1] === '**met**' ? '' : 'see Notes')} |`);
  L.push('', '<!-- notes -->', '## Notes', '', '(Hand-written after a run, kept by later runs: everything above this section is rewritten by `bench/run.mjs`.)', '');
  return L.join('\n');
}

// ---------------------------------------------------------------- main
const info = machine();
log('machine', JSON.stringify(info));
for (const f of ['widget.js', 'index.html']) if (!existsSync(join(DIST, f))) throw new Error(`dist/${f} missing: run scripts/bench.sh (it builds dist/)`);
if (!existsSync(KPI)) throw new Error(`${KPI} missing: cargo build --profile cli --bin kpi`);
if (!existsSync(BASELINE)) throw new Error(`${BASELINE} missing: the baselines live beside the repository in shared/bench/`);
const haveWorker = existsSync(join(DIST, 'worker_loader.js'));
if (!haveWorker) log('dist/worker_loader.js missing: running without our in-browser path');
const sets = (await generate(DATA, SIZES)).sort((a, b) => a.n - b.n);
log('data', sets.map((s) => `${s.name} ${fmtMB(s.bytes)}`).join(', '));

const nativeRes = nativeRuns(sets);
// DuckDB and polars natively on the English files (skipped with --no-peers or without bench/.venv)
const peersRes = process.argv.includes('--no-peers') || !existsSync(PYTHON) ? []
  : nativePeers(sets.filter((x) => x.lang === 'en').map((x) => x.path), RUNS, (m) => log(m));
const sz = sizes();
const server = await serveBench({ data: DATA, dist: DIST });
const browser = await launch();
let browserRes, fv, wd;
try {
  browserRes = await browserRuns(browser, server, sets, haveWorker);
  fv = await firstView(browser, server);
  wd = await widget(browser);
} finally {
  await browser.close();
  await server.close();
}
const checked = checkEquality(browserRes, nativeRes);
if (failures.length) {
  console.error('BENCHMARK FAILED: results differ or pages had errors:\n' + failures.join('\n'));
  process.exit(1);
}
const seconds = (Date.now() - started) / 1000;
let md = report({ info, sets, browserRes, nativeRes, peersRes, sz, fv, wd, haveWorker, checked, seconds });
// Keep the hand-written notes (after the marker) of an earlier BENCHMARKS.md.
if (existsSync(OUT)) {
  const old = readFileSync(OUT, 'utf8');
  const i = old.indexOf('<!-- notes -->');
  if (i >= 0) md = md.slice(0, md.indexOf('<!-- notes -->')) + old.slice(i);
}
writeFileSync(OUT, md.endsWith('\n') ? md : md + '\n');
log(`wrote ${OUT} (${checked} equality checks passed)`);
