pub mod calculator;
pub mod widget;
