// The Worker against an in-memory KV (get/put/delete/list as documented for Workers KV)
// and a recorded chat webhook: one record per answer, replays kept out, one chat message
// per answer after it went quiet, the export opens as the calculator's JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import worker, { chatMessage, postQuiet } from './worker.js';

function kv() {
  const m = new Map();
  return {
    m,
    async get(k, type) { const v = m.get(k); return v === undefined ? null : type === 'json' ? JSON.parse(v) : v; },
    async put(k, v) { m.set(k, String(v)); },
    async delete(k) { m.delete(k); },
    async list({ prefix = '' } = {}) { return { keys: [...m.keys()].filter((k) => k.startsWith(prefix)).sort().map((name) => ({ name })), list_complete: true }; },
  };
}
const ID = '3f0c8a52-9b1e-4c53-8d0a-6b2f1e7c9d41';
const post = (env, body, headers = {}) => worker.fetch(new Request('https://w.example/', { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers }, body }), env);

test('revisions: one record per id, newest wins, replays and late old revisions kept out', async () => {
  const env = { ANSWERS: kv(), EXPORT_TOKEN: 't0k' };
  const a = { schema_version: 1, id: ID, survey: 'nps', score: 9, date: '2026-11-23', lang: 'en' };
  assert.equal((await (await post(env, JSON.stringify({ ...a, revision: 1 }))).json()).result, 'stored');
  assert.equal((await (await post(env, JSON.stringify({ ...a, revision: 1 }))).json()).result, 'kept');
  // cors mode: the revision is in the Idempotency-Key
  const r2 = await post(env, JSON.stringify({ ...a, comment: 'ok' }), { 'content-type': 'application/json', 'idempotency-key': `${ID}.2` });
  assert.equal((await r2.json()).result, 'updated');
  assert.equal(r2.headers.get('access-control-allow-origin'), '*');
  const form = new URLSearchParams({ ...a, score: '3', revision: '1' }).toString();
  assert.equal((await (await post(env, form, { 'content-type': 'application/x-www-form-urlencoded' })).json()).result, 'kept');
  assert.equal((await post(env, 'nonsense')).status, 400);
  assert.equal((await worker.fetch(new Request('https://w.example/answers.json?token=no'), env)).status, 403);
  const out = await (await worker.fetch(new Request('https://w.example/answers.json?token=t0k'), env)).json();
  assert.deepEqual(out, [{ ...a, comment: 'ok', revision: 2 }]);
  const pre = await worker.fetch(new Request('https://w.example/', { method: 'OPTIONS' }), env);
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get('access-control-allow-headers'), /idempotency-key/);
});

test('chat relay: one message per answer, after its last revision went quiet', async () => {
  const env = { ANSWERS: kv(), CHAT_WEBHOOK_URL: 'https://hooks.slack.example/x', CHAT_KIND: 'slack' };
  const sent = [];
  const fake = async (url, init) => { sent.push([url, JSON.parse(init.body)]); return new Response('ok'); };
  const a = { id: ID, survey: 'nps', score: 4, customer: 'C-1' };
  await post(env, JSON.stringify({ ...a, revision: 1 }));
  await post(env, JSON.stringify({ ...a, revision: 2, comment: 'Too slow <script> & co' }));
  assert.equal(await postQuiet(env, Date.now()), 0, 'not yet quiet');
  assert.equal(await postQuiet(env, Date.now() + 3 * 60 * 1000, fake), 1);
  assert.equal(await postQuiet(env, Date.now() + 9 * 60 * 1000, fake), 0, 'posted once');
  assert.deepEqual(sent, [['https://hooks.slack.example/x', { text: 'NPS 4 from C-1: Too slow &lt;script&gt; &amp; co' }]]);
  // a replay after posting does not post again
  await post(env, JSON.stringify({ ...a, revision: 2, comment: 'Too slow' }));
  assert.equal(await postQuiet(env, Date.now() + 20 * 60 * 1000, fake), 0);
});

test('chat payloads: Slack text, Discord content, Teams Adaptive Card', () => {
  const a = { survey: 'ces', score: 6, comment: 'fine' };
  assert.deepEqual(chatMessage('slack', a), { text: 'CES 6: fine' });
  assert.deepEqual(chatMessage('discord', a), { content: 'CES 6: fine', allowed_mentions: { parse: [] } });
  const t = chatMessage('teams', a);
  assert.equal(t.type, 'message');
  assert.equal(t.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
  assert.equal(t.attachments[0].content.body[0].text, 'CES 6: fine');
});
