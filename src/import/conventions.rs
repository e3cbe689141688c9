//! How each number and date column is written: decimal point or comma, day or month
//! first. The values decide; a tie goes to the file's hints (German `;`, Windows-1252,
//! German headers) and becomes a [`Question`] when no value could decide it.

use std::collections::HashMap;

use super::value::{self, DateEvidence, DateOrder, NumberConvention, NumberEvidence};
use super::{ImportOptions, Question, QuestionKind};

/// The decisions for every column, and the questions left.
pub struct Conventions {
    pub numbers: Vec<NumberConvention>,
    pub dates: Vec<DateOrder>,
    /// Which columns had evidence (or a question) for the report.
    pub number_shown: Vec<bool>,
    pub date_shown: Vec<bool>,
    pub questions: Vec<Question>,
}

/// What to decide for a column.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Number,
    Date,
    Neither,
}

/// What the file says when its values cannot decide.
pub struct Hints {
    pub prefer_comma: bool,
    /// Numbers written by a program (sheets, JSON): `1.234` is 1.234.
    pub native_numbers: bool,
}

impl Conventions {
    pub fn new(width: usize) -> Self {
        Conventions {
            numbers: vec![NumberConvention::DecimalPoint; width],
            dates: vec![DateOrder::MonthDay; width],
            number_shown: vec![false; width],
            date_shown: vec![false; width],
            questions: Vec::new(),
        }
    }
}

/// Decides every column that is read as a number or a date.
pub fn decide<'a>(
    headers: &[String],
    readings: &[Reading],
    values: impl Fn(usize) -> Box<dyn Iterator<Item = &'a str> + 'a>,
    options: &ImportOptions,
    hints: &Hints,
) -> Conventions {
    let mut c = Conventions::new(headers.len());
    for (i, reading) in readings.iter().enumerate() {
        let header = headers.get(i).map(String::as_str).unwrap_or("");
        match reading {
            Reading::Number => number_column(&mut c, i, header, values(i), options, hints),
            Reading::Date => date_column(&mut c, i, header, values(i), options, hints),
            Reading::Neither => {}
        }
    }
    c
}

/// The evidence of each distinct value, read once (a date or a score repeats on many rows);
/// the first 1,000 distinct values are kept.
struct Seen<'a, E> {
    known: HashMap<&'a str, E>,
}

impl<E> Default for Seen<'_, E> {
    fn default() -> Self {
        Seen { known: HashMap::new() }
    }
}

impl<'a, E: Copy> Seen<'a, E> {
    fn get(&mut self, v: &'a str, classify: fn(&str) -> E) -> E {
        if let Some(e) = self.known.get(v) {
            return *e;
        }
        let e = classify(v);
        if self.known.len() < 1000 {
            self.known.insert(v, e);
        }
        e
    }
}

/// The values that decided nothing: how many, and the first three as a question shows them.
#[derive(Default)]
struct Examples {
    count: usize,
    first: Vec<String>,
}

impl Examples {
    fn push(&mut self, v: &str) {
        self.count += 1;
        if self.first.len() < 3 {
            self.first.push(v.to_owned());
        }
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }
}

fn number_column<'a>(
    c: &mut Conventions,
    i: usize,
    header: &str,
    values: impl Iterator<Item = &'a str>,
    options: &ImportOptions,
    hints: &Hints,
) {
    let answered = options.number_conventions.iter().find(|(col, _)| *col == i).map(|(_, n)| *n);
    let (mut point, mut comma, mut ambiguous) = (0usize, 0usize, Examples::default());
    let mut seen = Seen::default();
    for v in values {
        match seen.get(v, value::classify_number) {
            NumberEvidence::Point => point += 1,
            NumberEvidence::Comma => comma += 1,
            NumberEvidence::Ambiguous if hints.native_numbers => point += 1,
            NumberEvidence::Ambiguous => ambiguous.push(v),
            _ => {}
        }
    }
    let hint = if hints.prefer_comma {
        NumberConvention::DecimalComma
    } else {
        NumberConvention::DecimalPoint
    };
    let chosen = match answered {
        Some(a) => a,
        None if point > comma => NumberConvention::DecimalPoint,
        None if comma > point => NumberConvention::DecimalComma,
        None => hint,
    };
    if let Some(n) = c.numbers.get_mut(i) {
        *n = chosen;
    }
    if let Some(s) = c.number_shown.get_mut(i) {
        *s = answered.is_some() || point + comma > 0 || !ambiguous.is_empty();
    }
    if answered.is_none() && point + comma == 0 && !ambiguous.is_empty() {
        c.questions.push(Question {
            column: i,
            header: header.to_owned(),
            about: QuestionKind::NumberConvention,
            examples: ambiguous.first,
            choices: vec!["decimal_point".into(), "decimal_comma".into()],
            chosen: key_of_conv(chosen).into(),
        });
    }
}

fn date_column<'a>(
    c: &mut Conventions,
    i: usize,
    header: &str,
    values: impl Iterator<Item = &'a str>,
    options: &ImportOptions,
    hints: &Hints,
) {
    let answered = options.date_orders.iter().find(|(col, _)| *col == i).map(|(_, d)| *d);
    let (mut dm, mut md, mut ambiguous) = (0usize, 0usize, Examples::default());
    let mut seen = Seen::default();
    for v in values {
        match seen.get(v, value::classify_date) {
            DateEvidence::DayMonth => dm += 1,
            DateEvidence::MonthDay => md += 1,
            DateEvidence::Ambiguous => ambiguous.push(v),
            _ => {}
        }
    }
    let hint = if hints.prefer_comma { DateOrder::DayMonth } else { DateOrder::MonthDay };
    let chosen = match answered {
        Some(a) => a,
        None if dm > md => DateOrder::DayMonth,
        None if md > dm => DateOrder::MonthDay,
        None => hint,
    };
    if let Some(d) = c.dates.get_mut(i) {
        *d = chosen;
    }
    if let Some(s) = c.date_shown.get_mut(i) {
        *s = answered.is_some() || dm + md > 0 || !ambiguous.is_empty();
    }
    if answered.is_none() && dm + md == 0 && !ambiguous.is_empty() {
        c.questions.push(Question {
            column: i,
            header: header.to_owned(),
            about: QuestionKind::DateOrder,
            examples: ambiguous.first,
            choices: vec!["day_month".into(), "month_day".into()],
            chosen: key_of_order(chosen).into(),
        });
    }
}

/// A number convention as a question names it (`chosen`).
pub fn key_of_conv(c: NumberConvention) -> &'static str {
    match c {
        NumberConvention::DecimalPoint => "decimal_point",
        NumberConvention::DecimalComma => "decimal_comma",
    }
}

/// A date order as a question names it (`chosen`).
pub fn key_of_order(o: DateOrder) -> &'static str {
    match o {
        DateOrder::DayMonth => "day_month",
        DateOrder::MonthDay => "month_day",
    }
}
