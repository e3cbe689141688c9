pub mod calculator;
pub mod quick;
pub mod widget;
