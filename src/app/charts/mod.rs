//! The dashboard's charts (Apache ECharts through charming). One file per chart family;
//! `echarts.rs` loads the library on demand and wraps the instance, `frame.rs` is the card
//! every chart shares; the data shaping, colours and texts are in `crate::presentation::charts`
//! (tested natively) and imported from there.
//!
//! Every component takes a `Signal<Report>` (anything `Into` it, such as a `Report`, a
//! `Memo<Report>` or a `Signal::derive`); the ticket histogram takes the duration samples
//! of `TicketMetrics`. A chart whose keys are missing shows "no data" instead.
//!
//! ```text
//! use crate::app::charts::*;
//! let r = a.report.clone();                       // or a Memo<Report> / Signal<Report>
//! view! {
//!     <NpsDistributionChart report=r.clone()/>    // data-testid="chart-nps-distribution"
//!     <NpsTrendChart report=r.clone()/>           // "chart-nps-trend"
//!     <CsatDistributionChart report=r.clone()/>   // "chart-csat"
//!     <CesDistributionChart report=r.clone()/>    // "chart-ces"
//!     <CommentPhrasesChart report=r.clone()/>     // "chart-phrases"
//!     <MrrMovementsChart report=r.clone()/>       // "chart-mrr"
//!     <CohortRetentionChart report=r.clone() kind=CohortKind::Logo/>     // "chart-cohorts-logo"
//!     <CohortRetentionChart report=r.clone() kind=CohortKind::Revenue/>  // "chart-cohorts-revenue"
//!     <DauMauChart report=r.clone()/>             // "chart-dau-mau"
//!     <FeatureAdoptionChart report=r.clone()/>    // "chart-feature-adoption"
//!     <HealthDistributionChart report=r.clone()/> // "chart-health"
//!     <OrdersChart report=r.clone()/>             // "chart-orders"
//!     <OrderValueChart report=r.clone()/>         // "chart-order-value"
//!     <FunnelChart report=r.clone()/>             // "chart-funnel"
//!     <TicketTimeHistogram first_response=tm.first_response_values.clone()
//!         resolution=tm.resolution_values.clone()/>  // "chart-ticket-times"
//! }
//! ```
//!
//! Inside each card: `{testid}-canvas` (role="img", aria-label = a sentence with the key
//! numbers), `{testid}-download` ("Download PNG"), `{testid}-empty` ("no data").
//! ECharts is not in `index.html`: the first chart shown inserts
//! `<script src="vendor/echarts.min.js">` ([`echarts::load_echarts`]; another URL with
//! [`echarts::set_echarts_url`]).

pub mod cohorts;
pub mod echarts;
pub mod frame;
pub mod funnel;
pub mod health;
pub mod mrr;
pub mod nps;
pub mod orders;
pub mod phrases;
pub mod survey;
pub mod svg_export;
pub mod tickets;
pub mod usage;

pub use cohorts::CohortRetentionChart;
pub use frame::{ChartClick, ChartDataRange, ChartFrame};
pub use funnel::FunnelChart;
pub use health::HealthDistributionChart;
pub use mrr::MrrMovementsChart;
pub use nps::{NpsDistributionChart, NpsTrendChart};
pub use orders::{OrderValueChart, OrdersChart};
pub use phrases::{CommentPhrasesChart, PhrasePick};
// the cohort chart's `kind` prop, so that a page importing the charts can name it
pub use crate::presentation::charts::shape::CohortKind;
pub use survey::{CesDistributionChart, CsatDistributionChart};
pub use tickets::TicketTimeHistogram;
pub use usage::{DauMauChart, FeatureAdoptionChart};

use charming::component::{Axis, Grid, Legend, LegendType};
use charming::element::{AxisType, NameLocation, Tooltip, Trigger};
use serde_json::Value;

use crate::presentation::charts::color::Palette;

/// A category axis with a name (an x axis writes it centred below the labels).
pub(crate) fn category_axis(labels: Vec<String>, name: &str) -> Axis {
    Axis::new().type_(AxisType::Category).data(labels).name(name)
}

/// An x axis' name centred below its labels.
pub(crate) fn below(axis: Axis) -> Axis {
    axis.name_location(NameLocation::Middle).name_gap(30)
}

/// A value axis with a name.
pub(crate) fn value_axis(name: &str) -> Axis {
    Axis::new().type_(AxisType::Value).name(name)
}

pub(crate) fn grid() -> Grid {
    Grid::new().left(8).right(24).bottom(32).top(80).contain_label(true)
}

pub(crate) fn legend() -> Legend {
    // wraps onto a second line in narrow cards (the grid leaves room for it): every entry
    // stays visible, none hides behind a pager
    Legend::new().type_(LegendType::Plain).top(0).left(0).right(0).item_gap(12)
}

pub(crate) fn axis_tooltip() -> Tooltip {
    Tooltip::new().trigger(Trigger::Axis)
}

/// The chart as JSON with the shared theme applied (`None` only if serialising failed).
pub(crate) fn finish(chart: &charming::Chart, p: &Palette) -> Option<Value> {
    Some(frame::themed(serde_json::to_value(chart).ok()?, p))
}
