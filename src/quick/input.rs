//! A typed number in the UI's convention (German `12.000,50`, English `12,000.50`), checked
//! against what its field can hold, and echoed back as read.
//!
//! Parsing is the import's ([`crate::import::value::parse_number`]): the same thousands
//! separators, currency signs and `%` are understood as in a file, and a number that only
//! fits the other convention is refused instead of being read as something else.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::i18n::{format_number, Lang};
use crate::import::value::{parse_number, NumberConvention};

use super::{Field, FieldKind};

/// Why a typed value is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    NotANumber {
        text: String,
    },
    /// Reads as a number only in the other language's convention (`12,5` in English).
    OtherConvention {
        text: String,
    },
    Negative,
    NotWhole,
    AbovePercent,
    OutOfRange {
        min: i64,
        max: i64,
    },
    NotAnOption,
}

impl InputError {
    pub fn message(&self, lang: Lang) -> String {
        use InputError::*;
        match (self, lang) {
            (NotANumber { text }, Lang::En) => format!("“{text}” is not a number"),
            (NotANumber { text }, Lang::De) => format!("„{text}“ ist keine Zahl"),
            (OtherConvention { text }, Lang::En) => format!(
                "“{text}” is written with a decimal comma; in English write 1,234.5 (or switch the language to German)"
            ),
            (OtherConvention { text }, Lang::De) => format!(
                "„{text}“ ist mit Dezimalpunkt geschrieben; auf Deutsch 1.234,5 (oder die Sprache auf Englisch stellen)"
            ),
            (Negative, Lang::En) => "cannot be negative".into(),
            (Negative, Lang::De) => "kann nicht negativ sein".into(),
            (NotWhole, Lang::En) => "must be a whole number (a count)".into(),
            (NotWhole, Lang::De) => "muss eine ganze Zahl sein (eine Anzahl)".into(),
            (AbovePercent, Lang::En) => "a share cannot be above 100 %".into(),
            (AbovePercent, Lang::De) => "ein Anteil kann nicht über 100 % liegen".into(),
            (OutOfRange { min, max }, Lang::En) => format!("must lie between {min} and {max}"),
            (OutOfRange { min, max }, Lang::De) => format!("muss zwischen {min} und {max} liegen"),
            (NotAnOption, Lang::En) => "not one of the choices".into(),
            (NotAnOption, Lang::De) => "keine der Auswahlmöglichkeiten".into(),
        }
    }
}

fn convention(lang: Lang) -> NumberConvention {
    match lang {
        Lang::En => NumberConvention::DecimalPoint,
        Lang::De => NumberConvention::DecimalComma,
    }
}

fn other(lang: Lang) -> NumberConvention {
    match lang {
        Lang::En => NumberConvention::DecimalComma,
        Lang::De => NumberConvention::DecimalPoint,
    }
}

/// Reads what was typed into `field` in `lang`'s convention. Empty = `Ok(None)`.
pub fn read(field: &Field, text: &str, lang: Lang) -> Result<Option<Decimal>, InputError> {
    let t = crate::import::value::trim(text);
    if t.is_empty() {
        return Ok(None);
    }
    let value = match field.kind {
        FieldKind::Choice(options) => {
            return options
                .iter()
                .find(|(v, _)| *v == t)
                .and_then(|(v, _)| v.parse::<Decimal>().ok())
                .map(Some)
                .ok_or(InputError::NotAnOption)
        }
        _ => match parse_number(t, convention(lang)) {
            Some(n) => n.value,
            None if parse_number(t, other(lang)).is_some() => {
                return Err(InputError::OtherConvention { text: t.to_string() })
            }
            None => return Err(InputError::NotANumber { text: t.to_string() }),
        },
    };
    check(field, value)?;
    Ok(Some(value))
}

/// Whether `value` can be right for `field`.
pub fn check(field: &Field, value: Decimal) -> Result<(), InputError> {
    match field.kind {
        FieldKind::Count => {
            if value.is_sign_negative() && !value.is_zero() {
                return Err(InputError::Negative);
            }
            if !value.fract().is_zero() {
                return Err(InputError::NotWhole);
            }
            // beyond this a count is not a count of people or answers any more
            if value > Decimal::from(1_000_000_000_000u64) {
                return Err(InputError::OutOfRange { min: 0, max: 1_000_000_000_000 });
            }
        }
        FieldKind::Money | FieldKind::Amount => {
            if value.is_sign_negative() && !value.is_zero() {
                return Err(InputError::Negative);
            }
        }
        FieldKind::Percent => {
            if value.is_sign_negative() && !value.is_zero() {
                return Err(InputError::Negative);
            }
            if value > Decimal::ONE_HUNDRED {
                return Err(InputError::AbovePercent);
            }
        }
        FieldKind::NpsPoints => {
            if value < Decimal::from(-100) || value > Decimal::ONE_HUNDRED {
                return Err(InputError::OutOfRange { min: -100, max: 100 });
            }
        }
        FieldKind::Choice(options) => {
            if !options.iter().any(|(v, _)| v.parse::<Decimal>().ok() == Some(value)) {
                return Err(InputError::NotAnOption);
            }
        }
    }
    Ok(())
}

/// A decimal as written in `lang`, with its own decimals (`12.000,5`).
pub fn format_decimal(d: Decimal, lang: Lang) -> String {
    let d = d.normalize();
    format_number(d.to_f64().unwrap_or(f64::NAN), d.scale() as usize, lang)
}

/// The value as read, for the echo under the field: `12.000,5`, `80 %`, or the choice's
/// label.
pub fn echo(field: &Field, value: Decimal, lang: Lang) -> String {
    match field.kind {
        FieldKind::Choice(options) => options
            .iter()
            .find(|(v, _)| v.parse::<Decimal>().ok() == Some(value))
            .map_or_else(|| format_decimal(value, lang), |(_, l)| l.get(lang).to_string()),
        FieldKind::Percent => format!("{} %", format_decimal(value, lang)),
        FieldKind::NpsPoints => {
            let s = format_decimal(value, lang);
            if value.is_sign_positive() && !value.is_zero() {
                format!("+{s}")
            } else {
                s
            }
        }
        _ => format_decimal(value, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quick::{field, tx};

    const COUNT: Field = field("n", tx("n", "n"), FieldKind::Count);
    const MONEY: Field = field("m", tx("m", "m"), FieldKind::Money);
    const PCT: Field = field("p", tx("p", "p"), FieldKind::Percent);
    const PTS: Field = field("t", tx("t", "t"), FieldKind::NpsPoints);

    fn dec(s: &str) -> Option<Decimal> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn both_conventions() {
        assert_eq!(read(&MONEY, "12.000,50", Lang::De), Ok(dec("12000.50")));
        assert_eq!(read(&MONEY, "12,000.50", Lang::En), Ok(dec("12000.50")));
        assert_eq!(read(&MONEY, "€ 1.234,5", Lang::De), Ok(dec("1234.5")));
        assert_eq!(read(&MONEY, "  ", Lang::De), Ok(None));
        // 1.234 is one thousand two hundred thirty-four in German, one point two … in English
        assert_eq!(read(&MONEY, "1.234", Lang::De), Ok(dec("1234")));
        assert_eq!(read(&MONEY, "1.234", Lang::En), Ok(dec("1.234")));
        assert_eq!(read(&PCT, "80 %", Lang::De), Ok(dec("80")));
        assert_eq!(read(&PTS, "-12,5", Lang::De), Ok(dec("-12.5")));
    }

    #[test]
    fn refusals() {
        assert_eq!(
            read(&MONEY, "12,5", Lang::En),
            Err(InputError::OtherConvention { text: "12,5".into() })
        );
        assert_eq!(
            read(&MONEY, "12.50", Lang::De),
            Err(InputError::OtherConvention { text: "12.50".into() })
        );
        assert_eq!(read(&COUNT, "-3", Lang::En), Err(InputError::Negative));
        assert_eq!(read(&COUNT, "2,5", Lang::De), Err(InputError::NotWhole));
        assert_eq!(read(&PCT, "120", Lang::En), Err(InputError::AbovePercent));
        assert_eq!(
            read(&PTS, "101", Lang::En),
            Err(InputError::OutOfRange { min: -100, max: 100 })
        );
        assert_eq!(
            read(&COUNT, "zwölf", Lang::De),
            Err(InputError::NotANumber { text: "zwölf".into() })
        );
        assert_eq!(
            InputError::AbovePercent.message(Lang::De),
            "ein Anteil kann nicht über 100 % liegen"
        );
    }

    #[test]
    fn echo_as_read() {
        assert_eq!(echo(&MONEY, "12000.50".parse().unwrap(), Lang::De), "12.000,5");
        assert_eq!(echo(&MONEY, "12000.50".parse().unwrap(), Lang::En), "12,000.5");
        assert_eq!(echo(&PCT, "80".parse().unwrap(), Lang::En), "80 %");
        assert_eq!(echo(&PTS, "30".parse().unwrap(), Lang::En), "+30");
    }
}
