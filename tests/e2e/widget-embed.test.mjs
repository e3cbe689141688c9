// The script-tag embed: one <script> with data- attributes, one answer POSTed as JSON to
// a real receiver on loopback. Run after `bash scripts/build-widget.sh dist`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSetup, launchBrowser, openPage } from './support.mjs';
import { startReceiver } from './receiver.mjs';
import { page, scriptTag, sel, site, UUID } from './widget-site.mjs';
import { readFileSync } from 'node:fs';
import { ROOT } from './support.mjs';

const env = e2eSetup({ serve: false });

// A small checker for the parts of JSON Schema that public/widget-answer.schema.json uses.
const SCHEMA = JSON.parse(readFileSync(`${ROOT}/public/widget-answer.schema.json`, 'utf8'));
function conforms(a) {
  const errs = [];
  for (const k of SCHEMA.required) if (!(k in a)) errs.push(`missing ${k}`);
  for (const [k, v] of Object.entries(a)) {
    const p = SCHEMA.properties[k] ?? SCHEMA.additionalProperties;
    if (p.const !== undefined && v !== p.const) errs.push(`${k} != ${p.const}`);
    if (p.enum && !p.enum.includes(v)) errs.push(`${k} not in enum`);
    if (p.type === 'string' && typeof v !== 'string') errs.push(`${k} not a string`);
    if (p.type === 'integer' && !Number.isInteger(v)) errs.push(`${k} not an integer`);
    if (p.minimum !== undefined && v < p.minimum) errs.push(`${k} < min`);
    if (p.maximum !== undefined && v > p.maximum) errs.push(`${k} > max`);
    if (p.pattern && !new RegExp(p.pattern).test(v)) errs.push(`${k} !~ pattern`);
    if (p.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) errs.push(`${k} not a date`);
  }
  return errs;
}

let rx, web;

before(async () => {
  rx = await startReceiver();
  web = await site({
    'index.html': page({ body: scriptTag({ endpoint: rx.url, survey: 'nps', 'retry-base-ms': 100, 'close-after': 0 }) }),
    'manual.html': page({ body: scriptTag({ endpoint: rx.url, survey: 'csat', trigger: 'manual', 'close-after': 0 }) }),
  });
});

after(async () => {
  await web?.close();
  await rx?.close();
});

test('script tag: a clicked score is POSTed as one JSON answer', async () => {
  const p = await openPage(env.browser);
  const seen = [];
  p.on('request', (r) => seen.push(r.url()));
  await p.goto(web.url + 'index.html');
  await p.locator(sel.radio(9)).click();
  await rx.waitFor(() => rx.answers.size === 1, 10000, 'one answer');
  const [a] = rx.rows();
  assert.match(a.id, UUID);
  assert.equal(a.score, 9);
  assert.equal(a.survey, 'nps');
  assert.equal(a.page, web.url + 'index.html');
  assert.equal(a.lang, 'en');
  assert.equal(a.schema_version, 1);
  assert.match(a.date, /^\d{4}-\d{2}-\d{2}$/);
  const req = rx.log.find((e) => e.status === 200);
  assert.equal(req.headers['idempotency-key'], a.id);
  assert.equal(req.headers['content-type'], 'application/json');
  assert.deepEqual(Object.keys(a).sort(), ['date', 'id', 'lang', 'page', 'schema_version', 'score', 'survey']);
  assert.deepEqual(conforms(a), [], 'matches public/widget-answer.schema.json');
  assert.deepEqual(conforms(SCHEMA.examples[0]), [], 'the schema example matches too');
  // Delivered: the outbox is empty again.
  await p.waitForFunction(() => localStorage.getItem('nps-survey:outbox') === null);
  // Nothing but the widget's own files and the answer left the page; no cookies.
  const allowed = [new URL(web.url).origin, new URL(rx.url).origin];
  assert.deepEqual(seen.filter((u) => !u.startsWith('data:') && !allowed.includes(new URL(u).origin)), []);
  assert.ok(seen.some((u) => u === rx.url), 'the answer went to the endpoint');
  assert.equal(await p.evaluate(() => document.cookie), '');
  assert.deepEqual((await env.browser.cookies()).length, 0);
  p.assertNoErrors();
  await p.close();
});

test('wasm is fetched only when the survey is about to show', async () => {
  const fresh = await launchBrowser(); // empty cache
  try {
    const from = web.requests.length;
    const p = await openPage(fresh, web.url + 'manual.html');
    await p.waitForFunction(() => window.npsSurvey && typeof window.npsSurvey.show === 'function');
    await p.waitForTimeout(300); // the only sleep: proves nothing is fetched while idle
    const mine = () => web.requests.slice(from);
    const wasm = () => mine().filter((r) => r.endsWith('/widget/widget_bg.wasm')).length;
    assert.ok(mine().some((r) => r.endsWith('/sub/path/widget.js')), 'loader fetched');
    assert.ok(!mine().some((r) => r.endsWith('/widget/widget.js')), 'no glue before show()');
    assert.equal(wasm(), 0, 'no wasm before show()');
    await p.evaluate(() => window.npsSurvey.show());
    await p.locator(sel.radio(4)).waitFor();
    assert.equal(wasm(), 1, 'wasm fetched once, on show()');
    p.assertNoErrors();
  } finally {
    await fresh.close();
  }
});

test('public/embed-demo.html and widget-demo/ pages show the survey', async () => {
  const demo = await site({
    'embed-demo.html': readFileSync(`${ROOT}/public/embed-demo.html`, 'utf8'),
    'widget-demo/inline.html': readFileSync(`${ROOT}/public/widget-demo/inline.html`, 'utf8'),
    'widget-demo/strict-csp.html': readFileSync(`${ROOT}/public/widget-demo/strict-csp.html`, 'utf8'),
    'widget-demo/status.js': readFileSync(`${ROOT}/public/widget-demo/status.js`, 'utf8'),
  });
  try {
    for (const [file, radio] of [['embed-demo.html', 10], ['widget-demo/inline.html', 5], ['widget-demo/strict-csp.html', 7]]) {
      const p = await openPage(env.browser, demo.url + file);
      await p.locator(sel.radio(radio)).waitFor({ state: 'visible', timeout: 10000 });
      p.assertNoErrors();
      if (file === 'embed-demo.html') {
        // the example endpoint does not exist: the page says "queued", not "received"
        await p.locator(sel.radio(radio)).click();
        await p.locator('#delivery-status').filter({ hasText: 'queued and will be sent' }).waitFor();
        await p.waitForTimeout(300);
        assert.doesNotMatch(await p.locator('#delivery-status').innerText(), /Delivered/);
        await p.evaluate(() => localStorage.removeItem('nps-survey:outbox')); // not for the next pages
      }
      await p.close();
    }
  } finally {
    await demo.close();
  }
});
