// The data's own range (issue #13, points 2 and 9), in headless Chromium against the built
// dist/: a range that leaves no rows says what the data covers and one click opens it
// again; the date inputs show the data's first and last day, and a new file (or Clear)
// starts with its own; a headline whose last period is incomplete says how far it goes and
// compares the complete periods; chart downloads stay on one line at 1366 px. The expected
// days were read off the sample files (`cut | sort`), not from the app. Screenshots at
// 1366×800 and 390×844 go to tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, ROOT } from './support.mjs';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const env = e2eSetup();

async function openSample(file, { lang = 'en', width = 1366, height = 800 } = {}) {
  const page = await env.openApp(lang);
  await page.setViewportSize({ width, height });
  await page.getByTestId(`sample-${file}`).click();
  await page.getByTestId('results').waitFor();
  return page;
}

async function setRange(page, from, to) {
  for (const [id, day] of [['range-from', from], ['range-to', to]]) {
    if (day === undefined) continue;
    await page.getByTestId(id).fill(day);
    await page.getByTestId(id).dispatchEvent('change');
  }
}

async function shownRange(page) {
  return [await page.getByTestId('range-from').inputValue(), await page.getByTestId('range-to').inputValue()];
}

test('a range outside the data says what the data covers; one click uses the data\'s range', async () => {
  for (const [width, height] of [[1366, 800], [390, 844]]) {
    const page = await openSample('survey-en.csv', { width, height });
    // the open range shows the data's own days (answers 2024-01-02 … 2024-12-25)
    assert.deepEqual(await shownRange(page), ['2024-01-02', '2024-12-25']);
    assert.equal(await page.getByTestId('range-to').getAttribute('data-open'), 'true');
    await setRange(page, '2023-01-01', '2023-06-30');
    const sentence = page.getByTestId('no-rows-sentence');
    await sentence.waitFor();
    assert.equal(
      await sentence.innerText(),
      '0 rows in 2023-01-01 … 2023-06-30 (the data covers 2024-01-02 … 2024-12-25)',
    );
    // no empty dashboard: no strip, cards or charts; the chosen range stays in the inputs
    assert.equal(await page.getByTestId('headline').count(), 0);
    assert.equal(await page.getByTestId('cards').count(), 0);
    assert.deepEqual(await shownRange(page), ['2023-01-01', '2023-06-30']);
    assert.equal(await page.getByTestId('range-to').getAttribute('data-open'), null);
    await page.screenshot({ path: join(ARTIFACTS, `range-no-rows-${width}.png`), fullPage: false });
    await page.getByTestId('use-data-range').click();
    await page.getByTestId('headline').waitFor();
    assert.equal(await page.getByTestId('no-rows-in-range').count(), 0);
    assert.deepEqual(await shownRange(page), ['2024-01-02', '2024-12-25']);
    assert.doesNotMatch(await page.getByTestId('rows-used').innerText(), /^0 /);
    page.assertNoErrors();
    await page.close();
  }
});

test('German: the sentence in German with German dates; only From set names only From', async () => {
  const page = await openSample('umfrage-de.csv', { lang: 'de' });
  await setRange(page, '2023-01-01', '2023-06-30');
  const sentence = page.getByTestId('no-rows-sentence');
  await sentence.waitFor();
  assert.equal(
    await sentence.innerText(),
    '0 Zeilen im Zeitraum 01.01.2023 … 30.06.2023 (die Daten reichen von 02.01.2024 bis 25.12.2024)',
  );
  assert.equal(await page.getByTestId('use-data-range').innerText(), 'Zeitraum der Daten verwenden');
  await page.getByTestId('use-data-range').click();
  await page.getByTestId('headline').waitFor();
  await setRange(page, '2025-03-01');
  await page.getByTestId('no-rows-sentence').filter({ hasText: '0 Zeilen ab 01.03.2025 (die Daten reichen von 02.01.2024 bis 25.12.2024)' }).waitFor();
  // the To input shows the data's last day, the end the range left open
  assert.deepEqual(await shownRange(page), ['2025-03-01', '2024-12-25']);
  page.assertNoErrors();
  await page.close();
});

test('a new file and Clear start with the new data\'s own range, never the old one\'s', async () => {
  const page = await openSample('survey-en.csv');
  await setRange(page, '2024-03-01', '2024-03-31');
  await page.locator('[data-testid=range-to]:not([data-open])').waitFor();
  await page.getByTestId('sample-orders-en.csv').click();
  await page.locator('[data-testid=results][data-kind=orders]').waitFor();
  // orders 2023-01-01 … 2025-02-18
  assert.deepEqual(await shownRange(page), ['2023-01-01', '2025-02-18']);
  assert.equal(await page.getByTestId('range-from').getAttribute('data-open'), 'true');
  await setRange(page, '2024-01-01', '2024-01-31');
  await page.locator('[data-testid=range-from]:not([data-open])').waitFor();
  await page.getByTestId('clear').click();
  await page.getByTestId('results').waitFor({ state: 'detached' });
  await page.getByTestId('sample-tickets-en.csv').click();
  await page.locator('[data-testid=results][data-kind=tickets]').waitFor();
  // tickets created 2024-01-02 … 2024-05-30
  assert.deepEqual(await shownRange(page), ['2024-01-02', '2024-05-30']);
  assert.equal(await page.getByTestId('range-to').getAttribute('data-open'), 'true');
  page.assertNoErrors();
  await page.close();
});

test('the headline names a partial last period and compares the complete ones', async () => {
  for (const [lang, partial, soFar, vs] of [
    ['en', 'Feb 2025 so far, to 18 Feb', 'Feb 2025 so far: ', 'vs 2024-12'],
    ['de', 'Feb 2025 bisher, bis 18. Feb', 'Feb 2025 bisher: ', 'ggü. 2024-12'],
  ]) {
    for (const [width, height] of [[1366, 800], [390, 844]]) {
      const page = await openSample('orders-en.csv', { lang, width, height });
      const strip = page.getByTestId('headline');
      await strip.waitFor();
      // orders end on 18 Feb 2025: February is named, January is compared with December
      assert.equal(await strip.getByTestId('headline-partial').innerText(), partial);
      const revenue = strip.getByTestId('headline-revenue');
      const latest = await revenue.getByTestId('latest').innerText();
      assert.ok(latest.startsWith('2025-01:') && latest.includes(vs), latest);
      assert.ok((await revenue.getByTestId('so-far').innerText()).startsWith(soFar));
      const caption = await strip.getByTestId('headline-caption').innerText();
      assert.match(caption, lang === 'en' ? /last complete period/ : /letzte vollständige Periode/);
      // the order value card's last period is the strip's complete one, not February
      const line = await page.getByTestId('card-avg_purchase_value').locator('.period-line').innerText();
      assert.ok(line.includes('2025-01'), line);
      const aov = await strip.getByTestId('headline-avg_purchase_value').getByTestId('latest').innerText();
      assert.ok(aov.startsWith('2025-01:'), aov);
      await page.screenshot({ path: join(ARTIFACTS, `range-partial-${lang}-${width}.png`), fullPage: false });
      page.assertNoErrors();
      await page.close();
    }
  }
  // monthly funnel totals cover their whole months: nothing is partial
  const page = await openSample('funnel-en.csv');
  await page.getByTestId('headline').waitFor();
  assert.equal(await page.getByTestId('headline-partial').count(), 0);
  page.assertNoErrors();
  await page.close();
});

test('chart downloads stay on one line at 1366 px', async () => {
  for (const file of ['survey-en.csv', 'subscriptions-en.csv', 'orders-en.csv', 'usage-en.csv', 'tickets-de.csv']) {
    const page = await openSample(file);
    await page.locator('.chart-download').first().waitFor();
    const boxes = await page.locator('.chart-head').evaluateAll((heads) => heads.map((h) => {
      const buttons = [...h.querySelectorAll('.chart-download')].map((b) => b.getBoundingClientRect());
      const line = parseFloat(getComputedStyle(h.querySelector('.chart-download')).lineHeight) || 20;
      return { tops: buttons.map((b) => Math.round(b.top)), heights: buttons.map((b) => b.height), line };
    }));
    assert.ok(boxes.length > 0, file);
    for (const { tops, heights, line } of boxes) {
      assert.equal(new Set(tops).size, 1, `${file}: both buttons on one row ${tops}`);
      for (const h of heights) assert.ok(h < 2 * line, `${file}: a button of one line (${h} px, line ${line} px)`);
    }
    page.assertNoErrors();
    await page.close();
  }
});
