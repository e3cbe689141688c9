//! Survey calculators: NPS (from counts, from scores, two compared, sample size, what if),
//! CSAT and CES, all through `metrics::survey`.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::catalogue::{Text, Unit};
use crate::metrics::stats::Z95;
use crate::metrics::survey::{
    ces_from_histogram, csat_from_histogram, is_significant, nps_diff_z, nps_from_counts,
    nps_from_histogram, NpsResult, ScoreCounts,
};

use super::{field, tx, Field, FieldKind, Sheet, Values};

const PROMOTERS: Text = tx("Promoters (9–10)", "Promotoren (9–10)");
const PASSIVES: Text = tx("Passives (7–8)", "Passive (7–8)");
const DETRACTORS: Text = tx("Detractors (0–6)", "Kritiker (0–6)");
const NO_ANSWERS: Text = tx("no answers (n = 0)", "keine Antworten (n = 0)");

pub const NPS_FIELDS: &[Field] = &[
    field("promoters", tx("Promoters", "Promotoren"), FieldKind::Count),
    field("passives", tx("Passives", "Passive"), FieldKind::Count),
    field("detractors", tx("Detractors", "Kritiker"), FieldKind::Count),
];

const fn score(key: &'static str, label: Text, min_scale: u8) -> Field {
    field(key, label, FieldKind::Count).optional("0").shown_from_scale(min_scale)
}

pub const NPS_SCORE_FIELDS: &[Field] = &[
    score("s0", tx("Score 0", "Wert 0"), 0),
    score("s1", tx("Score 1", "Wert 1"), 0),
    score("s2", tx("Score 2", "Wert 2"), 0),
    score("s3", tx("Score 3", "Wert 3"), 0),
    score("s4", tx("Score 4", "Wert 4"), 0),
    score("s5", tx("Score 5", "Wert 5"), 0),
    score("s6", tx("Score 6", "Wert 6"), 0),
    score("s7", tx("Score 7", "Wert 7"), 0),
    score("s8", tx("Score 8", "Wert 8"), 0),
    score("s9", tx("Score 9", "Wert 9"), 0),
    score("s10", tx("Score 10", "Wert 10"), 0),
];

pub const COMPARE_FIELDS: &[Field] = &[
    field("a_promoters", tx("A: promoters", "A: Promotoren"), FieldKind::Count),
    field("a_passives", tx("A: passives", "A: Passive"), FieldKind::Count),
    field("a_detractors", tx("A: detractors", "A: Kritiker"), FieldKind::Count),
    field("b_promoters", tx("B: promoters", "B: Promotoren"), FieldKind::Count),
    field("b_passives", tx("B: passives", "B: Passive"), FieldKind::Count),
    field("b_detractors", tx("B: detractors", "B: Kritiker"), FieldKind::Count),
];

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

const CSAT_SCALES: &[(&str, Text)] =
    &[("5", tx("1–5", "1–5")), ("7", tx("1–7", "1–7")), ("10", tx("1–10", "1–10"))];

pub const CSAT_FIELDS: &[Field] = &[
    field("scale", tx("Scale", "Skala"), FieldKind::Choice(CSAT_SCALES)).optional("5"),
    field(
        "threshold",
        tx("Satisfied from score (empty: top two)", "Zufrieden ab Wert (leer: die beiden besten)"),
        FieldKind::Count,
    )
    .optional(""),
    score("s1", tx("Score 1", "Wert 1"), 0),
    score("s2", tx("Score 2", "Wert 2"), 0),
    score("s3", tx("Score 3", "Wert 3"), 0),
    score("s4", tx("Score 4", "Wert 4"), 0),
    score("s5", tx("Score 5", "Wert 5"), 0),
    score("s6", tx("Score 6", "Wert 6"), 7),
    score("s7", tx("Score 7", "Wert 7"), 7),
    score("s8", tx("Score 8", "Wert 8"), 10),
    score("s9", tx("Score 9", "Wert 9"), 10),
    score("s10", tx("Score 10", "Wert 10"), 10),
];

const CES_SCALES: &[(&str, Text)] =
    &[("7", tx("1–7 (CES 2.0)", "1–7 (CES 2.0)")), ("5", tx("1–5", "1–5"))];
const CES_DIRECTIONS: &[(&str, Text)] = &[
    ("0", tx("high = easy (“it was easy”)", "hoch = leicht („es war einfach“)")),
    ("1", tx("low = easy (“how much effort?”)", "niedrig = leicht („wie viel Aufwand?“)")),
];

pub const CES_FIELDS: &[Field] = &[
    field("scale", tx("Scale", "Skala"), FieldKind::Choice(CES_SCALES)).optional("7"),
    field(
        "lower_is_easier",
        tx("Question asked", "Gestellte Frage"),
        FieldKind::Choice(CES_DIRECTIONS),
    )
    .optional("0"),
    score("s1", tx("Score 1", "Wert 1"), 0),
    score("s2", tx("Score 2", "Wert 2"), 0),
    score("s3", tx("Score 3", "Wert 3"), 0),
    score("s4", tx("Score 4", "Wert 4"), 0),
    score("s5", tx("Score 5", "Wert 5"), 0),
    score("s6", tx("Score 6", "Wert 6"), 7),
    score("s7", tx("Score 7", "Wert 7"), 7),
];

fn counts3(v: &Values, prefix: &str) -> (usize, usize, usize) {
    let c = |k: &str| v.count(&format!("{prefix}{k}")).unwrap_or(0) as usize;
    (c("promoters"), c("passives"), c("detractors"))
}

fn count(s: &Sheet, c: usize) -> String {
    s.fmt(Unit::Count, c as f64)
}

/// The lines of one NPS result (every figure from `NpsResult`).
fn nps_lines(r: &NpsResult, s: &mut Sheet) {
    let (p, d, n) = (count(s, r.promoters), count(s, r.detractors), count(s, r.n));
    s.line(
        "nps",
        tx("NPS", "NPS"),
        Unit::NpsPoints,
        r.nps,
        format!("100 · (P − D) / n = 100 · ({p} − {d}) / {n}"),
        NO_ANSWERS,
    );
    for (key, label, c, v) in [
        ("promoters_pct", PROMOTERS, r.promoters, r.promoters_pct),
        ("passives_pct", PASSIVES, r.passives, r.passives_pct),
        ("detractors_pct", DETRACTORS, r.detractors, r.detractors_pct),
    ] {
        let c = count(s, c);
        s.line(key, label, Unit::Percent, v, format!("{c} / {n} · 100"), NO_ANSWERS);
    }
    let pf = r.promoters_pct.unwrap_or(0.0) / 100.0;
    let df = r.detractors_pct.unwrap_or(0.0) / 100.0;
    let var = pf + df - (pf - df).powi(2);
    let lang = s.lang;
    let f4 = move |x: f64| crate::i18n::format_number(x, 4, lang);
    s.line(
        "moe95",
        tx("Margin of error (95 %)", "Fehlerspanne (95 %)"),
        Unit::NpsPoints,
        r.moe95,
        format!(
            "{} · √(var / n) · 100, var = p + d − (p − d)² = {} + {} − ({} − {})² = {}",
            crate::i18n::format_number(Z95, 2, lang),
            f4(pf),
            f4(df),
            f4(pf),
            f4(df),
            f4(var)
        ),
        NO_ANSWERS,
    );
    if let Some(last) = s.out.lines.last_mut() {
        if let Some(m) = r.moe95 {
            last.shown = format!("± {}", crate::i18n::format_number(m, 1, s.lang));
        }
    }
    let nps_s = r.nps.map_or_else(|| "–".into(), |v| s.fmt(Unit::NpsPoints, v));
    let moe_s = r.moe95.map_or_else(|| "–".into(), |v| crate::i18n::format_number(v, 1, s.lang));
    s.interval(
        "ci95",
        tx("Wald interval (95 %)", "Wald-Intervall (95 %)"),
        Unit::NpsPoints,
        r.ci95_low.zip(r.ci95_high),
        format!("NPS ± {moe_s} = {nps_s} ± {moe_s} (−100…+100)"),
        NO_ANSWERS,
    );
    s.interval(
        "adj_ci95",
        tx("Adjusted-Wald interval (95 %)", "Adjustiertes Wald-Intervall (95 %)"),
        Unit::NpsPoints,
        r.adj_ci95_low.zip(r.adj_ci95_high),
        format!(
            "P + {q}, D + {q}, n + 3 = {}, {}, {}",
            s.fmt(Unit::Ratio, r.promoters as f64 + 0.75),
            s.fmt(Unit::Ratio, r.detractors as f64 + 0.75),
            count(s, r.n + 3),
            q = crate::i18n::format_number(0.75, 2, s.lang),
        ),
        NO_ANSWERS,
    );
    if r.small_sample && r.n > 0 {
        s.warn(tx(
            "Small sample: with fewer than 30 answers the margin of error is unreliable.",
            "Kleine Stichprobe: unter 30 Antworten ist die Fehlerspanne unzuverlässig.",
        ));
    }
}

pub fn nps(v: &Values, s: &mut Sheet) {
    let (p, pa, d) = counts3(v, "");
    nps_lines(&nps_from_counts(p, pa, d, Vec::new()), s);
}

fn histogram(v: &Values, from: usize, to: usize) -> ScoreCounts {
    let mut counts: ScoreCounts = [0; 11];
    for (score, c) in counts.iter_mut().enumerate().take(to + 1).skip(from) {
        *c = v.count(&format!("s{score}")).unwrap_or(0);
    }
    counts
}

pub fn nps_scores(v: &Values, s: &mut Sheet) {
    nps_lines(&nps_from_histogram(&histogram(v, 0, 10)), s);
}

pub fn compare(v: &Values, s: &mut Sheet) {
    let (ap, apa, ad) = counts3(v, "a_");
    let (bp, bpa, bd) = counts3(v, "b_");
    let a = nps_from_counts(ap, apa, ad, Vec::new());
    let b = nps_from_counts(bp, bpa, bd, Vec::new());
    let show =
        |s: &Sheet, x: Option<f64>| x.map_or_else(|| "–".into(), |x| s.fmt(Unit::NpsPoints, x));
    for (key, label, r) in
        [("nps_a", tx("NPS A", "NPS A"), &a), ("nps_b", tx("NPS B", "NPS B"), &b)]
    {
        let (p, d, n) = (count(s, r.promoters), count(s, r.detractors), count(s, r.n));
        s.line(key, label, Unit::NpsPoints, r.nps, format!("100 · ({p} − {d}) / {n}"), NO_ANSWERS);
    }
    let (na, nb) = (show(s, a.nps), show(s, b.nps));
    s.line(
        "difference",
        tx("Difference A − B", "Differenz A − B"),
        Unit::NpsPoints,
        a.nps.zip(b.nps).map(|(x, y)| x - y),
        format!("{na} − ({nb})"),
        NO_ANSWERS,
    );
    let z = nps_diff_z(&a, &b);
    s.line(
        "z",
        tx("z", "z"),
        Unit::Ratio,
        z,
        format!("(NPS A − NPS B) / (100 · √(var A / n A + var B / n B)), n A = {}, n B = {}", count(s, a.n), count(s, b.n)),
        tx(
            "needs answers in both and some spread in at least one (not everyone in one group)",
            "braucht Antworten in beiden und Streuung in mindestens einer (nicht alle in einer Gruppe)",
        ),
    );
    let significant = z.map(is_significant);
    s.line(
        "significant",
        tx("Significant at 95 %", "Signifikant bei 95 %"),
        Unit::Count,
        significant.map(|b| if b { 1.0 } else { 0.0 }),
        "|z| ≥ 1.96".replace("1.96", &crate::i18n::format_number(Z95, 2, s.lang)),
        tx("no z", "kein z"),
    );
    if let (Some(last), Some(sig)) = (s.out.lines.last_mut(), significant) {
        last.shown = match (sig, s.lang) {
            (true, crate::i18n::Lang::En) => "yes".into(),
            (true, crate::i18n::Lang::De) => "ja".into(),
            (false, crate::i18n::Lang::En) => "no (the difference may be chance)".into(),
            (false, crate::i18n::Lang::De) => "nein (der Unterschied kann Zufall sein)".into(),
        };
    }
    if (a.small_sample && a.n > 0) || (b.small_sample && b.n > 0) {
        s.warn(tx(
            "Small sample: with fewer than 30 answers in a survey, z is unreliable.",
            "Kleine Stichprobe: unter 30 Antworten in einer Umfrage ist z unzuverlässig.",
        ));
    }
}

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

pub fn csat(v: &Values, s: &mut Sheet) {
    let scale = v.count("scale").unwrap_or(5) as u8;
    let threshold = v.count("threshold");
    if let Some(t) = threshold {
        if t < 1 || t > u64::from(scale) {
            s.refuse_msg(
                "threshold",
                match s.lang {
                    crate::i18n::Lang::En => format!("must be a score of the scale, 1–{scale}"),
                    crate::i18n::Lang::De => format!("muss ein Wert der Skala sein, 1–{scale}"),
                },
            );
            return;
        }
    }
    let r = csat_from_histogram(
        &histogram(v, 1, usize::from(scale)),
        scale,
        threshold.map(|t| t as u8),
    );
    let (sat, n) = (count(s, r.satisfied), count(s, r.n));
    let th = r.threshold;
    s.line(
        "csat",
        tx("CSAT", "CSAT"),
        Unit::Percent,
        r.csat,
        format!("satisfied (≥ {th}) / n · 100 = {sat} / {n} · 100").replace(
            "satisfied",
            if s.lang == crate::i18n::Lang::De { "zufrieden" } else { "satisfied" },
        ),
        NO_ANSWERS,
    );
    s.interval(
        "ci95",
        tx("Wilson interval (95 %)", "Wilson-Intervall (95 %)"),
        Unit::Percent,
        r.ci95_low.zip(r.ci95_high),
        format!("Wilson({sat}, {n}, z = {})", crate::i18n::format_number(Z95, 2, s.lang)),
        NO_ANSWERS,
    );
    let sum: u64 = r.distribution.iter().enumerate().map(|(i, c)| i as u64 * c).sum();
    s.line(
        "mean",
        tx("Mean score", "Mittelwert"),
        Unit::Score,
        r.mean,
        format!("Σ score · count / n = {} / {n}", s.fmt(Unit::Count, sum as f64)),
        NO_ANSWERS,
    );
}

pub fn ces(v: &Values, s: &mut Sheet) {
    let scale = v.count("scale").unwrap_or(7) as u8;
    let lower = v.count("lower_is_easier") == Some(1);
    let r = ces_from_histogram(&histogram(v, 1, usize::from(scale)), scale, lower);
    let n = count(s, r.n);
    let sum: u64 = r.distribution.iter().enumerate().map(|(i, c)| i as u64 * c).sum();
    s.line(
        "ces",
        tx("CES (mean score)", "CES (Mittelwert)"),
        Unit::Score,
        r.ces,
        format!("Σ score · count / n = {} / {n}", s.fmt(Unit::Count, sum as f64)),
        NO_ANSWERS,
    );
    let rule = if lower { format!("≤ {}", r.easy_from) } else { format!("≥ {}", r.easy_from) };
    s.line(
        "easy_pct",
        tx("Share easy", "Anteil leicht"),
        Unit::Percent,
        r.easy_pct,
        format!("easy ({rule}) / n · 100 = {} / {n} · 100", count(s, r.easy))
            .replace("easy (", if s.lang == crate::i18n::Lang::De { "leicht (" } else { "easy (" }),
        NO_ANSWERS,
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::i18n::Lang;
    use crate::quick::{compute, CalcId};

    #[test]
    fn nps_from_counts_hand_worked() {
        // metrics.md's ten answers: P 5, passives 2, D 3 → +20, moe 54.03…
        let o = run(CalcId::Nps, &[("promoters", "5"), ("passives", "2"), ("detractors", "3")]);
        close(o.value("nps"), 20.0);
        close(o.value("promoters_pct"), 50.0);
        close(o.value("moe95"), 54.033471108193666);
        let ci = o.line("ci95").unwrap().interval.unwrap();
        close(Some(ci.0), -34.033471108193666);
        close(Some(ci.1), 74.03347110819367);
        let adj = o.line("adj_ci95").unwrap().interval.unwrap();
        close(Some(adj.0), -30.32683439412078);
        close(Some(adj.1), 61.096065163351554);
        assert_eq!(o.line("nps").unwrap().formula, "100 · (P − D) / n = 100 · (5 − 3) / 10");
        assert_eq!(o.line("moe95").unwrap().shown, "± 54.0");
        // in German every number of the formula is written the German way
        let v = typed(
            CalcId::Nps,
            Lang::De,
            &[("promoters", "5"), ("passives", "2"), ("detractors", "3")],
        );
        let de = compute(&v, Lang::De);
        assert_eq!(
            de.line("moe95").unwrap().formula,
            "1,96 · √(var / n) · 100, var = p + d − (p − d)² = 0,5000 + 0,3000 − (0,5000 − 0,3000)² = 0,7600"
        );
        assert_eq!(de.line("moe95").unwrap().shown, "± 54,0");
        assert_eq!(o.warnings.len(), 1);
    }

    #[test]
    fn nps_zero_answers_say_why() {
        let o = run(CalcId::Nps, &[("promoters", "0"), ("passives", "0"), ("detractors", "0")]);
        let l = o.line("nps").unwrap();
        assert_eq!(l.value, None);
        assert_eq!(l.undefined.as_deref(), Some("no answers (n = 0)"));
        assert!(o.warnings.is_empty());
    }

    #[test]
    fn nps_from_scores_equals_counts() {
        let o = run(
            CalcId::NpsScores,
            &[
                ("s10", "6"),
                ("s9", "4"),
                ("s8", "3"),
                ("s7", "2"),
                ("s6", "2"),
                ("s3", "2"),
                ("s0", "1"),
            ],
        );
        close(o.value("nps"), 25.0);
        let c = run(CalcId::Nps, &[("promoters", "10"), ("passives", "5"), ("detractors", "5")]);
        assert_eq!(o.lines, c.lines);
    }

    #[test]
    fn compare_hand_worked() {
        // (20 − 50)/(100·√(.76/10 + .75/4)) = −0.58443 (metrics::survey's test)
        let o = run(
            CalcId::NpsCompare,
            &[
                ("a_promoters", "5"),
                ("a_passives", "2"),
                ("a_detractors", "3"),
                ("b_promoters", "3"),
                ("b_passives", "0"),
                ("b_detractors", "1"),
            ],
        );
        close(o.value("difference"), -30.0);
        close(o.value("z"), -0.5844279059298944);
        assert_eq!(o.value("significant"), Some(0.0));
        let o = run(
            CalcId::NpsCompare,
            &[
                ("a_promoters", "300"),
                ("a_passives", "0"),
                ("a_detractors", "100"),
                ("b_promoters", "100"),
                ("b_passives", "0"),
                ("b_detractors", "300"),
            ],
        );
        assert_eq!(o.value("significant"), Some(1.0));
        assert_eq!(o.line("significant").unwrap().shown, "yes");
    }

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

    #[test]
    fn csat_hand_worked_with_wilson() {
        // metrics::survey's example: scores 5,4,4,3,2,1,5,5 → 5 of 8 satisfied
        let o =
            run(CalcId::Csat, &[("s1", "1"), ("s2", "1"), ("s3", "1"), ("s4", "2"), ("s5", "3")]);
        close(o.value("csat"), 62.5);
        close(o.value("mean"), 3.625);
        let (lo, hi) = o.line("ci95").unwrap().interval.unwrap();
        close(Some(lo), 30.573785458380186);
        close(Some(hi), 86.3158240538479);
        // 1–7 with threshold 5: 7,6,5,4 → 75 %
        let o = run(
            CalcId::Csat,
            &[
                ("scale", "7"),
                ("threshold", "5"),
                ("s7", "1"),
                ("s6", "1"),
                ("s5", "1"),
                ("s4", "1"),
            ],
        );
        close(o.value("csat"), 75.0);
        // counts of scores beyond the scale do not count (hidden fields)
        let o = run(CalcId::Csat, &[("scale", "5"), ("s5", "1"), ("s9", "100")]);
        close(o.value("csat"), 100.0);
        let o = run(CalcId::Csat, &[("scale", "5"), ("threshold", "6"), ("s5", "1")]);
        assert_eq!(o.refusals[0].field, Some("threshold"));
    }

    #[test]
    fn ces_hand_worked() {
        // 7,6,5,4,1,2 on 1–7 → mean 4.1667, easy (≥ 5) 50 %; asked the other way 33.3 %
        let pairs = [("s7", "1"), ("s6", "1"), ("s5", "1"), ("s4", "1"), ("s1", "1"), ("s2", "1")];
        let o = run(CalcId::Ces, &pairs);
        close(o.value("ces"), 4.166666666666667);
        close(o.value("easy_pct"), 50.0);
        let mut other = pairs.to_vec();
        other.push(("lower_is_easier", "1"));
        close(run(CalcId::Ces, &other).value("easy_pct"), 33.333333333333336);
    }
}
