// The quick calculators (#/calc/…) in headless Chromium, built into dist/ and served from a
// sub-path: number conventions, refusals, the link round trip, keyboard use, the NPS card's
// hand-over and axe-core.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSetup, openPage, ROOT } from './support.mjs';

const env = e2eSetup();

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
});

async function openCalc(fragment, lang = 'en') {
  const page = await env.openApp(lang, fragment);
  await page.getByTestId('quick-calc').waitFor();
  return page;
}

const result = (page, key) => page.getByTestId(`quick-result-${key}`);
const value = async (page, key) => {
  const v = await result(page, key).getAttribute('data-value');
  return v === null ? null : Number(v);
};
const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${a} != ${b}`);

test('German and English number conventions are read, echoed and kept across a language switch', async () => {
  const page = await openCalc('#/calc/mrr', 'de');
  await page.getByTestId('quick-start_mrr').fill('12.000,50');
  await page.getByTestId('quick-new').fill('1.000');
  await page.getByTestId('quick-churn').fill('500,25');
  assert.equal(await page.getByTestId('quick-echo-start_mrr').innerText(), 'gelesen als 12.000,5');
  close(await value(page, 'end_mrr'), 12500.25);
  assert.match(await result(page, 'end_mrr').innerText(), /12\.500,25/);
  assert.match(await result(page, 'gross_mrr_churn_rate').innerText(), /\(500,25 \+ 0\) \/ 12\.000,5 · 100/);
  await page.getByTestId('lang-en').click();
  await page.getByText('read as 12,000.5').waitFor();
  assert.equal(await page.getByTestId('quick-start_mrr').inputValue(), '12,000.5');
  close(await value(page, 'end_mrr'), 12500.25);
  assert.match(await result(page, 'end_mrr').innerText(), /12,500\.25/);
  // in English, a decimal comma is refused rather than read as thousands
  await page.getByTestId('quick-churn').fill('12,5');
  assert.match(await page.getByTestId('quick-echo-churn').innerText(), /decimal comma/);
  assert.equal(await page.getByTestId('quick-churn').getAttribute('aria-invalid'), 'true');
  await page.getByTestId('quick-fix').waitFor();
  assert.equal(await result(page, 'end_mrr').count(), 0);
  page.assertNoErrors();
  await page.close();
});

test('values that cannot be right are refused with a message', async () => {
  const page = await openCalc('#/calc/customer-churn', 'de');
  await page.getByTestId('quick-start').fill('412');
  await page.getByTestId('quick-churned').fill('500');
  const refusals = page.getByTestId('quick-refusals');
  await refusals.waitFor();
  assert.match(await refusals.innerText(), /mehr abgewanderte Kunden \(500\) als es zu Beginn gab \(412\)/);
  assert.equal(await page.getByTestId('quick-churned').getAttribute('aria-invalid'), 'true');
  await page.getByTestId('quick-churned').fill('-3');
  assert.equal(await page.getByTestId('quick-echo-churned').innerText(), 'kann nicht negativ sein');
  await page.getByTestId('quick-churned').fill('19');
  close(await value(page, 'customer_churn_rate'), (100 * 19) / 412);
  assert.match(await result(page, 'customer_churn_rate').innerText(), /4,6 %/);
  // the seed articles' variants are shown as such
  assert.match(await page.getByTestId('quick-notes').innerText(), /Manche Quellen/);
  // a share above 100 %
  await page.getByTestId('quick-nav-ltv').click();
  await page.locator('[data-calc="ltv"]').waitFor();
  await page.getByTestId('quick-churn_rate').fill('120');
  assert.equal(await page.getByTestId('quick-echo-churn_rate').innerText(), 'ein Anteil kann nicht über 100 % liegen');
  // undefined results say why
  await page.getByTestId('quick-churn_rate').fill('0');
  await page.getByTestId('quick-mrr').fill('2.000');
  await page.getByTestId('quick-customers').fill('20');
  assert.match(await result(page, 'ltv').innerText(), /undefiniert: Abwanderungsrate 0/);
  page.assertNoErrors();
  await page.close();
});

test('a link reproduces the calculation, in the other language too', async () => {
  const page = await openCalc('#/calc/nps', 'en');
  assert.match(await page.getByTestId('quick-missing').innerText(), /Promoters, Passives, Detractors/);
  await page.getByTestId('quick-promoters').fill('1,040');
  await page.getByTestId('quick-passives').fill('250');
  await page.getByTestId('quick-detractors').fill('350');
  const nps = await value(page, 'nps');
  close(nps, (100 * (1040 - 350)) / 1640);
  // the page's own URL does not carry the numbers until asked
  assert.equal(new URL(page.url()).hash, '#/calc/nps');
  await page.getByTestId('quick-link').click();
  const url = await page.getByTestId('quick-link-url').inputValue();
  assert.equal(new URL(url).hash, '#/calc/nps?promoters=1040&passives=250&detractors=350');
  const low = Number(await result(page, 'ci95').getAttribute('data-low'));

  const other = await openPage(env.browser);
  await other.addInitScript(() => localStorage.setItem('kpi.lang', 'de'));
  await other.goto(url);
  await other.getByTestId('quick-calc').waitFor();
  assert.equal(await other.getByTestId('quick-promoters').inputValue(), '1.040');
  close(await value(other, 'nps'), nps);
  close(Number(await result(other, 'ci95').getAttribute('data-low')), low);
  other.assertNoErrors();
  await other.close();
  page.assertNoErrors();
  await page.close();
});

test('keyboard only: choose a calculator, type, copy the result as text', async () => {
  const context = env.browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.url).origin });
  const page = await openCalc('#/calc/nps', 'en');
  // tab to the "Compare two NPS" link and follow it with Enter
  const target = page.getByTestId('quick-nav-nps-compare');
  for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.locator('[data-calc="nps-compare"]').waitFor();
  // Tab from the last link lands in the first field; the fields follow in order
  const first = page.getByTestId('quick-a_promoters');
  for (let i = 0; i < 40 && !(await first.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  for (const n of ['300', '0', '100', '100', '0', '300']) {
    await page.keyboard.type(n);
    await page.keyboard.press('Tab');
  }
  assert.equal(await result(page, 'significant').getAttribute('data-value'), '1');
  close(await value(page, 'difference'), 100);
  // the copy button by keyboard
  const copy = page.getByTestId('quick-copy');
  for (let i = 0; i < 40 && !(await copy.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('quick-copied').getByText('Copied.').waitFor();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(text, /^Compare two NPS\n/);
  assert.match(text, /Difference A − B: \+100\.0/);
  assert.match(text, /Significant at 95 %: yes/);
  page.assertNoErrors();
  await page.close();
});

test('the NPS card carries its counts into the comparison and the what-if calculators', async () => {
  const page = await env.openApp('en');
  await page.getByTestId('paste-area').fill('score\n10\n10\n9\n9\n9\n8\n7\n6\n3\n0\n');
  await page.getByTestId('nps-open-compare').click();
  await page.locator('[data-calc="nps-compare"]').waitFor();
  assert.equal(await page.getByTestId('quick-a_promoters').inputValue(), '5');
  assert.equal(await page.getByTestId('quick-a_passives').inputValue(), '2');
  assert.equal(await page.getByTestId('quick-a_detractors').inputValue(), '3');
  // B is still to be typed
  assert.match(await page.getByTestId('quick-missing').innerText(), /B: promoters, B: passives, B: detractors/);
  await page.getByTestId('quick-b_promoters').fill('3');
  await page.getByTestId('quick-b_passives').fill('0');
  await page.getByTestId('quick-b_detractors').fill('1');
  close(await value(page, 'nps_a'), 20);
  close(await value(page, 'difference'), -30);
  assert.equal(await result(page, 'significant').getAttribute('data-value'), '0');
  // back to the dashboard, which kept its data, then "what if"
  await page.getByTestId('nav-calculator').click();
  await page.getByTestId('nps-open-what-if').click();
  await page.locator('[data-calc="nps-what-if"]').waitFor();
  await page.getByTestId('quick-target').fill('50');
  // 50·10/100 − 5 + 3 = 3 detractors to passives
  close(await value(page, 'to_passives'), 3);
  close(await value(page, 'nps_after_passives'), 50);
  page.assertNoErrors();
  await page.close();
});

const AXE_CASES = [
  ['#/calc/nps?promoters=5&passives=2&detractors=3', 'en', 'light'],
  ['#/calc/customer-churn?start=10&churned=11', 'de', 'dark'],
  ['#/calc/csat?scale=7&s7=4&s6=3&s1=1', 'de', 'light'],
  ['#/calc/acquisition?marketing_spend=9000&new_customers=10', 'en', 'dark'],
];

for (const [fragment, lang, scheme] of AXE_CASES) {
  test(`axe-core finds no violations: ${fragment}, ${lang}, ${scheme}`, async () => {
    const page = await openCalc(fragment, lang);
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId('quick-link').click();
    await page.getByTestId('quick-link-url').waitFor();
    // evaluated, not injected as a <script>: the app's CSP rightly refuses inline scripts
    await page.evaluate(readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
    const found = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const summary = found.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0]?.target})`);
    assert.deepEqual(summary, []);
    page.assertNoErrors();
    await page.close();
  });
}

test('every calculator is reachable from the navigation and renders', async () => {
  const page = await openCalc('#/calc/nps', 'en');
  const links = page.getByRole('navigation', { name: 'Calculators' }).getByRole('link');
  const n = await links.count();
  assert.equal(n, 14);
  for (let i = 0; i < n; i++) {
    const link = links.nth(i);
    const slug = (await link.getAttribute('href')).replace('#/calc/', '');
    await link.click();
    await page.locator(`[data-calc="${slug}"]`).waitFor();
    assert.equal(await link.getAttribute('aria-current'), 'page');
  }
  await page.goto(`${env.server.url}#/calc/nps?promoters=40&passives=25&detractors=35`);
  await page.getByTestId('quick-result-nps').waitFor();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.screenshot({ path: join(ARTIFACTS, 'quick-calculators.png'), fullPage: true });
  page.assertNoErrors();
  await page.close();
});
