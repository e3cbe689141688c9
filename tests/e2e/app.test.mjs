// The calculator app, built into dist/ and served from a sub-path by a real static server,
// in headless Chromium: paste, file upload, bad rows, language, no foreign requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Records every message the page posts to a worker and every message a worker posts back. */
function recordWorkerMessages() {
  window.__toWorker = [];
  window.__fromWorker = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (msg, ...rest) {
    // the page's requests: `{analyze: {id, name, source, options, input: {blob} | {bytes} | null}}`
    const request = msg?.analyze;
    const blob = request?.input?.blob;
    window.__toWorker.push({
      type: request ? 'analyze' : undefined,
      source: request?.source,
      blob: blob instanceof Blob ? { size: blob.size, isFile: blob instanceof File } : null,
      bytes: request?.input?.bytes !== undefined,
      transfer: rest.length > 0,
    });
    return post.call(this, msg, ...rest);
  };
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        // the worker's answers: `{type: "ready" | "progress" | "result" | "error", id, …}`
        const { type, id, done, total, error } = e.data ?? {};
        window.__fromWorker.push({ type, id, done, total, error: error && Object.keys(error)[0] });
      });
    }
  };
}

test('a dropped file goes to the worker as a Blob, read in slices; options reuse it, paste still works', async () => {
  const page = await openPage(browser);
  await page.addInitScript((l) => localStorage.setItem('kpi.lang', l), 'en');
  await page.addInitScript(recordWorkerMessages);
  await page.goto(server.url);
  await page.getByTestId('paste-area').waitFor();
  // a generated file of a few MB, dropped on the drop zone as a real File
  const rows = 11 * 20_000;
  const dataTransfer = await page.evaluateHandle((n) => {
    const lines = ['date,score,plan'];
    for (let i = 0; i < n; i++) lines.push(`2024-0${1 + (i % 9)}-1${i % 10},${i % 11},${i % 3 ? 'Pro' : 'Basic'}`);
    const dt = new DataTransfer();
    dt.items.add(new File([lines.join('\n')], 'dropped.csv', { type: 'text/csv' }));
    window.__droppedSize = dt.files[0].size;
    return dt;
  }, rows);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
  await page.getByTestId('nps-card').waitFor();
  const size = await page.evaluate(() => window.__droppedSize);
  assert.ok(size > 3e6, `file of ${size} bytes`);
  assert.equal(await page.getByTestId('nps-n').innerText(), String(rows));
  // scores 0…10 equally often: 2 of 11 promoters, 7 of 11 detractors
  assert.ok(Math.abs((await npsValue(page)) - (-500 / 11)) < 1e-9);
  assert.match(await page.getByTestId('dropzone').innerText(), /dropped\.csv/);
  let sent = await page.evaluate(() => window.__toWorker);
  let got = await page.evaluate(() => window.__fromWorker);
  // the File itself was posted (no copy of its bytes, nothing transferred)
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].blob, { size, isFile: true });
  assert.equal(sent[0].bytes, false);
  assert.equal(sent[0].transfer, false);
  // the worker read it in slices and said how far it was
  const progress = got.filter((m) => m.type === 'progress');
  assert.ok(progress.length >= 2, `${progress.length} progress messages`);
  assert.ok(progress.every((m) => m.total === size && m.done <= size));
  assert.ok(progress.every((m, i) => i === 0 || m.done > progress[i - 1].done));
  const answers = (messages) => messages.filter((m) => m.type === 'result' || m.type === 'error').map((m) => m.type);
  assert.deepEqual(answers(got), ['result']);

  // a new period: the worker reads the Blob it kept, the page sends no data again
  await page.getByTestId('period-select').selectOption('quarter');
  await page.getByTestId('periods').locator('tr[data-group="2024-Q3"]').waitFor();
  assert.equal(await page.getByTestId('periods').locator('tbody tr').count(), 3);
  sent = await page.evaluate(() => window.__toWorker);
  assert.equal(sent.length, 2);
  assert.equal(sent[1].source, sent[0].source);
  assert.equal(sent[1].blob, null);
  assert.equal(sent[1].bytes, false);
  got = await page.evaluate(() => window.__fromWorker);
  assert.deepEqual(answers(got), ['result', 'result']);
  assert.ok(Math.abs((await npsValue(page)) - (-500 / 11)) < 1e-9);

  // pasted text becomes a Blob of its UTF-8 bytes
  const text = 'Bewertung;Kommentar\n10;schön\n0;\n';
  await paste(page, text);
  await page.getByTestId('nps-n').and(page.locator(':text-is("2")')).waitFor();
  assert.equal(await npsValue(page), 0);
  sent = await page.evaluate(() => window.__toWorker);
  assert.deepEqual(sent.at(-1).blob, { size: Buffer.byteLength(text), isFile: false });
  page.assertNoErrors();
  await page.close();
});

test('the worker still takes an ArrayBuffer (`bytes`), read in chunks, and refuses what it cannot use', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await page.getByTestId('paste-area').waitFor();
  const results = await page.evaluate(async () => {
    const worker = new Worker(new URL('worker_loader.js', location.href));
    await new Promise((ok) => { worker.onmessage = (e) => { if (e.data?.type === 'ready') ok(); }; });
    const ask = (msg, transfer = []) => new Promise((ok) => {
      const progress = [];
      worker.onmessage = (e) => {
        if (e.data?.id !== msg.id) return;
        if (e.data.type === 'progress') progress.push(e.data.done);
        if (e.data.type === 'result') ok({ ok: true, analysis: JSON.parse(e.data.analysis), progress });
        if (e.data.type === 'error') ok({ ok: false, message: e.data.error.failed, progress });
      };
      const { blob, bytes, ...request } = msg;
      const input = blob !== undefined ? { blob } : bytes !== undefined ? { bytes } : null;
      worker.postMessage({ analyze: { options: {}, ...request, input } }, transfer);
    });
    // 3 MB of scores as bytes, transferred: read in 1 MiB chunks, with progress
    const text = 'score\n' + '10\n0\n8\n'.repeat(400_000);
    const bytes = new TextEncoder().encode(text).buffer;
    const size = bytes.byteLength;
    const a = await ask({ id: 1, name: 'scores.csv', source: 1, bytes }, [bytes]);
    // the same input again with other options: the kept bytes are read again
    const b = await ask({ id: 2, source: 1, options: { report: { period: 'quarter' } } });
    // another source the worker does not know, and an input of the wrong type
    const c = await ask({ id: 3, source: 2 });
    const d = await ask({ id: 4, source: 3, blob: 'not a blob' });
    worker.terminate();
    return { size, a, b, c, d };
  });
  const { size, a, b, c, d } = results;
  assert.equal(a.ok, true);
  assert.equal(a.analysis.survey.nps.n, 1_200_000);
  assert.ok(a.progress.length >= 2 && a.progress.every((x) => x <= size));
  assert.equal(b.ok, true);
  assert.equal(b.analysis.survey.nps.n, 1_200_000);
  assert.equal(c.ok, false);
  assert.match(c.message, /not known/);
  assert.equal(d.ok, false);
  assert.match(d.message, /not a Blob/);
  page.assertNoErrors();
  await page.close();
});

test('a file changed on disk after it was chosen: the worker cannot read it again and the page says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-e2e-'));
  const path = join(dir, 'umfrage.csv');
  writeFileSync(path, 'Datum;Bewertung\n01.03.2024;10\n01.04.2024;0\n');
  const page = await openApp('en');
  await page.getByTestId('file-input').setInputFiles(path);
  await page.getByTestId('nps-card').waitFor();
  // the worker keeps the File, not its bytes: after the change a new option needs a new read
  writeFileSync(path, 'Datum;Bewertung\n01.03.2024;10\n01.04.2024;0\n01.05.2024;9\n');
  await page.getByTestId('period-select').selectOption('quarter');
  await page.getByTestId('input-unreadable').waitFor();
  assert.match(await page.getByTestId('input-unreadable').innerText(), /could not be read.*choose it again/);
  assert.equal(await page.getByTestId('results').count(), 0);
  // choosing it again reads the new content
  await page.getByTestId('file-input').setInputFiles(path);
  await page.getByTestId('nps-n').and(page.locator(':text-is("3")')).waitFor();
  page.assertNoErrors();
  await page.close();
});
