// Exports that open right: CSV with a UTF-8 BOM in both conventions and formula cells
// neutralised, an XLSX workbook with one sheet per table, every chart as SVG beside PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { e2eSetup, openPage } from './support.mjs';

const env = e2eSetup();

const openSample = (file, lang) => env.openSample(file, { lang });

async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/** The entries of a zip archive whose entries are stored (what the app writes). */
function storedZip(bytes) {
  const entries = new Map();
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    assert.equal(bytes.readUInt16LE(at + 8), 0, 'stored');
    const size = bytes.readUInt32LE(at + 18);
    const nameLen = bytes.readUInt16LE(at + 26);
    const extra = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    const start = at + 30 + nameLen + extra;
    entries.set(name, bytes.subarray(start, start + size).toString('utf8'));
    at = start + size;
  }
  return entries;
}

test('CSV: BOM, English commas and points; German semicolons and decimal commas', async () => {
  for (const [lang, header, number] of [['en', 'Scope,Group,', /,-?\d+\.\d+/], ['de', 'Bereich;Gruppe;', /;-?\d+,\d+/]]) {
    const page = await openSample('subscriptions-en.csv', lang);
    const { name, bytes } = await download(page, 'export-csv');
    assert.equal(name, 'kpi-subscriptions.csv');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
    assert.ok(lines[0].startsWith(header), lines[0]);
    assert.match(lines[1], number);
    page.assertNoErrors();
    await page.close();
  }
});

test('CSV: a segment value that is a formula opens as text (OWASP), umlauts survive', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => localStorage.setItem('kpi.lang', 'de'));
  await page.goto(env.server.url);
  await page.getByTestId('paste-area').fill('Bewertung;Kanal\n10;"=HYPERLINK(""http://x"";""Klick"")"\n3;Geschäftskunden\n9;@SUM(A1)\n');
  await page.getByTestId('results').waitFor();
  await page.getByTestId('segment-select').selectOption('Kanal');
  await page.getByTestId('results').waitFor();
  await page.waitForTimeout(300);
  const text = (await download(page, 'export-csv')).bytes.toString('utf8');
  assert.ok(text.startsWith('\uFEFF'));
  const segments = text.split('\n').filter((l) => l.startsWith('Segment;'));
  assert.equal(segments.length, 3, text);
  assert.ok(segments[0].startsWith('Segment;"\'=HYPERLINK(""http://x"";""Klick"")";'), segments[0]);
  assert.ok(segments[1].startsWith('Segment;"\'@SUM(A1)";'), segments[1]);
  assert.ok(segments[2].startsWith('Segment;Geschäftskunden;'), segments[2]);
  page.assertNoErrors();
  await page.close();
});

test('XLSX: one sheet per table of the report', async () => {
  const page = await openSample('survey-en.csv', 'en');
  const { name, bytes } = await download(page, 'export-xlsx');
  assert.equal(name, 'kpi-survey.xlsx');
  const zip = storedZip(bytes);
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml']) {
    assert.ok(zip.has(part), part);
  }
  const sheets = [...zip.get('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(sheets[0], 'KPIs');
  assert.ok(sheets.length >= 2, `tables beside the KPIs: ${sheets}`);
  assert.equal(zip.size, 4 + sheets.length);
  const kpis = zip.get('xl/worksheets/sheet1.xml');
  assert.match(kpis, /<c r="A1" t="inlineStr"><is><t xml:space="preserve">scope<\/t>/);
  assert.match(kpis, /<c r="A2" t="inlineStr"><is><t xml:space="preserve">all<\/t>/);
  page.assertNoErrors();
  await page.close();
});

test('every chart downloads as SVG as well as PNG', async () => {
  const page = await openSample('survey-en.csv', 'en');
  const charts = ['chart-nps-distribution', 'chart-nps-trend', 'chart-phrases'];
  for (const chart of charts) {
    await page.getByTestId(chart).locator('canvas').waitFor();
    const svg = await download(page, `${chart}-download-svg`);
    assert.equal(svg.name, `${chart}.svg`);
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(text, /<path|<rect/);
    const png = await download(page, `${chart}-download`);
    assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  }
  // the SVG is drawn off-screen: the page's charts are still the canvas ones
  assert.equal(await page.locator('[data-testid$="-canvas"] svg').count(), 0);
  page.assertNoErrors();
  await page.close();
});
