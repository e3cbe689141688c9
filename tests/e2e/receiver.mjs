// A real HTTP receiver for survey answers, on loopback, started by the test process.
// It behaves like a well-made production endpoint: CORS for any origin, JSON or
// form-encoded bodies, deduplication by Idempotency-Key, and upsert by answer id keeping
// the highest revision (key `<id>` = revision 1, `<id>.<n>` = revision n).
// Failure modes for tests: mode 'ok' | 500 (any status) | 'hang' (never answers) and
// down()/up() (the port refuses connections, then listens again on the same port).
import { createServer } from 'node:http';

export async function startReceiver({ path = '/collect' } = {}) {
  const log = []; // every POST that reached the handler: { key, status, body, headers }
  const keys = new Map(); // idempotency key -> times accepted (duplicates dropped)
  const answers = new Map(); // id -> { rev, body }
  const hung = new Set();
  let mode = 'ok';
  let port = 0;
  const waiters = new Set();
  const notify = () => { for (const w of waiters) w(); };

  const server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type, idempotency-key',
      'access-control-max-age': '600',
    };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors).end(); return; }
    if (req.method !== 'POST' || new URL(req.url, 'http://x').pathname !== path) {
      res.writeHead(404, cors).end(); return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const ctype = req.headers['content-type'] ?? '';
      let body = null;
      try {
        body = ctype.startsWith('application/json')
          ? JSON.parse(raw)
          : Object.fromEntries(new URLSearchParams(raw));
      } catch { body = null; }
      const key = req.headers['idempotency-key'] ?? '';
      const entry = { key, body, raw, headers: req.headers, mode: String(mode) };
      log.push(entry);
      if (mode === 'hang') { hung.add(res); res.on('close', () => hung.delete(res)); notify(); return; }
      if (typeof mode === 'number') { entry.status = mode; res.writeHead(mode, cors).end('{"error":"test"}'); notify(); return; }
      if (!body || typeof body.id !== 'string' || !key || key.split('.')[0] !== body.id) {
        entry.status = 400; res.writeHead(400, cors).end('{"error":"bad answer"}'); notify(); return;
      }
      entry.status = 200;
      if (keys.has(key)) {
        keys.set(key, keys.get(key) + 1); // replay: acknowledged, not stored again
      } else {
        keys.set(key, 1);
        const rev = Number(key.split('.')[1] ?? 1);
        const prev = answers.get(body.id);
        if (!prev || prev.rev < rev) answers.set(body.id, { rev, body });
      }
      res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end('{"ok":true}');
      notify();
    });
  });
  // Sockets are tracked so down() can cut everything at once.
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  port = server.address().port;

  const r = {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    log,
    keys,
    answers,
    /** 'ok' | 'hang' | an HTTP status to answer with */
    setMode(m) {
      mode = m;
      if (m !== 'hang') for (const res of hung) res.destroy();
    },
    get mode() { return mode; },
    /** Stop listening and cut open connections: requests fail with a network error. */
    async down() {
      for (const res of hung) res.destroy();
      await new Promise((ok) => { server.close(() => ok()); for (const s of sockets) s.destroy(); });
    },
    async up() {
      await new Promise((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', ok); });
    },
    /** Resolves when `pred()` holds (checked after every request), fails after `ms`. */
    waitFor(pred, ms = 10000, what = 'condition') {
      return new Promise((ok, fail) => {
        const check = () => { if (pred()) { clearTimeout(t); waiters.delete(check); ok(); return true; } return false; };
        const t = setTimeout(() => { waiters.delete(check); fail(new Error(`receiver: timed out waiting for ${what}; log: ${JSON.stringify(log.map((e) => [e.key, e.status ?? e.mode]))}`)); }, ms);
        if (!check()) waiters.add(check);
      });
    },
    /** Accepted answers as the calculator would read them: one row per id. */
    rows() { return [...answers.values()].map((a) => a.body); },
    async close() {
      for (const res of hung) res.destroy();
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(() => ok()));
    },
  };
  return r;
}

// ---- Endpoints of the world ------------------------------------------------------------
// Loopback stand-ins for the receivers site owners without a server use, each behaving
// like the real service as documented:
//  'apps-script'  Google Apps Script web app: OPTIONS is not served (405, no CORS headers);
//                 the POST runs doPost (here: recipes/google-sheets/Code.gs on an in-memory
//                 sheet) and answers 302 to another origin (script.googleusercontent.com),
//                 whose GET answers the output with Access-Control-Allow-Origin: *.
//  'catch-hook'   Zapier / Make / n8n catch hook: OPTIONS 405; every POST is taken as a new
//                 event (no deduplication), answered 200 with ACAO *.
//  'form-service' Formspree-like: OPTIONS 405; only application/x-www-form-urlencoded is a
//                 submission (else 415), every submission stored; 200 with ACAO *.
//  'no-cors'      a receiver that sends no CORS headers at all (a chat relay, a plain form
//                 handler): OPTIONS 404; every POST stored, answered 200 without ACAO.
// Faults: setMode(500 | 'hang' | 'ok') (leaving 'hang', waiting requests get a 504),
// down() / up() (connection refused); a request met by a fault is not stored.
import { makeAppsScript } from '../../recipes/google-sheets/sheet-stub.mjs';

const listen = (server, port = 0) => new Promise((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', () => ok(server.address().port)); });

export async function startEndpoint(kind) {
  const log = []; // every request to the POST origin: { method, ctype, body, status, mode }
  const stored = []; // what the service kept: { id, revision, body } (apps-script: each upsert)
  const gs = kind === 'apps-script' ? makeAppsScript() : null;
  const hung = new Set();
  const waiters = new Set();
  const notify = () => { for (const w of waiters) w(); };
  let mode = 'ok';
  const acao = kind === 'no-cors' ? {} : { 'access-control-allow-origin': '*' };

  // The second origin (apps-script only): serves the doPost output after the redirect.
  const outputs = new Map();
  let outPort = 0;
  const out = createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    const body = outputs.get(u.searchParams.get('user_content_key'));
    if (req.method !== 'GET' || body === undefined) { res.writeHead(404, acao).end(); return; }
    res.writeHead(200, { ...acao, 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  if (gs) outPort = await listen(out);

  const server = createServer((req, res) => {
    const ctype = req.headers['content-type'] ?? '';
    const entry = { method: req.method, ctype, headers: req.headers, mode: String(mode) };
    if (req.method === 'OPTIONS') {
      entry.status = kind === 'no-cors' ? 404 : 405;
      log.push(entry);
      res.writeHead(entry.status).end();
      notify();
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      entry.raw = raw;
      log.push(entry);
      if (mode === 'hang') { hung.add(res); res.on('close', () => hung.delete(res)); notify(); return; }
      if (typeof mode === 'number') { entry.status = mode; res.writeHead(mode, acao).end('error'); notify(); return; }
      const form = ctype.startsWith('application/x-www-form-urlencoded');
      if (kind === 'form-service' && !form) {
        entry.status = 415; res.writeHead(415, acao).end('{"error":"form fields expected"}'); notify(); return;
      }
      let body = null;
      try { body = form ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw); } catch { body = null; }
      entry.body = body;
      if (gs) {
        const result = gs.post(raw, form ? 'application/x-www-form-urlencoded' : ctype.split(';')[0]);
        if (result.ok) stored.push({ id: body.id, revision: Number(body.revision ?? 1), body, result: result.result });
        const key = String(log.length);
        outputs.set(key, JSON.stringify(result));
        entry.status = 302;
        res.writeHead(302, { ...acao, location: `http://127.0.0.1:${outPort}/macros/echo?user_content_key=${key}` }).end();
        notify();
        return;
      }
      if (body && typeof body.id === 'string') stored.push({ id: body.id, revision: Number(body.revision ?? 1), body });
      entry.status = 200;
      res.writeHead(200, { ...acao, 'content-type': 'application/json' }).end('{"status":"success"}');
      notify();
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const port = await listen(server);

  return {
    kind,
    url: `http://127.0.0.1:${port}/${gs ? 'macros/s/AKfy-test/exec' : 'hooks/catch/1/abc'}`,
    log,
    stored,
    sheet: gs,
    // Recovering from a hang, the requests still waiting get a gateway time-out (504), as a
    // proxy in front of the service would answer; they were not stored.
    setMode(m) { mode = m; if (m !== 'hang') for (const r of hung) { hung.delete(r); r.writeHead(504, acao).end(); } },
    async down() {
      for (const r of hung) r.destroy();
      await new Promise((ok) => { server.close(() => ok()); for (const s of sockets) s.destroy(); });
    },
    async up() { await listen(server, port); },
    waitFor(pred, ms = 10000, what = 'condition') {
      return new Promise((ok, fail) => {
        const check = () => { if (pred()) { clearTimeout(t); waiters.delete(check); ok(); return true; } return false; };
        const t = setTimeout(() => { waiters.delete(check); fail(new Error(`${kind}: timed out waiting for ${what}; log: ${JSON.stringify(log.map((e) => [e.method, e.status ?? e.mode]))}`)); }, ms);
        if (!check()) waiters.add(check);
      });
    },
    /** The latest stored revision per answer id (what the calculator would read). */
    answers() {
      if (gs) return new Map(gs.rows().map((r) => [r.id, { revision: Number(r.revision), body: r }]));
      const m = new Map();
      for (const s of stored) if (!m.has(s.id) || m.get(s.id).revision < s.revision) m.set(s.id, s);
      return m;
    },
    /** Stored copies beyond the first of the same (id, revision): rows or events twice. */
    duplicates() {
      if (gs) return gs.rows().length - new Set(gs.rows().map((r) => r.id)).size;
      const seen = new Set();
      let n = 0;
      for (const s of stored) { const k = `${s.id}.${s.revision}`; if (seen.has(k)) n++; else seen.add(k); }
      return n;
    },
    async close() {
      for (const r of hung) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(() => ok()));
      if (gs) await new Promise((ok) => out.close(() => ok()));
    },
  };
}
