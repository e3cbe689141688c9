//! Values the user types into the app's forms (settings, the funnel form), read with the
//! UI language's conventions; anything out of range or ambiguous is refused with a message
//! in that language, never clamped or guessed.

use crate::i18n::{words, Lang};

/// A plain number typed with either decimal mark (`0,8` or `0.8`); `None` when empty or not one.
pub fn parse_opt<T: std::str::FromStr>(s: &str) -> Option<T> {
    let s = s.trim().replace(',', ".");
    (!s.is_empty()).then(|| s.parse().ok()).flatten()
}

/// A gross margin typed in percent, as a fraction; an error message (en/de) for anything
/// that is not a number from 0 to 100, so a value is refused visibly, never clamped.
pub fn gross_margin_input(text: &str, lang: Lang) -> Result<f64, String> {
    match parse_opt::<f64>(text) {
        Some(v) if (0.0..=100.0).contains(&v) => Ok(v / 100.0),
        Some(v) => Err(match lang {
            Lang::De => format!("Bruttomarge {v} % abgelehnt: erlaubt sind 0 bis 100 %. Es gilt weiter der vorige Wert."),
            Lang::En => format!("Gross margin {v} % refused: it must be from 0 to 100 %. The previous value still applies."),
        }),
        None => Err(words(
            lang,
            "Gross margin refused: type a number from 0 to 100. The previous value still applies.",
            "Bruttomarge abgelehnt: bitte eine Zahl von 0 bis 100 eingeben. Es gilt weiter der vorige Wert.",
        )
        .to_string()),
    }
}

/// What a typed funnel total is: a count of things or an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypedKind {
    Count,
    Money,
}

/// A funnel total typed in the UI's language: German "12.000" = 12000 and "5.000,50" =
/// 5000.5, English "12,000" = 12000 (the import's number reading, with the convention of
/// the language instead of a guessed one). `Ok(None)` for an empty field. Refused with a
/// message: what only fits the other convention ("12.5" in German), negatives, percentages,
/// and counts that are not whole.
pub fn typed_number(
    text: &str,
    kind: TypedKind,
    lang: Lang,
) -> Result<Option<rust_decimal::Decimal>, String> {
    use crate::import::value::{parse_number, trim, NumberConvention};
    let text = trim(text);
    if text.is_empty() {
        return Ok(None);
    }
    let (conv, other) = match lang {
        Lang::De => (NumberConvention::DecimalComma, NumberConvention::DecimalPoint),
        Lang::En => (NumberConvention::DecimalPoint, NumberConvention::DecimalComma),
    };
    let Some(n) = parse_number(text, conv) else {
        let hint = match (parse_number(text, other), lang) {
            (Some(_), Lang::De) => format!(
                "„{text}“ ist keine Zahl in deutscher Schreibweise (Tausender mit Punkt, Dezimalen mit Komma: {}).",
                conv.example()
            ),
            (Some(_), Lang::En) => format!(
                "“{text}” is not a number in English notation (thousands with a comma, decimals with a point: {}).",
                conv.example()
            ),
            (None, Lang::De) => format!("„{text}“ ist keine Zahl."),
            (None, Lang::En) => format!("“{text}” is not a number."),
        };
        return Err(hint);
    };
    if n.percent || n.value.is_sign_negative() && !n.value.is_zero() {
        return Err(words(
            lang,
            "A total is a number of 0 or more, without %.",
            "Eine Summe ist eine Zahl ab 0, ohne %.",
        )
        .to_string());
    }
    if kind == TypedKind::Count && !n.value.fract().is_zero() {
        return Err(match lang {
            Lang::De => format!("„{text}“: eine Anzahl ist eine ganze Zahl."),
            Lang::En => format!("“{text}”: a count is a whole number."),
        });
    }
    Ok(Some(n.value.normalize()))
}

/// A typed value as it was read, in the UI language ("read as 12,000" / "gelesen als 12.000").
pub fn echo_typed(value: rust_decimal::Decimal, kind: TypedKind, lang: Lang) -> String {
    use rust_decimal::prelude::ToPrimitive;
    let v = value.to_f64().unwrap_or(0.0);
    let decimals = match kind {
        TypedKind::Count => 0,
        TypedKind::Money if value.fract().is_zero() => 0,
        TypedKind::Money => 2,
    };
    let shown = crate::i18n::format_number(v, decimals, lang);
    match lang {
        Lang::De => format!("gelesen als {shown}"),
        Lang::En => format!("read as {shown}"),
    }
}

/// Why subscriptions offer no ISO weeks (the period choice is greyed out with this reason).
pub fn iso_week_unavailable(lang: Lang) -> &'static str {
    words(
        lang,
        "Not for subscriptions: MRR is the state at each month's end, so it is reported per month or quarter.",
        "Nicht für Abonnements: MRR ist der Stand am Monatsende und wird daher pro Monat oder Quartal ausgewiesen.",
    )
}

/// A signed decimal typed in the UI language (a health threshold can be negative: "MRR
/// change −5 %"); the same reading and refusals as [`typed_number`] otherwise.
pub fn typed_signed(text: &str, lang: Lang) -> Result<Option<f64>, String> {
    use rust_decimal::prelude::ToPrimitive;
    let t = text.trim();
    let (negative, rest) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let v = typed_number(rest, TypedKind::Money, lang)?;
    Ok(v.and_then(|d| d.to_f64()).map(|x| if negative { -x } else { x }))
}

/// A number for an input field: up to two decimals, the UI's decimal separator, no grouping
/// (so it reads back the same).
pub fn plain_number(v: f64, lang: Lang) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    let s = if s == "-0" { "0".to_string() } else { s };
    match lang {
        Lang::De => s.replace('.', ","),
        Lang::En => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gross_margin_is_refused_outside_0_to_100() {
        assert_eq!(gross_margin_input("80", Lang::En), Ok(0.8));
        assert_eq!(gross_margin_input("62,5", Lang::De), Ok(0.625));
        assert_eq!(gross_margin_input("0", Lang::En), Ok(0.0));
        let e = gross_margin_input("800", Lang::En).unwrap_err();
        assert!(e.contains("800 %") && e.contains("0 to 100"), "{e}");
        let e = gross_margin_input("-5", Lang::De).unwrap_err();
        assert!(e.contains("abgelehnt"), "{e}");
        assert!(gross_margin_input("abc", Lang::En).is_err());
    }

    fn read(s: &str, kind: TypedKind, lang: Lang) -> Result<Option<f64>, String> {
        use rust_decimal::prelude::ToPrimitive;
        typed_number(s, kind, lang).map(|v| v.and_then(|d| d.to_f64()))
    }

    /// Issue #13.3: "12.000" visitors typed in German were read as 12 (a 3.000,0 % rate).
    #[test]
    fn funnel_totals_follow_the_ui_language() {
        use TypedKind::{Count, Money};
        assert_eq!(read("12.000", Count, Lang::De), Ok(Some(12000.0)));
        assert_eq!(read("5.000,50", Money, Lang::De), Ok(Some(5000.5)));
        assert_eq!(read("1.234.567", Count, Lang::De), Ok(Some(1234567.0)));
        assert_eq!(read("12,000", Count, Lang::En), Ok(Some(12000.0)));
        assert_eq!(read("5,000.50", Money, Lang::En), Ok(Some(5000.5)));
        assert_eq!(read(" 360 ", Count, Lang::En), Ok(Some(360.0)));
        assert_eq!(read("12 000", Count, Lang::De), Ok(Some(12000.0)));
        assert_eq!(read("", Count, Lang::De), Ok(None));
        assert_eq!(read("1.500 €", Money, Lang::De), Ok(Some(1500.0)));
        // what only fits the other convention is refused, naming the notation
        let e = read("5,000.50", Money, Lang::De).unwrap_err();
        assert!(e.contains("deutscher Schreibweise"), "{e}");
        let e = read("12.5", Count, Lang::De).unwrap_err();
        assert!(e.contains("1.234,56"), "{e}");
        let e = read("5.000,50", Money, Lang::En).unwrap_err();
        assert!(e.contains("English notation"), "{e}");
        // counts are whole; no negatives, no percentages, no words
        assert!(read("12,5", Count, Lang::De).unwrap_err().contains("ganze Zahl"));
        assert!(read("-3", Count, Lang::En).is_err());
        assert!(read("40 %", Count, Lang::En).is_err());
        assert!(read("abc", Count, Lang::En).unwrap_err().contains("not a number"));
    }

    #[test]
    fn typed_values_are_echoed_as_read() {
        let v = |s: &str, l| typed_number(s, TypedKind::Count, l).unwrap().unwrap();
        assert_eq!(
            echo_typed(v("12.000", Lang::De), TypedKind::Count, Lang::De),
            "gelesen als 12.000"
        );
        assert_eq!(echo_typed(v("12,000", Lang::En), TypedKind::Count, Lang::En), "read as 12,000");
        let m = typed_number("5.000,5", TypedKind::Money, Lang::De).unwrap().unwrap();
        assert_eq!(echo_typed(m, TypedKind::Money, Lang::De), "gelesen als 5.000,50");
    }

    #[test]
    fn signed_thresholds_read_and_show_back() {
        assert_eq!(typed_signed("-5,5", Lang::De), Ok(Some(-5.5)));
        assert_eq!(typed_signed("−1,200.5", Lang::En), Ok(Some(-1200.5)));
        assert_eq!(typed_signed("", Lang::En), Ok(None));
        assert!(typed_signed("1,5", Lang::En).is_err());
        assert_eq!(plain_number(17.5, Lang::De), "17,5");
        assert_eq!(plain_number(1234.0, Lang::En), "1234");
        assert_eq!(plain_number(-0.001, Lang::En), "0");
        assert_eq!(typed_signed(&plain_number(-3.25, Lang::De), Lang::De), Ok(Some(-3.25)));
    }
}
