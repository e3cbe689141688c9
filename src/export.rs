//! Results as files: the report's JSON (the same object as `kpi --json`) and a CSV with one
//! row for the whole range, one per period and one per segment value, and one column per
//! scalar key. Lists and tables (categories, cohorts …) stay in the JSON.

use serde_json::{Map, Value};

pub mod xlsx;

use crate::i18n::Lang;
use crate::metrics::accumulate::Coverage;
use crate::presentation::catalogue::key_label;
use crate::report::Report;
use crate::report::{MetricKey, Unit};

/// The object of `kpi --json` and of the app's JSON download: the report's keys, and the
/// first and last day of the rows read added last (so the report's own keys read as before).
#[derive(serde::Serialize)]
pub struct ReportJson<'a> {
    #[serde(flatten)]
    pub report: &'a Report,
    pub coverage: Option<Coverage>,
}

/// The report and the data's days as pretty JSON (the app's download).
pub fn report_json(report: &Report, coverage: Option<Coverage>) -> String {
    serde_json::to_string_pretty(&ReportJson { report, coverage }).unwrap_or_else(|_| "{}".into())
}

/// The report as CSV in the convention of the language, so that a spreadsheet opens it
/// as numbers: English `,` and `1234.5`, German `;` and `1234,5`. Headers in the language
/// (the metric's name and its unit, the JSON key where a name alone would be ambiguous);
/// numbers rounded as the dashboard shows them, without thousands separators (the JSON
/// export keeps full precision).
pub fn report_csv(report: &Report, lang: Lang) -> String {
    let de = lang == Lang::De;
    let (sep, comma) = if de { (';', true) } else { (',', false) };
    let scalar =
        |v: &Value| matches!(v, Value::Number(_) | Value::Bool(_) | Value::Null | Value::String(_));
    let maps = std::iter::once(&report.metrics)
        .chain(report.periods.iter().map(|p| &p.metrics))
        .chain(report.segments.values());
    let keys: std::collections::BTreeSet<&str> =
        maps.flat_map(|m| m.iter().filter(|(_, v)| scalar(v)).map(|(k, _)| k.as_str())).collect();

    let field = |s: &str| csv_text_field(s, sep);
    let cell = |key: &str, v: Option<&Value>| -> String {
        match v {
            Some(Value::Number(n)) => {
                let Some(x) = n.as_f64() else { return n.to_string() };
                let s = match MetricKey::parse(key).map(MetricKey::unit) {
                    Some(Unit::Fraction) => format!("{:.1}", x * 100.0),
                    Some(u) => match display_decimals(u) {
                        Some(d) => format!("{x:.d$}"),
                        None => n.to_string(),
                    },
                    None => n.to_string(),
                };
                // "-0.0" after rounding is 0
                let s = if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
                    s[1..].to_string()
                } else {
                    s
                };
                if comma {
                    s.replace('.', ",")
                } else {
                    s
                }
            }
            Some(Value::Bool(b)) => match (b, de) {
                (true, false) => "yes".into(),
                (false, false) => "no".into(),
                (true, true) => "ja".into(),
                (false, true) => "nein".into(),
            },
            Some(Value::String(s)) => field(s),
            _ => String::new(),
        }
    };
    let names: Vec<String> = keys.iter().map(|k| column_name(k, lang)).collect();
    let mut out = String::new();
    let (scope, group) = if de { ("Bereich", "Gruppe") } else { ("Scope", "Group") };
    let header: Vec<String> = [scope, group]
        .iter()
        .map(|s| s.to_string())
        .chain(names.iter().enumerate().map(|(i, name)| {
            // a name two keys share ("Median") gets its key
            if names.iter().filter(|n| *n == name).count() > 1 {
                field(&format!("{name} [{}]", keys.iter().nth(i).copied().unwrap_or_default()))
            } else {
                field(name)
            }
        }))
        .collect();
    out.push_str(&header.join(&sep.to_string()));
    out.push('\n');
    let mut row = |scope: &str, group: &str, m: &Map<String, Value>| {
        let mut cells = vec![field(scope), field(group)];
        cells.extend(keys.iter().map(|k| cell(k, m.get(*k))));
        out.push_str(&cells.join(&sep.to_string()));
        out.push('\n');
    };
    let (all, period, segment) =
        if de { ("Gesamt", "Zeitraum", "Segment") } else { ("All", "Period", "Segment") };
    row(all, "", &report.metrics);
    for p in &report.periods {
        row(period, &p.period, &p.metrics);
    }
    for (value, m) in &report.segments {
        row(segment, value, m);
    }
    out
}

/// Decimals of a unit as the dashboard shows it; `None`: as given.
fn display_decimals(unit: Unit) -> Option<usize> {
    match unit {
        Unit::Count => Some(0),
        Unit::NpsPoints | Unit::Percent | Unit::Fraction => Some(1),
        Unit::Hours | Unit::Days | Unit::Minutes | Unit::Months => Some(1),
        Unit::Money | Unit::Score | Unit::Ratio | Unit::Years => Some(2),
        Unit::Flag | Unit::Label | Unit::List => None,
    }
}

/// A column's heading: the key's name in the language and its unit ("Conversion rate
/// (%)"); a key the app has no name for keeps its JSON key.
fn column_name(key: &str, lang: Lang) -> String {
    let de = lang == Lang::De;
    let Some(k) = MetricKey::parse(key) else { return key.to_string() };
    let name = key_label(k, lang);
    let unit = match k.unit() {
        Unit::Percent | Unit::Fraction => Some("%"),
        Unit::Hours => Some("h"),
        Unit::Minutes => Some("min"),
        Unit::Days => Some(if de { "Tage" } else { "days" }),
        Unit::Months => Some(if de { "Monate" } else { "months" }),
        Unit::Years => Some(if de { "Jahre" } else { "years" }),
        _ => None,
    };
    // a name that already says its unit ("margin of error (95 %)") keeps it once
    match unit {
        Some(u) if !name.contains(&format!("({u})")) && !name.ends_with(" %)") => {
            format!("{name} ({u})")
        }
        _ => name,
    }
}

/// A text cell for CSV. Quoted when it holds the separator, a quote or a line break
/// (RFC 4180). A cell that a spreadsheet would read as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'` and is quoted: OWASP's rule
/// against CSV injection, so a survey comment like `=HYPERLINK(…)` opens as text. Numbers
/// are not text cells and keep their sign.
pub fn csv_text_field(s: &str, sep: char) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// [`report_csv`] for a spreadsheet: with a UTF-8 byte order mark first, without which
/// Excel reads the file in the system's legacy code page (German Excel shows `Ã¼` for `ü`).
pub fn report_csv_for_spreadsheet(report: &Report, lang: Lang) -> String {
    format!("\u{FEFF}{}", report_csv(report, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::DatasetKind;
    use crate::report::PeriodReport;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn report() -> Report {
        let map = |v: Value| v.as_object().cloned().unwrap_or_default();
        Report {
            kind: DatasetKind::Survey,
            rows: 3,
            rejected: Vec::new(),
            metrics: map(
                json!({"nps": 33.5, "nps_n": 3, "comments": {"x": 1}, "nps_diff_z": null}),
            ),
            periods: vec![PeriodReport {
                period: "2024-03".into(),
                metrics: map(json!({"nps": -10.25, "nps_change": 1.5})),
            }],
            segments: BTreeMap::from([("Pro; \"A\"".to_string(), map(json!({"nps": 50})))]),
        }
    }

    #[test]
    fn english_csv() {
        let csv = report_csv(&report(), Lang::En);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "Scope,Group,Net Promoter Score,nps change,nps diff z,nps n");
        // NPS at one decimal as on the cards: 33.5; −10.25 is an exact tie in binary and
        // rounds to even, -10.2, as the cards' formatting does
        assert_eq!(lines[1], "All,,33.5,,,3");
        assert_eq!(lines[2], "Period,2024-03,-10.2,1.5,,");
        assert_eq!(lines[3], "Segment,\"Pro; \"\"A\"\"\",50.0,,,");
    }

    #[test]
    fn german_csv_uses_semicolons_and_decimal_commas() {
        let csv = report_csv(&report(), Lang::De);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "Bereich;Gruppe;Net Promoter Score;NPS-Veränderung;NPS-Differenz z;Anzahl NPS-Antworten"
        );
        assert_eq!(lines[1], "Gesamt;;33,5;;;3");
        assert_eq!(lines[3], "Segment;\"Pro; \"\"A\"\"\";50,0;;;");
    }

    /// Issue #13.14: in German every header of every sample's CSV is German: none is the
    /// English words of its JSON key (only "n" reads the same), each kind with a segment
    /// chosen (the segment rows add the "vs rest" keys).
    #[test]
    fn german_headers_for_every_sample() {
        use crate::analysis::{analyze, AnalysisOptions};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/samples");
        let mut kinds = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().and_then(|n| n.to_str());
            for segment in [None, Some("plan"), Some("Tarif")] {
                let mut o = AnalysisOptions::default();
                o.report.segment = segment.map(str::to_string);
                let Ok(a) = analyze(&bytes, name, &o) else { continue };
                kinds.insert(a.report.kind);
                let csv = report_csv(&a.report, Lang::De);
                let header = csv.lines().next().unwrap_or_default();
                for cell in header.split(';') {
                    let words = cell.split(" (").next().unwrap_or(cell);
                    let english = MetricKey::ALL
                        .iter()
                        .find(|k| **k != MetricKey::N && k.as_str().replace('_', " ") == words);
                    assert!(english.is_none(), "{name:?}: English header {cell:?}");
                }
            }
        }
        assert_eq!(kinds.len(), DatasetKind::ALL.len(), "every kind has a sample");
    }

    #[test]
    fn display_precision_units_and_ambiguous_names() {
        let map = |v: Value| v.as_object().cloned().unwrap_or_default();
        let r = Report {
            kind: DatasetKind::Tickets,
            rows: 1,
            rejected: Vec::new(),
            metrics: map(json!({
                "fcr": 66.666666, "tickets": 3, "first_response_hours_median": 1.25,
                "resolution_hours_median": 2.0, "gross_margin": 0.8, "clv": 1234.5678,
                "lifespan_is_input": false, "nps": -0.04
            })),
            periods: Vec::new(),
            segments: BTreeMap::new(),
        };
        let csv = report_csv(&r, Lang::De);
        let lines: Vec<&str> = csv.lines().collect();
        let head: Vec<&str> = lines[0].split(';').collect();
        let row: Vec<&str> = lines[1].split(';').collect();
        let at = |name: &str| {
            let i = head
                .iter()
                .position(|h| *h == name)
                .unwrap_or_else(|| panic!("{name} in {head:?}"));
            row[i]
        };
        assert_eq!(at("Kundenwert (CLV)"), "1234,57");
        assert_eq!(at("Erstlösungsquote (FCR) (%)"), "66,7");
        assert_eq!(at("Tickets"), "3");
        assert_eq!(at("Bruttomarge (%)"), "80,0");
        assert_eq!(at("Erste Antwortzeit (Median) (h)"), "1,2");
        assert_eq!(at("Lösungszeit (Median) (h)"), "2,0");
        assert_eq!(at("Lebensdauer eingegeben"), "nein");
        // −0.04 rounds to 0.0, without a sign
        assert_eq!(at("Net Promoter Score"), "0,0");
    }

    #[test]
    fn formula_cells_are_neutralised_owasp() {
        for (raw, want) in [
            ("=1+1", "\"'=1+1\""),
            ("+49 30 1234", "\"'+49 30 1234\""),
            ("-minus", "\"'-minus\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tcmd", "\"'\tcmd\""),
            ("\rcmd", "\"'\rcmd\""),
            ("=HYPERLINK(\"http://x\";\"y\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""),
            ("a=b", "a=b"),
            (" =x", " =x"),
            ("", ""),
        ] {
            assert_eq!(csv_text_field(raw, ','), want, "{raw:?}");
        }
    }

    #[test]
    fn formula_segment_names_are_neutralised_but_negative_numbers_are_not() {
        let mut r = report();
        let m = r.segments.remove("Pro; \"A\"").unwrap();
        r.segments.insert("=cmd|' /C calc'!A0".into(), m);
        let csv = report_csv(&r, Lang::De);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[2], "Zeitraum;2024-03;-10,2;1,5;;");
        assert_eq!(lines[3], "Segment;\"'=cmd|' /C calc'!A0\";50,0;;;");
    }

    #[test]
    fn spreadsheet_csv_starts_with_a_bom_in_both_conventions() {
        for lang in [Lang::En, Lang::De] {
            let csv = report_csv_for_spreadsheet(&report(), lang);
            assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
            assert_eq!(&csv[3..], report_csv(&report(), lang));
        }
    }

    #[test]
    fn json_is_the_kpi_object() {
        let v: Value = serde_json::from_str(&report_json(&report(), None)).unwrap();
        assert_eq!(v["kind"], "survey");
        assert_eq!(v["metrics"]["nps"], 33.5);
        assert_eq!(v["coverage"], Value::Null);
        // added last, after the report's own keys
        assert!(report_json(&report(), None).ends_with("\"coverage\": null\n}"));
    }
}
