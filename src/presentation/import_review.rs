//! The import review in words, without browser types: the folded review's summary line and
//! how sure a column's field is and why. The app's review step shows these.

use crate::i18n::{format_number, Lang};
use crate::import::{ColumnReport, MatchReason};

/// The folded import review's one line: "37,745 rows · Survey answers · 6 columns used".
pub fn summary_line(rows: usize, kind_name: &str, used: usize, lang: Lang) -> String {
    let n = |v: usize| format_number(v as f64, 0, lang);
    let (row, rows_word, col, cols_word) = match lang {
        Lang::En => ("row", "rows", "column used", "columns used"),
        Lang::De => ("Zeile", "Zeilen", "Spalte verwendet", "Spalten verwendet"),
    };
    format!(
        "{} {} · {} · {} {}",
        n(rows),
        if rows == 1 { row } else { rows_word },
        kind_name,
        n(used),
        if used == 1 { col } else { cols_word }
    )
}

/// How sure a column's field is, and why: "certain · named by its header",
/// "likely (80 %) · words in its header", "your choice".
pub fn match_text(c: &ColumnReport, lang: Lang) -> String {
    let (Some(_), Some(reason)) = (c.field, c.reason) else { return String::new() };
    if reason == MatchReason::UserChoice {
        return reason.label(lang).to_string();
    }
    let certainty = c.certainty.unwrap_or(1.0);
    let pct = format_number(certainty * 100.0, 0, lang);
    let sure = match (lang, certainty) {
        (Lang::En, c) if c >= 0.95 => "certain".to_string(),
        (Lang::De, c) if c >= 0.95 => "sicher".to_string(),
        (Lang::En, c) if c >= 0.75 => format!("likely ({pct} %)"),
        (Lang::De, c) if c >= 0.75 => format!("wahrscheinlich ({pct} %)"),
        (Lang::En, _) => format!("a guess ({pct} %)"),
        (Lang::De, _) => format!("vermutet ({pct} %)"),
    };
    format!("{sure} · {}", reason.label(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Field;

    #[test]
    fn summary_counts_with_separators_and_plurals() {
        assert_eq!(
            summary_line(37_745, "Survey answers", 6, Lang::En),
            "37,745 rows · Survey answers · 6 columns used"
        );
        assert_eq!(
            summary_line(1, "Bestellungen", 1, Lang::De),
            "1 Zeile · Bestellungen · 1 Spalte verwendet"
        );
    }

    #[test]
    fn match_in_words() {
        let mut c = ColumnReport {
            index: 0,
            header: "total_price".into(),
            field: Some(Field::Amount),
            certainty: Some(0.5),
            reason: Some(MatchReason::Values),
            signal: false,
            segment: false,
            number_convention: None,
            date_order: None,
            samples: vec![],
        };
        assert_eq!(match_text(&c, Lang::En), "a guess (50 %) · chosen by its values");
        c.certainty = Some(0.8);
        c.reason = Some(MatchReason::HeaderWords);
        assert_eq!(match_text(&c, Lang::De), "wahrscheinlich (80 %) · Wörter der Überschrift");
        c.reason = Some(MatchReason::UserChoice);
        assert_eq!(match_text(&c, Lang::En), "your choice");
        c.field = None;
        assert_eq!(match_text(&c, Lang::En), "");
    }
}
