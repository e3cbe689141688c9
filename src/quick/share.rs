//! What leaves a calculator: its link (`#/calc/nps?promoters=40`, the same calculation in
//! either language) and its text copy for a report or a chat.

use rust_decimal::Decimal;

use super::{echo, input, CalcId, Outcome, Values};
use crate::i18n::Lang;

// ---- links ------------------------------------------------------------------------------

/// The route of a calculator without numbers: `#/calc/nps`.
pub fn route(id: CalcId) -> String {
    format!("#/calc/{}", id.slug())
}

/// The route with the typed values (canonical: `1234.5`, whatever the language), so that
/// the link reproduces the calculation in either language.
pub fn link(values: &Values) -> String {
    let id = values.id();
    let pairs: Vec<String> = id
        .fields()
        .iter()
        .enumerate()
        .filter_map(|(i, f)| values.typed(i).map(|v| format!("{}={}", f.key, v.normalize())))
        .collect();
    if pairs.is_empty() {
        route(id)
    } else {
        format!("{}?{}", route(id), pairs.join("&"))
    }
}

/// A link from named values (for the dashboards' "open in a quick calculator").
pub fn link_with(id: CalcId, named: &[(&str, u64)]) -> String {
    let mut v = Values::new(id);
    for (key, n) in named {
        if let Some(i) = id.fields().iter().position(|f| f.key == *key) {
            v.set(i, Some(Decimal::from(*n)));
        }
    }
    link(&v)
}

/// Reads a URL fragment (`#/calc/nps?promoters=40`): the calculator and its values.
/// Unknown keys are ignored; a value that is not a canonical number, or that the field
/// refuses, is dropped. `None` when the fragment is not a calculator route.
pub fn from_fragment(fragment: &str) -> Option<Values> {
    let rest = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix("/calc")?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let (slug, query) = rest.split_once('?').unwrap_or((rest, ""));
    let id = if slug.is_empty() { CalcId::Nps } else { CalcId::from_slug(slug)? };
    let mut values = Values::new(id);
    for pair in query.split('&') {
        let Some((k, raw)) = pair.split_once('=') else {
            continue;
        };
        let Some(i) = id.fields().iter().position(|f| f.key == k) else {
            continue;
        };
        let Some(f) = id.fields().get(i) else {
            continue;
        };
        if let Ok(d) = raw.parse::<Decimal>() {
            if input::check(f, d).is_ok() {
                values.set(i, Some(d));
            }
        }
    }
    Some(values)
}

// ---- copy as text ---------------------------------------------------------------------

/// The calculation as plain text for a report or a chat: title, the inputs as read, each
/// result with its formula, warnings and notes.
pub fn as_text(values: &Values, outcome: &Outcome, lang: Lang) -> String {
    let id = values.id();
    let mut out = String::new();
    out.push_str(id.title().get(lang));
    out.push('\n');
    for (i, f) in id.fields().iter().enumerate() {
        if !id.visible(i, values) {
            continue;
        }
        if let Some(v) = values.get(f.key) {
            out.push_str(&format!("  {}: {}\n", f.label.get(lang), echo(f, v, lang)));
        }
    }
    for l in &outcome.lines {
        match &l.undefined {
            None => out.push_str(&format!("{}: {}   ({})\n", l.label, l.shown, l.formula)),
            Some(why) => out.push_str(&format!("{}: – ({why})\n", l.label)),
        }
    }
    for w in outcome.warnings.iter().chain(&outcome.notes) {
        out.push_str(w);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::compute;
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn link_round_trip_is_canonical_in_both_languages() {
        let v = typed(
            CalcId::Mrr,
            Lang::De,
            &[("start_mrr", "12.000,50"), ("new", "1.000"), ("churn", "250")],
        );
        let l = link(&v);
        assert_eq!(l, "#/calc/mrr?start_mrr=12000.5&new=1000&churn=250");
        let back = from_fragment(&l).unwrap();
        assert_eq!(back, v);
        assert_eq!(compute(&back, Lang::En).value("end_mrr"), Some(12_750.5));
        // an English reader sees the same calculation
        let en = typed(
            CalcId::Mrr,
            Lang::En,
            &[("start_mrr", "12,000.50"), ("new", "1,000"), ("churn", "250")],
        );
        assert_eq!(link(&en), l);
    }

    #[test]
    fn fragments_that_are_not_calculators_or_carry_bad_values() {
        assert_eq!(from_fragment("#widget"), None);
        assert_eq!(from_fragment("#/calc/unknown"), None);
        assert_eq!(from_fragment("#/calc").map(|v| v.id()), Some(CalcId::Nps));
        // negative count, junk and unknown keys are dropped, not trusted
        let v = from_fragment("#/calc/nps?promoters=-4&passives=abc&detractors=3&x=1").unwrap();
        assert_eq!(v.typed(0), None);
        assert_eq!(v.typed(1), None);
        assert_eq!(v.typed(2), Some(Decimal::from(3)));
    }

    #[test]
    fn link_with_named_counts() {
        let l = link_with(
            CalcId::NpsCompare,
            &[("a_promoters", 10), ("a_passives", 5), ("a_detractors", 5)],
        );
        assert_eq!(l, "#/calc/nps-compare?a_promoters=10&a_passives=5&a_detractors=5");
    }

    #[test]
    fn text_copy_has_inputs_results_and_interval() {
        let v = typed(
            CalcId::Nps,
            Lang::De,
            &[("promoters", "10"), ("passives", "5"), ("detractors", "5")],
        );
        let o = compute(&v, Lang::De);
        let t = as_text(&v, &o, Lang::De);
        assert!(t.starts_with("NPS aus Anzahlen\n  Promotoren: 10\n"), "{t}");
        assert!(t.contains("NPS: +25,0"), "{t}");
        assert!(t.contains("Wald-Intervall (95 %): "), "{t}");
        assert!(t.contains("Kleine Stichprobe"), "{t}");
    }
}
