//! Decisions taken once per file from the header and a sample of rows: the export's tool
//! shape, the dataset kind, which column is which field, and how each column's numbers
//! and dates are written. Whatever the data cannot decide becomes a [`Question`].

use std::collections::HashSet;

use crate::dataset::{DatasetKind, SurveyType};

use super::headers::{self, header_keys, kind_fields, normalize, Field, ValueType};
use super::value::{self, DateEvidence, DateOrder, NumberConvention, NumberEvidence};
use super::{ColumnReport, ImportError, ImportOptions, Question, QuestionKind};

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
    /// A line to skip (SurveyMonkey's second header row).
    pub skip_line: Option<usize>,
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
            })
            .collect()
    }
}

/// What the sample says about one column.
#[derive(Clone, Debug, Default)]
struct ColumnStats {
    non_empty: usize,
    numeric: usize,
    dates: usize,
    survey_types: usize,
    intervals: usize,
    bools: usize,
}

impl ColumnStats {
    fn mostly(n: usize, of: usize) -> bool {
        of == 0 || n * 2 >= of
    }
    /// Whether the sampled values can be the field's (a `Type` column of customer types
    /// is not the survey type; a `Period` of dates is not a billing interval).
    fn fits(&self, f: Field) -> bool {
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

    fn fits_number(&self) -> bool {
        Self::mostly(self.numeric, self.non_empty)
    }

    fn is_numeric(&self) -> bool {
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
fn is_id_like(key: &str) -> bool {
    key.ends_with("id")
        || key.ends_with("nummer")
        || key.ends_with("number")
        || key.ends_with("nr")
        || key == "zip"
        || key == "plz"
}

fn stats(width: usize, sample: &[&(usize, Vec<String>)]) -> Vec<ColumnStats> {
    let mut out = vec![ColumnStats::default(); width];
    for (_, row) in sample {
        for (s, v) in out.iter_mut().zip(row.iter()) {
            let v = value::trim(v);
            if v.is_empty() {
                continue;
            }
            s.non_empty += 1;
            if is_numeric_value(v) {
                s.numeric += 1;
            }
            if value::parse_month(v, DateOrder::DayMonth).is_some()
                || value::classify_date(v) != DateEvidence::NotDate
            {
                s.dates += 1;
            }
            s.survey_types += usize::from(value::parse_survey_type(v).is_some());
            s.intervals += usize::from(value::parse_interval(v, None).is_some());
            s.bools += usize::from(value::parse_bool(v).is_some());
        }
    }
    out
}

/// Recognises the exports of common tools by their headers.
fn detect_tool(keys: &[Vec<String>], raw: &[String]) -> Option<&'static str> {
    let has = |k: &str| keys.iter().any(|ks| ks.iter().any(|x| x == k));
    let raw_has_prefix = |p: &str| raw.iter().any(|h| h.trim().to_ascii_lowercase().starts_with(p));
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

/// A mapping of the columns for one kind (or subscription shape).
#[derive(Clone, Debug)]
struct Candidate {
    kind: DatasetKind,
    snapshots: bool,
    fields: Vec<Option<Field>>,
    signals: Vec<usize>,
    missing: Vec<Field>,
    score: usize,
}

fn map_columns(
    wanted: &[Field],
    keys: &[Vec<String>],
    stats: &[ColumnStats],
    overrides: &[(Field, Option<usize>)],
    tool: Option<&str>,
) -> Vec<Option<Field>> {
    let width = keys.len();
    let mut fields: Vec<Option<Field>> = vec![None; width];
    let overridden = |f: Field| overrides.iter().any(|(o, _)| *o == f);
    let mut taken: Vec<bool> = vec![false; width];
    for (f, col) in overrides {
        if let Some(i) = col {
            if *i < width && wanted.contains(f) {
                fields[*i] = Some(*f);
                taken[*i] = true;
            }
        }
    }
    let fits = |f: Field, i: usize| {
        let elapsed = matches!(f, Field::FirstResponse | Field::Resolved)
            && keys.get(i).and_then(|k| k.first()).is_some_and(|k| elapsed_unit(k).is_some());
        stats.get(i).is_none_or(|s| if elapsed { s.fits_number() } else { s.fits(f) })
    };
    for &f in wanted {
        if overridden(f) {
            continue;
        }
        // A bare `Id` is the ticket number only in a known ticket export.
        let extra: &[&str] = match (tool, f) {
            (Some("zendesk"), Field::Ticket) => &["id"],
            _ => &[],
        };
        'syn: for syn in f.synonyms().iter().chain(extra) {
            for (i, ks) in keys.iter().enumerate() {
                if !taken[i] && ks.iter().any(|k| k == syn) && fits(f, i) {
                    fields[i] = Some(f);
                    taken[i] = true;
                    break 'syn;
                }
            }
        }
    }
    // Long question titles: matched by key words, and only with fitting values.
    for &f in wanted {
        if overridden(f) || fields.contains(&Some(f)) {
            continue;
        }
        'kw: for kw in f.keywords() {
            for (i, ks) in keys.iter().enumerate() {
                if !taken[i] && ks.first().is_some_and(|k| k.contains(kw)) && fits(f, i) {
                    fields[i] = Some(f);
                    taken[i] = true;
                    break 'kw;
                }
            }
        }
    }
    fields
}

fn candidates(
    keys: &[Vec<String>],
    stats: &[ColumnStats],
    sample: &[&(usize, Vec<String>)],
    options: &ImportOptions,
    tool: Option<&str>,
) -> Vec<Candidate> {
    // Order = preference when two kinds fit equally well.
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
        let Some(kf) = kind_fields(kind).get(shape) else { continue };
        let wanted: Vec<Field> = kf.required.iter().chain(kf.optional.iter()).copied().collect();
        let fields = map_columns(&wanted, keys, stats, &options.mapping, tool);
        let missing: Vec<Field> =
            kf.required.iter().filter(|f| !fields.contains(&Some(**f))).copied().collect();
        let mapped_optional = kf.optional.iter().filter(|f| fields.contains(&Some(**f))).count();
        let mut score = 2 * (kf.required.len() - missing.len()) + mapped_optional;
        let mut signals = Vec::new();
        let mut missing = missing;
        match kind {
            DatasetKind::Funnel => {
                let metrics = kf
                    .optional
                    .iter()
                    .filter(|f| **f != Field::Date && fields.contains(&Some(**f)))
                    .count();
                if metrics == 0 {
                    missing.push(Field::Visitors);
                }
                score = metrics;
            }
            DatasetKind::Health => {
                signals = (0..keys.len())
                    .filter(|&i| {
                        fields.get(i).is_some_and(Option::is_none)
                            && stats.get(i).is_some_and(ColumnStats::is_numeric)
                    })
                    .filter(|&i| {
                        !keys.get(i).and_then(|k| k.first()).is_some_and(|k| is_id_like(k))
                    })
                    .collect();
                let customer = fields.iter().position(|f| *f == Some(Field::Customer));
                let unique = customer.is_some_and(|c| {
                    let mut seen = HashSet::new();
                    sample
                        .iter()
                        .all(|(_, r)| seen.insert(r.get(c).map(String::as_str).unwrap_or("")))
                });
                // Several numeric signals per distinct customer outweigh one score column.
                score = match (unique, signals.len()) {
                    (false, _) => 0,
                    (true, n) if n >= 3 => n + 1,
                    (true, n) => n,
                };
                let enough = if options.kind == Some(DatasetKind::Health) { 1 } else { 2 };
                if signals.len() < enough || (!unique && options.kind != Some(DatasetKind::Health))
                {
                    missing.push(Field::Score);
                }
            }
            _ => {}
        }
        out.push(Candidate { kind, snapshots: shape == 1, fields, signals, missing, score });
    }
    out
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

/// Minutes per unit when a header names a time unit (`First reply time in minutes`,
/// `Lösungszeit (Stunden)`): such a column holds elapsed time, not a timestamp.
pub fn elapsed_unit(key: &str) -> Option<f64> {
    if key.contains("minute") || key.contains("minuten") || key.ends_with("min") {
        Some(1.0)
    } else if key.contains("hour")
        || key.contains("stunde")
        || key.ends_with("hrs")
        || key.ends_with("std")
    {
        Some(60.0)
    } else if key.contains("second") || key.contains("sekunde") {
        Some(1.0 / 60.0)
    } else if key.contains("days") || key.ends_with("tage") || key.ends_with("tagen") {
        Some(1440.0)
    } else {
        None
    }
}

fn duration_factor(header: &str) -> f64 {
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

/// Decides everything from the header and the sample.
pub fn plan(
    header: Option<&[String]>,
    sample: &[(usize, Vec<String>)],
    options: &ImportOptions,
    ctx: &Context,
) -> Result<Plan, ImportError> {
    let headers: Vec<String> = match header {
        Some(h) => h.iter().map(|s| value::trim(s).to_owned()).collect(),
        None => vec!["score".to_owned()],
    };
    let width = headers.len().max(1);
    let keys: Vec<Vec<String>> = headers.iter().map(|h| header_keys(h)).collect();
    let tool = if ctx.bare { None } else { detect_tool(&keys, &headers) };

    // SurveyMonkey writes a second header row ("Response", "Open-Ended Response").
    let skip_line = match (tool, sample.first()) {
        (Some("surveymonkey"), Some((line, row)))
            if row
                .iter()
                .any(|v| matches!(v.trim(), "Response" | "Open-Ended Response" | "Antwort")) =>
        {
            Some(*line)
        }
        _ => None,
    };
    let rows: Vec<&(usize, Vec<String>)> =
        sample.iter().filter(|(l, _)| Some(*l) != skip_line).collect();
    // Mapping needs only a glimpse; conventions below look at every sampled value.
    let st = stats(width, rows.get(..rows.len().min(super::CSV_SAMPLE_ROWS)).unwrap_or(&rows));

    let mut cands = candidates(&keys, &st, &rows, options, tool);
    let chosen = if ctx.bare {
        cands.into_iter().find(|c| c.kind == DatasetKind::Survey).map(|mut c| {
            c.fields = vec![Some(Field::Score)];
            c.missing.clear();
            c
        })
    } else if let Some(kind) = options.kind {
        // Of the shapes of the chosen kind, the one that fits best.
        cands.sort_by_key(|c| (c.missing.len(), std::cmp::Reverse(c.score)));
        match cands.into_iter().next() {
            Some(c) if c.missing.is_empty() => Some(c),
            Some(c) => return Err(ImportError::MissingColumns { kind, missing: c.missing }),
            None => None,
        }
    } else {
        let mut best: Option<Candidate> = None;
        for c in cands.into_iter().filter(|c| c.missing.is_empty()) {
            if best.as_ref().is_none_or(|b| c.score > b.score) {
                best = Some(c);
            }
        }
        best
    };
    let Some(chosen) = chosen else {
        return match options.kind {
            Some(kind) if ctx.bare => Err(ImportError::MissingColumns {
                kind,
                missing: kind_fields(kind).first().map(|k| k.required.to_vec()).unwrap_or_default(),
            }),
            _ => Err(ImportError::NoKindFits { headers }),
        };
    };

    let fields = chosen.fields;
    let mut numbers = vec![NumberConvention::DecimalPoint; width];
    let mut dates = vec![DateOrder::MonthDay; width];
    let mut number_shown = vec![false; width];
    let mut date_shown = vec![false; width];
    let mut questions = Vec::new();
    let prefer_comma = ctx.prefer_comma || headers.iter().any(|h| headers::is_german(h));
    let hint_conv =
        if prefer_comma { NumberConvention::DecimalComma } else { NumberConvention::DecimalPoint };
    let hint_order = if prefer_comma { DateOrder::DayMonth } else { DateOrder::MonthDay };

    let elapsed: Vec<Option<f64>> = (0..width)
        .map(|i| match fields.get(i).copied().flatten() {
            Some(Field::FirstResponse | Field::Resolved) => {
                keys.get(i).and_then(|k| k.first()).and_then(|k| elapsed_unit(k))
            }
            _ => None,
        })
        .collect();

    for i in 0..width {
        let field = fields.get(i).copied().flatten();
        let vt = field.map(|f| f.value_type());
        let header = headers.get(i).cloned().unwrap_or_default();
        let is_elapsed = elapsed.get(i).copied().flatten().is_some();
        let is_number = vt == Some(ValueType::Number) || chosen.signals.contains(&i) || is_elapsed;
        let values = || {
            rows.iter()
                .filter_map(move |(_, r)| r.get(i))
                .map(|v| value::trim(v))
                .filter(|v| !v.is_empty())
        };
        if is_number {
            let answered =
                options.number_conventions.iter().find(|(c, _)| *c == i).map(|(_, n)| *n);
            let (mut point, mut comma, mut ambiguous) = (0usize, 0usize, Vec::new());
            for v in values() {
                match value::classify_number(v) {
                    NumberEvidence::Point => point += 1,
                    NumberEvidence::Comma => comma += 1,
                    NumberEvidence::Ambiguous if ctx.native_numbers => point += 1,
                    NumberEvidence::Ambiguous => ambiguous.push(v.to_owned()),
                    _ => {}
                }
            }
            numbers[i] = match answered {
                Some(a) => a,
                None if point > comma => NumberConvention::DecimalPoint,
                None if comma > point => NumberConvention::DecimalComma,
                None => hint_conv,
            };
            number_shown[i] = answered.is_some() || point + comma > 0 || !ambiguous.is_empty();
            if answered.is_none() && point + comma == 0 && !ambiguous.is_empty() {
                ambiguous.truncate(3);
                questions.push(Question {
                    column: i,
                    header: header.clone(),
                    about: QuestionKind::NumberConvention,
                    examples: ambiguous,
                    choices: vec!["decimal_point".into(), "decimal_comma".into()],
                    chosen: key_of_conv(numbers[i]).into(),
                });
            }
        }
        if matches!(vt, Some(ValueType::Date) | Some(ValueType::Month)) && !is_elapsed {
            let answered = options.date_orders.iter().find(|(c, _)| *c == i).map(|(_, d)| *d);
            let (mut dm, mut md, mut ambiguous) = (0usize, 0usize, Vec::new());
            for v in values() {
                match value::classify_date(v) {
                    DateEvidence::DayMonth => dm += 1,
                    DateEvidence::MonthDay => md += 1,
                    DateEvidence::Ambiguous => ambiguous.push(v.to_owned()),
                    _ => {}
                }
            }
            dates[i] = match answered {
                Some(a) => a,
                None if dm > md => DateOrder::DayMonth,
                None if md > dm => DateOrder::MonthDay,
                None => hint_order,
            };
            date_shown[i] = answered.is_some() || dm + md > 0 || !ambiguous.is_empty();
            if answered.is_none() && dm + md == 0 && !ambiguous.is_empty() {
                ambiguous.truncate(3);
                questions.push(Question {
                    column: i,
                    header: header.clone(),
                    about: QuestionKind::DateOrder,
                    examples: ambiguous,
                    choices: vec!["day_month".into(), "month_day".into()],
                    chosen: key_of_order(dates[i]).into(),
                });
            }
        }
    }

    let col = |f: Field| fields.iter().position(|x| *x == Some(f));
    let survey_hint = col(Field::Score).and_then(|i| headers.get(i)).and_then(|h| survey_hint(h));
    let duration_factor =
        col(Field::Duration).and_then(|i| headers.get(i)).map_or(1.0, |h| duration_factor(h));
    let cents = options.amounts_in_cents.unwrap_or_else(|| {
        [Field::Amount, Field::Mrr]
            .iter()
            .filter_map(|f| col(*f))
            .filter_map(|i| headers.get(i))
            .any(|h| amounts_in_cents(h))
    });

    Ok(Plan {
        kind: chosen.kind,
        kind_guessed: options.kind.is_none(),
        snapshots: chosen.snapshots,
        tool,
        headers,
        fields,
        signals: chosen.signals,
        numbers,
        dates,
        number_shown,
        date_shown,
        questions,
        amounts_in_cents: cents,
        rows_sampled: rows.len(),
        skip_line,
        survey_hint,
        duration_factor,
        elapsed,
        bare: ctx.bare,
        native_numbers: ctx.native_numbers,
    })
}

pub fn key_of_conv(c: NumberConvention) -> &'static str {
    match c {
        NumberConvention::DecimalPoint => "decimal_point",
        NumberConvention::DecimalComma => "decimal_comma",
    }
}

pub fn key_of_order(o: DateOrder) -> &'static str {
    match o {
        DateOrder::DayMonth => "day_month",
        DateOrder::MonthDay => "month_day",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
        data.iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r.iter().map(|s| s.to_string()).collect()))
            .collect()
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
