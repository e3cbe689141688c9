//! Which column is which field, for every kind: by the header's name, its words, and —
//! where a needed field is still missing — by the values.
//!
//! Passes, each only for fields and columns the ones before left open:
//! 1. the user's choice;
//! 2. the whole header is one of the field's names ([`Field::synonyms`], most specific
//!    first);
//! 3. long question titles by key words ([`Field::keywords`]);
//! 4. a run of the header's words, or a German compound, names the field
//!    ([`headers::word_match`]);
//! 5. only when no kind fits otherwise ([`fill_by_values`]): a required field that exactly
//!    one column fits by its values (`amount ← total_price, chosen by its values`).
//!
//! Every pass checks that the sampled values fit the field ([`ColumnStats::fits`]).

use std::collections::HashSet;

use crate::dataset::DatasetKind;

use super::columns::{is_id_like, ColumnStats};
use super::csv::Kept;
use super::headers::{self, kind_fields, Field};
use super::report::MatchReason;
use super::ImportOptions;

/// Why a column got its field, and how sure that is (0–1).
pub type Why = (MatchReason, f64);

/// A mapping of the columns for one kind (or subscription shape).
#[derive(Clone, Debug)]
pub struct Candidate {
    pub kind: DatasetKind,
    pub snapshots: bool,
    pub fields: Vec<Option<Field>>,
    pub why: Vec<Option<Why>>,
    pub signals: Vec<usize>,
    pub missing: Vec<Field>,
    pub score: usize,
}

/// The header as matching sees it.
pub struct Header {
    /// [`headers::header_keys`]: whole name, last dotted part, name without unit.
    pub keys: Vec<String>,
    pub words: Vec<String>,
    /// A question or a long title (three words or more, or ending in `?`).
    pub long: bool,
}

impl Header {
    pub fn new(header: &str) -> Self {
        let words = headers::header_words(header);
        Header {
            keys: headers::header_keys(header),
            long: words.len() >= 3 || header.trim_end().ends_with('?'),
            words,
        }
    }
}

struct Mapping<'a> {
    fields: Vec<Option<Field>>,
    why: Vec<Option<Why>>,
    headers: &'a [Header],
    stats: &'a [ColumnStats],
}

impl Mapping<'_> {
    fn taken(&self, i: usize) -> bool {
        self.fields.get(i).is_some_and(Option::is_some)
    }

    fn has(&self, f: Field) -> bool {
        self.fields.contains(&Some(f))
    }

    fn set(&mut self, i: usize, f: Field, why: Why) {
        if let (Some(slot), Some(w)) = (self.fields.get_mut(i), self.why.get_mut(i)) {
            *slot = Some(f);
            *w = Some(why);
        }
    }

    /// The sampled values can be the field's (elapsed-time columns hold numbers).
    fn fits(&self, f: Field, i: usize) -> bool {
        let elapsed = matches!(f, Field::FirstResponse | Field::Resolved)
            && self
                .headers
                .get(i)
                .and_then(|h| h.keys.first())
                .is_some_and(|k| headers::elapsed_unit(k).is_some());
        self.stats.get(i).is_none_or(|s| if elapsed { s.fits_number() } else { s.fits(f) })
    }

    fn open(&self, f: Field, i: usize) -> bool {
        !self.taken(i) && self.fits(f, i)
    }
}

/// Pass 2: the whole header is one of the field's names.
fn by_name(m: &mut Mapping<'_>, f: Field, tool: Option<&str>) {
    // A bare `Id` is the ticket number only in a known ticket export.
    let extra: &[&str] = match (tool, f) {
        (Some("zendesk"), Field::Ticket) => &["id"],
        _ => &[],
    };
    for syn in f.synonyms().iter().chain(extra) {
        let hit = (0..m.headers.len()).find(|&i| {
            m.open(f, i) && m.headers.get(i).is_some_and(|h| h.keys.iter().any(|k| k == syn))
        });
        if let Some(i) = hit {
            return m.set(i, f, (MatchReason::Header, 1.0));
        }
    }
}

/// Pass 3: key words, anywhere in questions and long titles (three words or more), in
/// the last word of a short header.
fn by_keyword(m: &mut Mapping<'_>, f: Field) {
    for kw in f.keywords() {
        let hit = (0..m.headers.len()).find(|&i| {
            m.open(f, i)
                && m.headers.get(i).is_some_and(|h| {
                    // in a short header only its head (last word) counts: `start_date` is
                    // a date, `Customer interactions` no customer
                    let head = if h.long { h.keys.first() } else { h.words.last() };
                    head.is_some_and(|k| k.contains(kw))
                })
        });
        if let Some(i) = hit {
            return m.set(i, f, (MatchReason::HeaderWords, 0.7));
        }
    }
}

/// Pass 4: the best column whose words name the field.
fn by_words(m: &mut Mapping<'_>, f: Field) {
    let best = (0..m.headers.len())
        .filter(|&i| m.open(f, i))
        .filter_map(|i| {
            m.headers.get(i).and_then(|h| headers::word_match(f, &h.words)).map(|r| (r, i))
        })
        .max_by_key(|&(r, i)| (r, std::cmp::Reverse(i)));
    if let Some(((_, compound), i)) = best {
        m.set(i, f, (MatchReason::HeaderWords, if compound { 0.6 } else { 0.8 }));
    }
}

/// Maps the wanted fields (in order: required first) to columns.
fn map_columns(
    wanted: &[Field],
    headers: &[Header],
    stats: &[ColumnStats],
    overrides: &[(Field, Option<usize>)],
    tool: Option<&str>,
) -> (Vec<Option<Field>>, Vec<Option<Why>>) {
    let width = headers.len();
    let mut m = Mapping { fields: vec![None; width], why: vec![None; width], headers, stats };
    for (f, col) in overrides {
        if let Some(i) = col {
            if *i < width && wanted.contains(f) {
                m.set(*i, *f, (MatchReason::UserChoice, 1.0));
            }
        }
    }
    let open: Vec<Field> =
        wanted.iter().copied().filter(|f| !overrides.iter().any(|(o, _)| o == f)).collect();
    for &f in &open {
        by_name(&mut m, f, tool);
    }
    for &f in open.iter().filter(|f| !m.has(**f)).collect::<Vec<_>>() {
        by_keyword(&mut m, f);
    }
    for &f in open.iter().filter(|f| !m.has(**f)).collect::<Vec<_>>() {
        by_words(&mut m, f);
    }
    (m.fields, m.why)
}

/// Fields a metric of the kind cannot do without that the mapping lacks. A ticket export
/// needs no id column when it has a resolution or first-reply time: each row is a ticket.
fn missing_fields(kind: DatasetKind, required: &[Field], fields: &[Option<Field>]) -> Vec<Field> {
    let has = |f: Field| fields.contains(&Some(f));
    required
        .iter()
        .copied()
        .filter(|&f| !has(f))
        .filter(|&f| {
            !(kind == DatasetKind::Tickets
                && f == Field::Ticket
                && (has(Field::Resolved) || has(Field::FirstResponse)))
        })
        .collect()
}

/// Every kind (and subscription shape) with its mapping, in order of preference when two
/// fit equally well.
pub fn candidates(
    headers: &[Header],
    stats: &[ColumnStats],
    sample: &[Kept<'_>],
    options: &ImportOptions,
    tool: Option<&str>,
) -> Vec<Candidate> {
    let order: [(DatasetKind, usize); 8] = [
        (DatasetKind::Survey, 0),
        (DatasetKind::Orders, 0),
        (DatasetKind::Subscriptions, 0),
        (DatasetKind::Subscriptions, 1),
        (DatasetKind::Tickets, 0),
        (DatasetKind::Usage, 0),
        (DatasetKind::Funnel, 0),
        (DatasetKind::Health, 0),
    ];
    let mut out = Vec::new();
    for (kind, shape) in order {
        if options.kind.is_some_and(|k| k != kind) {
            continue;
        }
        let Some(kf) = kind_fields(kind).get(shape) else {
            continue;
        };
        let wanted: Vec<Field> = kf.required.iter().chain(kf.optional.iter()).copied().collect();
        let (fields, why) = map_columns(&wanted, headers, stats, &options.mapping, tool);
        let mut c = Candidate {
            kind,
            snapshots: shape == 1,
            missing: missing_fields(kind, kf.required, &fields),
            fields,
            why,
            signals: Vec::new(),
            score: 0,
        };
        let mapped_required = kf.required.len()
            - kf.required.iter().filter(|f| !c.fields.contains(&Some(**f))).count();
        let mapped_optional = kf.optional.iter().filter(|f| c.fields.contains(&Some(**f))).count();
        c.score = 2 * mapped_required + mapped_optional;
        // An amount named as MRR (`mrr_amount`, `monthly_amount`) is already per month:
        // a billing interval beside it must not divide it again.
        if kind == DatasetKind::Subscriptions && shape == 0 {
            let monthly =
                c.fields.iter().position(|f| *f == Some(Field::Amount)).is_some_and(|i| {
                    headers.get(i).is_some_and(|h| {
                        h.words
                            .iter()
                            .any(|w| matches!(w.as_str(), "mrr" | "monthly" | "monatlich"))
                    })
                });
            if monthly {
                for (f, w) in c.fields.iter_mut().zip(c.why.iter_mut()) {
                    if matches!(f, Some(Field::Interval | Field::IntervalCount))
                        && !matches!(w, Some((MatchReason::UserChoice, _)))
                    {
                        *f = None;
                        *w = None;
                    }
                }
            }
        }
        // Subscription rows say when or how often they bill, or when they end; without
        // any of that a list of payments or orders is no subscription table.
        let billing = [Field::End, Field::Canceled, Field::Interval, Field::IntervalCount];
        if kind == DatasetKind::Subscriptions
            && shape == 0
            && options.kind.is_none()
            && !billing.iter().any(|f| c.fields.contains(&Some(*f)))
        {
            c.missing.push(Field::End);
        }
        // A ticket export says how its tickets were handled (first reply, resolution,
        // contacts, solved at first contact). Rows with an id, a date and a rating but none
        // of that are rated requests, i.e. survey answers (the rating is then their score).
        let handling =
            [Field::FirstResponse, Field::Resolved, Field::Contacts, Field::FirstContactResolved];
        if kind == DatasetKind::Tickets
            && options.kind.is_none()
            && c.fields.contains(&Some(Field::Score))
            && !handling.iter().any(|f| c.fields.contains(&Some(*f)))
        {
            c.missing.push(Field::Resolved);
        }
        match kind {
            DatasetKind::Funnel => score_funnel(&mut c, kf.optional),
            DatasetKind::Health => score_health(&mut c, headers, stats, sample, options),
            _ => {}
        }
        out.push(c);
    }
    // A health table has a row per customer and no dates: when an event table (survey
    // answers, tickets, orders, subscriptions, usage) fits with its dates, the file is that.
    let dated = out.iter().any(|c| {
        c.kind != DatasetKind::Health
            && c.missing.is_empty()
            && c.fields.iter().flatten().any(|f| {
                matches!(f, Field::Created | Field::Start | Field::Timestamp)
                    || (*f == Field::Date
                        && matches!(c.kind, DatasetKind::Orders | DatasetKind::Survey))
            })
    });
    if dated && options.kind.is_none() {
        for c in out.iter_mut().filter(|c| c.kind == DatasetKind::Health) {
            c.missing.push(Field::Customer);
        }
    }
    out
}

/// A funnel needs one of its counts; its score is how many it has.
fn score_funnel(c: &mut Candidate, optional: &[Field]) {
    let metrics =
        optional.iter().filter(|f| **f != Field::Date && c.fields.contains(&Some(**f))).count();
    if metrics == 0 {
        c.missing.push(Field::Visitors);
    }
    c.score = metrics;
}

/// Health: numeric columns that are no id are signals; several of them per distinct
/// customer outweigh one score column.
fn score_health(
    c: &mut Candidate,
    headers: &[Header],
    stats: &[ColumnStats],
    sample: &[Kept<'_>],
    options: &ImportOptions,
) {
    c.signals = (0..headers.len())
        .filter(|&i| {
            c.fields.get(i).is_some_and(Option::is_none)
                && stats.get(i).is_some_and(ColumnStats::is_numeric)
        })
        .filter(|&i| !headers.get(i).and_then(|h| h.keys.first()).is_some_and(|k| is_id_like(k)))
        .collect();
    let customer = c.fields.iter().position(|f| *f == Some(Field::Customer));
    let unique = customer.is_some_and(|col| {
        let mut seen = HashSet::new();
        sample.iter().all(|(_, r)| seen.insert(r.get(col)))
    });
    c.score = match (unique, c.signals.len()) {
        (false, _) => 0,
        (true, n) if n >= 3 => n + 1,
        (true, n) => n,
    };
    let forced = options.kind == Some(DatasetKind::Health);
    let enough = if forced { 1 } else { 2 };
    if c.signals.len() < enough || (!unique && !forced) {
        c.missing.push(Field::Score);
    }
}

/// Pass 5, for a file no kind fits by its headers: a missing required field that exactly
/// one open column fits by its values (money for amounts, dates for dates, 0–10 for a
/// score) is mapped to it, marked as chosen by its values. `true` when the candidate then
/// lacks nothing.
pub fn fill_by_values(c: &mut Candidate, headers: &[Header], stats: &[ColumnStats]) -> bool {
    for f in c.missing.clone() {
        let fits = |i: usize| {
            let Some(s) = stats.get(i) else { return false };
            // a column whose header names another field (`Quantity`, `Lizenzen`, `MRR`,
            // `Start`) is that field's, not a guess for this one
            if headers.get(i).is_some_and(names_a_field) {
                return false;
            }
            let id = headers.get(i).and_then(|h| h.keys.first()).is_some_and(|k| is_id_like(k))
                || headers.get(i).and_then(|h| h.words.last()).is_some_and(|w| {
                    matches!(w.as_str(), "count" | "anzahl" | "total" | "qty" | "number" | "nr")
                });
            match f {
                Field::Amount | Field::Mrr => s.is_money() && !id,
                Field::Score => s.is_scale_0_10() && !id,
                Field::Date | Field::Created | Field::Start | Field::Timestamp => s.is_dates(),
                _ => false,
            }
        };
        let open: Vec<usize> = (0..headers.len())
            .filter(|&i| c.fields.get(i).is_some_and(Option::is_none) && fits(i))
            .collect();
        if let [i] = open[..] {
            if let (Some(slot), Some(w)) = (c.fields.get_mut(i), c.why.get_mut(i)) {
                *slot = Some(f);
                *w = Some((MatchReason::Values, 0.5));
                c.missing.retain(|m| *m != f);
            }
        }
    }
    c.missing.is_empty()
}

/// Whether the header is one of the names of any field.
fn names_a_field(h: &Header) -> bool {
    Field::ALL.iter().any(|f| f.synonyms().iter().any(|syn| h.keys.iter().any(|k| k == syn)))
}

#[cfg(test)]
mod tests {
    use crate::dataset::DatasetKind;
    use crate::import::{import, Field, ImportOptions};

    fn kind_of(text: &str, options: &ImportOptions) -> (DatasetKind, Vec<Option<Field>>) {
        let r = import(text.as_bytes(), Some("x.csv"), options).expect("imports").report;
        (r.kind, r.columns.iter().map(|c| c.field).collect())
    }

    #[test]
    fn rated_requests_without_handling_times_are_survey_answers() {
        // an id, when it was sent and answered, a 1–5 rating: no reply or resolution time
        let text = "request_id,request_sent_at,response_received_at,star_rating,comments\n\
                    rq_1,2024-03-04T09:00:00Z,2024-03-04T12:00:00Z,5,quick\n\
                    rq_2,2024-03-04T10:00:00Z,2024-03-05T08:30:00Z,2,slow\n";
        let (kind, fields) = kind_of(text, &ImportOptions::default());
        assert_eq!(kind, DatasetKind::Survey);
        assert_eq!(fields.get(3), Some(&Some(Field::Score)));
        assert_eq!(fields.get(4), Some(&Some(Field::Comment)));
        // chosen as tickets, the same file is read as tickets
        let tickets = ImportOptions { kind: Some(DatasetKind::Tickets), ..Default::default() };
        assert_eq!(kind_of(text, &tickets).0, DatasetKind::Tickets);
    }

    #[test]
    fn a_ticket_export_with_a_satisfaction_rating_stays_tickets() {
        let text = "ticket_id,created_at,resolved_at,satisfaction_score\n\
                    1,2024-03-04 09:00,2024-03-04 12:00,5\n\
                    2,2024-03-04 10:00,2024-03-05 08:30,2\n";
        let (kind, fields) = kind_of(text, &ImportOptions::default());
        assert_eq!(kind, DatasetKind::Tickets);
        assert_eq!(fields.get(2), Some(&Some(Field::Resolved)));
    }
}
