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

mod series;
mod source;

use crate::metrics::NetChurnPreset;
use crate::metrics::PeriodKind;

use super::{select_list, Dialect, SqlError, SqlRequest, SubscriptionShape};
use series::series_ctes;
use source::{rows_source, snapshot_source};

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
