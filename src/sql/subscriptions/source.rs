//! The two shapes of subscription data as SQL sources: snapshots (customer, month, MRR)
//! and subscription rows (start, end or cancellation, amount per billing interval), each
//! as `src` and `valid` rows of one customer's MRR in a month, with the import's words for
//! ended statuses and billing intervals.

use crate::import::Field;
use crate::metrics::subscriptions::NORMALISED_DP;
use crate::sql::{Dialect, SqlError, SqlRequest};

/// Subscription statuses that mean "no longer running" (as the import reads them).
const ENDED_STATUSES: &[&str] = &[
    "canceled",
    "cancelled",
    "ended",
    "expired",
    "incomplete_expired",
    "inactive",
    "churned",
    "terminated",
    "gekündigt",
    "gekuendigt",
    "beendet",
    "abgelaufen",
    "storniert",
    "inaktiv",
];

/// (words, numerator, denominator, count multiplier) of the billing intervals the import
/// knows: monthly = amount · num / (den · count).
type Interval = (&'static [&'static str], u32, u32, u32);

const INTERVALS: &[Interval] = &[
    (&["day", "days", "daily", "d", "tag", "tage", "täglich"], 365, 12, 1),
    (&["week", "weeks", "weekly", "w", "wk", "woche", "wochen", "wöchentlich"], 52, 12, 1),
    (&["month", "months", "monthly", "m", "mo", "mon", "monat", "monate", "monatlich"], 1, 1, 1),
    (
        &[
            "quarter",
            "quarters",
            "quarterly",
            "quartal",
            "quartale",
            "quartalsweise",
            "vierteljährlich",
        ],
        1,
        1,
        3,
    ),
    (&["half-year", "half year", "semiannual", "semi-annual", "halbjahr", "halbjährlich"], 1, 1, 6),
    (
        &[
            "year",
            "years",
            "yearly",
            "annual",
            "annually",
            "y",
            "yr",
            "a",
            "jahr",
            "jahre",
            "jährlich",
        ],
        1,
        12,
        1,
    ),
];

fn in_list(d: Dialect, words: &[&str]) -> String {
    words.iter().map(|w| d.lit(w)).collect::<Vec<_>>().join(", ")
}

/// `src` and `valid` of the snapshot shape, and the known months (months with any row).
pub(super) fn snapshot_source(req: &SqlRequest, seg: &str) -> Result<String, SqlError> {
    let d = req.dialect;
    let customer = req.required(Field::Customer)?;
    let month = req.required(Field::Month)?;
    let mrr = req.required(Field::Mrr)?;
    let txt = d.text();
    Ok(format!(
        "src AS (
  SELECT NULLIF(TRIM(CAST({customer} AS {txt})), '') AS customer,
    {mk} AS m,
    CAST({mrr} AS {money}) AS v,
    {seg} AS seg
  FROM {table}
),
valid AS (
  SELECT customer, m, v, seg FROM src
  WHERE customer IS NOT NULL AND m IS NOT NULL AND v IS NOT NULL AND v >= 0
),
known AS (SELECT DISTINCT m FROM valid),
frame AS (SELECT MIN(m) AS lo, MAX(m) AS hi FROM known),
used AS (
  SELECT '' AS g, COUNT(*) AS n FROM valid{seg_used}
),
cm_all AS (
  SELECT '' AS g, customer, m, SUM(v) AS v FROM valid GROUP BY customer, m{seg_cm}
),",
        mk = d.month_key(&format!("CAST({month} AS DATE)")),
        money = d.money(),
        table = d.table(&req.table),
        seg_used = if req.segment.is_some() {
            "\n  UNION ALL SELECT 's:' || seg, COUNT(*) FROM valid GROUP BY seg"
        } else {
            ""
        },
        seg_cm = if req.segment.is_some() {
            "\n  UNION ALL\n  SELECT 's:' || seg, customer, m, SUM(v) FROM valid GROUP BY seg, customer, m"
        } else {
            ""
        },
    ))
}

/// `src` and `valid` of the subscription-row shape: each row's amount normalised to a
/// month, active from its start's month to the month before its end's month; every month
/// of the frame is known.
pub(super) fn rows_source(req: &SqlRequest, seg: &str) -> Result<String, SqlError> {
    let d = req.dialect;
    let customer = req.required(Field::Customer)?;
    let start = req.required(Field::Start)?;
    let amount = req.required(Field::Amount)?;
    let txt = d.text();
    let b = d.bigint();
    let low = |c: &str| format!("LOWER(TRIM(CAST({c} AS {txt})))");
    let status = req.col(Field::Status);
    let ended = status.as_ref().map(|s| format!("{} IN ({})", low(s), in_list(d, ENDED_STATUSES)));
    // the end: `end`, else `canceled` unless a status says the subscription still runs
    let canceled = req.col(Field::Canceled).map(|c| match (&status, &ended) {
        (Some(s), Some(e)) => format!(
            "CASE WHEN {s} IS NULL OR TRIM(CAST({s} AS {txt})) = '' OR {e} THEN CAST({c} AS DATE) END"
        ),
        _ => format!("CAST({c} AS DATE)"),
    });
    let end = match (req.col(Field::End), canceled) {
        (Some(e), Some(c)) => format!("COALESCE(CAST({e} AS DATE), {c})"),
        (Some(e), None) => format!("CAST({e} AS DATE)"),
        (None, Some(c)) => c,
        (None, None) => "CAST(NULL AS DATE)".into(),
    };
    let count = req.col(Field::IntervalCount).map(|c| format!("CAST({c} AS {b})"));
    let (num, den, count_expr) = match req.col(Field::Interval) {
        Some(i) => {
            let w = low(&i);
            let case = |pick: fn(&Interval) -> u32| {
                let arms: String = INTERVALS
                    .iter()
                    .map(|e| format!(" WHEN {w} IN ({}) THEN {}", in_list(d, e.0), pick(e)))
                    .collect();
                format!("CASE{arms} END")
            };
            let mult = case(|e| e.3);
            let cnt = count.map_or(mult.clone(), |c| format!("COALESCE({c}, 1) * {mult}"));
            (case(|e| e.1), case(|e| e.2), cnt)
        }
        // no interval column: the amounts are monthly (a count of 0 counts as 1)
        None => (
            "1".into(),
            "1".into(),
            count.map_or("1".into(), |c| format!("GREATEST(COALESCE({c}, 1), 1)")),
        ),
    };
    let quantity = req
        .col(Field::Quantity)
        .map_or("1".to_string(), |q| format!("COALESCE(CAST({q} AS {}), 1)", d.decimal(12, 4)));
    // a status that says "ended" without an end date is rejected by the import
    let ended_reject = if status.is_some() {
        format!(" AND NOT (ed IS NULL AND status_l IN ({}))", in_list(d, ENDED_STATUSES))
    } else {
        String::new()
    };
    let status_col = status.as_ref().map_or(format!("CAST(NULL AS {txt})"), |s| low(s));
    // the exact monthly amount: product, then one division rounded to NORMALISED_DP places
    let monthly = format!(
        "CAST(ROUND(CAST(CAST(amount AS {a}) * CAST(qty AS {q}) AS {p}) * CAST(num AS {n3}) / CAST(den * cnt AS {n10}), {NORMALISED_DP}) AS {money})",
        a = d.decimal(20, 6),
        q = d.decimal(12, 4),
        p = d.decimal(28, 10),
        n3 = d.decimal(3, 0),
        n10 = d.decimal(10, 0),
        money = d.money(),
    );
    let known = format!("SELECT k AS m FROM ({}) z", d.series("", "frame", "lo", "hi"));
    Ok(format!(
        "src AS (
  SELECT NULLIF(TRIM(CAST({customer} AS {txt})), '') AS customer,
    CAST({start} AS DATE) AS sd,
    {end} AS ed,
    CAST({amount} AS {money}) AS amount,
    {quantity} AS qty,
    {num} AS num, {den} AS den, {count_expr} AS cnt,
    {status_col} AS status_l,
    {seg} AS seg
  FROM {table}
),
valid AS (
  SELECT customer, seg, {sk} AS s, {ek} AS e, {monthly} AS v
  FROM src
  WHERE customer IS NOT NULL AND sd IS NOT NULL AND amount IS NOT NULL AND amount >= 0
    AND qty >= 0 AND num IS NOT NULL AND cnt IS NOT NULL AND cnt > 0
    AND (ed IS NULL OR ed >= sd){ended_reject}
),
frame AS (
  SELECT MIN(s) AS lo, GREATEST(MAX(s), COALESCE(MAX(e), MAX(s))) AS hi FROM valid
),
known AS (
  {known}
),
used AS (
  SELECT '' AS g, COUNT(*) AS n FROM valid, frame
  WHERE s <= hi AND (e IS NULL OR e > lo){seg_used}
),
months AS (
  {months}
),
cm_all AS (
  SELECT '' AS g, customer, k AS m, SUM(v) AS v FROM months GROUP BY customer, k{seg_cm}
),",
        money = d.money(),
        table = d.table(&req.table),
        sk = d.month_key("sd"),
        ek = d.month_key("ed"),
        known = known,
        months = d.series("customer, seg, v", "valid CROSS JOIN frame", "s", "COALESCE(e - 1, hi)"),
        seg_used = if req.segment.is_some() {
            "\n  UNION ALL SELECT 's:' || seg, COUNT(*) FROM valid, frame\n  WHERE s <= hi AND (e IS NULL OR e > lo) GROUP BY seg"
        } else {
            ""
        },
        seg_cm = if req.segment.is_some() {
            "\n  UNION ALL\n  SELECT 's:' || seg, customer, k, SUM(v) FROM months GROUP BY seg, customer, k"
        } else {
            ""
        },
    ))
}
