//! The frame shared by the kinds whose metrics are recomputed from the rows of each group
//! (orders, tickets, usage), as `report::dated` does: the rows the import keeps (`base`),
//! those the metrics use (`valid`), every group with the span it stands for (`grp`: the
//! whole range, every period from the first to the last period with rows, every segment
//! value) and the valid rows tagged with their groups (`tagged`), so that each metric is
//! one `GROUP BY scope, pk, seg`.
//!
//! Spans (the days a group covers, for purchase frequency and active users): without a
//! range the whole range and each segment run from their own first to last valid row and a
//! period is its calendar days; with `--from/--to` the range (an open end closed at the
//! data's first or last day) is the span of the whole range and the segments, and clips
//! every period.

use crate::metrics::PeriodKind;

use super::survey::{period_key, period_label};
use super::{greatest, least, select_list, Dialect, SqlRequest};

/// What a kind puts into the frame.
pub(super) struct Frame {
    /// `expr AS name` items of `src`; one of them must be the row's date `dt` (periods and
    /// the range go by it).
    pub fields: Vec<String>,
    /// Conditions every row must meet to be imported at all (required fields present,
    /// values of the right kind); a row failing one is in no group and no span.
    pub required: Vec<String>,
    /// Conditions on which the metrics reject an imported row (it still counts for the
    /// periods listed and the range's ends).
    pub rejected: Vec<String>,
    /// Columns of `src` that `tagged` carries, besides `dt`.
    pub carry: Vec<&'static str>,
}

/// `WITH src … grp` (no trailing comma): see the module documentation.
pub(super) fn ctes(req: &SqlRequest, frame: &Frame) -> String {
    let d = req.dialect;
    let b = d.bigint();
    let txt = d.text();
    let seg_expr = req.segment.as_deref().map_or(format!("CAST(NULL AS {txt})"), |s| {
        format!("COALESCE(TRIM(CAST({} AS {txt})), '')", d.ident(s))
    });
    let mut fields = frame.fields.clone();
    fields.push(format!("{seg_expr} AS seg"));
    let mut required = frame.required.clone();
    if let Some(f) = req.from {
        required.push(format!("dt >= DATE '{f}'"));
    }
    if let Some(t) = req.to {
        required.push(format!("dt <= DATE '{t}'"));
    }
    let rejected = if frame.rejected.is_empty() {
        "FALSE".to_string()
    } else {
        frame.rejected.iter().map(|c| format!("({c})")).collect::<Vec<_>>().join(" OR ")
    };
    let carry = std::iter::once("dt").chain(frame.carry.iter().copied()).collect::<Vec<_>>();
    let carry = carry.join(", ");
    let ranged = req.from.is_some() || req.to.is_some();
    let null_date = "CAST(NULL AS DATE)";
    let (lo_t, hi_t, with_rng) = if ranged {
        ("rng.lo".to_string(), "rng.hi".to_string(), " CROSS JOIN rng")
    } else {
        (null_date.to_string(), null_date.to_string(), "")
    };
    let (first, last) = (period_first_day(d, req.period, "k"), period_last_day(d, req.period, "k"));
    let (plo, phi) =
        if ranged { (greatest(&first, "rng.lo"), least(&last, "rng.hi")) } else { (first, last) };
    let rng = if ranged {
        let end = |x: Option<chrono::NaiveDate>, data: &str| {
            x.map_or(data.to_string(), |x| format!("DATE '{x}'"))
        };
        format!(
            "\nrng AS (\n  SELECT {} AS lo, {} AS hi\n  FROM (SELECT MIN(dt) AS first_d, MAX(dt) AS last_d FROM base) b\n),",
            end(req.from, "first_d"),
            end(req.to, "last_d")
        )
    } else {
        String::new()
    };
    let one = if ranged { "rng".to_string() } else { "(SELECT 1 AS one) z".to_string() };
    let (seg_tagged, seg_grp) = if req.segment.is_some() {
        (
            format!("\n  UNION ALL\n  SELECT 'segment', CAST(NULL AS {b}), seg, {carry} FROM valid"),
            format!(
                "\n  UNION ALL\n  SELECT DISTINCT 'segment', CAST(NULL AS {b}), seg, {lo_t}, {hi_t} FROM base{with_rng}"
            ),
        )
    } else {
        (String::new(), String::new())
    };
    format!(
        "WITH src AS (
  SELECT
{fields}
  FROM {table}
),
base AS (
  SELECT *, {pk} AS pk FROM src
  WHERE {required}
),
valid AS (
  SELECT * FROM base WHERE NOT COALESCE({rejected}, FALSE)
),{rng}
bounds AS (
  SELECT MIN(pk) AS lo, MAX(pk) AS hi FROM base
),
periods AS (
  {series}
),
grp AS (
  SELECT 'total' AS scope, CAST(NULL AS {b}) AS pk, CAST(NULL AS {txt}) AS seg, {lo_t} AS lo_d, {hi_t} AS hi_d FROM {one}
  UNION ALL
  SELECT 'period', k, CAST(NULL AS {txt}), {plo}, {phi} FROM periods{with_rng}{seg_grp}
),
tagged AS (
  SELECT 'total' AS scope, CAST(NULL AS {b}) AS pk, CAST(NULL AS {txt}) AS seg, {carry} FROM valid
  UNION ALL
  SELECT 'period', pk, CAST(NULL AS {txt}), {carry} FROM valid{seg_tagged}
)",
        fields = fields.iter().map(|f| format!("    {f}")).collect::<Vec<_>>().join(",\n"),
        table = d.table(&req.table),
        pk = period_key(d, req.period, "dt"),
        required = if required.is_empty() { "TRUE".to_string() } else { required.join("\n    AND ") },
        series = d.series("", "bounds", "lo", "hi"),
    )
}

/// `b` is the same group as `a` (both have scope, pk and seg).
pub(super) fn same_group(a: &str, b: &str) -> String {
    format!(
        "{b}.scope = {a}.scope AND COALESCE({b}.pk, -1) = COALESCE({a}.pk, -1) AND COALESCE({b}.seg, '') = COALESCE({a}.seg, '')"
    )
}

/// The first day of period `k`.
fn period_first_day(d: Dialect, kind: PeriodKind, k: &str) -> String {
    match kind {
        PeriodKind::Month => d.month_start(k),
        PeriodKind::Quarter => d.month_start(&format!("({k}) * 3")),
        PeriodKind::Week => d.week_start(k),
    }
}

/// The last day of period `k` (the day before the next one's first).
fn period_last_day(d: Dialect, kind: PeriodKind, k: &str) -> String {
    d.add_days(&period_first_day(d, kind, &format!("({k}) + 1")), "-1")
}

/// A CTE `name` with `n`, `mean`, `median` and `p90` of `x` per group of the relation
/// `from` (which has the columns `keys` and `x`), the percentiles linear between ranks.
pub(super) fn summary_cte(d: Dialect, name: &str, keys: &str, from: &str) -> String {
    match (d.percentile("x", 0.5), d.percentile("x", 0.9)) {
        (Some(p50), Some(p90)) => format!(
            "{name} AS (
  SELECT {keys}, COUNT(x) AS n, AVG(x) AS mean, {p50} AS median, {p90} AS p90
  FROM ({from}) v GROUP BY {keys}
)"
        ),
        // only a window function: every row of a group carries its group's percentiles
        _ => format!(
            "{name} AS (
  SELECT {keys}, COUNT(x) AS n, AVG(x) AS mean, ANY_VALUE(median) AS median, ANY_VALUE(p90) AS p90
  FROM (
    SELECT {keys}, x, {p50} AS median, {p90} AS p90 FROM ({from}) v0
  ) v GROUP BY {keys}
)",
            p50 = d.percentile_window("x", 0.5, keys),
            p90 = d.percentile_window("x", 0.9, keys),
        ),
    }
}

/// The keys `{prefix}`, `_median`, `_p90`, `_n` of a summary aliased `s`.
pub(super) fn summary_keys(prefix: &str, s: &str) -> Vec<(String, String)> {
    vec![
        (prefix.to_string(), format!("{s}.mean")),
        (format!("{prefix}_median"), format!("{s}.median")),
        (format!("{prefix}_p90"), format!("{s}.p90")),
        (format!("{prefix}_n"), format!("COALESCE({s}.n, 0)")),
    ]
}

/// The final `SELECT` over `grp g` (or a CTE with its columns) with `joins`, one row per
/// group in the order of `kpi --json`.
pub(super) fn finish(
    req: &SqlRequest,
    ctes: &str,
    from: &str,
    joins: &str,
    cols: &[(String, String)],
) -> String {
    let d = req.dialect;
    format!(
        "{ctes}
SELECT
  g.scope AS {scope},
  CASE WHEN g.scope = 'period' THEN {label} END AS {period},
  g.seg AS {segment},
{select}
FROM {from} g
{joins}
ORDER BY CASE g.scope WHEN 'total' THEN 0 WHEN 'period' THEN 1 ELSE 2 END, g.pk, g.seg",
        label = period_label(d, req.period, "g.pk"),
        scope = d.ident("scope"),
        period = d.ident("period"),
        segment = d.ident("segment"),
        select = select_list(d, cols),
    )
}

/// `NULLIF(TRIM(CAST(col AS text)), '')`: a name as the import reads it.
pub(super) fn name(d: Dialect, col: &str) -> String {
    format!("NULLIF(TRIM(CAST({col} AS {})), '')", d.text())
}
