// The app's widget page: grouped options with human labels → live preview (a sandboxed
// frame) and snippet; the recipe chooser; an answer given in the preview reaches a real
// receiver on loopback, and the receiver's collected answers open in the calculator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSetup, openPage } from './support.mjs';
import { startReceiver } from './receiver.mjs';
import { sel } from './widget-site.mjs';

const env = e2eSetup();

let rx;

before(async () => {
  rx = await startReceiver();
});

after(async () => {
  await rx?.close();
});

async function widgetPage() {
  const page = await openPage(env.browser);
  // Not in the sandboxed preview frame, which has no storage.
  await page.addInitScript(() => { if (window === window.top) localStorage.setItem('kpi.lang', 'en'); });
  await page.goto(`${env.server.url}#widget`);
  await page.getByTestId('widget-page').waitFor();
  return page;
}

const preview = (page) => page.frameLocator('iframe[data-testid=widget-preview]');

test('options drive the preview and the snippet; an answer arrives and opens in the calculator', async () => {
  const page = await widgetPage();
  await page.getByTestId('widget-endpoint').fill(rx.url);
  await page.getByTestId('widget-survey').selectOption('csat');
  const xss = '<img src=x onerror="window.pwned=1">How did we do?';
  await page.getByTestId('widget-question').fill(xss);
  await page.getByTestId('widget-mode').selectOption('slidein');

  const snippet = await page.getByTestId('widget-snippet').innerText();
  assert.ok(snippet.startsWith(`<script src="${env.server.url}widget.js"`), snippet);
  assert.match(snippet, /data-endpoint="http:\/\/127\.0\.0\.1:\d+\/collect"/);
  assert.match(snippet, /data-survey="csat"/);
  assert.match(snippet, /data-mode="slidein"/);
  assert.match(snippet, /data-question="&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;How did we do\?"/);
  assert.doesNotMatch(snippet, /data-days|data-theme|data-scale/, 'defaults and options that do not apply are left out');

  // the preview shows the configured text as text, and a CSAT scale 1–5
  const frame = preview(page);
  await frame.locator(sel.radio(5)).waitFor();
  assert.equal(await frame.locator(sel.radio(6)).count(), 0);
  assert.ok((await frame.locator('#preview > div').evaluate((el) => el.shadowRoot.textContent)).includes(xss));
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  await frame.locator(sel.radio(4)).click();
  await rx.waitFor(() => rx.rows().length === 1, 10000, 'one answer');
  const [answer] = rx.rows();
  assert.equal(answer.score, 4);
  assert.equal(answer.survey, 'csat');
  await page.getByTestId('preview-status').filter({ hasText: 'Delivered' }).waitFor();
  // sent from the isolated frame (opaque origin), not from the app
  assert.equal(rx.log.find((e) => e.status === 200).headers.origin, 'null');

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

test('groups, human labels, options that do not apply hidden, the endpoint warning, the docs link', async () => {
  const page = await widgetPage();
  for (const g of ['group-sending', 'group-question', 'group-look', 'group-when-to-show']) {
    assert.ok(await page.getByTestId(g).isVisible(), g);
  }
  // human labels, raw values
  const mode = page.getByTestId('widget-mode');
  assert.deepEqual(await mode.locator('option').allInnerTexts(), ['Dialog in the middle', 'Slide-in in a corner', 'Bar at the top or bottom', 'Inline, where the element stands']);
  assert.deepEqual(await mode.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['modal', 'slidein', 'bar', 'inline']);
  // CES scale only for CES, position only for slide-in and bar, delay only for that trigger
  assert.equal(await page.getByTestId('widget-scale').isVisible(), false);
  await page.getByTestId('widget-survey').selectOption('ces');
  assert.equal(await page.getByTestId('widget-scale').isVisible(), true);
  assert.equal(await page.getByTestId('widget-position').isVisible(), false);
  await mode.selectOption('bar');
  assert.equal(await page.getByTestId('widget-position').isVisible(), true);
  assert.equal(await page.getByTestId('widget-delay').isVisible(), false);
  await page.getByTestId('widget-trigger').selectOption('delay');
  assert.equal(await page.getByTestId('widget-delay').isVisible(), true);
  await page.getByTestId('widget-comment').selectOption('off');
  assert.equal(await page.getByTestId('widget-followup').isVisible(), false);
  // the warning while the endpoint is empty (or not http/https)
  const warning = page.getByTestId('endpoint-warning');
  assert.equal(await warning.isVisible(), true);
  await page.getByTestId('widget-endpoint').fill('about:blank');
  assert.equal(await warning.isVisible(), true);
  await page.getByTestId('widget-endpoint').fill('https://x.example/c');
  assert.equal(await warning.isVisible(), false);
  // the docs are served beside the app
  const href = await page.getByTestId('widget-docs-link').getAttribute('href');
  const docs = await page.evaluate(async (h) => (await fetch(h)).text(), href);
  assert.match(docs, /## Request modes/);
  page.assertNoErrors();
  await page.close();
});

test('the recipe chooser sets the options and shows the steps', async () => {
  const page = await widgetPage();
  await page.getByTestId('widget-recipe').selectOption('google-sheets');
  await page.getByTestId('recipe-steps').waitFor();
  assert.match(await page.getByTestId('recipe-steps').innerText(), /Apps Script[\s\S]*\/exec[\s\S]*CSV/);
  assert.equal(await page.getByTestId('widget-request').inputValue(), 'simple');
  assert.match(await page.getByTestId('widget-snippet').innerText(), /data-request="simple"/);
  assert.equal(await page.getByTestId('widget-endpoint').getAttribute('placeholder'), 'https://script.google.com/macros/s/…/exec');
  await page.getByTestId('widget-recipe').selectOption('form-service');
  assert.equal(await page.getByTestId('widget-format').inputValue(), 'form');
  await page.getByTestId('widget-recipe').selectOption('supabase');
  const snippet = await page.getByTestId('widget-snippet').innerText();
  assert.doesNotMatch(snippet, /data-request/, 'back to the default mode');
  assert.match(snippet, /data-header-prefer="resolution=ignore-duplicates,return=minimal"/);
  await page.getByTestId('widget-header-apikey').fill('anon-123');
  assert.match(await page.getByTestId('widget-snippet').innerText(), /data-header-apikey="anon-123"/);
  page.assertNoErrors();
  await page.close();
});

test('the preview is isolated and sends nothing without an endpoint', async () => {
  const page = await widgetPage();
  const before = rx.log.length;
  const iframe = page.getByTestId('widget-preview');
  assert.equal(await iframe.getAttribute('sandbox'), 'allow-scripts');
  const frame = preview(page);
  await frame.locator(sel.radio(9)).click();
  await page.getByTestId('preview-status').filter({ hasText: 'Not sent' }).waitFor();
  // an opaque origin: no access to the app's storage or document
  const probe = await frame.locator('main').evaluate(() => {
    let storage; try { storage = typeof localStorage.length; } catch (e) { storage = e.name; }
    let top; try { top = typeof parent.document; } catch (e) { top = e.name; }
    return { storage, top, origin: origin };
  });
  assert.deepEqual(probe, { storage: 'SecurityError', top: 'SecurityError', origin: 'null' });
  await page.waitForTimeout(500);
  assert.equal(rx.log.length, before, 'no request anywhere');
  assert.equal(await page.evaluate(() => localStorage.getItem('nps-survey:outbox')), null, 'nothing queued in the app');
  // an endpoint that never confirms: "not confirmed, stays queued", not "thank you" as if sent
  rx.setMode('hang');
  await page.getByTestId('widget-endpoint').fill(rx.url);
  await page.getByTestId('widget-request').selectOption('simple');
  await frame.locator(sel.radio(3)).click();
  await page.getByTestId('preview-status').filter({ hasText: 'Queued, will be sent' }).waitFor();
  rx.setMode('ok');
  page.assertNoErrors();
  await page.close();
});
