//! The words around a card's number (issue #13): what `n` counts ("779 rows · 80
//! customers"), what the number covers ("Mar 2024", "mean of 14 months"), and the figures a
//! practitioner quotes beside it (the mean and p90 beside a median, the open tickets). Pure:
//! the app's card only puts these lines on screen.

use serde_json::{Map, Value};

use crate::dataset::DatasetKind;
use crate::i18n::{format_number, Lang};
use crate::presentation::catalogue::{key_label, MetricInfo};
use crate::report::{MetricKey as K, MetricsExt, Report};

/// A count with its noun in the right number: "1 row", "37,745 rows", "1 Zeile".
pub fn counted(n: u64, lang: Lang, en: (&str, &str), de: (&str, &str)) -> String {
    let (one, many) = if lang == Lang::De { de } else { en };
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", format_number(n as f64, 0, lang))
}

/// "2024-03" as "Mar 2024" / "Mär 2024"; anything else as given.
pub fn month_words(label: &str, lang: Lang) -> String {
    const EN: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const DE: [&str; 12] =
        ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"];
    let parsed = label.split_once('-').and_then(|(y, m)| {
        let m: usize = m.parse().ok()?;
        let name =
            if lang == Lang::De { DE.get(m.checked_sub(1)?)? } else { EN.get(m.checked_sub(1)?)? };
        (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())).then(|| format!("{name} {y}"))
    });
    parsed.unwrap_or_else(|| label.to_string())
}

fn pick(lang: Lang, en: String, de: String) -> String {
    if lang == Lang::De {
        de
    } else {
        en
    }
}

fn count_of(m: &Map<String, Value>, key: K) -> Option<u64> {
    m.count(key).or_else(|| m.number(key).map(|v| v.round().max(0.0) as u64))
}

/// The n line of a card: what the number was computed from, with its noun.
pub fn n_line(info: &MetricInfo, r: &Report, lang: Lang) -> String {
    let m = &r.metrics;
    let rows = counted(r.rows as u64, lang, ("row", "rows"), ("Zeile", "Zeilen"));
    let customers = |n| counted(n, lang, ("customer", "customers"), ("Kunde", "Kunden"));
    let own = info.n.and_then(|k| count_of(m, k));
    match info.kind {
        DatasetKind::Survey => counted(
            own.unwrap_or(r.rows as u64),
            lang,
            ("answer", "answers"),
            ("Antwort", "Antworten"),
        ),
        DatasetKind::Subscriptions => {
            let month = m.label(K::MrrMonth).map(|l| month_words(l, lang)).unwrap_or_default();
            match count_of(m, K::Customers) {
                Some(c) if !month.is_empty() => {
                    let c = customers(c);
                    pick(
                        lang,
                        format!("{c} in {month} · {rows}"),
                        format!("{c} im {month} · {rows}"),
                    )
                }
                _ => rows,
            }
        }
        DatasetKind::Orders => {
            let orders =
                counted(r.rows as u64, lang, ("order", "orders"), ("Bestellung", "Bestellungen"));
            match count_of(m, K::Customers) {
                Some(c) => format!("{orders} · {}", customers(c)),
                None => orders,
            }
        }
        DatasetKind::Tickets => {
            let (en, de) = match info.n {
                Some(K::ResolutionHoursN) => (
                    ("resolved ticket", "resolved tickets"),
                    ("gelöstes Ticket", "gelöste Tickets"),
                ),
                Some(K::FirstResponseHoursN) => (
                    ("ticket with a first response", "tickets with a first response"),
                    ("Ticket mit erster Antwort", "Tickets mit erster Antwort"),
                ),
                Some(K::FcrN) => (
                    ("resolved ticket", "resolved tickets"),
                    ("gelöstes Ticket", "gelöste Tickets"),
                ),
                Some(K::SupportCsatN) => {
                    (("rated ticket", "rated tickets"), ("bewertetes Ticket", "bewertete Tickets"))
                }
                _ => (("ticket", "tickets"), ("Ticket", "Tickets")),
            };
            counted(own.unwrap_or(r.rows as u64), lang, en, de)
        }
        DatasetKind::Usage => {
            let events =
                counted(r.rows as u64, lang, ("event", "events"), ("Ereignis", "Ereignisse"));
            match (info.n, own) {
                (Some(K::TimeToValueDaysN), Some(n)) => {
                    counted(n, lang, ("account", "accounts"), ("Konto", "Konten"))
                }
                _ => match count_of(m, K::Users) {
                    Some(u) => format!(
                        "{events} · {}",
                        counted(u, lang, ("user", "users"), ("Nutzer", "Nutzer"))
                    ),
                    None => events,
                },
            }
        }
        DatasetKind::Funnel => rows,
        DatasetKind::Health => {
            let scored = count_of(m, K::Scored).unwrap_or(r.rows as u64);
            pick(
                lang,
                format!("{} scored", customers(scored)),
                format!("{} bewertet", customers(scored)),
            )
        }
    }
}

/// What the number covers, when that is not simply "every row": the month of a state, the
/// months a mean runs over, how a score was scaled.
pub fn covers_line(info: &MetricInfo, r: &Report, lang: Lang) -> Option<String> {
    let m = &r.metrics;
    let month = |k| m.label(k).map(|l| month_words(l, lang));
    let span = || Some(format!("{} – {}", month(K::MonthStart)?, month(K::MonthEnd)?));
    match info.key {
        K::Mrr | K::Arr | K::Arpa => {
            let at = month(K::MrrMonth)?;
            let past = m.label(K::MrrMonth) != m.label(K::MonthEnd);
            Some(match (past, lang) {
                (false, _) => at,
                (true, Lang::En) => format!("{at}, the last month of the data"),
                (true, Lang::De) => format!("{at}, der letzte Monat der Daten"),
            })
        }
        K::CustomerChurnRate | K::RetentionRate | K::GrossMrrChurnRate | K::NetMrrChurnRate
        | K::Grr | K::Nrr => {
            let n = count_of(m, K::RateMonths)?;
            let months = counted(n, lang, ("month", "months"), ("Monat", "Monaten"));
            let span = span().unwrap_or_default();
            Some(pick(lang, format!("mean of {months}, {span}"), format!("Mittel aus {months}, {span}")))
        }
        K::QuickRatio => {
            let span = span()?;
            Some(pick(lang, format!("movements summed over {span}"), format!("Bewegungen summiert über {span}")))
        }
        K::Ltv => {
            let at = month(K::MrrMonth)?;
            Some(pick(lang, format!("ARPA of {at} ÷ mean monthly churn"), format!("ARPA im {at} ÷ mittlere monatliche Abwanderung")))
        }
        K::Clv => {
            let source = m.label(K::ClvLifespanSource)?;
            let years = m.number(K::ClvLifespanYears).map(|y| K::ClvLifespanYears.unit().format(y, lang))?;
            Some(match (source, lang) {
                ("input", Lang::En) => format!("lifespan as entered: {years}"),
                ("input", Lang::De) => format!("Lebensdauer wie eingegeben: {years}"),
                ("measured_shorter_than_data", Lang::En) => {
                    let data = m.number(K::YearsOfData).map(|y| K::YearsOfData.unit().format(y, lang))?;
                    format!("measured lifespan {years} is shorter than the data ({data}): CLV is below revenue per customer; enter a lifespan to use another")
                }
                ("measured_shorter_than_data", Lang::De) => {
                    let data = m.number(K::YearsOfData).map(|y| K::YearsOfData.unit().format(y, lang))?;
                    format!("gemessene Lebensdauer {years} ist kürzer als die Daten ({data}): der CLV liegt unter dem Umsatz pro Kunde; eine eingegebene Lebensdauer ersetzt sie")
                }
                (_, Lang::En) => format!("measured lifespan: {years}"),
                (_, Lang::De) => format!("gemessene Lebensdauer: {years}"),
            })
        }
        K::PurchaseFrequency | K::Arpu | K::AvgPurchaseValue | K::RepeatPurchaseRate => {
            let years = m.number(K::YearsOfData)?;
            let y = K::YearsOfData.unit().format(years, lang);
            Some(pick(lang, format!("over {y} of data"), format!("über {y} Daten")))
        }
        K::HealthScore | K::HealthRedPct | K::HealthGreenPct => {
            Some(match (m.label(K::HealthScaling)?, lang) {
                ("rank", Lang::En) => "scaled by rank in this file: the mean is about 50 and a fixed share is red by construction".into(),
                ("rank", Lang::De) => "nach Rang in dieser Datei skaliert: Mittel ≈ 50 und ein fester Anteil rot, konstruktionsbedingt".into(),
                (_, Lang::En) => "scaled by thresholds (bad → 0, good → 100)".into(),
                (_, Lang::De) => "nach Schwellenwerten skaliert (schlecht → 0, gut → 100)".into(),
            })
        }
        _ => None,
    }
}

/// The figures shown beside the number (not folded away): each as "label value".
pub fn beside(info: &MetricInfo, r: &Report, lang: Lang) -> Vec<String> {
    info.beside
        .iter()
        .filter_map(|&k| {
            let v = r.metrics.number(k)?;
            Some(format!("{} {}", key_label(k, lang), k.unit().format(v, lang)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presentation::catalogue::info;
    use serde_json::json;

    fn report(kind: DatasetKind, rows: usize, metrics: Value) -> Report {
        Report {
            kind,
            rows,
            rejected: Vec::new(),
            metrics: metrics.as_object().cloned().unwrap_or_default(),
            periods: Vec::new(),
            segments: Default::default(),
        }
    }

    #[test]
    fn nouns_agree_with_the_number() {
        let c = |n| counted(n, Lang::De, ("row", "rows"), ("Zeile", "Zeilen"));
        assert_eq!(c(1), "1 Zeile");
        assert_eq!(c(37745), "37.745 Zeilen");
        assert_eq!(counted(37745, Lang::En, ("row", "rows"), ("Zeile", "Zeilen")), "37,745 rows");
        assert_eq!(counted(1, Lang::En, ("row", "rows"), ("Zeile", "Zeilen")), "1 row");
        assert_eq!(month_words("2024-03", Lang::De), "Mär 2024");
        assert_eq!(month_words("2020-01", Lang::En), "Jan 2020");
        assert_eq!(month_words("2024-Q1", Lang::En), "2024-Q1");
    }

    /// Issue #13.5: "n = 779" counted rows where customers were meant; cards mixed a month's
    /// state with unlabelled means.
    #[test]
    fn subscription_cards_say_what_they_cover() {
        let r = report(
            DatasetKind::Subscriptions,
            779,
            json!({"customers": 80, "mrr": 31998.0, "mrr_month": "2024-03", "month_start": "2023-01",
                   "month_end": "2024-03", "rate_months": 14, "net_mrr_churn_rate": -0.29}),
        );
        let mrr = info(K::Mrr).expect("mrr card");
        assert_eq!(n_line(mrr, &r, Lang::En), "80 customers in Mar 2024 · 779 rows");
        assert_eq!(n_line(mrr, &r, Lang::De), "80 Kunden im Mär 2024 · 779 Zeilen");
        assert_eq!(covers_line(mrr, &r, Lang::En).as_deref(), Some("Mar 2024"));
        let churn = info(K::NetMrrChurnRate).expect("net churn card");
        assert_eq!(
            covers_line(churn, &r, Lang::En).as_deref(),
            Some("mean of 14 months, Jan 2023 – Mar 2024")
        );
        assert_eq!(
            covers_line(churn, &r, Lang::De).as_deref(),
            Some("Mittel aus 14 Monaten, Jan 2023 – Mär 2024")
        );
        // a range past the data: the headline's month is named as the data's last
        let mut past = r.clone();
        past.metrics.insert("month_end".into(), json!("2024-12"));
        assert_eq!(
            covers_line(mrr, &past, Lang::En).as_deref(),
            Some("Mar 2024, the last month of the data")
        );
    }

    /// Issue #13.8: the ticket cards quote the median with the mean and p90 beside it, and
    /// the open tickets (NYC 311: mean 221 h, median 12 h).
    #[test]
    fn ticket_cards_quote_the_median_with_mean_p90_and_open() {
        let resolution =
            info(K::ResolutionHoursMedian).expect("resolution card headlines the median");
        assert!(info(K::ResolutionHours).is_none(), "the mean is beside it, not its own card");
        let r = report(
            DatasetKind::Tickets,
            117,
            json!({"resolution_hours": 221.04, "resolution_hours_median": 12.0,
                   "resolution_hours_p90": 480.0, "resolution_hours_n": 110, "open_tickets": 7}),
        );
        assert_eq!(
            beside(resolution, &r, Lang::En),
            vec!["mean 221.0 h", "90th percentile 480.0 h", "open tickets 7"]
        );
        assert_eq!(n_line(resolution, &r, Lang::En), "110 resolved tickets");
        assert_eq!(n_line(resolution, &r, Lang::De), "110 gelöste Tickets");
    }

    #[test]
    fn health_and_clv_cards_say_how() {
        let r =
            report(DatasetKind::Health, 40, json!({"health_scaling": "thresholds", "scored": 1}));
        let h = info(K::HealthScore).expect("health card");
        assert!(covers_line(h, &r, Lang::En).unwrap_or_default().contains("thresholds"));
        assert_eq!(n_line(h, &r, Lang::De), "1 Kunde bewertet");
        let r = report(DatasetKind::Health, 40, json!({"health_scaling": "rank", "scored": 40}));
        assert!(covers_line(h, &r, Lang::En).unwrap_or_default().contains("by construction"));
        let r = report(
            DatasetKind::Orders,
            3,
            json!({"customers": 2, "clv_lifespan_source": "measured_shorter_than_data", "clv_lifespan_years": 0.0821, "years_of_data": 0.0849}),
        );
        let clv = info(K::Clv).expect("clv card");
        assert_eq!(n_line(clv, &r, Lang::En), "3 orders · 2 customers");
        assert!(covers_line(clv, &r, Lang::En)
            .unwrap_or_default()
            .contains("shorter than the data (0.08 years)"));
    }
}
