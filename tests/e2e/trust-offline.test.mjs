// Installable and offline: the manifest is valid and installable (with "Open with" for CSV
// and XLSX), the service worker keeps exactly the built files (checked against their
// hashes), and the app loads and analyses a file with the network off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { e2eSetup, serveStatic, launchBrowser, openPage, swControlled, DIST, ROOT } from './support.mjs';

const env = e2eSetup({ serve: false });


function precache() {
  return JSON.parse(readFileSync(join(DIST, 'precache.json'), 'utf8'));
}

function walk(d) {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
}

/** Polls `ready` (in this process) every 50 ms until it holds; fails after 30 s with `why`. */
async function until(ready, why) {
  const deadline = Date.now() + 30000;
  while (!ready()) {
    assert.ok(Date.now() < deadline, typeof why === 'function' ? why() : why);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

test('the service worker lists every built file with its hash, the analysis worker too', () => {
  const { version, files } = precache();
  const listed = new Map(files.map((f) => [f.path, f.integrity]));
  const built = walk(DIST).map((p) => relative(DIST, p)).filter((p) => !['sw.js', 'precache.json', '_headers'].includes(p));
  assert.deepEqual([...listed.keys()].sort(), built.sort());
  for (const [path, integrity] of listed) {
    assert.equal(integrity, `sha256-${createHash('sha256').update(readFileSync(join(DIST, path))).digest('base64')}`, path);
  }
  for (const name of ['index.html', 'worker_loader.js', 'worker.js', 'worker_bg.wasm', 'vendor/echarts.min.js', 'manifest.webmanifest']) {
    assert.ok(listed.has(name), `${name} is cached`);
  }
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  assert.ok(sw.includes(`"version":"${version}"`), 'sw.js carries the same list');
});

test('loads, goes offline, reloads and still analyses a file', async () => {
  const server = await serveStatic();
  const context = await launchBrowser();
  try {
    const page = await openPage(context, server.url);
    await page.getByTestId('paste-area').waitFor();
    await swControlled(page);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names[0]);
      return { names, count: (await cache.keys()).length };
    });
    assert.deepEqual(cached.names, [`kpi-${precache().version}`]);
    assert.equal(cached.count, precache().files.length);

    await context.setOffline(true);
    const before = server.requests.length;
    await page.reload();
    await page.getByTestId('paste-area').waitFor();
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await page.getByTestId('file-input').setInputFiles(join(DIST, 'samples', 'umfrage-de.csv'));
    await page.getByTestId('nps-card').waitFor();
    assert.equal(await page.getByTestId('nps-n').innerText(), '240');
    // the chart library too comes from the cache
    await page.getByTestId('chart-nps-distribution').locator('canvas').waitFor();
    assert.equal(server.requests.length, before, 'nothing reached the server while offline');
    page.assertNoErrors();
  } finally {
    await context.close();
    await server.close();
  }
});

test('a half-deployed build (a file that does not match its hash) is never cached or served', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-stale-'));
  cpSync(DIST, dir, { recursive: true });
  // the analysis worker's glue from another build: same name (it carries no hash), other bytes
  writeFileSync(join(dir, 'worker.js'), `${readFileSync(join(dir, 'worker.js'), 'utf8')}\n// another build\n`);
  const server = await serveStatic(dir);
  const context = env.browser;
  try {
    const page = await openPage(context, server.url);
    await page.getByTestId('paste-area').waitFor();
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const sw = reg?.installing ?? reg?.waiting ?? reg?.active;
      if (sw && sw.state !== 'redundant') {
        await new Promise((ok) => sw.addEventListener('statechange', () => sw.state === 'redundant' && ok()));
      }
      return { state: sw?.state, active: Boolean((await navigator.serviceWorker.getRegistration())?.active), caches: await caches.keys() };
    });
    assert.equal(state.state, 'redundant', 'the install failed');
    assert.equal(state.active, false);
    // the cache of the failed install holds nothing that could be served later
    for (const name of state.caches) {
      assert.equal(await page.evaluate(async (n) => (await (await caches.open(n)).match(new URL('worker.js', location.href).href)) === undefined, name), true);
    }
    // the app itself still works online
    await page.getByTestId('paste-area').fill('score\n10\n');
    await page.getByTestId('nps-card').waitFor();
  } finally {
    await server.close();
  }
});

test('a new deploy: open pages keep their build, the next visit gets the new one, old caches go', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-deploy-'));
  cpSync(DIST, dir, { recursive: true });
  const server = await serveStatic(dir);
  const context = await launchBrowser();
  const workerText = (page) => page.evaluate(async () => (await fetch('worker.js')).text());
  try {
    const first = await openPage(context, server.url);
    await first.getByTestId('paste-area').waitFor();
    await swControlled(first);
    const oldVersion = precache().version;
    // deploy B: the analysis worker changes under the same name, the build step runs again
    writeFileSync(join(dir, 'worker.js'), `${readFileSync(join(dir, 'worker.js'), 'utf8')}\n// build B\n`);
    execFileSync('node', [join(ROOT, 'scripts', 'post-build.mjs'), dir]);
    const newVersion = JSON.parse(readFileSync(join(dir, 'precache.json'), 'utf8')).version;
    assert.notEqual(newVersion, oldVersion);
    await first.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
      const sw = reg.installing ?? reg.waiting;
      if (sw && sw.state !== 'installed') {
        await new Promise((ok) => sw.addEventListener('statechange', () => sw.state === 'installed' && ok()));
      }
    });
    // the open page still gets build A's worker: page and worker from one build
    assert.ok(!(await workerText(first)).includes('// build B'));
    // The browser's own view of the service worker versions (a blank page is no client).
    const watcher = await context.newPage();
    const cdp = await context.newCDPSession(watcher);
    const versions = new Map();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
      for (const v of updated) versions.set(v.versionId, v);
    });
    await cdp.send('ServiceWorker.enable');
    const active = () => [...versions.values()].find((v) => v.status === 'activated');
    await until(() => active(), 'no active service worker reported');
    const buildA = active().versionId;
    await first.close();
    // Build B's worker takes over once no page (nor its analysis worker) of build A is left and
    // build A's worker has finished what it was doing; a visit before that would still be
    // build A's client, so the next visit is the one after that moment.
    await until(() => active()?.versionId !== buildA, () => `build B never took over: ${JSON.stringify([...versions.values()])}`);
    await watcher.close();
    // the next visit: build B, and build A's cache is gone
    const second = await openPage(context, server.url);
    await second.getByTestId('paste-area').waitFor();
    assert.deepEqual(await second.evaluate(() => caches.keys()), [`kpi-${newVersion}`]);
    assert.ok((await workerText(second)).includes('// build B'));
    await second.reload();
    await second.getByTestId('paste-area').waitFor();
    assert.deepEqual(await second.evaluate(() => caches.keys()), [`kpi-${newVersion}`]);
    await second.getByTestId('paste-area').fill('score\n10\n');
    await second.getByTestId('nps-card').waitFor();
  } finally {
    await context.close();
    await server.close();
  }
});

test('the manifest is installable and opens CSV and XLSX files', async () => {
  const server = await serveStatic();
  const context = env.browser;
  try {
    const page = await openPage(context, server.url);
    await page.getByTestId('paste-area').waitFor();
    await swControlled(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, []);
    const parsed = JSON.parse(manifest.data);
    const accepted = Object.values(parsed.file_handlers[0].accept).flat();
    assert.ok(accepted.includes('.csv') && accepted.includes('.xlsx'));
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    page.assertNoErrors();
  } finally {
    await server.close();
  }
});

test('"Open with": a file handed over through launchQueue is analysed', async () => {
  const server = await serveStatic();
  const context = env.browser;
  try {
    const page = await context.newPage();
    // what Chromium does for an installed app opened with a file: a LaunchParams with handles
    await page.addInitScript(() => {
      Object.defineProperty(window, 'launchQueue', {
        value: { setConsumer: (f) => { window.__launchConsumer = f; } },
      });
      localStorage.setItem('kpi.lang', 'en');
    });
    await page.goto(server.url);
    await page.getByTestId('paste-area').waitFor();
    await page.waitForFunction(() => typeof window.__launchConsumer === 'function');
    await page.evaluate(() => window.__launchConsumer({
      files: [{ kind: 'file', name: 'launched.csv', getFile: async () => new File(['score\n10\n10\n0\n'], 'launched.csv', { type: 'text/csv' }) }],
    }));
    await page.getByTestId('nps-card').waitFor();
    assert.equal(await page.getByTestId('nps-n').innerText(), '3');
    assert.match(await page.getByTestId('dropzone').innerText(), /launched\.csv/);
  } finally {
    await server.close();
  }
});
