// Survey widget receiver as a Netlify Function (netlify/functions/answers.mjs) storing into
// Netlify Blobs: one blob per answer id holding its highest revision. Same contract as
// ../cloudflare-worker/worker.js: POST an answer (any request mode); GET ?token=… exports
// every answer as a JSON array for the calculator. Env: ALLOW_ORIGIN, EXPORT_TOKEN.
import { getStore } from '@netlify/blobs';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export default async (request) => {
  const cors = {
    'access-control-allow-origin': process.env.ALLOW_ORIGIN || '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, idempotency-key',
  };
  const store = getStore('survey-answers');
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
  if (request.method === 'GET') {
    const token = new URL(request.url).searchParams.get('token');
    if (!process.env.EXPORT_TOKEN || token !== process.env.EXPORT_TOKEN) return new Response('forbidden', { status: 403 });
    const { blobs } = await store.list();
    const all = await Promise.all(blobs.map((b) => store.get(b.key, { type: 'json' })));
    return Response.json(all);
  }
  const type = request.headers.get('content-type') || '';
  const raw = await request.text();
  let a;
  try {
    a = type.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
  } catch {
    a = null;
  }
  if (!a || !ID.test(String(a.id))) return new Response('{"error":"not a survey answer"}', { status: 400, headers: cors });
  const key = request.headers.get('idempotency-key') || '';
  const rev = key.startsWith(a.id + '.') ? Number(key.slice(a.id.length + 1)) : Number(a.revision || 1);
  a.revision = Number.isInteger(rev) && rev > 0 ? rev : 1;
  const prev = await store.get(a.id, { type: 'json' });
  if (!prev || prev.revision < a.revision) await store.setJSON(a.id, a);
  return new Response('{"ok":true}', { headers: { ...cors, 'content-type': 'application/json' } });
};

export const config = { path: '/api/answers' };
