//! How groups (segment values, periods) are sized and which columns are offered as segments.
//! A value of a small group varies a lot by chance; a column whose every value differs (an
//! id, an e-mail address) splits the data into groups of one and is not a segment.

use serde_json::{Map, Value};

use crate::dataset::DatasetKind;
use crate::i18n::{format_number, Lang};
use crate::report::{MetricKey, MetricsExt};

/// Groups with fewer rows than this are flagged as small (the usual rule of thumb for a
/// mean or a share to be read on its own).
pub const SMALL_GROUP: u64 = 30;

/// The rows (answers, orders, tickets …) a group's metrics were computed from.
pub fn group_size(m: &Map<String, Value>) -> Option<u64> {
    m.count(MetricKey::N)
}

pub fn is_small(n: u64) -> bool {
    n < SMALL_GROUP
}

/// What a group's size counts, as a column heading.
pub fn size_heading(kind: DatasetKind, lang: Lang) -> &'static str {
    let (en, de) = match kind {
        DatasetKind::Survey => ("Answers", "Antworten"),
        DatasetKind::Subscriptions | DatasetKind::Funnel => ("Rows", "Zeilen"),
        DatasetKind::Orders => ("Orders", "Bestellungen"),
        DatasetKind::Tickets => ("Tickets", "Tickets"),
        DatasetKind::Usage => ("Events", "Ereignisse"),
        DatasetKind::Health => ("Customers", "Kunden"),
    };
    if lang == Lang::De {
        de
    } else {
        en
    }
}

/// The size in a cell, "12", and the flag of a small group.
pub fn size_text(n: u64, lang: Lang) -> String {
    format_number(n as f64, 0, lang)
}

/// The words beside a small group's size.
pub fn small_flag(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => ("small", "Fewer than 30: values of so small a group vary a lot by chance."),
        Lang::De => ("klein", "Weniger als 30: Werte so kleiner Gruppen schwanken stark zufällig."),
    }
}

/// A column is id-like when (nearly) every row has its own value: at least 20 distinct
/// values and at least 90 % as many as rows.
pub fn is_id_like(distinct: usize, rows: usize) -> bool {
    distinct >= 20 && distinct * 10 >= rows * 9
}

/// The columns to offer as segments: `columns` without the id-like ones (`distinct`: each
/// column's number of distinct values; a column not listed there is kept).
pub fn offered_segments(
    columns: impl IntoIterator<Item = String>,
    distinct: &[(String, usize)],
    rows: usize,
) -> Vec<String> {
    columns
        .into_iter()
        .filter(|c| !distinct.iter().any(|(name, d)| name == c && is_id_like(*d, rows)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_not_segments() {
        let distinct = vec![
            ("plan".to_string(), 3),
            ("email".to_string(), 100),
            ("customer".to_string(), 60),
            ("note".to_string(), 19),
        ];
        let cols = ["plan", "email", "customer", "note", "region"].map(String::from);
        // 100 rows: every e-mail differs (id-like); 60 customers for 100 rows repeat (a
        // segment); 19 distinct notes are too few to call an id; region has no count
        assert_eq!(offered_segments(cols, &distinct, 100), ["plan", "customer", "note", "region"]);
        // 90 of 100 is still an id (a few repeated addresses), 89 is not
        assert!(is_id_like(90, 100));
        assert!(!is_id_like(89, 100));
        assert!(!is_id_like(19, 19));
        assert!(is_id_like(20, 20));
    }

    #[test]
    fn group_sizes_and_small_groups() {
        let m = json!({"n": 29, "nps": 10.0}).as_object().cloned().unwrap();
        assert_eq!(group_size(&m), Some(29));
        assert!(is_small(29));
        assert!(!is_small(30));
        assert_eq!(group_size(&Map::new()), None);
        assert_eq!(size_text(37_745, Lang::De), "37.745");
        assert_eq!(size_heading(DatasetKind::Survey, Lang::De), "Antworten");
        assert_eq!(small_flag(Lang::En).0, "small");
    }
}
