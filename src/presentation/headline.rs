//! The headline strip at the top of a dashboard: the few numbers that matter for the kind of
//! data, each with the last period against the one before. Pure: the app shows the strings
//! and classes this returns and computes nothing itself.
//!
//! Which numbers: what customer-success practitioners quote first for each kind (NPS and its
//! answers for a survey, MRR and churn for subscriptions, revenue and order value for orders,
//! the median times for tickets, …). A figure whose value the data cannot give (`null`, or a
//! metric with no answers of its own) is left out rather than shown as "–"; the next one on
//! the kind's list takes its place.
//!
//! Like with like: a period the data does not cover from its first to its last day (data
//! ending 12 Jan: January has 12 days against December's 31; or starting mid-month) is not
//! compared. The change is the last complete period against the complete one before it,
//! and the strip says "Jan 2024 so far, to 12 Jan" with that period's values beside.

use chrono::NaiveDate;

use crate::dataset::DatasetKind;
use crate::i18n::{format_number, Lang};
use crate::metrics::accumulate::Coverage;
use crate::metrics::PeriodKind;
use crate::presentation::card::month_words;
use crate::presentation::coverage::day_and_month;
use crate::report::{MetricKey as K, MetricsExt, Report};

/// At most this many figures in the strip.
pub const MAX_FIGURES: usize = 6;

/// Whether a rise of the figure is good news.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    Neutral,
}

/// How the change against the previous period reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Good,
    Bad,
    /// No change, or a figure where neither direction is good news.
    Flat,
}

impl Trend {
    /// The CSS class of the change (the metric cards use the same ones).
    pub fn class(self) -> &'static str {
        match self {
            Trend::Good => "change good",
            Trend::Bad => "change bad",
            Trend::Flat => "change",
        }
    }
}

/// One candidate of a kind's strip.
struct Pick {
    key: K,
    en: &'static str,
    de: &'static str,
    direction: Direction,
    /// The figure's own count; a 0 there means the data hold no answers for it.
    n: Option<K>,
}

const fn up(key: K, en: &'static str, de: &'static str) -> Pick {
    Pick { key, en, de, direction: Direction::HigherIsBetter, n: None }
}
const fn down(key: K, en: &'static str, de: &'static str) -> Pick {
    Pick { key, en, de, direction: Direction::LowerIsBetter, n: None }
}
const fn flat(key: K, en: &'static str, de: &'static str) -> Pick {
    Pick { key, en, de, direction: Direction::Neutral, n: None }
}
impl Pick {
    const fn n(mut self, key: K) -> Pick {
        self.n = Some(key);
        self
    }
}

/// The candidates of each kind, most important first.
fn picks(kind: DatasetKind) -> &'static [Pick] {
    match kind {
        DatasetKind::Survey => {
            const {
                &[
                    up(K::Nps, "NPS", "NPS").n(K::NpsN),
                    flat(K::Responses, "Answers", "Antworten"),
                    up(K::NpsPromotersPct, "Promoters", "Promotoren").n(K::NpsN),
                    down(K::NpsDetractorsPct, "Detractors", "Kritiker").n(K::NpsN),
                    up(K::Csat, "CSAT", "CSAT").n(K::CsatN),
                    up(K::CesEasyPct, "Found it easy (CES)", "Fanden es leicht (CES)").n(K::CesN),
                    up(K::ResponseRate, "Response rate", "Rücklaufquote"),
                ]
            }
        }
        DatasetKind::Subscriptions => {
            const {
                &[
                    up(K::Mrr, "MRR", "MRR"),
                    up(K::Customers, "Customers", "Kunden"),
                    down(K::CustomerChurnRate, "Customer churn", "Kundenabwanderung"),
                    down(K::NetMrrChurnRate, "Net MRR churn", "Netto-MRR-Churn"),
                    up(K::Nrr, "NRR", "NRR"),
                    up(K::QuickRatio, "Quick ratio", "Quick Ratio"),
                    up(K::Arpa, "ARPA", "ARPA"),
                ]
            }
        }
        DatasetKind::Orders => {
            const {
                &[
                    up(K::Revenue, "Revenue", "Umsatz"),
                    up(K::Orders, "Orders", "Bestellungen"),
                    up(K::AvgPurchaseValue, "Average order value", "Ø Bestellwert"),
                    up(K::Customers, "Customers", "Kunden"),
                    up(K::RepeatPurchaseRate, "Repeat purchase rate", "Wiederkaufrate"),
                    up(K::Clv, "CLV", "CLV"),
                ]
            }
        }
        DatasetKind::Tickets => {
            const {
                &[
                    flat(K::Tickets, "Tickets", "Tickets"),
                    down(K::OpenTickets, "Open tickets", "Offene Tickets"),
                    down(
                        K::FirstResponseHoursMedian,
                        "First response (median)",
                        "Erste Antwort (Median)",
                    )
                    .n(K::FirstResponseHoursN),
                    down(K::ResolutionHoursMedian, "Resolution (median)", "Lösungszeit (Median)")
                        .n(K::ResolutionHoursN),
                    up(K::Fcr, "First contact resolution", "Erstlösungsquote").n(K::FcrN),
                    up(K::SupportCsat, "Support CSAT", "Support-CSAT").n(K::SupportCsatN),
                ]
            }
        }
        DatasetKind::Usage => {
            const {
                &[
                    up(K::Users, "Users", "Nutzer"),
                    up(K::Mau, "Monthly active users", "Monatlich aktive Nutzer"),
                    up(K::Dau, "Daily active users", "Täglich aktive Nutzer"),
                    up(K::Stickiness, "Stickiness (DAU/MAU)", "Stickiness (DAU/MAU)"),
                    up(K::AvgSessionMinutes, "Average session", "Ø Sitzung"),
                    up(K::LicenseUtilisation, "Licence utilisation", "Lizenzauslastung"),
                    down(
                        K::TimeToValueDaysMedian,
                        "Time to value (median)",
                        "Time to Value (Median)",
                    )
                    .n(K::TimeToValueDaysN),
                ]
            }
        }
        DatasetKind::Funnel => {
            const {
                &[
                    up(K::Visitors, "Visitors", "Besucher"),
                    up(K::Conversions, "Conversions", "Conversions"),
                    up(K::ConversionRate, "Conversion rate", "Conversion-Rate"),
                    down(K::CartAbandonmentRate, "Cart abandonment", "Warenkorbabbruch"),
                    down(K::Cac, "CAC", "CAC"),
                    down(K::CacPaybackMonths, "CAC payback", "CAC-Amortisation"),
                ]
            }
        }
        DatasetKind::Health => {
            const {
                &[
                    flat(K::Scored, "Customers scored", "Bewertete Kunden"),
                    up(K::HealthScore, "Health score (mean)", "Health Score (Mittel)"),
                    down(K::HealthRed, "At risk (red)", "Gefährdet (rot)"),
                    down(K::HealthRedPct, "Share at risk", "Anteil gefährdet"),
                    up(K::HealthGreenPct, "Share healthy", "Anteil gesund"),
                ]
            }
        }
    }
}

/// Mean user counts read as counts: one decimal at most, none from 100 on.
fn format_value(key: K, v: f64, lang: Lang) -> String {
    match key {
        K::Dau | K::Mau => format_number(v, if v.abs() >= 100.0 { 0 } else { 1 }, lang),
        _ => key.unit().format(v, lang),
    }
}

fn format_change(key: K, v: f64, lang: Lang) -> String {
    match key {
        K::Dau | K::Mau => {
            crate::i18n::format_signed(v, if v.abs() >= 100.0 { 0 } else { 1 }, lang)
        }
        _ => key.unit().format_change(v, lang),
    }
}

/// The last period with a value against the one before it.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodChange {
    pub period: String,
    pub value: f64,
    pub previous_period: String,
    pub previous: f64,
    pub change: f64,
    pub trend: Trend,
    /// "2024-12: 31.0 (+4.5 pts vs 2024-11)"
    pub text: String,
    /// "+4.5 pts"
    pub change_text: String,
    /// "31.0", the period's own value
    pub value_text: String,
    /// "vs 2024-11"
    pub against: String,
}

/// One number of the strip, written for display.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub key: K,
    pub label: &'static str,
    /// The value for the whole range (full precision, for `data-value`).
    pub value: f64,
    pub value_text: String,
    /// `None` with fewer than two complete periods that have a value.
    pub latest: Option<PeriodChange>,
    /// The value so far of the incomplete last period ("31.0"), when it has one.
    pub so_far: Option<String>,
}

/// The last period when the data stops inside it.
#[derive(Clone, Debug, PartialEq)]
pub struct PartialPeriod {
    /// "2024-01"
    pub period: String,
    /// The data's last day in it.
    pub to: NaiveDate,
    /// "Jan 2024 so far, to 12 Jan" / "Jan 2024 bisher, bis 12. Jan"
    pub text: String,
    /// "Jan 2024 so far" / "Jan 2024 bisher", before a figure's value in it
    pub label: String,
}

/// The strip of one report: the figures and the sentence that says what they cover.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    pub figures: Vec<Figure>,
    /// "Whole range 2024-01 … 2024-12 (12 periods); changes: last period against the one before."
    pub caption: String,
    /// The last period, when the data ends before its last day (it is not compared).
    pub partial: Option<PartialPeriod>,
}

/// The first and last day of a period label ("2024-03", "2024-W09", "2024-Q1").
pub fn period_days(label: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (year, rest) = label.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let (kind, key) = if let Some(w) = rest.strip_prefix('W') {
        let monday = NaiveDate::from_isoywd_opt(year, w.parse().ok()?, chrono::Weekday::Mon)?;
        (PeriodKind::Week, PeriodKind::Week.key(monday))
    } else if let Some(q) = rest.strip_prefix('Q') {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        let first = NaiveDate::from_ymd_opt(year, 3 * q - 2, 1)?;
        (PeriodKind::Quarter, PeriodKind::Quarter.key(first))
    } else {
        let first = NaiveDate::from_ymd_opt(year, rest.parse().ok()?, 1)?;
        (PeriodKind::Month, PeriodKind::Month.key(first))
    };
    Some((kind.first_day(key)?, kind.last_day(key)?))
}

/// Whether the data's days (`None`: unknown, taken as complete) cover the whole period.
pub fn is_complete(label: &str, days: Option<Coverage>) -> bool {
    match (days, period_days(label)) {
        (Some(c), Some((first, last))) => c.first <= first && last <= c.last,
        _ => true,
    }
}

/// The last period of `report` when `days` (the data's days inside the range) end before
/// its last day.
pub fn partial_period(
    report: &Report,
    days: Option<Coverage>,
    lang: Lang,
) -> Option<PartialPeriod> {
    let label = &report.periods.last()?.period;
    let (_, last) = period_days(label)?;
    let to = days?.last;
    (to < last).then(|| {
        let (name, day) = (month_words(label, lang), day_and_month(to, lang));
        let (so_far, to_day) = match lang {
            Lang::En => (format!("{name} so far"), format!("to {day}")),
            Lang::De => (format!("{name} bisher"), format!("bis {day}")),
        };
        PartialPeriod {
            period: label.clone(),
            to,
            text: format!("{so_far}, {to_day}"),
            label: so_far,
        }
    })
}

/// The headline strip of `report` in `lang`. `days`: the data's days inside the chosen
/// range ([`Coverage::within`]); periods they do not cover whole are not compared.
pub fn headline(report: &Report, days: Option<Coverage>, lang: Lang) -> Headline {
    let de = lang == Lang::De;
    let m = &report.metrics;
    let partial = partial_period(report, days, lang);
    let figures: Vec<Figure> = picks(report.kind)
        .iter()
        .filter(|p| p.n.is_none_or(|n| m.count(n) != Some(0)))
        .filter_map(|p| {
            let value = m.number(p.key).filter(|v| v.is_finite())?;
            Some(Figure {
                key: p.key,
                label: if de { p.de } else { p.en },
                value,
                value_text: format_value(p.key, value, lang),
                latest: latest(report, p, days, lang),
                so_far: partial.as_ref().and_then(|_| so_far(report, p, lang)),
            })
        })
        .take(MAX_FIGURES)
        .collect();
    let compared = report.periods.iter().any(|g| !is_complete(&g.period, days));
    Headline { caption: caption(report, compared, lang), figures, partial }
}

/// The value of the figure in the last period, when it has one.
fn so_far(report: &Report, p: &Pick, lang: Lang) -> Option<String> {
    let g = report.periods.last()?;
    if p.n.is_some_and(|n| g.metrics.count(n) == Some(0)) {
        return None;
    }
    let v = g.metrics.number(p.key).filter(|v| v.is_finite())?;
    Some(format_value(p.key, v, lang))
}

fn latest(report: &Report, p: &Pick, days: Option<Coverage>, lang: Lang) -> Option<PeriodChange> {
    let with_value: Vec<(&str, f64)> = report
        .periods
        .iter()
        .filter(|g| is_complete(&g.period, days))
        .filter(|g| p.n.is_none_or(|n| g.metrics.count(n) != Some(0)))
        .filter_map(|g| {
            g.metrics.number(p.key).filter(|v| v.is_finite()).map(|v| (g.period.as_str(), v))
        })
        .collect();
    let [.., (prev_label, prev), (label, value)] = with_value.as_slice() else {
        return None;
    };
    let change = value - prev;
    let change_text = format_change(p.key, change, lang);
    // a change too small to show ("0.0 h") is no news either way
    let shown_zero = !change_text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let trend = match p.direction {
        _ if change == 0.0 || shown_zero => Trend::Flat,
        Direction::HigherIsBetter if change > 0.0 => Trend::Good,
        Direction::LowerIsBetter if change < 0.0 => Trend::Good,
        Direction::Neutral => Trend::Flat,
        _ => Trend::Bad,
    };
    let vs = if lang == Lang::De { "ggü." } else { "vs" };
    let value_text = format_value(p.key, *value, lang);
    let against = format!("{vs} {prev_label}");
    let text = format!("{label}: {value_text} ({change_text} {against})");
    Some(PeriodChange {
        period: label.to_string(),
        value: *value,
        previous_period: prev_label.to_string(),
        previous: *prev,
        change,
        trend,
        text,
        change_text,
        value_text,
        against,
    })
}

/// What the big numbers cover and what the changes compare (`complete_only`: some period
/// was left out of the comparison as incomplete).
fn caption(report: &Report, complete_only: bool, lang: Lang) -> String {
    let de = lang == Lang::De;
    let n = report.periods.len();
    let range = match (report.periods.first(), report.periods.last()) {
        (Some(a), Some(b)) if n > 1 => {
            let periods = format_number(n as f64, 0, lang);
            if de {
                format!("Gesamter Zeitraum {} … {} ({periods} Perioden)", a.period, b.period)
            } else {
                format!("Whole range {} … {} ({periods} periods)", a.period, b.period)
            }
        }
        (Some(a), _) => {
            if de {
                format!("Gesamter Zeitraum {}", a.period)
            } else {
                format!("Whole range {}", a.period)
            }
        }
        _ => (if de { "Alle Zeilen" } else { "All rows" }).to_string(),
    };
    if n > 1 {
        let changes = match (de, complete_only) {
            (true, false) => "darunter die letzte Periode gegenüber der davor",
            (false, false) => "below each: the last period against the one before",
            (true, true) => {
                "darunter die letzte vollständige Periode gegenüber der davor (unvollständige nicht verglichen)"
            }
            (false, true) => {
                "below each: the last complete period against the one before (incomplete ones not compared)"
            }
        };
        format!("{range}; {changes}.")
    } else {
        format!("{range}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::PeriodReport;
    use serde_json::{json, Map, Value};

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn report(kind: DatasetKind, metrics: Value, periods: Vec<(&str, Value)>) -> Report {
        Report {
            kind,
            rows: 0,
            rejected: Vec::new(),
            metrics: obj(metrics),
            periods: periods
                .into_iter()
                .map(|(p, m)| PeriodReport { period: p.into(), metrics: obj(m) })
                .collect(),
            segments: Default::default(),
        }
    }

    #[test]
    fn survey_strip_with_change_and_missing_scales_left_out() {
        // 10 answers: 5 promoters, 2 passives, 3 detractors → NPS 20; CSAT and CES not asked.
        // Periods: 2024-01 NPS 0 (4 answers), 2024-02 NPS 33.3… (6 answers): +33.3 pts.
        let r = report(
            DatasetKind::Survey,
            json!({"nps": 20.0, "nps_n": 10, "responses": 10, "nps_promoters_pct": 50.0,
                   "nps_detractors_pct": 30.0, "csat": null, "csat_n": 0, "ces_easy_pct": null,
                   "ces_n": 0, "response_rate": null}),
            vec![
                (
                    "2024-01",
                    json!({"nps": 0.0, "nps_n": 4, "responses": 4,
                                   "nps_promoters_pct": 25.0, "nps_detractors_pct": 25.0}),
                ),
                (
                    "2024-02",
                    json!({"nps": 100.0 / 3.0, "nps_n": 6, "responses": 6,
                                   "nps_promoters_pct": 200.0 / 3.0, "nps_detractors_pct": 100.0 / 3.0}),
                ),
            ],
        );
        let h = headline(&r, None, Lang::En);
        let keys: Vec<K> = h.figures.iter().map(|f| f.key).collect();
        assert_eq!(keys, [K::Nps, K::Responses, K::NpsPromotersPct, K::NpsDetractorsPct]);
        let nps = &h.figures[0];
        assert_eq!(nps.value_text, "+20.0");
        let l = nps.latest.as_ref().unwrap();
        assert_eq!((l.period.as_str(), l.previous_period.as_str()), ("2024-02", "2024-01"));
        assert!((l.change - 33.333).abs() < 1e-3);
        assert_eq!(l.trend, Trend::Good);
        assert_eq!(l.text, "2024-02: +33.3 (+33.3 pts vs 2024-01)");
        // answers: neither direction is good news
        let answers = &h.figures[1];
        assert_eq!(answers.value_text, "10");
        assert_eq!(answers.latest.as_ref().unwrap().trend, Trend::Flat);
        assert_eq!(answers.latest.as_ref().unwrap().change_text, "+2");
        // more detractors is bad news: 25 % → 33.3 %
        let det = &h.figures[3];
        assert_eq!(det.latest.as_ref().unwrap().trend, Trend::Bad);
        assert_eq!(
            h.caption,
            "Whole range 2024-01 … 2024-02 (2 periods); below each: the last period against the one before."
        );
    }

    #[test]
    fn german_numbers_and_words() {
        // revenue 1 234,50 in 2024-01, 2 000,00 in 2024-02 (+765,50); 3 + 4 orders
        let r = report(
            DatasetKind::Orders,
            json!({"revenue": 3234.5, "orders": 7, "avg_purchase_value": 462.07142857,
                   "customers": 5, "repeat_purchase_rate": 40.0, "clv": null}),
            vec![
                ("2024-01", json!({"revenue": 1234.5, "orders": 3})),
                ("2024-02", json!({"revenue": 2000.0, "orders": 4})),
            ],
        );
        let h = headline(&r, None, Lang::De);
        let keys: Vec<K> = h.figures.iter().map(|f| f.key).collect();
        assert_eq!(
            keys,
            [K::Revenue, K::Orders, K::AvgPurchaseValue, K::Customers, K::RepeatPurchaseRate]
        );
        assert_eq!(h.figures[0].label, "Umsatz");
        assert_eq!(h.figures[0].value_text, "3.234,50");
        assert_eq!(
            h.figures[0].latest.as_ref().unwrap().text,
            "2024-02: 2.000,00 (+765,50 ggü. 2024-01)"
        );
        assert_eq!(h.figures[4].value_text, "40,0 %");
        // a figure with a single period of values has no change
        assert_eq!(h.figures[2].latest, None);
        assert!(h.caption.starts_with("Gesamter Zeitraum 2024-01 … 2024-02 (2 Perioden)"));
    }

    #[test]
    fn lower_is_better_and_empty_periods_skipped() {
        // median first response 5 h → (no tickets in 2024-02) → 3 h in 2024-03: −2 h, good
        let r = report(
            DatasetKind::Tickets,
            json!({"tickets": 9, "open_tickets": 0, "first_response_hours_median": 4.0,
                   "first_response_hours_n": 9, "resolution_hours_median": null,
                   "resolution_hours_n": 0, "fcr": 50.0, "fcr_n": 4, "support_csat": null,
                   "support_csat_n": 0}),
            vec![
                (
                    "2024-01",
                    json!({"tickets": 5, "first_response_hours_median": 5.0, "first_response_hours_n": 5}),
                ),
                (
                    "2024-02",
                    json!({"tickets": 0, "first_response_hours_median": null, "first_response_hours_n": 0}),
                ),
                (
                    "2024-03",
                    json!({"tickets": 4, "first_response_hours_median": 3.0, "first_response_hours_n": 4}),
                ),
            ],
        );
        let h = headline(&r, None, Lang::En);
        let keys: Vec<K> = h.figures.iter().map(|f| f.key).collect();
        assert_eq!(keys, [K::Tickets, K::OpenTickets, K::FirstResponseHoursMedian, K::Fcr]);
        // open tickets 0 is a value, shown
        assert_eq!(h.figures[1].value_text, "0");
        let fr = h.figures[2].latest.as_ref().unwrap();
        assert_eq!(fr.text, "2024-03: 3.0 h (−2.0 h vs 2024-01)");
        assert_eq!(fr.trend, Trend::Good);
        // a change that rounds to nothing shown is neither good nor bad: 5.0 h → 4.96 h
        let mut r2 = r.clone();
        r2.periods[2].metrics.insert("first_response_hours_median".into(), json!(4.96));
        let fr = headline(&r2, None, Lang::En).figures[2].latest.clone().unwrap();
        assert_eq!((fr.change_text.as_str(), fr.trend), ("0.0 h", Trend::Flat));
        // tickets 5 → 0 → 4: the empty period counts (0 tickets is a value)
        let t = h.figures[0].latest.as_ref().unwrap();
        assert_eq!((t.previous_period.as_str(), t.change), ("2024-02", 4.0));
    }

    #[test]
    fn at_most_six_and_nothing_without_values() {
        let r = report(
            DatasetKind::Survey,
            json!({"nps": 1.0, "nps_n": 1, "responses": 1, "nps_promoters_pct": 1.0,
                   "nps_detractors_pct": 1.0, "csat": 1.0, "csat_n": 1, "ces_easy_pct": 1.0,
                   "ces_n": 1, "response_rate": 1.0}),
            vec![],
        );
        let h = headline(&r, None, Lang::En);
        assert_eq!(h.figures.len(), MAX_FIGURES);
        assert!(h.figures.iter().all(|f| f.latest.is_none()));
        assert_eq!(h.caption, "All rows.");
        let empty = report(DatasetKind::Funnel, json!({"visitors": null, "cac": "x"}), vec![]);
        assert!(headline(&empty, None, Lang::En).figures.is_empty());
    }

    #[test]
    fn mean_user_counts_without_needless_decimals() {
        let r = report(
            DatasetKind::Usage,
            json!({"users": 40, "mau": 1234.4, "dau": 12.26, "stickiness": 20.0}),
            vec![("2024-01", json!({"dau": 10.0})), ("2024-02", json!({"dau": 12.5}))],
        );
        let h = headline(&r, None, Lang::En);
        assert_eq!(h.figures[1].value_text, "1,234");
        assert_eq!(h.figures[2].value_text, "12.3");
        assert_eq!(h.figures[2].latest.as_ref().unwrap().change_text, "+2.5");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn period_labels_have_their_days() {
        assert_eq!(period_days("2024-02"), Some((d(2024, 2, 1), d(2024, 2, 29))));
        assert_eq!(period_days("2024-Q4"), Some((d(2024, 10, 1), d(2024, 12, 31))));
        // ISO week 1 of 2025 starts on Monday 30 Dec 2024
        assert_eq!(period_days("2025-W01"), Some((d(2024, 12, 30), d(2025, 1, 5))));
        assert_eq!(period_days("2024-13"), None);
        assert_eq!(period_days("2024-Q5"), None);
        let days = Some(Coverage { first: d(2024, 1, 2), last: d(2024, 12, 31) });
        assert!(!is_complete("2024-01", days));
        assert!(is_complete("2024-02", days));
        assert!(is_complete("2024-12", days));
        assert!(is_complete("2024-01", None));
    }

    /// Orders to 12 Jan 2025: January has 12 days against December's 31, so the change is
    /// December against November, and the strip says how far January goes.
    #[test]
    fn a_partial_last_period_is_named_not_compared() {
        // revenue Nov 100.00, Dec 150.00, Jan (to the 12th) 40.00; orders 2, 3, 1
        let r = report(
            DatasetKind::Orders,
            json!({"revenue": 290.0, "orders": 6}),
            vec![
                ("2024-11", json!({"revenue": 100.0, "orders": 2})),
                ("2024-12", json!({"revenue": 150.0, "orders": 3})),
                ("2025-01", json!({"revenue": 40.0, "orders": 1})),
            ],
        );
        let days = Some(Coverage { first: d(2024, 11, 1), last: d(2025, 1, 12) });
        let h = headline(&r, days, Lang::En);
        let p = h.partial.as_ref().unwrap();
        assert_eq!((p.period.as_str(), p.to), ("2025-01", d(2025, 1, 12)));
        assert_eq!(p.text, "Jan 2025 so far, to 12 Jan");
        assert_eq!(p.label, "Jan 2025 so far");
        let revenue = &h.figures[0];
        let l = revenue.latest.as_ref().unwrap();
        assert_eq!(l.text, "2024-12: 150.00 (+50.00 vs 2024-11)");
        assert_eq!(l.trend, Trend::Good);
        assert_eq!(revenue.so_far.as_deref(), Some("40.00"));
        // without the data's days, the partial January is compared: 40 − 150 = −110
        let blind = headline(&r, None, Lang::En);
        assert_eq!(blind.figures[0].latest.as_ref().unwrap().change, -110.0);
        assert_eq!(blind.partial, None);
        assert_eq!(
            h.caption,
            "Whole range 2024-11 … 2025-01 (3 periods); below each: the last complete period against the one before (incomplete ones not compared)."
        );
        let de = headline(&r, days, Lang::De);
        assert_eq!(de.partial.unwrap().text, "Jan 2025 bisher, bis 12. Jan");
        assert_eq!(de.figures[1].so_far.as_deref(), Some("1"));
        assert_eq!(de.figures[1].latest.as_ref().unwrap().text, "2024-12: 3 (+1 ggü. 2024-11)");
        // the data ends on 31 Jan: January is complete and compared (40 − 150)
        let whole = Some(Coverage { first: d(2024, 11, 1), last: d(2025, 1, 31) });
        let h = headline(&r, whole, Lang::En);
        assert_eq!(h.partial, None);
        assert_eq!(h.figures[0].latest.as_ref().unwrap().period, "2025-01");
        assert_eq!(h.figures[0].so_far, None);
        // starting mid-November: November is not compared either; Dec and Jan are whole
        let late = Some(Coverage { first: d(2024, 11, 15), last: d(2025, 1, 31) });
        let l = headline(&r, late, Lang::En).figures[0].latest.clone().unwrap();
        assert_eq!((l.previous_period.as_str(), l.period.as_str()), ("2024-12", "2025-01"));
        // only two periods, the last partial: one complete period, nothing to compare
        let mut short = r.clone();
        short.periods.remove(0);
        let short_days = Some(Coverage { first: d(2024, 12, 1), last: d(2025, 1, 12) });
        let h = headline(&short, short_days, Lang::En);
        assert_eq!(h.figures[0].latest, None);
        assert_eq!(h.partial.unwrap().text, "Jan 2025 so far, to 12 Jan");
    }
}
