//! The progress line on standard error while a big input is read.

use std::io::{IsTerminal, Read, Write};
use std::time::Instant;

/// Counts what passes through and, when stderr is a terminal and the input is big, shows
/// a progress line there (bytes read, lines, rate), cleared at the end.
pub(crate) struct Progress<R> {
    pub(crate) inner: R,
    pub(crate) bytes: u64,
    pub(crate) lines: u64,
    pub(crate) started: Instant,
    pub(crate) shown_at: Option<Instant>,
    pub(crate) enabled: bool,
}

/// Inputs below this size finish before a progress line would help.
pub(crate) const PROGRESS_FROM_BYTES: u64 = 4 << 20;

impl<R: Read> Progress<R> {
    pub(crate) fn new(inner: R) -> Self {
        Progress {
            inner,
            bytes: 0,
            lines: 0,
            started: Instant::now(),
            shown_at: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self) {
        let now = Instant::now();
        if self.shown_at.is_some_and(|t| now.duration_since(t).as_millis() < 250) {
            return;
        }
        self.shown_at = Some(now);
        let secs = now.duration_since(self.started).as_secs_f64().max(1e-3);
        let mb = self.bytes as f64 / 1e6;
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{mb:.1} MB read, {} lines, {:.1} MB/s ", self.lines, mb / secs);
        let _ = err.flush();
    }

    pub(crate) fn clear(&self) {
        if self.shown_at.is_some() {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        if self.enabled {
            self.lines +=
                buf.get(..n).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() as u64);
            if self.bytes >= PROGRESS_FROM_BYTES {
                self.show();
            }
        }
        Ok(n)
    }
}
