//! Workbooks (`.xlsx`, `.ods`, also `.xls`/`.xlsb`) via calamine.
//!
//! Cells are turned into text the way a program writes them (numbers with a decimal point
//! and no grouping, date cells as ISO `yyyy-mm-dd hh:mm:ss` from their Excel serial), then
//! go through the same planning and building as CSV; the row number of a record is the
//! sheet row (1-based), as the user sees it in the spreadsheet.

use std::io::Cursor;

use calamine::{Data, Ods, Reader, Xlsx};

use super::{limits, Format, ImportError, ImportOptions, Imported, RecordSink};

/// Zip container (xlsx, ods) or OLE compound file (xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

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

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

pub fn import_workbook(bytes: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    // The two formats by name, not calamine's auto-detection: that would also link the
    // legacy .xls/.xlsb readers and every code page into the app's wasm.
    let unreadable =
        |e: &dyn std::fmt::Display| ImportError::UnreadableSheet { detail: e.to_string() };
    check_inflated_size(bytes)?;
    if is_ods(bytes) {
        let wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
        read_workbook(wb, Format::Ods, options)
    } else {
        let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
        read_workbook(wb, Format::Xlsx, options)
    }
}

fn read_workbook<RS, R>(
    mut wb: R,
    format: Format,
    options: &ImportOptions,
) -> Result<Imported, ImportError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let sheets = wb.sheet_names();
    let (name, range) = match &options.sheet {
        Some(want) => {
            let name = sheets
                .iter()
                .find(|s| *s == want || s.eq_ignore_ascii_case(want))
                .cloned()
                .ok_or_else(|| ImportError::SheetNotFound {
                    name: want.clone(),
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
    let mut sink = RecordSink::for_table(options.clone(), format);
    sink.set_sheets(sheets, Some(name));
    for (i, row) in range.rows().enumerate().skip(header_at) {
        if filled(row) == 0 {
            continue;
        }
        let fields: Vec<String> = row.iter().map(cell_text).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        sink.record_fields(first_row + i + 1, &fields);
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

/// Refuses a zip whose entries declare more inflated bytes than [`inflation_limit`]
/// before anything is unpacked (a 2.6 MB sheet of 1 GB XML would otherwise be read whole).
fn check_inflated_size(bytes: &[u8]) -> Result<(), ImportError> {
    let limit = inflation_limit(bytes.len());
    match zip_inflated_size(bytes) {
        Some(total) if total > limit => Err(ImportError::WorkbookTooLarge { limit_bytes: limit }),
        _ => Ok(()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_workbook_is_an_error_not_a_panic() {
        let r = import_workbook(b"PK\x03\x04garbage", &ImportOptions::default());
        assert!(matches!(r, Err(ImportError::UnreadableSheet { .. })));
    }

    #[test]
    fn floats() {
        assert_eq!(float_text(49.0), "49");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(1234.5), "1234.5");
    }
}
