//! Decisions taken once per file from the header and a sample of rows: the export's tool
//! shape, the dataset kind, which column is which field, and how each column's numbers
//! and dates are written. Whatever the data cannot decide becomes a [`Question`].

use crate::dataset::{DatasetKind, SurveyType};

use super::columns::{self, ColumnStats, Votes};
use super::conventions::{self, Conventions, Hints, Reading};
use super::csv::{Kept, Records};
use super::headers::{self, elapsed_unit, kind_fields, normalize, Field, ValueType};
use super::matching::{self, Candidate, Header, Why};
use super::value::{self, DateOrder, NumberConvention};
use super::{ColumnReport, ImportError, ImportOptions, Question, TableRead};

/// Facts about the source that the plan needs.
pub struct Context {
    /// A single column of numbers without header.
    pub bare: bool,
    /// Numbers were written by a program (sheet cells, JSON numbers): `1.234` is 1.234.
    pub native_numbers: bool,
    /// Hints at German conventions (`;` separator, Windows-1252, German headers).
    pub prefer_comma: bool,
}

/// Everything the builder needs to turn records into typed rows.
#[derive(Clone, Debug)]
pub struct Plan {
    pub kind: DatasetKind,
    pub kind_guessed: bool,
    /// Subscriptions given as monthly MRR snapshots rather than subscription rows.
    pub snapshots: bool,
    pub tool: Option<&'static str>,
    pub headers: Vec<String>,
    /// Per column: the field it holds.
    pub fields: Vec<Option<Field>>,
    /// Per column with a field: why, and how sure.
    pub why: Vec<Option<Why>>,
    /// Health: numeric columns used as signals.
    pub signals: Vec<usize>,
    pub numbers: Vec<NumberConvention>,
    pub dates: Vec<DateOrder>,
    /// Which columns had evidence (or a question) for the report.
    pub number_shown: Vec<bool>,
    pub date_shown: Vec<bool>,
    pub questions: Vec<Question>,
    pub amounts_in_cents: bool,
    pub rows_sampled: usize,
    /// Lines to skip (SurveyMonkey's second header row, Qualtrics' two label rows).
    pub skip_lines: Vec<usize>,
    /// Survey type implied by the score column's header (`NPS`, `CSAT` …).
    pub survey_hint: Option<SurveyType>,
    /// Minutes per unit of the duration column.
    pub duration_factor: f64,
    /// Per column: minutes per unit when a ticket time is given as elapsed time since
    /// creation rather than as a timestamp.
    pub elapsed: Vec<Option<f64>>,
    pub bare: bool,
    pub native_numbers: bool,
}

impl Plan {
    pub fn column(&self, f: Field) -> Option<usize> {
        self.fields.iter().position(|x| *x == Some(f))
    }

    /// The headers of the health signal columns, as every health table of the import names
    /// them (each chunk handed over and the last one).
    pub fn signal_headers(&self) -> Vec<String> {
        self.signals.iter().map(|&i| self.header(i).to_owned()).collect()
    }

    pub fn header(&self, i: usize) -> &str {
        self.headers.get(i).map(String::as_str).unwrap_or("")
    }

    pub fn shape_name(&self) -> Option<&'static str> {
        match (self.kind, self.snapshots) {
            (DatasetKind::Subscriptions, true) => Some("snapshots"),
            (DatasetKind::Subscriptions, false) => Some("rows"),
            _ => None,
        }
    }

    pub fn column_reports(&self) -> Vec<ColumnReport> {
        (0..self.headers.len())
            .map(|i| ColumnReport {
                index: i,
                header: self.header(i).to_owned(),
                field: self.fields.get(i).copied().flatten(),
                certainty: self.why.get(i).copied().flatten().map(|w| w.1),
                reason: self.why.get(i).copied().flatten().map(|w| w.0),
                signal: self.signals.contains(&i),
                segment: self.fields.get(i).is_some_and(Option::is_none)
                    && !self.signals.contains(&i),
                number_convention: self
                    .number_shown
                    .get(i)
                    .copied()
                    .unwrap_or(false)
                    .then(|| self.numbers.get(i).copied())
                    .flatten(),
                date_order: self
                    .date_shown
                    .get(i)
                    .copied()
                    .unwrap_or(false)
                    .then(|| self.dates.get(i).copied())
                    .flatten(),
                samples: Vec::new(),
            })
            .collect()
    }
}

/// Recognises the exports of common tools by their headers.
fn detect_tool(keys: &[Vec<String>], raw: &[String]) -> Option<&'static str> {
    let has = |k: &str| keys.iter().any(|ks| ks.iter().any(|x| x == k));
    let raw_has_prefix = |p: &str| raw.iter().any(|h| h.trim().to_ascii_lowercase().starts_with(p));
    if has("responseid") && has("recordeddate") && has("startdate") {
        return Some("qualtrics");
    }
    // Baremetrics' import template: `plan_oid`, `subscription_oid`, amounts in cents.
    if has("planoid") && has("subscriptionoid") {
        return Some("baremetrics");
    }
    if raw_has_prefix("subscriptions.") || (has("planunitprice") && has("billingperiodunit")) {
        return Some("chargebee");
    }
    if has("customerid")
        && has("status")
        && (has("canceledatutc")
            || has("endedatutc")
            || has("currentperiodendutc")
            || has("canceledat") && has("planinterval"))
    {
        return Some("stripe");
    }
    // Stripe's API objects flattened (Sigma, scripts): `plan.amount`, `plan.interval`.
    if has("customer") && raw_has_prefix("plan.") {
        return Some("stripe");
    }
    if has("requester") && has("createdat") && (has("solvedat") || has("firstreplytimeinminutes")) {
        return Some("zendesk");
    }
    if has("respondentid") && has("collectorid") {
        return Some("surveymonkey");
    }
    if (has("submitdateutc") || has("networkid"))
        && (has("startdateutc") || raw.first().is_some_and(|h| h.trim() == "#"))
    {
        return Some("typeform");
    }
    if has("responseid")
        && has("score")
        && (has("personid") || has("responsetimestamp") || has("createdat") || has("tags"))
    {
        return Some("delighted");
    }
    let first = keys.first().and_then(|k| k.first()).map(String::as_str);
    if matches!(first, Some("timestamp") | Some("zeitstempel"))
        && raw.iter().any(|h| h.chars().count() > 20)
    {
        return Some("google_forms");
    }
    None
}

fn survey_hint(header: &str) -> Option<SurveyType> {
    let n = normalize(header);
    if ["nps", "recommend", "empfehl", "promoter"].iter().any(|w| n.contains(w)) {
        Some(SurveyType::Nps)
    } else if ["csat", "satisf", "zufrieden"].iter().any(|w| n.contains(w)) {
        Some(SurveyType::Csat)
    } else if n.starts_with("ces") || ["effort", "aufwand"].iter().any(|w| n.contains(w)) {
        Some(SurveyType::Ces)
    } else {
        None
    }
}

pub(crate) fn duration_factor(header: &str) -> f64 {
    let n = normalize(header);
    if n.contains("sec") || n.contains("sek") {
        1.0 / 60.0
    } else if n.contains("hour") || n.contains("stunde") || n.ends_with("std") || n.ends_with('h') {
        60.0
    } else {
        1.0
    }
}

/// Stripe's API field names (`plan.amount`, `unit_amount`) are in cents; its dashboard
/// export (`Amount`) and Chargebee's CSV export are in major units.
fn amounts_in_cents(header: &str) -> bool {
    let n = normalize(header);
    n.contains("cent")
        || n == "planamount" && header.contains('.')
        || n.ends_with("unitamount")
        || n == "amountminor"
}

/// Resolves the user's choices by header (`--column amount=total_price`) into column
/// indices, after the choices by index; a header the file lacks is an error.
fn user_mapping(
    headers: &[String],
    options: &ImportOptions,
) -> Result<Vec<(Field, Option<usize>)>, ImportError> {
    let mut mapping = options.mapping.clone();
    for (field, wanted) in &options.columns {
        let wanted = wanted.trim();
        let col = if wanted.is_empty() {
            None
        } else {
            let found = headers
                .iter()
                .position(|h| h == wanted)
                .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted)))
                .or_else(|| headers.iter().position(|h| normalize(h) == normalize(wanted)));
            match found {
                Some(i) => Some(i),
                None => {
                    return Err(ImportError::UnknownColumn {
                        header: wanted.to_owned(),
                        headers: headers.to_vec(),
                    })
                }
            }
        };
        mapping.retain(|(f, _)| f != field);
        mapping.push((*field, col));
    }
    Ok(mapping)
}

/// The best candidate: of the chosen kind's shapes the one that lacks least, else the
/// complete one with the highest score, else (no kind fits by its headers) one that the
/// values complete.
fn choose(
    mut cands: Vec<Candidate>,
    headers: &[Header],
    stats: &[ColumnStats],
    options: &ImportOptions,
) -> Result<Option<Candidate>, ImportError> {
    if let Some(kind) = options.kind {
        cands.sort_by_key(|c| (c.missing.len(), std::cmp::Reverse(c.score)));
        let Some(mut c) = cands.into_iter().next() else { return Ok(None) };
        if c.missing.is_empty() || matching::fill_by_values(&mut c, headers, stats) {
            return Ok(Some(c));
        }
        let table = Some(Box::new(TableRead::matched(&c.fields, &c.why)));
        return Err(ImportError::MissingColumns { kind, missing: c.missing, table });
    }
    let mut best: Option<Candidate> = None;
    for c in cands.iter().filter(|c| c.missing.is_empty()) {
        if best.as_ref().is_none_or(|b| c.score > b.score) {
            best = Some(c.clone());
        }
    }
    if best.is_some() {
        return Ok(best);
    }
    for mut c in cands {
        if matching::fill_by_values(&mut c, headers, stats)
            && best.as_ref().is_none_or(|b| c.score > b.score)
        {
            best = Some(c);
        }
    }
    Ok(best)
}

/// Header rows below the header: SurveyMonkey's second row ("Response", "Open-Ended
/// Response"); Qualtrics' question texts and `{"ImportId": …}` rows.
fn label_lines(tool: Option<&str>, sample: &Records) -> Vec<usize> {
    match (tool, sample.get(0), sample.get(1)) {
        (Some("surveymonkey"), Some((line, row)), _)
            if row
                .iter()
                .any(|v| matches!(v.trim(), "Response" | "Open-Ended Response" | "Antwort")) =>
        {
            vec![line]
        }
        (Some("qualtrics"), Some((first, _)), Some((second, ids)))
            if !ids.is_empty() && ids.get(0).trim_start().starts_with("{\"ImportId\"") =>
        {
            vec![first, second]
        }
        _ => Vec::new(),
    }
}

/// Qualtrics names question columns `Q1`, `Q2_TEXT`; the row below says what was asked.
/// Those columns are matched by the question text.
fn question_texts(tool: Option<&str>, headers: &mut [Header], sample: &Records, labels: &[usize]) {
    let Some((_, texts)) =
        sample.iter().find(|(l, _)| tool == Some("qualtrics") && labels.first() == Some(l))
    else {
        return;
    };
    for (h, text) in headers.iter_mut().zip(texts.iter()) {
        let coded = h.keys.first().is_some_and(|k| {
            k.starts_with('q') && k.get(1..2).is_some_and(|c| c.bytes().all(|b| b.is_ascii_digit()))
        });
        if coded && !text.trim().is_empty() {
            *h = Header::new(text);
        }
    }
}

/// Per column: minutes per unit when a ticket time is elapsed time, not a timestamp.
fn elapsed_columns(fields: &[Option<Field>], headers: &[Header]) -> Vec<Option<f64>> {
    (0..headers.len())
        .map(|i| match fields.get(i).copied().flatten() {
            Some(Field::FirstResponse | Field::Resolved) => {
                headers.get(i).and_then(|h| h.keys.first()).and_then(|k| elapsed_unit(k))
            }
            _ => None,
        })
        .collect()
}

/// Number and date conventions of the mapped (and signal) columns.
fn column_conventions(
    headers: &[String],
    chosen: &Candidate,
    elapsed: &[Option<f64>],
    votes: &[Votes<'_>],
    options: &ImportOptions,
    ctx: &Context,
) -> Conventions {
    let readings: Vec<Reading> = (0..headers.len())
        .map(|i| {
            let vt = chosen.fields.get(i).copied().flatten().map(|f| f.value_type());
            let is_elapsed = elapsed.get(i).copied().flatten().is_some();
            if vt == Some(ValueType::Number) || chosen.signals.contains(&i) || is_elapsed {
                Reading::Number
            } else if matches!(vt, Some(ValueType::Date | ValueType::Month)) {
                Reading::Date
            } else {
                Reading::Neither
            }
        })
        .collect();
    let hints = Hints {
        prefer_comma: ctx.prefer_comma || headers.iter().any(|h| headers::is_german(h)),
        native_numbers: ctx.native_numbers,
    };
    conventions::decide(headers, &readings, votes, options, &hints)
}

/// Decides everything from the header and the sample.
pub fn plan(
    header: Option<&[String]>,
    sample: &Records,
    options: &ImportOptions,
    ctx: &Context,
) -> Result<Plan, ImportError> {
    let headers: Vec<String> = match header {
        Some(h) => h.iter().map(|s| value::trim(s).to_owned()).collect(),
        None => vec!["score".to_owned()],
    };
    let width = headers.len().max(1);
    let mut words: Vec<Header> = headers.iter().map(|h| Header::new(h)).collect();
    let keys: Vec<Vec<String>> = words.iter().map(|h| h.keys.clone()).collect();
    let tool = if ctx.bare { None } else { detect_tool(&keys, &headers) };
    let options = &ImportOptions { mapping: user_mapping(&headers, options)?, ..options.clone() };

    let skip_lines = label_lines(tool, sample);
    question_texts(tool, &mut words, sample, &skip_lines);
    let rows: Vec<Kept<'_>> = sample.iter().filter(|(l, _)| !skip_lines.contains(l)).collect();
    // Mapping needs only a glimpse; conventions look at every sampled value.
    let (st, votes) = columns::stats(width, &rows, super::CSV_SAMPLE_ROWS);

    let cands = matching::candidates(&words, &st, &rows, options, tool);
    let chosen = if ctx.bare {
        cands.into_iter().find(|c| c.kind == DatasetKind::Survey).map(|mut c| {
            c.fields = vec![Some(Field::Score)];
            c.why = vec![None];
            c.missing.clear();
            c
        })
    } else {
        choose(cands, &words, &st, options)?
    };
    let Some(chosen) = chosen else {
        return match options.kind {
            Some(kind) if ctx.bare => Err(ImportError::MissingColumns {
                kind,
                missing: kind_fields(kind).first().map(|k| k.required.to_vec()).unwrap_or_default(),
                table: None,
            }),
            _ => Err(ImportError::NoKindFits { headers, table: None }),
        };
    };
    let elapsed = elapsed_columns(&chosen.fields, &words);
    let conv = column_conventions(&headers, &chosen, &elapsed, &votes, options, ctx);
    Ok(assemble(headers, chosen, conv, elapsed, tool, skip_lines, rows.len(), options, ctx))
}

/// The plan from the decisions, with what the headers say about units and survey type.
#[allow(clippy::too_many_arguments)]
fn assemble(
    headers: Vec<String>,
    chosen: Candidate,
    conv: Conventions,
    elapsed: Vec<Option<f64>>,
    tool: Option<&'static str>,
    skip_lines: Vec<usize>,
    rows_sampled: usize,
    options: &ImportOptions,
    ctx: &Context,
) -> Plan {
    let fields = chosen.fields;
    let col = |f: Field| fields.iter().position(|x| *x == Some(f));
    let header_of = |f: Field| col(f).and_then(|i| headers.get(i));
    let survey_hint = header_of(Field::Score).and_then(|h| survey_hint(h));
    let duration_factor = header_of(Field::Duration).map_or(1.0, |h| duration_factor(h));
    let cents = options.amounts_in_cents.unwrap_or_else(|| {
        tool == Some("baremetrics")
            || [Field::Amount, Field::Mrr]
                .iter()
                .filter_map(|f| header_of(*f))
                .any(|h| amounts_in_cents(h))
    });
    Plan {
        kind: chosen.kind,
        kind_guessed: options.kind.is_none(),
        snapshots: chosen.snapshots,
        tool,
        headers,
        why: chosen.why,
        fields,
        signals: chosen.signals,
        numbers: conv.numbers,
        dates: conv.dates,
        number_shown: conv.number_shown,
        date_shown: conv.date_shown,
        questions: conv.questions,
        amounts_in_cents: cents,
        rows_sampled,
        skip_lines,
        survey_hint,
        duration_factor,
        elapsed,
        bare: ctx.bare,
        native_numbers: ctx.native_numbers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[&[&str]]) -> Records {
        let mut rows = Records::default();
        for (i, r) in data.iter().enumerate() {
            rows.push(i + 2, r.iter().copied());
        }
        rows
    }

    fn plan_of(header: &[&str], data: &[&[&str]]) -> Result<Plan, ImportError> {
        let h: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        let ctx = Context { bare: false, native_numbers: false, prefer_comma: false };
        plan(Some(&h), &rows(data), &ImportOptions::default(), &ctx)
    }

    #[test]
    fn kinds_from_headers() {
        let p = plan_of(&["Kunde", "Datum", "Bewertung"], &[&["A", "05.03.2024", "9"]]).unwrap();
        assert_eq!(p.kind, DatasetKind::Survey);
        assert_eq!(p.fields, vec![Some(Field::Customer), Some(Field::Date), Some(Field::Score)]);
        let p = plan_of(&["Kunde", "Datum", "Betrag"], &[&["A", "05.03.2024", "9,50"]]).unwrap();
        assert_eq!(p.kind, DatasetKind::Orders);
        assert_eq!(p.numbers[2], NumberConvention::DecimalComma);
        let p = plan_of(&["customer", "month", "MRR"], &[&["A", "2024-03", "100"]]).unwrap();
        assert_eq!((p.kind, p.snapshots), (DatasetKind::Subscriptions, true));
        let p = plan_of(&["Ticket ID", "Created", "Resolved"], &[&["1", "2024-03-05 10:00", ""]])
            .unwrap();
        assert_eq!(p.kind, DatasetKind::Tickets);
        let p = plan_of(
            &["customer", "nps", "logins", "open_tickets"],
            &[&["A", "9", "3", "1"], &["B", "4", "30", "0"]],
        )
        .unwrap();
        assert_eq!(p.kind, DatasetKind::Health);
        assert!(matches!(
            plan_of(&["foo", "bar"], &[&["x", "y"]]),
            Err(ImportError::NoKindFits { .. })
        ));
    }

    #[test]
    fn values_must_fit_the_field() {
        let p = plan_of(&["score", "type"], &[&["9", "B2B"], &["7", "B2C"]]).unwrap();
        assert_eq!(p.fields, vec![Some(Field::Score), None], "customer types are a segment");
        let p = plan_of(&["score", "type"], &[&["9", "nps"], &["4", "csat"]]).unwrap();
        assert_eq!(p.fields[1], Some(Field::Survey));
    }

    #[test]
    fn ambiguity_becomes_a_question() {
        let p = plan_of(
            &["customer", "date", "amount"],
            &[&["A", "03/05/2024", "1,234"], &["B", "04/06/2024", "2,500"]],
        )
        .unwrap();
        assert_eq!(p.questions.len(), 2);
        let p = plan_of(
            &["customer", "date", "amount"],
            &[&["A", "03/05/2024", "1,234"], &["B", "13/06/2024", "2,5"]],
        )
        .unwrap();
        assert!(p.questions.is_empty());
        assert_eq!(p.dates[1], DateOrder::DayMonth);
        assert_eq!(p.numbers[2], NumberConvention::DecimalComma);
    }
}
