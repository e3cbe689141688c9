//! Tables under the cards: lists the report carries (categories, feature adoption, customers
//! at risk, phrases) and the headline metrics per period and per segment value.

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::app::{use_lang, use_texts, Texts};
use crate::dataset::DatasetKind;
use crate::i18n::Lang;
use crate::metrics::survey::CommentPhrases;
use crate::metrics::text::TermCount;
use crate::presentation::catalogue::{metrics_of, Unit};
use crate::presentation::segments;
use crate::report::{MetricKey, MetricsExt, Report};

fn cell(v: Option<&Value>, unit: Unit, lang: Lang) -> String {
    match v {
        Some(Value::Number(n)) => n.as_f64().map(|x| unit.format(x, lang)).unwrap_or_default(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => "–".into(),
    }
}

/// A column of a [`ListTable`]: (object key, column label, unit).
type Column = (&'static str, fn(&Texts) -> &'static str, Unit);

/// A titled card holding one table that scrolls sideways (and by keyboard) on small screens.
#[component]
fn TableCard(
    title: fn(&Texts) -> &'static str,
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="card list" data-testid=testid>
            <h2>{move || title(t.get())}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || title(t.get())>
                <table>{children()}</table>
            </div>
        </section>
    }
}

/// One list of objects from the report, as a table.
#[component]
pub fn ListTable(
    title: fn(&Texts) -> &'static str,
    testid: &'static str,
    rows: Vec<Value>,
    /// (object key, column label, unit)
    columns: Vec<Column>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let heads = columns.clone();
    (!rows.is_empty()).then(|| view! {
        <TableCard title testid>
                    <thead><tr>
                        {heads.into_iter().map(|(_, label, _)| view! { <th scope="col">{move || label(t.get())}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let columns = columns.clone();
                            view! { <tr>
                                {columns.into_iter().map(|(key, _, unit)| {
                                    let v = row.get(key).cloned();
                                    view! { <td>{move || cell(v.as_ref(), unit, lang.get())}</td> }
                                }).collect_view()}
                            </tr> }
                        }).collect_view()}
                    </tbody>
        </TableCard>
    })
}

/// The headline metrics of the kind, one row per group (period or segment value).
#[component]
pub fn GroupTable(
    kind: DatasetKind,
    title: fn(&Texts) -> &'static str,
    /// Heading of the first column (what the groups are).
    corner: fn(&Texts) -> &'static str,
    testid: &'static str,
    groups: Vec<(String, Map<String, Value>)>,
    /// Mark groups with fewer than [`segments::SMALL_GROUP`] rows (segment values).
    #[prop(default = false)]
    flag_small: bool,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let infos: Vec<_> = metrics_of(kind).collect();
    (!groups.is_empty()).then(|| view! {
        <TableCard title testid>
                    <thead><tr>
                        <th scope="col">{move || corner(t.get())}</th>
                        <th scope="col" data-key="n">{move || segments::size_heading(kind, lang.get())}</th>
                        {infos.iter().map(|i| {
                            let info = *i;
                            view! { <th scope="col" title=info.key.as_str()>{move || info.label.get(lang.get())}</th> }
                        }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {groups.into_iter().map(|(name, m)| {
                            let infos = infos.clone();
                            let group = name.clone();
                            let n = segments::group_size(&m);
                            let small = flag_small && n.is_some_and(segments::is_small);
                            view! { <tr data-group=group class=small.then_some("small-group")>
                                <th scope="row">{name}</th>
                                <td data-key="n" data-value=n.map(|n| n.to_string())>
                                    {move || n.map(|n| segments::size_text(n, lang.get())).unwrap_or_else(|| "–".into())}
                                    {small.then(|| view! {
                                        " " <span class="small-flag" data-testid="small-group" title=move || segments::small_flag(lang.get()).1>
                                            {move || segments::small_flag(lang.get()).0}
                                        </span>
                                    })}
                                </td>
                                {infos.into_iter().map(|info| {
                                    let v = m.value(info.key).cloned();
                                    view! { <td data-key=info.key.as_str()>{move || cell(v.as_ref(), info.unit, lang.get())}</td> }
                                }).collect_view()}
                            </tr> }
                        }).collect_view()}
                    </tbody>
        </TableCard>
    })
}

fn list(m: &Map<String, Value>, key: MetricKey) -> Vec<Value> {
    m.value(key).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// The lists of the report that belong to its kind.
#[component]
pub fn KindLists(report: Report) -> impl IntoView {
    let m = &report.metrics;
    let t = use_texts();
    let lang = use_lang();
    let gaps: Vec<String> =
        list(m, MetricKey::Gaps).iter().filter_map(|v| v.as_str().map(String::from)).collect();
    let comments: CommentPhrases = m.typed(MetricKey::Comments).unwrap_or_default();
    let (pro, det) = (comments.promoters.phrases, comments.detractors.phrases);
    view! {
        {(!gaps.is_empty()).then(|| view! {
            <p class="card warning" role="status" data-testid="gaps">{move || t.get().gaps_warning} " " {gaps.join(", ")}</p>
        })}
        <ListTable title=|t| t.categories_heading testid="categories" rows=list(m, MetricKey::Categories)
            columns=vec![("category", |t| t.column_header, Unit::Count), ("count", |t| t.count, Unit::Count), ("pct", |t| t.share, Unit::Percent)]/>
        <ListTable title=|t| t.adoption_heading testid="feature-adoption" rows=list(m, MetricKey::FeatureAdoption)
            columns=vec![("feature", |t| t.feature, Unit::Count), ("users", |t| t.users, Unit::Count), ("pct", |t| t.share, Unit::Percent)]/>
        <ListTable title=|t| t.at_risk_heading testid="at-risk" rows=list(m, MetricKey::AtRisk)
            columns=vec![("customer", |t| t.customer, Unit::Count), ("score", |t| t.score, Unit::Score), ("line", |t| t.line, Unit::Count)]/>
        {(!pro.is_empty() || !det.is_empty()).then(|| view! {
            <section class="card list" data-testid="phrases">
                <h2>{move || t.get().phrases_heading}</h2>
                <div class="two-columns">
                    {[(pro, (|t: &Texts| t.promoters_say) as fn(&Texts) -> &'static str, "promoters"), (det, |t: &Texts| t.detractors_say, "detractors")]
                        .into_iter()
                        .map(|(rows, title, class)| view! {
                            <div class=class>
                                <h3>{move || title(t.get())}</h3>
                                <ol>
                                    {rows.into_iter().map(|r| {
                                        let TermCount { term, count } = r;
                                        view! { <li>{term} " (" {move || Unit::Count.format(f64::from(count), lang.get())} ")"</li> }
                                    }).collect_view()}
                                </ol>
                            </div>
                        })
                        .collect_view()}
                </div>
            </section>
        })}
    }
}
