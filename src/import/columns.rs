//! What a sample of rows says about each column: how many values are numbers, dates,
//! survey types, intervals, booleans, money, small whole numbers, and how many differ.

use std::collections::HashMap;

use super::csv::Kept;
use super::headers::{Field, ValueType};
use super::value::{self, DateEvidence, DateOrder, NumberConvention};

/// What the sample says about one column.
#[derive(Clone, Debug, Default)]
pub struct ColumnStats {
    non_empty: usize,
    numeric: usize,
    dates: usize,
    survey_types: usize,
    intervals: usize,
    bools: usize,
    /// Numbers with a fractional part or a currency sign: amounts rather than counts.
    money: usize,
    /// Whole numbers from 0 to 10: NPS-style scores.
    scale_0_10: usize,
    /// Distinct values (counted up to the first 1,000 distinct ones).
    distinct: usize,
    /// Rows sampled.
    rows: usize,
}

impl ColumnStats {
    fn mostly(n: usize, of: usize) -> bool {
        of == 0 || n * 2 >= of
    }
    /// Whether the sampled values can be the field's (a `Type` column of customer types
    /// is not the survey type; a `Period` of dates is not a billing interval).
    pub fn fits(&self, f: Field) -> bool {
        // an empty column holds nothing of any field (a sample of no rows says nothing)
        if self.non_empty == 0 && self.rows > 0 {
            return false;
        }
        match f {
            Field::Survey => Self::mostly(self.survey_types, self.non_empty),
            Field::Interval => Self::mostly(self.intervals, self.non_empty),
            Field::FirstContactResolved => Self::mostly(self.bools, self.non_empty),
            _ => match f.value_type() {
                ValueType::Number => Self::mostly(self.numeric, self.non_empty),
                ValueType::Date | ValueType::Month => Self::mostly(self.dates, self.non_empty),
                ValueType::Bool => Self::mostly(self.bools, self.non_empty),
                ValueType::Text => true,
            },
        }
    }

    /// Mostly dates (and times): a timestamp column by its values.
    pub fn is_dates(&self) -> bool {
        self.non_empty > 0 && self.dates * 10 >= self.non_empty * 9
    }

    /// Numbers, some of them with cents or a currency sign, most of them distinct: an
    /// amount column by its values (a count or a score has no cents).
    pub fn is_money(&self) -> bool {
        self.is_numeric()
            && self.money * 4 >= self.non_empty
            && self.distinct * 4 >= self.non_empty.min(1000)
    }

    /// Whole numbers 0–10 only, at least two different ones: a score column by its values.
    pub fn is_scale_0_10(&self) -> bool {
        self.non_empty > 0 && self.scale_0_10 == self.non_empty && self.distinct >= 2
    }

    pub fn fits_number(&self) -> bool {
        Self::mostly(self.numeric, self.non_empty)
    }

    pub fn is_numeric(&self) -> bool {
        self.non_empty > 0 && self.numeric * 10 >= self.non_empty * 9
    }
}

/// Readable as a number in one of the conventions (an IP address is not).
fn is_numeric_value(v: &str) -> bool {
    value::parse_number(v, NumberConvention::DecimalPoint).is_some()
        || value::parse_number(v, NumberConvention::DecimalComma).is_some()
        || value::leading_score(v).is_some()
}

/// Identifiers are numeric but no signal: `Respondent ID`, `Kundennummer`.
pub fn is_id_like(key: &str) -> bool {
    key.ends_with("id")
        || key.ends_with("nummer")
        || key.ends_with("number")
        || key.ends_with("nr")
        || key == "zip"
        || key == "plz"
}

/// What one value is, in every reading the stats count.
#[derive(Clone, Copy)]
struct ValueFacts {
    numeric: bool,
    money: bool,
    scale_0_10: bool,
    date: bool,
    survey_type: bool,
    interval: bool,
    bool: bool,
}

impl ValueFacts {
    /// `v` trimmed and not empty.
    fn of(v: &str) -> Self {
        let numeric = is_numeric_value(v);
        let (mut money, mut scale_0_10) = (false, false);
        if numeric {
            let sign = v.chars().any(|c| matches!(c, '€' | '$' | '£' | '¥'));
            let cents = matches!(v.rsplit_once(['.', ',']),
                Some((_, c)) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()));
            money = sign || cents;
            scale_0_10 = matches!(v.parse::<u8>(), Ok(0..=10));
        }
        ValueFacts {
            numeric,
            money,
            scale_0_10,
            date: value::parse_month(v, DateOrder::DayMonth).is_some()
                || value::classify_date(v) != DateEvidence::NotDate,
            survey_type: value::parse_survey_type(v).is_some(),
            interval: value::parse_interval(v, None).is_some(),
            bool: value::parse_bool(v).is_some(),
        }
    }
}

/// Distinct values counted per column; their facts are kept too, so a value that repeats
/// (a survey type, a score, a segment, a date) is read by the parsers once, not per row.
const DISTINCT_COUNTED: usize = 1000;

pub fn stats(width: usize, sample: &[Kept<'_>]) -> Vec<ColumnStats> {
    let mut out = vec![ColumnStats::default(); width];
    let mut seen: Vec<HashMap<&str, ValueFacts>> = vec![HashMap::new(); width];
    for s in out.iter_mut() {
        s.rows = sample.len();
    }
    for (_, row) in sample {
        for ((s, v), seen) in out.iter_mut().zip(row.iter()).zip(seen.iter_mut()) {
            let v = value::trim(v);
            if v.is_empty() {
                continue;
            }
            s.non_empty += 1;
            let facts = match seen.get(v) {
                Some(f) => *f,
                None => {
                    let f = ValueFacts::of(v);
                    if seen.len() < DISTINCT_COUNTED {
                        seen.insert(v, f);
                        s.distinct += 1;
                    }
                    f
                }
            };
            s.numeric += usize::from(facts.numeric);
            s.money += usize::from(facts.money);
            s.scale_0_10 += usize::from(facts.scale_0_10);
            s.dates += usize::from(facts.date);
            s.survey_types += usize::from(facts.survey_type);
            s.intervals += usize::from(facts.interval);
            s.bools += usize::from(facts.bool);
        }
    }
    out
}
