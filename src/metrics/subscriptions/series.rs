//! The five MRR movements and the rates built on them, per month or quarter; NRR over
//! 12 months; LTV.

#[allow(unused_imports)]
use super::*;

/// The five movements from one period to the next (contraction and churn as positive
/// amounts) and how many customers made each.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MrrMovement {
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub new: Money,
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub expansion: Money,
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub contraction: Money,
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub churn: Money,
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub reactivation: Money,
    pub new_customers: usize,
    pub expanded_customers: usize,
    pub contracted_customers: usize,
    pub churned_customers: usize,
    pub reactivated_customers: usize,
    /// MRR and customers (MRR > 0) at the start (= the previous period's end).
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub start_mrr: Money,
    pub customers_start: usize,
}

impl MrrMovement {
    /// new + reactivation + expansion − contraction − churn (= MRR(m) − MRR(m−1)).
    pub fn net(&self) -> Money {
        sub(
            sub(add(add(self.new, self.reactivation), self.expansion), self.contraction),
            self.churn,
        )
    }

    pub(super) fn add_assign(&mut self, o: &MrrMovement) {
        self.new = add(self.new, o.new);
        self.expansion = add(self.expansion, o.expansion);
        self.contraction = add(self.contraction, o.contraction);
        self.churn = add(self.churn, o.churn);
        self.reactivation = add(self.reactivation, o.reactivation);
        self.new_customers += o.new_customers;
        self.expanded_customers += o.expanded_customers;
        self.contracted_customers += o.contracted_customers;
        self.churned_customers += o.churned_customers;
        self.reactivated_customers += o.reactivated_customers;
    }

    /// One customer's move from `prev` to `cur` MRR between two checkpoints: churn,
    /// expansion or contraction of a paying customer, else a new or `returning` one.
    fn add_customer(&mut self, prev: Money, cur: Money, returning: bool) {
        if prev > Money::ZERO {
            self.start_mrr = add(self.start_mrr, prev);
            self.customers_start += 1;
            if cur.is_zero() {
                self.churn = add(self.churn, prev);
                self.churned_customers += 1;
            } else if cur > prev {
                self.expansion = add(self.expansion, sub(cur, prev));
                self.expanded_customers += 1;
            } else if cur < prev {
                self.contraction = add(self.contraction, sub(prev, cur));
                self.contracted_customers += 1;
            }
        } else if cur > Money::ZERO {
            if returning {
                self.reactivation = add(self.reactivation, cur);
                self.reactivated_customers += 1;
            } else {
                self.new = add(self.new, cur);
                self.new_customers += 1;
            }
        }
    }
}

/// One period of the MRR series (the state at its last known month) and its movements from
/// the previous period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MrrMonth {
    /// Period key (of the kind of the series).
    pub period: PeriodKey,
    /// Month key of the month whose state this is.
    pub month: PeriodKey,
    #[serde(serialize_with = "crate::metrics::money::money_json::ser")]
    pub mrr: Money,
    /// Customers with MRR > 0.
    pub customers: usize,
    /// `None` for the first period (no start).
    pub movement: Option<MrrMovement>,
    /// NRR over 12 months (MRR now of the customers active 12 months ago / their MRR then).
    pub nrr_12m: Option<f64>,
}

impl MrrMonth {
    pub fn arr(&self) -> Money {
        self.mrr.checked_mul(Decimal::from(12)).unwrap_or(Decimal::MAX)
    }
    /// MRR / customers.
    pub fn arpa(&self) -> Option<Money> {
        (self.customers > 0)
            .then(|| self.mrr.checked_div(Decimal::from(self.customers as u64)))
            .flatten()
    }
    /// Churned customers / customers at start ·100.
    pub fn customer_churn_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        stats::pct(m.churned_customers as f64, m.customers_start as f64)
    }
    /// (customers at end − new − reactivated) / customers at start ·100.
    pub fn retention_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        let kept = self.customers as f64 - m.new_customers as f64 - m.reactivated_customers as f64;
        stats::pct(kept, m.customers_start as f64)
    }
    /// (churn + contraction) / start MRR ·100.
    pub fn gross_mrr_churn_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(add(m.churn, m.contraction), m.start_mrr)
    }
    /// (churn + contraction − expansion [− reactivation for ChartMogul]) / start MRR ·100.
    pub fn net_mrr_churn_rate(&self, preset: NetChurnPreset) -> Option<f64> {
        let m = self.movement.as_ref()?;
        let mut lost = sub(add(m.churn, m.contraction), m.expansion);
        if preset == NetChurnPreset::ChartMogul {
            lost = sub(lost, m.reactivation);
        }
        money_pct(lost, m.start_mrr)
    }
    /// expansion / start MRR ·100.
    pub fn expansion_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(m.expansion, m.start_mrr)
    }
    /// (start MRR − churn − contraction) / start MRR ·100 (≤ 100).
    pub fn grr(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(sub(sub(m.start_mrr, m.churn), m.contraction), m.start_mrr).map(|v| v.min(100.0))
    }
    /// (start MRR + expansion − contraction − churn) / start MRR ·100.
    pub fn nrr(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(sub(sub(add(m.start_mrr, m.expansion), m.contraction), m.churn), m.start_mrr)
    }
    /// (new + reactivation + expansion) / (churn + contraction).
    pub fn quick_ratio(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_ratio(add(add(m.new, m.reactivation), m.expansion), add(m.churn, m.contraction))
    }
}

/// LTV = ARPA · gross margin / churn rate (as a fraction); `None` when churn is 0.
pub fn ltv(arpa: Option<Money>, gross_margin: f64, churn_rate_pct: Option<f64>) -> Option<f64> {
    let arpa = arpa?.to_f64()?;
    stats::ratio(arpa * gross_margin, churn_rate_pct? / 100.0)
}

/// The MRR series of one period kind, with the gaps.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MrrSeries {
    pub kind: PeriodKind,
    pub points: Vec<MrrMonth>,
    /// Periods without any data (keys of `kind`).
    pub gaps: Vec<PeriodKey>,
    /// Month key of the data's latest date when the range runs past it (see `MrrTable`).
    pub data_end: Option<PeriodKey>,
}

/// The month offsets whose state stands for each period (the last known month of it), and
/// the periods without any known month.
fn checkpoints(t: &MrrTable, kind: PeriodKind) -> (Vec<(PeriodKey, u32)>, Vec<PeriodKey>) {
    let pk = |i: usize| -> PeriodKey {
        match kind {
            PeriodKind::Quarter => t.month_key(i).div_euclid(3),
            _ => t.month_key(i),
        }
    };
    let mut cps: Vec<(PeriodKey, u32)> = Vec::new();
    let mut gaps = Vec::new();
    let mut last_period: Option<PeriodKey> = None;
    for i in 0..t.months {
        let p = pk(i);
        if let Some(lp) = last_period {
            // periods skipped entirely (only possible for months: none are skipped)
            for g in lp + 1..p {
                gaps.push(g);
            }
        }
        if last_period != Some(p) {
            last_period = Some(p);
            if !t.known.get(i).copied().unwrap_or(false) && kind != PeriodKind::Quarter {
                gaps.push(p);
                continue;
            }
        }
        if t.known.get(i).copied().unwrap_or(false) {
            match cps.last_mut() {
                Some(last) if last.0 == p => last.1 = i as u32,
                _ => cps.push((p, i as u32)),
            }
        }
    }
    if kind == PeriodKind::Quarter {
        let mut qs: Vec<PeriodKey> = (0..t.months).map(pk).collect();
        qs.dedup();
        gaps = qs.into_iter().filter(|q| !cps.iter().any(|c| c.0 == *q)).collect();
    }
    (cps, gaps)
}

/// The MRR series per period: the state at each period's last known month and the
/// movements from the previous period (for quarters: from the previous quarter's last
/// month). A gap is skipped: the period after it is compared with the last period that has
/// data, never with an "everyone churned" zero.
pub fn mrr_series(t: &MrrTable, kind: PeriodKind) -> MrrSeries {
    let kind = if kind == PeriodKind::Week { PeriodKind::Month } else { kind };
    let (cps, gaps) = checkpoints(t, kind);
    let mut points: Vec<MrrMonth> = cps
        .iter()
        .enumerate()
        .map(|(i, &(p, m))| MrrMonth {
            period: p,
            month: t.month_key(m as usize),
            movement: (i > 0).then(MrrMovement::default),
            ..Default::default()
        })
        .collect();
    for values in &t.values {
        let first_pos = values.first().map(|r| r.from);
        let mut idx = 0usize;
        let mut prev = Money::ZERO;
        for (ci, &(_, cm)) in cps.iter().enumerate() {
            while values.get(idx).is_some_and(|r| r.to < cm) {
                idx += 1;
            }
            let cur = match values.get(idx) {
                Some(r) if r.from <= cm => r.mrr,
                _ => Money::ZERO,
            };
            if cur.is_zero() && prev.is_zero() {
                // not a customer before or now (most months of most customers): no figure moves
                continue;
            }
            let prev_month = if ci > 0 { cps.get(ci - 1).map(|c| c.1) } else { None };
            let Some(pt) = points.get_mut(ci) else {
                continue;
            };
            pt.mrr = add(pt.mrr, cur);
            if cur > Money::ZERO {
                pt.customers += 1;
            }
            if let (Some(mv), Some(prev_month)) = (pt.movement.as_mut(), prev_month) {
                // MRR before the previous checkpoint means a customer coming back, not a new one
                let returning = first_pos.is_some_and(|f| f <= prev_month);
                mv.add_customer(prev, cur, returning);
            }
            prev = cur;
        }
    }
    // NRR over 12 months, per month offset
    let nrr12 = nrr_12m(t);
    for p in &mut points {
        p.nrr_12m = nrr12.get((p.month - t.first_month) as usize).copied().flatten();
    }
    MrrSeries { kind, points, gaps, data_end: t.data_end }
}

/// NRR over 12 months for every month offset: MRR in m of the customers with MRR > 0 in
/// m − 12, over their MRR in m − 12, ·100. `None` when either month is a gap or outside.
pub fn nrr_12m(t: &MrrTable) -> Vec<Option<f64>> {
    let n = t.months;
    let mut base = vec![Money::ZERO; n];
    let mut now = vec![Money::ZERO; n];
    for (c, values) in t.values.iter().enumerate() {
        for (m, v) in months_of(values) {
            let target = m as usize + 12;
            if target < n {
                if let (Some(b), Some(x)) = (base.get_mut(target), now.get_mut(target)) {
                    *b = add(*b, v);
                    *x = add(*x, t.value_at(c, target as u32));
                }
            }
        }
    }
    (0..n)
        .map(|i| {
            let ok = i >= 12
                && t.known.get(i).copied().unwrap_or(false)
                && t.known.get(i - 12).copied().unwrap_or(false);
            if ok {
                money_pct(*now.get(i)?, *base.get(i)?)
            } else {
                None
            }
        })
        .collect()
}
