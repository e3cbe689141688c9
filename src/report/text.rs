//! The report as a readable table (`kpi` without `--json`).

use serde_json::{Map, Value};

use crate::dataset::DatasetKind;
use crate::i18n::Lang;

use super::key::MetricKey;
use super::key::MetricKey as K;
use super::Report;

/// Keys shown as columns of the per-period and per-segment tables, per kind.
fn headline(kind: DatasetKind) -> &'static [MetricKey] {
    match kind {
        DatasetKind::Survey => {
            &[K::Responses, K::Nps, K::NpsMoe95, K::NpsDiffZ, K::Csat, K::Ces, K::CesEasyPct]
        }
        DatasetKind::Subscriptions => &[
            K::Mrr,
            K::Customers,
            K::Arpa,
            K::MrrNew,
            K::MrrExpansion,
            K::MrrContraction,
            K::MrrChurn,
            K::CustomerChurnRate,
            K::Grr,
            K::Nrr,
        ],
        DatasetKind::Orders => &[K::Orders, K::Customers, K::Revenue, K::AvgPurchaseValue, K::Clv],
        DatasetKind::Tickets => {
            &[K::Tickets, K::FirstResponseHours, K::ResolutionHours, K::Fcr, K::SupportCsat]
        }
        DatasetKind::Usage => &[K::Dau, K::Wau, K::Mau, K::Stickiness, K::UsageIntensity],
        DatasetKind::Funnel => {
            &[K::ConversionRate, K::CartAbandonmentRate, K::PagesPerVisit, K::Cac]
        }
        DatasetKind::Health => {
            &[K::Customers, K::HealthScore, K::HealthRed, K::HealthAmber, K::HealthGreen]
        }
    }
}

/// A value for the table: numbers rounded to 2 decimals, "–" for undefined.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "–".into(),
        Some(Value::Number(n)) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (_, Some(i), _) => i.to_string(),
            (_, _, Some(f)) => format!("{f:.2}"),
            _ => n.to_string(),
        },
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a))
            if a.len() <= 24 && a.iter().all(|x| !x.is_array() && !x.is_object()) =>
        {
            a.iter().map(|x| cell(Some(x))).collect::<Vec<_>>().join(" ")
        }
        Some(Value::Array(a)) => format!("[{} items]", a.len()),
        Some(Value::Object(_)) => "{…}".into(),
    }
}

fn table(out: &mut String, first: &str, cols: &[&str], rows: &[(String, &Map<String, Value>)]) {
    let mut widths: Vec<usize> = std::iter::once(first.chars().count())
        .chain(cols.iter().map(|c| c.chars().count()))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(label, m)| {
            std::iter::once(label.clone()).chain(cols.iter().map(|c| cell(m.get(*c)))).collect()
        })
        .collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut String, row: Vec<&str>| {
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(c.chars().count());
            if i == 0 {
                out.push_str(c);
                out.push_str(&" ".repeat(pad));
            } else {
                out.push_str("  ");
                out.push_str(&" ".repeat(pad));
                out.push_str(c);
            }
        }
        out.push('\n');
    };
    line(out, std::iter::once(first).chain(cols.iter().copied()).collect());
    for row in &cells {
        line(out, row.iter().map(String::as_str).collect());
    }
}

/// A list of objects as a table (first 20 entries), columns from the first object.
fn list_table(out: &mut String, items: &[Value]) {
    let Some(Value::Object(first)) = items.first() else {
        return;
    };
    let cols: Vec<&str> = first.keys().map(String::as_str).collect();
    let rows: Vec<(String, &Map<String, Value>)> = items
        .iter()
        .take(20)
        .enumerate()
        .filter_map(|(i, v)| v.as_object().map(|m| ((i + 1).to_string(), m)))
        .collect();
    table(out, "#", &cols, &rows);
    if items.len() > 20 {
        out.push_str(&format!("… {}\n", items.len() - 20));
    }
}

/// The most frequent words and phrases of each comment group, ten each, one line per list.
fn comment_lines(out: &mut String, key: &str, groups: &Map<String, Value>) {
    for (group, counts) in groups {
        for what in ["words", "phrases"] {
            let terms: Vec<String> = counts[what]
                .as_array()
                .map(|a| {
                    a.iter()
                        .take(10)
                        .map(|t| format!("{} ({})", cell(t.get("term")), cell(t.get("count"))))
                        .collect()
                })
                .unwrap_or_default();
            out.push_str(&format!("\n{key} {group} {what}: {}", terms.join(", ")));
        }
    }
    out.push('\n');
}

impl Report {
    /// The report as a readable table in the UI's language.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.whole_range_lines(&mut out, lang);
        self.list_tables(&mut out);
        self.group_tables(&mut out, lang);
        self.rejected_lines(&mut out, lang);
        out
    }

    /// The head line and one line per key of the whole range.
    fn whole_range_lines(&self, out: &mut String, lang: Lang) {
        let de = lang == Lang::De;
        out.push_str(&format!(
            "{}: {} {}, {} {}\n\n",
            self.kind.as_str(),
            self.rows,
            if de { "Zeilen verwendet" } else { "rows used" },
            self.rejected.len(),
            if de { "abgelehnt" } else { "rejected" },
        ));
        let width = self.metrics.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        out.push_str(&format!(
            "{:width$}  {}\n",
            if de { "Kennzahl" } else { "metric" },
            if de { "Wert" } else { "value" }
        ));
        for (k, v) in &self.metrics {
            out.push_str(&format!("{k:width$}  {}\n", cell(Some(v))));
        }
    }

    /// Lists (categories, feature adoption, at-risk customers, cohorts …) as sub-tables, and
    /// the comment phrases.
    fn list_tables(&self, out: &mut String) {
        for (k, v) in &self.metrics {
            match v {
                Value::Array(items) if items.first().is_some_and(Value::is_object) => {
                    out.push_str(&format!("\n{k}\n"));
                    list_table(out, items);
                }
                Value::Object(groups) if k == MetricKey::Comments.as_str() => {
                    comment_lines(out, k, groups);
                }
                _ => {}
            }
        }
    }

    /// The headline keys per period and per segment value.
    fn group_tables(&self, out: &mut String, lang: Lang) {
        let de = lang == Lang::De;
        let cols: Vec<&str> = headline(self.kind).iter().map(|k| k.as_str()).collect();
        if !self.periods.is_empty() {
            out.push('\n');
            let rows: Vec<(String, &Map<String, Value>)> =
                self.periods.iter().map(|p| (p.period.clone(), &p.metrics)).collect();
            table(out, if de { "Zeitraum" } else { "period" }, &cols, &rows);
        }
        if !self.segments.is_empty() {
            out.push('\n');
            let rows: Vec<(String, &Map<String, Value>)> = self
                .segments
                .iter()
                .map(|(k, m)| (if k.is_empty() { "(–)".into() } else { k.clone() }, m))
                .collect();
            table(out, "segment", &cols, &rows);
        }
    }

    fn rejected_lines(&self, out: &mut String, lang: Lang) {
        let de = lang == Lang::De;
        if self.rejected.is_empty() {
            return;
        }
        out.push('\n');
        out.push_str(if de { "Abgelehnte Zeilen\n" } else { "Rejected rows\n" });
        for r in &self.rejected {
            out.push_str(&format!(
                "{} {}, {}: {}\n",
                if de { "Zeile" } else { "line" },
                r.line,
                r.column,
                r.reason.message(lang)
            ));
        }
    }
}
