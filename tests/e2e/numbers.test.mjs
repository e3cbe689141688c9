// Issue #13, "no silent wrong numbers on the cards", driven in headless Chromium against the
// built dist/: funnel totals typed in German and English, what each card covers and what its n
// counts, ticket times headlined by the median, health scaling, a refused gross margin, the
// response rate asking for surveys sent. Expected numbers come from the metric core
// (`kpi --json` on the same file) or from tests/real/expected.json (pandas), not from the page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, openPage, ROOT, buildKpi, kpiJson, ARTIFACTS } from './support.mjs';

const env = e2eSetup();

before(buildKpi);

const core = kpiJson;

const sample = (file) => join(ROOT, 'public', 'samples', file);

async function openApp(lang = 'en', width = 1366) {
  const page = await openPage(env.browser);
  await page.setViewportSize({ width, height: 800 });
  await page.addInitScript((l) => {
    localStorage.clear();
    localStorage.setItem('kpi.lang', l);
  }, lang);
  await page.goto(env.server.url);
  await page.getByTestId('paste-area').waitFor();
  return page;
}

async function openSample(file, lang = 'en') {
  const page = await openApp(lang);
  await page.getByTestId(`sample-${file}`).click();
  await page.getByTestId('results').waitFor();
  return page;
}

const card = (page, key) => page.getByTestId(`card-${key}`);

async function cardValue(page, key) {
  const v = await card(page, key).getByTestId('value').getAttribute('data-value');
  return v === null ? null : Number(v);
}

function close(actual, expected, what) {
  assert.ok(expected !== null && expected !== undefined, `${what}: there is an expected value`);
  assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${what}: page ${actual}, expected ${expected}`);
}

async function typeFunnel(page, testid, text) {
  await page.getByTestId(testid).fill(text);
}

test('#13.3 funnel totals typed in German are read with German conventions and echoed', async () => {
  const page = await openApp('de');
  await page.getByTestId('funnel-form').locator('summary').click();
  await typeFunnel(page, 'funnel-visitors', '12.000');
  await typeFunnel(page, 'funnel-conversions', '360');
  await typeFunnel(page, 'funnel-marketing', '5.000,50');
  await typeFunnel(page, 'funnel-new-customers', '10');
  assert.equal(await page.getByTestId('funnel-visitors-read').innerText(), 'gelesen als 12.000');
  assert.equal(await page.getByTestId('funnel-marketing-read').innerText(), 'gelesen als 5.000,50');
  await card(page, 'conversion_rate').waitFor();
  // 360 / 12,000 · 100 = 3 %, not 3.000,0 % (12.000 read as 12)
  close(await cardValue(page, 'conversion_rate'), 3, 'conversion rate');
  // (5,000.50 + 0) / 10 new customers; the spend was dropped before
  close(await cardValue(page, 'cac'), 500.05, 'CAC');
  // an English-style decimal is refused with a message, not read as 125
  await typeFunnel(page, 'funnel-visitors', '12.5');
  const error = page.getByTestId('funnel-visitors-error');
  await error.waitFor();
  assert.match(await error.innerText(), /deutscher Schreibweise/);
  assert.equal(await page.getByTestId('funnel-visitors').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: join(ARTIFACTS, 'numbers-funnel-de.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});

test('#13.3 funnel totals typed in English: 12,000 is twelve thousand', async () => {
  const page = await openApp('en');
  await page.getByTestId('funnel-form').locator('summary').click();
  await typeFunnel(page, 'funnel-visitors', '12,000');
  await typeFunnel(page, 'funnel-conversions', '360');
  assert.equal(await page.getByTestId('funnel-visitors-read').innerText(), 'read as 12,000');
  await card(page, 'conversion_rate').waitFor();
  close(await cardValue(page, 'conversion_rate'), 3, 'conversion rate');
  await typeFunnel(page, 'funnel-conversions', '360,5');
  assert.match(await page.getByTestId('funnel-conversions-error').innerText(), /English notation|whole number/);
  page.assertNoErrors();
  await page.close();
});

test('#13.5 subscription cards say what they cover and what n counts', async () => {
  const page = await openSample('subscriptions-en.csv');
  const expected = core('subscriptions', sample('subscriptions-en.csv'));
  const m = expected.metrics;
  close(await cardValue(page, 'mrr'), m.mrr, 'mrr');
  assert.equal(m.mrr_month, '2024-03');
  assert.equal(await card(page, 'mrr').getByTestId('covers').innerText(), 'Mar 2024');
  assert.equal(await card(page, 'mrr').getByTestId('n').innerText(), `${m.customers} customers in Mar 2024 · ${expected.rows} rows`);
  assert.equal(
    await card(page, 'customer_churn_rate').getByTestId('covers').innerText(),
    `mean of ${m.rate_months} months, Jan 2023 – Mar 2024`,
  );
  // #13.15: ISO weeks are greyed out for subscriptions, with the reason
  const week = page.getByTestId('period-select').locator('option[value="week"]');
  assert.equal(await week.isDisabled(), true);
  assert.match(await week.getAttribute('title'), /month/);
  await page.screenshot({ path: join(ARTIFACTS, 'numbers-subscriptions.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});

test('#13.5 a range past the last subscription keeps the headline MRR on the data', async () => {
  const page = await openSample('abos-de.csv');
  await page.getByTestId('range-to').fill('2025-06-30');
  await page.getByTestId('range-to').dispatchEvent('change');
  const expected = core('subscriptions', sample('abos-de.csv'), '--to', '2025-06-30');
  assert.notEqual(expected.metrics.mrr, 0);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="card-mrr"] [data-testid="covers"]')?.textContent.includes('last month of the data'),
  );
  close(await cardValue(page, 'mrr'), expected.metrics.mrr, 'mrr');
  page.assertNoErrors();
  await page.close();
});

test('#13.8 ticket times: the median is the headline, mean, p90 and open tickets beside it (NYC 311)', async () => {
  const page = await openApp('en');
  await page.getByTestId('file-input').setInputFiles(join(ROOT, 'tests', 'real', 'data', 'nyc_311_service_requests.csv'));
  await page.getByTestId('results').waitFor();
  const pandas = JSON.parse(readFileSync(join(ROOT, 'tests', 'real', 'expected.json'))).tickets_nyc_311;
  await card(page, 'resolution_hours_median').waitFor();
  assert.ok(Math.abs(await cardValue(page, 'resolution_hours_median') - pandas.resolution_hours_median) < 1e-6, 'median as pandas');
  const beside = await card(page, 'resolution_hours_median').getByTestId('beside').innerText();
  assert.ok(beside.includes(`mean ${pandas.resolution_hours.toFixed(1)} h`), beside);
  assert.ok(beside.includes(`90th percentile ${pandas.resolution_hours_p90.toFixed(1)} h`), beside);
  assert.ok(beside.includes(`open tickets ${pandas.open_tickets}`), beside);
  assert.equal(await card(page, 'resolution_hours').count(), 0, 'the mean is no longer the headline');
  page.assertNoErrors();
  await page.close();
});

test('#13.6 health: thresholds by default, rank as an option, the card says which', async () => {
  const page = await openSample('health-en.csv');
  const thresholds = core('health', sample('health-en.csv'));
  const rank = core('health', sample('health-en.csv'), '--health-scaling', 'rank');
  assert.equal(thresholds.metrics.health_scaling, 'thresholds');
  close(await cardValue(page, 'health_score'), thresholds.metrics.health_score, 'health score (thresholds)');
  assert.match(await card(page, 'health_score').getByTestId('covers').innerText(), /thresholds/);
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('setting-health-scaling').selectOption('rank');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="card-health_score"] [data-testid="covers"]')?.textContent.includes('by construction'),
  );
  close(await cardValue(page, 'health_score'), rank.metrics.health_score, 'health score (rank)');
  page.assertNoErrors();
  await page.close();
});

test('#13.15 a gross margin of 800 % is refused with a message, the numbers stay', async () => {
  const page = await openSample('subscriptions-en.csv');
  const before = await cardValue(page, 'ltv');
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('setting-gross-margin').fill('800');
  await page.getByTestId('setting-gross-margin').dispatchEvent('change');
  const error = page.getByTestId('setting-gross-margin-error');
  await error.waitFor();
  assert.match(await error.innerText(), /800 % refused/);
  assert.equal(await cardValue(page, 'ltv'), before);
  // a valid value clears the message and applies
  await page.getByTestId('setting-gross-margin').fill('80');
  await page.getByTestId('setting-gross-margin').dispatchEvent('change');
  await error.waitFor({ state: 'hidden' });
  const expected = core('subscriptions', sample('subscriptions-en.csv'), '--gross-margin', '80');
  await page.waitForFunction(
    (v) => Math.abs(Number(document.querySelector('[data-testid="card-ltv"] [data-testid="value"]')?.dataset.value) - v) < 1e-6,
    expected.metrics.ltv,
  );
  page.assertNoErrors();
  await page.close();
});

test('#13.4 orders: CLV follows the definition and says which lifespan drove it', async () => {
  const page = await openSample('bestellungen-de.csv');
  const expected = core('orders', sample('bestellungen-de.csv'));
  close(await cardValue(page, 'clv'), expected.metrics.clv, 'clv');
  const covers = await card(page, 'clv').getByTestId('covers').innerText();
  assert.match(covers, /lifespan/i);
  // below what customers already spent only when the measured lifespan is shorter than the data, and then it says so
  if (expected.metrics.clv < expected.metrics.arpu - 1e-9) {
    assert.equal(expected.metrics.clv_lifespan_source, 'measured_shorter_than_data');
    assert.match(covers, /shorter than the data/);
  }
  page.assertNoErrors();
  await page.close();
});

test('#13.13 words: nouns agree with n in German, the response rate asks for surveys sent', async () => {
  const page = await openSample('umfrage-de.csv', 'de');
  const rr = card(page, 'response_rate');
  await rr.getByTestId('surveys-sent-input').waitFor();
  assert.equal(await rr.getByTestId('undefined-reason').count(), 0);
  const expected = core('survey', sample('umfrage-de.csv'), '--surveys-sent', '1000', '--lang', 'de');
  await rr.getByTestId('surveys-sent-input').fill('1.000');
  await rr.getByTestId('surveys-sent-input').dispatchEvent('change');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="card-response_rate"] [data-testid="value"]')?.dataset.value,
  );
  close(await cardValue(page, 'response_rate'), expected.metrics.response_rate, 'response rate');
  const n = await card(page, 'response_rate').getByTestId('n').innerText();
  assert.match(n, /^\d{1,3}(\.\d{3})* Antworten?$/, n);
  const text = await page.getByTestId('cards').innerText();
  assert.ok(!/Artikel \d/.test(text), 'no internal article numbers');
  await page.screenshot({ path: join(ARTIFACTS, 'numbers-survey-de.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});

// The health score recomputed here from metrics.md §7, independently of the Rust code:
// thresholds prefilled with numpy-linear 25th/75th percentiles, swapped where higher is worse.
function percentile(sorted, q) {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo > 0 ? (sorted[lo + 1] - sorted[lo]) * (h - lo) : 0);
}

function healthScore(csvText, overrides) {
  const [header, ...lines] = csvText.trim().split('\n').map((l) => l.split(','));
  const cols = header.slice(1, 6);
  const rows = lines.map((l) => l.slice(1, 6).map((v) => (v === '' ? null : Number(v))));
  const scaled = cols.map((c, j) => {
    const values = rows.map((r) => r[j]).filter((v) => v !== null).sort((a, b) => a - b);
    const o = overrides[c] ?? {};
    let [bad, good] = [percentile(values, 0.25), percentile(values, 0.75)];
    if (o.worse) [bad, good] = [good, bad];
    if (o.bad !== undefined) [bad, good] = [o.bad, o.good];
    return rows.map((r) => {
      const x = r[j];
      if (x === null) return null;
      if (good === bad) return x === good ? 50 : (o.worse ? x < good : x > good) ? 100 : 0;
      return Math.min(100, Math.max(0, (100 * (x - bad)) / (good - bad)));
    });
  });
  const scores = rows.map((_, i) => {
    const mine = scaled.map((s) => s[i]).filter((v) => v !== null);
    return mine.reduce((a, b) => a + b, 0) / mine.length;
  });
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

test('#13.6 health thresholds are shown for editing and drive the score', async () => {
  const csvText = readFileSync(sample('health-en.csv'), 'utf8');
  const page = await openSample('health-en.csv');
  const expected = core('health', sample('health-en.csv'));
  // the recomputation agrees with the core before anything is edited
  close(healthScore(csvText, {}), expected.metrics.health_score, 'JS recomputation vs core');
  close(await cardValue(page, 'health_score'), expected.metrics.health_score, 'page');
  await page.getByTestId('settings-toggle').click();
  const logins = page.locator('[data-testid="health-threshold"][data-column="logins_30d"]');
  assert.equal(await logins.getByTestId('health-bad').inputValue(), String(expected.metrics.signals[0].bad));
  assert.match(await logins.getByTestId('health-threshold-source').innerText(), /from the data/);
  // open tickets: higher is worse; logins: bad 0, good 100 typed by the user
  await page.locator('[data-testid="health-threshold"][data-column="open_tickets"]').getByTestId('health-direction').selectOption('worse');
  await page.waitForFunction(
    (v) => Math.abs(Number(document.querySelector('[data-testid="card-health_score"] [data-testid="value"]')?.dataset.value) - v) < 1e-6,
    healthScore(csvText, { open_tickets: { worse: true } }),
  );
  await logins.getByTestId('health-bad').fill('0');
  await logins.getByTestId('health-bad').dispatchEvent('change');
  await page.locator('[data-testid="health-threshold"][data-column="logins_30d"] [data-testid="health-threshold-source"]', { hasText: 'set by you' }).waitFor();
  await logins.getByTestId('health-good').fill('100');
  await logins.getByTestId('health-good').dispatchEvent('change');
  const want = healthScore(csvText, { open_tickets: { worse: true }, logins_30d: { bad: 0, good: 100 } });
  await page.waitForFunction(
    (v) => Math.abs(Number(document.querySelector('[data-testid="card-health_score"] [data-testid="value"]')?.dataset.value) - v) < 1e-6,
    want,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'numbers-health-thresholds.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});
