// Code.gs against the in-memory Apps Script stand-in: one row per answer id, updates by
// newer revision, replays kept, form and text/plain bodies, the lock held and released.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeAppsScript } from './sheet-stub.mjs';

const ID = '3f0c8a52-9b1e-4c53-8d0a-6b2f1e7c9d41';
const ID2 = '9a6f1c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const base = { schema_version: 1, id: ID, survey: 'nps', score: 9, date: '2026-11-23', page: 'https://shop.example/a', lang: 'en' };

test('revisions of one answer make one row; the newest revision wins; replays are kept out', () => {
  const gs = makeAppsScript();
  assert.deepEqual(gs.post(JSON.stringify({ ...base, revision: 1 })), { ok: true, result: 'appended' });
  assert.deepEqual(gs.post(JSON.stringify({ ...base, revision: 1 })), { ok: true, result: 'kept' });
  assert.deepEqual(gs.post(JSON.stringify({ ...base, revision: 2, score: 7, comment: 'slow "support", sorry' })), { ok: true, result: 'updated' });
  // a late retry of revision 1 does not undo revision 2
  assert.deepEqual(gs.post(JSON.stringify({ ...base, revision: 1 })), { ok: true, result: 'kept' });
  assert.deepEqual(gs.post(JSON.stringify({ ...base, id: ID2, revision: 1, score: 3, plan: 'pro' })), { ok: true, result: 'appended' });
  const rows = gs.rows();
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], { id: ID, revision: '2', date: '2026-11-23', survey: 'nps', score: '7', comment: 'slow "support", sorry', customer: '', page: 'https://shop.example/a', lang: 'en', plan: '' });
  assert.equal(rows[1].plan, 'pro');
  assert.equal(rows[1].score, '3');
  // the whole sheet is plain text (no date conversion), the lock always released
  assert.equal(gs.sheets.get('Answers').formats[0].f, '@');
  assert.equal(gs.lockLog.filter((l) => l === 'lock').length, 5);
  assert.equal(gs.lockLog.at(-1), 'unlock');
});

test('form-encoded bodies (data-format="form") are read from e.parameter', () => {
  const gs = makeAppsScript();
  const form = new URLSearchParams({ ...base, score: '6', revision: '1', customer: 'C-1' }).toString();
  assert.equal(gs.post(form, 'application/x-www-form-urlencoded').result, 'appended');
  assert.equal(gs.rows()[0].customer, 'C-1');
  assert.equal(gs.rows()[0].score, '6');
});

test('no revision means revision 1; what is not an answer writes nothing', () => {
  const gs = makeAppsScript();
  assert.equal(gs.post(JSON.stringify(base)).result, 'appended');
  assert.equal(gs.rows()[0].revision, '1');
  for (const bad of ['not json', JSON.stringify({ id: 'x' }), JSON.stringify([1]), '']) {
    assert.deepEqual(gs.post(bad), { ok: false, error: 'not a survey answer' }, bad);
  }
  assert.equal(gs.rows().length, 1);
  // a header name that is not a plain column name is not added
  gs.post(JSON.stringify({ ...base, id: ID2, '=HYPERLINK("x")': 'y' }));
  assert.deepEqual(Object.keys(gs.rows()[1]).includes('=HYPERLINK("x")'), false);
  // a comment that looks like a formula stays text
  gs.post(JSON.stringify({ ...base, revision: 2, comment: '=IMPORTXML("http://evil")' }));
  assert.equal(gs.rows()[0].comment, '\'=IMPORTXML("http://evil")');
});

test('a post while another execution holds the lock fails (the widget retries) and writes nothing', () => {
  const gs = makeAppsScript();
  gs.hold();
  assert.throws(() => gs.post(JSON.stringify(base)), /Lock timeout/);
  gs.release();
  assert.equal(gs.rows().length, 0);
  assert.equal(gs.post(JSON.stringify(base)).result, 'appended');
});
