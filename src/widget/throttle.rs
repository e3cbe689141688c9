//! Throttling and sampling. State lives in first-party localStorage under `nps-survey:`:
//! `vid` (random visitor id), `t:<survey-id>` (epoch ms before which the survey is not
//! shown again) and `s:<survey-id>` ("1"/"0": the sampling decision, read by the loader so
//! a sampled-out visitor never downloads the wasm).

use super::config::Options;
use super::num::{cat, int};
use super::store;

/// FNV-1a, 32 bit: a stable hash (same result in every browser, every page view).
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Whether a visitor is in the `pct` % sample of a survey: decided by the hash of the
/// visitor id and survey id, so it is the same on every page view.
pub fn sampled(visitor: &str, survey_id: &str, pct: f64) -> bool {
    if pct >= 100.0 {
        return true;
    }
    let key = cat(&[visitor, "|", survey_id]);
    // Buckets of 0.01 %: 0..10000.
    ((fnv1a(&key) % 10_000) as f64) < pct * 100.0
}

/// Whether the throttle window (epoch ms `until`) still blocks at `now`.
pub fn blocked(until: Option<f64>, now: f64) -> bool {
    matches!(until, Some(u) if u > now)
}

/// Reads the state and decides whether the survey may show now. Records the sampling
/// decision so the loader can skip the download next time.
pub fn allowed(opts: &Options, now: f64) -> bool {
    let until = store::get(&cat(&["t:", &opts.survey_id])).and_then(|s| super::num::parse_num(&s));
    if blocked(until, now) {
        return false;
    }
    let vid = store::visitor_id();
    let yes = sampled(&vid, &opts.survey_id, opts.sample);
    store::set(&cat(&["s:", &opts.survey_id]), if yes { "1" } else { "0" });
    yes
}

/// Do not show again for `days` days.
pub fn snooze(opts: &Options, now: f64, days: f64) {
    if days > 0.0 {
        store::set(&cat(&["t:", &opts.survey_id]), &int((now + days * 86_400_000.0) as i64));
    }
}
