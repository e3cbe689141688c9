//! Planning an NPS survey: how many answers a margin of error needs, and what it takes
//! to reach a target NPS (which detractors must become passives or promoters). Split from
//! the NPS calculators of `survey.rs`, which only read results.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::metrics::stats::Z95;
use crate::metrics::survey::nps_from_counts;
use crate::presentation::catalogue::Unit;

use super::survey::{count, counts3, NO_ANSWERS};
use super::{field, tx, Field, FieldKind, Sheet, Values};

pub const SAMPLE_FIELDS: &[Field] = &[
    field(
        "margin",
        tx("Margin of error wanted (± NPS points)", "Gewünschte Fehlerspanne (± NPS-Punkte)"),
        FieldKind::Amount,
    ),
    field(
        "promoters_pct",
        tx("Expected promoters (%)", "Erwartete Promotoren (%)"),
        FieldKind::Percent,
    ),
    field(
        "detractors_pct",
        tx("Expected detractors (%)", "Erwartete Kritiker (%)"),
        FieldKind::Percent,
    ),
];

pub const WHAT_IF_FIELDS: &[Field] = &[
    field("promoters", tx("Promoters", "Promotoren"), FieldKind::Count),
    field("passives", tx("Passives", "Passive"), FieldKind::Count),
    field("detractors", tx("Detractors", "Kritiker"), FieldKind::Count),
    field("target", tx("Target NPS", "Ziel-NPS"), FieldKind::NpsPoints),
];

/// Answers needed for a 95 % margin of error of `margin` NPS points when `p` and `d` are
/// the expected promoter and detractor shares (0–1): the smallest n with
/// 1.96 · √(var/n) · 100 ≤ margin, var = p + d − (p − d)² (the inverse of the margin of
/// error of `metrics::survey`). `None` when no answers are needed (no spread) or the
/// margin is 0.
pub fn nps_sample_size(p: f64, d: f64, margin: f64) -> Option<u64> {
    let var = p + d - (p - d) * (p - d);
    if !margin.is_finite() || !var.is_finite() || margin <= 0.0 || var <= 0.0 {
        return None;
    }
    let n = (Z95 * 100.0).powi(2) * var / (margin * margin);
    // float noise must not add an answer: 1167.84 → 1168, 1168.0000000001 → 1168
    let rounded = n.round();
    let n = if (n - rounded).abs() < 1e-9 { rounded } else { n.ceil() };
    n.to_u64()
}

pub fn sample_size(v: &Values, s: &mut Sheet) {
    let (Some(margin), Some(p), Some(d)) =
        (v.num("margin"), v.num("promoters_pct"), v.num("detractors_pct"))
    else {
        return;
    };
    if margin <= 0.0 || margin > 100.0 {
        s.refuse(
            "margin",
            tx(
                "must be above 0 and at most 100 points",
                "muss über 0 und höchstens 100 Punkte sein",
            ),
        );
    }
    if p + d > 100.0 {
        s.refuse(
            "detractors_pct",
            tx(
                "promoters and detractors together cannot be above 100 %",
                "Promotoren und Kritiker zusammen können nicht über 100 % liegen",
            ),
        );
    }
    if !s.out.refusals.is_empty() {
        return;
    }
    let (pf, df) = (p / 100.0, d / 100.0);
    let var = pf + df - (pf - df).powi(2);
    let n = nps_sample_size(pf, df, margin);
    let lang = s.lang;
    let f4 = move |x: f64| crate::i18n::format_number(x, 4, lang);
    s.line(
        "n",
        tx("Answers needed", "Benötigte Antworten"),
        Unit::Count,
        n.map(|n| n as f64),
        format!(
            "⌈({} · 100)² · var / margin²⌉, var = {} + {} − ({} − {})² = {}, margin = {}",
            crate::i18n::format_number(Z95, 2, lang),
            f4(pf),
            f4(df),
            f4(pf),
            f4(df),
            f4(var),
            crate::i18n::format_number(margin, 1, s.lang)
        ),
        tx(
            "no spread expected (everyone in one group): every answer gives the same NPS",
            "keine Streuung erwartet (alle in einer Gruppe): jede Antwort ergibt denselben NPS",
        ),
    );
    s.line(
        "expected_nps",
        tx("Expected NPS", "Erwarteter NPS"),
        Unit::NpsPoints,
        Some(p - d),
        format!(
            "{} − {}",
            crate::i18n::format_number(p, 1, s.lang),
            crate::i18n::format_number(d, 1, s.lang)
        ),
        NO_ANSWERS,
    );
}

/// Detractors who would have to change so that the NPS reaches `target`: (to passives, to
/// promoters). Each detractor turned passive raises P − D by 1, turned promoter by 2.
/// `None` where even all detractors are not enough.
pub fn detractors_to_convert(
    p: usize,
    pa: usize,
    d: usize,
    target: Decimal,
) -> (Option<u64>, Option<u64>) {
    let n = Decimal::from((p + pa + d) as u64);
    // 100·(P − D + k·step)/n ≥ target  ⇔  k ≥ (target·n/100 − P + D)/step
    let need =
        target * n / Decimal::ONE_HUNDRED - Decimal::from(p as u64) + Decimal::from(d as u64);
    let k = |step: u64| {
        let k = (need / Decimal::from(step)).ceil().max(Decimal::ZERO).to_u64()?;
        (k <= d as u64).then_some(k)
    };
    (k(1), k(2))
}

pub fn what_if(v: &Values, s: &mut Sheet) {
    let (p, pa, d) = counts3(v, "");
    let Some(target) = v.get("target") else {
        return;
    };
    let now = nps_from_counts(p, pa, d, Vec::new());
    if now.n == 0 {
        s.line("nps", tx("NPS now", "NPS jetzt"), Unit::NpsPoints, None, String::new(), NO_ANSWERS);
        return;
    }
    let (cp, cd, cn) = (count(s, p), count(s, d), count(s, now.n));
    s.line(
        "nps",
        tx("NPS now", "NPS jetzt"),
        Unit::NpsPoints,
        now.nps,
        format!("100 · ({cp} − {cd}) / {cn}"),
        NO_ANSWERS,
    );
    let (to_passives, to_promoters) = detractors_to_convert(p, pa, d, target);
    let t = super::input::echo(&WHAT_IF_FIELDS[3], target, s.lang);
    let unreachable = tx(
        "not reachable by converting detractors alone (there are too few)",
        "allein durch Kritiker nicht erreichbar (es gibt zu wenige)",
    );
    for (key, label, k, step, lk, lr) in [
        (
            "to_passives",
            tx("Detractors → passives", "Kritiker → Passive"),
            to_passives,
            1usize,
            "nps_after_passives",
            tx("NPS after", "NPS danach"),
        ),
        (
            "to_promoters",
            tx("Detractors → promoters", "Kritiker → Promotoren"),
            to_promoters,
            2,
            "nps_after_promoters",
            tx("NPS after", "NPS danach"),
        ),
    ] {
        let formula = if step == 1 {
            format!("⌈{t} · {cn} / 100 − {cp} + {cd}⌉")
        } else {
            format!("⌈({t} · {cn} / 100 − {cp} + {cd}) / 2⌉")
        };
        s.line(key, label, Unit::Count, k.map(|k| k as f64), formula, unreachable);
        if let Some(k) = k.map(|k| k as usize) {
            let after = if step == 1 {
                nps_from_counts(p, pa + k, d - k, Vec::new())
            } else {
                nps_from_counts(p + k, pa, d - k, Vec::new())
            };
            let (ap, ad) = (count(s, after.promoters), count(s, after.detractors));
            s.line(
                lk,
                lr,
                Unit::NpsPoints,
                after.nps,
                format!("100 · ({ap} − {ad}) / {cn}"),
                NO_ANSWERS,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::i18n::Lang;
    use crate::quick::{compute, CalcId};

    #[test]
    fn sample_size_inverts_the_margin_of_error() {
        // var = .5 + .3 − .2² = .76; (196)²·.76/25 = 1167.84 → 1168
        assert_eq!(nps_sample_size(0.5, 0.3, 5.0), Some(1168));
        let o = run(
            CalcId::NpsSampleSize,
            &[("margin", "5"), ("promoters_pct", "50"), ("detractors_pct", "30")],
        );
        close(o.value("n"), 1168.0);
        // the core's margin at that n is within 5 points, one answer fewer is not
        for (p, d, m) in [(0.5, 0.3, 5.0), (0.4, 0.35, 3.0), (0.7, 0.1, 10.0), (0.2, 0.6, 2.5)] {
            let n = nps_sample_size(p, d, m).unwrap() as f64;
            let var = p + d - (p - d) * (p - d);
            assert!(Z95 * (var / n).sqrt() * 100.0 <= m + 1e-9);
            assert!(Z95 * (var / (n - 1.0)).sqrt() * 100.0 > m);
        }
        // 100 promoters, 0 detractors… the core agrees the margin is then 0
        assert_eq!(nps_sample_size(1.0, 0.0, 5.0), None);
        let o = run(
            CalcId::NpsSampleSize,
            &[("margin", "5"), ("promoters_pct", "70"), ("detractors_pct", "40")],
        );
        assert_eq!(o.refusals.len(), 1);
        assert!(o.lines.is_empty());
    }

    #[test]
    fn sample_size_against_the_core_interval() {
        // counts that are whole at the computed n: p = .5, d = .25, margin 10 → var = .6875,
        // n = 38416·.6875/100 = 264.11 → 265; at n = 264 (p, d whole: 132, 66) the core's
        // margin is above 10, at 268 (134, 67) below.
        assert_eq!(nps_sample_size(0.5, 0.25, 10.0), Some(265));
        assert!(nps_from_counts(132, 66, 66, vec![]).moe95.unwrap() > 10.0);
        assert!(nps_from_counts(134, 67, 67, vec![]).moe95.unwrap() <= 10.0);
    }

    #[test]
    fn what_if_hand_worked() {
        // P 40, passives 25, D 35: NPS +5; target 20 → 15 to passives (NPS 20), 8 to
        // promoters (48 − 27 = 21; 7 would give 19)
        let o = run(
            CalcId::NpsWhatIf,
            &[("promoters", "40"), ("passives", "25"), ("detractors", "35"), ("target", "20")],
        );
        close(o.value("nps"), 5.0);
        close(o.value("to_passives"), 15.0);
        close(o.value("nps_after_passives"), 20.0);
        close(o.value("to_promoters"), 8.0);
        close(o.value("nps_after_promoters"), 21.0);
        // already there: 0; out of reach: undefined with the reason
        let o = run(
            CalcId::NpsWhatIf,
            &[("promoters", "40"), ("passives", "25"), ("detractors", "35"), ("target", "-10")],
        );
        close(o.value("to_passives"), 0.0);
        let o = run(
            CalcId::NpsWhatIf,
            &[("promoters", "40"), ("passives", "25"), ("detractors", "35"), ("target", "90")],
        );
        assert_eq!(o.value("to_passives"), None);
        assert!(o.line("to_passives").unwrap().undefined.is_some());
        // 90 needs P − D ≥ 90: promoters route: (90 − 40 + 35)/2 = 42.5 → 43 > 35: no
        assert_eq!(o.value("to_promoters"), None);
        // fractional target in German
        let v = typed(
            CalcId::NpsWhatIf,
            Lang::De,
            &[("promoters", "40"), ("passives", "25"), ("detractors", "35"), ("target", "12,5")],
        );
        close(compute(&v, Lang::De).value("to_passives"), 8.0);
    }
}
