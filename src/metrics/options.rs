//! The options of the metric catalogue (`metrics.md`): the bottom of the metrics layer,
//! read by the metric modules and by the report, importing nothing of either.

use serde::{Deserialize, Serialize};

use crate::dataset::SurveyType;

/// Which definition of net MRR churn is reported as `net_mrr_churn_rate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetChurnPreset {
    /// (churn + contraction − expansion) / start MRR.
    #[default]
    Standard,
    /// ChartMogul: also subtracts reactivation.
    ChartMogul,
}

/// Whether a higher value of a health signal is better or worse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    HigherIsBetter,
    HigherIsWorse,
}

/// How a health signal is scaled to 0–100 (`metrics.md` §7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthScaling {
    /// Between a "bad" (0) and a "good" (100) value per signal: the score means the same
    /// across files once the thresholds are set.
    #[default]
    Thresholds,
    /// Percentile rank within the file: the mean is about 50 by construction.
    Rank,
}

impl HealthScaling {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthScaling::Thresholds => "thresholds",
            HealthScaling::Rank => "rank",
        }
    }

    pub fn parse(s: &str) -> Option<HealthScaling> {
        match s.trim().to_ascii_lowercase().as_str() {
            "thresholds" | "threshold" => Some(HealthScaling::Thresholds),
            "rank" | "percentile" => Some(HealthScaling::Rank),
            _ => None,
        }
    }
}

/// One signal of the health score: a numeric column, its weight and direction, and for
/// threshold scaling its "bad" and "good" values (`None` = prefilled from the data: the
/// 25th and 75th percentile).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthSignal {
    /// Column name as written in the file.
    pub column: String,
    pub weight: f64,
    pub direction: Direction,
    #[serde(default)]
    pub bad: Option<f64>,
    #[serde(default)]
    pub good: Option<f64>,
}

/// Health bands: red below `red_below`, green from `green_from`, amber between.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthBands {
    pub red_below: f64,
    pub green_from: f64,
}

impl Default for HealthBands {
    fn default() -> Self {
        HealthBands { red_below: 40.0, green_from: 70.0 }
    }
}

/// The options of the catalogue. `Default` = the catalogue's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricOptions {
    /// How survey rows without a `survey` type are read (default NPS).
    pub survey_type: SurveyType,
    /// CSAT scale: 5 (default), 7 or 10.
    pub csat_scale: u8,
    /// Lowest satisfied score; `None` = the top two boxes.
    pub csat_threshold: Option<u8>,
    /// CES scale: 7 (default) or 5.
    pub ces_scale: u8,
    /// The CES question was asked the other way round (low = easy).
    pub ces_lower_is_easier: bool,
    /// Surveys sent, for `response_rate`.
    pub surveys_sent: Option<u64>,
    /// Gross margin as a fraction (default 1.0 = 100 %), for LTV and CAC payback.
    pub gross_margin: f64,
    /// LTV with the customer churn rate averaged over this many months (ChartMogul: 6).
    pub ltv_churn_average_months: Option<u32>,
    /// Definition of `net_mrr_churn_rate`.
    pub net_churn: NetChurnPreset,
    /// Also compute NRR over 12 months (`nrr_12m`).
    pub nrr_12m: bool,
    /// Customer lifespan in years for CLV, instead of the one measured from the orders.
    pub customer_lifespan_years: Option<f64>,
    /// Number of customers, for `tickets_per_customer` instead of distinct customers.
    pub customer_count: Option<u64>,
    /// Feature whose first use counts as "value" for `time_to_value_days` (None = any event).
    pub time_to_value_feature: Option<String>,
    /// ARPA (per month) for `cac_payback_months` when the funnel data has none.
    pub arpa: Option<f64>,
    /// Health signals; empty = every numeric column, weight 1, higher is better.
    pub health_signals: Vec<HealthSignal>,
    pub health_bands: HealthBands,
    /// How signals are scaled (default: thresholds).
    pub health_scaling: HealthScaling,
}

impl Default for MetricOptions {
    fn default() -> Self {
        MetricOptions {
            survey_type: SurveyType::Nps,
            csat_scale: 5,
            csat_threshold: None,
            ces_scale: 7,
            ces_lower_is_easier: false,
            surveys_sent: None,
            gross_margin: 1.0,
            ltv_churn_average_months: None,
            net_churn: NetChurnPreset::Standard,
            nrr_12m: true,
            customer_lifespan_years: None,
            customer_count: None,
            time_to_value_feature: None,
            arpa: None,
            health_signals: Vec::new(),
            health_bands: HealthBands::default(),
            health_scaling: HealthScaling::default(),
        }
    }
}
