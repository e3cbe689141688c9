// The calculator app, built into dist/ and served from a sub-path by a real static server,
// in headless Chromium: paste, file upload, bad rows, language, no foreign requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, ROOT } from './support.mjs';

let server;
let browser;
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveStatic();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openApp(lang = 'en') {
  const page = await openPage(browser);
  await page.addInitScript((l) => localStorage.setItem('kpi.lang', l), lang);
  await page.goto(server.url);
  await page.getByTestId('paste-area').waitFor();
  return page;
}

async function paste(page, text) {
  await page.getByTestId('paste-area').fill(text);
}

async function npsValue(page) {
  return Number(await page.getByTestId('nps-value').getAttribute('data-value'));
}

test('pasting a column of scores shows NPS, groups and margin of error', async () => {
  const page = await openApp('en');
  await paste(page, 'score\n10\n10\n9\n9\n9\n8\n7\n6\n3\n0\n');
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await npsValue(page), 20);
  assert.equal(await page.getByTestId('nps-value').innerText(), '+20.0');
  assert.equal(await page.getByTestId('nps-promoters').getAttribute('data-count'), '5');
  assert.equal(await page.getByTestId('nps-passives').getAttribute('data-count'), '2');
  assert.equal(await page.getByTestId('nps-detractors').getAttribute('data-count'), '3');
  assert.match(await page.getByTestId('nps-promoters').innerText(), /5 · 50\.0 %/);
  const moe = Number(await page.getByTestId('nps-moe').getAttribute('data-value'));
  assert.ok(Math.abs(moe - 54.033471108193666) < 1e-9, `moe ${moe}`);
  assert.equal(await page.getByTestId('nps-moe').innerText(), '54.0');
  await page.getByTestId('nps-small-sample').waitFor();
  assert.equal(await page.getByTestId('rejected-rows').count(), 0);
  await page.screenshot({ path: join(ARTIFACTS, 'app-nps.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});

test('bare numbers without a header are read as scores', async () => {
  const page = await openApp('en');
  await paste(page, '10\n0\n8\n');
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await npsValue(page), 0);
  assert.equal(await page.getByTestId('nps-n').innerText(), '3');
  page.assertNoErrors();
  await page.close();
});

test('bad rows are listed with line, column and reason, in German too', async () => {
  const page = await openApp('de');
  await paste(page, 'Datum;Bewertung\n01.03.2024;10\n02.03.2024;11\n03.03.2024;7\n04.03.2024;zehn\n');
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await npsValue(page), 50);
  const rows = page.getByTestId('rejected-row');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getAttribute('data-line'), '3');
  assert.match(await rows.nth(0).innerText(), /Zeile 3, Spalte „Bewertung“: 11 liegt außerhalb der Skala 0–10/);
  assert.equal(await rows.nth(1).getAttribute('data-line'), '5');
  assert.match(await rows.nth(1).innerText(), /Zeile 5, Spalte „Bewertung“: .*zehn/);
  assert.equal(await page.getByTestId('nps-value').innerText(), '+50,0');
  // switching the language re-renders the same numbers in English
  await page.getByTestId('lang-en').click();
  assert.match(await rows.nth(0).innerText(), /Line 3, column “Bewertung”: 11 is outside the scale 0–10/);
  assert.equal(await page.getByTestId('nps-value').innerText(), '+50.0');
  page.assertNoErrors();
  await page.close();
});

test('a dropped file is read: the German sample export', async () => {
  const page = await openApp('de');
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'public', 'samples', 'umfrage-de.csv'));
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await page.getByTestId('nps-n').innerText(), '240');
  assert.match(await page.getByTestId('dropzone').innerText(), /umfrage-de\.csv/);
  await page.screenshot({ path: join(ARTIFACTS, 'app-sample-de.png'), fullPage: true });
  // the README's picture, refreshed on request (KPI_UPDATE_DOCS=1) so a test run leaves the tree clean
  if (process.env.KPI_UPDATE_DOCS) await page.screenshot({ path: join(ROOT, 'docs', 'screenshot.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});

test('an unreadable input gets one clear sentence, not a crash', async () => {
  const page = await openApp('en');
  await paste(page, 'score\n');
  await page.getByTestId('import-error').waitFor();
  assert.ok((await page.getByTestId('import-error').innerText()).length > 10);
  page.assertNoErrors();
  await page.close();
});

test('everything is loaded from the page\'s own origin (no CDN)', async () => {
  const page = await openPage(browser);
  const foreign = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(server.url) && !req.url().startsWith('data:')) foreign.push(req.url());
  });
  await page.goto(server.url);
  await page.getByTestId('paste-area').waitFor();
  await paste(page, 'score\n9\n');
  await page.getByTestId('nps-card').waitFor();
  assert.deepEqual(foreign, []);
  page.assertNoErrors();
  await page.close();
});
