// The app's widget page: options → live preview and snippet; an answer given in the preview
// reaches a real receiver on loopback, and the receiver's collected answers open in the
// calculator as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage } from './support.mjs';
import { startReceiver } from './receiver.mjs';
import { sel } from './widget-site.mjs';

let server;
let browser;
let rx;

before(async () => {
  server = await serveStatic();
  rx = await startReceiver();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await rx?.close();
  await server?.close();
});

test('options drive the preview and the snippet; an answer arrives and opens in the calculator', async () => {
  const page = await openPage(browser);
  await page.addInitScript(() => localStorage.setItem('kpi.lang', 'en'));
  await page.goto(`${server.url}#widget`);
  await page.getByTestId('widget-page').waitFor();
  await page.getByTestId('widget-endpoint').fill(rx.url);
  await page.getByTestId('widget-survey').selectOption('csat');
  const xss = '<img src=x onerror="window.pwned=1">How did we do?';
  await page.getByTestId('widget-question').fill(xss);
  await page.getByTestId('widget-mode').selectOption('slidein');

  const snippet = await page.getByTestId('widget-snippet').innerText();
  assert.ok(snippet.startsWith(`<script src="${server.url}widget.js"`), snippet);
  assert.match(snippet, /data-endpoint="http:\/\/127\.0\.0\.1:\d+\/collect"/);
  assert.match(snippet, /data-survey="csat"/);
  assert.match(snippet, /data-mode="slidein"/);
  assert.match(snippet, /data-question="&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;How did we do\?"/);
  assert.doesNotMatch(snippet, /data-days/, 'defaults are left out');

  // the preview shows the configured text as text, and a CSAT scale 1–5
  const preview = page.getByTestId('widget-preview');
  await preview.locator(sel.radio(5)).waitFor();
  assert.equal(await preview.locator(sel.radio(6)).count(), 0);
  assert.ok((await preview.locator('nps-survey').evaluate((el) => el.shadowRoot.textContent)).includes(xss));
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  await preview.locator(sel.radio(4)).click();
  await rx.waitFor(() => rx.rows().length === 1, 10000, 'one answer');
  const [answer] = rx.rows();
  assert.equal(answer.score, 4);
  assert.equal(answer.survey, 'csat');

  // the collected answers, one JSON object per line, open in the calculator as they are
  await page.getByTestId('open-calculator').click();
  await page.getByTestId('paste-area').waitFor();
  const ndjson = rx.rows().map((r) => JSON.stringify(r)).join('\n');
  await page.getByTestId('file-input').setInputFiles({ name: 'answers.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(ndjson) });
  await page.getByTestId('card-csat').waitFor();
  assert.equal(Number(await page.getByTestId('card-csat').getByTestId('value').getAttribute('data-value')), 100);
  page.assertNoErrors();
  await page.close();
});
