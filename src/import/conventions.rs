//! How each number and date column is written: decimal point or comma, day or month
//! first. The values decide (their votes are counted with the column statistics, in
//! `columns::stats`); a tie goes to the file's hints (German `;`, Windows-1252,
//! German headers) and becomes a [`Question`] when no value could decide it.

use super::columns::{DateVotes, NumberVotes, Undecided, Votes};
use super::value::{DateOrder, NumberConvention};
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

/// Decides every column that is read as a number or a date, from the votes of its
/// sampled values (`columns::stats`).
pub fn decide(
    headers: &[String],
    readings: &[Reading],
    votes: &[Votes<'_>],
    options: &ImportOptions,
    hints: &Hints,
) -> Conventions {
    let mut c = Conventions::new(headers.len());
    let none = Votes::default();
    for (i, reading) in readings.iter().enumerate() {
        let header = headers.get(i).map(String::as_str).unwrap_or("");
        let votes = votes.get(i).unwrap_or(&none);
        match reading {
            Reading::Number => number_column(&mut c, i, header, &votes.numbers, options, hints),
            Reading::Date => date_column(&mut c, i, header, &votes.dates, options, hints),
            Reading::Neither => {}
        }
    }
    c
}

fn number_column(
    c: &mut Conventions,
    i: usize,
    header: &str,
    votes: &NumberVotes<'_>,
    options: &ImportOptions,
    hints: &Hints,
) {
    let answered = options.number_conventions.iter().find(|(col, _)| *col == i).map(|(_, n)| *n);
    let (mut point, comma) = (votes.point, votes.comma);
    // a program writes `1.234` for 1.234: no value of it is ambiguous
    let mut ambiguous = &votes.ambiguous;
    let nothing = Undecided::default();
    if hints.native_numbers {
        point += ambiguous.count;
        ambiguous = &nothing;
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
        *s = answered.is_some() || point + comma > 0 || ambiguous.count > 0;
    }
    if answered.is_none() && point + comma == 0 && ambiguous.count > 0 {
        c.questions.push(Question {
            column: i,
            header: header.to_owned(),
            about: QuestionKind::NumberConvention,
            examples: ambiguous.first.iter().map(|v| (*v).to_owned()).collect(),
            choices: vec!["decimal_point".into(), "decimal_comma".into()],
            chosen: key_of_conv(chosen).into(),
        });
    }
}

fn date_column(
    c: &mut Conventions,
    i: usize,
    header: &str,
    votes: &DateVotes<'_>,
    options: &ImportOptions,
    hints: &Hints,
) {
    let answered = options.date_orders.iter().find(|(col, _)| *col == i).map(|(_, d)| *d);
    let (dm, md, ambiguous) = (votes.day_month, votes.month_day, &votes.ambiguous);
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
        *s = answered.is_some() || dm + md > 0 || ambiguous.count > 0;
    }
    if answered.is_none() && dm + md == 0 && ambiguous.count > 0 {
        c.questions.push(Question {
            column: i,
            header: header.to_owned(),
            about: QuestionKind::DateOrder,
            examples: ambiguous.first.iter().map(|v| (*v).to_owned()).collect(),
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
