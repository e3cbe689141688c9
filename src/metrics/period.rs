//! Periods: calendar months (default), ISO weeks and quarters, in the timezone-free date of
//! a row. A period is a sequential integer key (consecutive periods differ by 1), so
//! "every period from the first to the last" and "the previous period" are arithmetic, and
//! the label ("2024-03", "2024-W09", "2024-Q1") is made only for output.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dataset::Month;

/// How rows are grouped in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    #[default]
    Month,
    Week,
    Quarter,
}

/// A period of some kind as a sequential key (see the module documentation).
pub type PeriodKey = i32;

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Week => "week",
            PeriodKind::Quarter => "quarter",
        }
    }

    /// `month|week|quarter` (also German `monat|woche|quartal`).
    pub fn parse(s: &str) -> Option<PeriodKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "month" | "monat" | "m" => Some(PeriodKind::Month),
            "week" | "woche" | "w" => Some(PeriodKind::Week),
            "quarter" | "quartal" | "q" => Some(PeriodKind::Quarter),
            _ => None,
        }
    }

    /// The key of the period that contains `date`.
    pub fn key(self, date: NaiveDate) -> PeriodKey {
        match self {
            PeriodKind::Month => month_key(date.year(), date.month()),
            PeriodKind::Quarter => date.year() * 4 + (date.month0() / 3) as i32,
            PeriodKind::Week => {
                // 0001-01-01 is a Monday and has day number 1: Mondays are 1 mod 7.
                let monday = date.num_days_from_ce() - date.weekday().num_days_from_monday() as i32;
                (monday - 1).div_euclid(7)
            }
        }
    }

    /// First day of the period.
    pub fn first_day(self, key: PeriodKey) -> Option<NaiveDate> {
        match self {
            PeriodKind::Month => {
                NaiveDate::from_ymd_opt(key.div_euclid(12), key.rem_euclid(12) as u32 + 1, 1)
            }
            PeriodKind::Quarter => {
                NaiveDate::from_ymd_opt(key.div_euclid(4), key.rem_euclid(4) as u32 * 3 + 1, 1)
            }
            PeriodKind::Week => {
                NaiveDate::from_num_days_from_ce_opt(key.checked_mul(7)?.checked_add(1)?)
            }
        }
    }

    /// Last day of the period.
    pub fn last_day(self, key: PeriodKey) -> Option<NaiveDate> {
        self.first_day(key.checked_add(1)?)?.pred_opt()
    }

    /// Number of days in the period.
    pub fn days(self, key: PeriodKey) -> Option<i64> {
        Some((self.last_day(key)? - self.first_day(key)?).num_days() + 1)
    }

    /// "2024-03", "2024-W09" (ISO week-numbering year), "2024-Q1".
    pub fn label(self, key: PeriodKey) -> String {
        match self {
            PeriodKind::Month => format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
            PeriodKind::Quarter => format!("{:04}-Q{}", key.div_euclid(4), key.rem_euclid(4) + 1),
            PeriodKind::Week => match self.first_day(key) {
                Some(d) => {
                    let w = d.iso_week();
                    format!("{:04}-W{:02}", w.year(), w.week())
                }
                None => format!("week {key}"),
            },
        }
    }
}

/// Periods listed without rows are only included (as empty periods) when the data spans at
/// most this many periods; beyond that (stray dates decades apart) only periods with rows
/// are listed, so the report stays small.
pub const MAX_LISTED_PERIODS: i64 = 5000;

/// The periods to list from the keys that have rows (sorted, distinct): every period from
/// the first to the last, or only those with rows when that span is too long.
pub fn listed_periods(mut with_rows: Vec<PeriodKey>) -> Vec<PeriodKey> {
    with_rows.sort_unstable();
    with_rows.dedup();
    match (with_rows.first(), with_rows.last()) {
        (Some(&a), Some(&b)) if i64::from(b) - i64::from(a) < MAX_LISTED_PERIODS => {
            (a..=b).collect()
        }
        _ => with_rows,
    }
}

/// Sequential key of a calendar month (the `PeriodKind::Month` key).
pub fn month_key(year: i32, month: u32) -> PeriodKey {
    year.saturating_mul(12).saturating_add(month.min(12) as i32 - 1)
}

/// The month key of a dataset `Month`.
pub fn key_of_month(m: Month) -> PeriodKey {
    month_key(m.year, m.month.clamp(1, 12))
}

/// A range with an open end (`NaiveDate::MIN` or `MAX`: only `--to` or only `--from` was
/// given) closed at the data's own first or last value, so that a report does not list
/// every period back to year 1 (or on to 262143). Works on dates and on period keys.
pub fn close_open_ends<T: Copy + PartialEq>(
    range: Option<(T, T)>,
    open: (T, T),
    first: Option<T>,
    last: Option<T>,
) -> Option<(T, T)> {
    range.map(|(a, b)| {
        let a = if a == open.0 { first.unwrap_or(a) } else { a };
        let b = if b == open.1 { last.unwrap_or(b) } else { b };
        (a, b)
    })
}

/// The month keys of the open ends [`close_open_ends`] closes.
pub fn open_month_keys() -> (PeriodKey, PeriodKey) {
    (PeriodKind::Month.key(NaiveDate::MIN), PeriodKind::Month.key(NaiveDate::MAX))
}

/// Whether `date` lies in the inclusive range (no range = everything).
pub fn in_range(date: NaiveDate, range: Option<(NaiveDate, NaiveDate)>) -> bool {
    range.is_none_or(|(a, b)| a <= date && date <= b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--to 2024-03-31` alone starts at the data's first date, not a century before.
    #[test]
    fn open_range_ends_close_at_the_data() {
        let open = (NaiveDate::MIN, NaiveDate::MAX);
        let (first, last) = (Some(d(2023, 11, 5)), Some(d(2024, 6, 30)));
        let to = Some((NaiveDate::MIN, d(2024, 3, 31)));
        assert_eq!(close_open_ends(to, open, first, last), Some((d(2023, 11, 5), d(2024, 3, 31))));
        let from = Some((d(2024, 1, 1), NaiveDate::MAX));
        assert_eq!(close_open_ends(from, open, first, last), Some((d(2024, 1, 1), d(2024, 6, 30))));
        // a closed range is kept as given (open subscriptions run to its end)
        let both = Some((d(2022, 1, 1), d(2025, 1, 1)));
        assert_eq!(close_open_ends(both, open, first, last), both);
        assert_eq!(close_open_ends(None, open, first, last), None);
        // no data: the open end stays open
        assert_eq!(close_open_ends(to, open, None, None), to);
        let keys = open_month_keys();
        let k = |y, m| PeriodKind::Month.key(d(y, m, 1));
        assert_eq!(
            close_open_ends(Some((keys.0, k(2024, 3))), keys, Some(k(2023, 11)), None),
            Some((k(2023, 11), k(2024, 3)))
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn labels_and_bounds() {
        let m = PeriodKind::Month;
        assert_eq!(m.label(m.key(d(2024, 3, 15))), "2024-03");
        assert_eq!(m.key(d(2024, 1, 1)) - m.key(d(2023, 12, 31)), 1);
        assert_eq!(m.last_day(m.key(d(2024, 2, 3))), Some(d(2024, 2, 29)));
        assert_eq!(m.days(m.key(d(2023, 2, 3))), Some(28));
        let q = PeriodKind::Quarter;
        assert_eq!(q.label(q.key(d(2024, 3, 31))), "2024-Q1");
        assert_eq!(q.label(q.key(d(2024, 4, 1))), "2024-Q2");
        assert_eq!(q.first_day(q.key(d(2024, 12, 31))), Some(d(2024, 10, 1)));
        let w = PeriodKind::Week;
        assert_eq!(w.label(w.key(d(2024, 2, 29))), "2024-W09");
        // 2021-01-03 is a Sunday in ISO week 2020-W53
        assert_eq!(w.label(w.key(d(2021, 1, 3))), "2020-W53");
        assert_eq!(w.key(d(2021, 1, 4)) - w.key(d(2021, 1, 3)), 1);
        assert_eq!(w.first_day(w.key(d(2024, 3, 3))), Some(d(2024, 2, 26)));
        assert_eq!(w.days(w.key(d(2024, 3, 3))), Some(7));
        assert_eq!(PeriodKind::parse("Quartal"), Some(PeriodKind::Quarter));
        assert_eq!(PeriodKind::parse("year"), None);
        assert_eq!(listed_periods(vec![5, 2, 2]), vec![2, 3, 4, 5]);
        assert_eq!(listed_periods(vec![0, 100_000]), vec![0, 100_000]);
        assert!(listed_periods(Vec::new()).is_empty());
    }
}
