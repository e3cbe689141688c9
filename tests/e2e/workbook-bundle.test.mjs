// Workbooks are read by a wasm of their own (workbook.wasm, src/bin/workbook.rs) that the
// analysis worker fetches on the first .xlsx/.ods: not before, once per worker, and offline
// from the service worker's cache. The numbers are those of `kpi survey FILE --json` on the
// same fixture (n = 3, NPS = 33.3; one row rejected).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { e2eSetup, serveStatic, launchBrowser, openPage, ROOT, reloadOffline, serveWithHeaderPolicy } from './support.mjs';

const env = e2eSetup({ serve: false });
const XLSX = join(ROOT, 'tests', 'fixtures', 'import', 'survey_excel.xlsx');

let server;
before(async () => {
  server = await serveStatic();
});
after(async () => {
  await server?.close();
});

const fetched = (name) => server.requests.filter((p) => p.endsWith(`/${name}`)).length;

async function npsOf(page) {
  await page.getByTestId('nps-card').waitFor();
  return {
    n: await page.getByTestId('nps-n').innerText(),
    nps: Number(await page.getByTestId('nps-value').getAttribute('data-value')),
  };
}

test('a CSV does not load the workbook reader; the first workbook does, the second reuses it', async () => {
  const context = await launchBrowser();
  try {
    // no service worker here: every fetch reaches the server and is counted
    await context.route('**/sw-register.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
    const page = await openPage(context, server.url);
    await page.getByTestId('file-input').setInputFiles({ name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('score\n10\n0\n9\n') });
    await page.getByTestId('nps-card').waitFor();
    assert.equal(fetched('workbook.wasm'), 0, 'a CSV needs no workbook reader');
    await page.getByTestId('file-input').setInputFiles(XLSX);
    await page.getByTestId('nps-n').filter({ hasText: /^3$/ }).waitFor();
    const first = await npsOf(page);
    assert.equal(first.n, '3');
    assert.ok(Math.abs(first.nps - 100 / 3) < 1e-9, `NPS ${first.nps}`);
    assert.equal(fetched('workbook.wasm'), 1);
    // another sheet of the same workbook: read again, the module is not fetched again
    await page.getByTestId('review-toggle').click();
    await page.getByTestId('sheet-select').selectOption('Notizen');
    await page.locator('[data-testid="import-error"], [data-testid="import-summary"]:has-text("Notizen")').first().waitFor();
    assert.equal(fetched('workbook.wasm'), 1);
    page.assertNoErrors();
  } finally {
    await context.close();
  }
});

test('offline, a workbook opened for the first time is read from the cached reader', async () => {
  const context = await launchBrowser();
  try {
    const page = await openPage(context, server.url);
    await page.getByTestId('paste-area').waitFor();
    const requests = await reloadOffline(context, page, server);
    await page.getByTestId('file-input').setInputFiles(XLSX);
    const { n, nps } = await npsOf(page);
    assert.equal(n, '3');
    assert.ok(Math.abs(nps - 100 / 3) < 1e-9, `NPS ${nps}`);
    assert.equal(server.requests.length, requests, 'nothing reached the server while offline');
    page.assertNoErrors();
  } finally {
    await context.close();
  }
});

test('under the response-header policy (which covers the worker) the workbook reader loads and runs', async () => {
  const strict = await serveWithHeaderPolicy();
  const context = await launchBrowser();
  try {
    const page = await openPage(context, strict.url);
    await page.getByTestId('file-input').setInputFiles(XLSX);
    const { n, nps } = await npsOf(page);
    assert.equal(n, '3');
    assert.ok(Math.abs(nps - 100 / 3) < 1e-9, `NPS ${nps}`);
    assert.ok(strict.requests.some((p) => p.endsWith('/workbook.wasm')));
    page.assertNoErrors();
  } finally {
    await context.close();
    await strict.close();
  }
});
