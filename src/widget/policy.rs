//! Delivery policy, without browser types: revision keys, what a response means, when to
//! retry, and the outbox limits. Pure Rust, compiled on every target; the browser side is
//! [`super::delivery`].
//!
//! Every send of an answer is one *revision* of it: revision 1 carries the score (sent the
//! moment it is clicked), later revisions the changed score and/or the comment. The key of
//! revision 1 is the answer id, of revision n `<id>.<n>`; in `cors` mode it is the
//! `Idempotency-Key` header, in the other modes the body carries `id` and `revision`.

use super::num::{cat, int, split_at_byte};

/// Queued revisions older than this are dropped (30 days).
pub const MAX_AGE_MS: f64 = 30.0 * 86_400_000.0;
/// At most this many revisions wait per endpoint; the oldest are dropped first.
pub const MAX_PER_ENDPOINT: usize = 100;
/// At most this many retries (sends after a failure) per page view; what is left waits
/// for the next page view.
pub const MAX_RETRIES_PER_VIEW: u32 = 20;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Formats 16 random bytes as a version-4 UUID.
pub fn uuid_from(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(x >> 4) as usize] as char);
        s.push(HEX[(x & 15) as usize] as char);
    }
    s
}

/// The key of revision `rev` of answer `id`.
pub fn key_of(id: &str, rev: u32) -> String {
    if rev <= 1 {
        id.to_string()
    } else {
        cat(&[id, ".", &int(rev as i64)])
    }
}

/// Splits a key into (id, revision).
pub fn split_key(key: &str) -> (&str, u32) {
    match split_at_byte(key, b'.', true) {
        Some((id, r)) => match digits(r) {
            Some(n) => (id, n),
            None => (key, 1),
        },
        None => (key, 1),
    }
}

/// How a queued revision relates to a new one (keys `queued` and `new`): `None` if the
/// queue already holds the same or a newer revision of that answer (the new one is not
/// queued), `Some(true)` if the queued one is older (it is dropped: the new revision
/// carries every field), `Some(false)` if it is another answer.
pub fn replaces(queued: &str, new: &str) -> Option<bool> {
    let (qi, qr) = split_key(queued);
    let (ni, nr) = split_key(new);
    if qi != ni {
        Some(false)
    } else if qr >= nr {
        None
    } else {
        Some(true)
    }
}

/// Wait before try `attempts + 1`: base·2^(attempts−1), at most `max`.
pub fn backoff(base: f64, max: f64, attempts: u32) -> f64 {
    (base * 2f64.powi(attempts.saturating_sub(1).min(30) as i32)).min(max)
}

/// What to do after a response.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered: drop from the outbox, `survey:sent`.
    Done,
    /// Keep and try again later.
    Retry,
    /// Rejected for good: drop, `survey:error`.
    Final,
}

/// A readable response status (0 = network error, time-out or a blocked CORS read).
pub fn classify(status: u16) -> Outcome {
    match status {
        200..=299 => Outcome::Done,
        0 | 408 | 429 | 500..=599 => Outcome::Retry,
        _ => Outcome::Final,
    }
}

/// The outcome of a fetch: `opaque` is a completed `no-cors` request, whose status the
/// page may not read. It counts as delivered; a 500 behind it is not seen.
pub fn outcome(status: u16, opaque: bool) -> Outcome {
    if opaque {
        Outcome::Done
    } else {
        classify(status)
    }
}

/// Whether another retry may be sent in this page view after `sent` retries.
pub fn may_retry(sent: u32) -> bool {
    sent < MAX_RETRIES_PER_VIEW
}

/// Whether a queued revision is dropped: queued more than [`MAX_AGE_MS`] ago, or
/// `newer` revisions for the same endpoint are already kept (at most [`MAX_PER_ENDPOINT`]).
/// The outbox is in arrival order, so the caller walks it from the newest end and counts.
pub fn over_limit(queued_at: f64, now: f64, newer: usize) -> bool {
    now - queued_at > MAX_AGE_MS || newer >= MAX_PER_ENDPOINT
}

/// Decimal digits to a number, without core's integer parser (and its error type).
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    let mut n = 0u32;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (b - b'0') as u32;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: f64 = 86_400_000.0;

    #[test]
    fn keys_and_revisions() {
        assert_eq!(key_of("a", 1), "a");
        assert_eq!(key_of("a", 3), "a.3");
        assert_eq!(split_key("a.3"), ("a", 3));
        assert_eq!(split_key("a"), ("a", 1));
        assert_eq!(replaces("a", "a.2"), Some(true));
        assert_eq!(replaces("a.2", "a.2"), None);
        assert_eq!(replaces("a.3", "a.2"), None);
        assert_eq!(replaces("b", "a.2"), Some(false));
        let u = uuid_from([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }

    #[test]
    fn retry_policy() {
        assert_eq!(backoff(2000.0, 300_000.0, 1), 2000.0);
        assert_eq!(backoff(2000.0, 300_000.0, 4), 16_000.0);
        assert_eq!(backoff(2000.0, 300_000.0, 40), 300_000.0);
        assert_eq!(classify(204), Outcome::Done);
        for s in [0, 408, 429, 500, 503] {
            assert_eq!(classify(s), Outcome::Retry, "{s}");
        }
        for s in [301, 400, 404, 405, 422] {
            assert_eq!(classify(s), Outcome::Final, "{s}");
        }
        // no-cors: a completed request is delivered; a network failure is retried.
        assert_eq!(outcome(0, true), Outcome::Done);
        assert_eq!(outcome(0, false), Outcome::Retry);
        assert!(may_retry(MAX_RETRIES_PER_VIEW - 1));
        assert!(!may_retry(MAX_RETRIES_PER_VIEW));
    }

    #[test]
    fn outbox_limits() {
        let now = 100.0 * DAY;
        assert!(!over_limit(now - 30.0 * DAY, now, 0));
        assert!(over_limit(now - 30.0 * DAY - 1.0, now, 0));
        assert!(!over_limit(now, now, MAX_PER_ENDPOINT - 1));
        assert!(over_limit(now, now, MAX_PER_ENDPOINT));
        // revision suffixes: digits only
        assert_eq!(split_key("a.b"), ("a.b", 1));
        assert_eq!(split_key("a.12"), ("a", 12));
        assert_eq!(split_key("a."), ("a.", 1));
        assert_eq!(split_key("a.99999999999"), ("a.99999999999", 1));
    }
}
