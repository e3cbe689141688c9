// Native peers: `kpi` against DuckDB and polars (bench/peers.py, in the virtual environment
// bench/.venv that scripts/bench.sh makes) on the same English files. Every engine's numbers
// are checked equal to `kpi --json` (bench/compare.mjs, 1e-9 relative) before its time is kept.
//
//   node bench/native-peers.mjs [--runs N] [FILE …]   # prints a Markdown table
//
// Times: `kpi` is the whole process (start, read, every metric, JSON out), wall clock; the
// peers are timed inside Python around the query (read + compute, interpreter and import
// start not counted: in their favour). Medians of N after one warm-up; the files are in the
// page cache. Every engine runs with the threads it uses by default (all cores); `kpi` with
// `KPI_THREADS=1` too, for the per-core figure.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { differences, project, projectBaseline } from './compare.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
export const PYTHON = join(ROOT, 'bench', '.venv', 'bin', 'python');
const KPI = join(ROOT, 'target', 'cli', 'kpi');
export const PEERS = ['duckdb', 'polars'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** `kpi KIND FILE --json`: median wall time of `runs` after a warm-up, and the report. */
export function kpiRuns(kind, path, runs, env = {}) {
  const times = [];
  let out = null;
  for (let r = 0; r <= runs; r++) {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(KPI, [kind, path, '--json'], { maxBuffer: 1 << 30, encoding: 'utf8', env: { ...process.env, ...env } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (p.status !== 0) throw new Error(`kpi ${kind} ${path}: ${p.stderr}`);
    if (r > 0) times.push(ms);
    out = p.stdout;
  }
  return { ms: median(times), all: times, report: JSON.parse(out) };
}

/** One peer on one file: its median time, or the differences that kept it out. */
export function peerRun(engine, kind, path, runs, ours) {
  const p = spawnSync(PYTHON, [join(ROOT, 'bench', 'peers.py'), engine, kind, path, '--runs', String(runs)], { maxBuffer: 1 << 28, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`${engine} ${kind} ${path}: ${p.stderr}`);
  const r = JSON.parse(p.stdout);
  const diffs = differences(project(kind, ours), projectBaseline(kind, r.result), `${basename(path)} kpi vs ${engine}`);
  // the survey baseline shape carries `rejected` (rows not counted): ours must agree
  return { engine: r.engine, ms: median(r.times.slice(1)), all: r.times.slice(1), diffs };
}

/** kind of a bench/gen.mjs file from its name */
export const kindOf = (path) => (basename(path).startsWith('subscription') ? 'subscriptions' : 'survey');

/** Every peer and `kpi` on each file. Throws when any result differs. */
export function nativePeers(paths, runs, log = () => {}) {
  const out = [];
  for (const path of paths) {
    const kind = kindOf(path);
    const bytes = statSync(path).size;
    const kpi = kpiRuns(kind, path, runs);
    const kpi1 = kpiRuns(kind, path, runs, { KPI_THREADS: '1' });
    const row = { path, name: basename(path), kind, bytes, rows: kpi.report.rows, kpi: kpi.ms, kpi1: kpi1.ms, peers: {} };
    for (const engine of PEERS) {
      const r = peerRun(engine, kind, path, runs, kpi.report);
      if (r.diffs.length) throw new Error(`${engine} differs from kpi on ${row.name}:\n${r.diffs.slice(0, 10).join('\n')}`);
      row.peers[engine] = r;
    }
    log(`native ${row.name}: kpi ${kpi.ms.toFixed(0)} ms (1 thread ${kpi1.ms.toFixed(0)} ms), ` +
      PEERS.map((e) => `${e} ${row.peers[e].ms.toFixed(0)} ms`).join(', '));
    out.push(row);
  }
  return out;
}

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const rate = (bytes, ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

/** The Markdown table of a nativePeers() result. */
export function peersTable(res) {
  const L = [];
  const engines = res[0] ? Object.values(res[0].peers).map((p) => p.engine) : [];
  L.push(`Engines: ${engines.join('; ')}. Ratio = peer time ÷ \`kpi\` time (above 1: \`kpi\` is faster).`, '');
  L.push('| data set | rows | size | `kpi` (all cores) | MB/s | `kpi`, 1 thread | MB/s | DuckDB | DuckDB / `kpi` | polars | polars / `kpi` |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of res) {
    const d = r.peers.duckdb, p = r.peers.polars;
    L.push(`| ${r.name} | ${r.rows.toLocaleString('en')} | ${(r.bytes / 1e6).toFixed(1)} MB | ${fmtMs(r.kpi)} | ${rate(r.bytes, r.kpi)} | ${fmtMs(r.kpi1)} | ${rate(r.bytes, r.kpi1)} | ${fmtMs(d.ms)} | ${(d.ms / r.kpi).toFixed(2)}× | ${fmtMs(p.ms)} | ${(p.ms / r.kpi).toFixed(2)}× |`);
  }
  return L.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let runs = 5;
  const k = args.indexOf('--runs');
  if (k >= 0) { runs = Number(args[k + 1]); args.splice(k, 2); }
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} missing: bash scripts/bench.sh makes it (or bash bench/venv.sh)`);
  const files = args.length ? args : ['survey-1M-en.csv', 'subscriptions-1M-en.csv'].map((f) => join(ROOT, 'bench', 'data', f));
  const res = nativePeers(files, runs, (s) => console.error(s));
  console.log(peersTable(res));
}
