//! The calculator: data in, metrics out.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::{analyze, Analysis, AnalysisOptions};
use crate::app::components::data_input::{DataInput, DataSource};
use crate::app::components::nps_card::NpsCard;
use crate::app::components::rejected_rows::RejectedRows;
use crate::app::{use_lang, use_texts};
use crate::import::ImportError;

#[component]
pub fn CalculatorPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let analysis = RwSignal::new(None::<Arc<Result<Analysis, ImportError>>>);

    let on_data = Callback::new(move |source: DataSource| {
        let result = analyze(&source.bytes, source.name.as_deref(), &AnalysisOptions::default());
        analysis.set(Some(Arc::new(result)));
    });
    let on_clear = Callback::new(move |()| analysis.set(None));

    view! {
        <div class="calculator">
            <DataInput on_data on_clear/>
            {move || analysis.get().map(|a| match a.as_ref() {
                Err(err) => {
                    let err = err.clone();
                    view! {
                        <p class="card error" role="alert" data-testid="import-error">
                            {move || err.message(lang.get())}
                        </p>
                    }.into_any()
                }
                Ok(a) => view! {
                    <div class="results" data-testid="results">
                        <p class="summary" data-testid="rows-used">
                            {a.report.rows} " " {move || t.get().rows_used}
                        </p>
                        {match a.survey.as_ref().map(|s| s.nps.clone()) {
                            Some(nps) => view! { <NpsCard result=nps/> }.into_any(),
                            None => view! { <p class="card" data-testid="not-survey">{move || t.get().not_survey}</p> }.into_any(),
                        }}
                        <RejectedRows rejected=a.report.rejected.clone()/>
                    </div>
                }.into_any(),
            })}
        </div>
    }
}
