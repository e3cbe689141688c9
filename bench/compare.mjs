// Our report (kpi --json / the worker's report) against the baselines' results: the same
// metrics must agree within 1e-9 relative (|a − b| ≤ 1e-9 · max(1, |a|, |b|)).
export const SURVEY_KEYS = ['nps', 'nps_moe95', 'csat', 'csat_mean', 'ces', 'ces_easy_pct'];
export const MRR_KEYS = [
  'mrr', 'mrr_new', 'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'mrr_reactivation',
  'customer_churn_rate', 'gross_mrr_churn_rate', 'net_mrr_churn_rate', 'nrr',
];

const pick = (m, keys) => Object.fromEntries(keys.map((k) => [k, m?.[k] ?? null]));

/** The comparable part of our report, in the baselines' shape. */
export function project(kind, report) {
  if (kind === 'survey') {
    return {
      rows: report.rows,
      rejected: report.rejected.length,
      metrics: pick(report.metrics, SURVEY_KEYS),
      periods: report.periods.map((p) => ({ period: p.period, metrics: pick(p.metrics, SURVEY_KEYS) })),
    };
  }
  return {
    rows: report.rows,
    rejected: report.rejected.length,
    periods: firstMonthAsDefined(report.periods.map((p) => ({ period: p.period, metrics: pick(p.metrics, MRR_KEYS) }))),
  };
}

/**
 * The one definitional difference: in the first month of the data nobody's previous MRR is
 * known, so ours reports that month's movements as undefined (null) where the baseline counts
 * all of its MRR as new. Those five numbers of the first month are left out on both sides.
 */
export const FIRST_MONTH_SKIPPED = ['mrr_new', 'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'mrr_reactivation'];
function firstMonthAsDefined(periods) {
  if (periods.length) for (const k of FIRST_MONTH_SKIPPED) delete periods[0].metrics[k];
  return periods;
}

/** The baselines' result in the same shape (they have no row count). */
export function projectBaseline(kind, r) {
  const keys = kind === 'survey' ? SURVEY_KEYS : MRR_KEYS;
  const out = { periods: r.periods.map((p) => ({ period: p.period, metrics: pick(p.metrics, keys) })) };
  if (kind !== 'survey') firstMonthAsDefined(out.periods);
  if (kind === 'survey') {
    out.metrics = pick(r.metrics, keys);
    out.rejected = r.rejected;
  }
  return out;
}

/** Differences between two projections (empty when equal). */
export function differences(a, b, where = '') {
  const diffs = [];
  const walk = (x, y, path) => {
    if (typeof x === 'number' && typeof y === 'number') {
      if (!(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)))) diffs.push(`${path}: ${x} ≠ ${y}`);
    } else if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') {
      if (x !== y) diffs.push(`${path}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`);
    } else {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if ((k === 'rows' || k === 'rejected') && (!(k in x) || !(k in y))) continue;
        walk(x[k], y[k], `${path}.${k}`);
      }
    }
  };
  walk(a, b, where);
  return diffs;
}
