// A small static server for the benchmark, on 127.0.0.1 only, cross-origin isolated
// (COOP/COEP, so performance.measureUserAgentSpecificMemory and precise timers are available):
//   PREFIX            → dist/ (the built app, worker and widget)
//   PREFIX__bench.html, PREFIX__bench/…  → bench/www/ (the bench page), plus the baselines'
//                       libraries from node_modules and ../shared/bench/baseline.mjs as they are
//   PREFIX__data/…    → the generated data sets
import { join, resolve } from 'node:path';
import { serveStatic } from '../tests/e2e/support.mjs';

export const ROOT = resolve(new URL('..', import.meta.url).pathname);

export async function serveBench({ dist = join(ROOT, 'dist'), data, prefix = '/kpi/', baseline = resolve(ROOT, '../shared/bench/baseline.mjs') } = {}) {
  const files = {
    '__bench.html': join(ROOT, 'bench/www/page.html'),
    '__bench/baseline.mjs': baseline,
    '__bench/papaparse.min.js': join(ROOT, 'node_modules/papaparse/papaparse.min.js'),
    '__bench/uDSV.mjs': join(ROOT, 'node_modules/udsv/dist/uDSV.mjs'),
    '__bench/compare.mjs': join(ROOT, 'bench/compare.mjs'),
  };
  const server = await serveStatic(dist, {
    prefix,
    files,
    mounts: [['__bench/', join(ROOT, 'bench/www')], ['__data/', data]],
    headers: () => ({
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
    }),
  });
  return { url: server.url, close: server.close };
}
