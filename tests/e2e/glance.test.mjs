// The dashboard read at a glance, in headless Chromium against the built dist/: the
// headline strip on top of every kind's dashboard (numbers and changes compared with
// `kpi --json` on the same file), charts before cards and tables, the orders and funnel
// charts, at 1366 and 390 px. With KPI_UPDATE_DOCS=1 it also writes the README's
// screenshots (docs/screenshots/).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, openPage, ROOT, buildKpi, kpiJson, SAMPLES, ARTIFACTS } from './support.mjs';

const SHOTS = join(ROOT, 'docs', 'screenshots');
const env = e2eSetup();

before(buildKpi);

const core = (kind, file, ...flags) => kpiJson(kind, join(SAMPLES, file), ...flags);
const openSample = (file, { lang = 'en', width = 1366, height = 800 } = {}) =>
  env.openSample(file, { lang, width, height });

function close(actual, expected, what) {
  assert.ok(typeof expected === 'number', `${what}: the core has a number (${expected})`);
  assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${what}: page ${actual}, core ${expected}`);
}

// the kind's sample and the figures a practitioner quotes first, in the strip's order
const KINDS = [
  ['survey', 'survey-en.csv', ['nps', 'responses', 'nps_promoters_pct', 'nps_detractors_pct']],
  ['subscriptions', 'subscriptions-en.csv', ['mrr', 'customers', 'customer_churn_rate', 'net_mrr_churn_rate', 'nrr', 'quick_ratio']],
  ['orders', 'orders-en.csv', ['revenue', 'orders', 'avg_purchase_value', 'customers', 'repeat_purchase_rate', 'clv']],
  ['tickets', 'tickets-en.csv', ['tickets', 'open_tickets', 'first_response_hours_median', 'resolution_hours_median', 'fcr', 'support_csat']],
  ['usage', 'usage-en.csv', ['users', 'mau', 'dau', 'stickiness', 'avg_session_minutes', 'license_utilisation']],
  ['funnel', 'funnel-en.csv', ['visitors', 'conversions', 'conversion_rate', 'cart_abandonment_rate', 'cac']],
  ['health', 'kundengesundheit-de.csv', ['scored', 'health_score', 'health_red', 'health_red_pct', 'health_green_pct']],
];

const CHARTS = {
  survey: ['chart-nps-distribution'],
  subscriptions: ['chart-mrr'],
  orders: ['chart-orders', 'chart-order-value'],
  tickets: ['chart-ticket-times'],
  usage: ['chart-dau-mau'],
  funnel: ['chart-funnel'],
  health: ['chart-health'],
};

/** The first and last day of a month label ("2024-02"), as ISO strings. */
function monthDays(label) {
  const [y, m] = label.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${label}-01`, `${label}-${String(last).padStart(2, '0')}`];
}

/** The last complete period with a value of `key` against the one before, from the core's
 * JSON (a month the data's coverage does not span from its first to its last day is not
 * compared). */
function lastChange(report, key) {
  const complete = (p) => {
    const [first, last] = monthDays(p.period);
    return !report.coverage || (report.coverage.first <= first && last <= report.coverage.last);
  };
  const withValue = report.periods.filter((p) => complete(p) && typeof p.metrics[key] === 'number');
  if (withValue.length < 2) return null;
  const [a, b] = withValue.slice(-2);
  return { period: b.period, previous: a.period, change: b.metrics[key] - a.metrics[key] };
}

for (const [kind, file, keys] of KINDS) {
  test(`${kind}: the headline strip leads the dashboard with the core's numbers`, async () => {
    const page = await openSample(file);
    const expected = core(kind, file);
    const strip = page.getByTestId('headline');
    await strip.waitFor();
    // first thing of the results, above the charts, the cards and the tables
    const order = await page.getByTestId('results').evaluate((r) =>
      ['headline', 'charts', 'cards', 'periods'].map((id) => {
        const el = r.querySelector(`[data-testid="${id}"]`);
        return el ? el.getBoundingClientRect().top + window.scrollY : null;
      }));
    // (only the results' heading, which takes the focus, and the print line, hidden on screen, come before it)
    assert.equal(await page.getByTestId('results').evaluate((r) => r.querySelector(':scope > :not(.print-only):not(.results-heading)').dataset.testid), 'headline');
    assert.equal(await page.getByTestId('print-line').isVisible(), false);
    const present = order.filter((y) => y !== null);
    assert.deepEqual(present, [...present].sort((a, b) => a - b), `strip, charts, cards, tables top to bottom: ${order}`);
    // the strip's figures, their values and their changes
    const shown = await strip.locator('[data-key]').evaluateAll((els) => els.map((e) => e.dataset.key));
    assert.deepEqual(shown, keys);
    for (const key of keys) {
      const fig = strip.getByTestId(`headline-${key}`);
      close(Number(await fig.getByTestId('value').getAttribute('data-value')), expected.metrics[key], `${kind}.${key}`);
      const want = lastChange(expected, key);
      const change = fig.getByTestId('change');
      if (want === null) {
        assert.equal(await change.count(), 0, `${kind}.${key}: no change without two periods`);
      } else {
        close(Number(await change.getAttribute('data-value')), want.change, `${kind}.${key} change`);
        const latest = await fig.getByTestId('latest').innerText();
        assert.ok(latest.startsWith(`${want.period}:`) && latest.includes(`vs ${want.previous}`), latest);
      }
    }
    // the whole strip is visible on the first screen
    const box = await strip.boundingBox();
    const top = await page.evaluate(() => window.scrollY);
    assert.ok(box.height < 420, `strip height ${box.height}`);
    assert.ok(box.y >= 0 || top > 0);
    for (const chart of CHARTS[kind]) {
      await page.getByTestId(chart).locator('canvas').first().waitFor();
    }
    page.assertNoErrors();
    await page.close();
  });
}

test('orders: revenue, orders, order value and repeat customers per period are drawn from the core', async () => {
  const page = await openSample('orders-en.csv');
  const expected = core('orders', 'orders-en.csv');
  for (const id of ['chart-orders', 'chart-order-value']) {
    await page.getByTestId(id).locator('canvas').first().waitFor();
  }
  const aria = await page.getByTestId('chart-orders-canvas').getAttribute('aria-label');
  const n = expected.periods.length;
  assert.ok(aria.includes(`${n} periods, ${expected.periods[0].period} to ${expected.periods[n - 1].period}`), aria);
  const orders = expected.periods.reduce((s, p) => s + p.metrics.orders, 0);
  assert.equal(orders, expected.metrics.orders);
  assert.ok(aria.includes(`Orders ${orders.toLocaleString('en-US')}`), aria);
  const last = expected.periods[n - 1];
  const aov = await page.getByTestId('chart-order-value-canvas').getAttribute('aria-label');
  assert.ok(aov.includes(`${last.period} ${last.metrics.avg_purchase_value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} / ${last.metrics.repeat_customers}`), aov);
  page.assertNoErrors();
  await page.close();
});

test('funnel: the stages with their shares, in German', async () => {
  const page = await openSample('funnel-en.csv', { lang: 'de' });
  const m = core('funnel', 'funnel-en.csv').metrics;
  await page.getByTestId('chart-funnel').locator('canvas').first().waitFor();
  const aria = await page.getByTestId('chart-funnel-canvas').getAttribute('aria-label');
  const de = (x, d) => x.toLocaleString('de-DE', { minimumFractionDigits: d, maximumFractionDigits: d });
  assert.ok(aria.startsWith(`Funnel: Besucher: ${de(m.visitors, 0)}; Angelegte Warenkörbe: ${de(m.carts_created, 0)} (${de(100 * m.carts_created / m.visitors, 1)} % der ersten Stufe`), aria);
  assert.ok(aria.includes(`Abgeschlossene Käufe: ${de(m.purchases_completed, 0)} (${de(100 * m.purchases_completed / m.visitors, 1)} % der ersten Stufe, ${de(100 * m.purchases_completed / m.carts_created, 1)} % der Stufe davor)`), aria);
  // the strip speaks German too
  await page.getByTestId('headline').getByText('Besucher', { exact: true }).waitFor();
  assert.match(await page.getByTestId('headline-visitors').getByTestId('value').innerText(), /^\d{1,3}(\.\d{3})+$/);
  page.assertNoErrors();
  await page.close();
});

test('segments: each value with its answers, small groups flagged, id columns not offered', async () => {
  const page = await openSample('survey-en.csv');
  await page.getByTestId('segment-select').selectOption('plan');
  await page.getByTestId('segments').waitFor();
  const bySegment = core('survey', 'survey-en.csv', '--segment', 'plan').segments;
  const values = Object.entries(bySegment);
  assert.ok(values.length >= 2);
  for (const [value, metrics] of values) {
    const row = page.getByTestId('segments').locator(`tr[data-group="${value}"]`);
    assert.equal(Number(await row.locator('td[data-key="n"]').getAttribute('data-value')), metrics.n, `n of ${value}`);
    assert.equal(await row.getByTestId('small-group').count(), metrics.n < 30 ? 1 : 0, `${value}: n = ${metrics.n}`);
  }
  assert.equal(await page.getByTestId('segments').locator('th[data-key="n"]').innerText(), 'Answers');
  page.assertNoErrors();
  await page.close();

  // a reference column whose 40 values all differ splits into groups of one: not a segment
  const pasted = await openPage(env.browser);
  await pasted.setViewportSize({ width: 1366, height: 800 });
  await pasted.addInitScript(() => { localStorage.clear(); localStorage.setItem('kpi.lang', 'de'); });
  await pasted.goto(env.server.url);
  const rows = Array.from({ length: 40 }, (_, i) => `${i % 11};R-${String(1000 + i)};${i % 3 ? 'Pro' : 'Basis'}`);
  await pasted.getByTestId('paste-area').fill(`Bewertung;Referenz;Tarif\n${rows.join('\n')}\n`);
  await pasted.getByTestId('results').waitFor();
  // both columns are segments as read (the review says so) ...
  for (const header of ['Referenz', 'Tarif']) {
    assert.equal(await pasted.locator(`tr[data-header="${header}"]`).getByTestId('mapping-select').inputValue(), '', `${header} unmapped`);
  }
  // ... but only the plan is offered to split by
  const options = await pasted.getByTestId('segment-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, ['', 'Tarif']);
  pasted.assertNoErrors();
  await pasted.close();
});

test('exports and print: German CSV headers at display precision, print names file, range and date', async () => {
  const page = await openSample('survey-en.csv', { lang: 'de' });
  const expected = core('survey', 'survey-en.csv');
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const lines = readFileSync(await d.path(), 'utf8').slice(1).trim().split('\n');
  const head = lines[0].split(';');
  const all = lines[1].split(';');
  assert.deepEqual(head.slice(0, 2), ['Bereich', 'Gruppe']);
  assert.equal(all[0], 'Gesamt');
  const nps = all[head.indexOf('Net Promoter Score')];
  assert.equal(nps, expected.metrics.nps.toFixed(1).replace('.', ','), 'NPS at one decimal');
  assert.equal(all[head.indexOf('Promotoren')], String(expected.metrics.nps_promoters));
  // the JSON keeps full precision
  const [j] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  assert.equal(JSON.parse(readFileSync(await j.path(), 'utf8')).metrics.nps, expected.metrics.nps);
  // print: the first line names the file, the data's range and today
  await page.emulateMedia({ media: 'print' });
  const line = page.getByTestId('print-line');
  assert.ok(await line.isVisible());
  const n = expected.periods.length;
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(await line.innerText(),
    `survey-en.csv · Daten: ${expected.periods[0].period} … ${expected.periods[n - 1].period} (${n} Perioden) · ${expected.rows} Zeilen verwendet · gedruckt am ${today}`);
  // tables print whole: nothing scrolls away
  const overflow = await page.getByTestId('periods').locator('.table-wrap').evaluate((e) => getComputedStyle(e).overflowX);
  assert.equal(overflow, 'visible');
  page.assertNoErrors();
  await page.close();
});

const SCREENS = [['survey', 'survey-en.csv'], ['subscriptions', 'subscriptions-en.csv'], ['orders', 'orders-en.csv'],
  ['tickets', 'tickets-en.csv'], ['usage', 'usage-en.csv'], ['funnel', 'funnel-en.csv'], ['health', 'health-en.csv']];

test('every dashboard at 1366 and 390 px: nothing wider than the screen', async () => {
  for (const [kind, file] of SCREENS) {
    for (const [width, height] of [[1366, 800], [390, 844]]) {
      const page = await openSample(file, { width, height });
      await page.getByTestId('headline').waitFor();
      const charts = page.getByTestId('charts').locator('canvas');
      if (await page.getByTestId('charts').locator('figure').count()) await charts.first().waitFor();
      // let the charts' entry animation settle before a picture is taken
      await page.waitForTimeout(1200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${kind} at ${width} px: the page is ${overflow} px wider than the screen`);
      const strip = await page.getByTestId('headline').boundingBox();
      assert.ok(strip.width <= width, `${kind} at ${width} px: strip ${strip.width} px wide`);
      await page.screenshot({ path: join(ARTIFACTS, `glance-${kind}-${width}.png`), fullPage: true });
      if (process.env.KPI_UPDATE_DOCS) {
        // the README's pictures: the first screen of the results (strip and charts)
        await page.getByTestId('headline').evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 12));
        await page.screenshot({ path: join(SHOTS, `${kind}-${width}.png`) });
      }
      page.assertNoErrors();
      await page.close();
    }
  }
});
