// Deterministic big files of the kinds whose typed rows are kept until the end (orders,
// usage events, tickets, subscription rows), with realistic cardinalities: the input for
// measuring what the typed rows cost (time and peak RSS of `kpi <kind> FILE --json`).
//
//   node bench/gen-kinds.mjs [DIR] [ROWS]      (default /tmp/kinds, 1000000)
//
// Writes DIR/orders.csv, DIR/usage.csv, DIR/tickets.csv, DIR/subscriptions.csv, and, to
// check that the streamed kinds stay flat, DIR/survey.csv (kpi survey, one respondent a
// row) and DIR/snapshots.csv (kpi subscriptions). Same seed, same bytes. Measure with e.g.
//   /usr/bin/time -f "%e s %M KB" target/cli/kpi orders DIR/orders.csv --json > /dev/null
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rng, writeLines } from './gen.mjs';

const pad = (n, w = 2) => String(n).padStart(w, '0');
const DAY = 86400000;
const START = Date.UTC(2023, 0, 1);
const iso = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const isoTime = (ms) => {
  const d = new Date(ms);
  return `${iso(ms)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/** The header line, then the rows. */
function* csv(header, rows) {
  yield header;
  yield* rows;
}

/** Skewed pick of 0..n-1: a few values are common, most are rare (like real customers). */
const skewed = (r, n) => Math.floor(n * r() ** 2);

const CHANNELS = ['web', 'store', 'app', 'partner'];

/** 50 k customers, three years, amounts with cents, a segment column. */
function* orders(n, r) {
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i * 1096) / n);
    const c = skewed(r, 50000);
    const amount = (5 + r() * 495).toFixed(2);
    yield `cust-${pad(c, 5)},${iso(START + day * DAY)},${amount},${CHANNELS[c % 4]}`;
  }
}

/** 50 k users in 5 k accounts, 200 features, one year of events. */
function* usage(n, r) {
  const year = 365 * DAY;
  for (let i = 0; i < n; i++) {
    const t = START + Math.floor((i * year) / n);
    const u = skewed(r, 50000);
    const f = skewed(r, 200);
    const minutes = (r() * 90).toFixed(1);
    yield `user-${pad(u, 5)},${isoTime(t)},acct-${pad(u % 5000, 4)},feature-${pad(f, 3)},${minutes}`;
  }
}

const CATEGORIES = ['billing', 'bug', 'how-to', 'account', 'feature request', 'outage', 'integration', 'other'];

/** Unique ticket ids, 50 k customers, 8 categories; a tenth still open. */
function* tickets(n, r) {
  const span = 730 * DAY;
  for (let i = 0; i < n; i++) {
    const t = START + Math.floor((i * span) / n);
    const first = t + Math.floor(r() * 48 * 3600000);
    const open = r() < 0.1;
    const resolved = open ? '' : isoTime(first + Math.floor(r() * 96 * 3600000));
    const contacts = 1 + Math.floor(r() * 5);
    const score = r() < 0.3 ? String(1 + Math.floor(r() * 5)) : '';
    yield [
      `T${100000 + i}`,
      isoTime(t),
      `cust-${pad(skewed(r, 50000), 5)}`,
      isoTime(first),
      resolved,
      contacts,
      contacts === 1 ? 'yes' : 'no',
      CATEGORIES[skewed(r, CATEGORIES.length)],
      score,
    ].join(',');
  }
}

/** Subscription rows: 200 k customers, monthly and yearly plans, a third canceled. */
function* subscriptions(n, r) {
  for (let i = 0; i < n; i++) {
    const start = START + Math.floor(r() * 900) * DAY;
    const end = r() < 0.33 ? iso(start + (30 + Math.floor(r() * 600)) * DAY) : '';
    const yearly = r() < 0.2;
    const amount = yearly ? (200 + Math.floor(r() * 20) * 100).toFixed(2) : (20 + Math.floor(r() * 20) * 10).toFixed(2);
    yield `cust-${pad(skewed(r, 200000), 6)},${iso(start)},${end},${amount},${yearly ? 'year' : 'month'},${1 + Math.floor(r() * 3)}`;
  }
}

/** Survey answers, one respondent each (streamed and dropped: memory must stay flat). */
function* survey(n, r) {
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i * 731) / n);
    yield `resp-${pad(i, 7)}@example.com,${iso(START + day * DAY)},${Math.floor(r() * 11)}`;
  }
}

/** MRR snapshots: 50 k customers, each 6–30 months within three years (~n rows at 1 M). */
function* snapshots(n, r) {
  const customers = Math.max(1, Math.round(n / 20));
  for (let c = 0; c < customers; c++) {
    const first = Math.floor(r() * 12);
    const last = Math.min(36, first + 6 + Math.floor(r() * 30));
    const mrr = (1 + Math.floor(r() * 20)) * 10;
    for (let k = first; k < last; k++) {
      yield `cust-${pad(c, 5)},${2023 + Math.floor(k / 12)}-${pad((k % 12) + 1)},${mrr}.00`;
    }
  }
}

const dir = process.argv[2] ?? '/tmp/kinds';
const n = Number(process.argv[3] ?? 1000000);
mkdirSync(dir, { recursive: true });
await writeLines(join(dir, 'orders.csv'), csv('customer,date,amount,channel', orders(n, rng(11))));
await writeLines(join(dir, 'usage.csv'), csv('user,timestamp,account,feature,duration_minutes', usage(n, rng(12))));
await writeLines(join(dir, 'tickets.csv'), csv('ticket,created,customer,first_response,resolved,contacts,first_contact_resolved,category,score', tickets(n, rng(13))));
await writeLines(join(dir, 'subscriptions.csv'), csv('customer,start,end,amount,interval,quantity', subscriptions(n, rng(14))));
await writeLines(join(dir, 'survey.csv'), csv('customer,date,score', survey(n, rng(15))));
await writeLines(join(dir, 'snapshots.csv'), csv('customer,month,mrr', snapshots(n, rng(16))));
console.log(`wrote ${n} rows each of orders, usage, tickets, subscriptions, survey (snapshots: ~${n}) to ${dir}`);
