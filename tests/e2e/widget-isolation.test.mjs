// Isolation and safety: hostile host CSS, a strict Content-Security-Policy, XSS strings in
// every text option.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSetup, openPage } from './support.mjs';
import { startReceiver } from './receiver.mjs';
import { instrument, page, scriptTag, sel, site } from './widget-site.mjs';

const env = e2eSetup({ serve: false });

let rx, web;

const XSS = '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>';
const TEXTS = ['title', 'question', 'label-low', 'label-high', 'followup', 'thanks', 'send-label', 'close-label'];
const xssOpts = Object.fromEntries(TEXTS.map((k) => [k, `${k}: ${XSS}`]));

const HOSTILE = `
* { all: unset; }
button { display: none !important; }
.border { border: 12px solid red !important; }
.w, .sc, .q, .x, .send, .s1, .s2, textarea, dialog, div, p, span, label {
  display: none !important; visibility: hidden !important; opacity: 0 !important;
  font-size: 2px !important; color: transparent !important; border: 9px dotted red !important;
}
div { padding: 80px !important; }
`;

before(async () => {
  await env.ready();
  rx = await startReceiver();
  const base = { endpoint: rx.url, days: 0, 'dismiss-days': 0, 'close-after': 0, 'retry-base-ms': 100 };
  const hostBody = '<section class="border s3 ends">host section</section><button class="x">host button</button>';
  web = await site({
    'hostile.css': HOSTILE,
    'hostile.html': page({ head: '<link rel="stylesheet" href="hostile.css">', body: hostBody + scriptTag({ ...base, mode: 'slidein', ...xssOpts }) }),
    'csp.html': page({ body: scriptTag({ ...base, mode: 'modal', ...xssOpts, 'attr-note': XSS }) }),
  }, {
    headers: (path) => path.endsWith('csp.html') ? {
      'content-security-policy': [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        `connect-src 'self' ${new URL(rx.url).origin}`,
        "style-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
      ].join('; '),
    } : {},
  });
  await instrument(env.browser);
  await env.browser.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

after(async () => {
  await web?.close();
  await rx?.close();
});

async function textsAreText(p) {
  const r = await p.evaluate(() => {
    const root = document.querySelector('nps-survey-layer').shadowRoot;
    return {
      q: root.querySelector('.q').textContent,
      lo: root.querySelector('#lo').textContent,
      close: root.querySelector('.x').getAttribute('aria-label'),
      elements: root.querySelectorAll('img, script').length,
      xss: window.__xss ?? null,
    };
  });
  assert.equal(r.q, `question: ${XSS}`);
  assert.equal(r.lo, `label-low: ${XSS}`);
  assert.equal(r.close, `close-label: ${XSS}`);
  assert.equal(r.elements, 0, 'no element created from a text');
  assert.equal(r.xss, null, 'no script ran');
}

test('hostile host CSS: the widget stays intact and its CSS stays inside', async () => {
  const p = await openPage(env.browser, web.url + 'hostile.html');
  await p.locator(sel.radio(10)).waitFor({ state: 'visible' });
  const radios = p.locator('.sc [role=radio]');
  assert.equal(await radios.count(), 11);
  for (const v of [0, 5, 10]) {
    const b = await p.locator(sel.radio(v)).boundingBox();
    assert.ok(b && b.width >= 20 && b.height >= 36, `radio ${v} has its size: ${JSON.stringify(b)}`);
  }
  const style = await p.evaluate(() => {
    const root = document.querySelector('nps-survey-layer').shadowRoot;
    const cs = getComputedStyle(root.querySelector('.sc button'));
    const panel = getComputedStyle(root.querySelector('.w'));
    return { display: cs.display, radius: cs.borderTopLeftRadius, border: cs.borderTopStyle, pos: panel.position, font: panel.fontSize, padding: panel.paddingTop };
  });
  assert.deepEqual(style, { display: 'block', radius: '6px', border: 'solid', pos: 'fixed', font: '15px', padding: '16px' });
  // Our CSS (.s3, .ends) did not reach the host's element with those classes.
  const host = await p.evaluate(() => {
    const q = getComputedStyle(document.querySelector('section.border'));
    return { weight: q.fontWeight, border: q.borderTopWidth, display: q.display };
  });
  assert.equal(host.border, '12px', 'the host .border rule still applies to its own element');
  assert.notEqual(host.weight, '600', 'widget .s3 rule did not leak');
  assert.notEqual(host.display, 'flex', 'widget .ends rule did not leak');
  await textsAreText(p);
  await p.locator(sel.radio(10)).click();
  await rx.waitFor(() => rx.rows().some((r) => r.score === 10 && r.page.endsWith('hostile.html')), 10000, 'answer from hostile page');
  p.assertNoErrors();
  await p.close();
});

test('strict CSP: works without unsafe-inline, texts are text', async () => {
  const p = await openPage(env.browser, web.url + 'csp.html');
  await p.locator(sel.radio(8)).waitFor({ state: 'visible' });
  await textsAreText(p);
  const radius = await p.evaluate(() => getComputedStyle(document.querySelector('nps-survey-layer').shadowRoot.querySelector('.sc button')).borderTopLeftRadius);
  assert.equal(radius, '6px', 'styles apply (adoptedStyleSheets)');
  await p.locator(sel.radio(8)).click();
  await p.locator(sel.comment).fill(XSS);
  await p.locator(sel.send).click();
  await p.locator(sel.thanks).waitFor();
  assert.equal(await p.locator(sel.thanks).textContent(), `thanks: ${XSS}`);
  await rx.waitFor(() => rx.rows().some((r) => r.comment === XSS), 10000, 'answer from CSP page');
  const row = rx.rows().find((r) => r.comment === XSS);
  assert.equal(row.note, XSS);
  assert.deepEqual(await p.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.equal(await p.evaluate(() => window.__xss ?? null), null);
  p.assertNoErrors();
  await p.close();
});
