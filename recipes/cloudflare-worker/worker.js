// Survey widget receiver on Cloudflare Workers + KV, and optionally a chat relay.
//
// POST /           one revision of an answer (any request mode: Idempotency-Key header
//                  or `revision` in the body; JSON, text/plain JSON or form-encoded).
//                  KV keeps one record per answer id, the highest revision; replays and
//                  older revisions are acknowledged and not stored again.
// GET /answers.json?token=EXPORT_TOKEN
//                  every answer as a JSON array: save it and drop it on the calculator.
// scheduled()      with CHAT_WEBHOOK_URL set: one chat message per answer, posted once
//                  its last revision is QUIET_MS old (so the comment is in it), for Slack
//                  (`{"text"}`), Discord (`{"content"}`) or Teams (Workflows webhook,
//                  Adaptive Card), CHAT_KIND = slack | discord | teams.
//
// Bindings (wrangler.toml): kv_namespaces ANSWERS; vars ALLOW_ORIGIN (your site's origin),
// EXPORT_TOKEN, CHAT_KIND, CHAT_WEBHOOK_URL; [triggers] crons = ["*/5 * * * *"].

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const QUIET_MS = 2 * 60 * 1000;

function cors(env) {
  return {
    'access-control-allow-origin': env.ALLOW_ORIGIN || '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, idempotency-key',
    'access-control-max-age': '86400',
  };
}

async function readAnswer(request) {
  const type = request.headers.get('content-type') || '';
  const raw = await request.text();
  let a = null;
  try {
    a = type.startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(raw))
      : JSON.parse(raw);
  } catch {
    return null;
  }
  if (!a || typeof a !== 'object' || Array.isArray(a) || !ID.test(String(a.id))) return null;
  // Revision: from the Idempotency-Key `<id>.<n>` (cors mode) or the body (simple modes).
  const key = request.headers.get('idempotency-key') || '';
  const fromKey = key.startsWith(a.id) ? Number(key.slice(a.id.length + 1) || 1) : NaN;
  const rev = Number.isInteger(fromKey) && fromKey > 0 ? fromKey : Number(a.revision || 1);
  a.revision = Number.isInteger(rev) && rev > 0 ? rev : 1;
  if (a.score !== undefined) a.score = Number(a.score);
  return a;
}

export async function store(env, a, now = Date.now()) {
  const prev = await env.ANSWERS.get(`answer:${a.id}`, 'json');
  if (prev && prev.revision >= a.revision) return 'kept';
  await env.ANSWERS.put(`answer:${a.id}`, JSON.stringify(a));
  if (env.CHAT_WEBHOOK_URL && !(prev && prev.posted)) {
    await env.ANSWERS.put(`pending:${a.id}`, String(now));
  }
  return prev ? 'updated' : 'stored';
}

export function chatMessage(kind, a) {
  const line = `${String(a.survey || 'nps').toUpperCase()} ${a.score}` +
    (a.customer ? ` from ${a.customer}` : '') + (a.comment ? `: ${a.comment}` : '') +
    (a.page ? ` (${a.page})` : '');
  if (kind === 'discord') return { content: line.slice(0, 2000), allowed_mentions: { parse: [] } };
  if (kind === 'teams') {
    return {
      type: 'message',
      attachments: [{
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard', version: '1.4',
          body: [{ type: 'TextBlock', text: line, wrap: true }],
        },
      }],
    };
  }
  // Slack: mrkdwn would turn <…> and & into links and entities; escape them.
  return { text: line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') };
}

/** Posts one message per answer whose last revision is quiet for QUIET_MS. */
export async function postQuiet(env, now = Date.now(), fetchImpl = fetch) {
  let posted = 0;
  const list = await env.ANSWERS.list({ prefix: 'pending:' });
  for (const { name } of list.keys) {
    const since = Number(await env.ANSWERS.get(name));
    if (now - since < QUIET_MS) continue;
    const id = name.slice('pending:'.length);
    const a = await env.ANSWERS.get(`answer:${id}`, 'json');
    if (a) {
      const r = await fetchImpl(env.CHAT_WEBHOOK_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chatMessage(env.CHAT_KIND || 'slack', a)),
      });
      if (!r.ok) continue; // stays pending: tried again at the next run
      await env.ANSWERS.put(`answer:${id}`, JSON.stringify({ ...a, posted: true }));
      posted++;
    }
    await env.ANSWERS.delete(name);
  }
  return posted;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors(env) });
    if (request.method === 'GET' && url.pathname === '/answers.json') {
      if (!env.EXPORT_TOKEN || url.searchParams.get('token') !== env.EXPORT_TOKEN) return new Response('forbidden', { status: 403 });
      const out = [];
      let cursor;
      do {
        const page = await env.ANSWERS.list({ prefix: 'answer:', cursor });
        for (const k of page.keys) {
          const { posted, ...a } = await env.ANSWERS.get(k.name, 'json');
          out.push(a);
        }
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return new Response(JSON.stringify(out), { headers: { 'content-type': 'application/json' } });
    }
    if (request.method !== 'POST') return new Response('not found', { status: 404, headers: cors(env) });
    const a = await readAnswer(request);
    if (!a) return new Response('{"error":"not a survey answer"}', { status: 400, headers: cors(env) });
    const result = await store(env, a);
    return new Response(JSON.stringify({ ok: true, result }), { headers: { ...cors(env), 'content-type': 'application/json' } });
  },
  async scheduled(_event, env, ctx) {
    if (env.CHAT_WEBHOOK_URL) ctx.waitUntil(postQuiet(env));
  },
};
