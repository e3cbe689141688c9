// Throttling (after an answer, after a dismissal) and sampling hold across reloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSetup, openPage } from './support.mjs';
import { startReceiver } from './receiver.mjs';
import { page, scriptTag, sel, site } from './widget-site.mjs';

const env = e2eSetup({ serve: false });

let rx, web;

before(async () => {
  rx = await startReceiver();
  const base = { endpoint: rx.url, mode: 'bar', 'close-after': 0, 'retry-base-ms': 100 };
  web = await site({
    'answer.html': page({ body: scriptTag({ ...base, 'survey-id': 'ans', days: 1 }) }),
    'dismiss.html': page({ body: scriptTag({ ...base, 'survey-id': 'dis', 'dismiss-days': 1 }) }),
    'sample.html': page({ body: scriptTag({ ...base, 'survey-id': 'samp', sample: 50 }) }),
  });
});

after(async () => {
  await web?.close();
  await rx?.close();
});

/** After load: was the survey triggered (loader) and is it showing? */
async function state(p) {
  await p.waitForLoadState('load');
  return p.evaluate(() => ({
    triggered: performance.getEntriesByName('nps-survey:trigger').length,
    shown: document.querySelectorAll('nps-survey-layer').length,
  }));
}

test('not shown again after an answer (days), across reloads; show(true) forces', async () => {
  const p = await openPage(env.browser, web.url + 'answer.html');
  await p.locator(sel.radio(8)).click();
  await rx.waitFor(() => rx.rows().some((r) => r.score === 8), 10000, 'answer');
  const until = Number(await p.evaluate(() => localStorage.getItem('nps-survey:t:ans')));
  const day = 86400000;
  assert.ok(Math.abs(until - Date.now() - day) < 60000, 'snoozed for one day');
  for (let i = 0; i < 3; i++) {
    await p.reload();
    assert.deepEqual(await state(p), { triggered: 0, shown: 0 }, `reload ${i}: blocked before loading the wasm`);
  }
  await p.evaluate(() => window.npsSurvey.show(true));
  await p.locator(sel.radio(8)).waitFor();
  // When the window has passed, it shows again.
  await p.evaluate(() => localStorage.setItem('nps-survey:t:ans', String(Date.now() - 1)));
  await p.reload();
  await p.locator(sel.radio(8)).waitFor();
  p.assertNoErrors();
  await p.close();
});

test('not shown again after a dismissal (dismiss-days), across reloads', async () => {
  const p = await openPage(env.browser, web.url + 'dismiss.html');
  await p.locator(sel.close).click();
  await p.locator('nps-survey-layer').waitFor({ state: 'detached' });
  assert.ok(Number(await p.evaluate(() => localStorage.getItem('nps-survey:t:dis'))) > Date.now());
  for (let i = 0; i < 3; i++) {
    await p.reload();
    assert.deepEqual(await state(p), { triggered: 0, shown: 0 }, `reload ${i}`);
  }
  p.assertNoErrors();
  await p.close();
});

// The same stable hash as src/widget/throttle.rs (FNV-1a over "visitor|survey-id").
function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

test('sampling: decided once per visitor by a stable hash, same on every page view', async () => {
  const visitors = Array.from({ length: 16 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const expected = visitors.map((v) => fnv1a(`${v}|samp`) % 10000 < 5000);
  assert.ok(expected.includes(true) && expected.includes(false), 'the fixture has both outcomes');
  const p = await openPage(env.browser, web.url + 'sample.html');
  for (const [i, vid] of visitors.entries()) {
    await p.evaluate((v) => { localStorage.clear(); localStorage.setItem('nps-survey:vid', v); }, vid);
    const seen = [];
    for (let view = 0; view < 3; view++) {
      await p.reload();
      if (view === 0) {
        // first view: the wasm decides and records the decision
        await p.waitForFunction(() => localStorage.getItem('nps-survey:s:samp') !== null);
        seen.push((await state(p)).shown === 1);
      } else {
        const s = await state(p);
        if (!expected[i]) assert.equal(s.triggered, 0, 'a sampled-out visitor does not even load the wasm again');
        if (expected[i]) await p.locator(sel.radio(5)).waitFor();
        seen.push(expected[i] ? true : s.shown === 1);
      }
    }
    assert.deepEqual(seen, [expected[i], expected[i], expected[i]], `visitor ${vid}`);
  }
  p.assertNoErrors();
  await p.close();
});
