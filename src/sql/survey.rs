//! Section 1 of the catalogue as SQL: NPS with its counts, shares, margin of error and
//! both intervals (Wald and adjusted Wald), CSAT with the Wilson interval, CES; per period
//! the change from the previous period with its z, per segment the z against the rest.
//! The formulas are those of `metrics::survey`, written on the counts of each group.

use crate::import::Field;
use crate::metrics::survey::{ces_scale, csat_scale, NPS_SMALL_SAMPLE};
use crate::metrics::PeriodKind;

use super::{greatest, least, pct, ratio, select_list, Dialect, SqlError, SqlRequest};

/// The survey type of each row: the mapped column read as the import reads it (empty =
/// the default type, unknown = left out), or the default for every row.
fn type_expr(req: &SqlRequest) -> String {
    let d = req.dialect;
    let default = d.lit(req.options.survey_type.as_str());
    let Some(col) = req.col(Field::Survey) else {
        return default;
    };
    let text = format!("TRIM(CAST({col} AS {}))", d.text());
    let key = d.alnum_lower(&text);
    format!(
        "CASE WHEN {col} IS NULL OR {text} = '' THEN {default} \
         WHEN {key} IN ('nps', 'netpromoterscore', 'promoter', 'enps') THEN 'nps' \
         WHEN {key} IN ('csat', 'customersatisfaction', 'satisfaction', 'kundenzufriedenheit', 'zufriedenheit') THEN 'csat' \
         WHEN {key} IN ('ces', 'customereffortscore', 'effort', 'aufwand') THEN 'ces' END"
    )
}

/// The period key of the date `d` (alias in `valid`).
pub(super) fn period_key(d: Dialect, kind: PeriodKind, date: &str) -> String {
    match kind {
        PeriodKind::Month => d.month_key(date),
        PeriodKind::Quarter => d.quarter_key(date),
        PeriodKind::Week => d.week_key(date),
    }
}

/// The label of a period key.
pub(super) fn period_label(d: Dialect, kind: PeriodKind, k: &str) -> String {
    match kind {
        PeriodKind::Month => d.month_label(k),
        PeriodKind::Quarter => d.quarter_label(k),
        PeriodKind::Week => d.week_label(k),
    }
}

/// NPS, variance of one answer and the 95 % interval from (double) counts p, d, n, as
/// `metrics::survey::nps_interval`: (nps, var, moe).
fn nps_parts(p: &str, de: &str, n: &str) -> (String, String, String) {
    let (ps, ds) = (format!("({p}) / ({n})"), format!("({de}) / ({n})"));
    let nps = format!("100 * ({ps} - {ds})");
    let var = format!("({ps} + {ds} - ({ps} - {ds}) * ({ps} - {ds}))");
    let moe = format!("1.96 * SQRT({}) * 100", greatest(&format!("{var} / ({n})"), "0"));
    (nps, var, moe)
}

/// z of the difference of two NPS from their counts (`metrics::survey::nps_diff_z`);
/// NULL when either group is empty or both variances are 0.
fn diff_z(d: Dialect, a: (&str, &str, &str), b: (&str, &str, &str)) -> String {
    let fa = (d.f(a.0), d.f(a.1), format!("NULLIF({}, 0)", d.f(a.2)));
    let fb = (d.f(b.0), d.f(b.1), format!("NULLIF({}, 0)", d.f(b.2)));
    let (nps_a, var_a, _) = nps_parts(&fa.0, &fa.1, &fa.2);
    let (nps_b, var_b, _) = nps_parts(&fb.0, &fb.1, &fb.2);
    let var = greatest(&format!("{var_a} / {} + {var_b} / {}", fa.2, fb.2), "0");
    format!("({nps_a} - {nps_b}) / NULLIF(100 * SQRT({var}), 0)")
}

/// The keys of `report::survey_keys` from the counts of alias `g`.
fn survey_keys(d: Dialect) -> Vec<(String, String)> {
    let c = |s: &str| format!("g.{s}");
    let n = "(g.nps_n + g.csat_n + g.ces_n)".to_string();
    let fnn = format!("NULLIF({}, 0)", d.f("g.nps_n"));
    let (nps, _, moe) = nps_parts(&d.f("g.p"), &d.f("g.de"), &fnn);
    let adj_n = format!("({} + 3)", d.f("g.nps_n"));
    let (adj, _, adj_moe) = nps_parts(
        &format!("({} + 0.75)", d.f("g.p")),
        &format!("({} + 0.75)", d.f("g.de")),
        &adj_n,
    );
    let defined = "g.nps_n > 0";
    let when = |e: String| format!("CASE WHEN {defined} THEN {e} END");
    // Wilson interval of the satisfied share (metrics::stats::wilson), ·100
    let cn = format!("NULLIF({}, 0)", d.f("g.csat_n"));
    let z = d.f("1.96");
    let ps = format!("({} / {cn})", d.f("g.sat"));
    let denom = format!("(1 + {z} * {z} / {cn})");
    let centre = format!("(({ps} + {z} * {z} / (2 * {cn})) / {denom})");
    let spread =
        greatest(&format!("{ps} * (1 - {ps}) / {cn} + {z} * {z} / (4 * {cn} * {cn})"), "0");
    let half = format!("({z} / {denom} * SQRT({spread}))");
    let csat_defined = "g.csat_n > 0";
    vec![
        ("n".into(), n.clone()),
        ("responses".into(), n),
        ("nps".into(), nps.clone()),
        ("nps_n".into(), c("nps_n")),
        ("nps_promoters".into(), c("p")),
        ("nps_passives".into(), c("pa")),
        ("nps_detractors".into(), c("de")),
        ("nps_promoters_pct".into(), pct(d, "g.p", "g.nps_n")),
        ("nps_passives_pct".into(), pct(d, "g.pa", "g.nps_n")),
        ("nps_detractors_pct".into(), pct(d, "g.de", "g.nps_n")),
        ("nps_moe95".into(), when(moe.clone())),
        ("nps_ci95_low".into(), when(greatest(&format!("{nps} - {moe}"), "-100"))),
        ("nps_ci95_high".into(), when(least(&format!("{nps} + {moe}"), "100"))),
        ("nps_adj_ci95_low".into(), when(greatest(&format!("{adj} - {adj_moe}"), "-100"))),
        ("nps_adj_ci95_high".into(), when(least(&format!("{adj} + {adj_moe}"), "100"))),
        ("nps_small_sample".into(), d.bool_when(defined, &format!("g.nps_n < {NPS_SMALL_SAMPLE}"))),
        ("csat".into(), pct(d, "g.sat", "g.csat_n")),
        ("csat_n".into(), c("csat_n")),
        ("csat_satisfied".into(), c("sat")),
        ("csat_mean".into(), ratio(d, "g.csat_sum", "g.csat_n")),
        (
            "csat_ci95_low".into(),
            format!(
                "CASE WHEN {csat_defined} THEN 100 * {} END",
                greatest(&format!("{centre} - {half}"), "0")
            ),
        ),
        (
            "csat_ci95_high".into(),
            format!(
                "CASE WHEN {csat_defined} THEN 100 * {} END",
                least(&format!("{centre} + {half}"), "1")
            ),
        ),
        ("ces".into(), ratio(d, "g.ces_sum", "g.ces_n")),
        ("ces_n".into(), c("ces_n")),
        ("ces_easy_pct".into(), pct(d, "g.easy", "g.ces_n")),
    ]
}

/// The counts of one group (all rows of the `FROM` that follows).
fn counts(csat_threshold: u8, ces_easy: &str) -> String {
    format!(
        "COUNT(CASE WHEN t = 'nps' THEN 1 END) AS nps_n,\n    \
         COUNT(CASE WHEN t = 'nps' AND score >= 9 THEN 1 END) AS p,\n    \
         COUNT(CASE WHEN t = 'nps' AND score BETWEEN 7 AND 8 THEN 1 END) AS pa,\n    \
         COUNT(CASE WHEN t = 'nps' AND score <= 6 THEN 1 END) AS de,\n    \
         COUNT(CASE WHEN t = 'csat' THEN 1 END) AS csat_n,\n    \
         COUNT(CASE WHEN t = 'csat' AND score >= {csat_threshold} THEN 1 END) AS sat,\n    \
         COALESCE(SUM(CASE WHEN t = 'csat' THEN score END), 0) AS csat_sum,\n    \
         COUNT(CASE WHEN t = 'ces' THEN 1 END) AS ces_n,\n    \
         COUNT(CASE WHEN t = 'ces' AND {ces_easy} THEN 1 END) AS easy,\n    \
         COALESCE(SUM(CASE WHEN t = 'ces' THEN score END), 0) AS ces_sum"
    )
}

const COUNT_COLUMNS: [&str; 10] =
    ["nps_n", "p", "pa", "de", "csat_n", "sat", "csat_sum", "ces_n", "easy", "ces_sum"];

/// With `--from/--to`: only dated rows inside the range (as the analysis keeps them).
fn range_condition(req: &SqlRequest) -> String {
    let mut c = String::new();
    if let Some(f) = req.from {
        c.push_str(&format!("\n    AND dt >= DATE '{f}'"));
    }
    if let Some(t) = req.to {
        c.push_str(&format!("\n    AND dt <= DATE '{t}'"));
    }
    c
}

pub(super) fn script(req: &SqlRequest) -> Result<String, SqlError> {
    let d = req.dialect;
    let o = &req.options;
    let score = req.required(Field::Score)?;
    let date = req.col(Field::Date);
    let (csat_max, csat_thr) = csat_scale(o.csat_scale, o.csat_threshold);
    let (ces_max, easy_from) = ces_scale(o.ces_scale, o.ces_lower_is_easier);
    let ces_easy = if o.ces_lower_is_easier {
        format!("score <= {easy_from}")
    } else {
        format!("score >= {easy_from}")
    };
    let b = d.bigint();
    let txt = d.text();
    let date_expr =
        date.as_ref().map_or("CAST(NULL AS DATE)".to_string(), |c| format!("CAST({c} AS DATE)"));
    let seg_expr = req.segment.as_deref().map_or(format!("CAST(NULL AS {txt})"), |s| {
        format!("COALESCE(TRIM(CAST({} AS {txt})), '')", d.ident(s))
    });
    let pk = period_key(d, req.period, "dt");
    let count_sql = counts(csat_thr, &ces_easy);
    let zeroed = COUNT_COLUMNS
        .iter()
        .map(|c| format!("COALESCE(c.{c}, 0) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let plain = COUNT_COLUMNS.join(", ");

    let mut cols = survey_keys(d);
    let on = |scope: &str, e: String| format!("CASE WHEN g.scope = '{scope}' THEN {e} END");
    let response_rate = match o.surveys_sent {
        Some(sent) => on("total", pct(d, "(g.nps_n + g.csat_n + g.ces_n)", &sent.to_string())),
        None => "CAST(NULL AS DOUBLE)".replace("DOUBLE", d.double()),
    };
    cols.push(("response_rate".into(), response_rate));
    cols.push(("csat_scale".into(), on("total", csat_max.to_string())));
    cols.push(("csat_threshold".into(), on("total", csat_thr.to_string())));
    cols.push(("ces_scale".into(), on("total", ces_max.to_string())));
    cols.push((
        "ces_lower_is_easier".into(),
        on("total", if o.ces_lower_is_easier { "TRUE" } else { "FALSE" }.into()),
    ));
    // change from the previous period (q = the previous period's counts; an empty
    // previous period has no NPS, so no change)
    let cur = ("g.p", "g.de", "g.nps_n");
    let z_prev = diff_z(d, cur, ("q.p", "q.de", "q.nps_n"));
    let nps_of = |a: &str| {
        let n = format!("NULLIF({}, 0)", d.f(&format!("{a}.nps_n")));
        nps_parts(&d.f(&format!("{a}.p")), &d.f(&format!("{a}.de")), &n).0
    };
    cols.push(("nps_change".into(), on("period", format!("{} - {}", nps_of("g"), nps_of("q")))));
    cols.push(("nps_diff_z".into(), on("period", z_prev.clone())));
    cols.push(("nps_change_significant".into(), on("period", format!("ABS({z_prev}) >= 1.96"))));
    cols.push((
        "csat_change".into(),
        on("period", format!("{} - {}", pct(d, "g.sat", "g.csat_n"), pct(d, "q.sat", "q.csat_n"))),
    ));
    cols.push((
        "ces_change".into(),
        on(
            "period",
            format!("{} - {}", ratio(d, "g.ces_sum", "g.ces_n"), ratio(d, "q.ces_sum", "q.ces_n")),
        ),
    ));
    // segment against the rest of the rows (the total's counts minus the segment's)
    let z_rest = diff_z(d, cur, ("(r.p - g.p)", "(r.de - g.de)", "(r.nps_n - g.nps_n)"));
    cols.push(("nps_diff_z_vs_rest".into(), on("segment", z_rest.clone())));
    cols.push(("nps_vs_rest_significant".into(), on("segment", format!("ABS({z_rest}) >= 1.96"))));

    let label = period_label(d, req.period, "g.pk");
    let segment_groups = if req.segment.is_some() {
        format!(
            "\n  UNION ALL\n  SELECT 'segment', CAST(NULL AS {b}), seg, {plain} FROM (\n    SELECT seg, {count_sql}\n    FROM valid GROUP BY seg) s"
        )
    } else {
        String::new()
    };
    Ok(format!(
        "WITH src AS (
  SELECT
    {d_score} AS score,
    {date_expr} AS dt,
    {ty} AS t,
    {seg_expr} AS seg
  FROM {table}
),
valid AS (
  SELECT score, dt, t, seg, {pk} AS pk
  FROM src
  WHERE score IS NOT NULL AND score = FLOOR(score) AND (
    (t = 'nps' AND score BETWEEN 0 AND 10)
    OR (t = 'csat' AND score BETWEEN 1 AND {csat_max})
    OR (t = 'ces' AND score BETWEEN 1 AND {ces_max})){in_range}
),
bounds AS (
  SELECT MIN(pk) AS lo, MAX(pk) AS hi FROM valid
),
periods AS (
  {series}
),
per_period AS (
  SELECT pk, {count_sql}
  FROM valid WHERE pk IS NOT NULL GROUP BY pk
),
groups AS (
  SELECT 'total' AS scope, CAST(NULL AS {b}) AS pk, CAST(NULL AS {txt}) AS seg, {plain} FROM (
    SELECT {count_sql}
    FROM valid) a
  UNION ALL
  SELECT 'period', k.k, CAST(NULL AS {txt}), {zeroed}
  FROM periods k LEFT JOIN per_period c ON c.pk = k.k{segment_groups}
)
SELECT
  g.scope AS {scope},
  CASE WHEN g.scope = 'period' THEN {label} END AS {period},
  g.seg AS {segment},
{select}
FROM groups g
LEFT JOIN groups q ON g.scope = 'period' AND q.scope = 'period' AND q.pk = g.pk - 1
LEFT JOIN groups r ON g.scope = 'segment' AND r.scope = 'total'
ORDER BY CASE g.scope WHEN 'total' THEN 0 WHEN 'period' THEN 1 ELSE 2 END, g.pk, g.seg",
        d_score = d.f(&score),
        in_range = range_condition(req),
        ty = type_expr(req),
        table = d.table(&req.table),
        series = d.series("", "bounds", "lo", "hi"),
        scope = d.ident("scope"),
        period = d.ident("period"),
        segment = d.ident("segment"),
        select = select_list(d, &cols),
    ))
}
