// Survey widget loader: the only script a host page loads (<= 3 KB gzip).
// Reads its own data- attributes, registers <nps-survey> and the global `npsSurvey`,
// arms the trigger, and imports ./widget/widget.js (wasm glue) only when the survey is
// about to show (or when answers wait in the outbox). Calls made before the wasm is
// ready wait on the load promise.
(() => {
  const w = window, d = document, S = d.currentScript, P = 'nps-survey:';
  if (w.npsSurvey) return;
  const base = new URL('widget/', (S && S.src) || d.baseURI).href;
  const attrs = {};
  let mod, loading;
  const get = (k) => { try { return localStorage.getItem(P + k); } catch (e) { return null; } };
  // Options: the script's data-* attributes, or all attributes of an <nps-survey>.
  const cfgOf = (el) => {
    const c = {};
    for (const a of el.attributes) {
      let n = a.name;
      if (el === S) { if (n.slice(0, 5) !== 'data-') continue; n = n.slice(5); }
      c[n] = a.value;
    }
    return c;
  };
  const err = (e) => d.dispatchEvent(new CustomEvent('survey:error', { detail: { error: String((e && e.message) || e) } }));
  const load = () => {
    if (loading) return loading;
    // The wasm download starts together with the glue's, not after it.
    const wasm = fetch(base + 'widget_bg.wasm');
    return (loading = import(base + 'widget.js')
      .then((m) => m.default({ module_or_path: wasm }).then(() => { mod = m; m.boot(attrs); return m; }))
      .catch((e) => { loading = 0; throw e; }));
  };
  // Cheap pre-check so a throttled or sampled-out visitor never downloads the wasm;
  // the wasm decides for real (throttle.rs).
  const blocked = (c) => {
    const id = c['survey-id'] || (c.survey || 'nps').toLowerCase(), t = +get('t:' + id);
    return (t && t > Date.now()) || get('s:' + id) === '0';
  };
  const go = (c, host, force) => {
    if (!force && blocked(c)) return Promise.resolve(false);
    try { performance.mark(P + 'trigger'); } catch (e) {}
    return load().then((m) => m.start(c, host || null, !!force));
  };
  const arm = (c, host) => {
    const t = c.trigger;
    let done = 0;
    const off = () => { w.removeEventListener('scroll', scroll); d.removeEventListener('mouseout', exit); };
    const fire = () => { if (!done) { done = 1; off(); go(c, host, 0).catch(err); } };
    const scroll = () => {
      const max = d.documentElement.scrollHeight - w.innerHeight;
      if (max <= 0 || (w.scrollY / max) * 100 >= (+c.scroll || 50)) fire();
    };
    const exit = (e) => { if (!e.relatedTarget && e.clientY <= 0) fire(); };
    if (t === 'delay') setTimeout(fire, (+c.delay || 0) * 1000);
    else if (t === 'scroll') w.addEventListener('scroll', scroll, { passive: true });
    else if (t === 'exit') d.addEventListener('mouseout', exit);
    else if (t !== 'manual') fire();
  };
  const cfg = S && S.hasAttribute('data-endpoint') ? cfgOf(S) : null;
  w.npsSurvey = {
    // show(true) ignores throttling and sampling.
    show: (force) => (cfg ? go(cfg, null, force === true) : Promise.resolve(false)),
    hide: () => (mod ? Promise.resolve(mod.hide()) : loading ? loading.then((m) => m.hide()) : Promise.resolve()),
    setAttributes: (o) => {
      for (const k in o) attrs[k] = o[k] == null ? '' : String(o[k]);
      if (mod) mod.set_attributes(attrs);
    },
    on: (ev, fn) => d.addEventListener(ev, (e) => fn(e.detail, e)),
    load,
  };
  if (w.customElements && !customElements.get('nps-survey')) {
    customElements.define('nps-survey', class extends HTMLElement {
      connectedCallback() { if (!this.a) { this.a = 1; arm(cfgOf(this), this); } }
    });
  }
  if (cfg) arm(cfg, null);
  // Answers that could not be sent last time: load the wasm (idle) so it retries them.
  if (get('outbox')) (w.requestIdleCallback || setTimeout)(() => load().catch(err));
})();
