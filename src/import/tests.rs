//! Import tests over the whole pipeline (formats, streaming, errors).

use super::*;
use crate::dataset::{Dataset, RejectReason, SurveyResponse, Table};
use crate::i18n::Lang;

fn survey(bytes: &[u8]) -> (Table<SurveyResponse>, ImportReport) {
    let imp = import(bytes, None, &ImportOptions::default()).unwrap();
    match imp.dataset {
        Dataset::Survey(t) => (t, imp.report),
        other => panic!("not a survey: {:?}", other.kind()),
    }
}

#[test]
fn survey_csv_in_every_separator() {
    for text in [
        "customer,score,comment\nA,9,\"great, really\"\nB,3,slow\n",
        "Kunde;Bewertung;Kommentar\r\nA;9;\"prima; wirklich\"\r\nB;3;langsam\r\n",
        "Kunde\tNPS\tKommentar\nA\t9\tprima\nB\t3\tlangsam",
        "Kunde|Punkte|Kommentar\nA|9|x\nB|3|y\n\n",
    ] {
        let (t, r) = survey(text.as_bytes());
        assert_eq!(t.rows.iter().map(|r| r.score).collect::<Vec<_>>(), vec![9.0, 3.0], "{text}");
        assert_eq!(t.rows[0].customer.as_deref(), Some("A"));
        assert_eq!(t.rows[1].line, 3);
        assert_eq!(r.kind, DatasetKind::Survey);
        assert!(r.kind_guessed);
        assert_eq!(r.rows_read, 2);
    }
}

#[test]
fn utf8_bom_and_single_column_with_header() {
    let (t, r) = survey("\u{feff}Bewertung\r\n8,5\r\n10\r\n".as_bytes());
    assert_eq!(r.source.encoding, Some(TextEncoding::Utf8Bom));
    assert_eq!(r.columns[0].header, "Bewertung");
    assert_eq!(r.columns[0].number_convention, Some(NumberConvention::DecimalComma));
    assert_eq!(t.rows.iter().map(|r| r.score).collect::<Vec<_>>(), vec![8.5, 10.0]);
}

#[test]
fn options_from_json() {
    let o: ImportOptions = serde_json::from_str(
        r#"{"kind": "orders", "mapping": [["amount", 2], ["comment", null]],
            "number_conventions": [[2, "decimal_comma"]], "date_orders": [[1, "day_month"]]}"#,
    )
    .unwrap();
    assert_eq!(o.kind, Some(DatasetKind::Orders));
    assert_eq!(o.mapping, vec![(Field::Amount, Some(2)), (Field::Comment, None)]);
    assert_eq!(o.number_conventions, vec![(2, NumberConvention::DecimalComma)]);
    assert_eq!(o.date_orders, vec![(1, DateOrder::DayMonth)]);
    assert_eq!(serde_json::from_str::<ImportOptions>("{}").unwrap(), ImportOptions::default());
}

#[test]
fn bare_numbers_are_scores() {
    let (t, r) = survey(b"9\n10\n7\r\n3\n\n");
    assert_eq!(r.source.format, Format::BareNumbers);
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[0].line, 1);
    assert_eq!(t.rows[3].score, 3.0);
    let (t, _) = survey("8,5\n9\n".as_bytes());
    assert_eq!(t.rows[0].score, 8.5);
}

#[test]
fn rejected_rows_have_line_column_reason() {
    let (t, r) = survey(b"score,date\n9,2024-03-05\nnine,2024-03-06\n7,someday\n");
    assert_eq!(t.rows.len(), 1);
    assert_eq!(r.rows_rejected, 2);
    assert_eq!(t.rejected[0].line, 3);
    assert_eq!(t.rejected[0].column, "score");
    assert_eq!(t.rejected[0].reason, RejectReason::NotANumber { value: "nine".into() });
    assert_eq!(t.rejected[1].column, "date");
}

#[test]
fn whole_file_errors() {
    let o = ImportOptions::default();
    assert_eq!(import(b"", None, &o).unwrap_err(), ImportError::Empty);
    assert_eq!(import(b"\xEF\xBB\xBF\r\n", None, &o).unwrap_err(), ImportError::Empty);
    assert_eq!(import(b"score;comment\n", None, &o).unwrap_err(), ImportError::HeaderOnly);
    let monkey = b"Respondent ID,Collector ID,Would you recommend us?\n,,Response\n";
    assert_eq!(import(monkey, None, &o).unwrap_err(), ImportError::HeaderOnly);
    assert_eq!(
        import(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None, &o).unwrap_err(),
        ImportError::Binary
    );
    let e = import(b"foo,bar\nx,y\n", None, &o).unwrap_err();
    assert!(matches!(e, ImportError::NoKindFits { .. }));
    assert!(e.message(Lang::De).contains("foo, bar"));
}

#[test]
fn excel_sep_line_names_the_separator() {
    let (t, r) = survey(b"sep=,\r\nKunde,Bewertung\r\nA,9\r\n");
    assert_eq!(r.source.delimiter.as_deref(), Some(","));
    assert_eq!(t.rows[0].line, 3);
    assert_eq!(t.rows[0].score, 9.0);
}

#[test]
fn values_after_the_sample_that_contradict_it_are_rejected() {
    let mut text = String::from("customer;date;amount\n");
    for i in 0..CSV_SAMPLE_ROWS {
        text.push_str(&format!("c{i};05.03.2024;1.234,50\n"));
    }
    text.push_str("late;05.03.2024;1,234.50\n");
    let imp = import(text.as_bytes(), None, &ImportOptions::default()).unwrap();
    let Dataset::Orders(t) = imp.dataset else { panic!() };
    assert_eq!(t.rows.len(), CSV_SAMPLE_ROWS);
    assert_eq!(t.rejected.len(), 1);
    assert_eq!(t.rejected[0].line, CSV_SAMPLE_ROWS + 2);
    assert_eq!(t.rejected[0].reason, RejectReason::NotANumber { value: "1,234.50".into() });
    assert_eq!(imp.report.rows_sampled, CSV_SAMPLE_ROWS);
}

#[test]
fn repeated_names_share_one_allocation() {
    let mut text = String::from("user,timestamp,account,feature\n");
    for i in 0..30_000 {
        text.push_str(&format!("u{},2024-03-0{} 10:00,acme,f{}\n", i % 3, 1 + i % 9, i % 2));
    }
    let opts =
        ImportOptions { kind: Some(crate::dataset::DatasetKind::Usage), ..Default::default() };
    /// Hands out at most 100 kB a read, so that the rows come in several chunks.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(100_000);
            let mut head = self.0.get(..n.min(self.0.len())).unwrap_or(&[]);
            let read = head.read(buf)?;
            self.0 = self.0.get(read..).unwrap_or(&[]);
            Ok(read)
        }
    }
    let (mut rows, mut chunks) = (Vec::new(), 0);
    let imp = import_reader_with(Trickle(text.as_bytes()), None, &opts, &mut |d| {
        let Dataset::Usage(t) = d else { panic!("usage expected") };
        rows.extend(t.rows);
        chunks += 1;
    });
    assert!(chunks > 2);
    let Dataset::Usage(last) = imp.unwrap().unwrap().dataset else { panic!("usage expected") };
    rows.extend(last.rows);
    assert_eq!(rows.len(), 30_000);
    let (first, later) = (&rows[0], &rows[29_997]);
    assert_eq!(&*later.user, "u0");
    // the same value in another chunk is the same pointer, not a copy
    assert!(std::sync::Arc::ptr_eq(&first.user, &later.user));
    assert!(std::sync::Arc::ptr_eq(
        first.account.as_ref().unwrap(),
        later.account.as_ref().unwrap()
    ));
    assert!(std::sync::Arc::ptr_eq(
        rows[0].feature.as_ref().unwrap(),
        rows[2].feature.as_ref().unwrap()
    ));
}

#[test]
fn reader_equals_bytes() {
    let mut text = String::from("customer,score\n");
    for i in 0..20_000 {
        text.push_str(&format!("c{i},{}\n", i % 11));
    }
    let a = import(text.as_bytes(), None, &ImportOptions::default()).unwrap();
    let b = import_reader(text.as_bytes(), None, &ImportOptions::default()).unwrap().unwrap();
    assert_eq!(a, b);
    let j =
        import_reader(&br#"[{"score": 3}]"#[..], None, &ImportOptions::default()).unwrap().unwrap();
    assert_eq!(j.report.source.format, Format::Json);
}

#[test]
fn streaming_detects_windows_1252() {
    let bytes = b"Kunde;Bewertung\r\nJ\xe4ger;9\r\nM\xfcller;3\r\n";
    let mut s = CsvImporter::new(ImportOptions::default());
    for c in bytes.chunks(3) {
        s.push(c);
    }
    let imp = s.finish().unwrap();
    assert_eq!(imp.report.source.encoding, Some(TextEncoding::Windows1252));
    assert!(!imp.report.malformed_text);
    let Dataset::Survey(t) = imp.dataset else { panic!() };
    assert_eq!(t.rows[0].customer.as_deref(), Some("Jäger"));
}

#[test]
fn streaming_equals_whole() {
    let mut text = String::from("Kunde;Bewertung;Datum;Plan\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "K{};{};{:02}.03.2024;{}\n",
            i % 50,
            i % 11,
            i % 28 + 1,
            ["Basic", "Pro"][i % 2]
        ));
    }
    let whole = import(text.as_bytes(), None, &ImportOptions::default()).unwrap();
    let mut s = CsvImporter::new(ImportOptions::default());
    for c in text.as_bytes().chunks(777) {
        s.push(c);
    }
    let streamed = s.finish().unwrap();
    assert_eq!(whole, streamed);
    let Dataset::Survey(t) = whole.dataset else { panic!() };
    assert_eq!(t.rows.len(), 3000);
    assert_eq!(t.segments.len(), 1);
    assert_eq!(t.segments[0].values, vec!["Basic", "Pro"]);
}

/// A Windows-1252 file whose first umlaut comes after the first 64 KiB reads right when
/// streamed (the encoding switches at the first byte that is not UTF-8).
#[test]
fn a_late_first_umlaut_still_reads_windows_1252() {
    let mut bytes = b"Kunde;Land;Bewertung\r\n".to_vec();
    for i in 0..5000 {
        bytes.extend_from_slice(format!("K{i};Deutschland;{}\r\n", i % 11).as_bytes());
    }
    assert!(bytes.len() > SNIFF_BYTES);
    bytes.extend_from_slice(b"K-late;\xd6sterreich;9\r\n");
    let imp = import_reader(&bytes[..], None, &ImportOptions::default()).unwrap().unwrap();
    assert_eq!(imp.report.source.encoding, Some(TextEncoding::Windows1252));
    assert!(!imp.report.malformed_text);
    let Dataset::Survey(t) = imp.dataset else { panic!("survey expected") };
    let land = t.segments.iter().find(|s| s.name == "Land").expect("segment Land");
    assert!(land.values.iter().any(|v| v == "Österreich"), "{:?}", land.values);
}

#[test]
fn an_unclosed_quote_is_an_error_with_its_line_not_one_big_row() {
    let mut text = String::from("score,comment\n9,\"abc\n");
    for _ in 0..2000 {
        text.push_str("10,more text\n");
    }
    let e = import(text.as_bytes(), None, &ImportOptions::default()).unwrap_err();
    assert_eq!(e, ImportError::UnclosedQuote { line: 2 });
    assert!(e.message(crate::i18n::Lang::En).contains("line 2"));
    assert!(e.message(crate::i18n::Lang::De).contains("Zeile 2"));
    // streamed the same
    let e = import_reader(text.as_bytes(), None, &ImportOptions::default()).unwrap().unwrap_err();
    assert_eq!(e, ImportError::UnclosedQuote { line: 2 });
    // the answer: read quotes literally
    let o = ImportOptions { literal_quotes: true, ..Default::default() };
    let (t, _) = match import(text.as_bytes(), None, &o).unwrap().dataset {
        Dataset::Survey(t) => (t, ()),
        _ => panic!("survey expected"),
    };
    assert_eq!(t.rows.len(), 2001);
}

#[test]
fn a_huge_cell_and_too_many_columns_are_refused_with_their_limit() {
    let text = format!("score,comment\n9,{}\n", "x".repeat(limits::FIELD_BYTES + 1));
    let e = import(text.as_bytes(), None, &ImportOptions::default()).unwrap_err();
    assert_eq!(e, ImportError::FieldTooLong { line: 2, limit_bytes: limits::FIELD_BYTES });
    assert!(
        e.message(crate::i18n::Lang::En).contains("1 MiB"),
        "{}",
        e.message(crate::i18n::Lang::En)
    );
    let wide = format!("score{}\n9\n", ",c".repeat(limits::COLUMNS + 10));
    let e = import(wide.as_bytes(), None, &ImportOptions::default()).unwrap_err();
    assert_eq!(e, ImportError::TooManyColumns { line: 1, limit: limits::COLUMNS });
    assert!(e.message(crate::i18n::Lang::De).contains("Spalten"));
}

#[test]
fn json_nested_too_deep_is_refused() {
    let deep =
        format!("{}{}", "[".repeat(limits::JSON_DEPTH + 1), "]".repeat(limits::JSON_DEPTH + 1));
    let e = import(deep.as_bytes(), Some("x.json"), &ImportOptions::default()).unwrap_err();
    assert_eq!(e, ImportError::JsonTooDeep { limit: limits::JSON_DEPTH });
    // brackets inside strings do not count
    let ok = format!(r#"[{{"score": 9, "comment": "{}"}}]"#, "[".repeat(200));
    assert!(import(ok.as_bytes(), Some("x.json"), &ImportOptions::default()).is_ok());
}

/// A zip whose directory says its parts inflate to `sizes` (the entries themselves are
/// empty: the limit is checked before anything is unpacked).
fn zip_declaring(sizes: &[u32]) -> Vec<u8> {
    let mut out = b"PK\x03\x04".to_vec();
    out.extend_from_slice(&[0u8; 26]);
    let cd_start = out.len() as u32;
    for (i, size) in sizes.iter().enumerate() {
        let name = format!("xl/worksheets/sheet{i}.xml");
        out.extend_from_slice(b"PK\x01\x02");
        out.extend_from_slice(&[0u8; 16]);
        out.extend_from_slice(&1000u32.to_le_bytes()); // compressed
        out.extend_from_slice(&size.to_le_bytes()); // uncompressed
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0u8; 16]);
        out.extend_from_slice(name.as_bytes());
    }
    let cd_len = out.len() as u32 - cd_start;
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(sizes.len() as u16).to_le_bytes());
    out.extend_from_slice(&(sizes.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd_start.to_le_bytes());
    out.extend_from_slice(&[0u8; 2]);
    out
}

#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused_before_unpacking() {
    let bomb = zip_declaring(&[600 << 20, 500 << 20]);
    assert_eq!(sheet::zip_inflated_size(&bomb), Some(1100 << 20));
    let e = import(&bomb, Some("bomb.xlsx"), &ImportOptions::default()).unwrap_err();
    let limit = sheet::inflation_limit(bomb.len());
    assert_eq!(e, ImportError::WorkbookTooLarge { limit_bytes: limit });
    assert!(e.message(crate::i18n::Lang::En).contains("inflates to more than 64 MiB"));
    // relative: a 2.6 MB file may inflate to 260 MB, a bigger one up to the absolute limit
    assert_eq!(sheet::inflation_limit(2_600_000), 260_000_000);
    assert_eq!(sheet::inflation_limit(100 << 20), limits::WORKBOOK_INFLATED_BYTES);
    // a small honest workbook passes the check (and fails later only if it is broken)
    let small = zip_declaring(&[10 << 20]);
    assert!(!matches!(
        import(&small, None, &ImportOptions::default()),
        Err(ImportError::WorkbookTooLarge { .. })
    ));
}

#[test]
fn columns_chosen_by_header_and_unknown_headers() {
    let text = "client,paid,when\nA,12.50,2024-03-05\nB,20.00,2024-03-06\n";
    let o = ImportOptions {
        kind: Some(DatasetKind::Orders),
        columns: vec![(Field::Amount, "paid".into()), (Field::Date, "WHEN".into())],
        ..Default::default()
    };
    let imp = import(text.as_bytes(), None, &o).unwrap();
    let c = &imp.report.columns;
    assert_eq!(c[1].field, Some(Field::Amount));
    assert_eq!(c[1].reason, Some(MatchReason::UserChoice));
    assert_eq!(c[2].field, Some(Field::Date));
    assert_eq!(c[0].field, Some(Field::Customer));
    assert_eq!(c[0].reason, Some(MatchReason::Header));
    let bad = ImportOptions {
        columns: vec![(Field::Amount, "total_price".into())],
        ..Default::default()
    };
    let e = import(text.as_bytes(), None, &bad).unwrap_err();
    assert_eq!(
        e,
        ImportError::UnknownColumn {
            header: "total_price".into(),
            headers: vec!["client".into(), "paid".into(), "when".into()]
        }
    );
    assert!(e.message(crate::i18n::Lang::En).contains("client, paid, when"));
}

#[test]
fn encoding_and_delimiter_chosen_by_hand() {
    // a UTF-8 file read as Windows-1252 on purpose, and `|` inside values with `;` chosen
    let text = "Kunde;Bewertung;Notiz\nMüller;9;a|b\nJäger;3;c|d\n";
    let o = ImportOptions {
        delimiter: Some(';'),
        encoding: Some(TextEncoding::Windows1252),
        ..Default::default()
    };
    let imp = import(text.as_bytes(), None, &o).unwrap();
    assert_eq!(imp.report.source.delimiter.as_deref(), Some(";"));
    assert_eq!(imp.report.source.encoding, Some(TextEncoding::Windows1252));
    let Dataset::Survey(t) = imp.dataset else { panic!() };
    assert_eq!(t.rows[0].customer.as_deref(), Some("MÃ¼ller"));
    let tabbed = "score\tcomment\n9\ta,b\n";
    let o = ImportOptions { delimiter: Some('\t'), ..Default::default() };
    let (t, r) = match import(tabbed.as_bytes(), None, &o).unwrap() {
        Imported { dataset: Dataset::Survey(t), report } => (t, report),
        _ => panic!(),
    };
    assert_eq!(r.source.delimiter.as_deref(), Some("\t"));
    assert_eq!(t.rows[0].comment.as_deref(), Some("a,b"));
}
