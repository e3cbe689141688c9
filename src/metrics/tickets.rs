//! Section 4 of the catalogue: support tickets (one row per ticket).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::dataset::{RejectReason, Rejected, Ticket};

use super::stats::{self, Summary};
use super::survey::{csat_from_histogram, csat_scale, scale_score, CsatResult, ScoreCounts};

/// Count and share of one category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryShare {
    pub category: String,
    pub count: usize,
    /// Share of the categorised tickets ·100.
    pub pct: f64,
}

/// Every ticket metric of a group of tickets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TicketMetrics {
    /// Rows used.
    pub tickets: usize,
    /// Distinct customers (`None` when no ticket names one).
    pub customers: Option<usize>,
    /// The customer count input, when given (used instead of distinct customers).
    pub customer_count_input: Option<u64>,
    pub tickets_per_customer: Option<f64>,
    /// first_response − created, in hours.
    pub first_response_hours: Summary,
    /// resolved − created, in hours, over resolved tickets.
    pub resolution_hours: Summary,
    /// Tickets without a resolved time (counted apart, not as 0).
    pub open_tickets: usize,
    /// Resolved tickets whose first-contact resolution is known (contacts or yes/no).
    pub fcr_n: usize,
    pub resolved_first_contact: usize,
    /// resolved at the first contact / resolved tickets ·100.
    pub fcr: Option<f64>,
    /// Categories by count (descending, then name); shares of the categorised tickets.
    pub categories: Vec<CategoryShare>,
    pub uncategorised: usize,
    /// CSAT of the `score` column.
    pub support_csat: CsatResult,
    /// The durations, sorted (for histograms).
    #[serde(skip)]
    pub first_response_values: Vec<f64>,
    #[serde(skip)]
    pub resolution_values: Vec<f64>,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// Why a ticket cannot be used at all, or its score on the CSAT scale `1..=scale` (if any):
/// a first response or a resolution before the creation, contacts 0, a score off the scale.
fn checked_score(t: &Ticket, scale: u8) -> Result<Option<u8>, Rejected> {
    let reject = |column: &str, reason| Rejected { line: t.line, column: column.into(), reason };
    if t.first_response.is_some_and(|f| f < t.created) {
        return Err(reject("first_response", RejectReason::EndBeforeStart));
    }
    if t.resolved.is_some_and(|r| r < t.created) {
        return Err(reject("resolved", RejectReason::EndBeforeStart));
    }
    if t.contacts == Some(0) {
        return Err(reject(
            "contacts",
            RejectReason::OutOfRange { value: 0.0, min: 1.0, max: f64::from(u32::MAX) },
        ));
    }
    t.score.map(|s| scale_score(s, 1, scale)).transpose().map_err(|reason| reject("score", reason))
}

/// The usable tickets counted: customers, durations in hours, open tickets, first-contact
/// resolution, categories and the score histogram.
#[derive(Default)]
struct TicketTally<'a> {
    n: usize,
    customers: HashSet<&'a str>,
    first: Vec<f64>,
    resolution: Vec<f64>,
    open: usize,
    fcr_n: usize,
    fcr_yes: usize,
    categories: HashMap<&'a str, usize>,
    uncategorised: usize,
    scores: ScoreCounts,
}

fn hours(a: chrono::NaiveDateTime, b: chrono::NaiveDateTime) -> f64 {
    (b - a).num_seconds() as f64 / 3600.0
}

impl<'a> TicketTally<'a> {
    fn add(&mut self, t: &'a Ticket, score: Option<u8>) {
        self.n += 1;
        if let Some(c) = t.customer.as_deref() {
            self.customers.insert(c);
        }
        if let Some(f) = t.first_response {
            self.first.push(hours(t.created, f));
        }
        match t.resolved {
            Some(r) => self.resolution.push(hours(t.created, r)),
            None => self.open += 1,
        }
        let resolved = t.resolved.is_some() || t.first_contact_resolved == Some(true);
        if resolved {
            if let Some(yes) = t.first_contact_resolved.or(t.contacts.map(|c| c == 1)) {
                self.fcr_n += 1;
                if yes {
                    self.fcr_yes += 1;
                }
            }
        }
        match t.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => *self.categories.entry(c).or_insert(0) += 1,
            None => self.uncategorised += 1,
        }
        if let Some(x) = score.and_then(|s| self.scores.get_mut(usize::from(s))) {
            *x += 1;
        }
    }
}

/// Categories by count (descending, then name), each as a share of the categorised tickets.
fn category_shares(counts: HashMap<&str, usize>) -> Vec<CategoryShare> {
    let categorised: usize = counts.values().sum();
    let mut categories: Vec<CategoryShare> = counts
        .into_iter()
        .map(|(c, count)| CategoryShare {
            category: c.to_owned(),
            count,
            pct: stats::pct(count as f64, categorised as f64).unwrap_or(0.0),
        })
        .collect();
    categories.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.category.cmp(&b.category)));
    categories
}

/// The ticket metrics. A row is rejected (and not used at all) when a first response or a
/// resolution lies before the creation, when contacts is 0, or when the score is outside
/// the CSAT scale.
pub fn ticket_metrics<'a>(
    tickets: impl IntoIterator<Item = &'a Ticket>,
    customer_count: Option<u64>,
    csat_scale_points: u8,
    csat_threshold: Option<u8>,
) -> TicketMetrics {
    let (scale, threshold) = csat_scale(csat_scale_points, csat_threshold);
    let mut rejected = Vec::new();
    let mut tally = TicketTally::default();
    for t in tickets {
        match checked_score(t, scale) {
            Ok(score) => tally.add(t, score),
            Err(r) => rejected.push(r),
        }
    }
    let TicketTally { n, customers, mut first, mut resolution, open, fcr_n, fcr_yes, .. } = tally;
    let distinct = (!customers.is_empty()).then_some(customers.len());
    let denominator = customer_count.map(|c| c as f64).or(distinct.map(|c| c as f64));
    TicketMetrics {
        tickets: n,
        customers: distinct,
        customer_count_input: customer_count,
        tickets_per_customer: denominator.and_then(|d| tickets_per_customer(n, d)),
        first_response_hours: Summary::of(&mut first),
        resolution_hours: Summary::of(&mut resolution),
        open_tickets: open,
        fcr_n,
        resolved_first_contact: fcr_yes,
        fcr: fcr(fcr_yes, fcr_n),
        categories: category_shares(tally.categories),
        uncategorised: tally.uncategorised,
        support_csat: csat_from_histogram(&tally.scores, scale, Some(threshold)),
        first_response_values: first,
        resolution_values: resolution,
        rejected,
    }
}

/// Tickets per customer = tickets / customers (undefined for no customers).
pub fn tickets_per_customer(tickets: usize, customers: f64) -> Option<f64> {
    stats::ratio(tickets as f64, customers)
}

/// First-contact resolution = tickets resolved at the first contact / resolved tickets whose
/// first contact is known ·100.
pub fn fcr(resolved_first_contact: usize, resolved: usize) -> Option<f64> {
    stats::pct(resolved_first_contact as f64, resolved as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::stats::close;
    use chrono::{NaiveDate, NaiveDateTime};

    fn t(day: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 3, day).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    fn ticket(line: usize) -> Ticket {
        Ticket {
            line,
            ticket: format!("T{line}").into(),
            created: t(1, 8, 0),
            customer: None,
            first_response: None,
            resolved: None,
            contacts: None,
            first_contact_resolved: None,
            category: None,
            score: None,
        }
    }

    #[test]
    fn hand_worked() {
        let rows = vec![
            Ticket {
                customer: Some("A".into()),
                first_response: Some(t(1, 9, 0)),
                resolved: Some(t(1, 10, 0)),
                contacts: Some(1),
                category: Some("billing".into()),
                score: Some(5.0),
                ..ticket(2)
            },
            Ticket {
                customer: Some("A".into()),
                first_response: Some(t(1, 10, 0)),
                resolved: Some(t(2, 8, 0)),
                contacts: Some(3),
                category: Some("bug".into()),
                score: Some(2.0),
                ..ticket(3)
            },
            Ticket {
                customer: Some("B".into()),
                first_response: Some(t(1, 8, 30)),
                resolved: Some(t(1, 12, 0)),
                first_contact_resolved: Some(true),
                category: Some("billing".into()),
                ..ticket(4)
            },
            Ticket {
                customer: Some("C".into()),
                first_response: Some(t(1, 12, 0)),
                category: Some("bug".into()),
                ..ticket(5)
            },
            Ticket {
                customer: Some("C".into()),
                resolved: Some(t(1, 9, 0)),
                category: Some(" ".into()),
                score: Some(4.0),
                ..ticket(6)
            },
            // rejected: resolved before created, contacts 0, score 6 on 1–5
            Ticket { resolved: Some(t(1, 7, 0)), ..ticket(7) },
            Ticket { contacts: Some(0), ..ticket(8) },
            Ticket { score: Some(6.0), ..ticket(9) },
        ];
        let m = ticket_metrics(&rows, None, 5, None);
        assert_eq!(
            m.rejected.iter().map(|r| (r.line, r.column.as_str())).collect::<Vec<_>>(),
            vec![(7, "resolved"), (8, "contacts"), (9, "score")]
        );
        assert_eq!((m.tickets, m.customers, m.open_tickets), (5, Some(3), 1));
        close(m.tickets_per_customer, 5.0 / 3.0);
        // first responses: 1, 2, 0.5, 4 h → mean 1.875, median 1.5, p90 = 2 + 0.7·2 = 3.4
        close(m.first_response_hours.mean, 1.875);
        close(m.first_response_hours.median, 1.5);
        close(m.first_response_hours.p90, 3.4);
        // resolution: 2, 24, 4, 1 h (ticket 5 open) → mean 7.75, median 3, p90 = 4 + 0.7·20 = 18
        close(m.resolution_hours.mean, 7.75);
        close(m.resolution_hours.median, 3.0);
        close(m.resolution_hours.p90, 18.0);
        // FCR: resolved with info: 2 (contacts 1), 3 (contacts 3), 4 (yes) → 2/3
        assert_eq!((m.fcr_n, m.resolved_first_contact), (3, 2));
        close(m.fcr, 66.66666666666667);
        assert_eq!(m.categories.len(), 2);
        assert_eq!((m.categories[0].category.as_str(), m.categories[0].count), ("billing", 2));
        assert_eq!(m.categories[0].pct, 50.0);
        assert_eq!(m.uncategorised, 1);
        // support CSAT: 5, 2, 4 → 2/3 satisfied
        close(m.support_csat.csat, 66.66666666666667);
        // a customer count input replaces distinct customers
        close(ticket_metrics(&rows, Some(10), 5, None).tickets_per_customer, 0.5);
    }

    #[test]
    fn edge_cases() {
        let m = ticket_metrics(&[], None, 5, None);
        assert_eq!(
            (m.tickets_per_customer, m.fcr, m.resolution_hours.mean, m.support_csat.csat),
            (None, None, None, None)
        );
        // one open ticket: no resolution time, not 0
        let m = ticket_metrics(&[ticket(2)], Some(0), 5, None);
        assert_eq!((m.open_tickets, m.resolution_hours.n, m.resolution_hours.median), (1, 0, None));
        assert_eq!(m.tickets_per_customer, None);
        // ties in percentiles
        let rows: Vec<Ticket> =
            (0..4).map(|i| Ticket { resolved: Some(t(1, 10, 0)), ..ticket(i + 2) }).collect();
        let m = ticket_metrics(&rows, None, 5, None);
        assert_eq!((m.resolution_hours.median, m.resolution_hours.p90), (Some(2.0), Some(2.0)));
    }

    proptest::proptest! {
        #[test]
        fn category_shares_sum_to_100(cats in proptest::collection::vec(proptest::option::of(0u8..5), 0..60)) {
            let rows: Vec<Ticket> = cats.iter().enumerate().map(|(i, c)| Ticket { category: c.map(|c| format!("c{c}").into()), ..ticket(i + 2) }).collect();
            let m = ticket_metrics(&rows, None, 5, None);
            let sum: f64 = m.categories.iter().map(|c| c.pct).sum();
            if m.categories.is_empty() {
                proptest::prop_assert_eq!(m.uncategorised, rows.len());
            } else {
                proptest::prop_assert!((sum - 100.0).abs() < 1e-9);
            }
        }
    }
}
