//! Period, date range and segment, and the exports: JSON, CSV, XLSX, a link to these
//! settings, print. One small component for each thing the user sees.

use leptos::prelude::*;

use crate::app::download::{download, download_bytes};
use crate::app::share;
use crate::app::state::use_calc;
use crate::app::{use_lang, use_texts};
use crate::dataset::DatasetKind;
use crate::export::xlsx::report_xlsx;
use crate::export::{report_csv_for_spreadsheet, report_json};
use crate::i18n::Lang;
use crate::metrics::accumulate::Coverage;
use crate::metrics::PeriodKind;
use crate::report::Report;

/// The controls above a dashboard. `coverage`: the data's first and last day, shown in the
/// date inputs while the range is open.
#[component]
pub fn Toolbar(
    report: Report,
    segment_columns: Vec<String>,
    coverage: Option<Coverage>,
) -> impl IntoView {
    let t = use_texts();
    let kind = report.kind;
    let report = StoredValue::new(report);
    let link = RwSignal::new(None::<String>);
    // "copied" only once the clipboard said so
    let copied = RwSignal::new(false);

    view! {
        <section class="card toolbar" data-testid="toolbar" aria-label=move || t.get().period_label>
            <div class="controls">
                <PeriodSelect kind/>
                <DateRange coverage/>
                <SegmentSelect segment_columns/>
            </div>
            <div class="actions">
                <DownloadButtons report coverage/>
                <ShareButton link copied/>
                <PrintButton/>
            </div>
            <SharedLink link copied/>
        </section>
    }
}

/// Month, week or quarter (subscriptions have no ISO weeks: MRR is a month-end state).
#[component]
fn PeriodSelect(kind: DatasetKind) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    let period = move || calc.report_options.with(|o| o.period);
    let set_period = move |ev: leptos::ev::Event| {
        if let Some(p) = PeriodKind::parse(&event_target_value(&ev)) {
            calc.report_options.update(|o| o.period = p);
        }
    };
    let no_weeks = kind == DatasetKind::Subscriptions;
    view! {
        <label>
            {move || t.get().period_label}
            <select data-testid="period-select" on:change=set_period>
                {[PeriodKind::Month, PeriodKind::Week, PeriodKind::Quarter].into_iter().map(|p| {
                    let unavailable = no_weeks && p == PeriodKind::Week;
                    view! {
                        <option value=p.as_str() selected=move || period() == p disabled=unavailable
                            title=move || unavailable.then(|| crate::presentation::inputs::iso_week_unavailable(lang.get()))>
                            {move || match p {
                                PeriodKind::Month => t.get().month,
                                PeriodKind::Week => t.get().week,
                                PeriodKind::Quarter => t.get().quarter,
                            }}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}

/// From and To. An end left open is the data's own first or last day, and the input shows
/// that day, so the user sees which range the dashboard covers.
#[component]
fn DateRange(coverage: Option<Coverage>) -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let date_of = |ev: &leptos::ev::Event| share::parse_ymd(&event_target_value(ev));
    let set_from = move |ev: leptos::ev::Event| {
        let from = date_of(&ev);
        calc.report_options.update(|o| o.range = share::range(from, share::range_ends(o.range).1));
    };
    let set_to = move |ev: leptos::ev::Event| {
        let to = date_of(&ev);
        calc.report_options.update(|o| o.range = share::range(share::range_ends(o.range).0, to));
    };
    let ends = move || calc.report_options.with(|o| share::range_ends(o.range));
    let shown = move |set: Option<chrono::NaiveDate>, data: Option<chrono::NaiveDate>| {
        set.or(data).map(share::ymd).unwrap_or_default()
    };
    let from_value = move || shown(ends().0, coverage.map(|c| c.first));
    let to_value = move || shown(ends().1, coverage.map(|c| c.last));
    // the data's own day is shown, not chosen: marked so (and styled lighter)
    let from_open = move || ends().0.is_none().then_some("true");
    let to_open = move || ends().1.is_none().then_some("true");
    view! {
        <label>
            {move || t.get().from_label}
            <input type="date" data-testid="range-from" data-open=from_open prop:value=from_value on:change=set_from/>
        </label>
        <label>
            {move || t.get().to_label}
            <input type="date" data-testid="range-to" data-open=to_open prop:value=to_value on:change=set_to/>
        </label>
    }
}

/// The column to split the figures by (none: the whole data).
#[component]
fn SegmentSelect(segment_columns: Vec<String>) -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let set_segment = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        calc.report_options.update(|o| o.segment = (!v.is_empty()).then_some(v));
    };
    let segment = move || calc.report_options.with(|o| o.segment.clone()).unwrap_or_default();
    view! {
        <label>
            {move || t.get().segment_label}
            <select data-testid="segment-select" on:change=set_segment>
                <option value="" selected=move || segment().is_empty()>{move || t.get().no_segment}</option>
                {segment_columns.into_iter().map(|c| {
                    let (value, label) = (c.clone(), c.clone());
                    view! { <option value=c selected=move || segment() == value>{label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The report as JSON, CSV (in the UI's language) and XLSX.
#[component]
fn DownloadButtons(report: StoredValue<Report>, coverage: Option<Coverage>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let file_base = move || report.with_value(|r| format!("kpi-{}", r.kind.as_str()));
    let export_json = move |_| {
        report.with_value(|r| {
            download(
                &format!("{}.json", file_base()),
                "application/json",
                &report_json(r, coverage),
            )
        })
    };
    let export_csv = move |_| {
        report.with_value(|r| {
            download(
                &format!("{}.csv", file_base()),
                "text/csv;charset=utf-8",
                &report_csv_for_spreadsheet(r, lang.get()),
            )
        })
    };
    let export_xlsx = move |_| {
        const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        report.with_value(|r| {
            download_bytes(&format!("{}.xlsx", file_base()), XLSX, &report_xlsx(r, lang.get()))
        })
    };
    view! {
        <button type="button" class="button secondary" data-testid="export-json" on:click=export_json>
            {move || t.get().export_json}
        </button>
        <button type="button" class="button secondary" data-testid="export-csv" on:click=export_csv>
            {move || t.get().export_csv}
        </button>
        <button type="button" class="button secondary" data-testid="export-xlsx" on:click=export_xlsx>
            {move || match lang.get() { Lang::En => "Download XLSX", Lang::De => "XLSX herunterladen" }}
        </button>
    }
}

/// Copies a link to these settings (never the data) to the clipboard.
#[component]
fn ShareButton(link: RwSignal<Option<String>>, copied: RwSignal<bool>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    let share_link = move |_| {
        let url = share::link(lang.get(), &calc.metric_options.get(), &calc.report_options.get());
        copied.set(false);
        if let Some(w) = web_sys::window() {
            let written =
                wasm_bindgen_futures::JsFuture::from(w.navigator().clipboard().write_text(&url));
            leptos::task::spawn_local(async move {
                let ok = written.await.is_ok();
                let _ = copied.try_set(ok);
            });
        }
        link.set(Some(url));
    };
    view! {
        <button type="button" class="button secondary" data-testid="share-link" on:click=share_link>
            {move || t.get().share_link}
        </button>
    }
}

#[component]
fn PrintButton() -> impl IntoView {
    let t = use_texts();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! { <button type="button" class="button secondary" on:click=print>{move || t.get().print}</button> }
}

/// The link made by [`ShareButton`], and whether the clipboard took it.
#[component]
fn SharedLink(link: RwSignal<Option<String>>, copied: RwSignal<bool>) -> impl IntoView {
    let t = use_texts();
    move || {
        link.get().map(|url| view! {
            <p class="hint" role="status">
                {move || if copied.get() { t.get().link_copied } else { t.get().link_ready }} " "
                <input class="share-url" readonly data-testid="share-url" prop:value=url aria-label=move || t.get().share_link/>
            </p>
        })
    }
}
