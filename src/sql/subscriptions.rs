//! Section 2 of the catalogue as SQL: both shapes become MRR per customer per month
//! (`cm`), and every figure is computed from it as `metrics::subscriptions` does: the
//! state at each checkpoint (every month with data; for quarters the last month with data
//! of each quarter), the five movements from the previous checkpoint (a gap is skipped,
//! never read as "everyone churned"), the rates built on them, NRR over 12 months and LTV;
//! for the whole range the state at the last month, the movements summed and the rates as
//! the mean of the monthly rates where they are defined.
//!
//! Groups: `g = ''` is the whole data, `g = 's:' || value` one segment value (its rows in
//! the whole data's month frame, as the ledgers reframe them).

use crate::import::Field;
use crate::metrics::subscriptions::NORMALISED_DP;
use crate::metrics::NetChurnPreset;
use crate::metrics::PeriodKind;

use super::{least, select_list, Dialect, SqlError, SqlRequest, SubscriptionShape};

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
fn snapshot_source(req: &SqlRequest, seg: &str) -> Result<String, SqlError> {
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
fn rows_source(req: &SqlRequest, seg: &str) -> Result<String, SqlError> {
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

/// The CTEs of one series of checkpoints `cps{x}` (columns p, m, prev_m, i): the
/// movements per group and checkpoint and the rates (`rates{x}`).
fn series_ctes(d: Dialect, x: &str, o: &crate::metrics::MetricOptions) -> String {
    let money = d.money();
    let f = |e: &str| d.f(e);
    let pct = |a: &str, b: &str| format!("100 * {} / NULLIF({}, 0)", f(a), f(b));
    let net_extra = if o.net_churn == NetChurnPreset::ChartMogul { " - reactivation" } else { "" };
    let churn_avg = match o.ltv_churn_average_months {
        None => "customer_churn_rate".to_string(),
        Some(n) => format!(
            "AVG(customer_churn_rate) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN {} PRECEDING AND 1 PRECEDING)",
            n.max(1)
        ),
    };
    let when = |e: String| format!("CASE WHEN prev_m IS NOT NULL THEN {e} END");
    format!(
        "pairs{x} AS (
  SELECT g, customer, p, prev_m, SUM(cur) AS cur, SUM(prv) AS prv FROM (
    SELECT c.g, c.customer, k.p, k.prev_m, c.v AS cur, CAST(0 AS {money}) AS prv
    FROM cm c JOIN cps{x} k ON c.m = k.m
    UNION ALL
    SELECT c.g, c.customer, k.p, k.prev_m, CAST(0 AS {money}), c.v
    FROM cm c JOIN cps{x} k ON c.m = k.prev_m
  ) y GROUP BY g, customer, p, prev_m
),
moves{x} AS (
  SELECT y.g, y.p,
    SUM(cur) AS mrr,
    COUNT(CASE WHEN cur > 0 THEN 1 END) AS customers,
    SUM(prv) AS start_mrr,
    COUNT(CASE WHEN prv > 0 THEN 1 END) AS customers_start,
    SUM(CASE WHEN prv = 0 AND cur > 0 AND f.f > y.prev_m THEN cur ELSE 0 END) AS new_mrr,
    COUNT(CASE WHEN prv = 0 AND cur > 0 AND f.f > y.prev_m THEN 1 END) AS new_customers,
    SUM(CASE WHEN prv = 0 AND cur > 0 AND f.f <= y.prev_m THEN cur ELSE 0 END) AS reactivation,
    COUNT(CASE WHEN prv = 0 AND cur > 0 AND f.f <= y.prev_m THEN 1 END) AS reactivated_customers,
    SUM(CASE WHEN prv > 0 AND cur > prv THEN cur - prv ELSE 0 END) AS expansion,
    SUM(CASE WHEN prv > 0 AND cur > 0 AND cur < prv THEN prv - cur ELSE 0 END) AS contraction,
    SUM(CASE WHEN prv > 0 AND cur = 0 THEN prv ELSE 0 END) AS churn,
    COUNT(CASE WHEN prv > 0 AND cur = 0 THEN 1 END) AS churned_customers
  FROM pairs{x} y JOIN first_month f ON f.g = y.g AND f.customer = y.customer
  GROUP BY y.g, y.p
),
pts{x} AS (
  SELECT gr.g, k.p, k.m, k.prev_m, k.i,
    CAST(COALESCE(mv.mrr, 0) AS {money}) AS mrr,
    COALESCE(mv.customers, 0) AS customers,
    CAST(COALESCE(mv.start_mrr, 0) AS {money}) AS start_mrr,
    COALESCE(mv.customers_start, 0) AS customers_start,
    CAST(COALESCE(mv.new_mrr, 0) AS {money}) AS new_mrr,
    COALESCE(mv.new_customers, 0) AS new_customers,
    CAST(COALESCE(mv.reactivation, 0) AS {money}) AS reactivation,
    COALESCE(mv.reactivated_customers, 0) AS reactivated_customers,
    CAST(COALESCE(mv.expansion, 0) AS {money}) AS expansion,
    CAST(COALESCE(mv.contraction, 0) AS {money}) AS contraction,
    CAST(COALESCE(mv.churn, 0) AS {money}) AS churn,
    COALESCE(mv.churned_customers, 0) AS churned_customers
  FROM grps gr CROSS JOIN cps{x} k
  LEFT JOIN moves{x} mv ON mv.g = gr.g AND mv.p = k.p
),
rates0{x} AS (
  SELECT pts{x}.*,
    CAST(mrr / NULLIF(customers, 0) AS {money}) AS arpa,
    {ccr} AS customer_churn_rate,
    {ret} AS retention_rate,
    {gross} AS gross_mrr_churn_rate,
    {net} AS net_mrr_churn_rate,
    {net_cm} AS net_mrr_churn_rate_chartmogul,
    {exp} AS expansion_rate,
    {grr} AS grr,
    {nrr} AS nrr,
    {qr} AS quick_ratio
  FROM pts{x}
),
rates{x} AS (
  SELECT r.*,
    {ltv_churn} AS ltv_churn_rate
  FROM rates0{x} r
),",
        ccr = when(pct("churned_customers", "customers_start")),
        ret = when(pct("(customers - new_customers - reactivated_customers)", "customers_start")),
        gross = when(pct("(churn + contraction)", "start_mrr")),
        net = when(pct(&format!("(churn + contraction - expansion{net_extra})"), "start_mrr")),
        net_cm = when(pct("(churn + contraction - expansion - reactivation)", "start_mrr")),
        exp = when(pct("expansion", "start_mrr")),
        grr = when(least(&pct("(start_mrr - churn - contraction)", "start_mrr"), "100")),
        nrr = when(pct("(start_mrr + expansion - contraction - churn)", "start_mrr")),
        qr = when(format!(
            "{} / NULLIF({}, 0)",
            f("(new_mrr + reactivation + expansion)"),
            f("(churn + contraction)")
        )),
        ltv_churn = churn_avg,
    )
}

/// (key, SQL type kind) of every output column after scope/period/segment:
/// f = double, m = money, i = integer, b = boolean, s = text.
const COLUMNS: &[(&str, char)] = &[
    ("n", 'i'),
    ("gap", 'b'),
    ("month", 's'),
    ("mrr", 'm'),
    ("arr", 'm'),
    ("customers", 'i'),
    ("arpa", 'm'),
    ("mrr_new", 'm'),
    ("mrr_expansion", 'm'),
    ("mrr_contraction", 'm'),
    ("mrr_churn", 'm'),
    ("mrr_reactivation", 'm'),
    ("mrr_start", 'm'),
    ("customers_start", 'i'),
    ("new_customers", 'i'),
    ("reactivated_customers", 'i'),
    ("churned_customers", 'i'),
    ("customer_churn_rate", 'f'),
    ("retention_rate", 'f'),
    ("gross_mrr_churn_rate", 'f'),
    ("net_mrr_churn_rate", 'f'),
    ("net_mrr_churn_rate_chartmogul", 'f'),
    ("expansion_rate", 'f'),
    ("grr", 'f'),
    ("nrr", 'f'),
    ("nrr_12m", 'f'),
    ("quick_ratio", 'f'),
    ("ltv", 'f'),
    ("ltv_churn_rate", 'f'),
    ("gross_margin", 'f'),
    ("month_start", 's'),
    ("month_end", 's'),
    ("months", 'i'),
    ("period_kind", 's'),
];

fn null_of(d: Dialect, t: char) -> String {
    let ty = match t {
        'f' => d.double().to_string(),
        'm' => d.money().to_string(),
        'i' => d.bigint().to_string(),
        'b' => "BOOLEAN".into(),
        _ => d.text().to_string(),
    };
    format!("CAST(NULL AS {ty})")
}

/// One branch of the final UNION: every column, from `exprs` or NULL.
fn branch(d: Dialect, head: [String; 3], exprs: &[(&str, String)], from: &str) -> String {
    let mut cols: Vec<(String, String)> = vec![
        ("scope".into(), head[0].clone()),
        ("period".into(), head[1].clone()),
        ("segment".into(), head[2].clone()),
    ];
    for (k, t) in COLUMNS {
        let e = exprs
            .iter()
            .find(|(key, _)| key == k)
            .map_or_else(|| null_of(d, *t), |(_, e)| e.clone());
        cols.push((k.to_string(), e));
    }
    format!("SELECT\n{}\n{from}", select_list(d, &cols))
}

/// The keys of one point of a series (alias `r`, NRR-12m alias `t`, LTV alias `l`).
fn point_keys(d: Dialect) -> Vec<(&'static str, String)> {
    let mv = |e: &str| format!("CASE WHEN r.prev_m IS NOT NULL THEN {e} END");
    vec![
        ("gap", "FALSE".into()),
        ("month", d.month_label("r.m")),
        ("mrr", "r.mrr".into()),
        ("arr", format!("r.mrr * CAST(12 AS {})", d.decimal(2, 0))),
        ("customers", "r.customers".into()),
        ("arpa", "r.arpa".into()),
        ("mrr_new", mv("r.new_mrr")),
        ("mrr_expansion", mv("r.expansion")),
        ("mrr_contraction", mv("r.contraction")),
        ("mrr_churn", mv("r.churn")),
        ("mrr_reactivation", mv("r.reactivation")),
        ("mrr_start", mv("r.start_mrr")),
        ("customers_start", mv("r.customers_start")),
        ("new_customers", mv("r.new_customers")),
        ("reactivated_customers", mv("r.reactivated_customers")),
        ("churned_customers", mv("r.churned_customers")),
        ("customer_churn_rate", "r.customer_churn_rate".into()),
        ("retention_rate", "r.retention_rate".into()),
        ("gross_mrr_churn_rate", "r.gross_mrr_churn_rate".into()),
        ("net_mrr_churn_rate", "r.net_mrr_churn_rate".into()),
        ("net_mrr_churn_rate_chartmogul", "r.net_mrr_churn_rate_chartmogul".into()),
        ("expansion_rate", "r.expansion_rate".into()),
        ("grr", "r.grr".into()),
        ("nrr", "r.nrr".into()),
        ("nrr_12m", "t.nrr_12m".into()),
        ("quick_ratio", "r.quick_ratio".into()),
        ("ltv", "l.ltv".into()),
    ]
}

pub(super) fn script(req: &SqlRequest) -> Result<String, SqlError> {
    let d = req.dialect;
    let o = &req.options;
    let txt = d.text();
    let seg = req.segment.as_deref().map_or(format!("CAST(NULL AS {txt})"), |s| {
        format!("COALESCE(TRIM(CAST({} AS {txt})), '')", d.ident(s))
    });
    let source = match req.shape().ok_or(SqlError::NoSubscriptionShape)? {
        SubscriptionShape::Snapshots => snapshot_source(req, &seg)?,
        SubscriptionShape::Rows => rows_source(req, &seg)?,
    };
    let quarterly = req.period == PeriodKind::Quarter;
    let gm = format!("{:?}", o.gross_margin);
    let gm = if o.gross_margin.is_finite() { gm } else { "NULL".into() };
    let f = |e: &str| d.f(e);
    let nrr12 = if o.nrr_12m {
        format!(
            "CASE WHEN kk.m IS NOT NULL THEN 100 * {} / NULLIF({}, 0) END",
            f("COALESCE(b12.now_mrr, 0)"),
            f("COALESCE(b12.base, 0)")
        )
    } else {
        null_of(d, 'f')
    };
    let quarter_ctes = if quarterly {
        format!(
            "cpsq AS (
  SELECT q AS p, m, LAG(m) OVER (ORDER BY q) AS prev_m, ROW_NUMBER() OVER (ORDER BY q) AS i
  FROM (SELECT {qk} AS q, MAX(m) AS m FROM known GROUP BY {qk}) z
),
{series}",
            qk = d.floor_div("m", 3),
            series = series_ctes(d, "q", o)
        )
    } else {
        String::new()
    };
    let ltv_pt = format!("{} * {gm} / NULLIF(ltv_churn_rate / 100, 0)", f("arpa"));
    let mut script = format!(
        "WITH {source}
cm AS (SELECT g, customer, m, v FROM cm_all WHERE v > 0),
grps AS (SELECT g FROM used),
first_month AS (SELECT g, customer, MIN(m) AS f FROM cm GROUP BY g, customer),
cps AS (
  SELECT m AS p, m, LAG(m) OVER (ORDER BY m) AS prev_m, ROW_NUMBER() OVER (ORDER BY m) AS i
  FROM known
),
{monthly}
{quarter_ctes}
nrr12 AS (
  SELECT a.g, a.m + 12 AS m, SUM(a.v) AS base, SUM(COALESCE(b.v, 0)) AS now_mrr
  FROM cm a LEFT JOIN cm b ON b.g = a.g AND b.customer = a.customer AND b.m = a.m + 12
  GROUP BY a.g, a.m + 12
),
mrates AS (
  SELECT r.*, {nrr12} AS nrr_12m, {ltv_pt} AS ltv
  FROM rates r
  LEFT JOIN known kk ON kk.m = r.m - 12
  LEFT JOIN nrr12 b12 ON b12.g = r.g AND b12.m = r.m
),
whole AS (
  SELECT g,
    SUM(new_mrr) AS new_mrr, SUM(expansion) AS expansion, SUM(contraction) AS contraction,
    SUM(churn) AS churn, SUM(reactivation) AS reactivation,
    SUM(new_customers) AS new_customers, SUM(reactivated_customers) AS reactivated_customers,
    SUM(churned_customers) AS churned_customers,
    AVG(customer_churn_rate) AS customer_churn_rate, AVG(retention_rate) AS retention_rate,
    AVG(gross_mrr_churn_rate) AS gross_mrr_churn_rate, AVG(net_mrr_churn_rate) AS net_mrr_churn_rate,
    AVG(net_mrr_churn_rate_chartmogul) AS net_mrr_churn_rate_chartmogul,
    AVG(expansion_rate) AS expansion_rate, AVG(grr) AS grr, AVG(nrr) AS nrr,
    MAX(CASE WHEN i = nc.last_i THEN mrr END) AS end_mrr,
    MAX(CASE WHEN i = nc.last_i THEN customers END) AS end_customers,
    MAX(CASE WHEN i = nc.last_i THEN arpa END) AS end_arpa,
    MAX(CASE WHEN i = nc.last_i THEN m END) AS end_m,
    MAX(CASE WHEN i = nc.last_i THEN nrr_12m END) AS end_nrr_12m,
    MAX(CASE WHEN i = 1 THEN m END) AS start_m,
    {ltv_churn_total} AS ltv_churn
  FROM mrates CROSS JOIN (SELECT MAX(i) AS last_i FROM cps) nc
  GROUP BY g
)
",
        monthly = series_ctes(d, "", o),
        ltv_pt = ltv_pt,
        ltv_churn_total = if o.ltv_churn_average_months.is_some() {
            "MAX(CASE WHEN i = nc.last_i THEN ltv_churn_rate END)"
        } else {
            "AVG(customer_churn_rate)"
        },
    );
    // whole range (g = '') and segments (g = 's:' || value): the same keys
    let total_keys = |w: &str| -> Vec<(&'static str, String)> {
        vec![
            ("n", "u.n".into()),
            ("mrr", format!("{w}.end_mrr")),
            ("arr", format!("{w}.end_mrr * CAST(12 AS {})", d.decimal(2, 0))),
            ("customers", format!("{w}.end_customers")),
            ("arpa", format!("{w}.end_arpa")),
            ("mrr_new", format!("{w}.new_mrr")),
            ("mrr_expansion", format!("{w}.expansion")),
            ("mrr_contraction", format!("{w}.contraction")),
            ("mrr_churn", format!("{w}.churn")),
            ("mrr_reactivation", format!("{w}.reactivation")),
            ("new_customers", format!("{w}.new_customers")),
            ("reactivated_customers", format!("{w}.reactivated_customers")),
            ("churned_customers", format!("{w}.churned_customers")),
            ("customer_churn_rate", format!("{w}.customer_churn_rate")),
            ("retention_rate", format!("{w}.retention_rate")),
            ("gross_mrr_churn_rate", format!("{w}.gross_mrr_churn_rate")),
            (
                "net_mrr_churn_rate",
                format!(
                    "{w}.{}",
                    if o.net_churn == NetChurnPreset::ChartMogul {
                        "net_mrr_churn_rate_chartmogul"
                    } else {
                        "net_mrr_churn_rate"
                    }
                ),
            ),
            ("net_mrr_churn_rate_chartmogul", format!("{w}.net_mrr_churn_rate_chartmogul")),
            ("expansion_rate", format!("{w}.expansion_rate")),
            ("grr", format!("{w}.grr")),
            ("nrr", format!("{w}.nrr")),
            ("nrr_12m", format!("{w}.end_nrr_12m")),
            (
                "quick_ratio",
                format!(
                    "{} / NULLIF({}, 0)",
                    f(&format!("({w}.new_mrr + {w}.reactivation + {w}.expansion)")),
                    f(&format!("({w}.churn + {w}.contraction)"))
                ),
            ),
            (
                "ltv",
                format!("{} * {gm} / NULLIF({w}.ltv_churn / 100, 0)", f(&format!("{w}.end_arpa"))),
            ),
            ("ltv_churn_rate", format!("{w}.ltv_churn")),
            ("gross_margin", gm.clone()),
            ("month_start", d.month_label(&format!("{w}.start_m"))),
            ("month_end", d.month_label(&format!("{w}.end_m"))),
            ("months", "fr.hi - fr.lo + 1".into()),
        ]
    };
    let mut whole_keys = total_keys("w");
    if req.period == PeriodKind::Week {
        // MRR is monthly: weeks fall back to months
        whole_keys.push(("period_kind", format!("CASE WHEN w.g = '' THEN {} END", d.lit("month"))));
    }
    let null_txt = null_of(d, 's');
    // the whole range (g = '') and every segment value: the same keys
    let mut branches = vec![branch(
        d,
        [
            "CASE WHEN w.g = '' THEN 'total' ELSE 'segment' END".into(),
            null_txt.clone(),
            "CASE WHEN w.g <> '' THEN SUBSTR(w.g, 3) END".into(),
        ],
        &whole_keys,
        "FROM whole w JOIN used u ON u.g = w.g CROSS JOIN frame fr",
    )];
    // periods: every month (quarter) of the frame; a period without data is a gap
    let (all_periods, label) = if quarterly {
        (
            d.series("", "frame", &d.floor_div("lo", 3), &d.floor_div("hi", 3)),
            d.quarter_label("ap.k"),
        )
    } else {
        (d.series("", "frame", "lo", "hi"), d.month_label("ap.k"))
    };
    let mut period_exprs: Vec<(&str, String)> = point_keys(d)
        .into_iter()
        .map(|(k, e)| (k, format!("CASE WHEN r.p IS NOT NULL THEN {e} END")))
        .collect();
    if let Some(gap) = period_exprs.iter_mut().find(|e| e.0 == "gap") {
        gap.1 = "r.p IS NULL".into();
    }
    // NRR over 12 months and LTV of a period are those of its (last) month
    let from = if quarterly {
        format!(
            "FROM ({all_periods}) ap
LEFT JOIN ratesq r ON r.g = '' AND r.p = ap.k
LEFT JOIN mrates t ON t.g = '' AND t.m = r.m"
        )
    } else {
        format!("FROM ({all_periods}) ap\nLEFT JOIN mrates r ON r.g = '' AND r.p = ap.k")
    };
    let monthly_alias = if quarterly { "t" } else { "r" };
    for (k, e) in period_exprs.iter_mut() {
        if *k == "nrr_12m" || *k == "ltv" {
            *e = format!("{monthly_alias}.{k}");
        }
    }
    branches.push(branch(d, [d.lit("period"), label, null_txt.clone()], &period_exprs, &from));
    script.push_str(&format!(
        "SELECT * FROM (\n{}\n) res\nORDER BY CASE {} WHEN 'total' THEN 0 WHEN 'period' THEN 1 ELSE 2 END, {}, {}",
        branches.join("\nUNION ALL\n"),
        d.ident("scope"),
        d.ident("period"),
        d.ident("segment"),
    ));
    Ok(script)
}
