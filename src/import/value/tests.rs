use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::date::{parse_datetime_general, plain_date};
use crate::dataset::{IntervalUnit, Month, SurveyType};
/// The shortcut for `2024-03-05` and `05.03.2024` reads every such string exactly as the
/// general parser does (invalid days included), and leaves everything else to it.
#[test]
fn plain_dates_read_as_the_general_parser_reads_them() {
    let mut checked = 0;
    for y in ["0000", "0001", "1999", "2024", "9999", "20a4"] {
        for m in ["00", "01", "02", "12", "13", "1x"] {
            for d in ["00", "01", "28", "29", "30", "31", "32"] {
                for t in [
                    format!("{y}-{m}-{d}"),
                    format!("{d}.{m}.{y}"),
                    format!("{y}/{m}/{d}"),
                    format!("{d}.{m}.{y} "),
                ] {
                    for order in [DateOrder::DayMonth, DateOrder::MonthDay] {
                        let fast = parse_datetime(&t, order);
                        let general = parse_datetime_general(trim(&t), order);
                        assert_eq!(fast, general, "{t:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 2000);
    assert!(plain_date("2024-02-29").is_some() && plain_date("2023-02-29").is_none());
    assert_eq!(plain_date("05.03.2024"), chrono::NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(plain_date("5.3.2024"), None);
}

use super::*;
use rust_decimal_macros_free::dec;

mod rust_decimal_macros_free {
    /// `dec("1.5")` without the macro crate.
    pub fn dec(s: &str) -> rust_decimal::Decimal {
        s.parse().unwrap()
    }
}

fn num(s: &str, c: NumberConvention) -> Option<Decimal> {
    parse_number(s, c).map(|n| n.value)
}

#[test]
fn numbers_both_conventions() {
    use NumberConvention::*;
    assert_eq!(num("1.234,56", DecimalComma), Some(dec("1234.56")));
    assert_eq!(num("1,234.56", DecimalPoint), Some(dec("1234.56")));
    assert_eq!(num("1,234.56", DecimalComma), None);
    assert_eq!(num("1.234,56", DecimalPoint), None);
    assert_eq!(num("12,5 %", DecimalComma), Some(dec("12.5")));
    assert!(parse_number("12,5 %", DecimalComma).unwrap().percent);
    assert_eq!(num("€ 49,00", DecimalComma), Some(dec("49.00")));
    assert_eq!(num("49.00 USD", DecimalPoint), Some(dec("49.00")));
    assert_eq!(num("(49.00)", DecimalPoint), Some(dec("-49.00")));
    assert_eq!(num("(12,50) €", DecimalComma), Some(dec("-12.50")));
    assert_eq!(num("-1.000", DecimalComma), Some(dec("-1000")));
    assert_eq!(num("−3,5", DecimalComma), Some(dec("-3.5")));
    assert_eq!(num("1 234,5", DecimalComma), Some(dec("1234.5")));
    assert_eq!(num("1'234.50 CHF", DecimalPoint), Some(dec("1234.50")));
    assert_eq!(num("1,23,4", DecimalPoint), None);
    assert_eq!(num("12a", DecimalPoint), None);
    assert_eq!(num("", DecimalPoint), None);
    assert_eq!(num("€", DecimalPoint), None);
    assert_eq!(num(".5", DecimalPoint), Some(dec("0.5")));
    assert_eq!(num("7", DecimalComma), Some(dec("7")));
}

#[test]
fn number_evidence() {
    assert_eq!(classify_number("1,234"), NumberEvidence::Ambiguous);
    assert_eq!(classify_number("1.234"), NumberEvidence::Ambiguous);
    assert_eq!(classify_number("0,123"), NumberEvidence::Comma);
    assert_eq!(classify_number("12,5"), NumberEvidence::Comma);
    assert_eq!(classify_number("1,234.5"), NumberEvidence::Point);
    assert_eq!(classify_number("1.234.567"), NumberEvidence::Comma);
    assert_eq!(classify_number("49"), NumberEvidence::Plain);
    assert_eq!(classify_number("abc"), NumberEvidence::NotNumber);
}

#[test]
fn dates() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    use DateOrder::*;
    assert_eq!(parse_date("2024-03-05", DayMonth), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("2024-03-05T14:30:00+01:00", DayMonth), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("05.03.2024", MonthDay), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("5.3.24", MonthDay), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("03/05/2024", MonthDay), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("03/05/2024", DayMonth), Some(d(2024, 5, 3)));
    assert_eq!(parse_date("45356", DayMonth), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("1709596800", DayMonth), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("5. März 2024", DayMonth), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("Mar 5, 2024", DayMonth), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("20240305", DayMonth), Some(d(2024, 3, 5)));
    assert_eq!(parse_date("2024-02-30", DayMonth), None);
    assert_eq!(parse_date("yesterday", DayMonth), None);
    let t = parse_datetime("3/5/2024 2:07:09 PM", MonthDay).unwrap();
    assert_eq!(t.to_string(), "2024-03-05 14:07:09");
    let t = parse_datetime("2024-03-05 14:07:09 -0800", MonthDay).unwrap();
    assert_eq!(t.to_string(), "2024-03-05 14:07:09");
    let t = parse_datetime("45356.5", MonthDay).unwrap();
    assert_eq!(t.to_string(), "2024-03-05 12:00:00");
    assert_eq!(classify_date("13/03/2024"), DateEvidence::DayMonth);
    assert_eq!(classify_date("03/13/2024"), DateEvidence::MonthDay);
    assert_eq!(classify_date("03/05/2024"), DateEvidence::Ambiguous);
    assert_eq!(classify_date("2024-03-05"), DateEvidence::Unambiguous);
}

#[test]
fn months_bools_intervals() {
    let m = |y, m| Some(Month { year: y, month: m });
    assert_eq!(parse_month("2024-03", DateOrder::DayMonth), m(2024, 3));
    assert_eq!(parse_month("03/2024", DateOrder::DayMonth), m(2024, 3));
    assert_eq!(parse_month("März 2024", DateOrder::DayMonth), m(2024, 3));
    assert_eq!(parse_month("2024-03-31", DateOrder::DayMonth), m(2024, 3));
    assert_eq!(parse_bool("Ja"), Some(true));
    assert_eq!(parse_bool("nein"), Some(false));
    assert_eq!(parse_bool("x"), Some(true));
    assert_eq!(parse_bool("vielleicht"), None);
    let i = parse_interval("Jährlich", None).unwrap();
    assert_eq!((i.unit, i.count), (IntervalUnit::Year, 1));
    let i = parse_interval("month", Some(3)).unwrap();
    assert_eq!((i.unit, i.count), (IntervalUnit::Month, 3));
    assert_eq!(parse_interval("quarterly", None).unwrap().count, 3);
    assert_eq!(parse_interval("sometimes", None), None);
    assert_eq!(leading_score("10 - Extremely likely"), Some(Decimal::from(10)));
    assert_eq!(parse_survey_type("NPS"), Some(SurveyType::Nps));
}

#[test]
fn jira_dates_with_a_month_name_between_slashes() {
    let dt = parse_datetime("04/Mar/24 9:02 AM", DateOrder::MonthDay).unwrap();
    assert_eq!(dt.to_string(), "2024-03-04 09:02:00");
    assert_eq!(parse_date("05-Mar-2024", DateOrder::DayMonth), NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(classify_date("12/Mar/24 4:10 PM"), DateEvidence::Unambiguous);
}

/// The word-compared fast path reads exactly the three plain names; every near miss goes
/// to the general reader and reads as it did.
#[test]
fn survey_types_near_the_fast_path() {
    use crate::dataset::SurveyType::{Ces, Csat, Nps};
    let cases = [
        ("nps", Some(Nps)),
        ("csat", Some(Csat)),
        ("ces", Some(Ces)),
        ("CSAT", Some(Csat)),
        (" ces ", Some(Ces)),
        ("n-p-s", Some(Nps)),
        ("np", None),
        ("npsx", None),
        ("cesa", None),
        ("csa", None),
        ("csatt", None),
        // the padding of the short names is no match: the general reader drops the NUL
        ("nps\0", Some(Nps)),
        ("ces\0", Some(Ces)),
        ("cs\0t", None),
        ("", None),
        ("aufwand", Some(Ces)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_survey_type(text), expected, "{text:?}");
    }
}
