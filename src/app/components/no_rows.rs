//! Why a dashboard is empty when the chosen date range leaves no rows, with one click back
//! to the data's own range (issue #13, point 2).

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::app::state::use_calc;
use crate::app::use_lang;
use crate::i18n::Lang;
use crate::metrics::accumulate::Coverage;
use crate::presentation::coverage::no_rows_in_range;

/// "0 rows in 2023-01-01 … 2023-06-30 (the data covers 2018-11-03 … 2020-01-31)" and a
/// button that opens the range again (an open range is the data's own).
#[component]
pub fn NoRowsInRange(range: (NaiveDate, NaiveDate), coverage: Option<Coverage>) -> impl IntoView {
    let lang = use_lang();
    let calc = use_calc();
    let sentence = move || no_rows_in_range(range, coverage, lang.get());
    let use_data_range = move |_| calc.report_options.update(|o| o.range = None);
    let label = move || match (coverage.is_some(), lang.get()) {
        (true, Lang::En) => "Use the data's range",
        (true, Lang::De) => "Zeitraum der Daten verwenden",
        (false, Lang::En) => "Clear the range",
        (false, Lang::De) => "Zeitraum löschen",
    };
    view! {
        <section class="card no-rows" role="status" data-testid="no-rows-in-range">
            <p data-testid="no-rows-sentence">{sentence}</p>
            <button type="button" class="button" data-testid="use-data-range" on:click=use_data_range>
                {label}
            </button>
        </section>
    }
}
