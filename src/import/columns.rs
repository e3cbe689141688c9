//! What a sample of rows says about each column: how many values are numbers, dates,
//! survey types, intervals, booleans, money, small whole numbers, and how many differ; and
//! what its values say about the column's number convention and date order. Each distinct
//! value is read by the parsers once, in one pass over the sample.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::csv::Kept;
use super::headers::{Field, ValueType};
use super::value::{self, DateEvidence, DateOrder, NumberConvention, NumberEvidence};

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

/// What one value is, in every reading the stats count, and what it says about its
/// column's number convention and date order.
#[derive(Clone, Copy)]
struct ValueFacts {
    numeric: bool,
    money: bool,
    scale_0_10: bool,
    date: bool,
    survey_type: bool,
    interval: bool,
    bool: bool,
    number_evidence: NumberEvidence,
    date_evidence: DateEvidence,
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
        let date_evidence = value::classify_date(v);
        ValueFacts {
            numeric,
            money,
            scale_0_10,
            date: date_evidence != DateEvidence::NotDate
                || value::parse_month(v, DateOrder::DayMonth).is_some(),
            survey_type: value::parse_survey_type(v).is_some(),
            interval: value::parse_interval(v, None).is_some(),
            bool: value::parse_bool(v).is_some(),
            number_evidence: value::classify_number(v),
            date_evidence,
        }
    }
}

/// Values that decide nothing about a convention: how many, and the first three in the
/// order of the rows (a question shows them as examples).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Undecided<'a> {
    pub count: usize,
    pub first: Vec<&'a str>,
}

impl<'a> Undecided<'a> {
    fn push(&mut self, v: &'a str) {
        self.count += 1;
        if self.first.len() < 3 {
            self.first.push(v);
        }
    }
}

/// What a column's values say about its number convention, counted per row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NumberVotes<'a> {
    pub point: usize,
    pub comma: usize,
    /// `1,234`, `1.234`: either a thousands separator or three decimals.
    pub ambiguous: Undecided<'a>,
}

/// What a column's values say about its date order, counted per row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateVotes<'a> {
    pub day_month: usize,
    pub month_day: usize,
    /// Day and month both 12 or less (and different).
    pub ambiguous: Undecided<'a>,
}

/// Per column: the votes of every sampled value (the conventions are decided from them
/// once the columns are mapped; see `conventions::decide`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Votes<'a> {
    pub numbers: NumberVotes<'a>,
    pub dates: DateVotes<'a>,
}

impl<'a> Votes<'a> {
    fn count(&mut self, v: &'a str, number: NumberEvidence, date: DateEvidence) {
        match number {
            NumberEvidence::Point => self.numbers.point += 1,
            NumberEvidence::Comma => self.numbers.comma += 1,
            NumberEvidence::Ambiguous => self.numbers.ambiguous.push(v),
            NumberEvidence::NotNumber | NumberEvidence::Plain => {}
        }
        match date {
            DateEvidence::DayMonth => self.dates.day_month += 1,
            DateEvidence::MonthDay => self.dates.month_day += 1,
            DateEvidence::Ambiguous => self.dates.ambiguous.push(v),
            DateEvidence::NotDate | DateEvidence::Unambiguous => {}
        }
    }
}

/// Distinct values counted per column; their facts are kept too, so a value that repeats
/// (a survey type, a score, a segment, a date) is read by the parsers once, not per row.
const DISTINCT_COUNTED: usize = 1000;

/// FNV-1a over 8 bytes at a time: sampled values are short, and a user's own file gains
/// nothing from SipHash's resistance to chosen collisions (at most 1,000 keys a column).
#[derive(Clone, Copy)]
struct ValueHasher(u64);

impl Default for ValueHasher {
    fn default() -> Self {
        ValueHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for ValueHasher {
    fn finish(&self) -> u64 {
        // A multiplication carries a byte's difference only upwards, and the table takes
        // its buckets from the low bits: mix the high bits down (MurmurHash3's finalizer).
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.0 = (self.0 ^ u64::from_le_bytes(word)).wrapping_mul(0x0100_0000_01b3);
        }
        for &b in words.remainder() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type ValueMap<'a> = HashMap<&'a str, ValueFacts, BuildHasherDefault<ValueHasher>>;

/// One column's distinct values read so far, and the last value read (a sorted date
/// column repeats it row after row).
#[derive(Default)]
struct Seen<'a> {
    known: ValueMap<'a>,
    last: Option<(&'a str, ValueFacts)>,
}

/// The statistics of the first `stats_rows` rows (what the columns are mapped by) and the
/// convention votes of all of them (what the number and date readings are decided by).
pub fn stats<'a>(
    width: usize,
    sample: &[Kept<'a>],
    stats_rows: usize,
) -> (Vec<ColumnStats>, Vec<Votes<'a>>) {
    let mut out = vec![ColumnStats::default(); width];
    let mut votes = vec![Votes::default(); width];
    let mut seen: Vec<Seen<'a>> = (0..width).map(|_| Seen::default()).collect();
    let (counted, rest) = sample.split_at(stats_rows.min(sample.len()));
    for s in out.iter_mut() {
        s.rows = counted.len();
    }
    for (_, row) in counted {
        let columns = out.iter_mut().zip(votes.iter_mut()).zip(seen.iter_mut());
        for (((s, votes), seen), v) in columns.zip(row.iter()) {
            let v = value::trim(v);
            if v.is_empty() {
                continue;
            }
            s.non_empty += 1;
            let facts = match seen.last {
                Some((last, f)) if last == v => f,
                _ => {
                    let f = match seen.known.get(v) {
                        Some(f) => *f,
                        None => {
                            let f = ValueFacts::of(v);
                            if seen.known.len() < DISTINCT_COUNTED {
                                seen.known.insert(v, f);
                                s.distinct += 1;
                            }
                            f
                        }
                    };
                    seen.last = Some((v, f));
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
            votes.count(v, facts.number_evidence, facts.date_evidence);
        }
    }
    // Rows past the statistics' share (sheets and JSON sample every row) still vote.
    for (_, row) in rest {
        for ((votes, seen), v) in votes.iter_mut().zip(seen.iter()).zip(row.iter()) {
            let v = value::trim(v);
            if v.is_empty() {
                continue;
            }
            let (number, date) = match seen.known.get(v) {
                Some(f) => (f.number_evidence, f.date_evidence),
                None => (value::classify_number(v), value::classify_date(v)),
            };
            votes.count(v, number, date);
        }
    }
    (out, votes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::csv::Records;
    use std::hash::BuildHasher;

    fn records(rows: &[&[&str]]) -> Records {
        let mut out = Records::default();
        for (i, r) in rows.iter().enumerate() {
            out.push(i + 2, r.iter().copied());
        }
        out
    }

    /// The votes counted once per row, as the conventions read them before they were
    /// counted with the statistics.
    fn votes_row_by_row<'a>(rows: &[Kept<'a>], col: usize) -> Votes<'a> {
        let mut votes = Votes::default();
        for (_, r) in rows.iter().filter(|(_, r)| col < r.len()) {
            let v = value::trim(r.get(col));
            if v.is_empty() {
                continue;
            }
            match value::classify_number(v) {
                NumberEvidence::Point => votes.numbers.point += 1,
                NumberEvidence::Comma => votes.numbers.comma += 1,
                NumberEvidence::Ambiguous => votes.numbers.ambiguous.push(v),
                _ => {}
            }
            match value::classify_date(v) {
                DateEvidence::DayMonth => votes.dates.day_month += 1,
                DateEvidence::MonthDay => votes.dates.month_day += 1,
                DateEvidence::Ambiguous => votes.dates.ambiguous.push(v),
                _ => {}
            }
        }
        votes
    }

    #[test]
    fn votes_are_counted_per_row_over_every_sampled_row() {
        let data: Vec<[String; 2]> = (0..40)
            .map(|i| {
                let date = match i % 4 {
                    0 => format!("0{}/0{}/2024", 1 + i % 9, 1 + (i + 3) % 9),
                    1 => format!("{}/03/2024", 13 + i % 15),
                    2 => "03/05/2024".to_owned(),
                    _ => format!("03/{}/2024", 13 + i % 15),
                };
                let amount = match i % 3 {
                    0 => "1,234".to_owned(),
                    1 => format!(" {i}.5 "),
                    _ => "2,500".to_owned(),
                };
                [date, amount]
            })
            .collect();
        let refs: Vec<[&str; 2]> = data.iter().map(|[a, b]| [a.as_str(), b.as_str()]).collect();
        let slices: Vec<&[&str]> = refs.iter().map(|r| &r[..]).collect();
        let sample = records(&slices);
        let kept: Vec<Kept<'_>> = sample.iter().collect();
        // statistics over the first 25 rows, votes over all 40
        let (stats, votes) = stats(2, &kept, 25);
        assert_eq!(stats[0].rows, 25);
        assert_eq!(stats[0].non_empty, 25);
        for (col, v) in votes.iter().enumerate() {
            assert_eq!(*v, votes_row_by_row(&kept, col), "column {col}");
        }
        // hand-counted: amounts 14 × `1,234` and 13 × `2,500` ambiguous, 13 with a point;
        // dates 10 day-first, 10 month-first, 20 ambiguous (`0a/0b` with a ≠ b, `03/05`)
        assert_eq!((votes[1].numbers.point, votes[1].numbers.ambiguous.count), (13, 27));
        assert_eq!(votes[1].numbers.ambiguous.first, ["1,234", "2,500", "1,234"]);
        assert_eq!((votes[0].dates.day_month, votes[0].dates.month_day), (10, 10));
        assert_eq!(votes[0].dates.ambiguous.count, 20);
    }

    #[test]
    fn value_hashes_spread_over_the_low_bits() {
        // customer ids that differ only in their last characters
        let build = BuildHasherDefault::<ValueHasher>::default();
        let buckets: std::collections::HashSet<u64> =
            (0..1000).map(|i| build.hash_one(format!("c{i:07}").as_str()) & 1023).collect();
        // 1,000 keys thrown at random into 1,024 buckets fill about 640 of them
        assert!(buckets.len() > 550, "{} buckets", buckets.len());
    }
}
