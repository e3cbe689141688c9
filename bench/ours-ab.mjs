// Our worker alone, A against B: the per-run time of two builds (dist folders) on the same
// files, in the same browser, in the same minute. For changes of the import or the metrics,
// where `bench/run.mjs` (every peer, every size) takes too long to repeat.
//
//   node bench/ours-ab.mjs --dist /tmp/dist-before,dist [--files survey-10k-en.csv,…] [--runs 9]
//   node bench/ours-ab.mjs --dist … --fresh 9 [--wait 0]
//
// Files come from bench/data (made by bench/gen.mjs when missing). Per file, one page per
// build, each with its worker started once and reused (as the app does); then rounds in which
// each build runs once, in alternating order; the first round warms up and is not counted.
// Prints the median (and the spread) per build, and B's speed-up over A. Each run's numbers
// are checked equal between the builds (bench/compare.mjs's projection of the report).
//
// --fresh N: the first result on a fresh page instead, N times per build and file (builds
// alternating): each time a new browser context (no cache), a new worker, and the file
// posted --wait ms after the worker said ready (0: at once, as a file dropped while the page
// loads; 1500: a user who takes a moment to choose it). Prints the medians of the worker's
// start (new Worker → ready), of the first run (posted → result parsed) and of their sum.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/e2e/support.mjs';
import { differences } from './compare.mjs';
import { generate } from './gen.mjs';
import { ROOT, serveBench } from './server.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const DISTS = arg('dist', 'dist').split(',').map((d) => resolve(d));
const FILES = arg('files', 'survey-10k-en.csv,survey-10k-de.csv,subscriptions-10k-en.csv').split(',');
const RUNS = Number(arg('runs', 9));
const FRESH = Number(arg('fresh', 0));
const WAIT = Number(arg('wait', 0));
const DATA = join(ROOT, 'bench', 'data');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

const rows = new Set(FILES.map((f) => f.match(/-(\d+[kM])-/)?.[1]).filter(Boolean));
const count = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };
if (FILES.some((f) => !existsSync(join(DATA, f)))) {
  await generate(DATA, [...rows].map((r) => count[r]).filter(Boolean));
}

const servers = await Promise.all(DISTS.map((dist) => serveBench({ dist, data: DATA })));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
});
let failed = false;
try {
  console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const file of FRESH ? FILES : []) {
    const kind = file.startsWith('survey') ? 'survey' : 'subscriptions';
    const runs = servers.map(() => ({ start: [], first: [], sum: [] }));
    for (let r = 0; r < FRESH; r++) {
      for (const i of r % 2 ? [...servers.keys()].reverse() : servers.keys()) {
        const context = await browser.newContext();
        const page = await context.newPage();
        page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
        await page.goto(`${servers[i].url}__bench.html`);
        await page.waitForFunction(() => window.benchReady);
        await page.evaluate((u) => window.bench.load(u), `${servers[i].url}__data/${file}`);
        const start = await page.evaluate(() => window.bench.startWorker());
        await page.evaluate((ms) => new Promise((ok) => setTimeout(ok, ms)), WAIT);
        const res = await page.evaluate(([k, n]) => window.bench.ours(k, n), [kind, file]);
        if (res.error) throw new Error(`${file}: ${res.error}`);
        runs[i].start.push(start);
        runs[i].first.push(res.ms);
        runs[i].sum.push(start + res.ms);
        await context.close();
      }
    }
    const line = runs.map((x, i) => `${DISTS[i].replace(ROOT + '/', '')}: start ${fmt(median(x.start))} + first run ${fmt(median(x.first))} = ${fmt(median(x.sum))} ms`);
    console.log(`${file} (fresh page, request ${WAIT} ms after ready, medians of ${FRESH})  ${line.join('  |  ')}`);
  }
  for (const file of FRESH ? [] : FILES) {
    const kind = file.startsWith('survey') ? 'survey' : 'subscriptions';
    const pages = [];
    for (const server of servers) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      await page.goto(`${server.url}__bench.html`);
      await page.waitForFunction(() => window.benchReady);
      await page.evaluate((u) => window.bench.load(u), `${server.url}__data/${file}`);
      const start = await page.evaluate(() => window.bench.startWorker());
      pages.push({ page, context, start, runs: [], first: null });
    }
    for (let r = 0; r <= RUNS; r++) {
      const order = r % 2 ? [...pages].reverse() : pages;
      const results = [];
      for (const p of order) {
        await p.page.evaluate(() => window.bench.gc());
        await p.page.evaluate(() => new Promise((ok) => setTimeout(ok, 20)));
        const res = await p.page.evaluate(([k, n]) => window.bench.ours(k, n), [kind, file]);
        if (res.error) throw new Error(`${file}: ${res.error}`);
        if (r === 0) p.first = res.ms;
        else p.runs.push(res.ms);
        results.push(res.result);
      }
      const diff = differences(results[0], results[results.length - 1]);
      if (diff.length) {
        failed = true;
        console.error(`${file}: the builds' numbers differ: ${diff.slice(0, 3).join('; ')}`);
      }
    }
    const line = pages.map((p, i) => {
      const s = [...p.runs].sort((a, b) => a - b);
      return `${DISTS[i].replace(ROOT + '/', '')}: ${fmt(median(p.runs))} ms (${fmt(s[0])}–${fmt(s[s.length - 1])}; first ${fmt(p.first)}, worker start ${fmt(p.start)})`;
    });
    const ratio = pages.length > 1 ? `  → ${(median(pages[0].runs) / median(pages.at(-1).runs)).toFixed(2)}×` : '';
    console.log(`${file}  ${line.join('  |  ')}${ratio}`);
    for (const p of pages) await p.context.close();
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
process.exit(failed ? 1 : 0);
