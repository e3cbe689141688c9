//! Survey calculators: NPS (from counts, from scores, two compared), CSAT and CES, all
//! through `metrics::survey` (planning a survey, sample size and what-if: `nps_plan.rs`).

use crate::metrics::stats::Z95;
use crate::metrics::survey::{
    ces_from_histogram, csat_from_histogram, is_significant, nps_diff_z, nps_from_counts,
    nps_from_histogram, NpsResult, ScoreCounts,
};
use crate::presentation::catalogue::{Text, Unit};

use super::{field, tx, Field, FieldKind, Sheet, Values};

const PROMOTERS: Text = tx("Promoters (9–10)", "Promotoren (9–10)");
const PASSIVES: Text = tx("Passives (7–8)", "Passive (7–8)");
const DETRACTORS: Text = tx("Detractors (0–6)", "Kritiker (0–6)");
pub(super) const NO_ANSWERS: Text = tx("no answers (n = 0)", "keine Antworten (n = 0)");

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

pub(super) fn counts3(v: &Values, prefix: &str) -> (usize, usize, usize) {
    let c = |k: &str| v.count(&format!("{prefix}{k}")).unwrap_or(0) as usize;
    (c("promoters"), c("passives"), c("detractors"))
}

pub(super) fn count(s: &Sheet, c: usize) -> String {
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
