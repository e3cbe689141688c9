//! The review's kind, what it still lacks, the open questions, and a field per column with
//! a few of its values and how sure the match is.

use leptos::prelude::*;

use crate::app::state::{use_calc, CalcState};
use crate::app::texts::{field_label, kind_label};
use crate::app::{use_lang, use_texts};
use crate::dataset::DatasetKind;
use crate::import::headers::kind_fields;
use crate::import::{ColumnReport, DateOrder, Field, NumberConvention, Question, QuestionKind};
use crate::presentation::import_review::match_text;

use super::review_texts::{complete as complete_text, review_texts, still_missing};

/// Every field a kind can use, required ones first, without repeats; every field when no
/// kind is chosen yet.
fn fields_of(kind: Option<DatasetKind>) -> Vec<Field> {
    let Some(kind) = kind else { return Field::ALL.to_vec() };
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

/// The optional fields of the kind's shape in use that no column holds.
fn optional_missing(kind: DatasetKind, columns: &[ColumnReport]) -> Vec<Field> {
    let mapped = |f: &Field| columns.iter().any(|c| c.field == Some(*f));
    let shapes = kind_fields(kind);
    let shape = shapes.iter().find(|s| s.required.iter().all(mapped)).or(shapes.first());
    shape.map(|s| s.optional.iter().filter(|f| !mapped(f)).copied().collect()).unwrap_or_default()
}

/// A choice the user made in the review: it stays open to show what came of it.
fn choose(calc: CalcState, change: impl FnOnce(&mut crate::import::ImportOptions)) {
    calc.keep_focus();
    calc.review_open.set(Some(true));
    calc.import_options.update(change);
}

#[component]
pub fn KindChoice(
    kind: Option<DatasetKind>,
    guessed: bool,
    missing: Vec<Field>,
    columns: Vec<ColumnReport>,
    complete: bool,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    let set_kind = move |ev: leptos::ev::Event| {
        if let Some(k) = DatasetKind::parse(&event_target_value(&ev)) {
            let usable = fields_of(Some(k));
            // columns chosen by hand for fields the new kind has stay chosen
            choose(calc, |o| {
                o.kind = Some(k);
                o.mapping.retain(|(f, i)| i.is_some() && usable.contains(f));
            });
        }
    };
    let status = move || match kind {
        None => review_texts(lang.get()).no_kind.to_string(),
        Some(k) if !complete => still_missing(k, &missing, lang.get()),
        Some(k) => complete_text(k, &optional_missing(k, &columns), lang.get()),
    };
    view! {
        <div class="review-row">
            <label for="kind-select">{move || t.get().kind_label}</label>
            <select id="kind-select" data-testid="kind-select" on:change=set_kind>
                {kind.is_none().then(|| view! { <option value="" selected disabled>{move || review_texts(lang.get()).choose_kind}</option> })}
                {DatasetKind::ALL.into_iter().map(|k| view! {
                    <option value=k.as_str() selected=Some(k) == kind>{move || kind_label(k, lang.get())}</option>
                }).collect_view()}
            </select>
            {guessed.then(|| view! { <span class="hint">{move || t.get().kind_guessed}</span> })}
        </div>
        <p class="review-status" class:incomplete=!complete data-testid="review-status">{status}</p>
    }
}

#[component]
pub fn Questions(questions: Vec<Question>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    (!questions.is_empty()).then(|| view! {
        <div class="questions" role="group" aria-labelledby="questions-heading">
            <h3 id="questions-heading">{move || t.get().questions_heading}</h3>
            {questions.into_iter().map(|q| {
                let (column, about) = (q.column, q.about);
                let on_change = move |ev: leptos::ev::Event| {
                    let v = event_target_value(&ev);
                    choose(calc, |o| match about {
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
                let message = q.clone();
                view! {
                    <div class="question" data-testid="question">
                        <p>{move || message.message(lang.get())}</p>
                        <select on:change=on_change aria-label=q.header.clone()>
                            {q.choices.iter().map(|c| {
                                let label = c.replace('_', " ");
                                view! { <option value=c.clone() selected=*c == q.chosen>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            }).collect_view()}
        </div>
    })
}

/// Every column: its header, a few values, its field (changeable), how sure and why, and
/// how its numbers or dates are written.
#[component]
pub fn ColumnTable(kind: Option<DatasetKind>, columns: Vec<ColumnReport>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let fields = fields_of(kind);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || t.get().mapping_label>
            <table class="mapping" data-testid="mapping">
                <thead>
                    <tr>
                        <th scope="col">{move || t.get().column_header}</th>
                        <th scope="col">{move || review_texts(lang.get()).values}</th>
                        <th scope="col">{move || t.get().maps_to}</th>
                        <th scope="col">{move || review_texts(lang.get()).how_sure}</th>
                        <th scope="col">{move || t.get().number_format}</th>
                    </tr>
                </thead>
                <tbody>
                    {columns.into_iter().map(|c| view! { <ColumnRow kind column=c fields=fields.clone()/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ColumnRow(kind: Option<DatasetKind>, column: ColumnReport, fields: Vec<Field>) -> impl IntoView {
    let lang = use_lang();
    let calc = use_calc();
    let (index, current, signal) = (column.index, column.field, column.signal);
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let chosen = Field::ALL.into_iter().find(|f| f.key() == v);
        choose(calc, |o| {
            // a mapping changed by hand keeps the kind: the review then says what it lacks
            if kind.is_some() {
                o.kind = kind;
            }
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
    let convention = column.number_convention.map(|n| n.example()).or(match column.date_order {
        Some(DateOrder::DayMonth) => Some("dd/mm"),
        Some(DateOrder::MonthDay) => Some("mm/dd"),
        None => None,
    });
    let samples = column.samples.join(" · ");
    let how = column.clone();
    view! {
        <tr data-testid="mapping-row" data-header=column.header.clone()>
            <th scope="row">{column.header.clone()}</th>
            <td class="samples-cell" data-testid="column-samples">{samples}</td>
            <td>
                <select on:change=on_change aria-label=column.header.clone() data-testid="mapping-select">
                    <option value="" selected=current.is_none()>
                        {move || if signal { review_texts(lang.get()).signal } else { review_texts(lang.get()).not_used }}
                    </option>
                    {fields.into_iter().map(|f| view! {
                        <option value=f.key() selected=current == Some(f)>{move || field_label(f, lang.get())}</option>
                    }).collect_view()}
                </select>
            </td>
            <td class="hint" data-testid="match">{move || match_text(&how, lang.get())}</td>
            <td class="hint">{convention}</td>
        </tr>
    }
}
