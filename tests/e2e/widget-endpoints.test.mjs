// Delivery to the endpoints site owners without a server use (tests/e2e/receiver.mjs,
// startEndpoint): an Apps Script web app (no OPTIONS, 302 to another origin), a catch hook,
// a form service, a receiver without any CORS headers. On each: a normal answer with a
// comment revision, then a 500, a hang and a refused connection, each followed by
// recovery. Every answer must arrive (exactly once where the receiver's answer is
// readable) and the outbox must drain. Prints a table: given / delivered / duplicated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { e2eSetup, openPage, ROOT } from './support.mjs';
import { startEndpoint } from './receiver.mjs';
import { instrument, page, scriptTag, sel, site } from './widget-site.mjs';

const env = e2eSetup({ serve: false });

const KINDS = [
  { kind: 'apps-script', opts: { request: 'simple' }, readable: true },
  { kind: 'catch-hook', opts: { request: 'simple' }, readable: true },
  { kind: 'form-service', opts: { request: 'simple', format: 'form' }, readable: true },
  { kind: 'no-cors', opts: { request: 'no-cors' }, readable: false },
];

const table = [];

before(async () => {
  await env.ready();
  await instrument(env.browser);
});

after(async () => {
  if (table.length) {
    console.log('# endpoint kind | request | answers given | delivered | duplicated | OPTIONS sent');
    for (const r of table) console.log(`# ${r.kind} | ${r.request} | ${r.given} | ${r.delivered} | ${r.duplicated} | ${r.options}`);
    mkdirSync(`${ROOT}/target`, { recursive: true });
    writeFileSync(`${ROOT}/target/widget-endpoints.json`, JSON.stringify(table, null, 1));
  }
});

const idOf = async (p) => p.evaluate(() => window.__ev.filter(([n]) => n === 'answered').at(-1)[1].id);
const outbox = (p) => p.evaluate(() => localStorage.getItem('nps-survey:outbox'));
const posts = (ep, pred = () => true) => ep.log.filter((e) => e.method === 'POST' && pred(e)).length;

for (const { kind, opts, readable } of KINDS) {
  test(`${kind} (request=${opts.request}${opts.format ? ', format=' + opts.format : ''}): answers arrive as the mode promises, the outbox drains`, async () => {
    const ep = await startEndpoint(kind);
    const base = {
      endpoint: ep.url, mode: 'modal', days: 0, 'dismiss-days': 0, 'close-after': 0,
      'retry-base-ms': 100, 'retry-max-ms': 400, 'timeout-ms': 400, 'attr-plan': 'pro', ...opts,
    };
    const web = await site({ 'w.html': page({ body: scriptTag(base) }) });
    const url = web.url + 'w.html';
    const given = [];
    const lost = [];
    try {
      // 1. normal: score, then the comment as revision 2
      const a = await openPage(env.browser, url);
      await a.locator(sel.radio(9)).click();
      await a.locator(sel.comment).fill('first, "quoted" & more');
      await a.locator(sel.send).click();
      const idA = await idOf(a);
      given.push(idA);
      await ep.waitFor(() => ep.answers().get(idA)?.revision === 2, 10000, 'revision 2 of the first answer');
      await a.waitForFunction(() => localStorage.getItem('nps-survey:outbox') === null);
      a.assertNoErrors();
      await a.close();

      // 2. the receiver fails with 500 for a while
      ep.setMode(500);
      const b = await openPage(env.browser, url);
      await b.locator(sel.radio(3)).click();
      const idB = await idOf(b);
      given.push(idB);
      if (readable) {
        await ep.waitFor(() => posts(ep, (e) => e.status === 500) >= 3, 10000, 'retries after 500');
        assert.ok(JSON.parse(await outbox(b)).some((e) => e.k === idB), 'waits in the outbox');
        ep.setMode('ok');
        await ep.waitFor(() => ep.answers().has(idB), 10000, 'answer after the 500s');
      } else {
        // no-cors: the 500 is hidden behind an opaque response, counted as delivered
        await b.waitForFunction((id) => window.__ev.some(([n, d]) => n === 'sent' && d.id === id && d.status === 0), idB);
        assert.equal(posts(ep, (e) => e.status === 500), 1, 'not retried');
        lost.push(idB);
        ep.setMode('ok');
      }
      await b.waitForFunction(() => localStorage.getItem('nps-survey:outbox') === null);
      await b.close();

      // 3. the receiver hangs: the widget times out and retries
      ep.setMode('hang');
      const c = await openPage(env.browser, url);
      await c.locator(sel.radio(10)).click();
      const idC = await idOf(c);
      given.push(idC);
      await ep.waitFor(() => posts(ep, (e) => e.mode === 'hang') >= 2, 10000, 'hung requests, retried');
      ep.setMode('ok'); // the request still waiting gets a 504
      if (readable) {
        await ep.waitFor(() => ep.answers().has(idC), 10000, 'answer after the hang');
      } else {
        // no-cors: the first time-out was retried, but the 504 on the second try is opaque
        await c.waitForFunction((id) => window.__ev.some(([n, d]) => n === 'sent' && d.id === id), idC);
        lost.push(idC);
      }
      await c.waitForFunction(() => localStorage.getItem('nps-survey:outbox') === null);
      await c.close();

      // 4. connection refused; the page is left; the next page view delivers
      await ep.down();
      const d = await openPage(env.browser, url);
      await d.locator(sel.radio(6)).click();
      const idD = await idOf(d);
      given.push(idD);
      await d.waitForTimeout(300);
      await d.close({ runBeforeUnload: true });
      // Let the closed page's last (keepalive) request fail first: had it reached the
      // receiver after recovery, the closed page could not have recorded the success and
      // the next visit would send it again (a duplicate for receivers that keep every
      // request; docs/widget.md says so).
      await new Promise((ok) => setTimeout(ok, 500));
      await ep.up();
      const e = await openPage(env.browser, url); // loads the wasm idle and flushes the outbox
      await ep.waitFor(() => ep.answers().has(idD), 15000, 'answer after the refused connection');
      await e.waitForFunction(() => localStorage.getItem('nps-survey:outbox') === null, null, { timeout: 10000 });
      await e.close();

      const answers = ep.answers();
      const delivered = given.filter((id) => answers.has(id));
      assert.deepEqual(delivered, given.filter((id) => !lost.includes(id)), 'every answer arrived');
      assert.equal(answers.get(idA).revision, 2);
      assert.equal(answers.get(idA).body.comment, 'first, "quoted" & more');
      assert.equal(String(answers.get(idA).body.score), '9');
      assert.equal(answers.get(idA).body.plan, 'pro');
      assert.equal(String(answers.get(idD).body.score), '6');
      // no custom header, so no preflight ever
      const options = ep.log.filter((x) => x.method === 'OPTIONS').length;
      assert.equal(options, 0, 'no preflight');
      for (const x of ep.log.filter((x) => x.method === 'POST')) {
        assert.equal(x.headers['idempotency-key'], undefined);
        assert.match(x.ctype, opts.format === 'form' ? /^application\/x-www-form-urlencoded/ : /^text\/plain;charset=UTF-8$/);
      }
      const duplicated = ep.duplicates();
      if (readable) assert.equal(duplicated, 0, 'exactly once');
      table.push({ kind, request: opts.request + (opts.format ? '+form' : ''), given: given.length, delivered: delivered.length, duplicated, options, posts: posts(ep) });
    } finally {
      await web.close();
      await ep.close();
    }
  });
}

test('the default (cors) mode against an Apps Script-like endpoint: preflight refused, nothing arrives, the answer waits', async () => {
  const ep = await startEndpoint('apps-script');
  const web = await site({ 'w.html': page({ body: scriptTag({ endpoint: ep.url, days: 0, 'retry-base-ms': 100, 'retry-max-ms': 200, 'timeout-ms': 400 }) }) });
  try {
    const p = await openPage(env.browser, web.url + 'w.html');
    await p.locator(sel.radio(8)).click();
    await ep.waitFor(() => ep.log.filter((x) => x.method === 'OPTIONS').length >= 2, 10000, 'preflights');
    assert.equal(posts(ep), 0, 'the POST is never sent');
    assert.equal(JSON.parse(await outbox(p)).length, 1);
    await p.close();
  } finally {
    await web.close();
    await ep.close();
  }
});

test('outbox limits: older than 30 days and beyond 100 per endpoint dropped with survey:error; retries capped per page view', async () => {
  const ep = await startEndpoint('catch-hook');
  ep.setMode(500);
  const opts = { endpoint: ep.url, request: 'simple', days: 0, 'retry-base-ms': 20, 'retry-max-ms': 40, 'timeout-ms': 400 };
  // The outbox is seeded from a page of the same site without the widget (a widget page
  // would itself flush it on pagehide).
  const web = await site({ 'w.html': page({ body: scriptTag(opts) }), 'blank.html': page({}) });
  try {
    const now = Date.now();
    const entry = (k, t) => ({ k, u: ep.url, h: { 'Content-Type': 'text/plain;charset=UTF-8' }, b: JSON.stringify({ id: k }), m: 1, a: 0, n: 0, t });
    const seeded = [entry('old', now - 31 * 86400000), ...Array.from({ length: 100 }, (_, i) => entry(`q${i}`, now - 100000 + i))];
    const p = await env.browser.newPage();
    await p.goto(web.url + 'blank.html');
    await p.evaluate((s) => localStorage.setItem('nps-survey:outbox', JSON.stringify(s)), seeded);
    await p.goto(web.url + 'w.html');
    await p.locator(sel.radio(7)).click();
    await p.waitForFunction(() => window.__ev.filter(([n, d]) => n === 'error' && d.error === 'outbox limit').length === 2);
    const dropped = await p.evaluate(() => window.__ev.filter(([n, d]) => n === 'error' && d.error === 'outbox limit').map(([, d]) => d.key));
    assert.deepEqual(dropped, ['old', 'q0'], 'the expired one at load, then the oldest when the 101st arrived');
    const keys = JSON.parse(await outbox(p)).map((e) => e.k);
    assert.equal(keys.length, 100);
    assert.ok(!keys.includes('q0') && keys.includes('q1') && keys.includes('q99'));
    // Every entry was tried once at load (first tries are not retries); then at most 20
    // retries in this page view, however long it stays open.
    await p.waitForTimeout(1500);
    const n = posts(ep);
    assert.ok(n >= 101 + 20 && n <= 101 + 1 + 20, `${n} POSTs`);
    await p.waitForTimeout(500);
    assert.equal(posts(ep), n, 'no more retries in this page view');
    await p.close();
  } finally {
    await web.close();
    await ep.close();
  }
});
