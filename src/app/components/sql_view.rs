//! "Show as SQL": the script `kpi sql` writes for the current kind, mapping and options,
//! for the engine the user picks, with a copy button. The script itself comes from the
//! pure `sql` module, which the app fetches as a wasm of its own (`extras.wasm`) when the
//! panel is first opened; this view only chooses the dialect and the table name.

use leptos::prelude::*;

use crate::app::extras;
use crate::app::state::use_calc;
use crate::app::use_lang;
use crate::dataset::DatasetKind;
use crate::i18n::Lang;
use crate::import::ImportReport;
use crate::sql::{Dialect, SqlRequest, SQL_KINDS};

struct SqlTexts {
    show: &'static str,
    dialect: &'static str,
    table: &'static str,
    copy: &'static str,
    copied: &'static str,
    hint: &'static str,
    loading: &'static str,
    failed: &'static str,
}

fn texts(lang: Lang) -> SqlTexts {
    match lang {
        Lang::De => SqlTexts {
            show: "Als SQL anzeigen",
            dialect: "Datenbank",
            table: "Tabelle",
            copy: "Kopieren",
            copied: "In die Zwischenablage kopiert.",
            hint: "Dieselben Kennzahlen als ein SQL-Skript für die Daten im Data Warehouse: eine Zeile für den ganzen Zeitraum, je Periode und je Segment; die Spalten heißen wie die Schlüssel des JSON-Exports.",
            loading: "Der SQL-Generator wird geladen …",
            failed: "Der SQL-Generator konnte nicht geladen werden:",
        },
        Lang::En => SqlTexts {
            show: "Show as SQL",
            dialect: "Database",
            table: "Table",
            copy: "Copy",
            copied: "Copied to the clipboard.",
            hint: "The same metrics as one SQL script for the data in your warehouse: one row for the whole range, one per period and one per segment; the columns are named like the keys of the JSON export.",
            loading: "Loading the SQL generator …",
            failed: "The SQL generator could not be loaded:",
        },
    }
}

/// The "Show as SQL" panel of a dashboard (nothing for kinds without a SQL version).
#[component]
pub fn SqlView(kind: DatasetKind, import: ImportReport) -> impl IntoView {
    let lang = use_lang();
    let calc = use_calc();
    let t = move || texts(lang.get());
    let dialect = RwSignal::new(Dialect::Duckdb);
    let table = RwSignal::new(kind.as_str().to_string());
    let copied = RwSignal::new(false);
    let columns: Vec<_> =
        import.columns.iter().filter_map(|c| c.field.map(|f| (f, c.header.clone()))).collect();
    let columns = StoredValue::new(columns);
    // None until extras.wasm is there (fetched when the panel is first opened)
    let loaded: RwSignal<Option<Result<(), String>>> = RwSignal::new(None);
    let load = move |_| {
        if matches!(loaded.get_untracked(), Some(Ok(()))) {
            return;
        }
        leptos::task::spawn_local(async move {
            let done = extras::load().await;
            let _ = loaded.try_set(Some(done));
        });
    };
    let script = move || {
        let o = calc.report_options.get();
        let req = SqlRequest {
            kind,
            dialect: dialect.get(),
            table: table.get(),
            columns: columns.get_value(),
            segment: o.segment,
            period: o.period,
            options: calc.metric_options.get(),
            // the dashboard marks an open end with the extreme date
            from: o.range.map(|r| r.0).filter(|d| *d != chrono::NaiveDate::MIN),
            to: o.range.map(|r| r.1).filter(|d| *d != chrono::NaiveDate::MAX),
        };
        extras::sql(&req, lang.get()).unwrap_or_else(|e| format!("-- {e}"))
    };
    let set_dialect = move |ev: leptos::ev::Event| {
        if let Some(d) = Dialect::parse(&event_target_value(&ev)) {
            dialect.set(d);
            copied.set(false);
        }
    };
    let copy = move |_| {
        copied.set(false);
        if !matches!(loaded.get_untracked(), Some(Ok(()))) {
            return;
        }
        if let Some(w) = web_sys::window() {
            // "copied" only once the clipboard said so (it refuses without permission)
            let written = wasm_bindgen_futures::JsFuture::from(
                w.navigator().clipboard().write_text(&script()),
            );
            leptos::task::spawn_local(async move {
                let ok = written.await.is_ok();
                let _ = copied.try_set(ok);
            });
        }
    };
    SQL_KINDS.contains(&kind).then(|| view! {
        <details class="card sql-view" data-testid="sql-view" on:toggle=load>
            <summary>{move || t().show}</summary>
            <p class="hint">{move || t().hint}</p>
            <div class="controls">
                <label>
                    {move || t().dialect}
                    <select data-testid="sql-dialect" on:change=set_dialect>
                        {Dialect::ALL.into_iter().map(|d| view! {
                            <option value=d.as_str() selected=move || dialect.get() == d>{d.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {move || t().table}
                    <input type="text" data-testid="sql-table" prop:value=move || table.get()
                        on:change=move |ev| { table.set(event_target_value(&ev)); copied.set(false); }/>
                </label>
                <button type="button" class="button secondary" data-testid="sql-copy" on:click=copy>
                    {move || t().copy}
                </button>
            </div>
            {move || copied.get().then(|| view! { <p class="hint" role="status">{t().copied}</p> })}
            {move || match loaded.get() {
                Some(Ok(())) => view! {
                    <textarea class="sql-script" data-testid="sql-script" readonly rows="18" spellcheck="false"
                        aria-label=move || t().show prop:value=script></textarea>
                }.into_any(),
                Some(Err(e)) => view! {
                    <p class="error" role="alert" data-testid="sql-unavailable">{t().failed} " " {e}</p>
                }.into_any(),
                None => view! { <p class="hint" data-testid="sql-loading">{t().loading}</p> }.into_any(),
            }}
        </details>
    })
}
