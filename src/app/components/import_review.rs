//! After import: what was detected (kind, format, encoding, separator, conventions), the
//! column mapping, and the questions the data left open — each changeable.

use leptos::prelude::*;

use crate::app::state::use_calc;
use crate::app::texts::{field_label, kind_label};
use crate::app::{use_lang, use_texts};
use crate::dataset::DatasetKind;
use crate::import::headers::kind_fields;
use crate::import::{DateOrder, Field, ImportReport, NumberConvention, QuestionKind};

/// Every field a kind can use, required ones first, without repeats.
fn fields_of(kind: DatasetKind) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for shape in kind_fields(kind) {
        for f in shape.required.iter().chain(shape.optional) {
            if !out.contains(f) {
                out.push(*f);
            }
        }
    }
    out
}

#[component]
pub fn ImportReview(report: ImportReport) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    let kind = report.kind;

    let set_kind = move |ev: leptos::ev::Event| {
        if let Some(k) = DatasetKind::parse(&event_target_value(&ev)) {
            calc.import_options.update(|o| {
                o.kind = Some(k);
                o.mapping.clear();
            });
        }
    };

    let summary = {
        let mut parts = vec![format!("{:?}", report.format).to_lowercase()];
        if let Some(e) = report.encoding {
            parts.push(e.label().to_string());
        }
        if let Some(d) = &report.delimiter {
            parts.push(match d.as_str() {
                "\t" => "tab".to_string(),
                d => format!("“{d}”"),
            });
        }
        if let Some(s) = &report.sheet {
            parts.push(s.clone());
        }
        parts.join(" · ")
    };
    let tool = report.tool.clone();
    let sheets = report.sheets.clone();
    let sheet = report.sheet.clone();
    let set_sheet = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        calc.import_options.update(|o| {
            o.sheet = Some(name);
            o.mapping.clear();
        });
    };
    let rows_read = report.rows_read;

    let columns = report.columns.clone();
    let fields = fields_of(kind);
    let questions = report.questions.clone();

    view! {
        <section class="card review" data-testid="import-review" aria-labelledby="review-heading">
            <h2 id="review-heading">{move || t.get().review_heading}</h2>
            <div class="review-row">
                <label for="kind-select">{move || t.get().kind_label}</label>
                <select id="kind-select" data-testid="kind-select" on:change=set_kind>
                    {DatasetKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=k == kind>{move || kind_label(k, lang.get())}</option>
                    }).collect_view()}
                </select>
                {report.kind_guessed.then(|| view! { <span class="hint">{move || t.get().kind_guessed}</span> })}
            </div>
            {(sheets.len() > 1).then(|| view! {
                <div class="review-row">
                    <label for="sheet-select">{move || t.get().sheet_label}</label>
                    <select id="sheet-select" data-testid="sheet-select" on:change=set_sheet>
                        {sheets.into_iter().map(|s| {
                            let selected = sheet.as_deref() == Some(s.as_str());
                            let label = s.clone();
                            view! { <option value=s selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <p class="hint" data-testid="import-summary">
                {summary} " · " {rows_read} " " {move || t.get().rows_read}
                {tool.map(|tool| view! { " · " {move || t.get().tool_label} ": " <strong data-testid="tool">{tool}</strong> })}
            </p>
            {(!questions.is_empty()).then(|| view! {
                <div class="questions" role="group" aria-labelledby="questions-heading">
                    <h3 id="questions-heading">{move || t.get().questions_heading}</h3>
                    {questions.into_iter().map(|q| {
                        let column = q.column;
                        let about = q.about;
                        let message = q.clone();
                        let choices = q.choices.clone();
                        let chosen = q.chosen.clone();
                        let on_change = move |ev: leptos::ev::Event| {
                            let v = event_target_value(&ev);
                            calc.import_options.update(|o| match about {
                                QuestionKind::NumberConvention => {
                                    let c = if v == "decimal_comma" { NumberConvention::DecimalComma } else { NumberConvention::DecimalPoint };
                                    o.number_conventions.retain(|(i, _)| *i != column);
                                    o.number_conventions.push((column, c));
                                }
                                QuestionKind::DateOrder => {
                                    let d = if v == "month_day" { DateOrder::MonthDay } else { DateOrder::DayMonth };
                                    o.date_orders.retain(|(i, _)| *i != column);
                                    o.date_orders.push((column, d));
                                }
                            });
                        };
                        view! {
                            <div class="question" data-testid="question">
                                <p>{move || message.message(lang.get())}</p>
                                <select on:change=on_change aria-label=q.header.clone()>
                                    {choices.into_iter().map(|c| {
                                        let selected = c == chosen;
                                        let label = c.replace('_', " ");
                                        view! { <option value=c selected=selected>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </div>
            })}
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || t.get().mapping_label>
                <table class="mapping" data-testid="mapping">
                    <thead>
                        <tr>
                            <th scope="col">{move || t.get().column_header}</th>
                            <th scope="col">{move || t.get().maps_to}</th>
                            <th scope="col">{move || t.get().number_format}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {columns.into_iter().map(|c| {
                            let index = c.index;
                            let current = c.field;
                            let fields = fields.clone();
                            let on_change = move |ev: leptos::ev::Event| {
                                let v = event_target_value(&ev);
                                let chosen = Field::ALL.into_iter().find(|f| f.key() == v);
                                calc.import_options.update(|o| {
                                    if let Some(old) = current {
                                        o.mapping.retain(|(f, _)| *f != old);
                                        o.mapping.push((old, None));
                                    }
                                    if let Some(f) = chosen {
                                        o.mapping.retain(|(g, _)| *g != f);
                                        o.mapping.push((f, Some(index)));
                                    }
                                });
                            };
                            let convention = c.number_convention.map(|n| n.example()).or(match c.date_order {
                                Some(DateOrder::DayMonth) => Some("dd/mm"),
                                Some(DateOrder::MonthDay) => Some("mm/dd"),
                                None => None,
                            });
                            let header = c.header.clone();
                            view! {
                                <tr data-testid="mapping-row" data-header=c.header.clone()>
                                    <th scope="row">{c.header.clone()}</th>
                                    <td>
                                        <select on:change=on_change aria-label=header data-testid="mapping-select">
                                            <option value="" selected=current.is_none()>
                                                {move || if c.signal { "signal".to_string() } else { t.get().segment_option.to_string() }}
                                            </option>
                                            {fields.into_iter().map(|f| view! {
                                                <option value=f.key() selected=current == Some(f)>{move || field_label(f, lang.get())}</option>
                                            }).collect_view()}
                                        </select>
                                    </td>
                                    <td class="hint">{convention}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
