// After Trunk has built the app into its staging directory (and the widget is in it too):
// 1. the Content-Security-Policy <meta> of index.html gets the SHA-256 hash of every inline
//    <script> Trunk wrote (its module loader), so script-src needs no 'unsafe-inline';
// 2. sw.js gets the list of every built file with its SHA-256 (the service worker precaches
//    exactly these bytes, fetched with `integrity`, under a cache named by their hashes);
// 3. the same list goes to precache.json, for tests and for anyone who wants to check.
// Usage: node scripts/post-build.mjs DIR   (DIR = $TRUNK_STAGING_DIR or dist)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/post-build.mjs DIR');
  process.exit(2);
}
const sha256 = (data) => createHash('sha256').update(data).digest('base64');

// ---- 1. CSP hashes for the inline scripts ----
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
  .map(([, , body]) => `'sha256-${sha256(body)}'`);
const metaRe = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;
const meta = html.match(metaRe);
if (!meta) {
  console.error('post-build: index.html has no Content-Security-Policy <meta>');
  process.exit(1);
}
const policy = meta[2]
  .split(';')
  .map((d) => d.trim())
  .filter(Boolean)
  .map((d) => {
    if (!/^script-src\s/.test(d)) return d;
    const kept = d.split(/\s+/).filter((t) => !t.startsWith("'sha256-"));
    return [...kept, ...new Set(inline)].join(' ');
  })
  .join('; ');
html = html.replace(metaRe, (_, a, _old, c) => `${a}${policy}${c}`);
writeFileSync(indexPath, html);
console.log(`post-build: CSP with ${new Set(inline).size} inline script hash(es)`);
// The same policy for hosts that set response headers, in the `_headers` format some of them
// read (Netlify, Cloudflare Pages); docs/security.md shows it for nginx and Caddy. Only a
// header covers the analysis worker (a worker does not read the page's <meta>), and only a
// header can say frame-ancestors.
writeFileSync(join(dir, '_headers'), [
  '/*',
  `  Content-Security-Policy: ${policy}; frame-ancestors 'self'`,
  '  X-Content-Type-Options: nosniff',
  '  Referrer-Policy: no-referrer',
  '',
].join('\n'));

// ---- 2. the precache list for the service worker ----
function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
// sw.js is the worker itself, precache.json is written below, _headers is for the host.
const skip = new Set(['sw.js', 'precache.json', '_headers']);
// A development build (`trunk serve`, TRUNK_PROFILE=debug) gets an empty list: its service
// worker caches nothing, so every rebuild is seen at once.
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const files = (release ? walk(dir) : [])
  .map((p) => relative(dir, p).split(sep).join('/'))
  .filter((p) => !skip.has(p) && !p.endsWith('.map'))
  .sort()
  .map((path) => ({ path, integrity: `sha256-${sha256(readFileSync(join(dir, path)))}` }));
const version = createHash('sha256')
  .update(files.map((f) => `${f.path} ${f.integrity}`).join('\n'))
  .digest('hex')
  .slice(0, 16);
const swPath = join(dir, 'sw.js');
const sw = readFileSync(swPath, 'utf8');
const marker = /\/\*PRECACHE\*\/[\s\S]*?\/\*END\*\//;
if (!marker.test(sw)) {
  console.error('post-build: sw.js has no /*PRECACHE*/ … /*END*/ marker');
  process.exit(1);
}
writeFileSync(swPath, sw.replace(marker, `/*PRECACHE*/${JSON.stringify({ version, files })}/*END*/`));
writeFileSync(join(dir, 'precache.json'), JSON.stringify({ version, files }, null, 1));
const bytes = files.reduce((n, f) => n + statSync(join(dir, f.path)).size, 0);
console.log(`post-build: service worker ${version}, ${files.length} files, ${bytes} bytes`);
