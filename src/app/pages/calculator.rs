//! The calculator: data in, every metric the data allows out.

use leptos::prelude::*;

use crate::analysis::{Analysis, TicketHours};
use crate::app::charts::*;
use crate::app::components::comments::CommentsSection;
use crate::app::components::data_input::DataInput;
use crate::app::components::funnel_form::FunnelForm;
use crate::app::components::headline_strip::HeadlineStrip;
use crate::app::components::import_review::{shown_in_review, ReviewStep};
use crate::app::components::metric_card::MetricCard;
use crate::app::components::no_rows::NoRowsInRange;
use crate::app::components::nps_card::NpsCard;
use crate::app::components::rejected_rows::RejectedRows;
use crate::app::components::review_texts::results_heading;
use crate::app::components::samples::SampleButtons;
use crate::app::components::settings_panel::SettingsPanel;
use crate::app::components::sql_view::SqlView;
use crate::app::components::tables::{GroupTable, KindLists};
use crate::app::components::toolbar::Toolbar;
use crate::app::state::{use_calc, Progress};
use crate::app::texts::kind_label;
use crate::app::{use_lang, use_texts};
use crate::dataset::DatasetKind;
use crate::metrics::survey::NpsResult;
use crate::presentation::card::counted;
use crate::presentation::catalogue::metrics_of;
use crate::presentation::charts::picture::print_line;
use crate::presentation::segments::offered_segments;
use crate::report::{MetricKey, MetricsExt, Report};

#[component]
pub fn CalculatorPage() -> impl IntoView {
    let lang = use_lang();
    let calc = use_calc();

    view! {
        <div class="calculator">
            <DataInput/>
            <section class="card starters">
                <SampleButtons/>
                <FunnelForm/>
            </section>
            <AnalysisProgress/>
            <ReviewStep/>
            {move || calc.analysis.get().map(|a| match a.as_ref() {
                Err(err) if shown_in_review(err) => ().into_any(),
                Err(err) => {
                    let err = err.clone();
                    view! {
                        <p class="card error" role="alert" data-testid="import-error" tabindex="-1">
                            {move || err.message(lang.get())}
                        </p>
                    }.into_any()
                }
                Ok(a) => view! { <Dashboard analysis=a.clone()/> }.into_any(),
            })}
        </div>
    }
}

/// Progress of the running analysis with a cancel button, or why there is no result.
#[component]
fn AnalysisProgress() -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    move || {
        match calc.progress.get() {
        Progress::Idle => None,
        Progress::Running { done, total } => {
            let pct = if total > 0.0 { (100.0 * done / total).clamp(0.0, 100.0) } else { 0.0 };
            Some(view! {
                <div class="card progress" role="status" data-testid="progress">
                    <label>
                        {move || t.get().analysing}
                        <progress max="100" value=format!("{pct:.0}")></progress>
                    </label>
                    <button type="button" class="button secondary" data-testid="cancel" on:click=move |_| calc.cancel()>
                        {move || t.get().cancel}
                    </button>
                </div>
            }.into_any())
        }
        Progress::Cancelled => Some(view! {
            <p class="card" role="status" data-testid="cancelled">{move || t.get().cancelled}</p>
        }.into_any()),
        Progress::Unreadable(detail) => Some(view! {
            <p class="card error" role="alert" data-testid="input-unreadable" title=detail>{move || t.get().input_unreadable}</p>
        }.into_any()),
        Progress::Failed(detail) => Some(view! {
            <p class="card error" role="alert" data-testid="worker-failed" title=detail>{move || t.get().worker_failed}</p>
        }.into_any()),
    }
    }
}

/// "1 row used", "37,745 rows used" / "1 Zeile verwendet", "37.745 Zeilen verwendet"
#[component]
fn RowsUsed(rows: usize) -> impl IntoView {
    let lang = use_lang();
    let rows = rows as u64;
    view! {
        <p class="summary" data-testid="rows-used">
            {move || counted(rows, lang.get(), ("row used", "rows used"), ("Zeile verwendet", "Zeilen verwendet"))}
        </p>
    }
}

/// Everything computed from one input.
#[component]
fn Dashboard(analysis: Analysis) -> impl IntoView {
    let report = analysis.report;
    let kind = report.kind;
    // id-like columns (every value its own) split into groups of one: not offered
    let segment_columns = offered_segments(
        analysis
            .import
            .columns
            .iter()
            .filter(|c| c.field.is_none() && !c.signal)
            .map(|c| c.header.clone()),
        &analysis.segment_values,
        analysis.import.rows_read.saturating_sub(analysis.import.rows_rejected),
    );
    // the data's days: shown in the date inputs, named when a range leaves no rows, and
    // where the last period ends (the headline does not compare an incomplete one)
    let range = use_calc().report_options.with_untracked(|o| o.range);
    let coverage = analysis.coverage;
    let days = coverage.and_then(|c| c.within(range));
    if let Some(range) = range.filter(|_| report.rows == 0) {
        return view! {
            <div class="results" data-testid="results" data-kind=kind.as_str()>
                <ResultsHeading kind/>
                <NoRowsInRange range coverage/>
                <Toolbar report=report.clone() segment_columns coverage/>
                <RowsUsed rows=0/>
                <RejectedRows rejected=report.rejected.clone()/>
            </div>
        }
        .into_any();
    }
    // the comments themselves, under the phrase chart (a phrase clicked there filters them)
    let comments =
        analysis.survey.as_ref().and_then(|s| s.comments.clone()).filter(|c| c.counts.total() > 0);
    provide_context(PhrasePick::new());
    let nps = analysis.survey.map(|s| s.nps).filter(|n| n.n > 0);
    // the charts' PNG downloads say which data they show
    provide_context(ChartDataRange::of(&report));
    provide_context(crate::app::components::headline_strip::DataDays(days));

    view! {
        <div class="results" data-testid="results" data-kind=kind.as_str()>
            <ResultsHeading kind/>
            // read at a glance: the headline numbers first, then the charts, the cards with
            // their formulas, and the tables last
            <PrintLine report=report.clone()/>
            <HeadlineStrip report=report.clone() days/>
            <Toolbar report=report.clone() segment_columns coverage/>
            <SqlView kind import=analysis.import.clone()/>
            <SettingsPanel kind/>
            <RowsUsed rows=report.rows/>
            <ChartGrid report=report.clone() ticket_hours=analysis.ticket_hours/>
            {comments.map(|c| view! { <CommentsSection comments=c report=report.clone()/> })}
            <MetricCards report=report.clone() nps/>
            <KindLists report=report.clone()/>
            <PeriodAndSegmentTables report=report.clone()/>
            <RejectedRows rejected=report.rejected.clone()/>
        </div>
    }
    .into_any()
}

/// "Results: Survey" / "Ergebnisse: Umfrage", the heading the page focuses after a run.
#[component]
fn ResultsHeading(kind: DatasetKind) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2 id="results-heading" class="results-heading" tabindex="-1" data-testid="results-heading">{move || results_heading(lang.get())} ": " {move || kind_label(kind, lang.get())}</h2>
    }
}

/// A printed report says which file, which data and when (only on paper).
#[component]
fn PrintLine(report: Report) -> impl IntoView {
    let lang = use_lang();
    let file = use_calc().source.get_untracked().and_then(|(_, s)| s.name.clone());
    let today = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
    let printed = move || {
        print_line(file.as_deref(), &report, today.get(..10).unwrap_or_default(), lang.get())
    };
    view! { <p class="print-only print-line" data-testid="print-line">{printed}</p> }
}

/// The charts the dataset's kind and its data allow.
#[component]
fn ChartGrid(report: Report, ticket_hours: Option<TicketHours>) -> impl IntoView {
    let t = use_texts();
    let r = report;
    let m = &r.metrics;
    let has = |k: &str| m.get(k).and_then(|v| v.as_u64()).is_some_and(|n| n > 0);
    let charts = match r.kind {
        DatasetKind::Survey => view! {
            {has("nps_n").then(|| view! {
                <NpsDistributionChart report=r.clone()/>
                <NpsTrendChart report=r.clone()/>
            })}
            {has("csat_n").then(|| view! { <CsatDistributionChart report=r.clone()/> })}
            {has("ces_n").then(|| view! { <CesDistributionChart report=r.clone()/> })}
            <CommentPhrasesChart report=r.clone()/>
        }
        .into_any(),
        DatasetKind::Subscriptions => view! {
            <MrrMovementsChart report=r.clone()/>
            <CohortRetentionChart report=r.clone() kind=CohortKind::Logo/>
            <CohortRetentionChart report=r.clone() kind=CohortKind::Revenue/>
        }
        .into_any(),
        DatasetKind::Tickets => ticket_hours
            .map(|h| {
                view! {
                    <TicketTimeHistogram first_response=h.first_response resolution=h.resolution/>
                }
            })
            .into_any(),
        DatasetKind::Usage => view! {
            <DauMauChart report=r.clone()/>
            <FeatureAdoptionChart report=r.clone()/>
        }
        .into_any(),
        DatasetKind::Health => view! { <HealthDistributionChart report=r.clone()/> }.into_any(),
        DatasetKind::Orders => view! {
            <OrdersChart report=r.clone()/>
            <OrderValueChart report=r.clone()/>
        }
        .into_any(),
        DatasetKind::Funnel => view! { <FunnelChart report=r.clone()/> }.into_any(),
    };
    view! {
        <section class="charts" data-testid="charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading" class="visually-hidden">{move || t.get().charts_heading}</h2>
            {charts}
        </section>
    }
}

/// The metric cards with their formulas, the NPS's own larger card first.
#[component]
fn MetricCards(report: Report, nps: Option<NpsResult>) -> impl IntoView {
    // Only what the data allows: a metric whose own n is 0 (no CSAT answers in an NPS
    // survey) has no card; the NPS has its own, larger card.
    let cards = metrics_of(report.kind)
        .filter(|info| info.n.is_none_or(|k| report.metrics.count(k) != Some(0)))
        .filter(|info| !(info.key == MetricKey::Nps && nps.is_some()))
        .map(|info| view! { <MetricCard info report=report.clone()/> })
        .collect_view();
    view! {
        <div class="cards" data-testid="cards">
            {nps.map(|nps| view! { <NpsCard result=nps/> })}
            {cards}
        </div>
    }
}

/// The metrics per period, then per segment value (small groups flagged).
#[component]
fn PeriodAndSegmentTables(report: Report) -> impl IntoView {
    let kind = report.kind;
    let periods: Vec<(String, _)> =
        report.periods.iter().map(|p| (p.period.clone(), p.metrics.clone())).collect();
    let segments: Vec<(String, _)> =
        report.segments.iter().map(|(k, m)| (k.clone(), m.clone())).collect();
    view! {
        <GroupTable kind title=|t| t.periods_heading corner=|t| t.period_label testid="periods" groups=periods/>
        <GroupTable kind title=|t| t.segments_heading corner=|t| t.segment_label testid="segments" groups=segments flag_small=true/>
    }
}
