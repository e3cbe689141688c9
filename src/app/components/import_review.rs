//! The review step: how the table was read, its kind, a field per column with how sure
//! that is, and what the kind still lacks — each changeable. It is there whenever a table
//! was read: after a complete import (folded to one line, one click opens it), and when
//! the kind or a needed column was not recognised (open, with the reason above it).

use leptos::prelude::*;

use crate::analysis::Analysis;
use crate::app::state::use_calc;
use crate::app::{use_lang, use_texts};
use crate::dataset::DatasetKind;
use crate::import::{ColumnReport, Field, ImportError, Question};
use crate::presentation::import_review::summary_line;

use super::review_columns::{ColumnTable, KindChoice, Questions};
use super::review_source::{HowRead, ReadAs};
use super::review_texts::{kind_name, review_texts};

/// What the review step shows: a complete import's report, or what was read of a table
/// whose kind or columns are still to be chosen.
#[derive(Clone)]
pub struct Review {
    pub read_as: ReadAs,
    pub kind: Option<DatasetKind>,
    pub kind_guessed: bool,
    pub columns: Vec<ColumnReport>,
    pub questions: Vec<Question>,
    /// Fields the kind needs and no column holds (empty when complete).
    pub missing: Vec<Field>,
    /// Rows read, for a complete import.
    pub rows_read: Option<usize>,
    /// Why there is no dashboard.
    pub error: Option<ImportError>,
}

impl Review {
    pub fn of(result: &Result<Analysis, ImportError>) -> Option<Review> {
        match result {
            Ok(a) => {
                let r = &a.import;
                Some(Review {
                    read_as: ReadAs {
                        source: Some(r.source.clone()),
                        malformed_text: r.malformed_text,
                        unclosed_quote: None,
                    },
                    kind: Some(r.kind),
                    kind_guessed: r.kind_guessed,
                    columns: r.columns.clone(),
                    questions: r.questions.clone(),
                    missing: Vec::new(),
                    rows_read: Some(r.rows_read),
                    error: None,
                })
            }
            Err(e) => Review::of_error(e),
        }
    }

    fn of_error(e: &ImportError) -> Option<Review> {
        let (kind, missing) = match e {
            ImportError::MissingColumns { kind, missing, .. } => (Some(*kind), missing.clone()),
            _ => (None, Vec::new()),
        };
        let read_as = match (e.table(), e) {
            (Some(t), _) => ReadAs {
                source: Some(t.source.clone()),
                malformed_text: t.malformed_text,
                unclosed_quote: None,
            },
            (None, ImportError::UnclosedQuote { line }) => {
                ReadAs { unclosed_quote: Some(*line), ..Default::default() }
            }
            _ => return None,
        };
        let columns = e.table().map(|t| t.columns.clone()).unwrap_or_default();
        let error = Some(e.clone());
        Some(Review {
            read_as,
            kind,
            kind_guessed: false,
            columns,
            questions: Vec::new(),
            missing,
            rows_read: None,
            error,
        })
    }
}

/// Errors the review step shows (with the table to choose from); the page shows the others.
pub fn shown_in_review(e: &ImportError) -> bool {
    Review::of_error(e).is_some()
}

/// The review step for the current analysis, when a table was read.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let calc = use_calc();
    move || {
        let result = calc.analysis.get()?;
        let review = Review::of(&result)?;
        Some(view! { <ImportReview review/> })
    }
}

/// The review card: heading, the one-line summary with the fold button, and the body.
#[component]
fn ImportReview(review: Review) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    // open while something is to be chosen or checked; folded once the data is read
    let open_by_default =
        review.error.is_some() || !review.questions.is_empty() || review.read_as.malformed_text;
    let open = Signal::derive(move || calc.review_open.get().unwrap_or(open_by_default));
    let toggle = move |_| calc.review_open.set(Some(!open.get_untracked()));
    let used = review.columns.iter().filter(|c| c.field.is_some() || c.signal).count();
    let summary = (review.rows_read, review.kind);
    let summary = move || match summary {
        (Some(rows), Some(kind)) => {
            summary_line(rows, kind_name(kind, lang.get()), used, lang.get())
        }
        _ => String::new(),
    };
    let error = review.error.clone();
    view! {
        <section class="card review" class:folded=move || !open.get() data-testid="import-review" aria-labelledby="review-heading">
            <div class="review-head">
                <h2 id="review-heading">{move || t.get().review_heading}</h2>
                <p class="hint review-summary" data-testid="review-summary">{summary}</p>
                <button type="button" class="button secondary review-toggle" data-testid="review-toggle"
                    aria-expanded=move || open.get().to_string() aria-controls="review-body" on:click=toggle>
                    {move || if open.get() { review_texts(lang.get()).hide } else { review_texts(lang.get()).show }}
                </button>
            </div>
            {error.map(|e| view! {
                <p class="error" role="alert" data-testid="import-error" tabindex="-1">{move || e.message(lang.get())}</p>
            })}
            <div id="review-body" class="review-body" hidden=move || !open.get()>
                <ReviewBody review=review.clone()/>
            </div>
        </section>
    }
}

/// Everything the user can change, in the order they would check it.
#[component]
fn ReviewBody(review: Review) -> impl IntoView {
    let Review { read_as, kind, kind_guessed, columns, questions, missing, .. } = review;
    let complete = kind.is_some() && missing.is_empty();
    view! {
        <HowRead read_as rows=review.rows_read/>
        <KindChoice kind guessed=kind_guessed missing=missing.clone() columns=columns.clone() complete/>
        <Questions questions/>
        {(!columns.is_empty()).then(|| view! { <ColumnTable kind columns/> })}
    }
}
