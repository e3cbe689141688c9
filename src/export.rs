//! Results as files: the report's JSON (the same object as `kpi --json`) and a CSV with one
//! row for the whole range, one per period and one per segment value, and one column per
//! scalar key. Lists and tables (categories, cohorts …) stay in the JSON.

use serde_json::{Map, Value};

pub mod xlsx;

use crate::i18n::Lang;
use crate::report::Report;

/// The report as pretty JSON.
pub fn report_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".into())
}

/// The report as CSV in the convention of the language, so that a spreadsheet opens it
/// as numbers: English `,` and `1234.5`, German `;` and `1234,5`. Full precision.
pub fn report_csv(report: &Report, lang: Lang) -> String {
    let (sep, comma) = match lang {
        Lang::En => (',', false),
        Lang::De => (';', true),
    };
    let scalar =
        |v: &Value| matches!(v, Value::Number(_) | Value::Bool(_) | Value::Null | Value::String(_));
    let maps = std::iter::once(&report.metrics)
        .chain(report.periods.iter().map(|p| &p.metrics))
        .chain(report.segments.values());
    let keys: std::collections::BTreeSet<&str> =
        maps.flat_map(|m| m.iter().filter(|(_, v)| scalar(v)).map(|(k, _)| k.as_str())).collect();

    let field = |s: &str| csv_text_field(s, sep);
    let cell = |v: Option<&Value>| -> String {
        match v {
            Some(Value::Number(n)) => {
                let s = n.to_string();
                if comma {
                    s.replace('.', ",")
                } else {
                    s
                }
            }
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::String(s)) => field(s),
            _ => String::new(),
        }
    };
    let mut out = String::new();
    let header: Vec<String> = ["scope", "group"]
        .iter()
        .map(|s| s.to_string())
        .chain(keys.iter().map(|k| field(k)))
        .collect();
    out.push_str(&header.join(&sep.to_string()));
    out.push('\n');
    let mut row = |scope: &str, group: &str, m: &Map<String, Value>| {
        let mut cells = vec![field(scope), field(group)];
        cells.extend(keys.iter().map(|k| cell(m.get(*k))));
        out.push_str(&cells.join(&sep.to_string()));
        out.push('\n');
    };
    row("all", "", &report.metrics);
    for p in &report.periods {
        row("period", &p.period, &p.metrics);
    }
    for (value, m) in &report.segments {
        row("segment", value, m);
    }
    out
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
        assert_eq!(lines[0], "scope,group,nps,nps_change,nps_diff_z,nps_n");
        assert_eq!(lines[1], "all,,33.5,,,3");
        assert_eq!(lines[2], "period,2024-03,-10.25,1.5,,");
        assert_eq!(lines[3], "segment,\"Pro; \"\"A\"\"\",50,,,");
    }

    #[test]
    fn german_csv_uses_semicolons_and_decimal_commas() {
        let csv = report_csv(&report(), Lang::De);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "scope;group;nps;nps_change;nps_diff_z;nps_n");
        assert_eq!(lines[1], "all;;33,5;;;3");
        assert_eq!(lines[3], "segment;\"Pro; \"\"A\"\"\";50;;;");
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
        assert_eq!(lines[2], "period;2024-03;-10,25;1,5;;");
        assert_eq!(lines[3], "segment;\"'=cmd|' /C calc'!A0\";50;;;");
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
        let v: Value = serde_json::from_str(&report_json(&report())).unwrap();
        assert_eq!(v["kind"], "survey");
        assert_eq!(v["metrics"]["nps"], 33.5);
    }
}
