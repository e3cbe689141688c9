// The preview frame (widget-preview.html): receives {type: 'nps-preview', glue, wasm,
// options, send} from the app, shows one inline survey with those options, and reports
// what happened to an answer: {type: 'nps-preview-status', state} with state answered |
// sent | opaque | unconfirmed | rejected. Without a usable endpoint (`send` false) the
// widget gets a placeholder endpoint whose requests are answered here, never on the network.
(() => {
  'use strict';
  const NOWHERE = 'https://preview.invalid/';
  const realFetch = window.fetch.bind(window);
  window.fetch = (url, init) => (String(url).startsWith(NOWHERE)
    ? new Promise(() => {}) // never settles: nothing is sent, nothing retried
    : realFetch(url, init));
  let mod = null;
  let loading = null;
  let host = null;
  let confirmTimer = 0;
  const report = (state) => parent.postMessage({ type: 'nps-preview-status', state }, '*');
  const load = (glue, wasm) => {
    if (mod || loading || !glue || !wasm) return loading;
    const url = URL.createObjectURL(new Blob([glue], { type: 'text/javascript' }));
    loading = import(url)
      .then((m) => m.default({ module_or_path: wasm }).then(() => { m.boot({}); mod = m; }))
      .finally(() => URL.revokeObjectURL(url));
    return loading;
  };
  const show = (options, send) => {
    clearTimeout(confirmTimer);
    if (host) { mod.hide(); host.remove(); }
    host = document.createElement('div');
    document.getElementById('preview').append(host);
    const cfg = { ...options, days: '0', 'dismiss-days': '0', sample: '100', 'survey-id': 'preview', 'close-after': '0' };
    if (!send) cfg.endpoint = NOWHERE;
    const timeout = Math.min(Number(cfg['timeout-ms']) || 10000, 15000);
    host.addEventListener('survey:answered', () => {
      report('answered');
      clearTimeout(confirmTimer);
      if (send) confirmTimer = setTimeout(() => report('unconfirmed'), timeout + 500);
    });
    host.addEventListener('survey:sent', (e) => { clearTimeout(confirmTimer); report(e.detail.status === 0 ? 'opaque' : 'sent'); });
    host.addEventListener('survey:error', (e) => { if (e.detail.status) { clearTimeout(confirmTimer); report('rejected'); } });
    mod.start(cfg, host, true);
  };
  window.addEventListener('message', (e) => {
    if (e.source !== parent || !e.data || e.data.type !== 'nps-preview') return;
    const { glue, wasm, options, send } = e.data;
    Promise.resolve(load(glue, wasm)).then(() => { if (mod) show(options || {}, !!send); });
  });
  parent.postMessage({ type: 'nps-preview-ready' }, '*');
})();
