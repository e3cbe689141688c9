// The SQL generator behind "Show as SQL" and the quick calculators' arithmetic are a wasm of
// their own (extras.wasm, src/bin/extras.rs) that the app fetches the first time either is
// opened: not on the first page load, not for a dashboard, once per page; offline from the
// service worker's cache; under the response-header CSP. The numbers on the calculator are
// the hand-worked ones of metrics.md (NPS = 100 · (40 − 35) / 100 = 5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage, reloadOffline, serveWithHeaderPolicy } from './support.mjs';

let server;
before(async () => {
  server = await serveStatic();
});
after(async () => {
  await server?.close();
});

const fetched = (name) => server.requests.filter((p) => p.endsWith(`/${name}`)).length;
const NPS_LINK = '#/calc/nps?promoters=40&passives=25&detractors=35';

/** Waits until the calculator shows NPS `want` (to 1e-9: it is a computed float). */
async function npsShown(page, want) {
  await page.waitForFunction((w) => {
    const v = document.querySelector('[data-testid="quick-result-nps"]')?.getAttribute('data-value');
    return v !== null && v !== undefined && Math.abs(Number(v) - w) < 1e-9;
  }, want);
}

/** A browser whose pages register no service worker: every fetch reaches the server. */
async function withoutServiceWorker() {
  const context = await launchBrowser();
  await context.route('**/sw-register.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
  await context.addInitScript(() => localStorage.setItem('kpi.lang', 'en'));
  return context;
}

test('the first page load and a dashboard do not fetch extras.wasm; Show as SQL does, once', async () => {
  const context = await withoutServiceWorker();
  try {
    const before = fetched('extras.wasm');
    const page = await openPage(context, server.url);
    await page.getByTestId('sample-survey-en.csv').click();
    await page.getByTestId('results').waitFor();
    assert.ok(server.requests.some((p) => /\/app-[^/]*_bg\.wasm$/.test(p)), 'the app itself was loaded');
    assert.equal(fetched('extras.wasm'), before, 'nothing of the SQL generator or the calculators yet');
    const panel = page.getByTestId('sql-view');
    await panel.locator('summary').click();
    const script = await page.getByTestId('sql-script').inputValue();
    assert.match(script, /nps/i, 'a script for the survey');
    assert.equal(fetched('extras.wasm'), before + 1);
    // closing and opening again, another dialect, then the calculators: the same instance
    await panel.locator('summary').click();
    await panel.locator('summary').click();
    await page.getByTestId('sql-dialect').selectOption('postgres');
    assert.notEqual(await page.getByTestId('sql-script').inputValue(), script);
    await page.getByTestId('nav-quick').click();
    await page.getByTestId('quick-calc').waitFor();
    assert.equal(fetched('extras.wasm'), before + 1, 'fetched once per page');
    page.assertNoErrors();
  } finally {
    await context.close();
  }
});

test('a page opened on a quick calculator fetches extras.wasm and computes with it', async () => {
  const context = await withoutServiceWorker();
  try {
    const before = fetched('extras.wasm');
    const page = await openPage(context, `${server.url}${NPS_LINK}`);
    const nps = page.getByTestId('quick-result-nps');
    await nps.waitFor();
    const shown = Number(await nps.getAttribute('data-value'));
    assert.ok(Math.abs(shown - 5) < 1e-9, `NPS ${shown}`);
    assert.equal(fetched('extras.wasm'), before + 1);
    // typing recomputes through the loaded bundle, with no further fetch
    await page.getByTestId('quick-detractors').fill('15');
    await npsShown(page, 31.25); // 100 · (40 − 15) / 80
    assert.equal(fetched('extras.wasm'), before + 1);
    page.assertNoErrors();
  } finally {
    await context.close();
  }
});

test('when extras.wasm cannot be loaded the calculators say so instead of failing silently', async () => {
  const context = await withoutServiceWorker();
  try {
    await context.route('**/extras.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const page = await openPage(context, `${server.url}${NPS_LINK}`);
    const alert = page.getByTestId('quick-unavailable');
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not be loaded.*404/);
  } finally {
    await context.close();
  }
});

test('offline, the calculators and Show as SQL work from the service worker cache', async () => {
  const context = await launchBrowser();
  try {
    await context.addInitScript(() => localStorage.setItem('kpi.lang', 'en'));
    const page = await openPage(context, server.url);
    await page.getByTestId('paste-area').waitFor();
    const requests = await reloadOffline(context, page, server);
    await page.getByTestId('sample-survey-en.csv').click();
    await page.getByTestId('results').waitFor();
    await page.getByTestId('sql-view').locator('summary').click();
    assert.match(await page.getByTestId('sql-script').inputValue(), /nps/i);
    await page.getByTestId('nav-quick').click();
    await page.evaluate((h) => { location.hash = h; }, NPS_LINK);
    await npsShown(page, 5);
    assert.equal(server.requests.length, requests, 'nothing reached the server while offline');
    page.assertNoErrors();
  } finally {
    await context.close();
  }
});

test('under the response-header policy the app loads and runs extras.wasm', async () => {
  const strict = await serveWithHeaderPolicy();
  const context = await withoutServiceWorker();
  try {
    const page = await openPage(context, `${strict.url}${NPS_LINK}`);
    await npsShown(page, 5);
    assert.ok(strict.requests.some((p) => p.endsWith('/extras.wasm')));
    page.assertNoErrors();
  } finally {
    await context.close();
    await strict.close();
  }
});
