// Size budget of the built widget: the loader a host page includes <= 3 KB gzip, the
// whole widget (loader + glue + wasm) <= 30 KB gzip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { DIST } from './support.mjs';
import { assertBuilt } from './widget-site.mjs';

test('size budget', () => {
  assertBuilt();
  const files = ['widget.js', 'widget/widget.js', 'widget/widget_bg.wasm'];
  const rows = files.map((f) => {
    const b = readFileSync(join(DIST, f));
    return {
      file: f,
      raw: b.length,
      gzip: gzipSync(b, { level: 9 }).length,
      brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, brotli: a.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  for (const r of [...rows, { file: 'total', ...total }]) {
    console.log(`# ${r.file.padEnd(22)} ${String(r.raw).padStart(7)} B raw ${String(r.gzip).padStart(6)} B gzip ${String(r.brotli).padStart(6)} B brotli`);
  }
  assert.ok(rows[0].gzip <= 3000, `loader ${rows[0].gzip} B gzip > 3 KB`);
  assert.ok(total.gzip <= 30000, `whole widget ${total.gzip} B gzip > 30 KB`);
});
