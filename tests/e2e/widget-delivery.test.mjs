// Delivery against a real receiver on loopback: nothing lost, nothing counted twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSetup, openPage } from './support.mjs';
import { startReceiver } from './receiver.mjs';
import { events, instrument, page, scriptTag, sel, site } from './widget-site.mjs';

const env = e2eSetup({ serve: false });

let rx, web;

before(async () => {
  await env.ready();
  rx = await startReceiver();
  const base = {
    endpoint: rx.url, mode: 'modal', days: 0, 'dismiss-days': 0, 'close-after': 0,
    'retry-base-ms': 100, 'retry-max-ms': 400, 'timeout-ms': 400,
  };
  web = await site({
    'delivery.html': page({ body: scriptTag(base) }),
    'form.html': page({
      body: scriptTag({ ...base, survey: 'ces', format: 'form', 'header-x-api-key': 'k-123', customer: 'C-9', 'attr-plan': 'pro' }),
    }),
  });
  await instrument(env.browser);
});

after(async () => {
  await web?.close();
  await rx?.close();
});

const idOf = async (p) => (await events(p)).find(([n]) => n === 'answered')[1].id;
const outbox = (p) => p.evaluate(() => localStorage.getItem('nps-survey:outbox'));

test('500, time-out, down, recovery: every answer arrives exactly once', async () => {
  rx.setMode(500);
  const a = await openPage(env.browser, web.url + 'delivery.html');
  await a.locator(sel.radio(9)).click();
  await a.locator(sel.comment).fill('first answer');
  await a.locator(sel.send).click();
  const idA = await idOf(a);
  await rx.waitFor(() => rx.log.filter((e) => e.key.startsWith(idA) && e.status === 500).length >= 3, 10000, '500s with retries');
  assert.deepEqual(JSON.parse(await outbox(a)).map((e) => e.k), [`${idA}.2`], 'revision 2 waits in the outbox, revision 1 superseded');
  await a.close();

  rx.setMode('hang');
  const b = await openPage(env.browser, web.url + 'delivery.html');
  await b.locator(sel.radio(3)).click();
  const idB = await idOf(b);
  await rx.waitFor(() => rx.log.filter((e) => e.key === idB && e.mode === 'hang').length >= 2, 10000, 'hung requests, retried after time-out');
  assert.ok(rx.log.some((e) => e.key === `${idA}.2` && e.mode === 'hang'), 'the earlier page\'s answer is retried on the next page load');

  await rx.down();
  const c = await openPage(env.browser, web.url + 'delivery.html');
  await c.locator(sel.radio(10)).click();
  const idC = await idOf(c);
  await c.close({ runBeforeUnload: true }); // answered just before the page was closed
  await b.close();
  assert.equal(rx.answers.size, 0, 'nothing accepted so far');

  await rx.up();
  rx.setMode('ok');
  const d = await openPage(env.browser, web.url + 'delivery.html'); // next visit flushes the outbox
  await rx.waitFor(() => [idA, idB, idC].every((id) => rx.answers.has(id)), 15000, 'all three answers');
  await d.waitForFunction(() => localStorage.getItem('nps-survey:outbox') === null, null, { timeout: 10000 });

  assert.deepEqual([...rx.answers.keys()].sort(), [idA, idB, idC].sort(), 'exactly the answers given');
  const row = (id) => rx.answers.get(id).body;
  assert.equal(row(idA).score, 9);
  assert.equal(row(idA).comment, 'first answer');
  assert.equal(rx.answers.get(idA).rev, 2);
  assert.equal(row(idB).score, 3);
  assert.equal(row(idC).score, 10);
  // Stored once per key; any replay was acknowledged without storing.
  for (const [key, n] of rx.keys) assert.ok(n >= 1, key);
  const stored = rx.log.filter((e) => e.status === 200);
  const perKey = new Map();
  for (const e of stored) perKey.set(e.key, (perKey.get(e.key) ?? 0) + 1);
  console.log(`# delivery: ${rx.log.length} requests, ${stored.length} accepted for ${perKey.size} keys, ${rx.answers.size} answers stored`);
  d.assertNoErrors();
  await d.close();
});

test('a comment typed but not sent is sent on pagehide', async () => {
  rx.setMode('ok');
  const p = await openPage(env.browser, web.url + 'delivery.html');
  await p.locator(sel.radio(2)).click();
  const id = await idOf(p);
  await p.locator(sel.comment).fill('typed, then left');
  await p.close({ runBeforeUnload: true });
  await rx.waitFor(() => rx.answers.get(id)?.rev === 2, 10000, 'comment revision from pagehide');
  assert.equal(rx.answers.get(id).body.comment, 'typed, then left');
  assert.equal(rx.answers.get(id).body.score, 2);
});

test('form-encoded body, custom header, customer and extra columns', async () => {
  rx.setMode('ok');
  const p = await openPage(env.browser, web.url + 'form.html');
  await p.evaluate(() => window.npsSurvey.setAttributes({ region: 'eu', customer: 'C-10' }));
  await p.locator(sel.radio(6)).click();
  const id = await idOf(p);
  await rx.waitFor(() => rx.answers.has(id), 10000, 'form answer');
  const e = rx.log.find((x) => x.key === id && x.status === 200);
  assert.equal(e.headers['content-type'], 'application/x-www-form-urlencoded;charset=UTF-8');
  assert.equal(e.headers['x-api-key'], 'k-123');
  assert.deepEqual(rx.answers.get(id).body, {
    schema_version: '1', id, survey: 'ces', score: '6', date: e.body.date, customer: 'C-10',
    page: web.url + 'form.html', lang: 'en', plan: 'pro', region: 'eu',
  });
  p.assertNoErrors();
  await p.close();
});

test('other 4xx are final: reported via survey:error, not retried', async () => {
  rx.setMode(422);
  const p = await openPage(env.browser, web.url + 'delivery.html');
  await p.locator(sel.radio(4)).click();
  const id = await idOf(p);
  await p.waitForFunction(() => window.__ev.some(([n, d]) => n === 'error' && d.status === 422));
  assert.equal(await outbox(p), null, 'dropped from the outbox');
  await p.waitForTimeout(600); // several backoff periods: proves no retry
  assert.equal(rx.log.filter((e) => e.key === id).length, 1);
  assert.ok(!rx.answers.has(id));
  rx.setMode('ok');
  // the 422 is logged by Chromium as a failed resource load; nothing else may be
  assert.ok(p.consoleErrors.every((m) => m.includes('422')), p.consoleErrors.join('\n'));
  await p.close();
});
