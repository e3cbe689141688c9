// The survey's comments under the phrase chart (issue #13, point 12) and the CSV export's
// German headers (point 14), in headless Chromium against the built dist/. The expected
// counts are read from the files themselves here, not from the app's core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, ROOT } from './support.mjs';

const env = e2eSetup();
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** One CSV record's fields (quotes as RFC 4180; no line breaks inside fields here). */
function fields(line, sep) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** The answers of a sample with a comment: { score, comment } (valid 0–10 scores only). */
function commented(file, sep, scoreCol, commentCol) {
  const lines = readFileSync(join(ROOT, 'public', 'samples', file), 'utf8').split(/\r?\n/).slice(1);
  return lines
    .filter((l) => l.trim())
    .map((l) => fields(l, sep))
    .map((f) => ({ score: Number(f[scoreCol]), comment: (f[commentCol] ?? '').trim() }))
    .filter((r) => Number.isInteger(r.score) && r.score >= 0 && r.score <= 10 && r.comment);
}

const groupOf = (s) => (s >= 9 ? 'promoter' : s >= 7 ? 'passive' : 'detractor');

async function openSample(file, lang = 'en', viewport = { width: 1366, height: 800 }) {
  await env.ready();
  const page = await env.openApp(lang);
  await page.setViewportSize(viewport);
  await page.getByTestId(`sample-${file}`).click();
  await page.getByTestId('comments').waitFor();
  return page;
}

async function upload(page, name, content) {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await page.getByTestId('comments').waitFor();
}

const shown = (page) => page.getByTestId('comment');
const texts = (page) => page.locator('[data-testid="comment"] .comment-text').allTextContents();
const groups = (page) => shown(page).evaluateAll((els) => els.map((e) => e.dataset.group));

test('chips count every comment per group; they, the search and "show more" filter the list', async () => {
  const page = await openSample('survey-en.csv');
  const rows = commented('survey-en.csv', ',', 1, 4);
  const count = (g) => rows.filter((r) => groupOf(r.score) === g).length;
  const fmt = (n) => n.toLocaleString('en-US');
  assert.equal(await page.getByTestId('comments-group-all').textContent(), `All ${fmt(rows.length)}`);
  assert.equal(await page.getByTestId('comments-group-promoters').textContent(), `Promoters ${fmt(count('promoter'))}`);
  assert.equal(await page.getByTestId('comments-group-passives').textContent(), `Passives ${fmt(count('passive'))}`);
  assert.equal(await page.getByTestId('comments-group-detractors').textContent(), `Detractors ${fmt(count('detractor'))}`);
  assert.equal(await page.getByTestId('comments-line').textContent(), `${fmt(rows.length)} comments.`);
  // a page at a time, never every comment at once
  assert.ok(rows.length > 100, 'the sample has more than two pages of comments');
  assert.equal(await shown(page).count(), 50);
  await page.getByTestId('comments-more').click();
  assert.equal(await shown(page).count(), 100);

  await page.getByTestId('comments-group-detractors').click();
  assert.equal(await page.getByTestId('comments-group-detractors').getAttribute('aria-pressed'), 'true');
  assert.equal(await shown(page).count(), Math.min(50, count('detractor')));
  assert.deepEqual(new Set(await groups(page)), new Set(['detractor']));
  // the badge says the score, coloured by its group
  const badge = page.getByTestId('comment-score').first();
  assert.match(await badge.textContent(), /^NPS [0-6]$/);
  assert.match(await badge.getAttribute('class'), /badge-detractor/);

  await page.getByTestId('comments-group-all').click();
  await page.getByTestId('comments-search').fill('GREAT SUPPORT');
  const great = rows.filter((r) => r.comment.toLowerCase().includes('great support'));
  assert.ok(great.length > 0);
  assert.equal(await shown(page).count(), Math.min(50, great.length));
  for (const t of await texts(page)) assert.match(t, /great support/i);
  assert.equal(
    await page.getByTestId('comments-line').textContent(),
    `${fmt(rows.length)} comments. ${great.length} ${great.length === 1 ? 'matches' : 'match'}.`,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'comments-1366.png'), fullPage: false });

  await page.getByTestId('comments-search').fill('xyz');
  assert.equal(await shown(page).count(), 0);
  assert.equal(await page.getByTestId('comments-empty').textContent(), 'No comment matches “xyz”.');
  page.assertNoErrors();
  await page.close();
});

test('a phrase clicked in the chart (or among the chips) filters the list to its comments', async () => {
  const page = await openSample('survey-en.csv');
  const rows = commented('survey-en.csv', ',', 1, 4);
  const canvas = page.getByTestId('chart-phrases-canvas');
  await canvas.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="chart-phrases-canvas"]');
    return window.echarts && el && window.echarts.getInstanceByDom(el);
  });
  // the first bar of the detractors' list (the lower one): where ECharts drew it
  const { phrase, x, y } = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="chart-phrases-canvas"]');
    const chart = window.echarts.getInstanceByDom(el);
    const opt = chart.getOption();
    const phrase = opt.yAxis[1].data[0];
    const value = opt.series[1].data[0];
    const v = typeof value === 'object' ? value.value : value;
    const [x, y] = chart.convertToPixel({ xAxisIndex: 1, yAxisIndex: 1 }, [v / 2, 0]);
    return { phrase, x, y };
  });
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + x, box.y + y);
  await page.getByTestId('comments-phrase-active').waitFor();
  assert.match(await page.getByTestId('comments-phrase-active').textContent(), new RegExp(phrase));
  assert.equal(await page.getByTestId('comments-group-detractors').getAttribute('aria-pressed'), 'true');
  // the phrase's words in order with nothing but spaces between, in detractors' comments
  const [w1, w2] = phrase.split(' ');
  const re = w2 ? new RegExp(`(^|[^\\p{L}\\p{N}])${w1}[ \\t]+${w2}($|[^\\p{L}\\p{N}])`, 'iu') : new RegExp(`(^|[^\\p{L}\\p{N}])${w1}($|[^\\p{L}\\p{N}])`, 'iu');
  const expected = rows.filter((r) => groupOf(r.score) === 'detractor' && re.test(r.comment));
  assert.ok(expected.length > 0, `detractors wrote "${phrase}"`);
  assert.equal(await shown(page).count(), Math.min(50, expected.length));
  for (const t of await texts(page)) assert.match(t, re);
  assert.deepEqual(new Set(await groups(page)), new Set(['detractor']));

  // the same through the chips: a promoter phrase, then the filter removed
  const chip = page.locator('[data-testid="comments-phrase-chip"].group-promoters').first();
  const promoterPhrase = await chip.getAttribute('data-phrase');
  await chip.click();
  assert.equal(await chip.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('comments-group-promoters').getAttribute('aria-pressed'), 'true');
  assert.match(await page.getByTestId('comments-phrase-active').textContent(), new RegExp(promoterPhrase));
  assert.deepEqual(new Set(await groups(page)), new Set(['promoter']));
  await page.getByTestId('comments-phrase-active').click();
  assert.equal(await page.getByTestId('comments-phrase-active').count(), 0);
  assert.ok((await shown(page).count()) > 0);
  page.assertNoErrors();
  await page.close();
});

test('German: labels, umlaut search ("ueber" finds "Über"), dates, and the CSV headers', async () => {
  const page = await openSample('umfrage-de.csv', 'de', { width: 390, height: 844 });
  assert.equal(await page.locator('#comments-heading').textContent(), 'Kommentare');
  assert.match(await page.getByTestId('comments-group-promoters').textContent(), /^Promotoren \d/);
  assert.match(await page.getByTestId('comments-group-detractors').textContent(), /^Kritiker \d/);
  await page.locator('#comments-heading').evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ARTIFACTS, 'comments-390-de.png'), fullPage: false });

  // the CSV export's headers are German, the per-period NPS columns included
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = readFileSync(await d.path(), 'utf8').replace(/^\uFEFF/, '');
  const header = csv.split('\n')[0].split(';');
  assert.ok(header.includes('NPS-Veränderung'), header.join(' | '));
  assert.ok(header.includes('NPS-Differenz z'), header.join(' | '));
  for (const h of header) assert.doesNotMatch(h, /^(nps|csat|ces) [a-z]/, `English header ${h}`);

  await upload(
    page,
    'umlaute.csv',
    'Datum;Bewertung;Kommentar\n05.03.2024;3;Über den Preis müssen wir reden\n06.03.2024;10;Alles gut\n07.03.2024;9;Straße frei, schneller Support\n',
  );
  await page.waitForFunction(() => document.querySelector('[data-testid="comments-line"]')?.textContent === '3 Kommentare.');
  await page.getByTestId('comments-search').fill('ueber');
  assert.deepEqual(await texts(page), ['Über den Preis müssen wir reden']);
  assert.equal(await page.locator('.comment-date').first().textContent(), '05.03.2024');
  await page.getByTestId('comments-search').fill('STRASSE');
  assert.deepEqual(await texts(page), ['Straße frei, schneller Support']);
  await page.getByTestId('comments-search').fill('teuer');
  assert.equal(await page.getByTestId('comments-empty').textContent(), 'Kein Kommentar enthält „teuer“.');
  page.assertNoErrors();
  await page.close();
});

test('real exports: Delighted, Typeform and Google Forms (German) comments with score, group and date', async () => {
  await env.ready();
  const page = await env.openApp('en');
  await page.setViewportSize({ width: 1366, height: 800 });
  const corpus = (p) => readFileSync(join(ROOT, 'tests', 'fixtures', 'corpus', p), 'utf8');

  await upload(page, 'responses.csv', corpus('delighted/responses.csv'));
  // Kim's answer has no comment: two comments, newest first
  assert.deepEqual(await texts(page), ['Too slow', 'Love the reports']);
  assert.deepEqual(await groups(page), ['detractor', 'promoter']);
  assert.deepEqual(await page.getByTestId('comment-score').allTextContents(), ['NPS 3', 'NPS 9']);
  // Response timestamp 1709715600 = 2024-03-06 09:00 UTC
  assert.equal(await page.locator('.comment-date').first().textContent(), '2024-03-06');
  assert.equal(await page.getByTestId('comments-group-promoters').textContent(), 'Promoters 1');
  assert.equal(await page.getByTestId('comments-group-detractors').textContent(), 'Detractors 1');

  await upload(page, 'typeform.csv', corpus('typeform/responses.csv'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="comment"]').length === 2
    && document.querySelector('[data-testid="comment"] .comment-text').textContent === 'Too expensive');
  assert.deepEqual(await texts(page), ['Too expensive', 'Great support, fast answers']);
  assert.deepEqual(await page.getByTestId('comment-score').allTextContents(), ['NPS 6', 'NPS 10']);

  await upload(page, 'google.csv', corpus('google_forms/responses_de.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid="comment"] .comment-text')?.textContent === 'Fehler in der App');
  assert.deepEqual(await texts(page), ['Fehler in der App', 'Schneller Support']);
  page.assertNoErrors();
  await page.close();
});

test('a long survey keeps the 2,000 most recent comments and says so; a segment narrows chips and list', async () => {
  await env.ready();
  const page = await env.openApp('en');
  await page.setViewportSize({ width: 1366, height: 800 });
  // 2,500 answers, one a day from 2020-01-01, every tenth a detractor, plan by row
  const day = (i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
  let csv = 'date,score,plan,comment\n';
  for (let i = 0; i < 2500; i++) csv += `${day(i)},${i % 10 === 0 ? 2 : 9},${i % 2 ? 'Pro' : 'Basic'},answer ${i}\n`;
  await upload(page, 'long.csv', csv);
  assert.equal(await page.getByTestId('comments-line').textContent(), 'Showing the 2,000 most recent of 2,500 comments.');
  assert.equal(await page.getByTestId('comments-group-all').textContent(), 'All 2,500');
  assert.equal(await page.getByTestId('comments-group-detractors').textContent(), 'Detractors 250');
  const first = await texts(page);
  assert.equal(first[0], 'answer 2499');
  assert.equal(first.length, 50);
  // the oldest kept is answer 500: search finds it, not answer 499 (dropped)
  await page.getByTestId('comments-search').fill('answer 500');
  assert.deepEqual(await texts(page), ['answer 500']);
  await page.getByTestId('comments-search').fill('answer 499');
  assert.equal(await shown(page).count(), 0);
  await page.getByTestId('comments-search').fill('');

  // a segment chosen in the toolbar: the list offers its values
  await page.getByTestId('segment-select').selectOption('plan');
  await page.getByTestId('comments-segment').waitFor();
  await page.getByTestId('comments-segment').selectOption('Pro');
  // Pro = odd rows: 1,250 comments, no detractor (those are rows divisible by 10)
  assert.equal(await page.getByTestId('comments-group-all').textContent(), 'All 1,250');
  assert.equal(await page.getByTestId('comments-group-detractors').textContent(), 'Detractors 0');
  const segs = await page.locator('[data-testid="comment"] .comment-segment').allTextContents();
  assert.equal(segs.length, 50);
  assert.deepEqual(new Set(segs), new Set(['Pro']));
  page.assertNoErrors();
  await page.close();
});
