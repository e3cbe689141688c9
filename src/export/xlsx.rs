//! The report as an Excel workbook (`.xlsx`, Office Open XML SpreadsheetML): one sheet per
//! table. "KPIs" has the CSV's rows (whole range, each period, each segment value; one column
//! per scalar key); every list or table inside the whole range's metrics (categories,
//! cohorts, distributions …) gets a sheet of its own, and the rejected rows one more.
//!
//! Written by hand instead of through a crate: the app carries this code to the browser, and
//! a workbook of a few tables needs only five small XML parts in a zip archive whose entries
//! are stored uncompressed. Text is written as inline strings, so a comment that starts
//! with `=` stays text: a cell of an `.xlsx` file is a formula only inside an `<f>` element.

use serde_json::{Map, Value};

use crate::i18n::Lang;
use crate::report::Report;

/// One cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Bool(bool),
    Text(String),
}

impl Cell {
    fn of(v: &Value) -> Cell {
        match v {
            Value::Null => Cell::Empty,
            Value::Bool(b) => Cell::Bool(*b),
            Value::Number(n) => n.as_f64().map_or(Cell::Empty, Cell::Number),
            Value::String(s) => Cell::Text(s.clone()),
            // a list inside a table row: its JSON text, nothing is dropped
            other => Cell::Text(other.to_string()),
        }
    }
}

/// A named table; the first row is the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// The KPI table: the same rows and columns as the CSV export.
fn kpi_sheet(report: &Report) -> Sheet {
    let maps = std::iter::once(&report.metrics)
        .chain(report.periods.iter().map(|p| &p.metrics))
        .chain(report.segments.values());
    let keys: std::collections::BTreeSet<&str> = maps
        .flat_map(|m| m.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.as_str()))
        .collect();
    let mut rows =
        vec![["scope", "group"].iter().chain(keys.iter()).map(|k| text(k)).collect::<Vec<_>>()];
    let mut row = |scope: &str, group: &str, m: &Map<String, Value>| {
        let mut cells = vec![text(scope), text(group)];
        cells.extend(keys.iter().map(|k| m.get(*k).map_or(Cell::Empty, Cell::of)));
        rows.push(cells);
    };
    row("all", "", &report.metrics);
    for p in &report.periods {
        row("period", &p.period, &p.metrics);
    }
    for (value, m) in &report.segments {
        row("segment", value, m);
    }
    Sheet { name: "KPIs".into(), rows }
}

/// A list or map of the report as a table, or None for a scalar.
/// - list of objects: one row per object, one column per key (in the report's key order)
/// - list of scalars: one column `value`
/// - map of objects: a first column `key`, then one column per inner key
/// - map of scalars: two columns `key`, `value`
fn table_of(v: &Value) -> Option<Vec<Vec<Cell>>> {
    let entries: Vec<(Option<&str>, &Value)> = match v {
        Value::Array(items) => items.iter().map(|i| (None, i)).collect(),
        Value::Object(map) => map.iter().map(|(k, i)| (Some(k.as_str()), i)).collect(),
        _ => return None,
    };
    let keyed = matches!(v, Value::Object(_));
    let mut columns: Vec<&str> = Vec::new();
    for (_, item) in &entries {
        if let Value::Object(m) = item {
            for k in m.keys() {
                if !columns.contains(&k.as_str()) {
                    columns.push(k);
                }
            }
        }
    }
    let plain = columns.is_empty();
    let mut header: Vec<Cell> = Vec::new();
    if keyed {
        header.push(text("key"));
    }
    if plain {
        header.push(text("value"));
    } else {
        header.extend(columns.iter().map(|c| text(c)));
    }
    let mut rows = vec![header];
    for (key, item) in entries {
        let mut cells: Vec<Cell> = key.map(text).into_iter().collect();
        match item {
            Value::Object(m) if !plain => {
                cells.extend(columns.iter().map(|c| m.get(*c).map_or(Cell::Empty, Cell::of)))
            }
            other if plain => cells.push(Cell::of(other)),
            // a scalar among objects: in the first column, the others empty
            other => {
                cells.push(Cell::of(other));
                cells.extend((1..columns.len()).map(|_| Cell::Empty));
            }
        }
        rows.push(cells);
    }
    Some(rows)
}

/// Excel's rules for a sheet name: at most 31 characters, none of `[ ] : * ? / \`, not
/// empty, unique regardless of case.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base: String =
        if clean.is_empty() { "Sheet".into() } else { clean.chars().take(31).collect() };
    let free = |n: &str| !taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if free(&base) {
        return base;
    }
    (2..)
        .map(|i| {
            let suffix = format!(" ({i})");
            let head: String = base.chars().take(31 - suffix.chars().count()).collect();
            format!("{head}{suffix}")
        })
        .find(|n| free(n))
        .unwrap_or(base)
}

/// The report's tables, in the order of the workbook.
pub fn report_sheets(report: &Report, lang: Lang) -> Vec<Sheet> {
    let mut sheets = vec![kpi_sheet(report)];
    for (key, value) in &report.metrics {
        if let Some(rows) = table_of(value) {
            if rows.len() > 1 {
                let taken: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
                sheets.push(Sheet { name: sheet_name(key, &taken), rows });
            }
        }
    }
    if !report.rejected.is_empty() {
        let mut rows = vec![vec![text("line"), text("column"), text("reason")]];
        rows.extend(report.rejected.iter().map(|r| {
            vec![Cell::Number(r.line as f64), text(&r.column), Cell::Text(r.reason.message(lang))]
        }));
        let taken: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
        sheets.push(Sheet { name: sheet_name("rejected rows", &taken), rows });
    }
    sheets
}

/// The report as the bytes of an `.xlsx` file; the reasons for rejected rows in `lang`.
pub fn report_xlsx(report: &Report, lang: Lang) -> Vec<u8> {
    workbook(&report_sheets(report, lang))
}

// ---- SpreadsheetML -----------------------------------------------------------------------

/// Text for XML character data or an attribute value. Characters XML 1.0 forbids (most
/// control characters) are left out: Excel refuses a file that has one.
fn xml_escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// "A", "B", … "Z", "AA", … for a 0-based column.
fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn sheet_xml(sheet: &Sheet) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in sheet.rows.iter().enumerate() {
        x.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            match cell {
                Cell::Empty => {}
                Cell::Number(n) => x.push_str(&format!("<c r=\"{at}\"><v>{n}</v></c>")),
                Cell::Bool(b) => {
                    x.push_str(&format!("<c r=\"{at}\" t=\"b\"><v>{}</v></c>", u8::from(*b)))
                }
                Cell::Text(s) => {
                    x.push_str(&format!(
                        "<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                    ));
                    xml_escape(s, &mut x);
                    x.push_str("</t></is></c>");
                }
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

/// A workbook of `sheets` (at least one: an empty list gives one empty sheet).
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let empty = [Sheet { name: "Sheet1".into(), rows: Vec::new() }];
    let sheets = if sheets.is_empty() { &empty[..] } else { sheets };
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    const SML: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let mut types = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    );
    let mut book = format!("{HEAD}<workbook xmlns=\"{SML}\" xmlns:r=\"{REL}\"><sheets>");
    let mut book_rels = format!("{HEAD}<Relationships xmlns=\"{PKG_REL}\">");
    for (i, sheet) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
        book.push_str("<sheet name=\"");
        xml_escape(&sheet.name, &mut book);
        book.push_str(&format!("\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"));
        book_rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    book_rels.push_str("</Relationships>");
    let root_rels = format!(
        "{HEAD}<Relationships xmlns=\"{PKG_REL}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let mut zip = StoredZip::default();
    zip.add("[Content_Types].xml", types.as_bytes());
    zip.add("_rels/.rels", root_rels.as_bytes());
    zip.add("xl/workbook.xml", book.as_bytes());
    zip.add("xl/_rels/workbook.xml.rels", book_rels.as_bytes());
    for (i, sheet) in sheets.iter().enumerate() {
        zip.add(&format!("xl/worksheets/sheet{}.xml", i + 1), sheet_xml(sheet).as_bytes());
    }
    zip.finish()
}

// ---- zip (PKWARE APPNOTE 4.3: local headers, central directory, end record) ---------------

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as zip requires.
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

/// A zip archive whose entries are stored (method 0). Sizes stay far below 4 GB here (a
/// report's tables), so no zip64 records.
#[derive(Default)]
struct StoredZip {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl StoredZip {
    fn add(&mut self, name: &str, data: &[u8]) {
        let offset = self.out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name_len = name.len() as u16;
        // version 2.0, no flags, stored, time 00:00, date 1980-01-01
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&0x21u16.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&name_len.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
        };
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut self.out);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(data);

        self.central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.central.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, 2.0
        common(&mut self.central);
        self.central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        self.central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name.as_bytes());
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let start = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.append(&mut self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&[0; 4]); // disk numbers
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::DatasetKind;
    use crate::report::PeriodReport;
    use calamine::{Data, Reader, Xlsx};
    use serde_json::json;
    use std::collections::BTreeMap;
    use std::io::Cursor;

    fn report() -> Report {
        let map = |v: Value| v.as_object().cloned().unwrap_or_default();
        Report {
            kind: DatasetKind::Survey,
            rows: 3,
            rejected: Vec::new(),
            metrics: map(json!({
                "nps": 33.5, "nps_n": 3, "nps_diff_z": null,
                "comment_phrases": [{"phrase": "=HYPERLINK(\"x\")", "count": 2}, {"phrase": "Lieferung <schnell> & gut", "count": 1}],
                "csat_distribution": {"1": 0, "5": 4},
                "empty": []
            })),
            periods: vec![PeriodReport {
                period: "2024-03".into(),
                metrics: map(json!({"nps": -10.25, "ok": true})),
            }],
            segments: BTreeMap::from([("Größe: \"XL\"".to_string(), map(json!({"nps": 50})))]),
        }
    }

    fn read_back(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes)).expect("calamine opens the workbook")
    }

    #[test]
    fn crc32_check_value() {
        // the standard check value of CRC-32/ISO-HDLC
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(51), "AZ");
        assert_eq!(column_name(52), "BA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn one_sheet_per_table_read_back_by_calamine() {
        let mut book = read_back(report_xlsx(&report(), Lang::En));
        assert_eq!(book.sheet_names(), vec!["KPIs", "comment_phrases", "csat_distribution"]);

        let kpis = book.worksheet_range("KPIs").unwrap();
        let rows: Vec<Vec<Data>> = kpis.rows().map(|r| r.to_vec()).collect();
        let s = |v: &str| Data::String(v.into());
        assert_eq!(
            rows[0],
            vec![s("scope"), s("group"), s("nps"), s("nps_diff_z"), s("nps_n"), s("ok")]
        );
        assert_eq!(
            rows[1],
            vec![s("all"), s(""), Data::Float(33.5), Data::Empty, Data::Float(3.0), Data::Empty]
        );
        assert_eq!(
            rows[2],
            vec![
                s("period"),
                s("2024-03"),
                Data::Float(-10.25),
                Data::Empty,
                Data::Empty,
                Data::Bool(true)
            ]
        );
        assert_eq!(
            rows[3],
            vec![
                s("segment"),
                s("Größe: \"XL\""),
                Data::Float(50.0),
                Data::Empty,
                Data::Empty,
                Data::Empty
            ]
        );

        let phrases = book.worksheet_range("comment_phrases").unwrap();
        let rows: Vec<Vec<Data>> = phrases.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows[0], vec![s("count"), s("phrase")]);
        // text that looks like a formula stays text, escaped characters come back
        assert_eq!(rows[1], vec![Data::Float(2.0), s("=HYPERLINK(\"x\")")]);
        assert_eq!(rows[2], vec![Data::Float(1.0), s("Lieferung <schnell> & gut")]);
        let formulas = book.worksheet_formula("comment_phrases").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in the workbook");

        let dist = book.worksheet_range("csat_distribution").unwrap();
        let rows: Vec<Vec<Data>> = dist.rows().map(|r| r.to_vec()).collect();
        assert_eq!(
            rows,
            vec![
                vec![s("key"), s("value")],
                vec![s("1"), Data::Float(0.0)],
                vec![s("5"), Data::Float(4.0)]
            ]
        );
    }

    #[test]
    fn sheet_names_follow_excels_rules() {
        let taken = vec!["KPIs".to_string()];
        assert_eq!(sheet_name("kpis", &taken), "kpis (2)");
        assert_eq!(sheet_name("a/b:c?", &taken), "a_b_c_");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &taken).chars().count(), 31);
        let taken = vec!["x".repeat(31)];
        assert_eq!(sheet_name(&long, &taken), format!("{} (2)", "x".repeat(27)));
        assert_eq!(sheet_name("", &[]), "Sheet");
    }

    #[test]
    fn control_characters_are_dropped_not_written() {
        let sheet = Sheet { name: "t".into(), rows: vec![vec![Cell::Text("a\u{1}b\tc".into())]] };
        let mut book = read_back(workbook(&[sheet]));
        let range = book.worksheet_range("t").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("ab\tc".into())));
    }

    #[test]
    fn an_empty_workbook_still_opens() {
        let mut book = read_back(workbook(&[]));
        assert_eq!(book.sheet_names(), vec!["Sheet1"]);
        assert!(book.worksheet_range("Sheet1").unwrap().is_empty());
    }

    #[test]
    fn rejected_rows_get_their_own_sheet_in_the_ui_language() {
        use crate::dataset::{RejectReason, Rejected};
        let mut r = report();
        r.rejected = vec![Rejected {
            line: 3,
            column: "Bewertung".into(),
            reason: RejectReason::OutOfRange { value: 11.0, min: 0.0, max: 10.0 },
        }];
        let mut book = read_back(report_xlsx(&r, Lang::De));
        assert_eq!(book.sheet_names().last().map(String::as_str), Some("rejected rows"));
        let range = book.worksheet_range("rejected rows").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows[1][0], Data::Float(3.0));
        assert_eq!(rows[1][1], Data::String("Bewertung".into()));
        assert_eq!(rows[1][2], Data::String("11 liegt außerhalb der Skala 0–10".into()));
    }
}
