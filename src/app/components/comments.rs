//! The survey's comments under the phrase chart: group chips with their counts, a segment
//! select (when a segment is chosen), a search box, the phrases as chips, and the list, a
//! page at a time. Every filter and sentence comes from `crate::presentation::comments`.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::charts::PhrasePick;
use crate::app::use_lang;
use crate::i18n::{words, Lang};
use crate::metrics::comments::{CommentRow, NpsGroup, SurveyComments};
use crate::presentation::charts::shape::phrases;
use crate::presentation::comments::{
    chip_text, chips, date_text, empty_text, list_line, matching, more_text, phrase_chip_text,
    score_text, shown_text, CommentFilter, CommentIndex, GroupFilter, PAGE,
};
use crate::report::Report;

fn group_class(g: Option<NpsGroup>) -> &'static str {
    match g {
        Some(NpsGroup::Promoter) => "promoter",
        Some(NpsGroup::Passive) => "passive",
        Some(NpsGroup::Detractor) => "detractor",
        None => "other",
    }
}

/// What the reader has chosen: one value per control, and how many items are shown. Every
/// change of a filter starts again at the first page.
#[derive(Clone, Copy)]
struct Choice {
    group: RwSignal<GroupFilter>,
    segment: RwSignal<Option<String>>,
    search: RwSignal<String>,
    phrase: RwSignal<Option<String>>,
    shown: RwSignal<usize>,
    /// The phrase chart's click, shared with the chart (absent outside the dashboard).
    pick: Option<PhrasePick>,
}

impl Choice {
    fn new() -> Self {
        Choice {
            group: RwSignal::new(GroupFilter::All),
            segment: RwSignal::new(None),
            search: RwSignal::new(String::new()),
            phrase: RwSignal::new(None),
            shown: RwSignal::new(PAGE),
            pick: use_context::<PhrasePick>(),
        }
    }

    fn set_group(self, g: GroupFilter) {
        self.group.set(g);
        self.shown.set(PAGE);
    }

    fn set_phrase(self, p: String, g: GroupFilter) {
        self.phrase.set(Some(p));
        self.set_group(g);
    }

    /// A phrase chosen among the chips goes through the chart's pick (so the chart and the
    /// list agree), or straight to the list where there is no chart.
    fn choose_phrase(self, p: String, g: GroupFilter) {
        match self.pick {
            Some(pick) => pick.0.set(Some((p, g))),
            None => self.set_phrase(p, g),
        }
    }

    fn clear_phrase(self) {
        self.phrase.set(None);
        if let Some(pick) = self.pick {
            pick.0.set(None);
        }
    }

    /// Follows a phrase clicked in the chart.
    fn follow_chart(self) {
        if let Some(pick) = self.pick {
            Effect::new(move |_| {
                if let Some((p, g)) = pick.0.get() {
                    self.set_phrase(p, g);
                }
            });
        }
    }

    fn filter(self) -> CommentFilter {
        CommentFilter {
            group: self.group.get(),
            segment: self.segment.get(),
            search: self.search.get(),
            phrase: self.phrase.get(),
        }
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
    let choice = Choice::new();
    choice.follow_chart();
    let filter = Memo::new(move |_| choice.filter());
    let matches = {
        let comments = comments.clone();
        Memo::new(move |_| filter.with(|f| matching(&comments, &index, f)))
    };
    let line = {
        let comments = comments.clone();
        move || {
            let active = filter.with(CommentFilter::is_active);
            list_line(&comments, matches.with(Vec::len), active, lang.get())
        }
    };
    let segments: Vec<String> = comments.segments.iter().map(|(v, _)| v.clone()).collect();

    view! {
        <section class="card comments" data-testid="comments" aria-labelledby="comments-heading">
            <h3 id="comments-heading">{move || words(lang.get(), "Comments", "Kommentare")}</h3>
            <GroupChips comments=comments.clone() choice/>
            <div class="comments-controls">
                <SearchBox choice/>
                {(!segments.is_empty()).then(|| view! { <SegmentSelect values=segments choice/> })}
            </div>
            <PhraseChips report choice/>
            <ActivePhrase choice/>
            <p class="comments-line note" data-testid="comments-line" aria-live="polite">{line}</p>
            <CommentList comments filter matches choice/>
        </section>
    }
}

/// One chip per answer group with its count (in the chosen segment).
#[component]
fn GroupChips(comments: Arc<SurveyComments>, choice: Choice) -> impl IntoView {
    let lang = use_lang();
    let chip_row = move || {
        let l = lang.get();
        chips(&comments, choice.segment.get().as_deref())
            .into_iter()
            .map(|(g, n)| {
                view! {
                    <button
                        type="button"
                        class=format!("comment-chip group-{}", g.id())
                        data-testid=format!("comments-group-{}", g.id())
                        aria-pressed=move || (choice.group.get() == g).to_string()
                        on:click=move |_| choice.set_group(g)
                    >
                        {chip_text(g, n, l)}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="comment-chips" role="group" aria-label=move || words(lang.get(), "Answer group", "Antwortgruppe")>
            {chip_row}
        </div>
    }
}

#[component]
fn SearchBox(choice: Choice) -> impl IntoView {
    let lang = use_lang();
    let label = move || words(lang.get(), "Search comments", "Kommentare durchsuchen");
    view! {
        <label class="comments-search">
            <span class="visually-hidden">{label}</span>
            <input
                type="search"
                data-testid="comments-search"
                placeholder=label
                prop:value=move || choice.search.get()
                on:input=move |ev| {
                    choice.search.set(event_target_value(&ev));
                    choice.shown.set(PAGE);
                }
            />
        </label>
    }
}

#[component]
fn SegmentSelect(values: Vec<String>, choice: Choice) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="comments-segment">
            {move || words(lang.get(), "Segment", "Segment")}
            " "
            <select
                data-testid="comments-segment"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    choice.segment.set((!v.is_empty()).then_some(v));
                    choice.shown.set(PAGE);
                }
            >
                <option value="">{move || words(lang.get(), "All values", "Alle Werte")}</option>
                {values
                    .into_iter()
                    .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The chart's phrases again as buttons: reachable by keyboard and on every screen.
#[component]
fn PhraseChips(report: Report, choice: Choice) -> impl IntoView {
    let lang = use_lang();
    phrases(&report).map(|ph| {
        let side = |list: Vec<(String, u64)>, g: GroupFilter| {
            list.into_iter()
                .map(|(p, n)| view! { <PhraseChip phrase=p count=n group=g choice/> })
                .collect_view()
        };
        view! {
            <div class="phrase-chips" role="group" aria-label=move || words(lang.get(), "Filter by phrase", "Nach Phrase filtern")>
                <span class="note">{move || words(lang.get(), "Phrases:", "Phrasen:")}</span>
                {side(ph.promoters, GroupFilter::Promoters)}
                {side(ph.detractors, GroupFilter::Detractors)}
            </div>
        }
    })
}

#[component]
fn PhraseChip(phrase: String, count: u64, group: GroupFilter, choice: Choice) -> impl IntoView {
    let (pressed_phrase, chosen, label) = (phrase.clone(), phrase.clone(), phrase.clone());
    let pressed = move || {
        choice.phrase.with(|p| p.as_deref() == Some(pressed_phrase.as_str()))
            && choice.group.get() == group
    };
    view! {
        <button
            type="button"
            class=format!("phrase-chip group-{}", group.id())
            data-testid="comments-phrase-chip"
            data-phrase=phrase
            aria-pressed=move || pressed().to_string()
            on:click=move |_| choice.choose_phrase(chosen.clone(), group)
        >
            {label} " " <span class="phrase-count">{count}</span>
        </button>
    }
}

/// The phrase filter in force, as a button that removes it.
#[component]
fn ActivePhrase(choice: Choice) -> impl IntoView {
    let lang = use_lang();
    move || {
        choice.phrase.get().map(|p| {
            view! {
                <p class="phrase-active">
                    <button
                        type="button"
                        class="comment-chip"
                        data-testid="comments-phrase-active"
                        aria-label=move || format!("{}: {}", words(lang.get(), "Remove the phrase filter", "Phrasenfilter entfernen"), p)
                        on:click=move |_| choice.clear_phrase()
                    >
                        {move || phrase_chip_text(&choice.phrase.get().unwrap_or_default(), lang.get())}
                    </button>
                </p>
            }
        })
    }
}

/// The matching comments, a page at a time, or why there are none.
#[component]
fn CommentList(
    comments: Arc<SurveyComments>,
    filter: Memo<CommentFilter>,
    matches: Memo<Vec<usize>>,
    choice: Choice,
) -> impl IntoView {
    let lang = use_lang();
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
        let shown = choice.shown.get();
        let items = m
            .iter()
            .take(shown)
            .filter_map(|&i| comments.rows.get(i))
            .map(|r| comment_item(r, l))
            .collect_view();
        let left = m.len().saturating_sub(shown);
        view! {
            <ul class="comment-list" data-testid="comment-list">{items}</ul>
            {(left > 0).then(|| view! {
                <button type="button" class="button secondary" data-testid="comments-more"
                    on:click=move |_| choice.shown.update(|s| *s += PAGE)>
                    {move || more_text(left, lang.get())}
                </button>
            })}
        }
        .into_any()
    }
}

fn comment_item(r: &CommentRow, lang: Lang) -> impl IntoView {
    let class = group_class(r.group);
    let date = date_text(r.date, lang);
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
}
