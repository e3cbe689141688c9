//! The report's contract: every key it writes, with the unit of its value. The serde name
//! of a key is its JSON key (`kpi --json`, the exports); the report writes through these
//! keys and the catalogue, the charts and the cards read through them, so a misspelt key
//! is a compile error and no reader guesses a unit from a key's name.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What the value under a key is, and so how it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// NPS points, −100…+100, shown with a sign.
    NpsPoints,
    /// 0–100 %.
    Percent,
    /// A share as a fraction 0–1 (the gross margin), shown as a percentage.
    Fraction,
    Money,
    /// A whole number of things (answers, customers, tickets, visitors).
    Count,
    /// A mean score on a scale.
    Score,
    /// A plain number: a ratio, a mean count, a test statistic.
    Ratio,
    Hours,
    Days,
    Minutes,
    Years,
    Months,
    /// Yes or no.
    Flag,
    /// A text: a month label, a period kind.
    Label,
    /// A list or a nested object (distributions, cohorts, categories, comments …).
    List,
}

/// Declares [`MetricKey`]: variant, JSON key, unit.
macro_rules! metric_keys {
    ($($(#[$doc:meta])* $variant:ident = $name:literal : $unit:ident,)*) => {
        /// One key of the report (see the module documentation).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum MetricKey {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl MetricKey {
            /// Every key, in the order of the catalogue's sections.
            pub const ALL: &'static [MetricKey] = &[$(MetricKey::$variant,)*];

            /// The JSON key.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(MetricKey::$variant => $name,)*
                }
            }

            /// The unit of the value under this key.
            pub const fn unit(self) -> Unit {
                match self {
                    $(MetricKey::$variant => Unit::$unit,)*
                }
            }

            /// The key of a JSON key.
            pub fn parse(name: &str) -> Option<MetricKey> {
                match name {
                    $($name => Some(MetricKey::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

metric_keys! {
    /// Rows (or customers) the group used.
    N = "n": Count,
    // ---- 1. Survey
    Responses = "responses": Count,
    Nps = "nps": NpsPoints,
    NpsN = "nps_n": Count,
    NpsPromoters = "nps_promoters": Count,
    NpsPassives = "nps_passives": Count,
    NpsDetractors = "nps_detractors": Count,
    NpsPromotersPct = "nps_promoters_pct": Percent,
    NpsPassivesPct = "nps_passives_pct": Percent,
    NpsDetractorsPct = "nps_detractors_pct": Percent,
    NpsMoe95 = "nps_moe95": NpsPoints,
    NpsCi95Low = "nps_ci95_low": NpsPoints,
    NpsCi95High = "nps_ci95_high": NpsPoints,
    NpsAdjCi95Low = "nps_adj_ci95_low": NpsPoints,
    NpsAdjCi95High = "nps_adj_ci95_high": NpsPoints,
    NpsSmallSample = "nps_small_sample": Flag,
    NpsDistribution = "nps_distribution": List,
    NpsChange = "nps_change": NpsPoints,
    NpsDiffZ = "nps_diff_z": Ratio,
    NpsChangeSignificant = "nps_change_significant": Flag,
    NpsDiffZVsRest = "nps_diff_z_vs_rest": Ratio,
    NpsVsRestSignificant = "nps_vs_rest_significant": Flag,
    Csat = "csat": Percent,
    CsatN = "csat_n": Count,
    CsatSatisfied = "csat_satisfied": Count,
    CsatMean = "csat_mean": Score,
    CsatCi95Low = "csat_ci95_low": Percent,
    CsatCi95High = "csat_ci95_high": Percent,
    CsatScale = "csat_scale": Count,
    CsatThreshold = "csat_threshold": Count,
    CsatDistribution = "csat_distribution": List,
    CsatChange = "csat_change": Percent,
    Ces = "ces": Score,
    CesN = "ces_n": Count,
    CesEasyPct = "ces_easy_pct": Percent,
    CesScale = "ces_scale": Count,
    CesLowerIsEasier = "ces_lower_is_easier": Flag,
    CesDistribution = "ces_distribution": List,
    CesChange = "ces_change": Score,
    ResponseRate = "response_rate": Percent,
    /// Words and phrases of the comments per NPS group ([`crate::metrics::text`]).
    Comments = "comments": List,
    // ---- 2. Subscriptions
    Gap = "gap": Flag,
    Month = "month": Label,
    Mrr = "mrr": Money,
    Arr = "arr": Money,
    Customers = "customers": Count,
    Arpa = "arpa": Money,
    MrrNew = "mrr_new": Money,
    MrrExpansion = "mrr_expansion": Money,
    MrrContraction = "mrr_contraction": Money,
    MrrChurn = "mrr_churn": Money,
    MrrReactivation = "mrr_reactivation": Money,
    MrrStart = "mrr_start": Money,
    CustomersStart = "customers_start": Count,
    NewCustomers = "new_customers": Count,
    ReactivatedCustomers = "reactivated_customers": Count,
    ChurnedCustomers = "churned_customers": Count,
    CustomerChurnRate = "customer_churn_rate": Percent,
    RetentionRate = "retention_rate": Percent,
    GrossMrrChurnRate = "gross_mrr_churn_rate": Percent,
    NetMrrChurnRate = "net_mrr_churn_rate": Percent,
    NetMrrChurnRateChartmogul = "net_mrr_churn_rate_chartmogul": Percent,
    ExpansionRate = "expansion_rate": Percent,
    Grr = "grr": Percent,
    Nrr = "nrr": Percent,
    Nrr12m = "nrr_12m": Percent,
    QuickRatio = "quick_ratio": Ratio,
    Ltv = "ltv": Money,
    LtvChurnRate = "ltv_churn_rate": Percent,
    GrossMargin = "gross_margin": Fraction,
    MonthStart = "month_start": Label,
    MonthEnd = "month_end": Label,
    Months = "months": Count,
    /// The month of the headline `mrr`, `arr`, `customers`, `arpa`: the last the data reports.
    MrrMonth = "mrr_month": Label,
    /// Months whose rates are defined: what the whole-range mean rates average over.
    RateMonths = "rate_months": Count,
    Gaps = "gaps": List,
    Truncated = "truncated": Flag,
    Cohorts = "cohorts": List,
    /// "month" when weeks were asked for (MRR is monthly).
    PeriodKind = "period_kind": Label,
    // ---- 3. Orders
    Orders = "orders": Count,
    Revenue = "revenue": Money,
    AvgPurchaseValue = "avg_purchase_value": Money,
    PurchaseFrequency = "purchase_frequency": Ratio,
    YearsOfData = "years_of_data": Years,
    CustomerLifespanYears = "customer_lifespan_years": Years,
    LifespanIsInput = "lifespan_is_input": Flag,
    /// The lifespan CLV uses: the input, or the measured one but at least the years of data.
    ClvLifespanYears = "clv_lifespan_years": Years,
    /// Where `clv_lifespan_years` comes from: "input", "measured" or "measured_shorter_than_data".
    ClvLifespanSource = "clv_lifespan_source": Label,
    Clv = "clv": Money,
    RepeatCustomers = "repeat_customers": Count,
    RepeatPurchaseRate = "repeat_purchase_rate": Percent,
    Arpu = "arpu": Money,
    // ---- 4. Tickets
    Tickets = "tickets": Count,
    TicketsPerCustomer = "tickets_per_customer": Ratio,
    FirstResponseHours = "first_response_hours": Hours,
    FirstResponseHoursMedian = "first_response_hours_median": Hours,
    FirstResponseHoursP90 = "first_response_hours_p90": Hours,
    FirstResponseHoursN = "first_response_hours_n": Count,
    ResolutionHours = "resolution_hours": Hours,
    ResolutionHoursMedian = "resolution_hours_median": Hours,
    ResolutionHoursP90 = "resolution_hours_p90": Hours,
    ResolutionHoursN = "resolution_hours_n": Count,
    OpenTickets = "open_tickets": Count,
    Fcr = "fcr": Percent,
    FcrN = "fcr_n": Count,
    Categories = "categories": List,
    Uncategorised = "uncategorised": Count,
    SupportCsat = "support_csat": Percent,
    SupportCsatN = "support_csat_n": Count,
    SupportCsatMean = "support_csat_mean": Score,
    SupportCsatCi95Low = "support_csat_ci95_low": Percent,
    SupportCsatCi95High = "support_csat_ci95_high": Percent,
    // ---- 5. Usage
    Events = "events": Count,
    Users = "users": Count,
    Dau = "dau": Count,
    Wau = "wau": Count,
    Mau = "mau": Count,
    Stickiness = "stickiness": Percent,
    UsageIntensity = "usage_intensity": Ratio,
    FeatureAdoption = "feature_adoption": List,
    AvgSessionMinutes = "avg_session_minutes": Minutes,
    LicenseUtilisation = "license_utilisation": Percent,
    LicenseUtilisationByAccount = "license_utilisation_by_account": List,
    TimeToValueDays = "time_to_value_days": Days,
    TimeToValueDaysMedian = "time_to_value_days_median": Days,
    TimeToValueDaysP90 = "time_to_value_days_p90": Days,
    TimeToValueDaysN = "time_to_value_days_n": Count,
    // ---- 6. Funnel
    Visitors = "visitors": Count,
    Conversions = "conversions": Count,
    ConversionRate = "conversion_rate": Percent,
    CartsCreated = "carts_created": Count,
    PurchasesCompleted = "purchases_completed": Count,
    CartAbandonmentRate = "cart_abandonment_rate": Percent,
    PageViews = "page_views": Count,
    Visits = "visits": Count,
    PagesPerVisit = "pages_per_visit": Ratio,
    Spend = "spend": Money,
    Cac = "cac": Money,
    CacPaybackMonths = "cac_payback_months": Months,
    // ---- 7. Health
    Scored = "scored": Count,
    HealthScore = "health_score": Score,
    HealthScoreMedian = "health_score_median": Score,
    HealthRed = "health_red": Count,
    HealthAmber = "health_amber": Count,
    HealthGreen = "health_green": Count,
    HealthRedPct = "health_red_pct": Percent,
    HealthAmberPct = "health_amber_pct": Percent,
    HealthGreenPct = "health_green_pct": Percent,
    HealthDistribution = "health_distribution": List,
    AtRisk = "at_risk": List,
    Scores = "scores": List,
    Signals = "signals": List,
    UnknownSignals = "unknown_signals": List,
    HealthBands = "health_bands": List,
    /// How the signals were scaled: "thresholds" (the default) or "rank".
    HealthScaling = "health_scaling": Label,
}

impl std::fmt::Display for MetricKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The mean, median, 90th percentile and `n` of one summarised duration.
#[derive(Clone, Copy, Debug)]
pub struct SummaryKeys {
    pub mean: MetricKey,
    pub median: MetricKey,
    pub p90: MetricKey,
    pub n: MetricKey,
}

impl SummaryKeys {
    pub const FIRST_RESPONSE: SummaryKeys = SummaryKeys {
        mean: MetricKey::FirstResponseHours,
        median: MetricKey::FirstResponseHoursMedian,
        p90: MetricKey::FirstResponseHoursP90,
        n: MetricKey::FirstResponseHoursN,
    };
    pub const RESOLUTION: SummaryKeys = SummaryKeys {
        mean: MetricKey::ResolutionHours,
        median: MetricKey::ResolutionHoursMedian,
        p90: MetricKey::ResolutionHoursP90,
        n: MetricKey::ResolutionHoursN,
    };
    pub const TIME_TO_VALUE: SummaryKeys = SummaryKeys {
        mean: MetricKey::TimeToValueDays,
        median: MetricKey::TimeToValueDaysMedian,
        p90: MetricKey::TimeToValueDaysP90,
        n: MetricKey::TimeToValueDaysN,
    };
}

/// Typed reading of one group's metrics (the report's `metrics`, a period's or a segment's).
pub trait MetricsExt {
    /// The raw value, `None` when the key is absent.
    fn value(&self, key: MetricKey) -> Option<&Value>;

    /// A number, `None` when absent or `null`.
    fn number(&self, key: MetricKey) -> Option<f64> {
        self.value(key).and_then(Value::as_f64)
    }

    /// A whole number, `None` when absent, `null` or not whole.
    fn count(&self, key: MetricKey) -> Option<u64> {
        self.value(key).and_then(Value::as_u64)
    }

    fn flag(&self, key: MetricKey) -> Option<bool> {
        self.value(key).and_then(Value::as_bool)
    }

    fn label(&self, key: MetricKey) -> Option<&str> {
        self.value(key).and_then(Value::as_str)
    }

    /// A nested value read back into the type the report wrote it from.
    fn typed<T: DeserializeOwned>(&self, key: MetricKey) -> Option<T> {
        self.value(key).and_then(|v| T::deserialize(v).ok())
    }
}

impl MetricsExt for Map<String, Value> {
    fn value(&self, key: MetricKey) -> Option<&Value> {
        self.get(key.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_name_is_the_json_key_and_parses_back() {
        for &k in MetricKey::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), Value::from(k.as_str()));
            assert_eq!(MetricKey::parse(k.as_str()), Some(k));
            let back: MetricKey = serde_json::from_value(Value::from(k.as_str())).unwrap();
            assert_eq!(back, k);
        }
        let mut names: Vec<&str> = MetricKey::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), MetricKey::ALL.len(), "JSON keys are unique");
        assert_eq!(MetricKey::parse("no_such_key"), None);
    }

    #[test]
    fn typed_reads() {
        let m: Map<String, Value> = serde_json::from_str(
            r#"{"nps": 12.5, "nps_n": 8, "gap": true, "month": "2024-03", "csat": null,
                "nps_distribution": [1, 0, 2]}"#,
        )
        .unwrap();
        assert_eq!(m.number(MetricKey::Nps), Some(12.5));
        assert_eq!(m.count(MetricKey::NpsN), Some(8));
        assert_eq!(m.flag(MetricKey::Gap), Some(true));
        assert_eq!(m.label(MetricKey::Month), Some("2024-03"));
        assert_eq!(m.number(MetricKey::Csat), None);
        assert_eq!(m.number(MetricKey::Ces), None);
        assert_eq!(m.typed::<Vec<u64>>(MetricKey::NpsDistribution), Some(vec![1, 0, 2]));
    }
}
