// Display modes, triggers, keyboard-only answering, axe-core, timing and layout shift.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSetup, openPage } from './support.mjs';
import { startReceiver } from './receiver.mjs';
import { axe, events, instrument, page, scriptTag, sel, site, triggerToVisible } from './widget-site.mjs';

const env = e2eSetup({ serve: false });

let rx, web;
const timings = [];

before(async () => {
  await env.ready();
  rx = await startReceiver();
  const base = { endpoint: rx.url, 'retry-base-ms': 100, 'close-after': 0, days: 0, 'dismiss-days': 0 };
  const tall = '<div style="height:4000px">tall content</div>';
  web = await site({
    'modal.html': page({ body: scriptTag({ ...base, mode: 'modal' }) }),
    'slidein.html': page({ body: scriptTag({ ...base, mode: 'slidein', position: 'bottom-left' }) }),
    'bar.html': page({ body: scriptTag({ ...base, mode: 'bar', survey: 'ces' }) }),
    'inline.html': page({
      body: `<script src="widget.js"></script>
<section aria-label="Feedback" id="box"><nps-survey endpoint="${rx.url}" survey="csat" days="0"></nps-survey></section>`,
    }),
    'delay.html': page({ body: scriptTag({ ...base, mode: 'slidein', trigger: 'delay', delay: 1 }) }),
    'scroll.html': page({ body: tall + scriptTag({ ...base, mode: 'slidein', trigger: 'scroll', scroll: 50 }) }),
    'exit.html': page({ body: scriptTag({ ...base, mode: 'modal', trigger: 'exit' }) }),
    'manual.html': page({ body: scriptTag({ ...base, mode: 'bar', trigger: 'manual' }) }),
    'de.html': page({ lang: 'de', body: scriptTag({ ...base, mode: 'modal' }) }),
    'theme.html': page({ body: scriptTag({ ...base, mode: 'slidein', theme: 'dark', accent: '#ff0066', 'accent-text': '#000', radius: '2px', font: 'Georgia, serif' }) }),
  });
  await instrument(env.browser);
});

after(async () => {
  if (timings.length) console.log(`# trigger → visible (ms): ${timings.map((t) => `${t[0]} ${t[1].toFixed(1)}`).join(', ')}`);
  await web?.close();
  await rx?.close();
});

/** Waits until shown and its entry animation finished; records trigger → visible. */
async function shown(p, name) {
  await p.locator(sel.radio(3)).waitFor({ state: 'visible' });
  const ms = await triggerToVisible(p);
  assert.ok(ms !== null, 'trigger and visible marks exist');
  timings.push([name, ms]);
  // A loose bound here (shared CI cores); the 100 ms budget is asserted in its own test.
  assert.ok(ms < 1000, `${name}: visible ${ms} ms after its trigger`);
  await settled(p);
  return ms;
}

async function settled(p) {
  await p.evaluate(() => Promise.all(
    [...document.querySelectorAll('nps-survey-layer, nps-survey')].flatMap((h) => h.shadowRoot.getAnimations()).map((a) => a.finished)));
}

const box = (p, s) => p.locator(s).first().boundingBox();

test('modal: a modal dialog, page behind is inert, no layout shift', async () => {
  const p = await openPage(env.browser, web.url + 'modal.html');
  await shown(p, 'modal');
  const info = await p.evaluate(() => {
    const d = document.querySelector('nps-survey-layer').shadowRoot.querySelector('dialog');
    return { open: d.open, modal: d.matches(':modal'), label: d.getAttribute('aria-labelledby') };
  });
  assert.deepEqual(info, { open: true, modal: true, label: 'q' });
  assert.equal(await p.locator(sel.radio(0)).getAttribute('aria-label'), '0 of 10');
  assert.equal(await p.evaluate(() => window.__cls), 0);
  p.assertNoErrors();
  await p.close();
});

test('slide-in in the chosen corner; full-width bottom sheet on a phone', async () => {
  const p = await openPage(env.browser, web.url + 'slidein.html');
  await shown(p, 'slidein');
  const vp = p.viewportSize();
  const b = await box(p, sel.panel);
  assert.ok(b.x <= 20 && b.x >= 0, `left corner: x=${b.x}`);
  assert.ok(Math.abs(b.y + b.height - (vp.height - 16)) <= 2, `bottom: ${b.y + b.height} vs ${vp.height}`);
  assert.ok(b.width < vp.width / 2);
  assert.equal(await p.evaluate(() => window.__cls), 0);
  await p.setViewportSize({ width: 390, height: 700 });
  await p.waitForFunction(() => {
    const r = document.querySelector('nps-survey-layer').shadowRoot.querySelector('.w').getBoundingClientRect();
    return r.left === 0 && r.width === 390 && Math.abs(r.bottom - 700) < 1;
  });
  // On-screen keyboard: the visual viewport shrinks to 400 px; the sheet moves above it.
  await p.evaluate(() => {
    Object.defineProperty(visualViewport, 'height', { get: () => 400 });
    visualViewport.dispatchEvent(new Event('resize'));
  });
  await p.waitForFunction(() => {
    const r = document.querySelector('nps-survey-layer').shadowRoot.querySelector('.w').getBoundingClientRect();
    return Math.abs(r.bottom - 400) < 1;
  });
  p.assertNoErrors();
  await p.close();
});

test('bottom bar across the page (CES 1–7 agreement scale)', async () => {
  const p = await openPage(env.browser, web.url + 'bar.html');
  await shown(p, 'bar');
  const vp = p.viewportSize();
  const b = await box(p, sel.panel);
  assert.equal(Math.round(b.width), vp.width);
  assert.ok(Math.abs(b.y + b.height - vp.height) <= 1);
  assert.equal(await p.locator('.sc [role=radio]').count(), 7);
  assert.match(await p.locator('.q').textContent(), /made it easy for me to handle my issue/);
  assert.equal(await p.evaluate(() => window.__cls), 0);
  p.assertNoErrors();
  await p.close();
});

test('inline <nps-survey> renders inside its container and posts', async () => {
  const p = await openPage(env.browser, web.url + 'inline.html');
  await p.locator(sel.radio(5)).waitFor();
  const outer = await box(p, '#box');
  const inner = await box(p, sel.panel);
  assert.ok(inner.y >= outer.y && inner.y + inner.height <= outer.y + outer.height + 1, 'inside the container');
  assert.equal(await p.locator('.sc [role=radio]').count(), 5);
  await p.locator(sel.radio(5)).click();
  await rx.waitFor(() => rx.rows().some((r) => r.survey === 'csat' && r.score === 5), 10000, 'csat 5');
  const ev = await events(p);
  assert.ok(ev.some(([n, d]) => n === 'answered' && d.score === 5 && d.survey === 'csat'));
  await p.waitForFunction(() => window.__ev.some(([n]) => n === 'sent'));
  p.assertNoErrors();
  await p.close();
});

test('theme: dark, accent colour, radius and font from data- attributes', async () => {
  const p = await openPage(env.browser, web.url + 'theme.html');
  await shown(p, 'theme');
  const st = () => p.evaluate(() => {
    const r = document.querySelector('nps-survey-layer').shadowRoot;
    const w = getComputedStyle(r.querySelector('.w'));
    const b = getComputedStyle(r.querySelector('[data-v="10"]'));
    return { bg: w.backgroundColor, fg: w.color, radius: w.borderTopLeftRadius, font: w.fontFamily, radio: b.backgroundColor, radioText: b.color };
  });
  let s = await st();
  assert.equal(s.bg, 'rgb(30, 34, 48)');
  assert.equal(s.fg, 'rgb(241, 241, 241)');
  assert.equal(s.radius, '2px');
  assert.match(s.font, /Georgia/);
  await p.locator(sel.radio(10)).click();
  await p.waitForFunction(() => document.querySelector('nps-survey-layer').shadowRoot.querySelector('[data-v="10"]').getAttribute('aria-checked') === 'true');
  s = await st();
  assert.equal(s.radio, 'rgb(255, 0, 102)');
  assert.equal(s.radioText, 'rgb(0, 0, 0)');
  p.assertNoErrors();
  await p.close();
});

test('trigger: after N seconds', async () => {
  const p = await openPage(env.browser, web.url + 'delay.html');
  await shown(p, 'delay');
  const t = await p.evaluate(() => performance.getEntriesByName('nps-survey:trigger')[0].startTime);
  assert.ok(t >= 1000, `triggered at ${t} ms`);
  p.assertNoErrors();
  await p.close();
});

test('trigger: after N % scroll', async () => {
  const p = await openPage(env.browser, web.url + 'scroll.html');
  await p.waitForFunction(() => window.npsSurvey);
  await p.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.3));
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await p.evaluate(() => performance.getEntriesByName('nps-survey:trigger').length), 0, 'not at 30 %');
  await p.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.6));
  await shown(p, 'scroll');
  p.assertNoErrors();
  await p.close();
});

test('trigger: exit intent', async () => {
  const p = await openPage(env.browser, web.url + 'exit.html');
  await p.waitForFunction(() => window.npsSurvey);
  await p.mouse.move(200, 200);
  await p.mouse.move(200, 300);
  assert.equal(await p.evaluate(() => performance.getEntriesByName('nps-survey:trigger').length), 0, 'not while inside');
  await p.evaluate(() => document.documentElement.dispatchEvent(
    new MouseEvent('mouseout', { bubbles: true, clientX: 200, clientY: -2, relatedTarget: null })));
  await shown(p, 'exit');
  p.assertNoErrors();
  await p.close();
});

test('trigger: only by show(); hide() closes', async () => {
  const p = await openPage(env.browser, web.url + 'manual.html');
  await p.waitForFunction(() => window.npsSurvey);
  assert.equal(await p.locator('nps-survey-layer').count(), 0);
  assert.equal(await p.evaluate(() => window.npsSurvey.show()), true);
  await shown(p, 'manual');
  await p.evaluate(() => window.npsSurvey.hide());
  await p.locator('nps-survey-layer').waitFor({ state: 'detached' });
  const ev = await events(p);
  assert.ok(ev.some(([n, d]) => n === 'closed' && d.reason === 'api'));
  p.assertNoErrors();
  await p.close();
});

test('keyboard only: arrows, Enter, comment, focus trap, Escape (German texts)', async () => {
  const before = rx.answers.size;
  const p = await openPage(env.browser, web.url + 'de.html');
  await p.locator(sel.radio(0)).waitFor();
  const active = () => p.evaluate(() => {
    const r = document.querySelector('nps-survey-layer')?.shadowRoot;
    const a = r?.activeElement;
    return a ? (a.dataset.v ?? a.className ?? a.tagName) : null;
  });
  await p.waitForFunction(() => document.querySelector('nps-survey-layer').shadowRoot.activeElement);
  assert.equal(await active(), '0', 'focus starts on the scale');
  assert.equal(await p.locator(sel.radio(0)).getAttribute('aria-label'), '0 von 10');
  // Focus trap: Tab from the scale wraps to the close button and back.
  await p.keyboard.press('Tab');
  assert.equal(await active(), 'x');
  await p.keyboard.press('Shift+Tab');
  assert.equal(await active(), '0');
  await p.keyboard.press('Shift+Tab');
  assert.equal(await active(), 'x', 'Shift+Tab wraps too');
  await p.keyboard.press('Tab');
  for (let i = 0; i < 8; i++) await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowLeft');
  assert.equal(await active(), '7');
  assert.equal(await p.locator(sel.radio(7)).getAttribute('aria-checked'), 'true');
  assert.equal(await p.locator(sel.radio(8)).getAttribute('aria-checked'), 'false');
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => document.querySelector('nps-survey-layer').shadowRoot.activeElement?.id === 'c');
  assert.equal(await p.locator('#fl').textContent(), 'Was ist der wichtigste Grund für Ihre Bewertung?');
  await p.keyboard.type('Schnell & freundlich');
  await p.keyboard.press('Tab');
  assert.equal(await active(), 'send');
  await p.keyboard.press('Enter');
  await p.locator(sel.thanks).filter({ hasText: 'Vielen Dank' }).waitFor();
  await p.keyboard.press('Escape');
  await p.locator('nps-survey-layer').waitFor({ state: 'detached' });
  await rx.waitFor(() => rx.answers.size === before + 1 && rx.rows().some((r) => r.comment === 'Schnell & freundlich'), 10000, 'keyboard answer');
  const a = rx.rows().find((r) => r.comment === 'Schnell & freundlich');
  assert.equal(a.score, 7);
  assert.equal(a.lang, 'de');
  assert.equal(rx.answers.get(a.id).rev, 2);
  p.assertNoErrors();
  await p.close();
});

test('Escape closes unanswered modal as a dismissal', async () => {
  const p = await openPage(env.browser, web.url + 'modal.html');
  await p.locator(sel.radio(0)).waitFor();
  await p.keyboard.press('Escape');
  await p.locator('nps-survey-layer').waitFor({ state: 'detached' });
  assert.ok((await events(p)).some(([n, d]) => n === 'closed' && d.reason === 'dismissed'));
  p.assertNoErrors();
  await p.close();
});

test('shown within 100 ms of its trigger after load (best of 3 page views)', async () => {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const p = await openPage(env.browser, web.url + 'manual.html');
    await p.waitForFunction(() => window.npsSurvey);
    runs.push(await p.evaluate(async () => {
      const t0 = performance.now();
      await window.npsSurvey.show();
      const visible = performance.getEntriesByName('nps-survey:visible').at(-1).startTime - t0;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { visible, painted: performance.now() - t0 };
    }));
    p.assertNoErrors();
    await p.close();
  }
  console.log(`# show() → visible mark / → painted (ms): ${runs.map((r) => `${r.visible.toFixed(1)} / ${r.painted.toFixed(1)}`).join(', ')}`);
  const best = Math.min(...runs.map((r) => r.visible));
  assert.ok(best < 100, `best ${best} ms`);
});

for (const [name, file, steps] of [
  ['modal', 'modal.html', false],
  ['modal with follow-up', 'modal.html', true],
  ['slide-in', 'slidein.html', false],
  ['bar', 'bar.html', false],
  ['inline', 'inline.html', false],
]) {
  test(`axe-core: no violations (${name})`, async () => {
    const p = await openPage(env.browser, web.url + file);
    await p.locator(sel.radio(3)).waitFor();
    if (steps) {
      await p.locator(sel.radio(3)).click();
      await p.locator(sel.comment).waitFor();
    }
    const v = await axe(p);
    assert.deepEqual(v, [], JSON.stringify(v, null, 1));
    p.assertNoErrors();
    await p.close();
  });
}
