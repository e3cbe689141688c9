//! Section 3 of the catalogue as SQL: orders, revenue (exact, DECIMAL), average purchase
//! value, purchase frequency per year of the span, customer lifespan over repeat
//! customers, CLV, repeat purchase rate and ARPU, as `metrics::orders` computes them.

use crate::import::Field;
use crate::metrics::orders::DAYS_PER_YEAR;

use super::dated::{ctes, finish, name, same_group, Frame};
use super::{pct, ratio, SqlError, SqlRequest};

pub(super) fn script(req: &SqlRequest) -> Result<String, SqlError> {
    let d = req.dialect;
    let customer = req.required(Field::Customer)?;
    let date = req.required(Field::Date)?;
    let amount = req.required(Field::Amount)?;
    let frame = Frame {
        fields: vec![
            format!("{} AS customer", name(d, &customer)),
            format!("CAST({date} AS DATE) AS dt"),
            format!("CAST({amount} AS {}) AS amount", d.money()),
        ],
        required: vec![
            "customer IS NOT NULL".into(),
            "dt IS NOT NULL".into(),
            "amount IS NOT NULL".into(),
        ],
        rejected: vec!["amount < 0".into()],
        carry: vec!["customer", "amount"],
    };
    let keys = "scope, pk, seg";
    let year = d.f(&DAYS_PER_YEAR.to_string());
    let ctes = format!(
        "{frame},
per_customer AS (
  SELECT {keys}, customer, COUNT(*) AS n, MIN(dt) AS f, MAX(dt) AS l
  FROM tagged GROUP BY {keys}, customer
),
oc AS (
  SELECT {keys}, COUNT(*) AS customers, COUNT(CASE WHEN n >= 2 THEN 1 END) AS repeat_customers,
    AVG(CASE WHEN n >= 2 THEN {days} / {year} END) AS lifespan
  FROM per_customer GROUP BY {keys}
),
oa AS (
  SELECT {keys}, COUNT(*) AS orders, SUM(amount) AS revenue, MIN(dt) AS f, MAX(dt) AS l
  FROM tagged GROUP BY {keys}
),
gs AS (
  SELECT g.scope, g.pk, g.seg, COALESCE(g.lo_d, a.f) AS lo, COALESCE(g.hi_d, a.l) AS hi
  FROM grp g LEFT JOIN oa a ON {on_a}
)",
        frame = ctes(req, &frame),
        days = d.f(&d.days_between("f", "l")),
        on_a = same_group("g", "a"),
    );
    let orders = "COALESCE(a.orders, 0)";
    let customers = "COALESCE(c.customers, 0)";
    let revenue = format!("COALESCE(a.revenue, CAST(0 AS {}))", d.money());
    let span_days = format!("({} + 1)", d.days_between("g.lo", "g.hi"));
    let years = format!("CASE WHEN {span_days} > 0 THEN {} / {year} END", d.f(&span_days));
    let apv = ratio(d, &revenue, orders);
    let frequency = format!("{} / NULLIF({years}, 0)", ratio(d, orders, customers));
    let (lifespan, is_input) = match req.options.customer_lifespan_years.filter(|y| y.is_finite()) {
        Some(y) => (d.f(&format!("{y:?}")), "TRUE"),
        None => ("c.lifespan".to_string(), "FALSE"),
    };
    // CLV's lifespan: the input, or the measured one (named when shorter than the data, as
    // `metrics::orders` does)
    let (clv_lifespan, clv_source) = if is_input == "TRUE" {
        (lifespan.clone(), "'input'".to_string())
    } else {
        (
            lifespan.clone(),
            format!("CASE WHEN {lifespan} < {years} THEN 'measured_shorter_than_data' ELSE 'measured' END"),
        )
    };
    let cols: Vec<(String, String)> = vec![
        ("n".into(), orders.into()),
        ("orders".into(), orders.into()),
        ("customers".into(), customers.into()),
        ("revenue".into(), revenue.clone()),
        ("avg_purchase_value".into(), apv.clone()),
        ("years_of_data".into(), years.clone()),
        ("purchase_frequency".into(), frequency.clone()),
        ("customer_lifespan_years".into(), lifespan.clone()),
        ("lifespan_is_input".into(), is_input.into()),
        ("clv_lifespan_years".into(), clv_lifespan.clone()),
        ("clv_lifespan_source".into(), clv_source),
        ("clv".into(), format!("({apv}) * ({frequency}) * ({clv_lifespan})")),
        ("repeat_customers".into(), "COALESCE(c.repeat_customers, 0)".into()),
        ("repeat_purchase_rate".into(), pct(d, "COALESCE(c.repeat_customers, 0)", customers)),
        ("arpu".into(), ratio(d, &revenue, customers)),
    ];
    let joins = format!(
        "LEFT JOIN oa a ON {}\nLEFT JOIN oc c ON {}",
        same_group("g", "a"),
        same_group("g", "c")
    );
    Ok(finish(req, &ctes, "gs", &joins, &cols))
}
