// Host pages for the widget tests: a temporary site with the built widget (dist/widget.js
// and dist/widget/) plus pages written by each test, served under a sub-path.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DIST, serveStatic } from './support.mjs';

export function assertBuilt() {
  for (const f of ['widget.js', 'widget/widget.js', 'widget/widget_bg.wasm']) {
    if (!existsSync(join(DIST, f))) {
      throw new Error(`dist/${f} missing: run bash scripts/build-widget.sh dist first`);
    }
  }
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `<script src="widget.js" data-…>` with the given options (names without `data-`). */
export function scriptTag(opts) {
  const attrs = Object.entries(opts).map(([k, v]) => ` data-${k}="${esc(v)}"`).join('');
  return `<script src="widget.js"${attrs}></script>`;
}

/** A host page. `head`/`body` are raw HTML. */
export function page({ title = 'Host page', lang = 'en', head = '', body = '' } = {}) {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>${head}</head>
<body>
<main><h1>${title}</h1><p>Some host content.</p></main>
${body}
</body>
</html>
`;
}

/**
 * Serves a site with the built widget and `pages` ({ 'name.html': html, 'x.js': js }).
 * Returns serveStatic's { url, requests, close } plus `dir`.
 */
export async function site(pages, { headers } = {}) {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'widget-site-'));
  cpSync(join(DIST, 'widget.js'), join(dir, 'widget.js'));
  cpSync(join(DIST, 'widget'), join(dir, 'widget'), { recursive: true });
  for (const [name, html] of Object.entries(pages)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), html);
  }
  const s = await serveStatic(dir, { prefix: '/sub/path/', headers });
  return { ...s, dir };
}

/** Locator helpers (Playwright CSS pierces open shadow roots). */
export const sel = {
  panel: '.w',
  radio: (v) => `.sc [data-v="${v}"]`,
  close: '.x',
  comment: 'textarea#c',
  send: '.send',
  thanks: '.s3',
};

/** Waits until `fn()` (in the page) is truthy. */
export async function until(page, fn, arg, timeout = 10000) {
  await page.waitForFunction(fn, arg, { timeout, polling: 20 });
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Before any page script: records every survey:* event (window.__ev = [[name, detail]])
 * and the page's cumulative layout shift (window.__cls).
 */
export async function instrument(context) {
  await context.addInitScript(() => {
    window.__ev = [];
    for (const n of ['shown', 'answered', 'sent', 'closed', 'error']) {
      document.addEventListener('survey:' + n, (e) => window.__ev.push([n, e.detail]));
    }
    window.__cls = 0;
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
    } catch {}
  });
}

/** Events recorded by instrument(): [[name, detail]]. */
export const events = (page) => page.evaluate(() => window.__ev);

/** Milliseconds from the loader's trigger mark to the widget's visible mark. */
export const triggerToVisible = (page) => page.evaluate(() => {
  const t = performance.getEntriesByName('nps-survey:trigger').at(-1);
  const v = performance.getEntriesByName('nps-survey:visible').at(-1);
  return t && v ? v.startTime - t.startTime : null;
});

/** axe-core on the whole page (shadow roots included); returns the violations. */
export async function axe(page) {
  await page.addScriptTag({ path: new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
}
