// A small static server for the benchmark, on 127.0.0.1 only, cross-origin isolated
// (COOP/COEP, so performance.measureUserAgentSpecificMemory and precise timers are available):
//   PREFIX            → dist/ (the built app, worker and widget)
//   PREFIX__bench.html, PREFIX__bench/…  → bench/www/ (the bench page), plus the baselines'
//                       libraries from node_modules and ../shared/bench/baseline.mjs as they are
//   PREFIX__data/…    → the generated data sets
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

export const ROOT = resolve(new URL('..', import.meta.url).pathname);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};

export async function serveBench({ dist = join(ROOT, 'dist'), data, prefix = '/kpi/', baseline = resolve(ROOT, '../shared/bench/baseline.mjs') } = {}) {
  const fixed = {
    '__bench.html': join(ROOT, 'bench/www/page.html'),
    '__bench/baseline.mjs': baseline,
    '__bench/papaparse.min.js': join(ROOT, 'node_modules/papaparse/papaparse.min.js'),
    '__bench/uDSV.mjs': join(ROOT, 'node_modules/udsv/dist/uDSV.mjs'),
    '__bench/compare.mjs': join(ROOT, 'bench/compare.mjs'),
  };
  const mounts = [['__bench/', join(ROOT, 'bench/www')], ['__data/', data], ['', dist]];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) return res.writeHead(404).end();
    const rel = path.slice(prefix.length);
    let file = fixed[rel];
    if (!file) {
      const [mount, dir] = mounts.find(([m]) => rel.startsWith(m));
      file = normalize(join(dir, rel.slice(mount.length)));
      if (!file.startsWith(dir)) return res.writeHead(403).end();
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cross-origin-resource-policy': 'same-origin',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
