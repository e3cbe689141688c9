// The app in Chromium on files of about 200 MB, chosen in its file picker as a user would:
// time until the dashboard shows, peak extra memory of the tab's renderer process (page,
// worker and wasm), and the headline figure against native `kpi` on the same file.
//
//   KPI_BIG_COPIES=9 bash bench/big.sh     # makes bench/data/*-big-9.csv (~200 MB each)
//   node bench/big-browser.mjs [FILE …]    # needs dist/ (trunk build --release)
//
// Prints one line per file; the figures quoted in BENCHMARKS.md (Notes) come from here.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ROOT, serveStatic } from '../tests/e2e/support.mjs';

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['survey-big-9.csv', 'subscriptions-big-9.csv'].map((f) => join(ROOT, 'bench', 'data', f));
const KPI = join(ROOT, 'target', 'cli', 'kpi');

function descendants(pid) {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const procs = out.trim().split('\n').map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)).filter(Boolean)
    .map((m) => ({ pid: +m[1], ppid: +m[2], args: m[3] }));
  const mine = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) { mine.add(p.pid); grew = true; }
  }
  return procs.filter((p) => mine.has(p.pid));
}
const statm = (pid) => Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
const hwm = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s*(\d+)/)[1]) * 1024;

const server = await serveStatic(join(ROOT, 'dist'));
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (run KPI_BIG_COPIES=9 bash bench/big.sh first)`);
    continue;
  }
  const kind = file.includes('subscription') ? 'subscriptions' : 'survey';
  const native = JSON.parse(execFileSync(KPI, [kind, file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 }));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => localStorage.setItem('kpi.lang', 'en'));
    await page.goto(server.url);
    await page.getByTestId('paste-area').waitFor();
    await page.waitForTimeout(500);
    const browserPid = descendants(process.pid).find((p) => /chrom/.test(p.args) && !p.args.includes('--type='))?.pid;
    const renderers = descendants(browserPid).filter((p) => p.args.includes('--type=renderer'));
    const pid = renderers.map((p) => [p.pid, statm(p.pid)]).sort((a, b) => b[1] - a[1])[0][0];
    const rss0 = statm(pid);
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    let top = rss0;
    const timer = setInterval(() => { try { top = Math.max(top, statm(pid)); } catch {} }, 5);
    const t0 = performance.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('results').waitFor({ timeout: 600_000 });
    const ms = performance.now() - t0;
    clearInterval(timer);
    top = Math.max(top, statm(pid), hwm(pid));
    const key = kind === 'survey' ? 'nps' : 'mrr';
    const shown = kind === 'survey'
      ? Number(await page.getByTestId('nps-value').getAttribute('data-value'))
      : Number(await page.locator('[data-testid="card-mrr"] [data-testid="value"]').getAttribute('data-value'));
    const mb = statSync(file).size / 1e6;
    const extra = (top - rss0) / 1e6;
    console.log(`${file.split('/').pop()}: ${mb.toFixed(0)} MB, ${native.rows} rows; dashboard after ${(ms / 1000).toFixed(1)} s, ` +
      `peak extra memory ${extra.toFixed(0)} MB = ${(extra / mb).toFixed(2)}x the file; ${key} shown ${shown}, kpi ${native.metrics[key]}`);
  } finally {
    await browser.close();
  }
}
await server.close();
