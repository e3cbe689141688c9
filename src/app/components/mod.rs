pub mod data_input;
pub mod language_switch;
pub mod nps_card;
pub mod rejected_rows;
