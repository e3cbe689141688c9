//! The funnel chart: visitors, carts, purchases, each with its share of the first stage and
//! of the stage before.

use super::*;

/// One step of the funnel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Visitors,
    CartsCreated,
    PurchasesCompleted,
    Conversions,
}

impl Stage {
    pub fn label(self, t: &ChartTexts) -> &'static str {
        match self {
            Stage::Visitors => t.visitors,
            Stage::CartsCreated => t.carts_created,
            Stage::PurchasesCompleted => t.purchases_completed,
            Stage::Conversions => t.conversions,
        }
    }
}

/// A stage with its count and shares in percent (`None` where the base is 0).
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelStage {
    pub stage: Stage,
    pub count: f64,
    pub pct_of_first: Option<f64>,
    pub pct_of_previous: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunnelStages {
    pub stages: Vec<FunnelStage>,
}

impl FunnelStages {
    /// The line of one stage in a tooltip or summary: "Carts created: 9,352 (10.2 % of the
    /// first stage, 10.2 % of the stage before)".
    pub fn line(&self, i: usize, t: &ChartTexts, lang: Lang) -> String {
        let Some(s) = self.stages.get(i) else { return String::new() };
        let mut out = format!("{}: {}", s.stage.label(t), format_value(Fmt::Count, s.count, lang));
        if i > 0 {
            out.push_str(&format!(
                " ({} {}, {} {})",
                opt(Fmt::Percent, s.pct_of_first, lang),
                t.of_first,
                opt(Fmt::Percent, s.pct_of_previous, lang),
                t.of_previous
            ));
        }
        out
    }

    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let lines: Vec<String> = (0..self.stages.len()).map(|i| self.line(i, t, lang)).collect();
        format!("{}: {}.", t.funnel_title, lines.join("; "))
    }
}

/// The stages the data has, from the whole range: visitors, then carts created and completed
/// purchases where the data count them; conversions as the last stage when there are no
/// purchase counts. `None` without visitors or with fewer than two stages.
pub fn funnel_stages(r: &Report) -> Option<FunnelStages> {
    let m = &r.metrics;
    let positive = |k: MetricKey| key(m, k).filter(|v| *v > 0.0);
    let mut found: Vec<(Stage, f64)> = vec![(Stage::Visitors, positive(K::Visitors)?)];
    if let Some(c) = positive(K::CartsCreated) {
        found.push((Stage::CartsCreated, c));
    }
    match (positive(K::PurchasesCompleted), positive(K::Conversions)) {
        (Some(p), _) => found.push((Stage::PurchasesCompleted, p)),
        (None, Some(c)) => found.push((Stage::Conversions, c)),
        (None, None) => {}
    }
    if found.len() < 2 {
        return None;
    }
    let first = found[0].1;
    let pct = |a: f64, b: f64| (b > 0.0).then(|| 100.0 * a / b);
    let stages = found
        .iter()
        .enumerate()
        .map(|(i, &(stage, count))| FunnelStage {
            stage,
            count,
            pct_of_first: pct(count, first),
            pct_of_previous: if i == 0 { pct(count, count) } else { pct(count, found[i - 1].1) },
        })
        .collect();
    Some(FunnelStages { stages })
}
