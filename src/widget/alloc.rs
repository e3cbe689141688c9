//! A tiny allocator for the widget's wasm: power-of-two size classes with free lists,
//! carved from `memory.grow`. dlmalloc (std's default) costs ~13 KB of the bundle; the
//! widget makes few, small allocations, so this is enough. Blocks above 64 KiB or with an
//! alignment above 16 are never reused (rare: none in the widget). Single-threaded wasm.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const MIN: usize = 16;
const CLASSES: usize = 13; // 16 B … 64 KiB
const PAGE: usize = 65_536;

struct State {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
}

pub struct Alloc {
    s: UnsafeCell<State>,
}

// wasm32-unknown-unknown without atomics is single-threaded.
unsafe impl Sync for Alloc {}

impl Alloc {
    pub const fn new() -> Alloc {
        Alloc { s: UnsafeCell::new(State { free: [0; CLASSES], next: 0, end: 0 }) }
    }
}

impl Default for Alloc {
    fn default() -> Self {
        Self::new()
    }
}

fn class(l: &Layout) -> Option<usize> {
    if l.align() > MIN {
        return None;
    }
    let s = l.size().max(MIN).checked_next_power_of_two()?;
    let c = (s.trailing_zeros() - MIN.trailing_zeros()) as usize;
    (c < CLASSES).then_some(c)
}

#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> usize {
    core::arch::wasm32::memory_grow(0, pages)
}
#[cfg(not(target_arch = "wasm32"))]
fn grow(_pages: usize) -> usize {
    usize::MAX
}

unsafe fn bump(s: &mut State, size: usize, align: usize) -> *mut u8 {
    // Checked arithmetic: near the 4 GiB end of wasm32 memory, fail instead of wrapping.
    let up = |x: usize| x.checked_add(align - 1).map(|x| x & !(align - 1));
    let mut p = up(s.next);
    if s.next == 0 || p.and_then(|p| p.checked_add(size)).is_none_or(|e| e > s.end) {
        let pages = size.div_ceil(PAGE) + 1;
        let prev = grow(pages);
        if prev == usize::MAX {
            return core::ptr::null_mut();
        }
        let start = prev * PAGE;
        if start != s.end || s.next == 0 {
            s.next = start;
        }
        s.end = start.saturating_add(pages * PAGE);
        p = up(s.next);
    }
    match p.and_then(|p| p.checked_add(size).map(|e| (p, e))) {
        Some((p, e)) if e <= s.end => {
            s.next = e;
            p as *mut u8
        }
        _ => core::ptr::null_mut(),
    }
}

unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let s = &mut *self.s.get();
        match class(&l) {
            Some(c) => {
                let head = s.free[c];
                if head != 0 {
                    s.free[c] = *(head as *const usize);
                    head as *mut u8
                } else {
                    bump(s, MIN << c, MIN)
                }
            }
            None => bump(s, l.size(), l.align().max(MIN)),
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        if let Some(c) = class(&l) {
            let s = &mut *self.s.get();
            *(p as *mut usize) = s.free[c];
            s.free[c] = p as usize;
        }
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if let Ok(nl) = Layout::from_size_align(new, l.align()) {
            if class(&l).is_some() && class(&l) == class(&nl) {
                return p;
            }
            let q = self.alloc(nl);
            if !q.is_null() {
                core::ptr::copy_nonoverlapping(p, q, l.size().min(new));
                self.dealloc(p, l);
            }
            return q;
        }
        core::ptr::null_mut()
    }
}
