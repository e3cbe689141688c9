//! Section 5 of the catalogue as SQL: events, active users, DAU/WAU/MAU as mean distinct
//! users per day, ISO week and month of the span (days without events count as 0),
//! stickiness, usage intensity, mean session minutes, licence utilisation over accounts
//! with seats and time to value (mean, median, 90th percentile), as `metrics::usage`
//! computes them. Feature adoption and the utilisation per account are lists in
//! `kpi --json` and not part of the script.

use crate::import::detect::duration_factor;
use crate::import::Field;

use super::dated::{ctes, finish, name, same_group, summary_cte, summary_keys, Frame};
use super::{pct, ratio, SqlError, SqlRequest};

pub(super) fn script(req: &SqlRequest) -> Result<String, SqlError> {
    let d = req.dialect;
    let txt = d.text();
    let dbl = d.double();
    let user = req.required(Field::User)?;
    let timestamp = req.required(Field::Timestamp)?;
    let text = |f: Field| req.col(f).map_or(format!("CAST(NULL AS {txt})"), |c| name(d, &c));
    let num = |f: Field| req.col(f).map_or(format!("CAST(NULL AS {dbl})"), |c| d.f(&c));
    // durations in seconds or hours (by the header, as the import reads them) → minutes
    let duration = match req.column(Field::Duration) {
        Some(h) => {
            let factor = duration_factor(h);
            let c = d.f(&d.ident(h));
            if factor == 1.0 {
                c
            } else {
                format!("{c} * {}", d.f(&format!("{factor:?}")))
            }
        }
        None => format!("CAST(NULL AS {dbl})"),
    };
    let signup = req
        .col(Field::Signup)
        .map_or("CAST(NULL AS DATE)".to_string(), |c| format!("CAST({c} AS DATE)"));
    let frame = Frame {
        fields: vec![
            format!("{} AS usr", name(d, &user)),
            format!("CAST({timestamp} AS DATE) AS dt"),
            format!("{} AS acct", text(Field::Account)),
            format!("{} AS feat", text(Field::Feature)),
            format!("{duration} AS dur"),
            format!("{} AS seats", num(Field::Seats)),
            format!("{signup} AS signup"),
        ],
        required: vec![
            "usr IS NOT NULL".into(),
            "dt IS NOT NULL".into(),
            "(dur IS NULL OR dur >= 0)".into(),
            "(seats IS NULL OR (seats >= 0 AND seats = FLOOR(seats)))".into(),
        ],
        rejected: Vec::new(),
        carry: vec!["usr", "acct", "feat", "dur", "seats", "signup"],
    };
    let keys = "scope, pk, seg";
    let value_feature = match &req.options.time_to_value_feature {
        Some(f) => format!(" AND t.feat = {}", d.lit(f)),
        None => String::new(),
    };
    let ctes = format!(
        "{frame},
ua AS (
  SELECT {keys}, COUNT(*) AS events, COUNT(DISTINCT usr) AS users, AVG(dur) AS avg_dur,
    MIN(dt) AS f, MAX(dt) AS l
  FROM tagged GROUP BY {keys}
),
user_days AS (SELECT DISTINCT {keys}, usr, dt FROM tagged),
active AS (
  SELECT {keys}, 'd' AS per, COUNT(*) AS n FROM user_days GROUP BY {keys}
  UNION ALL
  SELECT {keys}, 'w', COUNT(*) FROM (SELECT DISTINCT {keys}, usr, {wk} AS w FROM user_days) x GROUP BY {keys}
  UNION ALL
  SELECT {keys}, 'm', COUNT(*) FROM (SELECT DISTINCT {keys}, usr, {mk} AS m FROM user_days) x GROUP BY {keys}
),
accounts AS (
  SELECT {keys}, acct, COUNT(DISTINCT usr) AS users, MAX(seats) AS seats, MIN(signup) AS signup
  FROM tagged WHERE acct IS NOT NULL GROUP BY {keys}, acct
),
licences AS (
  SELECT {keys}, SUM(CASE WHEN seats IS NOT NULL THEN users END) AS users, SUM(seats) AS seats
  FROM accounts GROUP BY {keys}
),
first_value AS (
  SELECT t.scope, t.pk, t.seg, t.acct, MIN(t.dt) AS first_d, MIN(a.signup) AS signup
  FROM tagged t JOIN accounts a ON {on_ta} AND a.acct = t.acct
  WHERE a.signup IS NOT NULL AND t.dt >= a.signup{value_feature}
  GROUP BY t.scope, t.pk, t.seg, t.acct
),
{ttv},
gs AS (
  SELECT g.scope, g.pk, g.seg, COALESCE(g.lo_d, a.f) AS lo, COALESCE(g.hi_d, a.l) AS hi
  FROM grp g LEFT JOIN ua a ON {on_ga}
)",
        frame = ctes(req, &frame),
        wk = d.week_key("dt"),
        mk = d.month_key("dt"),
        on_ta = same_group("t", "a"),
        on_ga = same_group("g", "a"),
        ttv = summary_cte(
            d,
            "ttv",
            keys,
            &format!(
                "SELECT {keys}, {} AS x FROM first_value",
                d.f(&d.days_between("signup", "first_d"))
            )
        ),
    );
    // calendar days, ISO weeks and months of the span (none when it is empty)
    let count = |n: String| format!("CASE WHEN g.lo <= g.hi THEN {n} ELSE 0 END");
    let days = count(format!("{} + 1", d.days_between("g.lo", "g.hi")));
    let weeks = count(format!("{} - {} + 1", d.week_key("g.hi"), d.week_key("g.lo")));
    let months = count(format!("{} - {} + 1", d.month_key("g.hi"), d.month_key("g.lo")));
    let per = |alias: &str| format!("COALESCE({alias}.n, 0)");
    let dau = ratio(d, &per("ad"), &days);
    let mau = ratio(d, &per("am"), &months);
    let events = "COALESCE(a.events, 0)";
    let mut cols: Vec<(String, String)> = vec![
        ("n".into(), events.into()),
        ("events".into(), events.into()),
        ("users".into(), "COALESCE(a.users, 0)".into()),
        ("dau".into(), dau.clone()),
        ("wau".into(), ratio(d, &per("aw"), &weeks)),
        ("mau".into(), mau.clone()),
        ("stickiness".into(), format!("100 * ({dau}) / NULLIF({mau}, 0)")),
        ("usage_intensity".into(), ratio(d, events, "am.n")),
        ("avg_session_minutes".into(), "a.avg_dur".into()),
        ("license_utilisation".into(), pct(d, "l.users", "l.seats")),
    ];
    cols.extend(summary_keys("time_to_value_days", "v"));
    let joins = [
        ("ua", "a", ""),
        ("active", "ad", " AND ad.per = 'd'"),
        ("active", "aw", " AND aw.per = 'w'"),
        ("active", "am", " AND am.per = 'm'"),
        ("licences", "l", ""),
        ("ttv", "v", ""),
    ]
    .iter()
    .map(|(t, a, extra)| format!("LEFT JOIN {t} {a} ON {}{extra}", same_group("g", a)))
    .collect::<Vec<_>>()
    .join("\n");
    Ok(finish(req, &ctes, "gs", &joins, &cols))
}
