//! The review's first row: how the bytes were read (format, encoding, separator, quotes,
//! sheet, the tool recognised), each choosable, and the question an unclosed quote asks.

use leptos::prelude::*;

use crate::app::state::use_calc;
use crate::app::{use_lang, use_texts};
use crate::i18n::format_number;
use crate::import::{Format, ImportOptions, SourceRead, TextEncoding};

use super::review_texts::{malformed, read_literally_question, review_texts};

/// How the bytes were read (what the review's first row shows and lets the user change).
#[derive(Clone, Default)]
pub struct ReadAs {
    /// `None` when the bytes could not be split into a table (an unclosed quote).
    pub source: Option<SourceRead>,
    pub malformed_text: bool,
    /// A quote opened on this line is never closed.
    pub unclosed_quote: Option<usize>,
}

const ENCODINGS: [TextEncoding; 4] =
    [TextEncoding::Utf8, TextEncoding::Windows1252, TextEncoding::Utf16Le, TextEncoding::Utf16Be];
const DELIMITERS: [char; 4] = [',', ';', '\t', '|'];

/// A choice that changes how the bytes are split into columns: the columns found before
/// (their mapping and number/date answers, by position) no longer hold.
fn reread(calc: crate::app::state::CalcState, change: impl FnOnce(&mut ImportOptions)) {
    calc.keep_focus();
    calc.review_open.set(Some(true));
    calc.import_options.update(|o| {
        change(o);
        o.mapping.clear();
        o.number_conventions.clear();
        o.date_orders.clear();
    });
}

fn delimiter_name(d: &str, tab: &str) -> String {
    if d == "\t" {
        tab.to_string()
    } else {
        format!("“{d}”")
    }
}

#[component]
pub fn HowRead(read_as: ReadAs, rows: Option<usize>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    let rt = move || review_texts(lang.get());
    let source = read_as.source.as_ref();
    let text_file =
        matches!(source.map(|s| s.format), None | Some(Format::Csv | Format::BareNumbers));
    let format = source.map(|s| format!("{:?}", s.format).to_lowercase());
    let chosen = calc.import_options.get_untracked();
    let encoding = source.and_then(|s| s.encoding);
    let detected_enc = encoding.map(|e| e.label()).unwrap_or("?");
    let detected_delim = source.and_then(|s| s.delimiter.clone()).unwrap_or_default();
    let on_encoding = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        reread(calc, |o| o.encoding = ENCODINGS.into_iter().find(|e| e.label() == v));
    };
    let on_delimiter = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        reread(calc, |o| o.delimiter = v.chars().next());
    };
    let on_quotes = move |ev: leptos::ev::Event| {
        let literal = event_target_checked(&ev);
        reread(calc, |o| o.literal_quotes = literal);
    };
    view! {
        <div class="review-row review-source" data-testid="import-summary">
            {format.map(|f| view! { <span><span class="label">{move || rt().format}</span> " " <strong>{f}</strong></span> })}
            {rows.map(|n| view! { <span>{move || format_number(n as f64, 0, lang.get())} " " {move || t.get().rows_read}</span> })}
            {text_file.then(|| view! {
                <label>{move || t.get().encoding_label} " "
                    <select data-testid="encoding-select" on:change=on_encoding>
                        <option value="" selected=chosen.encoding.is_none()>{move || format!("{} ({detected_enc})", rt().automatic)}</option>
                        {ENCODINGS.into_iter().map(|e| view! { <option value=e.label() selected=chosen.encoding == Some(e)>{e.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || t.get().delimiter_label} " "
                    <select data-testid="delimiter-select" on:change=on_delimiter>
                        <option value="" selected=chosen.delimiter.is_none()>{move || format!("{} ({})", rt().automatic, delimiter_name(&detected_delim, rt().tab))}</option>
                        {DELIMITERS.into_iter().map(|d| view! {
                            <option value=d.to_string() selected=chosen.delimiter == Some(d)>{move || delimiter_name(&d.to_string(), rt().tab)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" data-testid="literal-quotes" prop:checked=chosen.literal_quotes on:change=on_quotes/>
                    " " {move || rt().literal_quotes}</label>
            })}
            <SheetChoice sheets=source.map(|s| s.sheets.clone()).unwrap_or_default() sheet=source.and_then(|s| s.sheet.clone())/>
            {source.and_then(|s| s.tool.clone()).map(|tool| view! { <span>{move || t.get().tool_label} ": " <strong data-testid="tool">{tool}</strong></span> })}
        </div>
        {read_as.malformed_text.then(|| view! { <p class="questions" data-testid="malformed-text">{move || malformed(encoding, lang.get())}</p> })}
        {read_as.unclosed_quote.map(|line| view! { <UnclosedQuote line/> })}
    }
}

/// A quote never closed: one click reads quotes as ordinary characters.
#[component]
fn UnclosedQuote(line: usize) -> impl IntoView {
    let lang = use_lang();
    let calc = use_calc();
    view! {
        <div class="questions" role="group" data-testid="quote-question">
            <p>{move || read_literally_question(line, lang.get())}</p>
            <button type="button" class="button" data-testid="read-quotes-literally"
                on:click=move |_| reread(calc, |o| o.literal_quotes = true)>
                {move || review_texts(lang.get()).read_literally}
            </button>
        </div>
    }
}

/// The sheet of a workbook with more than one.
#[component]
fn SheetChoice(sheets: Vec<String>, sheet: Option<String>) -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let set_sheet = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        calc.keep_focus();
        calc.review_open.set(Some(true));
        calc.import_options.update(|o| {
            o.sheet = Some(name);
            o.mapping.clear();
        });
    };
    (sheets.len() > 1).then(|| {
        view! {
            <label>{move || t.get().sheet_label} " "
                <select id="sheet-select" data-testid="sheet-select" on:change=set_sheet>
                    {sheets.into_iter().map(|s| {
                        let selected = sheet.as_deref() == Some(s.as_str());
                        let label = s.clone();
                        view! { <option value=s selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    })
}
