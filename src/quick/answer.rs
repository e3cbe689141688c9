//! What a calculator says, as the app shows it: an [`Outcome`] with owned strings plus its
//! text copy. The calculators' arithmetic lives in a wasm of its own that the app fetches
//! when the quick calculators are opened (src/bin/extras.rs); the app sends it the values
//! as their link (`#/calc/nps?promoters=40`, see [`super::link`]) and reads this back as
//! JSON.

use serde::{Deserialize, Serialize};

use super::{as_text, compute, from_fragment, Outcome, Values};
use crate::i18n::Lang;

/// A refused value: the key of the field it is about, and why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerRefusal {
    pub field: Option<String>,
    pub message: String,
}

/// One result line (see [`super::Line`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub key: String,
    pub label: String,
    pub value: Option<f64>,
    pub shown: String,
    pub formula: String,
    pub undefined: Option<String>,
    pub interval: Option<(f64, f64)>,
}

/// [`Outcome`] with owned strings, and the calculation as text ("copy as text").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub refusals: Vec<AnswerRefusal>,
    pub missing: Vec<String>,
    pub lines: Vec<AnswerLine>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    pub text: String,
}

impl Answer {
    fn new(values: &Values, o: Outcome, lang: Lang) -> Answer {
        let text = as_text(values, &o, lang);
        Answer {
            refusals: o
                .refusals
                .into_iter()
                .map(|r| AnswerRefusal { field: r.field.map(str::to_owned), message: r.message })
                .collect(),
            missing: o.missing.into_iter().map(str::to_owned).collect(),
            lines: o
                .lines
                .into_iter()
                .map(|l| AnswerLine {
                    key: l.key.to_owned(),
                    label: l.label,
                    value: l.value,
                    shown: l.shown,
                    formula: l.formula,
                    undefined: l.undefined,
                    interval: l.interval,
                })
                .collect(),
            warnings: o.warnings,
            notes: o.notes,
            text,
        }
    }
}

/// The answer for the calculator and values of `fragment` (a calculator link) in `lang`;
/// `None` when the fragment is not a calculator route.
pub fn answer(fragment: &str, lang: Lang) -> Option<Answer> {
    let values = from_fragment(fragment)?;
    let outcome = compute(&values, lang);
    Some(Answer::new(&values, outcome, lang))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::typed;
    use super::super::{link, CalcId};
    use super::*;

    #[test]
    fn the_answer_through_the_link_is_the_outcome_computed_in_place() {
        // German input with thousands separators and a decimal comma: the link carries
        // the canonical numbers, and the answer equals the outcome computed directly.
        let v = typed(
            CalcId::Mrr,
            Lang::De,
            &[("start_mrr", "12.000,50"), ("new", "1.000"), ("churn", "500,25")],
        );
        let a = answer(&link(&v), Lang::De).expect("a calculator link");
        let o = compute(&v, Lang::De);
        assert_eq!(a.lines.len(), o.lines.len());
        for (al, ol) in a.lines.iter().zip(&o.lines) {
            assert_eq!((al.key.as_str(), &al.label, al.value), (ol.key, &ol.label, ol.value));
            assert_eq!(
                (&al.shown, &al.formula, &al.undefined),
                (&ol.shown, &ol.formula, &ol.undefined)
            );
        }
        let end = a.lines.iter().find(|l| l.key == "end_mrr").and_then(|l| l.value);
        assert_eq!(end, Some(12_500.25));
        assert_eq!(a.text, as_text(&v, &o, Lang::De));
        // JSON there and back (what crosses from the bundle to the app)
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&json).unwrap(), a);
    }

    #[test]
    fn refusals_and_missing_fields_cross_with_their_field_keys() {
        let refused = answer("#/calc/customer-churn?start=412&churned=500", Lang::De).unwrap();
        assert_eq!(refused.refusals.len(), 1);
        assert_eq!(refused.refusals[0].field.as_deref(), Some("churned"));
        assert!(refused.refusals[0].message.contains("(500)"), "{}", refused.refusals[0].message);
        assert!(refused.lines.is_empty());
        let missing = answer("#/calc/nps?promoters=40", Lang::En).unwrap();
        assert_eq!(missing.missing, vec!["Passives", "Detractors"]);
        assert_eq!(answer("#widget", Lang::En), None);
    }
}
