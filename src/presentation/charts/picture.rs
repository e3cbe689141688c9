//! A chart as a picture to take away: the downloaded PNG carries the chart's title and the
//! range of the data it shows, which the page says around the chart but a file alone would
//! lose.

use serde_json::{json, Value};

use super::color::Palette;
use crate::i18n::{format_number, Lang};
use crate::report::Report;

/// Room the title and its range line take above the chart, in CSS pixels.
pub const TITLE_SPACE: i64 = 52;

/// "Data: 2024-01 … 2024-12 (12 periods)"; `None` without periods.
pub fn data_range(report: &Report, lang: Lang) -> Option<String> {
    let de = lang == Lang::De;
    let first = report.periods.first()?;
    let last = report.periods.last()?;
    let n = format_number(report.periods.len() as f64, 0, lang);
    let word = match (report.periods.len(), de) {
        (1, false) => "period",
        (_, false) => "periods",
        (1, true) => "Periode",
        (_, true) => "Perioden",
    };
    let data = if de { "Daten" } else { "Data" };
    Some(if first.period == last.period {
        format!("{data}: {} ({n} {word})", first.period)
    } else {
        format!("{data}: {} … {} ({n} {word})", first.period, last.period)
    })
}

/// The line a printed report starts with: which file, which data, when printed.
/// "survey-en.csv · Data: 2024-01 … 2024-12 (12 periods) · printed 2026-12-06"
pub fn print_line(file: Option<&str>, report: &Report, date: &str, lang: Lang) -> String {
    let de = lang == Lang::De;
    let pasted = if de { "eingefügte Daten" } else { "pasted data" };
    let printed = if de { "gedruckt am" } else { "printed" };
    let mut parts = vec![file.filter(|f| !f.is_empty()).unwrap_or(pasted).to_string()];
    parts.extend(data_range(report, lang));
    let rows = format_number(report.rows as f64, 0, lang);
    parts.push(match (report.rows, de) {
        (1, false) => "1 row used".to_string(),
        (_, false) => format!("{rows} rows used"),
        (1, true) => "1 Zeile verwendet".to_string(),
        (_, true) => format!("{rows} Zeilen verwendet"),
    });
    parts.push(format!("{printed} {date}"));
    parts.join(" · ")
}

/// Adds `top` to a component's `top` (an object or an array of them; a missing `top` is 0).
fn shift_top(v: Option<&mut Value>, by: i64) {
    let shift = |o: &mut Value| {
        if let Some(o) = o.as_object_mut() {
            let top = o.get("top").and_then(Value::as_i64).unwrap_or(0);
            o.insert("top".into(), json!(top + by));
        }
    };
    match v {
        Some(Value::Array(items)) => items.iter_mut().for_each(shift),
        Some(o @ Value::Object(_)) => shift(o),
        _ => {}
    }
}

/// The chart's option for the picture: its title and `subtitle` on top, the legend and the
/// plot moved down to make room, no animation (the picture is taken at once).
pub fn with_title(option: &Value, title: &str, subtitle: Option<&str>, p: &Palette) -> Value {
    let mut o = option.clone();
    let Some(map) = o.as_object_mut() else { return o };
    shift_top(map.get_mut("grid"), TITLE_SPACE);
    shift_top(map.get_mut("legend"), TITLE_SPACE);
    map.insert(
        "title".into(),
        json!({
            "text": title,
            "subtext": subtitle.unwrap_or_default(),
            "left": 4,
            "top": 0,
            "itemGap": 4,
            "textStyle": {"color": p.text.hex(), "fontSize": 15, "fontWeight": "bold"},
            "subtextStyle": {"color": p.muted.hex(), "fontSize": 12},
        }),
    );
    map.insert("animation".into(), json!(false));
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::DatasetKind;
    use crate::report::PeriodReport;

    fn report(periods: &[&str]) -> Report {
        Report {
            kind: DatasetKind::Orders,
            rows: 0,
            rejected: Vec::new(),
            metrics: Default::default(),
            periods: periods
                .iter()
                .map(|p| PeriodReport { period: p.to_string(), metrics: Default::default() })
                .collect(),
            segments: Default::default(),
        }
    }

    #[test]
    fn range_of_the_data() {
        assert_eq!(
            data_range(&report(&["2024-01", "2024-02", "2024-03"]), Lang::En).as_deref(),
            Some("Data: 2024-01 … 2024-03 (3 periods)")
        );
        assert_eq!(
            data_range(&report(&["2024-Q1"]), Lang::De).as_deref(),
            Some("Daten: 2024-Q1 (1 Periode)")
        );
        assert_eq!(data_range(&report(&[]), Lang::En), None);
    }

    #[test]
    fn print_line_names_file_range_and_date() {
        let mut r = report(&["2024-01", "2024-02"]);
        r.rows = 1234;
        assert_eq!(
            print_line(Some("umfrage.csv"), &r, "2026-12-06", Lang::De),
            "umfrage.csv · Daten: 2024-01 … 2024-02 (2 Perioden) · 1.234 Zeilen verwendet · gedruckt am 2026-12-06"
        );
        r.rows = 1;
        assert_eq!(
            print_line(None, &report(&[]), "2026-12-06", Lang::En),
            "pasted data · 0 rows used · printed 2026-12-06"
        );
        r.periods.clear();
        assert_eq!(print_line(Some(""), &r, "d", Lang::En), "pasted data · 1 row used · printed d");
    }

    #[test]
    fn title_on_top_and_everything_else_moved_down() {
        let p = Palette::default();
        let option = json!({
            "grid": [{"top": 80, "left": 8}],
            "legend": {"top": 0},
            "series": [{"type": "bar", "data": [1, 2]}],
        });
        let o = with_title(&option, "Revenue", Some("Data: 2024-01 … 2024-03"), &p);
        assert_eq!(o["grid"][0]["top"], 80 + TITLE_SPACE);
        assert_eq!(o["legend"]["top"], TITLE_SPACE);
        assert_eq!(o["title"]["text"], "Revenue");
        assert_eq!(o["title"]["subtext"], "Data: 2024-01 … 2024-03");
        assert_eq!(o["animation"], false);
        assert_eq!(o["series"], option["series"]);
        // a grid without `top` starts at 0
        let o = with_title(&json!({"grid": {}}), "X", None, &p);
        assert_eq!(o["grid"]["top"], TITLE_SPACE);
        assert_eq!(o["title"]["subtext"], "");
    }
}
