// The dashboard for every dataset kind, from the shipped samples, in headless Chromium against
// the built dist/. Numbers read off the page are compared with the metric core's own results
// (`kpi --json` on the same file), not with numbers written into this test.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, openPage, ROOT, buildKpi, kpiJson, SAMPLES, ARTIFACTS } from './support.mjs';

const env = e2eSetup();

before(buildKpi);

const core = (kind, file, ...flags) => kpiJson(kind, join(SAMPLES, file), ...flags);
const openSample = (file, lang = 'en', width = 1280) => env.openSample(file, { lang, width });

async function cardValue(page, key) {
  const v = await page.getByTestId(`card-${key}`).getByTestId('value').getAttribute('data-value');
  return v === null ? null : Number(v);
}

function close(actual, expected, what) {
  assert.ok(expected !== null && expected !== undefined, `${what}: the core has a value`);
  assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${what}: page ${actual}, core ${expected}`);
}

const CHARTS = {
  survey: ['chart-nps-distribution', 'chart-nps-trend', 'chart-phrases'],
  subscriptions: ['chart-mrr', 'chart-cohorts-logo', 'chart-cohorts-revenue'],
  orders: ['chart-orders', 'chart-order-value'],
  tickets: ['chart-ticket-times'],
  usage: ['chart-dau-mau', 'chart-feature-adoption'],
  funnel: ['chart-funnel'],
  health: ['chart-health'],
};

const KINDS = [
  ['survey', 'survey-en.csv', [], 'nps'],
  ['subscriptions', 'subscriptions-en.csv', ['mrr', 'arr', 'arpa', 'customer_churn_rate', 'grr', 'nrr', 'quick_ratio', 'ltv'], null],
  ['orders', 'bestellungen-de.csv', ['clv', 'avg_purchase_value', 'purchase_frequency', 'repeat_purchase_rate', 'arpu'], null],
  ['tickets', 'tickets-en.csv', ['first_response_hours_median', 'resolution_hours_median', 'fcr', 'tickets_per_customer', 'support_csat'], null],
  ['usage', 'usage-en.csv', ['stickiness', 'dau', 'mau', 'usage_intensity', 'license_utilisation', 'time_to_value_days'], null],
  ['funnel', 'funnel-en.csv', ['conversion_rate', 'cart_abandonment_rate', 'pages_per_visit', 'cac'], null],
  ['health', 'kundengesundheit-de.csv', ['health_score', 'health_red_pct', 'health_green_pct'], null],
];

for (const [kind, file, keys] of KINDS) {
  test(`${kind}: the sample's dashboard shows the core's numbers`, async () => {
    const page = await openSample(file);
    assert.equal(await page.getByTestId('results').getAttribute('data-kind'), kind);
    const expected = core(kind, file);
    assert.equal(await page.getByTestId('rows-used').innerText(), `${expected.rows.toLocaleString('en-US')} ${expected.rows === 1 ? 'row' : 'rows'} used`);
    for (const key of keys) close(await cardValue(page, key), expected.metrics[key], `${kind}.${key}`);
    if (kind === 'survey') {
      close(Number(await page.getByTestId('nps-value').getAttribute('data-value')), expected.metrics.nps, 'nps');
    }
    for (const chart of CHARTS[kind]) {
      await page.getByTestId(chart).locator('canvas').first().waitFor();
      assert.ok((await page.getByTestId(`${chart}-canvas`).getAttribute('aria-label')).length > 10, `${chart} has a text alternative`);
    }
    if (expected.periods.length) {
      assert.equal(await page.getByTestId('periods').locator('tbody tr').count(), expected.periods.length);
    }
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${kind}.png`), fullPage: true });
    if (process.env.KPI_UPDATE_DOCS && ['survey', 'subscriptions', 'tickets'].includes(kind)) {
      // the README's pictures (KPI_UPDATE_DOCS=1): the first screen of the results, charts drawn
      await page.getByTestId('charts').locator('canvas').first().waitFor();
      await page.getByTestId('rows-used').evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: join(ROOT, 'docs', `dashboard-${kind}.png`) });
    }
    page.assertNoErrors();
    await page.close();
  });
}

test('survey: NPS card, segment split and quarters match the core', async () => {
  const page = await openSample('survey-en.csv');
  const all = core('survey', 'survey-en.csv');
  close(Number(await page.getByTestId('nps-value').getAttribute('data-value')), all.metrics.nps, 'nps');
  // cards only for what the data allows: an NPS survey has no CSAT answers
  assert.equal(await page.getByTestId('card-csat').count(), 0);
  await page.getByTestId('segment-select').selectOption('plan');
  await page.getByTestId('segments').waitFor();
  const bySegment = core('survey', 'survey-en.csv', '--segment', 'plan');
  for (const [value, metrics] of Object.entries(bySegment.segments)) {
    const cell = page.getByTestId('segments').locator(`tr[data-group="${value}"] td[data-key="nps"]`);
    const text = (await cell.innerText()).replace('−', '-').replace('+', '');
    assert.equal(Number(text), Number(metrics.nps.toFixed(1)), `segment ${value}`);
  }
  await page.getByTestId('period-select').selectOption('quarter');
  await page.getByTestId('periods').locator('tr[data-group="2024-Q1"]').waitFor();
  const quarters = core('survey', 'survey-en.csv', '--period', 'quarter');
  assert.equal(await page.getByTestId('periods').locator('tbody tr').count(), quarters.periods.length);
  page.assertNoErrors();
  await page.close();
});

test('changing a mapping and the kind recomputes; language switch reformats', async () => {
  const page = await openSample('tickets-en.csv');
  assert.equal(await page.getByTestId('card-support_csat').count(), 1);
  // the satisfaction column becomes a segment: no support CSAT any more
  await page.getByTestId('review-toggle').click(); // the review is folded once the data is read
  await page.locator('tr[data-header="satisfaction"]').getByTestId('mapping-select').selectOption('');
  await page.getByTestId('card-support_csat').waitFor({ state: 'detached' });
  const fcr = await cardValue(page, 'fcr');
  close(fcr, core('tickets', 'tickets-en.csv').metrics.fcr, 'fcr unchanged');
  // German: same number, German format and labels
  await page.getByTestId('lang-de').click();
  await page.getByTestId('card-fcr').getByText('Erstlösungsquote (FCR)').waitFor();
  const shown = await page.getByTestId('card-fcr').getByTestId('value').innerText();
  assert.match(shown, /^\d+,\d %$/);
  // the kind can be overridden: as orders these columns lack an amount, said in one sentence
  await page.getByTestId('kind-select').selectOption('orders');
  await page.getByTestId('import-error').waitFor();
  assert.match(await page.getByTestId('import-error').innerText(), /amount/);
  page.assertNoErrors();
  await page.close();
});

test('exports: JSON equals kpi --json, CSV has a row per period', async () => {
  const page = await openSample('subscriptions-en.csv');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
  const expected = core('subscriptions', 'subscriptions-en.csv');
  assert.deepEqual(exported.metrics, expected.metrics);
  assert.deepEqual(exported.periods, expected.periods);
  assert.equal(json.suggestedFilename(), 'kpi-subscriptions.json');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 BOM for Excel');
  const lines = text.slice(1).trim().split('\n');
  assert.equal(lines.length, 1 + 1 + expected.periods.length);
  assert.ok(lines[0].startsWith('Scope,Group,'));
  page.assertNoErrors();
  await page.close();
});

test('a shared link restores the settings, never the data', async () => {
  const page = await openSample('survey-en.csv');
  await page.getByTestId('period-select').selectOption('week');
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('setting-surveys-sent').fill('480');
  await page.getByTestId('setting-surveys-sent').press('Enter');
  await page.getByTestId('card-response_rate').getByTestId('value').and(page.locator('[data-value="50"]')).waitFor();
  await page.getByTestId('share-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.ok(!url.includes('C10'), 'no customer data in the link');
  const other = await openPage(env.browser);
  await other.goto(url);
  await other.getByTestId('sample-survey-en.csv').click();
  await other.getByTestId('results').waitFor();
  assert.equal(await other.getByTestId('period-select').inputValue(), 'week');
  assert.equal(await cardValue(other, 'response_rate'), 50);
  other.assertNoErrors();
  page.assertNoErrors();
  await other.close();
  await page.close();
});

test('typed funnel totals give the funnel metrics', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.getByTestId('funnel-form').locator('summary').click();
  await page.getByTestId('funnel-visitors').fill('20000');
  await page.getByTestId('funnel-conversions').fill('500');
  await page.getByTestId('funnel-carts').fill('1000');
  await page.getByTestId('funnel-purchases').fill('400');
  await page.getByTestId('results').waitFor();
  assert.equal(await cardValue(page, 'conversion_rate'), 2.5);
  assert.equal(await cardValue(page, 'cart_abandonment_rate'), 60);
  page.assertNoErrors();
  await page.close();
});

test('at 360 px nothing overflows sideways', async () => {
  const page = await openSample('tickets-de.csv', 'de', 360);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide`);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-360.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});

test('analysing a file sends nothing anywhere', async () => {
  const page = await openPage(env.browser);
  // the app, its analysis worker included, loads; from then on only the user's actions count
  const workerLoaded = page.waitForResponse((r) => r.url().endsWith('/worker_bg.wasm'));
  await page.goto(env.server.url);
  await page.getByTestId('paste-area').waitFor();
  await workerLoaded;
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'public', 'samples', 'abos-de.csv'));
  await page.getByTestId('results').waitFor();
  await page.getByTestId('chart-mrr').locator('canvas').waitFor();
  await page.getByTestId('period-select').selectOption('quarter');
  await page.getByTestId('card-mrr').waitFor();
  // the only request: the chart library, a static file of the app itself, fetched on demand
  assert.deepEqual(requests, [{ url: `${env.server.url}vendor/echarts.min.js`, method: 'GET', body: null }]);
  page.assertNoErrors();
  await page.close();
});

for (const [file, lang, scheme] of [['survey-en.csv', 'en', 'light'], ['abos-de.csv', 'de', 'dark'], ['tickets-de.csv', 'de', 'light'], ['kundengesundheit-de.csv', 'de', 'dark']]) {
  test(`axe-core finds no violations: ${file}, ${lang}, ${scheme}`, async () => {
    const page = await openSample(file, lang);
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId('charts').locator('canvas').first().waitFor();
    await page.getByTestId('settings-toggle').click();
    // evaluated by the test driver: the page's CSP (rightly) refuses an injected <script>
    await page.evaluate(readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const summary = result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0]?.target})`);
    assert.deepEqual(summary, []);
    await page.close();
  });
}

test('a big file shows progress and can be cancelled; the page stays usable', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.getByTestId('paste-area').waitFor();
  const lines = ['date,score,plan'];
  for (let i = 0; i < 1_500_000; i++) lines.push(`2024-0${1 + (i % 9)}-1${i % 10},${i % 11},${i % 3 ? 'Pro' : 'Basic'}`);
  const buffer = Buffer.from(lines.join('\n'));
  await page.getByTestId('file-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer });
  await page.getByTestId('progress').waitFor();
  // the main thread answers while the worker reads
  await page.getByTestId('lang-de').click();
  await page.getByText('Wird ausgewertet…').waitFor();
  await page.getByTestId('cancel').click();
  await page.getByTestId('cancelled').waitFor();
  assert.equal(await page.getByTestId('results').count(), 0);
  // after a cancel, a fresh worker takes the next input
  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from('score\n10\n0\n') });
  await page.getByTestId('nps-card').waitFor();
  assert.equal(Number(await page.getByTestId('nps-value').getAttribute('data-value')), 0);
  page.assertNoErrors();
  await page.close();
});

test('a workbook with several sheets offers the sheet chooser', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'tests', 'fixtures', 'import', 'survey_excel.xlsx'));
  await page.getByTestId('review-toggle').click(); // the review is folded once the data is read
  await page.getByTestId('sheet-select').waitFor();
  assert.deepEqual(await page.getByTestId('sheet-select').locator('option').allInnerTexts(), ['Antworten', 'Notizen']);
  await page.getByTestId('sheet-select').selectOption('Notizen');
  await page.locator('[data-testid="import-error"], [data-testid="import-summary"]:has-text("Notizen")').first().waitFor();
  page.assertNoErrors();
  await page.close();
});

test('keyboard only: load a sample, open the settings, switch the language', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => localStorage.setItem('kpi.lang', 'en'));
  await page.goto(env.server.url);
  await page.getByTestId('paste-area').waitFor();
  const tabTo = async (testid, key = 'Tab') => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press(key);
      if ((await page.evaluate(() => document.activeElement?.dataset?.testid)) === testid) return;
    }
    throw new Error(`Tab never reached ${testid}`);
  };
  await tabTo('sample-survey-en.csv');
  await page.keyboard.press('Enter');
  await page.getByTestId('nps-card').waitFor();
  await tabTo('settings-toggle');
  await page.keyboard.press('Enter');
  await page.getByTestId('setting-surveys-sent').waitFor();
  await tabTo('lang-de', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await page.getByText('Antworten', { exact: false }).first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  page.assertNoErrors();
  await page.close();
});
