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
