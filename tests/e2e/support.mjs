// Shared pieces of the end-to-end tests: a static file server on loopback and a headless
// Chromium that fails the test on any console error.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const DIST = join(ROOT, 'dist');
export const SAMPLES = join(ROOT, 'public', 'samples');
/** Where tests leave their screenshots (made by `buildKpi`, or by a test itself). */
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');

/** Builds the `kpi` command line (debug) whose `--json` the page's numbers are checked
 * against; makes the screenshot folder too. For a file's `before` hook. */
export function buildKpi() {
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync('cargo', ['build', '--quiet', '--bin', 'kpi'], { cwd: ROOT, stdio: 'inherit' });
}

/** The metric core's own results for a file: `kpi KIND PATH --json FLAGS…` (see `buildKpi`). */
export function kpiJson(kind, path, ...flags) {
  const out = execFileSync(join(ROOT, 'target', 'debug', 'kpi'), [kind, path, '--json', ...flags]);
  return JSON.parse(out.toString());
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Serves `dir` on 127.0.0.1 under `prefix` (a sub-path, to prove relative URLs work); the
 * one static server of the tests and the benchmark (bench/server.mjs).
 * `headers(path)` may add response headers (e.g. a Content-Security-Policy).
 * `mounts`: [[sub-path, directory]] served instead of `dir` below that sub-path;
 * `files`: {sub-path: file} served as they are.
 * Returns { url, close, requests } where `requests` lists every path asked for.
 */
export async function serveStatic(
  dir = DIST,
  { prefix = '/sub/path/', headers = () => ({}), mounts = [], files = {} } = {},
) {
  const requests = [];
  const roots = [...mounts.filter(([, d]) => d), ['', dir]];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    const rel = path.slice(prefix.length);
    let file = files[rel];
    if (!file) {
      const [mount, base] = roots.find(([m]) => rel.startsWith(m));
      file = normalize(join(base, rel.slice(mount.length)));
      if (!file.startsWith(base)) {
        res.writeHead(403).end();
        return;
      }
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        ...headers(path),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Headless Debian Chromium with a fresh profile. */
export async function launchBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'kpi-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A new page that records console errors and uncaught exceptions; call
 * `assertNoErrors()` at the end of a test.
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  if (url) await page.goto(url);
  page.assertNoErrors = () => {
    if (errors.length) throw new Error(`errors on the page:\n${errors.join('\n')}`);
  };
  page.consoleErrors = errors;
  return page;
}

/** Waits until the app's service worker is active and controls `page` (the first visit's
 * worker claims the page once it has cached the build). */
export async function swControlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    }
  });
}

/** The Content-Security-Policy of dist/_headers (the format of hosts that read one, e.g.
 * Netlify, Cloudflare Pages): the <meta> policy plus what only a header can say. */
export function headerPolicy() {
  return readFileSync(join(DIST, '_headers'), 'utf8').match(/^\s+Content-Security-Policy:\s*(.+)$/m)[1];
}

/** dist/ served under /app/ with that policy as a response header (it covers the worker). */
export function serveWithHeaderPolicy() {
  const policy = headerPolicy();
  return serveStatic(DIST, { prefix: '/app/', headers: () => ({ 'content-security-policy': policy }) });
}

/** Waits for the service worker to control `page`, takes the browser offline and reloads
 * the page from the cache; the number of requests `server` had by then. */
export async function reloadOffline(context, page, server) {
  await swControlled(page);
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('paste-area').waitFor();
  return server.requests.length;
}

/**
 * The setup of an end-to-end file, as `before`/`after` hooks of the file: dist/ served on
 * loopback (`serve: false`: no server) and one headless Chromium, both closed after the
 * tests. Returns `env`, whose `server` and `browser` are set once the hook ran;
 * `await env.ready()` gives them to a file's own `before` hook (node 20 starts a file's
 * `before` hooks together, not one after the other). `env.openApp(lang, path)`: a page of
 * the app (`path` e.g. `#/calc/nps`) in the UI language `lang`, stored before the first
 * script runs, as a returning user's would be; `env.openSample(file, …)`: a sample's results.
 */
export function e2eSetup({ serve = true } = {}) {
  const env = {
    server: null,
    browser: null,
    async openApp(lang = 'en', path = '') {
      const page = await openPage(env.browser);
      await page.addInitScript((l) => localStorage.setItem('kpi.lang', l), lang);
      await page.goto(`${env.server.url}${path}`);
      return page;
    },
    // A first-time visitor (nothing stored) in `lang` who opens a shipped sample; the page
    // once its results are shown. `width`: the viewport (default: Playwright's 1280 × 720).
    async openSample(file, { lang = 'en', width, height = 900 } = {}) {
      const page = await openPage(env.browser);
      if (width) await page.setViewportSize({ width, height });
      await page.addInitScript((l) => {
        localStorage.clear();
        localStorage.setItem('kpi.lang', l);
      }, lang);
      await page.goto(env.server.url);
      await page.getByTestId(`sample-${file}`).click();
      await page.getByTestId('results').waitFor();
      return page;
    },
  };
  let starting;
  env.ready = () =>
    (starting ??= (async () => {
      if (serve) env.server = await serveStatic();
      env.browser = await launchBrowser();
      return env;
    })());
  before(env.ready);
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
