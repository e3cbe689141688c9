//! The two languages of the UI, of error messages and of the survey widget.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// From a BCP 47 tag such as `de-AT` or `en-US`; anything not German is English.
    /// (No allocation: the survey widget calls it too, and counts its bytes.)
    pub fn from_tag(tag: &str) -> Lang {
        let t = tag.trim().as_bytes();
        if t.len() >= 2 && t[..2].eq_ignore_ascii_case(b"de") {
            Lang::De
        } else {
            Lang::En
        }
    }
}

/// The English or the German of a short text, as `lang` asks (for the few words a
/// component or form message keeps beside itself).
pub fn words(lang: Lang, en: &'static str, de: &'static str) -> &'static str {
    if lang == Lang::De {
        de
    } else {
        en
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(Lang::from_tag("de-AT"), Lang::De);
        assert_eq!(Lang::from_tag("DE"), Lang::De);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[test]
    fn words_follow_the_language() {
        assert_eq!(words(Lang::En, "Comments", "Kommentare"), "Comments");
        assert_eq!(words(Lang::De, "Comments", "Kommentare"), "Kommentare");
    }
}

/// A number for display in the language's convention (`1,234.5` / `1.234,5`), rounded to
/// `decimals`. JSON and exports keep full precision; this is only for the eye.
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let plain = format!("{:.*}", decimals, value.abs());
    // "-0.0" after rounding is shown as 0
    let negative = value < 0.0 && plain.chars().any(|c| c.is_ascii_digit() && c != '0');
    let (int, frac) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let (group, point) = match lang {
        Lang::En => (',', '.'),
        Lang::De => ('.', ','),
    };
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 2);
    if negative {
        out.push('−');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// Like [`format_number`] with an explicit `+` for positive values (NPS, changes).
pub fn format_signed(value: f64, decimals: usize, lang: Lang) -> String {
    let s = format_number(value, decimals, lang);
    if value > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn numbers_in_both_conventions() {
        assert_eq!(format_number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(format_number(1234.5, 1, Lang::De), "1.234,5");
        assert_eq!(format_number(1234567.0, 0, Lang::De), "1.234.567");
        assert_eq!(format_number(-34.0335, 1, Lang::En), "−34.0");
        assert_eq!(format_number(999.96, 1, Lang::En), "1,000.0");
        assert_eq!(format_number(-0.04, 1, Lang::En), "0.0");
        assert_eq!(format_number(f64::NAN, 1, Lang::En), "–");
    }

    #[test]
    fn signed() {
        assert_eq!(format_signed(20.0, 0, Lang::De), "+20");
        assert_eq!(format_signed(-20.0, 0, Lang::De), "−20");
        assert_eq!(format_signed(0.0, 1, Lang::En), "0.0");
    }
}
