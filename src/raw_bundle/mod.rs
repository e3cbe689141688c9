//! Our own wasm bundles without wasm-bindgen's glue (`workbook.wasm` for the worker,
//! `extras.wasm` for the app): what most users never need, fetched when first asked for.
//! Such a bundle has no imports that do anything; it is talked to through its exported
//! memory and functions, bytes in and bytes out:
//!
//! 1. `<name>_input(len)` (and any further such buffer, e.g. `workbook_sheet`) reserves a
//!    zeroed buffer of `len` bytes and returns its address; the caller copies the question
//!    into it ([`Buffer::reserve`]).
//! 2. A function per question reads the buffers, keeps its answer and returns the answer's
//!    length ([`Buffer::keep`]).
//! 3. `<name>_answer()` returns the answer's address ([`Buffer::address`]).
//!
//! This half is the bundle's side (plain Rust); [`js`] is the caller's side (browser builds).

use std::cell::RefCell;
use std::thread::LocalKey;

#[cfg(any(feature = "app", feature = "worker"))]
pub mod js;

/// One of a bundle's buffers: a thread-local `RefCell<Vec<u8>>` (a wasm has one thread).
pub type Buffer = LocalKey<RefCell<Vec<u8>>>;

/// What a bundle does with its buffers.
pub trait BufferExt {
    /// A zeroed buffer of `len` bytes in place of the old one; its address.
    fn reserve(&'static self, len: usize) -> *mut u8;
    /// The buffer's bytes, leaving it empty (a question is read once).
    fn take(&'static self) -> Vec<u8>;
    /// Keeps `bytes` (an answer); their length.
    fn keep(&'static self, bytes: Vec<u8>) -> usize;
    /// The address of the bytes kept.
    fn address(&'static self) -> *const u8;
}

impl BufferExt for Buffer {
    fn reserve(&'static self, len: usize) -> *mut u8 {
        self.with(|b| {
            let mut b = b.borrow_mut();
            *b = vec![0; len];
            b.as_mut_ptr()
        })
    }

    fn take(&'static self) -> Vec<u8> {
        self.with(|b| std::mem::take(&mut *b.borrow_mut()))
    }

    fn keep(&'static self, bytes: Vec<u8>) -> usize {
        let len = bytes.len();
        self.with(|b| *b.borrow_mut() = bytes);
        len
    }

    fn address(&'static self) -> *const u8 {
        self.with(|b| b.borrow().as_ptr())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static QUESTION: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    #[test]
    fn a_question_is_reserved_zeroed_read_once_and_an_answer_kept() {
        QUESTION.keep(b"old".to_vec());
        let at = QUESTION.reserve(4);
        assert_eq!(QUESTION.with(|b| b.borrow().clone()), vec![0; 4]);
        // the caller writes through the address it was given
        unsafe { std::ptr::copy_nonoverlapping(b"nps?".as_ptr(), at, 4) };
        assert_eq!(QUESTION.take(), b"nps?");
        assert!(QUESTION.take().is_empty());
        assert_eq!(QUESTION.keep(b"42".to_vec()), 2);
        assert_eq!(unsafe { std::slice::from_raw_parts(QUESTION.address(), 2) }, b"42");
    }
}
