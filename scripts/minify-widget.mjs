// Shrinks the wasm-bindgen output of the survey widget without changing behaviour:
// renames the long, hashed import names (`__wbg_appendChild_dbf7ad2f48413560`, …) to short
// ones in both the wasm import section and the glue, and drops the glue's comments and
// indentation. Usage: node scripts/minify-widget.mjs DIR (with DIR/widget.js, DIR/widget_bg.wasm)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const wasmPath = join(dir, 'widget_bg.wasm');
const jsPath = join(dir, 'widget.js');
const b = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');

let p = 8;
const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 127) << s; s += 7; } while (x & 128); return r >>> 0; };
const enc = (n) => { const o = []; do { let x = n & 127; n >>>= 7; if (n) x |= 128; o.push(x); } while (n); return Buffer.from(o); };
const str = () => { const n = leb(); const s = b.subarray(p, p + n).toString('utf8'); p += n; return s; };
const encStr = (s) => { const x = Buffer.from(s, 'utf8'); return Buffer.concat([enc(x.length), x]); };

const out = [b.subarray(0, 8)];
const rename = new Map();
const renameExp = new Map();
const KEEP = new Set(['memory', 'boot', 'start', 'hide', 'set_attributes']);
const short = (i) => { const a = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'; let s = ''; do { s += a[i % 52]; i = Math.floor(i / 52); } while (i); return '$' + s; };
while (p < b.length) {
  const start = p;
  const id = b[p++];
  const len = leb();
  const end = p + len;
  if (id === 7) {
    // Exports only the glue uses (wasm.NAME): short names too; the API keeps its names.
    const n = leb();
    const body = [enc(n)];
    for (let i = 0; i < n; i++) {
      let name = str();
      const descStart = p;
      p++; leb();
      const desc = b.subarray(descStart, p);
      if (!KEEP.has(name) && js.split('wasm.' + name).length > 1 && !new RegExp(`wasm\\.${name}\\w`).test(js)) {
        const s = 'x' + short(renameExp.size).slice(1);
        renameExp.set(name, s);
        name = s;
      }
      body.push(encStr(name), desc);
    }
    const content = Buffer.concat(body);
    out.push(Buffer.from([7]), enc(content.length), content);
    p = end;
    continue;
  }
  if (id !== 2) { out.push(b.subarray(start, end)); p = end; continue; }
  const n = leb();
  const body = [enc(n)];
  for (let i = 0; i < n; i++) {
    const mod = str();
    let name = str();
    const descStart = p;
    const kind = b[p++];
    if (kind === 0) leb();
    else if (kind === 1) { p++; const f = b[p++]; leb(); if (f & 1) leb(); }
    else if (kind === 2) { const f = b[p++]; leb(); if (f & 1) leb(); }
    else if (kind === 3) { p += 2; }
    else throw new Error('unknown import kind ' + kind);
    const desc = b.subarray(descStart, p);
    // Only the glue's functions, whose names are unique tokens in widget.js.
    if (mod === './widget_bg.js' && /^__wbg|^__wbindgen/.test(name) && js.split(name).length === 2) {
      const s = short(rename.size);
      rename.set(name, s);
      name = s;
    }
    body.push(encStr(mod), encStr(name), desc);
  }
  const content = Buffer.concat(body);
  out.push(Buffer.from([2]), enc(content.length), content);
  p = end;
}
for (const [from, to] of rename) js = js.replace(from + ':', to + ':');
for (const [from, to] of renameExp) js = js.split('wasm.' + from).join('wasm.' + to);
// initSync (synchronous instantiation) is never used by the loader: drop it.
const sync = js.indexOf('function initSync(');
const syncEnd = js.indexOf('let __wbg_init_promise;');
if (sync > 0 && syncEnd > sync && js.includes('export { initSync, __wbg_init as default };')) {
  js = js.slice(0, sync) + js.slice(syncEnd);
  js = js.replace('export { initSync, __wbg_init as default };', 'export { __wbg_init as default };');
}
// Comments and indentation (the glue has no multi-line strings or template literals).
js = js.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '').replace(/^\s*\/\/.*\n/gm, '').replace(/^\s+/gm, '');
writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(jsPath, js);
console.log(`minify-widget: renamed ${rename.size} imports, ${renameExp.size} exports`);
