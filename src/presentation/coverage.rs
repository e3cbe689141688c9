//! Sentences about the days the data covers ([`Coverage`]): why a date range left no rows,
//! and days written in the UI's conventions (ISO `2023-01-01` in English, `01.01.2023` in
//! German). Pure; the app and `kpi` print what comes out of here.

use chrono::{Datelike, NaiveDate};

use crate::i18n::Lang;
use crate::metrics::accumulate::Coverage;

/// A day as the UI writes it: `2023-01-31` / `31.01.2023`.
pub fn format_day(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.format("%Y-%m-%d").to_string(),
        Lang::De => d.format("%d.%m.%Y").to_string(),
    }
}

/// A day of the month in words, for "to 12 Jan" / "bis 12. Jan".
pub fn day_and_month(d: NaiveDate, lang: Lang) -> String {
    const EN: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const DE: [&str; 12] =
        ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"];
    let m = d.month0() as usize;
    match lang {
        Lang::En => format!("{} {}", d.day(), EN[m]),
        Lang::De => format!("{}. {}", d.day(), DE[m]),
    }
}

/// "2018-11-03 … 2020-01-31" / "03.11.2018 … 31.01.2020".
pub fn span(c: Coverage, lang: Lang) -> String {
    format!("{} … {}", format_day(c.first, lang), format_day(c.last, lang))
}

/// Why the dashboard is empty when the inclusive `range` (an open end is `NaiveDate::MIN` or
/// `MAX`) leaves no rows: "0 rows in 2023-01-01 … 2023-06-30 (the data covers 2018-11-03 …
/// 2020-01-31)".
pub fn no_rows_in_range(
    range: (NaiveDate, NaiveDate),
    coverage: Option<Coverage>,
    lang: Lang,
) -> String {
    let (from, to) = range;
    let (open_from, open_to) = (from == NaiveDate::MIN, to == NaiveDate::MAX);
    let day = |d| format_day(d, lang);
    let chosen = match (lang, open_from, open_to) {
        (Lang::En, true, true) => "0 rows".to_string(),
        (Lang::En, true, false) => format!("0 rows up to {}", day(to)),
        (Lang::En, false, true) => format!("0 rows from {} on", day(from)),
        (Lang::En, false, false) => format!("0 rows in {} … {}", day(from), day(to)),
        (Lang::De, true, true) => "0 Zeilen".to_string(),
        (Lang::De, true, false) => format!("0 Zeilen bis {}", day(to)),
        (Lang::De, false, true) => format!("0 Zeilen ab {}", day(from)),
        (Lang::De, false, false) => format!("0 Zeilen im Zeitraum {} … {}", day(from), day(to)),
    };
    let data = match (coverage, lang) {
        (Some(c), Lang::En) => format!("the data covers {}", span(c, lang)),
        (Some(c), Lang::De) => {
            format!("die Daten reichen von {} bis {}", day(c.first), day(c.last))
        }
        (None, Lang::En) => "the data has no dates".to_string(),
        (None, Lang::De) => "die Daten haben kein Datum".to_string(),
    };
    format!("{chosen} ({data})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_sentence_names_the_range_and_the_data() {
        let c = Some(Coverage { first: d(2018, 11, 3), last: d(2020, 1, 31) });
        let range = (d(2023, 1, 1), d(2023, 6, 30));
        assert_eq!(
            no_rows_in_range(range, c, Lang::En),
            "0 rows in 2023-01-01 … 2023-06-30 (the data covers 2018-11-03 … 2020-01-31)"
        );
        assert_eq!(
            no_rows_in_range(range, c, Lang::De),
            "0 Zeilen im Zeitraum 01.01.2023 … 30.06.2023 (die Daten reichen von 03.11.2018 bis 31.01.2020)"
        );
        // an open end is the data's own: only the end that was set is named
        assert_eq!(
            no_rows_in_range((d(2023, 1, 1), NaiveDate::MAX), c, Lang::En),
            "0 rows from 2023-01-01 on (the data covers 2018-11-03 … 2020-01-31)"
        );
        assert_eq!(
            no_rows_in_range((NaiveDate::MIN, d(2017, 12, 31)), None, Lang::De),
            "0 Zeilen bis 31.12.2017 (die Daten haben kein Datum)"
        );
        assert_eq!(day_and_month(d(2024, 1, 12), Lang::En), "12 Jan");
        assert_eq!(day_and_month(d(2024, 3, 1), Lang::De), "1. Mär");
    }
}
