//! Workbooks (`.xlsx`, `.ods`, also `.xls`/`.xlsb`) via calamine.
//!
//! Cells are turned into text the way a program writes them (numbers with a decimal point
//! and no grouping, date cells as ISO `yyyy-mm-dd hh:mm:ss` from their Excel serial), then
//! go through the same planning and building as CSV; the row number of a record is the
//! sheet row (1-based), as the user sees it in the spreadsheet.
//!
//! The reading (calamine, zip, deflate, XML, code pages) is behind the feature `workbook`.
//! The browser's analysis worker is built without it, so that its wasm stays small: there
//! the cells come from the workbook bundle (`src/bin/workbook.rs`, loaded on the first
//! workbook), which the worker registers with [`set_workbook_reader`]. Both paths end in
//! [`import_cells`], so a workbook gives the same dataset in the browser as in `kpi`.

use serde::{Deserialize, Serialize};

use super::{limits, Format, ImportError, ImportOptions, Imported, RecordSink};

#[cfg(feature = "workbook")]
pub use reader::{cell_text, check_inflated_bytes, read_cells};

/// Zip container (xlsx, ods) or OLE compound file (xls).
pub(super) fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The sheet chosen from a workbook, its cells as text: what the import reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetCells {
    pub format: Format,
    /// Every sheet of the workbook, in order.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub name: String,
    /// From the header row on, each row with a filled cell: (sheet row, 1-based; its cells).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads the cells of a workbook's sheet (`sheet`: by name, else the first with data).
pub type WorkbookReader = fn(&[u8], Option<&str>) -> Result<SheetCells, ImportError>;

static READER: std::sync::OnceLock<WorkbookReader> = std::sync::OnceLock::new();

/// Where a build without the feature `workbook` gets a workbook's cells from (the browser
/// worker: from the workbook bundle). The first reader set stays.
pub fn set_workbook_reader(reader: WorkbookReader) {
    let _ = READER.set(reader);
}

pub(super) fn import_workbook(
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let sheet = options.sheet.as_deref();
    #[cfg(feature = "workbook")]
    let cells = read_cells(bytes, sheet)?;
    #[cfg(not(feature = "workbook"))]
    let cells = match READER.get() {
        Some(read) => read(bytes, sheet)?,
        None => {
            return Err(ImportError::UnreadableSheet {
                detail: "this build has no workbook reader".into(),
            })
        }
    };
    import_cells(cells, options)
}

/// The records of a sheet's cells, as the CSV import builds them.
pub fn import_cells(cells: SheetCells, options: &ImportOptions) -> Result<Imported, ImportError> {
    let SheetCells { format, sheets, name, rows } = cells;
    let mut sink = RecordSink::for_table(options.clone(), format);
    sink.set_sheets(sheets, Some(name));
    for (row, fields) in &rows {
        sink.record_fields(*row, fields);
    }
    sink.finish()
}

/// What the workbook may inflate to: [`limits::WORKBOOK_RATIO`] times its size (at least
/// [`limits::WORKBOOK_RATIO_FLOOR`]), never more than [`limits::WORKBOOK_INFLATED_BYTES`].
pub fn inflation_limit(file_bytes: usize) -> u64 {
    let relative = (file_bytes as u64).saturating_mul(limits::WORKBOOK_RATIO);
    // the floor is below the absolute limit, so clamp cannot panic
    relative.clamp(limits::WORKBOOK_RATIO_FLOOR, limits::WORKBOOK_INFLATED_BYTES)
}

/// The sum of the uncompressed sizes in a zip's central directory (`None` when there is
/// none to read: not a zip, or a broken one, which calamine then reports). A ZIP64 size
/// marker counts as 4 GiB.
pub fn zip_inflated_size(bytes: &[u8]) -> Option<u64> {
    let u16_at = |i: usize| bytes.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at =
        |i: usize| bytes.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    // End of central directory: the last "PK\x05\x06" within the final 64 KiB + 22 bytes.
    let lo = bytes.len().saturating_sub(65_557);
    let eocd =
        (lo..bytes.len().saturating_sub(21)).rev().find(|&i| u32_at(i) == Some(0x0605_4b50))?;
    let entries = u16_at(eocd + 10)? as usize;
    let mut at = u32_at(eocd + 16)? as usize;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if u32_at(at)? != 0x0201_4b50 {
            return None;
        }
        let size = u32_at(at + 24)?;
        total = total.saturating_add(if size == u32::MAX { 1 << 32 } else { u64::from(size) });
        let names =
            u16_at(at + 28)? as usize + u16_at(at + 30)? as usize + u16_at(at + 32)? as usize;
        at = at.checked_add(46 + names)?;
    }
    Some(total)
}

/// The reading itself: calamine, zip and deflate (feature `workbook`).
#[cfg(feature = "workbook")]
mod reader {
    use std::io::Cursor;

    use calamine::{Data, Ods, Reader, Xlsx};

    use super::{inflation_limit, zip_inflated_size, SheetCells};
    use crate::import::{Format, ImportError};

    fn is_ods(bytes: &[u8]) -> bool {
        // The ODF mimetype is stored uncompressed as the first zip entry.
        bytes.windows(39).take(200).any(|w| w == b"application/vnd.oasis.opendocument.spre")
    }

    /// A cell as text, numbers in canonical form.
    pub fn cell_text(cell: &Data) -> String {
        match cell {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) => float_text(*f),
            Data::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
            Data::DateTime(dt) if dt.is_datetime() => {
                let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
            Data::DateTime(dt) => float_text(dt.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    }

    pub(super) fn float_text(f: f64) -> String {
        if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
            format!("{}", f as i64)
        } else {
            format!("{f}")
        }
    }

    /// The cells of the sheet `sheet` (by name, else the first with data) of a workbook.
    pub fn read_cells(bytes: &[u8], sheet: Option<&str>) -> Result<SheetCells, ImportError> {
        // The two formats by name, not calamine's auto-detection: that would also link the
        // legacy .xls/.xlsb readers and every code page into the app's wasm.
        let unreadable =
            |e: &dyn std::fmt::Display| ImportError::UnreadableSheet { detail: e.to_string() };
        check_inflated_size(bytes)?;
        if is_ods(bytes) {
            let wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
            read_workbook(wb, Format::Ods, sheet)
        } else {
            let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
            read_workbook(wb, Format::Xlsx, sheet)
        }
    }

    fn read_workbook<RS, R>(
        mut wb: R,
        format: Format,
        sheet: Option<&str>,
    ) -> Result<SheetCells, ImportError>
    where
        RS: std::io::Read + std::io::Seek,
        R: Reader<RS>,
        R::Error: std::fmt::Display,
    {
        let sheets = wb.sheet_names();
        let (name, range) = match sheet {
            Some(want) => {
                let name = sheets
                    .iter()
                    .find(|s| *s == want || s.eq_ignore_ascii_case(want))
                    .cloned()
                    .ok_or_else(|| ImportError::SheetNotFound {
                        name: want.to_owned(),
                        sheets: sheets.clone(),
                    })?;
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|e| ImportError::UnreadableSheet { detail: e.to_string() })?;
                (name, range)
            }
            // The first sheet, unless it is empty (a cover sheet): then the first with data.
            None => {
                let mut found = None;
                for name in &sheets {
                    let range = wb
                        .worksheet_range(name)
                        .map_err(|e| ImportError::UnreadableSheet { detail: e.to_string() })?;
                    if !range.is_empty() {
                        found = Some((name.clone(), range));
                        break;
                    }
                }
                found.ok_or(ImportError::Empty)?
            }
        };
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let filled = |row: &[Data]| row.iter().filter(|c| !matches!(c, Data::Empty)).count();
        // A title in A1 above the table: the header is the first row with two filled cells
        // (if one comes within the first ten rows).
        let header_at = range.rows().take(10).position(|r| filled(r) >= 2).unwrap_or(0);
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate().skip(header_at) {
            if filled(row) == 0 {
                continue;
            }
            let fields: Vec<String> = row.iter().map(cell_text).collect();
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            rows.push((first_row + i + 1, fields));
        }
        Ok(SheetCells { format, sheets, name, rows })
    }

    /// Refuses a zip that inflates to more than [`inflation_limit`]: first by the sizes its
    /// directory declares, before anything is unpacked (a 2.6 MB sheet of 1 GB XML would
    /// otherwise be read whole), then by the bytes its parts really inflate to, since the
    /// declared sizes can lie.
    fn check_inflated_size(bytes: &[u8]) -> Result<(), ImportError> {
        let limit = inflation_limit(bytes.len());
        match zip_inflated_size(bytes) {
            Some(total) if total > limit => {
                Err(ImportError::WorkbookTooLarge { limit_bytes: limit })
            }
            _ => check_inflated_bytes(bytes, limit),
        }
    }

    /// Inflates every part of the zip into nothing and counts the bytes, stopping past
    /// `limit` (memory stays constant). A part that cannot be read is counted as far as it
    /// inflated and left to calamine to report; so is a zip without a readable directory.
    pub fn check_inflated_bytes(bytes: &[u8], limit: u64) -> Result<(), ImportError> {
        use std::io::Read;
        use zip::CompressionMethod;

        /// Counts what is written to it.
        struct Counter(u64);
        impl std::io::Write for Counter {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len() as u64;
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }

        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(());
        };
        let mut inflated = Counter(0);
        for i in 0..archive.len() {
            let Ok(raw) = archive.by_index_raw(i) else { continue };
            // `inflated.0 <= limit` here: one byte past the budget is enough to know
            let budget = limit.saturating_sub(inflated.0).saturating_add(1);
            let _ = match raw.compression() {
                CompressionMethod::Stored => std::io::copy(&mut raw.take(budget), &mut inflated),
                CompressionMethod::Deflated => std::io::copy(
                    &mut flate2::read::DeflateDecoder::new(raw).take(budget),
                    &mut inflated,
                ),
                _ => continue, // a method calamine cannot read either
            };
            if inflated.0 > limit {
                return Err(ImportError::WorkbookTooLarge { limit_bytes: limit });
            }
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "workbook"))]
mod tests {
    use super::reader::float_text;
    use super::*;

    #[test]
    fn not_a_workbook_is_an_error_not_a_panic() {
        let r = import_workbook(b"PK\x03\x04garbage", &ImportOptions::default());
        assert!(matches!(r, Err(ImportError::UnreadableSheet { .. })));
    }

    /// A deflate stream (one block, fixed codes) of at least `len` bytes of `<`: one literal,
    /// then copies of 258 bytes at distance 1, 13 bits each, so the test writes 65 MiB of
    /// inflated data in 430 KB without compressing anything.
    fn deflated_run(len: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut acc, mut n) = (0u8, 0);
        let mut bit = |b: u32, out: &mut Vec<u8>| {
            acc |= ((b & 1) as u8) << n;
            n += 1;
            if n == 8 {
                out.push(acc);
                (acc, n) = (0, 0);
            }
        };
        // header fields are written low bit first, Huffman codes high bit first
        let mut code = |c: u32, bits: u32, out: &mut Vec<u8>| {
            (0..bits).rev().for_each(|i| bit(c >> i, out));
        };
        code(0b110, 3, &mut out); // BFINAL = 1, BTYPE = 01 (fixed), low bits first: 1, 1, 0
        code(0x30 + u32::from(b'<'), 8, &mut out); // literal
        for _ in 0..len.saturating_sub(1).div_ceil(258) {
            code(0xC0 + 5, 8, &mut out); // length 258 (code 285)
            code(0, 5, &mut out); // distance 1
        }
        code(0, 7, &mut out); // end of block (256)
        if n > 0 {
            out.push(acc);
        }
        out
    }

    /// A zip of one sheet whose local header and directory both declare `declared` bytes
    /// while its data inflates to at least `actual` bytes (CRC left 0: nothing here checks it).
    fn zip_lying(declared: u32, actual: usize) -> Vec<u8> {
        let data = deflated_run(actual);
        let name = b"xl/worksheets/sheet1.xml";
        let sizes = |out: &mut Vec<u8>| {
            out.extend_from_slice(&[0u8; 4]); // time, date
            out.extend_from_slice(&0u32.to_le_bytes()); // crc-32
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&declared.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra field
        };
        let mut out = b"PK\x03\x04".to_vec();
        out.extend_from_slice(&[20, 0, 0, 0, 8, 0]); // version, flags, method: deflate
        sizes(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(&data);
        let directory = out.len() as u32;
        out.extend_from_slice(b"PK\x01\x02");
        out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0]); // made by, version, flags, method
        sizes(&mut out);
        out.extend_from_slice(&[0u8; 12]); // comment, disk, attributes
        out.extend_from_slice(&0u32.to_le_bytes()); // offset of the local header
        out.extend_from_slice(name);
        let directory_len = out.len() as u32 - directory;
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]); // disks, entries here, entries
        out.extend_from_slice(&directory_len.to_le_bytes());
        out.extend_from_slice(&directory.to_le_bytes());
        out.extend_from_slice(&[0, 0]); // comment
        out
    }

    /// The declared size says 1,000 bytes; the bytes inflated are what counts.
    #[test]
    fn a_zip_that_lies_about_its_sizes_is_measured_by_what_it_inflates_to() {
        let liar = zip_lying(1000, 3 << 20);
        assert_eq!(zip_inflated_size(&liar), Some(1000));
        assert_eq!(
            check_inflated_bytes(&liar, 1 << 20),
            Err(ImportError::WorkbookTooLarge { limit_bytes: 1 << 20 })
        );
        assert_eq!(check_inflated_bytes(&liar, 4 << 20), Ok(()));
        assert_eq!(check_inflated_bytes(&zip_lying(1000, 1000), 1 << 20), Ok(()));
        assert_eq!(
            check_inflated_bytes(b"PK\x03\x04garbage", 1 << 20),
            Ok(()),
            "calamine says why"
        );
    }

    /// Through the import with the real limits: a file of a few KB may inflate to the floor
    /// (64 MiB); this one inflates to 65 MiB while declaring 1,000 bytes.
    #[test]
    fn a_lying_workbook_gets_the_inflation_message() {
        let liar = zip_lying(1000, 65 << 20);
        let e = import_workbook(&liar, &ImportOptions::default()).unwrap_err();
        assert_eq!(e, ImportError::WorkbookTooLarge { limit_bytes: limits::WORKBOOK_RATIO_FLOOR });
        let en = e.message(crate::i18n::Lang::En);
        assert!(en.contains("This workbook inflates to more than 64 MiB"), "{en}");
        let de = e.message(crate::i18n::Lang::De);
        assert!(de.contains("Diese Arbeitsmappe wird entpackt größer als 64 MiB"), "{de}");
    }

    /// The worker gets a workbook's cells as JSON from the workbook bundle: the same records,
    /// rejections and sheet list as reading in one piece, for xlsx and ods fixtures and for
    /// a sheet asked for by name that is not there.
    #[test]
    fn cells_through_json_import_as_the_workbook_does() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/");
        for (file, sheet) in [
            ("survey_excel.xlsx", None),
            ("orders.ods", None),
            ("empty_cover_sheet.xlsx", None),
            ("survey_excel.xlsx", Some("Nope")),
        ] {
            let bytes = std::fs::read(format!("{dir}{file}")).expect("fixture");
            let options = ImportOptions { sheet: sheet.map(str::to_owned), ..Default::default() };
            let json = serde_json::to_vec(&read_cells(&bytes, sheet)).expect("json");
            let cells: Result<SheetCells, ImportError> =
                serde_json::from_slice(&json).expect("read back");
            let via_json = cells.and_then(|c| import_cells(c, &options));
            let whole = import_workbook(&bytes, &options);
            assert_eq!(format!("{via_json:?}"), format!("{whole:?}"), "{file}");
            if sheet.is_none() {
                let imported = whole.expect(file);
                assert!(imported.report.rows_read > 0, "{file}: no rows");
            }
        }
    }

    #[test]
    fn floats() {
        assert_eq!(float_text(49.0), "49");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(1234.5), "1234.5");
    }
}
