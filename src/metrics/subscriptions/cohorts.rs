//! Logo and revenue cohorts.

#[allow(unused_imports)]
use super::*;

/// One start month of the cohort triangle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortRow {
    /// Start month ("2024-03"): the month of the customers' first MRR.
    pub start: String,
    pub customers: usize,
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub start_mrr: Money,
    /// `logo[k]`: share of the cohort's customers with MRR > 0 after k months ·100.
    pub logo: Vec<Option<f64>>,
    /// `revenue[k]`: the cohort's MRR after k months / its starting MRR ·100 (expansion
    /// can make it exceed 100).
    pub revenue: Vec<Option<f64>>,
}

/// Logo and revenue cohorts as a triangle (later start months have fewer columns). Gap
/// months are `None`. Customers active in the first month of the data start there.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CohortTable {
    pub cohorts: Vec<CohortRow>,
}

pub fn cohorts(t: &MrrTable) -> CohortTable {
    let mut cells: HashMap<(u32, u32), (usize, Money)> = HashMap::new();
    for values in &t.values {
        let Some(f) = values.first().map(|r| r.from) else {
            continue;
        };
        for (m, v) in months_of(values) {
            let e = cells.entry((f, m - f)).or_insert((0, Money::ZERO));
            e.0 += 1;
            e.1 = add(e.1, v);
        }
    }
    let mut starts: Vec<u32> = cells.keys().filter(|k| k.1 == 0).map(|k| k.0).collect();
    starts.sort_unstable();
    let cohorts = starts
        .into_iter()
        .filter_map(|f| {
            let &(customers, start_mrr) = cells.get(&(f, 0))?;
            let len = t.months.checked_sub(f as usize)?;
            let (mut logo, mut revenue) = (Vec::with_capacity(len), Vec::with_capacity(len));
            for k in 0..len as u32 {
                let known = t.known.get((f + k) as usize).copied().unwrap_or(false);
                let (c, m) = cells.get(&(f, k)).copied().unwrap_or((0, Money::ZERO));
                logo.push(if known { stats::pct(c as f64, customers as f64) } else { None });
                revenue.push(if known { money_pct(m, start_mrr) } else { None });
            }
            Some(CohortRow {
                start: PeriodKind::Month.label(t.month_key(f as usize)),
                customers,
                start_mrr,
                logo,
                revenue,
            })
        })
        .collect();
    CohortTable { cohorts }
}
