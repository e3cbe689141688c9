// A small static server for the benchmark, on 127.0.0.1 only, cross-origin isolated
// (COOP/COEP, so performance.measureUserAgentSpecificMemory and precise timers are available):
//   PREFIX            → dist/ (the built app, worker and widget)
//   PREFIX__bench.html, PREFIX__bench/…  → bench/www/ (the bench page), plus the baselines'
//                       libraries from node_modules and ../shared/bench/baseline.mjs as they are
//   PREFIX__data/…    → the generated data sets
//   PREFIX__duckdb/…  → DuckDB-wasm's workers and wasm, from node_modules as they are; its
//                       module (which imports apache-arrow) bundled into one file by esbuild
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { serveStatic } from '../tests/e2e/support.mjs';

export const ROOT = resolve(new URL('..', import.meta.url).pathname);
/** ../shared/bench/baseline.mjs beside the repository (or beside the folder of a work tree). */
export const BASELINE = [resolve(ROOT, '../shared/bench/baseline.mjs'), resolve(ROOT, '../../shared/bench/baseline.mjs')]
  .find(existsSync) ?? resolve(ROOT, '../shared/bench/baseline.mjs');

export async function serveBench({ dist = join(ROOT, 'dist'), data, prefix = '/kpi/', baseline = BASELINE } = {}) {
  const duckdbModule = join(ROOT, 'bench/.build/duckdb.mjs');
  await build({
    entryPoints: [join(ROOT, 'node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs')],
    bundle: true, format: 'esm', platform: 'browser', outfile: duckdbModule, logLevel: 'warning',
  });
  const files = {
    '__bench/duckdb.mjs': duckdbModule,
    '__bench/sql/survey.sql': join(ROOT, 'bench/sql/survey.sql'),
    '__bench/sql/mrr.sql': join(ROOT, 'bench/sql/mrr.sql'),
    '__bench.html': join(ROOT, 'bench/www/page.html'),
    '__bench/baseline.mjs': baseline,
    '__bench/papaparse.min.js': join(ROOT, 'node_modules/papaparse/papaparse.min.js'),
    '__bench/uDSV.mjs': join(ROOT, 'node_modules/udsv/dist/uDSV.mjs'),
    '__bench/compare.mjs': join(ROOT, 'bench/compare.mjs'),
  };
  const server = await serveStatic(dist, {
    prefix,
    files,
    mounts: [['__bench/', join(ROOT, 'bench/www')], ['__data/', data], ['__duckdb/', join(ROOT, 'node_modules/@duckdb/duckdb-wasm/dist')]],
    headers: () => ({
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
    }),
  });
  return { url: server.url, close: server.close };
}
