//! Section 5 of the catalogue: product usage (one row per event or session).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dataset::{RejectReason, Rejected, UsageEvent};

use super::period::PeriodKind;
use super::stats::{self, Summary};

/// Users of one feature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureAdoption {
    pub feature: String,
    pub users: usize,
    /// users of the feature / active users ·100.
    pub pct: f64,
}

/// Licence use of one account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AccountUtilisation {
    pub account: String,
    pub active_users: usize,
    pub seats: Option<u32>,
    /// active users / seats ·100.
    pub pct: Option<f64>,
}

/// Time to value of one account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AccountTimeToValue {
    pub account: String,
    pub signup: NaiveDate,
    pub first_value: NaiveDate,
    pub days: i64,
}

/// Every usage metric of a group of events.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UsageMetrics {
    /// Rows used.
    pub events: usize,
    /// Distinct active users.
    pub users: usize,
    /// Calendar days, ISO weeks and months of the span (range/period, or first to last event).
    pub days: usize,
    pub weeks: usize,
    pub months: usize,
    /// Mean distinct users per day / ISO week / month over the span (days without events
    /// count as 0).
    pub dau: Option<f64>,
    pub wau: Option<f64>,
    pub mau: Option<f64>,
    /// mean DAU / mean MAU ·100.
    pub stickiness: Option<f64>,
    /// events / Σ over months of that month's active users.
    pub usage_intensity: Option<f64>,
    pub feature_adoption: Vec<FeatureAdoption>,
    /// Mean duration of the events that have one.
    pub avg_session_minutes: Option<f64>,
    pub sessions_with_duration: usize,
    /// Σ active users / Σ seats ·100 over accounts with seats.
    pub license_utilisation: Option<f64>,
    pub accounts: Vec<AccountUtilisation>,
    /// Days from signup to the first use (of the chosen feature) on or after signup.
    pub time_to_value_days: Summary,
    pub time_to_value: Vec<AccountTimeToValue>,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// Licence use of one account while counting: its users' ids, its largest seat count.
struct AccountTally<'a> {
    users: Vec<u32>,
    seats: Option<u32>,
    name: &'a str,
}

/// The events counted once: each user by a small id, the distinct (day, user) pairs, the
/// users of each feature, the durations and each account's users and seats.
#[derive(Default)]
struct UsageTally<'a> {
    events: usize,
    users: HashMap<&'a str, u32>,
    day_user: Vec<(i32, u32)>,
    feature_user: HashMap<&'a str, Vec<u32>>,
    durations: Vec<f64>,
    accounts: HashMap<&'a str, AccountTally<'a>>,
}

impl<'a> UsageTally<'a> {
    fn add(&mut self, e: &'a UsageEvent) {
        self.events += 1;
        let next = self.users.len() as u32;
        let u = *self.users.entry(&*e.user).or_insert(next);
        self.day_user.push((e.timestamp.date().num_days_from_ce(), u));
        if let Some(f) = e.feature.as_deref().filter(|f| !f.trim().is_empty()) {
            self.feature_user.entry(f).or_default().push(u);
        }
        if let Some(d) = e.duration_minutes {
            self.durations.push(d);
        }
        if let Some(a) = e.account.as_deref() {
            let acc = self.accounts.entry(a).or_insert(AccountTally {
                users: Vec::new(),
                seats: None,
                name: a,
            });
            acc.users.push(u);
            if let Some(s) = e.seats {
                acc.seats = Some(acc.seats.map_or(s, |x| x.max(s)));
            }
        }
    }
}

/// The events with a usable duration (or none), and the first and last of their days; a
/// negative or non-finite duration rejects its row.
fn valid_events<'a>(
    events: impl IntoIterator<Item = &'a UsageEvent>,
    rejected: &mut Vec<Rejected>,
) -> (Vec<&'a UsageEvent>, Option<(NaiveDate, NaiveDate)>) {
    let (mut first, mut last): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    let mut valid: Vec<&UsageEvent> = Vec::new();
    for e in events {
        if let Some(d) = e.duration_minutes {
            if !d.is_finite() || d < 0.0 {
                rejected.push(Rejected {
                    line: e.line,
                    column: "duration".into(),
                    reason: if d.is_finite() {
                        RejectReason::Negative { value: d.to_string() }
                    } else {
                        RejectReason::NotANumber { value: d.to_string() }
                    },
                });
                continue;
            }
        }
        valid.push(e);
        let date = e.timestamp.date();
        first = Some(first.map_or(date, |f| f.min(date)));
        last = Some(last.map_or(date, |l| l.max(date)));
    }
    (valid, first.zip(last))
}

/// Calendar days, ISO weeks and months from `a` to `b` (0 when the span is empty).
fn span_lengths(a: NaiveDate, b: NaiveDate) -> (usize, usize, usize) {
    if a > b {
        return (0, 0, 0);
    }
    let count = |k: PeriodKind| (k.key(b) - k.key(a) + 1) as usize;
    (((b - a).num_days() + 1) as usize, count(PeriodKind::Week), count(PeriodKind::Month))
}

/// DAU, WAU, MAU, stickiness and usage intensity from the distinct (day, user) pairs
/// (sorted and deduplicated) and the span's lengths already in `m`.
fn active_users(m: &mut UsageMetrics, day_user: &[(i32, u32)]) {
    let distinct_in = |k: PeriodKind| -> usize {
        let mut v: Vec<(i32, u32)> = day_user
            .iter()
            .filter_map(|&(d, u)| NaiveDate::from_num_days_from_ce_opt(d).map(|d| (k.key(d), u)))
            .collect();
        v.dedup();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let user_days = day_user.len();
    let user_weeks = distinct_in(PeriodKind::Week);
    let user_months = distinct_in(PeriodKind::Month);
    m.dau = stats::ratio(user_days as f64, m.days as f64);
    m.wau = stats::ratio(user_weeks as f64, m.weeks as f64);
    m.mau = stats::ratio(user_months as f64, m.months as f64);
    m.stickiness = m.dau.zip(m.mau).and_then(|(d, mo)| stats::pct(d, mo));
    m.usage_intensity = stats::ratio(m.events as f64, user_months as f64);
}

/// Users per feature as a share of all active users, most used first.
fn feature_adoption(feature_user: HashMap<&str, Vec<u32>>, users: usize) -> Vec<FeatureAdoption> {
    let mut adoption: Vec<FeatureAdoption> = feature_user
        .into_iter()
        .map(|(f, mut us)| {
            us.sort_unstable();
            us.dedup();
            FeatureAdoption {
                feature: f.to_owned(),
                users: us.len(),
                pct: stats::pct(us.len() as f64, users as f64).unwrap_or(0.0),
            }
        })
        .collect();
    adoption.sort_by(|a, b| b.users.cmp(&a.users).then_with(|| a.feature.cmp(&b.feature)));
    adoption
}

/// Each account's active users against its seats (by name), and the licence utilisation
/// over the accounts with seats.
fn licence_use(accounts: HashMap<&str, AccountTally>) -> (Vec<AccountUtilisation>, Option<f64>) {
    let (mut sum_active, mut sum_seats) = (0u64, 0u64);
    let mut accs: Vec<AccountUtilisation> = accounts
        .into_values()
        .map(|mut a| {
            a.users.sort_unstable();
            a.users.dedup();
            if let Some(s) = a.seats {
                sum_active += a.users.len() as u64;
                sum_seats += u64::from(s);
            }
            AccountUtilisation {
                account: a.name.to_owned(),
                active_users: a.users.len(),
                seats: a.seats,
                pct: a.seats.and_then(|s| stats::pct(a.users.len() as f64, f64::from(s))),
            }
        })
        .collect();
    accs.sort_by(|a, b| a.account.cmp(&b.account));
    (accs, stats::pct(sum_active as f64, sum_seats as f64))
}

/// Everything but time to value (see [`usage_metrics`]).
fn usage_core<'a>(
    events: impl IntoIterator<Item = &'a UsageEvent>,
    span: Option<(NaiveDate, NaiveDate)>,
) -> UsageMetrics {
    let mut m = UsageMetrics::default();
    let (valid, seen) = valid_events(events, &mut m.rejected);
    let mut tally = UsageTally::default();
    for e in valid {
        tally.add(e);
    }
    m.events = tally.events;
    m.users = tally.users.len();
    if let Some((a, b)) = span.or(seen) {
        (m.days, m.weeks, m.months) = span_lengths(a, b);
    }
    tally.day_user.sort_unstable();
    tally.day_user.dedup();
    active_users(&mut m, &tally.day_user);
    m.feature_adoption = feature_adoption(tally.feature_user, m.users);
    m.sessions_with_duration = tally.durations.len();
    m.avg_session_minutes = stats::mean(&tally.durations);
    (m.accounts, m.license_utilisation) = licence_use(tally.accounts);
    m.rejected.sort_by_key(|r| r.line);
    m
}

/// Time to value per account: days from the account's signup to its first event on or after
/// signup (of `feature`, or any event). Accounts without signup or without such an event
/// have none.
pub fn time_to_value<'a>(
    events: impl IntoIterator<Item = &'a UsageEvent> + Clone,
    feature: Option<&str>,
) -> Vec<AccountTimeToValue> {
    let mut signup: HashMap<&str, NaiveDate> = HashMap::new();
    for e in events.clone() {
        if let (Some(a), Some(s)) = (e.account.as_deref(), e.signup) {
            let x = signup.entry(a).or_insert(s);
            *x = (*x).min(s);
        }
    }
    let mut first: HashMap<&str, NaiveDate> = HashMap::new();
    for e in events {
        let Some(a) = e.account.as_deref() else {
            continue;
        };
        let Some(&s) = signup.get(a) else { continue };
        if feature.is_some_and(|f| e.feature.as_deref() != Some(f)) {
            continue;
        }
        let d = e.timestamp.date();
        if d < s {
            continue;
        }
        let x = first.entry(a).or_insert(d);
        *x = (*x).min(d);
    }
    let mut v: Vec<AccountTimeToValue> = first
        .into_iter()
        .filter_map(|(a, d)| {
            let s = *signup.get(a)?;
            Some(AccountTimeToValue {
                account: a.to_owned(),
                signup: s,
                first_value: d,
                days: (d - s).num_days(),
            })
        })
        .collect();
    v.sort_by(|a, b| a.account.cmp(&b.account));
    v
}

/// The usage metrics. `span` is the range or period (else first to last event);
/// `ttv_feature` the feature whose first use counts as value (None = any event). Negative
/// or non-finite durations are rejected (the row is not used). Events before an account's
/// signup are not value.
pub fn usage_metrics(
    events: &[&UsageEvent],
    span: Option<(NaiveDate, NaiveDate)>,
    ttv_feature: Option<&str>,
) -> UsageMetrics {
    let mut m = usage_core(events.iter().copied(), span);
    let ok = |e: &&&UsageEvent| e.duration_minutes.is_none_or(|d| d.is_finite() && d >= 0.0);
    let valid: Vec<&UsageEvent> = events.iter().filter(ok).copied().collect();
    m.time_to_value = time_to_value(valid.iter().copied(), ttv_feature);
    let mut days: Vec<f64> = m.time_to_value.iter().map(|t| t.days as f64).collect();
    m.time_to_value_days = Summary::of(&mut days);
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::stats::close;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    fn ev(line: usize, user: &str, date: NaiveDate) -> UsageEvent {
        UsageEvent {
            line,
            user: user.into(),
            timestamp: date.and_hms_opt(12, 0, 0).unwrap(),
            account: None,
            feature: None,
            duration_minutes: None,
            seats: None,
            signup: None,
        }
    }

    #[test]
    fn hand_worked() {
        // 2024-03-04 (Mon) … 2024-03-10 (Sun): one ISO week, one month
        let acc = |mut e: UsageEvent, a: &str| {
            e.account = Some(a.into());
            e.seats = Some(if a == "X" { 4 } else { 1 });
            e.signup = Some(d(3, 1));
            e
        };
        let rows = [
            UsageEvent {
                feature: Some("export".into()),
                duration_minutes: Some(10.0),
                ..acc(ev(2, "u1", d(3, 4)), "X")
            },
            UsageEvent { duration_minutes: Some(20.0), ..acc(ev(3, "u1", d(3, 4)), "X") },
            UsageEvent { feature: Some("report".into()), ..acc(ev(4, "u2", d(3, 5)), "X") },
            UsageEvent { feature: Some("export".into()), ..acc(ev(5, "u3", d(3, 10)), "Y") },
            UsageEvent { duration_minutes: Some(-1.0), ..ev(6, "u4", d(3, 6)) },
        ];
        let refs: Vec<&UsageEvent> = rows.iter().collect();
        let m = usage_metrics(&refs, None, Some("export"));
        assert_eq!(m.rejected.len(), 1);
        assert_eq!(m.rejected[0].line, 6);
        assert_eq!((m.events, m.users, m.days, m.weeks, m.months), (4, 3, 7, 1, 1));
        // user-days: (4,u1), (5,u2), (10,u3) = 3 over 7 days
        close(m.dau, 3.0 / 7.0);
        close(m.wau, 3.0);
        close(m.mau, 3.0);
        close(m.stickiness, 100.0 / 7.0);
        close(m.usage_intensity, 4.0 / 3.0);
        assert_eq!(m.feature_adoption[0].feature, "export");
        assert_eq!(m.feature_adoption[0].users, 2);
        close(Some(m.feature_adoption[0].pct), 66.66666666666667);
        close(m.avg_session_minutes, 15.0);
        // X: 2 of 4 seats, Y: 1 of 1 → 3/5 overall
        close(m.accounts[0].pct, 50.0);
        close(m.license_utilisation, 60.0);
        // TTV of "export": X 3 days (Mar 4), Y 9 days (Mar 10) → median 6, p90 = 3 + 0.9·6
        assert_eq!(m.time_to_value.len(), 2);
        close(m.time_to_value_days.median, 6.0);
        close(m.time_to_value_days.p90, 8.4);
    }

    #[test]
    fn edge_cases() {
        let m = usage_metrics(&[], None, None);
        assert_eq!(
            (m.dau, m.mau, m.stickiness, m.usage_intensity, m.license_utilisation),
            (None, None, None, None, None)
        );
        let e = ev(2, "u", d(3, 31));
        let m = usage_metrics(&[&e], None, None);
        close(m.dau, 1.0);
        close(m.stickiness, 100.0);
        // a range with empty days: one active day of 31
        let m = usage_metrics(&[&e], Some((d(3, 1), d(3, 31))), None);
        close(m.dau, 1.0 / 31.0);
        close(m.mau, 1.0);
        assert_eq!(m.time_to_value_days.median, None);
    }
}
