//! Quick calculators: every formula of the catalogue from a few typed numbers.
//!
//! A calculator is a list of [`Field`]s and a function from their values to an [`Outcome`]:
//! result lines, each with its formula with the numbers filled in, or the reason it is
//! undefined. The numbers come from the same metric functions as the dashboards
//! (`metrics::survey`, `metrics::subscriptions`, `metrics::orders`, `metrics::funnel`,
//! `metrics::tickets`); this module only checks the inputs, calls them and writes the
//! result down in the user's language. No browser types: the app renders an [`Outcome`],
//! tests check it with plain `cargo test`.

pub mod answer;
pub mod input;
mod nps_plan;
mod revenue;
mod sales;
mod share;
mod survey;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::i18n::Lang;
use crate::presentation::catalogue::{Text, Unit};

pub use input::{echo, read, InputError};
pub use share::{as_text, from_fragment, link, link_with, route};

pub(crate) const fn tx(en: &'static str, de: &'static str) -> Text {
    Text { en, de }
}

/// The calculators, in the order of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CalcId {
    Nps,
    NpsScores,
    NpsCompare,
    NpsSampleSize,
    NpsWhatIf,
    Csat,
    Ces,
    Customers,
    Mrr,
    Ltv,
    Clv,
    RepeatPurchase,
    Acquisition,
    Support,
}

/// What a field holds; decides how a typed value is checked.
#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    /// A whole number ≥ 0 (answers, customers, tickets).
    Count,
    /// An amount of money ≥ 0.
    Money,
    /// A number ≥ 0 (purchases per year, years).
    Amount,
    /// 0–100 %.
    Percent,
    /// NPS points, −100…+100.
    NpsPoints,
    /// One of a few values (a scale, a direction).
    Choice(&'static [(&'static str, Text)]),
}

/// One input of a calculator.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Name in the link (`#/calc/nps?promoters=40`).
    pub key: &'static str,
    pub label: Text,
    pub kind: FieldKind,
    /// Canonical value used when the field is left empty ("" = none).
    pub default: &'static str,
    /// Without a value the calculator cannot say anything.
    pub required: bool,
    /// Shown only when the calculator's `scale` field is at least this (score counts).
    pub min_scale: u8,
}

pub(crate) const fn field(key: &'static str, label: Text, kind: FieldKind) -> Field {
    Field { key, label, kind, default: "", required: true, min_scale: 0 }
}

impl Field {
    const fn optional(mut self, default: &'static str) -> Self {
        self.required = false;
        self.default = default;
        self
    }
    const fn shown_from_scale(mut self, s: u8) -> Self {
        self.min_scale = s;
        self.required = false;
        self
    }
}

/// Groups of the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Surveys,
    Subscriptions,
    Orders,
    Acquisition,
    Support,
}

impl Topic {
    pub const ALL: [Topic; 5] =
        [Topic::Surveys, Topic::Subscriptions, Topic::Orders, Topic::Acquisition, Topic::Support];

    pub fn label(self) -> Text {
        match self {
            Topic::Surveys => tx("Surveys", "Umfragen"),
            Topic::Subscriptions => tx("Customers and MRR", "Kunden und MRR"),
            Topic::Orders => tx("Orders", "Bestellungen"),
            Topic::Acquisition => tx("Acquisition", "Akquise"),
            Topic::Support => tx("Support", "Support"),
        }
    }
}

impl CalcId {
    pub const ALL: [CalcId; 14] = [
        CalcId::Nps,
        CalcId::NpsScores,
        CalcId::NpsCompare,
        CalcId::NpsSampleSize,
        CalcId::NpsWhatIf,
        CalcId::Csat,
        CalcId::Ces,
        CalcId::Customers,
        CalcId::Mrr,
        CalcId::Ltv,
        CalcId::Clv,
        CalcId::RepeatPurchase,
        CalcId::Acquisition,
        CalcId::Support,
    ];

    /// The last part of the route, `#/calc/<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            CalcId::Nps => "nps",
            CalcId::NpsScores => "nps-scores",
            CalcId::NpsCompare => "nps-compare",
            CalcId::NpsSampleSize => "nps-sample-size",
            CalcId::NpsWhatIf => "nps-what-if",
            CalcId::Csat => "csat",
            CalcId::Ces => "ces",
            CalcId::Customers => "customer-churn",
            CalcId::Mrr => "mrr",
            CalcId::Ltv => "ltv",
            CalcId::Clv => "clv",
            CalcId::RepeatPurchase => "repeat-purchase",
            CalcId::Acquisition => "acquisition",
            CalcId::Support => "support",
        }
    }

    pub fn from_slug(slug: &str) -> Option<CalcId> {
        CalcId::ALL.into_iter().find(|c| c.slug() == slug)
    }

    pub fn topic(self) -> Topic {
        use CalcId::*;
        match self {
            Nps | NpsScores | NpsCompare | NpsSampleSize | NpsWhatIf | Csat | Ces => Topic::Surveys,
            Customers | Mrr | Ltv => Topic::Subscriptions,
            Clv | RepeatPurchase => Topic::Orders,
            Acquisition => Topic::Acquisition,
            Support => Topic::Support,
        }
    }

    pub fn title(self) -> Text {
        match self {
            CalcId::Nps => tx("NPS from counts", "NPS aus Anzahlen"),
            CalcId::NpsScores => {
                tx("NPS from the answers per score", "NPS aus den Antworten je Wert")
            }
            CalcId::NpsCompare => tx("Compare two NPS", "Zwei NPS vergleichen"),
            CalcId::NpsSampleSize => tx("NPS sample size", "NPS-Stichprobengröße"),
            CalcId::NpsWhatIf => tx("NPS what if", "NPS: was wäre, wenn"),
            CalcId::Csat => tx("CSAT", "CSAT"),
            CalcId::Ces => tx("CES", "CES"),
            CalcId::Customers => {
                tx("Customer churn and retention", "Kundenabwanderung und -bindung")
            }
            CalcId::Mrr => tx("MRR movements", "MRR-Bewegungen"),
            CalcId::Ltv => tx("ARPA and LTV", "ARPA und LTV"),
            CalcId::Clv => tx("Customer lifetime value (orders)", "Kundenwert CLV (Bestellungen)"),
            CalcId::RepeatPurchase => tx("Repeat purchase rate", "Wiederkaufrate"),
            CalcId::Acquisition => tx("CAC, payback and funnel", "CAC, Amortisation und Funnel"),
            CalcId::Support => tx("Tickets per customer and FCR", "Tickets pro Kunde und FCR"),
        }
    }

    pub fn intro(self) -> Text {
        match self {
            CalcId::Nps => tx(
                "Promoters answered 9–10, passives 7–8, detractors 0–6.",
                "Promotoren antworteten 9–10, Passive 7–8, Kritiker 0–6.",
            ),
            CalcId::NpsScores => tx(
                "How many answers each score from 0 to 10 got.",
                "Wie viele Antworten jeder Wert von 0 bis 10 bekam.",
            ),
            CalcId::NpsCompare => tx(
                "Two surveys (two periods, two segments): is the difference more than chance?",
                "Zwei Umfragen (zwei Zeiträume, zwei Segmente): ist der Unterschied mehr als Zufall?",
            ),
            CalcId::NpsSampleSize => tx(
                "How many answers you need for a margin of error, at the distribution you expect.",
                "Wie viele Antworten Sie für eine Fehlerspanne brauchen, bei der erwarteten Verteilung.",
            ),
            CalcId::NpsWhatIf => tx(
                "How many detractors would have to become passives or promoters to reach a target NPS.",
                "Wie viele Kritiker zu Passiven oder Promotoren werden müssten, um einen Ziel-NPS zu erreichen.",
            ),
            CalcId::Csat => tx(
                "How many answers each score got; satisfied = from the threshold up (default: the top two boxes).",
                "Wie viele Antworten jeder Wert bekam; zufrieden = ab der Schwelle (Standard: die beiden besten Werte).",
            ),
            CalcId::Ces => tx(
                "How many answers each score got.",
                "Wie viele Antworten jeder Wert bekam.",
            ),
            CalcId::Customers => tx(
                "Customer counts of one period (a month, a quarter).",
                "Kundenzahlen eines Zeitraums (Monat, Quartal).",
            ),
            CalcId::Mrr => tx(
                "MRR at the start of the period and its five movements during it.",
                "MRR zu Beginn des Zeitraums und seine fünf Bewegungen darin.",
            ),
            CalcId::Ltv => tx(
                "Monthly figures: MRR, paying customers, gross margin and the monthly customer churn rate.",
                "Monatszahlen: MRR, zahlende Kunden, Bruttomarge und die monatliche Kundenabwanderungsrate.",
            ),
            CalcId::Clv => tx(
                "The three drivers of the customer lifetime value of a shop.",
                "Die drei Treiber des Kundenwerts eines Shops.",
            ),
            CalcId::RepeatPurchase => tx(
                "Customers who ordered, and how many of them ordered more than once.",
                "Kunden, die bestellt haben, und wie viele davon mehr als einmal.",
            ),
            CalcId::Acquisition => tx(
                "Fill in what you have; each result says what it still needs.",
                "Füllen Sie aus, was Sie haben; jedes Ergebnis sagt, was ihm noch fehlt.",
            ),
            CalcId::Support => tx(
                "Fill in what you have; each result says what it still needs.",
                "Füllen Sie aus, was Sie haben; jedes Ergebnis sagt, was ihm noch fehlt.",
            ),
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            CalcId::Nps => survey::NPS_FIELDS,
            CalcId::NpsScores => survey::NPS_SCORE_FIELDS,
            CalcId::NpsCompare => survey::COMPARE_FIELDS,
            CalcId::NpsSampleSize => nps_plan::SAMPLE_FIELDS,
            CalcId::NpsWhatIf => nps_plan::WHAT_IF_FIELDS,
            CalcId::Csat => survey::CSAT_FIELDS,
            CalcId::Ces => survey::CES_FIELDS,
            CalcId::Customers => revenue::CUSTOMER_FIELDS,
            CalcId::Mrr => revenue::MRR_FIELDS,
            CalcId::Ltv => revenue::LTV_FIELDS,
            CalcId::Clv => sales::CLV_FIELDS,
            CalcId::RepeatPurchase => sales::REPEAT_FIELDS,
            CalcId::Acquisition => sales::ACQUISITION_FIELDS,
            CalcId::Support => sales::SUPPORT_FIELDS,
        }
    }

    /// Whether field `i` applies with these values (score counts beyond the chosen scale
    /// do not).
    pub fn visible(self, i: usize, values: &Values) -> bool {
        let Some(f) = self.fields().get(i) else {
            return false;
        };
        f.min_scale == 0 || values.num("scale").is_some_and(|s| s >= f64::from(f.min_scale))
    }
}

/// The values of a calculator's fields (index = field), checked one by one; `None` = empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Values {
    id: CalcId,
    values: Vec<Option<Decimal>>,
}

impl Values {
    /// Every field empty (defaults apply).
    pub fn new(id: CalcId) -> Values {
        Values { id, values: vec![None; id.fields().len()] }
    }

    pub fn id(&self) -> CalcId {
        self.id
    }

    pub fn set(&mut self, i: usize, v: Option<Decimal>) {
        if let Some(slot) = self.values.get_mut(i) {
            *slot = v;
        }
    }

    /// The typed value of field `i` (without its default).
    pub fn typed(&self, i: usize) -> Option<Decimal> {
        self.values.get(i).copied().flatten()
    }

    /// The value of the field `key`, or its default; `None` when neither (or hidden).
    pub fn get(&self, key: &str) -> Option<Decimal> {
        let fields = self.id.fields();
        let i = fields.iter().position(|f| f.key == key)?;
        let f = fields.get(i)?;
        if f.min_scale > 0 && !self.id.visible(i, self) {
            return None;
        }
        self.typed(i).or_else(|| f.default.parse().ok())
    }

    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key)?.to_f64()
    }

    /// A count field as a whole number (fields of kind Count are checked to be whole).
    pub fn count(&self, key: &str) -> Option<u64> {
        self.get(key)?.to_u64()
    }

    /// Labels of the required fields still empty.
    pub fn missing(&self, lang: Lang) -> Vec<&'static str> {
        self.id
            .fields()
            .iter()
            .enumerate()
            .filter(|(i, f)| f.required && self.typed(*i).is_none() && self.id.visible(*i, self))
            .map(|(_, f)| f.label.get(lang))
            .collect()
    }
}

/// A value refused because it cannot be right (with the others).
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The field it is about.
    pub field: Option<&'static str>,
    pub message: String,
}

/// One result: value, formula with the numbers filled in, or why it is undefined.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub key: &'static str,
    pub label: String,
    /// Full precision (tests, data attributes); `None` = undefined.
    pub value: Option<f64>,
    /// The value for the eye (or the interval "a … b").
    pub shown: String,
    /// "100 · (40 − 35) / 100" — the formula with the inputs filled in.
    pub formula: String,
    /// Why there is no value.
    pub undefined: Option<String>,
    /// 95 % interval, when there is one.
    pub interval: Option<(f64, f64)>,
}

/// What a calculator says about its values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub refusals: Vec<Refusal>,
    /// Labels of required fields still empty (then there are no lines).
    pub missing: Vec<&'static str>,
    pub lines: Vec<Line>,
    /// Warnings (small sample …).
    pub warnings: Vec<String>,
    /// Other definitions in use ("some sources compute …").
    pub notes: Vec<String>,
}

impl Outcome {
    /// The line `key`.
    pub fn line(&self, key: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.key == key)
    }

    /// The value of line `key`.
    pub fn value(&self, key: &str) -> Option<f64> {
        self.line(key)?.value
    }
}

/// Collects the lines of one computation in one language.
pub(crate) struct Sheet {
    pub lang: Lang,
    pub out: Outcome,
}

impl Sheet {
    fn new(lang: Lang) -> Sheet {
        Sheet { lang, out: Outcome::default() }
    }

    /// An input as it was read (`12.000,5` in German).
    pub fn dec(&self, d: Decimal) -> String {
        input::format_decimal(d, self.lang)
    }

    /// A computed value in its unit.
    pub fn fmt(&self, unit: Unit, v: f64) -> String {
        unit.format(v, self.lang)
    }

    pub fn refuse(&mut self, field: &'static str, message: Text) {
        self.refuse_msg(field, message.get(self.lang).to_string());
    }

    pub fn refuse_msg(&mut self, field: &'static str, message: String) {
        self.out.refusals.push(Refusal { field: Some(field), message });
    }

    pub fn warn(&mut self, w: Text) {
        self.out.warnings.push(w.get(self.lang).into());
    }

    pub fn note(&mut self, n: String) {
        self.out.notes.push(n);
    }

    /// A result line: `label = formula = value`, or undefined because `why`.
    pub fn line(
        &mut self,
        key: &'static str,
        label: Text,
        unit: Unit,
        value: Option<f64>,
        formula: String,
        why: Text,
    ) {
        let value = value.filter(|v| v.is_finite());
        let shown = value.map_or_else(|| "–".into(), |v| self.fmt(unit, v));
        let undefined = value.is_none().then(|| why.get(self.lang).to_string());
        self.out.lines.push(Line {
            key,
            label: label.get(self.lang).into(),
            value,
            shown,
            formula,
            undefined,
            interval: None,
        });
    }

    /// An interval line (value = none; `interval` set).
    pub fn interval(
        &mut self,
        key: &'static str,
        label: Text,
        unit: Unit,
        range: Option<(f64, f64)>,
        formula: String,
        why: Text,
    ) {
        let range = range.filter(|(a, b)| a.is_finite() && b.is_finite());
        let shown = range.map_or_else(
            || "–".into(),
            |(a, b)| format!("{} … {}", self.fmt(unit, a), self.fmt(unit, b)),
        );
        self.out.lines.push(Line {
            key,
            label: label.get(self.lang).into(),
            value: None,
            shown,
            formula,
            undefined: range.is_none().then(|| why.get(self.lang).to_string()),
            interval: range,
        });
    }
}

/// Runs calculator `values.id()` in `lang`. Required fields still empty give no lines (the
/// outcome lists them); values that cannot be right together are refused.
pub fn compute(values: &Values, lang: Lang) -> Outcome {
    let mut s = Sheet::new(lang);
    s.out.missing = values.missing(lang);
    if !s.out.missing.is_empty() {
        return s.out;
    }
    let v = values;
    match values.id() {
        CalcId::Nps => survey::nps(v, &mut s),
        CalcId::NpsScores => survey::nps_scores(v, &mut s),
        CalcId::NpsCompare => survey::compare(v, &mut s),
        CalcId::NpsSampleSize => nps_plan::sample_size(v, &mut s),
        CalcId::NpsWhatIf => nps_plan::what_if(v, &mut s),
        CalcId::Csat => survey::csat(v, &mut s),
        CalcId::Ces => survey::ces(v, &mut s),
        CalcId::Customers => revenue::customers(v, &mut s),
        CalcId::Mrr => revenue::mrr(v, &mut s),
        CalcId::Ltv => revenue::ltv(v, &mut s),
        CalcId::Clv => sales::clv(v, &mut s),
        CalcId::RepeatPurchase => sales::repeat(v, &mut s),
        CalcId::Acquisition => sales::acquisition(v, &mut s),
        CalcId::Support => sales::support(v, &mut s),
    }
    if !s.out.refusals.is_empty() {
        s.out.lines.clear();
        s.out.warnings.clear();
        s.out.notes.clear();
    }
    s.out
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// Values typed as text in `lang`, by key; panics on a refused value (test inputs).
    pub fn typed(id: CalcId, lang: Lang, pairs: &[(&str, &str)]) -> Values {
        let mut v = Values::new(id);
        for (k, text) in pairs {
            let i = id
                .fields()
                .iter()
                .position(|f| f.key == *k)
                .unwrap_or_else(|| panic!("no field {k}"));
            let d = read(&id.fields()[i], text, lang)
                .unwrap_or_else(|e| panic!("{k}={text}: {}", e.message(lang)));
            v.set(i, d);
        }
        v
    }

    pub fn run(id: CalcId, pairs: &[(&str, &str)]) -> Outcome {
        compute(&typed(id, Lang::En, pairs), Lang::En)
    }

    pub fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} != {b}");
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn every_calculator_has_a_unique_slug_and_fields() {
        for id in CalcId::ALL {
            assert_eq!(CalcId::from_slug(id.slug()), Some(id));
            assert!(!id.fields().is_empty());
            let mut keys: Vec<_> = id.fields().iter().map(|f| f.key).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), id.fields().len(), "{:?}", id);
            // nothing panics with every field empty, in both languages
            for lang in [Lang::En, Lang::De] {
                let _ = compute(&Values::new(id), lang);
            }
        }
    }

    #[test]
    fn missing_required_fields_are_listed_not_computed() {
        let v = typed(CalcId::Nps, Lang::En, &[("promoters", "40")]);
        let o = compute(&v, Lang::De);
        assert_eq!(o.missing, vec!["Passive", "Kritiker"]);
        assert!(o.lines.is_empty());
    }
}
