//! The whole pipeline for one input: bytes → import → typed dataset → metric results.
//! The app and `kpi` both call this; neither computes a number itself.

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Subscriptions};
use crate::import::{import, import_reader_with, ImportError, ImportOptions, ImportReport};
use crate::metrics::accumulate::{Accumulator, Coverage, DataCoverage, KeptRows};
use crate::metrics::subscriptions::{MrrLedger, SnapshotLedger, SubscriptionLedger};
use crate::metrics::survey::{SurveyMetrics, SurveyTally};
use crate::metrics::tickets::ticket_metrics;
use crate::metrics::MetricOptions;
use crate::report::{
    finish_rejected, mrr_report_from, report_with_survey, survey_report_from, Report, ReportOptions,
};

/// What one input yields. It crosses from the app's worker to the page as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Analysis {
    /// How the input was read: format, encoding, delimiter, column mapping, open questions.
    pub import: ImportReport,
    /// Every metric of the dataset (the JSON of `kpi --json` and of the exports).
    pub report: Report,
    /// Typed survey results for the whole range, for survey data.
    pub survey: Option<SurveyMetrics>,
    /// Ticket durations in hours (first response, resolution), for the histogram.
    pub ticket_hours: Option<TicketHours>,
    /// Each segment column and its number of distinct non-empty values (the dashboard
    /// offers no column whose every value differs, such as an id, as a segment).
    #[serde(default)]
    pub segment_values: Vec<(String, usize)>,
    /// The first and last day of the rows read, before the date range (`None`: no dated
    /// rows). Says what a range that leaves no rows missed, and where the data's last
    /// period ends.
    #[serde(default)]
    pub coverage: Option<Coverage>,
}

/// Each segment column of `segments` and its number of distinct non-empty values.
fn distinct_values(segments: &[crate::dataset::SegmentColumn]) -> Vec<(String, usize)> {
    segments
        .iter()
        .map(|s| (s.name.clone(), s.values.iter().filter(|v| !v.is_empty()).count()))
        .collect()
}

fn dataset_segments(d: &Dataset) -> &[crate::dataset::SegmentColumn] {
    match d {
        Dataset::Survey(t) => &t.segments,
        Dataset::Subscriptions(Subscriptions::Snapshots(t)) => &t.segments,
        Dataset::Subscriptions(Subscriptions::Rows(t)) => &t.segments,
        Dataset::Orders(t) => &t.segments,
        Dataset::Tickets(t) => &t.segments,
        Dataset::Usage(t) => &t.segments,
        Dataset::Funnel(t) => &t.segments,
        Dataset::Health(h) => &h.table.segments,
    }
}

/// Every ticket's first response and resolution time, in hours.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketHours {
    pub first_response: Vec<f64>,
    pub resolution: Vec<f64>,
}

/// Every option of one analysis (`{}` in JSON = every default).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisOptions {
    pub import: ImportOptions,
    pub metrics: MetricOptions,
    pub report: ReportOptions,
}

pub fn analyze(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &AnalysisOptions,
) -> Result<Analysis, ImportError> {
    let imported = import(bytes, file_name, &options.import)?;
    Ok(analyze_dataset(&imported.dataset, imported.report, options))
}

/// Like [`analyze`], reading from `reader` in chunks (a file in `kpi`, a `Blob` in the
/// app's worker), so the input is never held whole in memory. The outer error is the
/// reader's; the inner one the input's.
///
/// Survey answers are counted as they stream by and dropped, so their memory does not grow
/// with the file; MRR snapshots keep one entry per customer and run of months at one MRR,
/// subscription rows one 36-byte span each, not the rows; rows of the other kinds are kept
/// until the end.
pub fn analyze_reader<R: std::io::Read>(
    reader: R,
    file_name: Option<&str>,
    options: &AnalysisOptions,
) -> std::io::Result<Result<Analysis, ImportError>> {
    let mut fold = Fold::default();
    let imported = import_reader_with(reader, file_name, &options.import, &mut |rows| {
        fold.add(rows, options)
    })?;
    Ok(imported.map(|i| fold.finish(i.dataset, i.report, options)))
}

/// The rows a streaming import has handed over so far: each kind in its [`Accumulator`]
/// (the first chunk chooses which), and the days they cover.
///
/// The coverage is kept here, beside the kind's accumulator, rather than inside each of
/// them: one rule per kind ([`Coverage::of`]) for the streamed and the whole-dataset path
/// alike, and a merge that is min/max whatever the kind.
#[derive(Default)]
pub(crate) struct Fold {
    rows: FoldRows,
    coverage: DataCoverage,
}

#[derive(Default)]
enum FoldRows {
    #[default]
    Start,
    Survey(Box<SurveyTally>),
    Snapshots(SnapshotLedger),
    Subscriptions(SubscriptionLedger),
    Kept(KeptRows),
}

/// The analysis of subscription data from a ledger of the rows handed over and `last`,
/// the last chunk (`shape` puts it back into a dataset for the import's rejections).
fn mrr_analysis<L>(
    mut ledger: L,
    last: crate::dataset::Table<L::Row>,
    shape: fn(crate::dataset::Table<L::Row>) -> Subscriptions,
    import: ImportReport,
    coverage: Option<Coverage>,
    o: &AnalysisOptions,
) -> Analysis
where
    L: MrrLedger + for<'a> Accumulator<&'a crate::dataset::Table<L::Row>>,
{
    ledger.update(&last);
    let segment_values = distinct_values(&last.segments);
    let mut report = mrr_report_from(ledger, &last, &o.metrics, &o.report);
    finish_rejected(&mut report, &Dataset::Subscriptions(shape(last)));
    Analysis { import, report, survey: None, ticket_hours: None, segment_values, coverage }
}

impl Fold {
    /// Adds the state of rows that come after this state's rows (a later part of the
    /// same file, read on another thread).
    pub(crate) fn merge(&mut self, later: Fold) {
        self.coverage.merge(later.coverage);
        match (&mut self.rows, later.rows) {
            (FoldRows::Survey(a), FoldRows::Survey(b)) => a.merge(*b),
            (FoldRows::Snapshots(a), FoldRows::Snapshots(b)) => Accumulator::merge(a, b),
            (FoldRows::Subscriptions(a), FoldRows::Subscriptions(b)) => Accumulator::merge(a, b),
            (FoldRows::Kept(a), FoldRows::Kept(b)) => a.merge(b),
            (this @ FoldRows::Start, later) => *this = later,
            // no rows later, or (unreachable) another kind: one file yields one kind
            _ => {}
        }
    }

    /// Moves the state of a later part of a file, which coded the values of the chosen
    /// segment column in its own order, to the codes of the whole file (`crate::parallel`),
    /// before [`merge`](Self::merge). Kept rows carry their codes in their segment columns.
    pub(crate) fn renumber_segments(&mut self, to: crate::metrics::accumulate::Renumber) {
        match &mut self.rows {
            FoldRows::Survey(tally) => tally.renumber_segments(to),
            FoldRows::Snapshots(ledger) => ledger.renumber_segments(to),
            FoldRows::Subscriptions(ledger) => ledger.renumber_segments(to),
            FoldRows::Start | FoldRows::Kept(_) => {}
        }
    }

    pub(crate) fn add(&mut self, rows: Dataset, o: &AnalysisOptions) {
        let (m, r) = (&o.metrics, &o.report);
        self.coverage.update(&rows);
        if let FoldRows::Start = self.rows {
            self.rows = match &rows {
                Dataset::Survey(_) => FoldRows::Survey(Box::new(SurveyTally::new(
                    m,
                    r.period,
                    r.segment.as_deref(),
                    r.range,
                ))),
                Dataset::Subscriptions(Subscriptions::Snapshots(_)) => {
                    FoldRows::Snapshots(SnapshotLedger::new(r.range, r.segment.as_deref()))
                }
                Dataset::Subscriptions(Subscriptions::Rows(_)) => {
                    FoldRows::Subscriptions(SubscriptionLedger::new(r.range, r.segment.as_deref()))
                }
                _ => FoldRows::Kept(KeptRows::default()),
            };
        }
        match (&mut self.rows, rows) {
            (FoldRows::Survey(tally), Dataset::Survey(t)) => tally.update(&t),
            (FoldRows::Snapshots(ledger), Dataset::Subscriptions(Subscriptions::Snapshots(t))) => {
                ledger.update(&t)
            }
            (FoldRows::Subscriptions(ledger), Dataset::Subscriptions(Subscriptions::Rows(t))) => {
                ledger.update(&t)
            }
            (FoldRows::Kept(kept), rows) => kept.update(rows),
            // unreachable: one import yields one kind (the first chunk set the state)
            _ => {}
        }
    }

    /// `last`: the rows not handed over yet, with the segment values, rejections and headers.
    pub(crate) fn finish(
        self,
        last: Dataset,
        import: ImportReport,
        o: &AnalysisOptions,
    ) -> Analysis {
        let mut covered = self.coverage;
        covered.update(&last);
        let coverage = covered.finish(None);
        match (self.rows, last) {
            (FoldRows::Survey(mut tally), Dataset::Survey(t)) => {
                tally.update(&t);
                let (mut report, totals) = survey_report_from(*tally, &t, &o.metrics, &o.report);
                let segment_values = distinct_values(&t.segments);
                finish_rejected(&mut report, &Dataset::Survey(t));
                Analysis {
                    import,
                    report,
                    survey: Some(totals),
                    ticket_hours: None,
                    segment_values,
                    coverage,
                }
            }
            (FoldRows::Snapshots(ledger), Dataset::Subscriptions(Subscriptions::Snapshots(t))) => {
                mrr_analysis(ledger, t, Subscriptions::Snapshots, import, coverage, o)
            }
            (FoldRows::Subscriptions(ledger), Dataset::Subscriptions(Subscriptions::Rows(t))) => {
                mrr_analysis(ledger, t, Subscriptions::Rows, import, coverage, o)
            }
            (FoldRows::Kept(mut kept), last) => {
                kept.update(last);
                match kept.finish(None) {
                    Some(rows) => analyze_dataset(&rows, import, o),
                    // unreachable: `last` was just added
                    None => analyze_dataset(&Dataset::Survey(Default::default()), import, o),
                }
            }
            (_, last) => analyze_dataset(&last, import, o),
        }
    }
}

/// The metrics of a dataset already imported (e.g. by the streaming CSV importer).
pub fn analyze_dataset(
    dataset: &Dataset,
    import: ImportReport,
    options: &AnalysisOptions,
) -> Analysis {
    let (report, survey) = report_with_survey(dataset, &options.metrics, &options.report);
    let ticket_hours = match dataset {
        Dataset::Tickets(t) => {
            let o = &options.metrics;
            let in_range = t.rows.iter().filter(|r| {
                options.report.range.is_none_or(|(a, b)| (a..=b).contains(&r.created.date()))
            });
            let m = ticket_metrics(in_range, o.customer_count, o.csat_scale, o.csat_threshold);
            Some(TicketHours {
                first_response: m.first_response_values,
                resolution: m.resolution_values,
            })
        }
        _ => None,
    };
    let segment_values = distinct_values(dataset_segments(dataset));
    let coverage = Coverage::of(dataset);
    Analysis { import, report, survey, ticket_hours, segment_values, coverage }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str =
        "Datum;Bewertung;Tarif\n01.03.2024;10;Pro\n02.03.2024;11;Pro\n03.04.2024;6;Basic\n";

    /// The app's worker sends the analysis as JSON: nothing may be lost on the way,
    /// rejection reasons included (the page says them in German too).
    #[test]
    fn analysis_round_trips_through_json() {
        let a = analyze(CSV.as_bytes(), Some("umfrage.csv"), &AnalysisOptions::default()).unwrap();
        let json = serde_json::to_string(&a).unwrap();
        let back: Analysis = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.report.rejected, a.report.rejected);
        assert_eq!(back.report.rejected[0].column, "Bewertung");
        assert_eq!(back.survey.unwrap().nps.n, 2);
        // floats survive the trip to the last bit (serde_json's float_roundtrip)
        for x in [106.64259927797833_f64, 94.01925391095067, 0.1 + 0.2, 1e-300, 123456.789e10] {
            let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            assert_eq!(back.to_bits(), x.to_bits());
        }
        let options: AnalysisOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(options.metrics, crate::metrics::MetricOptions::default());
        let err = analyze(b"", None, &AnalysisOptions::default()).unwrap_err();
        let back: ImportError =
            serde_json::from_str(&serde_json::to_string(&err).unwrap()).unwrap();
        assert_eq!(back, err);
    }

    /// A reader that hands out at most `step` bytes per call, so that a streaming import
    /// hands its rows over in many small chunks.
    struct Trickle<'a> {
        rest: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.step).min(self.rest.len());
            let (head, tail) = self.rest.split_at(n);
            buf[..n].copy_from_slice(head);
            self.rest = tail;
            Ok(n)
        }
    }

    /// More rows than the import samples (10,000), so that most arrive in chunks.
    fn survey_csv() -> String {
        let mut s = String::from("Datum;Umfrage;Bewertung;Tarif;Kommentar\n");
        for i in 0..23_000u32 {
            let day = 1 + i % 28;
            let month = 1 + (i / 997) % 12;
            let year = 2023 + i / 12_000;
            let (survey, score) = match i % 7 {
                0 => ("csat", format!("{}", 1 + i % 5)),
                1 => ("ces", format!("{}", 1 + i % 7)),
                2 if i % 501 == 0 => ("nps", "11".to_owned()),
                3 if i % 733 == 0 => ("nps", "viel".to_owned()),
                _ => ("nps", format!("{}", i % 11)),
            };
            let plan = ["Basic", "Pro", "Team", ""][(i % 4) as usize];
            let comment = match i % 5 {
                0 => "schneller Support, sehr freundlich",
                1 => "zu teuer und langsam",
                _ => "",
            };
            s.push_str(&format!("{day:02}.{month:02}.{year};{survey};{score};{plan};{comment}\n"));
        }
        s
    }

    fn snapshot_csv() -> String {
        let mut s = String::from("customer,month,mrr,plan\n");
        for i in 0..24_000u32 {
            let customer = i % 900;
            let month = 1 + (i / 900) % 12 + if customer % 17 == 0 { 0 } else { (i / 10_800) * 12 };
            let year = 2022 + month.saturating_sub(1) / 12;
            let month = 1 + (month - 1) % 12;
            let mrr = match (customer + i / 900) % 13 {
                0 => "-5".to_owned(),
                1 => "0".to_owned(),
                k => format!("{}.{:02}", 20 + k * (customer % 7), i % 100),
            };
            let plan = ["basic", "pro", "team"][(customer % 3) as usize];
            let month =
                if i == 12_345 { "13/2022".to_owned() } else { format!("{month:02}/{year}") };
            s.push_str(&format!("cus_{customer},{month},{mrr},{plan}\n"));
        }
        s
    }

    fn subscription_rows_csv() -> String {
        let mut s = String::from("customer,start,end,amount,interval,quantity,plan\n");
        for i in 0..21_000u32 {
            let customer = i % 4_000;
            let start_month = 1 + i % 30;
            let (y, m) = (2021 + (start_month - 1) / 12, 1 + (start_month - 1) % 12);
            let end = match i % 5 {
                0 | 1 => String::new(),
                2 => "2020-01-01".to_owned(), // before the start: rejected
                _ => format!("{}-{:02}-{:02}", y + 1 + i % 2, 1 + i % 12, 1 + i % 28),
            };
            let amount = match i % 11 {
                0 => "-12".to_owned(),
                1 => "0".to_owned(),
                k => format!("{}.{}", 10 * k, i % 10),
            };
            let interval = ["month", "year", "week", "month"][(i % 4) as usize];
            let plan = ["basic", "pro", "team"][(customer % 3) as usize];
            s.push_str(&format!(
                "cus_{customer},{y}-{m:02}-{:02},{end},{amount},{interval},{},{plan}\n",
                1 + i % 28,
                1 + i % 3
            ));
        }
        s
    }

    /// Counting rows as they stream by gives exactly what the whole dataset gives, for every
    /// chunking, period, segment and range.
    #[test]
    fn streaming_equals_whole() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let mut shapes = Vec::new();
        for (csv, segment) in
            [(survey_csv(), "Tarif"), (snapshot_csv(), "plan"), (subscription_rows_csv(), "plan")]
        {
            for (period, seg, range) in [
                (crate::metrics::PeriodKind::Month, None, None),
                (crate::metrics::PeriodKind::Week, Some(segment), None),
                (
                    crate::metrics::PeriodKind::Quarter,
                    Some(segment),
                    Some((d(2023, 3, 1), d(2023, 11, 30))),
                ),
            ] {
                let mut options = AnalysisOptions::default();
                options.report.period = period;
                options.report.segment = seg.map(str::to_owned);
                options.report.range = range;
                let whole = analyze(csv.as_bytes(), None, &options).unwrap();
                assert!(whole.report.rows > 1_000 && !whole.report.rejected.is_empty());
                if seg.is_some() {
                    assert!(whole.report.segments.len() >= 3, "{:?}", whole.report.segments.keys());
                }
                shapes.push(whole.import.shape.clone().unwrap_or_default());
                let whole = serde_json::to_string(&whole).unwrap();
                for step in [3_001, 65_536, 1 << 20] {
                    let reader = Trickle { rest: csv.as_bytes(), step };
                    let streamed = analyze_reader(reader, None, &options).unwrap().unwrap();
                    assert_eq!(
                        serde_json::to_string(&streamed).unwrap(),
                        whole,
                        "step {step}, {period:?}, {seg:?}"
                    );
                }
            }
        }
        shapes.dedup();
        assert_eq!(shapes, ["", "snapshots", "rows"]);
    }

    /// The chunks really are small: a streamed survey hands its rows over in pieces.
    #[test]
    fn a_streaming_import_hands_rows_over_in_chunks() {
        let csv = survey_csv();
        let mut chunks = Vec::new();
        let reader = Trickle { rest: csv.as_bytes(), step: 50_000 };
        let imported = crate::import::import_reader_with(
            reader,
            None,
            &ImportOptions::default(),
            &mut |rows| {
                if let Dataset::Survey(t) = rows {
                    assert_eq!(t.segments[0].codes.len(), t.rows.len());
                    chunks.push(t.rows.len());
                }
            },
        )
        .unwrap()
        .unwrap();
        let Dataset::Survey(last) = &imported.dataset else { panic!("survey expected") };
        assert!(chunks.len() >= 5, "{chunks:?}");
        assert!(chunks.iter().all(|&n| n < 12_000), "{chunks:?}");
        let total: usize = chunks.iter().sum::<usize>() + last.rows.len();
        assert_eq!(total + last.rejected.len(), 23_000);
        assert_eq!(last.segments[0].values, ["Basic", "Pro", "Team", ""]);
    }
}
