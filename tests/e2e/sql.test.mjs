// "Show as SQL" driven in headless Chromium against the built dist/: for a sample of each kind
// with a SQL version, the dialect chosen in the panel gives exactly the script `kpi sql`
// prints for the same mapping, the Copy button puts it on the clipboard, and the copied
// DuckDB script, run in DuckDB (the SQL tests' Python environment) on the same sample,
// gives the numbers the dashboard shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, ROOT } from './support.mjs';

let server;
let browser;
let python;

before(async () => {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'kpi'], { cwd: ROOT, stdio: 'inherit' });
  // the SQL tests' virtual environment (DuckDB), made if missing
  const venv = execFileSync('bash', [join(ROOT, 'tests', 'sql', 'setup-venv.sh')], { cwd: ROOT })
    .toString()
    .trim();
  python = join(venv, 'bin', 'python');
  server = await serveStatic();
  browser = await launchBrowser();
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(server.url).origin,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const sample = (file) => join(ROOT, 'public', 'samples', file);

function kpiSql(kind, file, dialect, table) {
  const kpi = join(ROOT, 'target', 'debug', 'kpi');
  return execFileSync(kpi, ['sql', kind, '--dialect', dialect, '--table', table, '--like', sample(file)]).toString();
}

/** The rows of `script` run in DuckDB on the sample loaded as table `t`. */
function runInDuckdb(file, script, loadFlags) {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-sql-e2e-'));
  const path = join(dir, 'script.sql');
  writeFileSync(path, script);
  const out = execFileSync(python, [join(ROOT, 'tests', 'sql', 'run_script.py'), sample(file), path, ...loadFlags]);
  return JSON.parse(out.toString());
}

async function openSample(file) {
  const page = await openPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addInitScript(() => {
    localStorage.clear();
    localStorage.setItem('kpi.lang', 'en');
  });
  await page.goto(server.url);
  await page.getByTestId(`sample-${file}`).click();
  await page.getByTestId('results').waitFor();
  return page;
}

async function shown(page, key) {
  const id = key === 'nps' ? page.getByTestId('nps-value') : page.getByTestId(`card-${key}`).getByTestId('value');
  const v = await id.getAttribute('data-value');
  return v === null ? null : Number(v);
}

// kind, sample, flags to load it, whole-range keys the dashboard shows
const CASES = [
  ['survey', 'survey-en.csv', [], ['nps']],
  ['orders', 'bestellungen-de.csv', ['--comma', '--delim', ';'], ['clv', 'avg_purchase_value', 'purchase_frequency', 'repeat_purchase_rate', 'arpu']],
  ['tickets', 'tickets-en.csv', [], ['first_response_hours_median', 'resolution_hours_median', 'fcr', 'tickets_per_customer', 'support_csat']],
  ['usage', 'usage-en.csv', [], ['stickiness', 'dau', 'mau', 'usage_intensity', 'license_utilisation', 'time_to_value_days']],
];

for (const [kind, file, loadFlags, keys] of CASES) {
  test(`${kind}: Show as SQL gives kpi sql's script, and the copied DuckDB script the dashboard's numbers`, async () => {
    const page = await openSample(file);
    const panel = page.getByTestId('sql-view');
    await panel.locator('summary').click();
    const textarea = page.getByTestId('sql-script');

    // every dialect: the panel shows what `kpi sql` prints for this mapping
    for (const dialect of ['spark', 'bigquery', 'snowflake', 'postgres', 'duckdb']) {
      await page.getByTestId('sql-dialect').selectOption(dialect);
      assert.equal(await textarea.inputValue(), kpiSql(kind, file, dialect, kind), `${kind} ${dialect}`);
    }

    // a table name of one's own, then Copy
    await page.getByTestId('sql-table').fill('t');
    await page.getByTestId('sql-table').press('Tab');
    await page.getByTestId('sql-copy').click();
    await panel.getByRole('status').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const expected = kpiSql(kind, file, 'duckdb', 't');
    assert.equal(copied, expected, 'the clipboard holds the script kpi sql prints');

    // the copied script in DuckDB: its whole-range row has the dashboard's numbers
    const rows = runInDuckdb(file, copied, loadFlags);
    const total = rows.find((r) => r.scope === 'total');
    assert.ok(total, 'a whole-range row');
    assert.ok(rows.some((r) => r.scope === 'period'), 'rows per period');
    for (const key of keys) {
      const onPage = await shown(page, key);
      const inSql = total[key];
      assert.ok(onPage !== null && inSql !== null && inSql !== undefined, `${key}: page ${onPage}, sql ${inSql}`);
      assert.ok(Math.abs(onPage - inSql) <= 1e-9 * Math.max(1, Math.abs(inSql)), `${key}: page ${onPage}, sql ${inSql}`);
    }
    await page.screenshot({ path: join(ROOT, 'tests', 'artifacts', `sql-${kind}.png`), fullPage: false });
    page.assertNoErrors();
  });
}
