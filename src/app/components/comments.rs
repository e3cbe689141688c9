//! The survey's comments under the phrase chart: group chips with their counts, a segment
//! select (when a segment is chosen), a search box, the phrases as chips, and the list, a
//! page at a time. Every filter and sentence comes from `crate::presentation::comments`.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::charts::PhrasePick;
use crate::app::use_lang;
use crate::i18n::Lang;
use crate::metrics::comments::{NpsGroup, SurveyComments};
use crate::presentation::charts::shape::phrases;
use crate::presentation::comments::{
    chip_text, chips, date_text, empty_text, list_line, matching, score_text, shown_text,
    CommentFilter, CommentIndex, GroupFilter, PAGE,
};
use crate::report::Report;

fn tr(lang: Lang, en: &'static str, de: &'static str) -> &'static str {
    if lang == Lang::De {
        de
    } else {
        en
    }
}

fn group_class(g: Option<NpsGroup>) -> &'static str {
    match g {
        Some(NpsGroup::Promoter) => "promoter",
        Some(NpsGroup::Passive) => "passive",
        Some(NpsGroup::Detractor) => "detractor",
        None => "other",
    }
}

/// The comment list. `data-testid`s: `comments` (the section), `comments-group-{all,
/// promoters, passives, detractors, other}` (chips, `aria-pressed`), `comments-segment`,
/// `comments-search`, `comments-phrase-chip` (each phrase, `data-phrase`),
/// `comments-phrase-active` (the phrase filter, a button that clears it), `comments-line`,
/// `comment` (each item, `data-group`), `comment-score`, `comments-more`, `comments-empty`.
#[component]
pub fn CommentsSection(comments: SurveyComments, report: Report) -> impl IntoView {
    let lang = use_lang();
    let index = Arc::new(CommentIndex::new(&comments));
    let comments = Arc::new(comments);
    let group = RwSignal::new(GroupFilter::All);
    let segment = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());
    let phrase = RwSignal::new(None::<String>);
    let shown = RwSignal::new(PAGE);

    // a phrase clicked in the chart (or among the chips) filters the list
    let pick = use_context::<PhrasePick>();
    if let Some(pick) = pick {
        Effect::new(move |_| {
            if let Some((p, g)) = pick.0.get() {
                phrase.set(Some(p));
                group.set(g);
                shown.set(PAGE);
            }
        });
    }
    let choose_phrase = move |p: String, g: GroupFilter| match pick {
        Some(pick) => pick.0.set(Some((p, g))),
        None => {
            phrase.set(Some(p));
            group.set(g);
            shown.set(PAGE);
        }
    };

    let filter = Memo::new(move |_| CommentFilter {
        group: group.get(),
        segment: segment.get(),
        search: search.get(),
        phrase: phrase.get(),
    });
    let matches = {
        let comments = comments.clone();
        Memo::new(move |_| filter.with(|f| matching(&comments, &index, f)))
    };

    let chip_row = {
        let comments = comments.clone();
        move || {
            let l = lang.get();
            chips(&comments, segment.get().as_deref())
                .into_iter()
                .map(|(g, n)| {
                    view! {
                        <button
                            type="button"
                            class=format!("comment-chip group-{}", g.id())
                            data-testid=format!("comments-group-{}", g.id())
                            aria-pressed=move || (group.get() == g).to_string()
                            on:click=move |_| {
                                group.set(g);
                                shown.set(PAGE);
                            }
                        >
                            {chip_text(g, n, l)}
                        </button>
                    }
                })
                .collect_view()
        }
    };

    let segment_select = (!comments.segments.is_empty()).then(|| {
        let values: Vec<String> = comments.segments.iter().map(|(v, _)| v.clone()).collect();
        view! {
            <label class="comments-segment">
                {move || tr(lang.get(), "Segment", "Segment")}
                " "
                <select
                    data-testid="comments-segment"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        segment.set((!v.is_empty()).then_some(v));
                        shown.set(PAGE);
                    }
                >
                    <option value="">{move || tr(lang.get(), "All values", "Alle Werte")}</option>
                    {values
                        .into_iter()
                        .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
                        .collect_view()}
                </select>
            </label>
        }
    });

    // the chart's phrases again as buttons: reachable by keyboard and on every screen
    let phrase_chips = phrases(&report).map(|ph| {
        let side = |list: Vec<(String, u64)>, g: GroupFilter| {
            list.into_iter()
                .map(|(p, n)| {
                    let (p2, p3) = (p.clone(), p.clone());
                    view! {
                        <button
                            type="button"
                            class=format!("phrase-chip group-{}", g.id())
                            data-testid="comments-phrase-chip"
                            data-phrase=p.clone()
                            aria-pressed=move || (phrase.get().as_deref() == Some(p2.as_str()) && group.get() == g).to_string()
                            on:click=move |_| choose_phrase(p3.clone(), g)
                        >
                            {p.clone()} " " <span class="phrase-count">{n}</span>
                        </button>
                    }
                })
                .collect_view()
        };
        view! {
            <div class="phrase-chips" role="group" aria-label=move || tr(lang.get(), "Filter by phrase", "Nach Phrase filtern")>
                <span class="note">{move || tr(lang.get(), "Phrases:", "Phrasen:")}</span>
                {side(ph.promoters, GroupFilter::Promoters)}
                {side(ph.detractors, GroupFilter::Detractors)}
            </div>
        }
    });

    let list = {
        let comments = comments.clone();
        move || {
            let l = lang.get();
            let m = matches.get();
            if m.is_empty() {
                return view! {
                    <p class="comments-empty note" data-testid="comments-empty" role="status">
                        {filter.with(|f| empty_text(f, l))}
                    </p>
                }
                .into_any();
            }
            let items = m
                .iter()
                .take(shown.get())
                .filter_map(|&i| comments.rows.get(i))
                .map(|r| {
                    let class = group_class(r.group);
                    let date = date_text(r.date, l);
                    view! {
                        <li class=format!("comment group-{class}") data-testid="comment" data-group=class>
                            <p class="comment-text">{shown_text(r)}</p>
                            <p class="comment-meta">
                                <span class=format!("score-badge badge-{class}") data-testid="comment-score">{score_text(r)}</span>
                                {(!date.is_empty()).then(|| view! { <span class="comment-date">{date}</span> })}
                                {r.segment.clone().map(|s| view! { <span class="comment-segment">{s}</span> })}
                            </p>
                        </li>
                    }
                })
                .collect_view();
            let left = m.len().saturating_sub(shown.get());
            view! {
                <ul class="comment-list" data-testid="comment-list">{items}</ul>
                {(left > 0).then(|| view! {
                    <button type="button" class="button secondary" data-testid="comments-more"
                        on:click=move |_| shown.update(|s| *s += PAGE)>
                        {move || {
                            let next = left.min(PAGE);
                            match lang.get() {
                                Lang::En => format!("Show {next} more ({left} left)"),
                                Lang::De => format!("{next} weitere anzeigen ({left} übrig)"),
                            }
                        }}
                    </button>
                })}
            }
            .into_any()
        }
    };

    let line = {
        let comments = comments.clone();
        move || {
            let active = filter.with(CommentFilter::is_active);
            list_line(&comments, matches.with(Vec::len), active, lang.get())
        }
    };

    view! {
        <section class="card comments" data-testid="comments" aria-labelledby="comments-heading">
            <h3 id="comments-heading">{move || tr(lang.get(), "Comments", "Kommentare")}</h3>
            <div class="comment-chips" role="group" aria-label=move || tr(lang.get(), "Answer group", "Antwortgruppe")>
                {chip_row}
            </div>
            <div class="comments-controls">
                <label class="comments-search">
                    <span class="visually-hidden">{move || tr(lang.get(), "Search comments", "Kommentare durchsuchen")}</span>
                    <input
                        type="search"
                        data-testid="comments-search"
                        placeholder=move || tr(lang.get(), "Search comments", "Kommentare durchsuchen")
                        prop:value=move || search.get()
                        on:input=move |ev| {
                            search.set(event_target_value(&ev));
                            shown.set(PAGE);
                        }
                    />
                </label>
                {segment_select}
            </div>
            {phrase_chips}
            {move || phrase.get().map(|p| view! {
                <p class="phrase-active">
                    <button
                        type="button"
                        class="comment-chip"
                        data-testid="comments-phrase-active"
                        aria-label=move || format!("{}: {}", tr(lang.get(), "Remove the phrase filter", "Phrasenfilter entfernen"), p)
                        on:click=move |_| {
                            phrase.set(None);
                            if let Some(pick) = pick {
                                pick.0.set(None);
                            }
                        }
                    >
                        {move || {
                            let p = phrase.get().unwrap_or_default();
                            match lang.get() {
                                Lang::En => format!("“{p}” ×"),
                                Lang::De => format!("„{p}“ ×"),
                            }
                        }}
                    </button>
                </p>
            })}
            <p class="comments-line note" data-testid="comments-line" aria-live="polite">{line}</p>
            {list}
        </section>
    }
}
