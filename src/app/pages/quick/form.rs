//! One calculator: its fields (each echoed as read, or refused with the reason), the result
//! lines with their formulas, the link with the typed numbers and "copy as text".
//! Everything shown comes from `crate::quick`: the fields and how a typed value reads from
//! the app's own copy, the results from the calculators' wasm (`extras.wasm`, loaded by the
//! page before this form is shown); this component only keeps the typed text.

use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::app::{extras, use_lang};
use crate::i18n::Lang;
use crate::quick::answer::{Answer, AnswerLine};
use crate::quick::input::{format_decimal, InputError};
use crate::quick::{self, CalcId, Field, FieldKind, Values};

use super::texts::{quick_texts, QuickTexts};

/// What was typed into each field, and in which language's convention.
type Typed = (Lang, Vec<String>);

fn clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// The reactive state one calculator's pieces share: what was typed, what it reads as, and
/// what the calculator makes of it (all `Copy` handles, so each piece takes the whole set).
#[derive(Clone, Copy)]
struct FormState {
    id: CalcId,
    fields: &'static [Field],
    typed: RwSignal<Typed>,
    parsed: Memo<Vec<Result<Option<Decimal>, InputError>>>,
    values: Memo<Values>,
    outcome: Memo<Answer>,
    link: RwSignal<Option<String>>,
    copied: RwSignal<bool>,
}

/// The text each field starts with: the number from the link (in `lang`'s convention), a
/// choice's value or its default, or nothing.
fn initial_texts(initial: &Values, fields: &[Field], lang: Lang) -> Vec<String> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| match (f.kind, initial.typed(i)) {
            (FieldKind::Choice(_), Some(d)) => d.normalize().to_string(),
            (FieldKind::Choice(_), None) => f.default.to_string(),
            (_, Some(d)) => format_decimal(d, lang),
            _ => String::new(),
        })
        .collect()
}

/// Switching the language rewrites what was typed in the other convention, so that
/// "12.000,5" stays twelve thousand and a half.
fn retype_on_language_change(
    typed: RwSignal<Typed>,
    fields: &'static [Field],
    lang: RwSignal<Lang>,
) {
    Effect::new(move |_| {
        let l = lang.get();
        if typed.with_untracked(|(tl, _)| *tl == l) {
            return;
        }
        typed.update(|(tl, texts)| {
            for (f, t) in fields.iter().zip(texts.iter_mut()) {
                if matches!(f.kind, FieldKind::Choice(_)) {
                    continue;
                }
                if let Ok(Some(d)) = quick::read(f, t, *tl) {
                    *t = format_decimal(d, l);
                }
            }
            *tl = l;
        });
    });
}

impl FormState {
    fn new(initial: Values, lang: RwSignal<Lang>) -> Self {
        let id = initial.id();
        let fields = id.fields();
        let start = lang.get_untracked();
        let typed: RwSignal<Typed> = RwSignal::new((start, initial_texts(&initial, fields, start)));
        retype_on_language_change(typed, fields, lang);
        let parsed = Memo::new(move |_| {
            typed.with(|(tl, texts)| {
                fields.iter().zip(texts).map(|(f, t)| quick::read(f, t, *tl)).collect()
            })
        });
        let values = Memo::new(move |_| {
            let mut v = Values::new(id);
            parsed.with(|p: &Vec<Result<Option<Decimal>, InputError>>| {
                for (i, r) in p.iter().enumerate() {
                    if let Ok(d) = r {
                        v.set(i, *d);
                    }
                }
            });
            v
        });
        // the calculators' arithmetic is in extras.wasm, asked with the values' link
        let outcome = Memo::new(move |_| {
            let link = values.with(quick::link);
            extras::quick(&link, lang.get())
                .unwrap_or_else(|e| Answer { warnings: vec![e], ..Answer::default() })
        });
        FormState {
            id,
            fields,
            typed,
            parsed,
            values,
            outcome,
            link: RwSignal::new(None),
            copied: RwSignal::new(false),
        }
    }
}

#[component]
pub fn CalculatorForm(initial: Values) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new(initial, lang);
    let FormState { id, fields, parsed, values, .. } = state;
    let has_errors = Memo::new(move |_| {
        parsed.with(|p| {
            p.iter().enumerate().any(|(i, r)| r.is_err() && values.with(|v| id.visible(i, v)))
        })
    });
    let field_views =
        (0..fields.len()).map(|i| view! { <QuickField state=state index=i/> }).collect_view();
    let heading_id = format!("quick-heading-{}", id.slug());
    let labelled_by = heading_id.clone();
    view! {
        <section class="card quick-calc" data-testid="quick-calc" data-calc=id.slug() aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || id.title().get(lang.get())}</h2>
            <p class="hint">{move || id.intro().get(lang.get())}</p>
            <div class="quick-fields">{field_views}</div>
            <div class="quick-results" data-testid="quick-results" aria-live="polite">
                <h3>{move || quick_texts(lang.get()).results}</h3>
                <QuickResults state=state has_errors=has_errors/>
            </div>
            <QuickActions state=state/>
        </section>
    }
}

/// One field: its label, the input (or choice), and below it what was read or why not.
#[component]
fn QuickField(state: FormState, index: usize) -> impl IntoView {
    let lang = use_lang();
    let FormState { id, fields, typed, parsed, values, outcome, link, copied } = state;
    let i = index;
    let f = fields[i];
    let input_id = format!("quick-{}-{}", id.slug(), f.key);
    let msg_id = format!("{input_id}-msg");
    let hidden = move || !values.with(|v| id.visible(i, v));
    let err = move || {
        parsed.with(|p| match p.get(i) {
            Some(Err(e)) => Some(e.message(lang.get())),
            _ => None,
        })
    };
    let refused =
        move || outcome.with(|o| o.refusals.iter().any(|r| r.field.as_deref() == Some(f.key)));
    let echo = move || {
        parsed.with(|p| match p.get(i) {
            Some(Ok(Some(d))) => Some(quick::echo(&f, *d, lang.get())),
            _ => None,
        })
    };
    let set = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        typed.update(|(_, t)| {
            if let Some(s) = t.get_mut(i) {
                *s = v;
            }
        });
        link.set(None);
        copied.set(false);
    };
    let testid = format!("quick-{}", f.key);
    let control = match f.kind {
        FieldKind::Choice(options) => view! {
            <select id=input_id.clone() data-testid=testid aria-describedby=msg_id.clone() on:change=set>
                {options.iter().map(|&(value, label)| view! {
                    <option value=value selected=typed.with_untracked(|(_, t)| t.get(i).is_some_and(|s| s == value))>
                        {move || label.get(lang.get())}
                    </option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        _ => view! {
            <input type="text" inputmode="decimal" autocomplete="off" id=input_id.clone() data-testid=testid
                prop:value=move || typed.with(|(_, t)| t.get(i).cloned().unwrap_or_default())
                aria-invalid=move || (err().is_some() || refused()).to_string()
                aria-describedby=msg_id.clone()
                on:input=set/>
        }
        .into_any(),
    };
    view! {
        <div class="quick-field" hidden=hidden>
            <label for=input_id>{move || f.label.get(lang.get())}</label>
            {control}
            <p id=msg_id class="quick-echo" data-testid=format!("quick-echo-{}", f.key)>
                {move || match (err(), echo()) {
                    (Some(e), _) => Some(view! { <span class="quick-error">{e}</span> }.into_any()),
                    (None, Some(e)) if !matches!(f.kind, FieldKind::Choice(_)) => {
                        Some(view! { <span>{quick_texts(lang.get()).read_as} " " {e}</span> }.into_any())
                    }
                    _ => None,
                }}
            </p>
        </div>
    }
}

/// The results: a request to fix the fields, or the refusals, what is still needed, the
/// result lines with their formulas, warnings and other definitions.
#[component]
fn QuickResults(state: FormState, has_errors: Memo<bool>) -> impl IntoView {
    let lang = use_lang();
    let FormState { fields, outcome, .. } = state;
    move || {
        let q = quick_texts(lang.get());
        if has_errors.get() {
            return view! { <p class="error" role="alert" data-testid="quick-fix">{q.fix_fields}</p> }.into_any();
        }
        let o = outcome.get();
        let refusals = (!o.refusals.is_empty()).then(|| refusal_list(&o, fields, lang.get()));
        let missing = (!o.missing.is_empty()).then(|| {
            view! { <p class="hint" data-testid="quick-missing">{q.still_needed} " " {o.missing.join(", ")}</p> }
        });
        let lines = o.lines.iter().map(|l| result_line(l, q)).collect_view();
        let warnings = o
            .warnings
            .iter()
            .map(|w| view! { <p class="warning" data-testid="quick-warning">{w.clone()}</p> })
            .collect_view();
        let notes = (!o.notes.is_empty()).then(|| {
            let items = o.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view();
            view! {
                <div class="quick-notes" data-testid="quick-notes">
                    <p class="quick-topic">{q.other_definitions}</p>
                    <ul>{items}</ul>
                </div>
            }
        });
        view! {
            {refusals}
            {missing}
            <ul class="quick-lines">{lines}</ul>
            {warnings}
            {notes}
        }
        .into_any()
    }
}

/// The calculator's refusals, each with the label of the field it is about.
fn refusal_list(o: &Answer, fields: &[Field], lang: Lang) -> impl IntoView {
    let labels: Vec<_> = o
        .refusals
        .iter()
        .map(|r| {
            let label = r
                .field
                .as_deref()
                .and_then(|k| fields.iter().find(|f| f.key == k))
                .map(|f| format!("{}: ", f.label.get(lang)))
                .unwrap_or_default();
            view! { <li data-field=r.field.clone().unwrap_or_default()>{label}{r.message.clone()}</li> }
        })
        .collect();
    view! {
        <div class="error" role="alert" data-testid="quick-refusals">
            <ul>{labels}</ul>
        </div>
    }
}

/// One result line: label, value and its formula, or why it is undefined.
fn result_line(l: &AnswerLine, q: &'static QuickTexts) -> impl IntoView {
    let detail = match &l.undefined {
        Some(why) => view! { <span class="quick-undefined">{q.undefined} " " {why.clone()}</span> }
            .into_any(),
        None => view! { <span class="quick-formula">{l.formula.clone()}</span> }.into_any(),
    };
    view! {
        <li data-testid=format!("quick-result-{}", l.key)
            data-value=l.value.map(|v| v.to_string())
            data-low=l.interval.map(|i| i.0.to_string())
            data-high=l.interval.map(|i| i.1.to_string())>
            <span class="quick-label">{l.label.clone()}</span>
            <strong class="quick-value">{l.shown.clone()}</strong>
            {detail}
        </li>
    }
}

/// "Link with these numbers" and "copy as text", and the link once made.
#[component]
fn QuickActions(state: FormState) -> impl IntoView {
    let lang = use_lang();
    let q = move || quick_texts(lang.get());
    let FormState { values, outcome, link, copied, .. } = state;
    let make_link = move |_| {
        let loc = window().location();
        let base = format!(
            "{}{}{}",
            loc.origin().unwrap_or_default(),
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        let url = format!("{base}{}", values.with(quick::link));
        clipboard(&url);
        link.set(Some(url));
    };
    let copy_text = move |_| {
        let text = outcome.with(|o| o.text.clone());
        clipboard(&text);
        copied.set(true);
    };
    view! {
        <div class="quick-actions">
            <button type="button" class="button secondary" data-testid="quick-link" on:click=make_link>
                {move || q().link}
            </button>
            <button type="button" class="button secondary" data-testid="quick-copy" on:click=copy_text>
                {move || q().copy_text}
            </button>
            <span role="status" data-testid="quick-copied">{move || copied.get().then(|| q().copied)}</span>
        </div>
        {move || link.get().map(|url| view! {
            <div class="quick-link">
                <label>
                    {q().link_label}
                    <input type="text" readonly value=url data-testid="quick-link-url"/>
                </label>
                <p class="hint">{q().link_note}</p>
            </div>
        })}
    }
}
