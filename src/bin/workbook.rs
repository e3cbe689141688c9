//! The workbook reader as a wasm of its own (`workbook.wasm`, built by
//! scripts/build-workbook.sh): calamine with its zip, deflate, XML and code-page tables is
//! about half of what reading costs, and most inputs are CSV. The analysis worker fetches
//! this file on the first `.xlsx`/`.ods` and instantiates it once per workbook.
//!
//! No wasm-bindgen and no imports (`kundenkpi::raw_bundle`): the worker talks to it through
//! five exported functions and the exported memory.
//! 1. `workbook_input(len)` and `workbook_sheet(len)` reserve buffers and return their
//!    addresses; the worker copies the file's bytes and the wanted sheet's name (UTF-8,
//!    length 0 = the first sheet with data) into them.
//! 2. `workbook_read()` reads the workbook and returns the length of the answer, JSON of
//!    `Result<SheetCells, ImportError>` (`kundenkpi::import::sheet`).
//! 3. `workbook_answer()` returns the answer's address.

use std::cell::RefCell;

use kundenkpi::import::sheet::{read_cells, SheetCells};
use kundenkpi::import::ImportError;
use kundenkpi::raw_bundle::BufferExt;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static SHEET: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[no_mangle]
pub extern "C" fn workbook_input(len: usize) -> *mut u8 {
    INPUT.reserve(len)
}

#[no_mangle]
pub extern "C" fn workbook_sheet(len: usize) -> *mut u8 {
    SHEET.reserve(len)
}

/// The answer for the bytes in the input buffer.
fn answer(bytes: &[u8], sheet: &[u8]) -> Result<SheetCells, ImportError> {
    let sheet = std::str::from_utf8(sheet)
        .map_err(|_| ImportError::UnreadableSheet { detail: "sheet name is not UTF-8".into() })?;
    read_cells(bytes, Some(sheet).filter(|s| !s.is_empty()))
}

#[no_mangle]
pub extern "C" fn workbook_read() -> usize {
    let bytes = INPUT.take();
    let sheet = SHEET.take();
    let result = answer(&bytes, &sheet);
    drop(bytes);
    let json = serde_json::to_vec(&result).unwrap_or_else(|e| {
        let failed = ImportError::UnreadableSheet { detail: e.to_string() };
        serde_json::to_vec(&Err::<SheetCells, _>(failed)).unwrap_or_default()
    });
    ANSWER.keep(json)
}

#[no_mangle]
pub extern "C" fn workbook_answer() -> *const u8 {
    ANSWER.address()
}

/// Nothing to do at start: the worker calls the functions above.
fn main() {}
