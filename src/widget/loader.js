// Survey widget loader: the only script a host page loads (<= 3 KB gzip).
// Reads its own data- attributes, registers <nps-survey> and the global `npsSurvey`,
// arms the trigger, and imports ./widget/widget.js (wasm glue) only when the survey is
// about to show (or when answers wait in the outbox). Calls made before the wasm is
// ready are queued on the load promise.
(function () {
  var w = window, d = document, S = d.currentScript, P = 'nps-survey:', L = w.localStorage;
  if (w.npsSurvey) return;
  var base = new URL('widget/', S && S.src ? S.src : d.baseURI).href;
  var mod, loading, attrs = {};
  function get(k) { try { return L.getItem(P + k); } catch (e) { return null; } }
  function cfgOf(el) {
    var c = {}, a = el.attributes, i = 0, n;
    for (; i < a.length; i++) {
      n = a[i].name;
      if (el === S) { if (n.slice(0, 5) !== 'data-') continue; n = n.slice(5); }
      c[n] = a[i].value;
    }
    return c;
  }
  function load() {
    if (loading) return loading;
    // The wasm download starts together with the glue's, not after it.
    var wasm = fetch(base + 'widget_bg.wasm');
    return (loading = import(base + 'widget.js').then(function (m) {
      return m.default({ module_or_path: wasm }).then(function () {
        mod = m; m.boot(attrs); return m;
      });
    }).catch(function (e) { loading = 0; throw e; }));
  }
  function blocked(c) {
    // Cheap pre-check so a throttled or sampled-out visitor never downloads the wasm;
    // the wasm decides for real (throttle.rs).
    var id = c['survey-id'] || (c.survey || 'nps').toLowerCase(), t = +get('t:' + id), s = get('s:' + id);
    return (t && t > Date.now()) || s === '0';
  }
  function go(c, host, force) {
    if (!force && blocked(c)) return Promise.resolve(false);
    try { performance.mark('nps-survey:trigger'); } catch (e) {}
    return load().then(function (m) { return m.start(c, host || null, !!force); });
  }
  function arm(c, host) {
    var t = c.trigger, done = 0;
    function fire() { if (!done) { done = 1; off(); go(c, host, 0).catch(err); } }
    function scroll() {
      var e = d.documentElement, max = e.scrollHeight - w.innerHeight;
      if (max <= 0 || (w.scrollY / max) * 100 >= (+c.scroll || 50)) fire();
    }
    function exit(e) { if (!e.relatedTarget && e.clientY <= 0) fire(); }
    function off() { w.removeEventListener('scroll', scroll); d.removeEventListener('mouseout', exit); }
    if (t === 'delay') setTimeout(fire, (+c.delay || 0) * 1000);
    else if (t === 'scroll') { w.addEventListener('scroll', scroll, { passive: true }); }
    else if (t === 'exit') d.addEventListener('mouseout', exit);
    else if (t !== 'manual') fire();
  }
  function err(e) {
    d.dispatchEvent(new CustomEvent('survey:error', { detail: { error: String(e && e.message || e) } }));
  }
  var cfg = S && S.hasAttribute('data-endpoint') ? cfgOf(S) : null;
  var api = w.npsSurvey = {
    show: function (force) { return cfg ? go(cfg, null, force === true) : Promise.resolve(false); },
    hide: function () { return mod ? (mod.hide(), Promise.resolve()) : loading ? loading.then(function (m) { m.hide(); }) : Promise.resolve(); },
    setAttributes: function (o) {
      for (var k in o) attrs[k] = o[k] == null ? '' : String(o[k]);
      if (mod) mod.set_attributes(attrs);
    },
    on: function (ev, fn) { d.addEventListener(ev, function (e) { fn(e.detail, e); }); },
    load: load,
  };
  if (w.customElements && !customElements.get('nps-survey')) {
    customElements.define('nps-survey', class extends HTMLElement {
      connectedCallback() { if (!this.a) { this.a = 1; arm(cfgOf(this), this); } }
    });
  }
  if (cfg) arm(cfg, null);
  // Answers that could not be sent last time: load the wasm (idle) so it retries them.
  if (get('outbox')) (w.requestIdleCallback || setTimeout)(function () { load().catch(err); });
})();
