//! Section 4 of the catalogue as SQL: tickets, tickets per customer, first response and
//! resolution hours (mean, median, 90th percentile, linear between ranks as numpy), open
//! tickets, first-contact resolution, uncategorised tickets and the support CSAT with its
//! Wilson interval, as `metrics::tickets` computes them. The category shares are a list
//! in `kpi --json` and not part of the script.

use crate::import::headers::elapsed_unit;
use crate::import::headers::header_keys;
use crate::import::Field;
use crate::metrics::survey::csat_scale;

use super::dated::{ctes, finish, name, same_group, summary_cte, summary_keys, Frame};
use super::{pct, ratio, wilson_pct, Dialect, SqlError, SqlRequest};

/// The words the import reads as yes and as no (`import::value::parse_bool`).
const YES: &[&str] = &["yes", "y", "true", "t", "1", "x", "ja", "j", "wahr", "ok", "✓", "✔"];
const NO: &[&str] = &["no", "n", "false", "f", "0", "nein", "falsch", "-"];

fn words(d: Dialect, w: &[&str]) -> String {
    w.iter().map(|x| d.lit(x)).collect::<Vec<_>>().join(", ")
}

pub(super) fn script(req: &SqlRequest) -> Result<String, SqlError> {
    let d = req.dialect;
    let txt = d.text();
    let dbl = d.double();
    let created = req.required(Field::Created)?;
    // seconds from creation to a ticket time: a timestamp, or elapsed time when the header
    // names a unit (Zendesk's `First reply time in minutes`), whole seconds as the import
    let mut required = vec!["cr IS NOT NULL".to_string()];
    let mut seconds = |f: Field, alias: &str| match req.column(f) {
        None => format!("CAST(NULL AS {dbl})"),
        Some(h) => {
            let c = d.ident(h);
            match header_keys(h).first().and_then(|k| elapsed_unit(k)) {
                Some(minutes) => {
                    required.push(format!("({alias} IS NULL OR {alias} >= 0)"));
                    format!("ROUND({} * {})", d.f(&c), d.f(&format!("{:?}", minutes * 60.0)))
                }
                None => d.f(&d.seconds_between(
                    &format!("CAST({created} AS TIMESTAMP)"),
                    &format!("CAST({c} AS TIMESTAMP)"),
                )),
            }
        }
    };
    let first_s = seconds(Field::FirstResponse, "fr_s");
    let resolved_s = seconds(Field::Resolved, "rs_s");
    let text = |f: Field| req.col(f).map_or(format!("CAST(NULL AS {txt})"), |c| name(d, &c));
    let num = |f: Field| req.col(f).map_or(format!("CAST(NULL AS {dbl})"), |c| d.f(&c));
    let fcr_text = req
        .col(Field::FirstContactResolved)
        .map_or(format!("CAST(NULL AS {txt})"), |c| format!("LOWER({})", name(d, &c)));
    if req.col(Field::Ticket).is_some() {
        required.push("ticket IS NOT NULL".into());
    }
    // a contacts count must be a whole number, a yes/no a word the import knows
    required.push("(ct IS NULL OR (ct >= 0 AND ct = FLOOR(ct)))".into());
    required.push(format!("(fcr_t IS NULL OR fcr_t IN ({}, {}))", words(d, YES), words(d, NO)));
    let (scale, threshold) = csat_scale(req.options.csat_scale, req.options.csat_threshold);
    let frame = Frame {
        fields: vec![
            format!("{} AS ticket", text(Field::Ticket)),
            format!("CAST({created} AS TIMESTAMP) AS cr"),
            format!("CAST({created} AS DATE) AS dt"),
            format!("{} AS customer", text(Field::Customer)),
            format!("{first_s} AS fr_s"),
            format!("{resolved_s} AS rs_s"),
            format!("{} AS ct", num(Field::Contacts)),
            format!("{fcr_text} AS fcr_t"),
            format!("{} AS category", text(Field::Category)),
            format!("{} AS score", num(Field::Score)),
        ],
        required,
        rejected: vec![
            "fr_s < 0".into(),
            "rs_s < 0".into(),
            "ct = 0".into(),
            format!(
                "score IS NOT NULL AND NOT (score = FLOOR(score) AND score BETWEEN 1 AND {scale})"
            ),
        ],
        carry: vec!["customer", "fr_s", "rs_s", "ct", "fcr_t", "category", "score"],
    };
    let keys = "scope, pk, seg";
    // first-contact resolution: the yes/no column, else contacts = 1; known only for
    // resolved tickets (a resolved time, or yes)
    let yes = format!("fcr_t IN ({})", words(d, YES));
    let fcr_known = format!("(CASE WHEN fcr_t IS NOT NULL THEN {yes} ELSE ct = 1 END)");
    let resolved = format!("(rs_s IS NOT NULL OR {yes})");
    let ctes = format!(
        "{frame},
ta AS (
  SELECT {keys}, COUNT(*) AS tickets, COUNT(DISTINCT customer) AS customers,
    COUNT(CASE WHEN rs_s IS NULL THEN 1 END) AS open_tickets,
    COUNT(CASE WHEN {resolved} AND {fcr_known} IS NOT NULL THEN 1 END) AS fcr_n,
    COUNT(CASE WHEN {resolved} AND {fcr_known} THEN 1 END) AS fcr_yes,
    COUNT(CASE WHEN category IS NULL THEN 1 END) AS uncategorised,
    COUNT(score) AS csat_n,
    COUNT(CASE WHEN score >= {threshold} THEN 1 END) AS sat,
    SUM(score) AS csat_sum
  FROM tagged GROUP BY {keys}
),
{first},
{resolution}",
        frame = ctes(req, &frame),
        first = summary_cte(
            d,
            "fr_h",
            keys,
            &format!("SELECT {keys}, fr_s / 3600 AS x FROM tagged WHERE fr_s IS NOT NULL")
        ),
        resolution = summary_cte(
            d,
            "rs_h",
            keys,
            &format!("SELECT {keys}, rs_s / 3600 AS x FROM tagged WHERE rs_s IS NOT NULL")
        ),
    );
    let tickets = "COALESCE(a.tickets, 0)";
    let per_customer = match req.options.customer_count {
        Some(c) => ratio(d, tickets, &c.to_string()),
        None => ratio(d, tickets, "a.customers"),
    };
    let csat_n = "COALESCE(a.csat_n, 0)";
    let (low, high) = wilson_pct(d, "a.sat", "a.csat_n");
    let mut cols: Vec<(String, String)> = vec![
        ("n".into(), tickets.into()),
        ("tickets".into(), tickets.into()),
        ("customers".into(), "CASE WHEN a.customers > 0 THEN a.customers END".into()),
        ("tickets_per_customer".into(), per_customer),
    ];
    cols.extend(summary_keys("first_response_hours", "f"));
    cols.extend(summary_keys("resolution_hours", "r"));
    cols.extend([
        ("open_tickets".into(), "COALESCE(a.open_tickets, 0)".into()),
        ("fcr".into(), pct(d, "a.fcr_yes", "a.fcr_n")),
        ("fcr_n".into(), "COALESCE(a.fcr_n, 0)".into()),
        ("uncategorised".into(), "COALESCE(a.uncategorised, 0)".into()),
        ("support_csat".into(), pct(d, "a.sat", "a.csat_n")),
        ("support_csat_n".into(), csat_n.into()),
        ("support_csat_mean".into(), ratio(d, "a.csat_sum", "a.csat_n")),
        ("support_csat_ci95_low".into(), format!("CASE WHEN a.csat_n > 0 THEN {low} END")),
        ("support_csat_ci95_high".into(), format!("CASE WHEN a.csat_n > 0 THEN {high} END")),
    ]);
    let joins = format!(
        "LEFT JOIN ta a ON {}\nLEFT JOIN fr_h f ON {}\nLEFT JOIN rs_h r ON {}",
        same_group("g", "a"),
        same_group("g", "f"),
        same_group("g", "r")
    );
    Ok(finish(req, &ctes, "grp", &joins, &cols))
}
