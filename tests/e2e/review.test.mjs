// The review step never dead-ends: once a table was read it is there — its columns with a
// few values, the kind, a field per column with how sure the match is and why, what the kind
// still lacks — also when nothing was recognised, after the kind is changed or a needed
// column unmapped. Encoding, separator and literal quotes can be chosen; an unclosed quote
// is asked about. After a click the result (or the error) comes into view with the focus on
// its heading; the review folds to one line once the data is read. Headless Chromium
// against the built dist/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, ROOT } from './support.mjs';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
let server;
let browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveStatic();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openApp({ lang = 'en', width = 1366, height = 800 } = {}) {
  const page = await openPage(browser);
  await page.setViewportSize({ width, height });
  await page.addInitScript((l) => {
    localStorage.clear();
    localStorage.setItem('kpi.lang', l);
  }, lang);
  await page.goto(server.url);
  await page.getByTestId('paste-area').waitFor();
  return page;
}

async function upload(page, name, content, encoding = 'utf8') {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, encoding) });
}

const review = (page) => page.getByTestId('import-review');
const row = (page, header) => page.locator(`tr[data-header="${header}"]`);
const status = (page) => page.getByTestId('review-status');

async function openReview(page) {
  const toggle = page.getByTestId('review-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByTestId('mapping').waitFor();
}

test('an unrecognised file gets the review step: values, a kind to choose, what is missing', async () => {
  const page = await openApp();
  await upload(page, 'colours.csv', 'Name,Farbe\nAnna,blau\nBen,rot\nCem,blau\n');
  await page.getByTestId('import-error').waitFor();
  // the red message says "choose the kind and columns by hand": here they are, open
  assert.match(await page.getByTestId('import-error').innerText(), /by hand/);
  await review(page).getByTestId('mapping').waitFor();
  assert.equal(await page.getByTestId('review-toggle').getAttribute('aria-expanded'), 'true');
  assert.equal(await page.getByTestId('mapping-row').count(), 2);
  assert.equal(await row(page, 'Name').getByTestId('column-samples').innerText(), 'Anna · Ben · Cem');
  assert.equal(await row(page, 'Farbe').getByTestId('column-samples').innerText(), 'blau · rot');
  assert.equal(await page.getByTestId('kind-select').inputValue(), '');
  assert.match(await status(page).innerText(), /No kind of data was recognised/);
  // choosing the kind says what it still needs, and the table stays
  await page.getByTestId('kind-select').selectOption('survey');
  await status(page).filter({ hasText: 'Still needed for Survey answers: score' }).waitFor();
  assert.equal(await page.getByTestId('kind-select').inputValue(), 'survey');
  assert.equal(await page.getByTestId('mapping-row').count(), 2);
  await page.screenshot({ path: join(ARTIFACTS, 'review-unrecognised-1366.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});

test('a column chosen by hand completes an unrecognised file, and says it was your choice', async () => {
  const page = await openApp();
  // two columns of 0–10 numbers and no header naming either: nothing decides for the user
  await upload(page, 'answers.csv', 'who,first,second\nAnna,9,3\nBen,3,5\nCem,10,1\nDora,7,2\n');
  await page.getByTestId('import-error').waitFor();
  await page.getByTestId('kind-select').selectOption('survey');
  await status(page).filter({ hasText: 'score' }).waitFor();
  await row(page, 'first').getByTestId('mapping-select').selectOption('score');
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await page.getByTestId('nps-n').innerText(), '4');
  assert.equal(await page.getByTestId('import-error').count(), 0);
  assert.equal(await row(page, 'first').getByTestId('match').innerText(), 'your choice');
  // the choice is kept in the open review, which now says the kind is complete
  assert.match(await status(page).innerText(), /Everything Survey answers need is there/);
  page.assertNoErrors();
  await page.close();
});

test('changing the kind of a recognised file, or unmapping its score, keeps the review', async () => {
  const page = await openApp();
  await page.getByTestId('sample-survey-en.csv').click();
  await page.getByTestId('results').waitFor();
  await openReview(page);
  // how sure and why, in words
  assert.equal(await row(page, 'score').getByTestId('match').innerText(), 'certain · named by its header');
  assert.match(await row(page, 'comment').getByTestId('column-samples').innerText(), /Easy to use and fast/);
  assert.match(await status(page).innerText(), /Everything Survey answers need is there/);
  // another kind: no dashboard, the review says what that kind lacks and can go back
  await page.getByTestId('kind-select').selectOption('orders');
  await page.getByTestId('import-error').waitFor();
  await status(page).filter({ hasText: 'amount' }).waitFor();
  assert.equal(await page.getByTestId('results').count(), 0);
  assert.equal(await page.getByTestId('mapping-row').count(), 5);
  await page.getByTestId('kind-select').selectOption('survey');
  await page.getByTestId('results').waitFor();
  // the score column unmapped: the review stays and names the score as missing
  await row(page, 'score').getByTestId('mapping-select').selectOption('');
  await status(page).filter({ hasText: 'Still needed for Survey answers: score' }).waitFor();
  assert.equal(await page.getByTestId('results').count(), 0);
  await row(page, 'score').getByTestId('mapping-select').selectOption('score');
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await row(page, 'score').getByTestId('match').innerText(), 'your choice');
  page.assertNoErrors();
  await page.close();
});

test('German: the review in German, with the match in words', async () => {
  const page = await openApp({ lang: 'de' });
  await page.getByTestId('sample-umfrage-de.csv').click();
  await page.getByTestId('results').waitFor();
  assert.match(await page.getByTestId('review-summary').innerText(), /^[\d.]+ Zeilen · Umfrageantworten · \d+ Spalten verwendet$/);
  await openReview(page);
  const matches = await page.getByTestId('match').allInnerTexts();
  assert.ok(matches.some((m) => /^(sicher|wahrscheinlich \(\d+ %\)) · (nach der Überschrift|Wörter der Überschrift)$/.test(m)), matches.join(' | '));
  page.assertNoErrors();
  await page.close();
});

test('the encoding and the separator can be chosen; the review shows what they change', async () => {
  const page = await openApp();
  const text = 'Kunde;Bewertung;Kommentar\nA;9;Österreich\nB;7;Grüße aus Köln\nC;10;gut\n';
  await upload(page, 'umfrage-1252.csv', text, 'latin1');
  await page.getByTestId('results').waitFor();
  await openReview(page);
  assert.match(await page.getByTestId('encoding-select').locator('option').first().innerText(), /automatic \(windows-1252\)/);
  assert.match(await row(page, 'Kommentar').getByTestId('column-samples').innerText(), /Österreich/);
  // read as UTF-8: the umlauts break, the review says so and the values show it
  await page.getByTestId('encoding-select').selectOption('utf-8');
  await page.getByTestId('malformed-text').waitFor();
  assert.match(await row(page, 'Kommentar').getByTestId('column-samples').innerText(), /\uFFFDsterreich/);
  await page.getByTestId('encoding-select').selectOption('windows-1252');
  await row(page, 'Kommentar').getByTestId('column-samples').filter({ hasText: 'Österreich' }).waitFor();
  assert.equal(await page.getByTestId('malformed-text').count(), 0);
  // a comma as separator: one column, nothing recognised, the review still there
  await page.getByTestId('delimiter-select').selectOption(',');
  await page.getByTestId('import-error').waitFor();
  assert.equal(await page.getByTestId('mapping-row').count(), 1);
  await page.getByTestId('delimiter-select').selectOption('');
  await page.getByTestId('results').waitFor();
  assert.equal(await page.getByTestId('mapping-row').count(), 3);
  page.assertNoErrors();
  await page.close();
});

test('an unclosed quote asks whether quotes are literal; one click reads the file', async () => {
  const page = await openApp();
  await upload(page, 'quotes.csv', 'score,comment\n9,"unfinished\n10,fine\n3,too small\n');
  await page.getByTestId('quote-question').waitFor();
  assert.match(await page.getByTestId('import-error').innerText(), /line 2/);
  assert.match(await page.getByTestId('quote-question').innerText(), /Line 2 opens a quote/);
  await page.getByTestId('read-quotes-literally').click();
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await page.getByTestId('nps-n').innerText(), '3');
  await openReview(page);
  assert.equal(await page.getByTestId('literal-quotes').isChecked(), true);
  page.assertNoErrors();
  await page.close();
});

test('a column found by its values says so', async () => {
  const page = await openApp();
  await upload(page, 'answers.csv', 'who,what\nAnna,9\nBen,3\nCem,10\nDora,7\n');
  await page.getByTestId('nps-card').waitFor();
  await openReview(page);
  assert.equal(await row(page, 'what').getByTestId('match').innerText(), 'a guess (50 %) · chosen by its values');
  assert.equal(await row(page, 'who').getByTestId('match').innerText(), '');
  page.assertNoErrors();
  await page.close();
});

test('the review folds to one line once the data is read; one click opens it', async () => {
  const page = await openApp();
  await page.getByTestId('sample-survey-en.csv').click();
  await page.getByTestId('results').waitFor();
  const summary = await page.getByTestId('review-summary').innerText();
  assert.equal(summary, "240 rows · Survey answers · 4 columns used");
  assert.equal(await page.getByTestId('mapping').isVisible(), false);
  await page.getByTestId('review-toggle').click();
  assert.equal(await page.getByTestId('mapping').isVisible(), true);
  await page.getByTestId('review-toggle').click();
  assert.equal(await page.getByTestId('mapping').isVisible(), false);
  page.assertNoErrors();
  await page.close();
});

/** Whether the element's top is inside the viewport. */
async function inViewport(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight && r.bottom > 0;
  });
}

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id);

test('on a phone the result comes into view with the focus on its heading; errors too', async () => {
  const page = await openApp({ width: 390, height: 844 });
  await page.getByTestId('sample-subscriptions-en.csv').click();
  const heading = page.getByTestId('results-heading');
  await heading.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'results-heading');
  assert.ok(await inViewport(heading), 'the results heading is in view');
  await page.screenshot({ path: join(ARTIFACTS, 'review-phone-result.png') });
  // an unreadable table: the message comes into view with the focus
  await page.evaluate(() => window.scrollTo(0, 0));
  await upload(page, 'colours.csv', 'Name,Farbe\nAnna,blau\n');
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'import-error');
  assert.ok(await inViewport(page.getByTestId('import-error')), 'the error is in view');
  await page.screenshot({ path: join(ARTIFACTS, 'review-phone-error.png') });
  page.assertNoErrors();
  await page.close();
});

test('the skip link is the first stop and leads to the results', async () => {
  const page = await openApp();
  await page.keyboard.press('Tab');
  assert.equal(await focusedTestId(page), 'skip-link');
  assert.ok(await page.getByTestId('skip-link').isVisible());
  // nothing analysed yet: it leads to the input
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'input-heading');
  await page.getByTestId('sample-tickets-en.csv').click();
  await page.getByTestId('results-heading').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('skip-link').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'results-heading');
  assert.ok(await inViewport(page.getByTestId('results-heading')));
  page.assertNoErrors();
  await page.close();
});

test('a choice in the review made with the keyboard keeps the focus on that control', async () => {
  const page = await openApp();
  await page.getByTestId('sample-survey-en.csv').click();
  await page.getByTestId('results').waitFor();
  await openReview(page);
  const select = row(page, 'plan').getByTestId('mapping-select');
  await select.focus();
  await select.selectOption('customer');
  await row(page, 'plan').getByTestId('match').filter({ hasText: 'your choice' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('tr')?.dataset.header === 'plan');
  assert.equal(await focusedTestId(page), 'mapping-select');
  await page.getByTestId('kind-select').focus();
  await page.getByTestId('kind-select').selectOption('orders');
  await page.getByTestId('import-error').waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'kind-select');
  page.assertNoErrors();
  await page.close();
});

test('typing in the paste box keeps the focus there', async () => {
  const page = await openApp();
  await page.getByTestId('paste-area').focus();
  await page.keyboard.type('score\n9\n10\n');
  await page.getByTestId('nps-card').waitFor();
  assert.equal(await focusedTestId(page), 'paste-area');
  page.assertNoErrors();
  await page.close();
});

test('a new input starts with the data\'s own range', async () => {
  const page = await openApp();
  await page.getByTestId('sample-survey-en.csv').click();
  await page.getByTestId('results').waitFor();
  await page.getByTestId('range-from').fill('2031-01-01');
  await page.getByTestId('range-from').dispatchEvent('change');
  await page.getByTestId('rows-used').filter({ hasText: /^0 / }).waitFor();
  await page.getByTestId('sample-orders-en.csv').click();
  await page.locator('[data-testid=results][data-kind=orders]').waitFor();
  // coverage: the open range shows the new data's own first day, not the old input's
  assert.equal(await page.getByTestId('range-from').inputValue(), '2023-01-01');
  assert.equal(await page.getByTestId('range-from').getAttribute('data-open'), 'true');
  assert.doesNotMatch(await page.getByTestId('rows-used').innerText(), /^0 /);
  page.assertNoErrors();
  await page.close();
});
