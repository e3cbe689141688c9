// Files dropped anywhere on the page: an overlay while dragging, the drop taken by the page
// (the browser would otherwise open the file in place of the app), several files with the
// same columns read as one table, several different files: one at a time, said so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, DIST } from './support.mjs';

const env = e2eSetup();


async function openApp(lang = 'en') {
  const page = await env.openApp(lang);
  await page.getByTestId('paste-area').waitFor();
  return page;
}

/**
 * Drags `files` ([name, text] pairs) over the element at `selector` and drops them there,
 * as the browser does: dragenter, dragover (the overlay shows), drop. Returns whether the
 * page took over dragover and drop (`preventDefault`) and whether the overlay was visible.
 */
async function dropFiles(page, selector, files) {
  return page.evaluate(async ({ selector, files }) => {
    const dt = new DataTransfer();
    for (const [name, text] of files) dt.items.add(new File([text], name, { type: 'text/csv' }));
    const target = document.querySelector(selector);
    const fire = (type) => target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    fire('dragenter');
    const overTaken = !fire('dragover');
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50)));
    const overlay = document.querySelector('[data-testid="drop-overlay"]');
    const shown = getComputedStyle(overlay).display !== 'none';
    const dropTaken = !fire('drop');
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50)));
    const hidden = getComputedStyle(overlay).display === 'none';
    return { overTaken, shown, dropTaken, hidden };
  }, { selector, files });
}

test('a file dropped beside the drop zone is read, with an overlay while dragging', async () => {
  const page = await openApp('en');
  await page.getByTestId('paste-area').fill('score\n0\n');
  await page.getByTestId('nps-card').waitFor();
  const sample = readFileSync(join(DIST, 'samples', 'survey-en.csv'), 'utf8');
  // the page heading, far from the drop zone
  const r = await dropFiles(page, 'h1', [['survey-en.csv', sample]]);
  assert.deepEqual(r, { overTaken: true, shown: true, dropTaken: true, hidden: true });
  await page.getByTestId('results').waitFor();
  await page.getByTestId('nps-card').waitFor();
  assert.match(await page.getByTestId('dropzone').innerText(), /survey-en\.csv/);
  assert.equal(await page.getByTestId('paste-area').inputValue(), '', 'the pasted text made way for the file');
  assert.equal(await page.getByTestId('drop-notice').count(), 0);
  page.assertNoErrors();
  await page.close();
});

test('text dragged inside the page is left to the browser', async () => {
  const page = await openApp('en');
  const taken = await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'hello');
    return !document.querySelector('h1').dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  assert.equal(taken, false);
  assert.equal(await page.getByTestId('drop-overlay').evaluate((e) => getComputedStyle(e).display), 'none');
  await page.close();
});

test('several files with the same columns are read as one table', async () => {
  const page = await openApp('en');
  // hand-worked: 10, 9 and 10 are promoters, 0 and 6 detractors, 8 passive → (3 − 2) / 6 = +16.7
  const r = await dropFiles(page, 'body', [
    ['march.csv', 'score\n10\n9'], // no line break at the end
    ['april.csv', '\uFEFFscore\r\n0\r\n8\r\n'], // BOM and CRLF: the same header
    ['may.csv', 'score\n10\n6\n'],
  ]);
  assert.equal(r.dropTaken, true);
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await page.getByTestId('nps-n').innerText(), '6');
  const nps = Number(await page.getByTestId('nps-value').getAttribute('data-value'));
  assert.ok(Math.abs(nps - 100 / 6) < 1e-9, `nps ${nps}`);
  assert.match(await page.getByTestId('drop-notice').innerText(), /3 files with the same columns are read as one table/);
  assert.match(await page.getByTestId('dropzone').innerText(), /march\.csv \+ april\.csv \+ may\.csv/);
  page.assertNoErrors();
  await page.close();
});

test('several files with different columns: one at a time, said so (German)', async () => {
  const page = await openApp('de');
  await dropFiles(page, 'body', [
    ['umfrage.csv', 'Bewertung\n10\n10\n'],
    ['tickets.csv', 'Ticket;Erstellt\n1;01.03.2024\n'],
  ]);
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await page.getByTestId('nps-n').innerText(), '2');
  assert.match(await page.getByTestId('drop-notice').innerText(), /2 Dateien wurden abgelegt.*eine Datei nach der anderen.*„umfrage\.csv“/);
  // a new single file clears the notice
  await page.getByTestId('file-input').setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('score\n9\n') });
  await page.getByTestId('nps-n').and(page.locator(':text-is("1")')).waitFor();
  assert.equal(await page.getByTestId('drop-notice').count(), 0);
  page.assertNoErrors();
  await page.close();
});
