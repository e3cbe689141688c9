// Deterministic benchmark data: survey answers and subscription snapshots, each written with
// English conventions (`,`, ISO dates, decimal points) and German ones (`;`, dd.mm.yyyy,
// decimal commas, German headers). Same rows in both; only the spelling differs.
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function rng(seed) {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

export async function writeLines(path, lines) {
  const out = createWriteStream(path);
  let buf = '';
  for (const l of lines) {
    buf += l + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r, e) => out.end((err) => (err ? e(err) : r())));
}

/** Survey answers over two years, in date order: [iso, dd.mm.yyyy, survey, score, segment]. */
function* surveyRows(n, seed = 1) {
  const r = rng(seed);
  const start = Date.UTC(2023, 0, 1);
  const days = 731;
  const segments = ['Free', 'Pro', 'Enterprise'];
  for (let i = 0; i < n; i++) {
    const d = new Date(start + Math.floor((i * days) / n) * 86400000);
    const y = d.getUTCFullYear(), m = pad(d.getUTCMonth() + 1), day = pad(d.getUTCDate());
    const u = r();
    let survey, score;
    if (u < 0.5) {
      survey = 'nps';
      const v = r();
      score = v < 0.35 ? 9 + Math.floor(r() * 2) : v < 0.65 ? 7 + Math.floor(r() * 2) : Math.floor(r() * 7);
    } else if (u < 0.8) {
      survey = 'csat';
      score = Math.min(5, 1 + Math.floor(Math.sqrt(r()) * 5));
    } else {
      survey = 'ces';
      score = 1 + Math.floor(r() * 7);
    }
    const seg = segments[Math.floor(r() * r() * 3)];
    yield [`${y}-${m}-${day}`, `${day}.${m}.${y}`, survey, score, seg];
  }
}

/**
 * Subscription snapshots, one row per customer and month with MRR > 0, in month order:
 * customers start over three years, churn (3 %/month), sometimes come back, expand and contract.
 * Returns about `target` rows: [customer, 'yyyy-mm', 'mm.yyyy', mrrCents].
 */
function subscriptionRows(target, seed = 2) {
  const months = 36;
  const simulate = (newPerMonth) => {
    const r = rng(seed);
    const plans = [1900, 4990, 9900, 24900, 99900, 249950];
    const live = []; // { id, cents, active }
    const perMonth = [];
    let next = 0;
    let count = 0;
    for (let mi = 0; mi < months; mi++) {
      for (let k = 0; k < newPerMonth; k++) {
        live.push({ id: next++, cents: plans[Math.floor(r() * r() * plans.length)], active: true });
      }
      const rows = [];
      for (const c of live) {
        if (c.active) {
          const u = r();
          if (u < 0.03) c.active = false;
          else if (u < 0.06) c.cents += 1000 * (1 + Math.floor(r() * 5)); // expansion
          else if (u < 0.075 && c.cents > 2000) c.cents -= 1000; // contraction
        } else if (r() < 0.02) c.active = true; // reactivation
        if (c.active) rows.push([c.id, c.cents]);
      }
      count += rows.length;
      perMonth.push(rows);
    }
    return { perMonth, count };
  };
  const probe = simulate(100).count;
  const { perMonth, count } = simulate(Math.max(1, Math.round((100 * target) / probe)));
  return { perMonth, count };
}

const cents = (c, sep, group) => {
  let whole = String(Math.floor(c / 100));
  if (group) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${whole}${sep}${pad(c % 100)}`;
};

/** Writes the data sets into `dir` (skips files already there); returns their descriptions. */
export async function generate(dir, sizes = [10_000, 100_000, 1_000_000]) {
  mkdirSync(dir, { recursive: true });
  const sets = [];
  const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  for (const n of sizes) {
    const en = join(dir, `survey-${label(n)}-en.csv`);
    const de = join(dir, `survey-${label(n)}-de.csv`);
    if (!existsSync(en) || !existsSync(de)) {
      const rows = [...surveyRows(n)];
      await writeLines(en, ['date,survey,score,segment', ...rows.map((x) => `${x[0]},${x[2]},${x[3]},${x[4]}`)]);
      await writeLines(de, ['Datum;Umfrage;Bewertung;Segment', ...rows.map((x) => `${x[1]};${x[2]};${x[3]};${x[4]}`)]);
    }
    sets.push({ kind: 'survey', n, lang: 'en', path: en }, { kind: 'survey', n, lang: 'de', path: de });
  }
  for (const n of sizes) {
    const en = join(dir, `subscriptions-${label(n)}-en.csv`);
    const de = join(dir, `subscriptions-${label(n)}-de.csv`);
    if (!existsSync(en) || !existsSync(de)) {
      const { perMonth } = subscriptionRows(n);
      const linesEn = ['customer,month,mrr'];
      const linesDe = ['Kundennummer;Monat;MRR'];
      perMonth.forEach((rows, mi) => {
        const y = 2022 + Math.floor(mi / 12), m = pad((mi % 12) + 1);
        for (const [id, c] of rows) {
          const cust = `c${pad(id, 7)}`;
          linesEn.push(`${cust},${y}-${m},${cents(c, '.', '')}`);
          linesDe.push(`${cust};${m}.${y};${cents(c, ',', '.')}`);
        }
      });
      await writeLines(en, linesEn);
      await writeLines(de, linesDe);
    }
    sets.push({ kind: 'subscriptions', n, lang: 'en', path: en }, { kind: 'subscriptions', n, lang: 'de', path: de });
  }
  for (const s of sets) {
    s.bytes = statSync(s.path).size;
    s.name = s.path.split('/').at(-1);
  }
  return sets;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sets = await generate(process.argv[2] ?? 'bench/data', process.argv.slice(3).map(Number).filter(Boolean).length ? process.argv.slice(3).map(Number) : undefined);
  for (const s of sets) console.log(s.name, s.bytes);
}
