//! The widget's option names, choices and defaults: the one place that the widget's
//! parser ([`super::config`]), the app's widget page and the loader (src/widget/loader.js,
//! checked by a test below) agree on. Pure Rust, compiled on every target.
//!
//! An option is an attribute: `data-<name>` on the script tag, `<name>` on `<nps-survey>`.

/// An option with a fixed list of values; the first is the default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice {
    pub name: &'static str,
    pub values: &'static [&'static str],
}

impl Choice {
    pub fn default(&self) -> &'static str {
        self.values[0]
    }
}

/// A numeric option: out-of-range values are clamped, malformed ones give the default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub name: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
}

pub const SURVEY: Choice = Choice { name: "survey", values: &["nps", "ces", "csat"] };
/// CES only: the 7-point CES 2.0 agreement scale or a 5-point one.
pub const SCALE: Choice = Choice { name: "scale", values: &["7", "5"] };
/// Empty: the page's `lang`, else the browser's language.
pub const LANG: Choice = Choice { name: "lang", values: &["", "de", "en"] };
/// `slide-in` and the attribute name `display` are accepted too.
pub const MODE: Choice = Choice { name: "mode", values: &["modal", "slidein", "bar", "inline"] };
/// Bar: only top/bottom counts.
pub const POSITION: Choice =
    Choice { name: "position", values: &["bottom-right", "bottom-left", "top-right", "top-left"] };
pub const THEME: Choice = Choice { name: "theme", values: &["light", "dark", "auto"] };
/// Read by the loader only (the wasm is not loaded before the trigger fires).
pub const TRIGGER: Choice =
    Choice { name: "trigger", values: &["immediate", "delay", "scroll", "exit", "manual"] };
pub const COMMENT: Choice = Choice { name: "comment", values: &["on", "off"] };
/// Body encoding.
pub const FORMAT: Choice = Choice { name: "format", values: &["json", "form"] };
/// How the request is made (see [`Request`]).
pub const REQUEST: Choice = Choice { name: "request", values: &["cors", "simple", "no-cors"] };

/// Loader only: seconds after page load (trigger `delay`).
pub const DELAY: Number = Number { name: "delay", default: 0.0, min: 0.0, max: 3600.0 };
/// Loader only: percent of the page scrolled (trigger `scroll`).
pub const SCROLL: Number = Number { name: "scroll", default: 50.0, min: 0.0, max: 100.0 };
pub const DAYS: Number = Number { name: "days", default: 90.0, min: 0.0, max: 3650.0 };
pub const DISMISS_DAYS: Number =
    Number { name: "dismiss-days", default: 30.0, min: 0.0, max: 3650.0 };
pub const SAMPLE: Number = Number { name: "sample", default: 100.0, min: 0.0, max: 100.0 };
pub const RETRY_BASE_MS: Number =
    Number { name: "retry-base-ms", default: 2000.0, min: 10.0, max: 3.6e6 };
pub const RETRY_MAX_MS: Number =
    Number { name: "retry-max-ms", default: 300_000.0, min: 10.0, max: 8.64e7 };
pub const TIMEOUT_MS: Number =
    Number { name: "timeout-ms", default: 10_000.0, min: 50.0, max: 120_000.0 };
pub const CLOSE_AFTER: Number = Number { name: "close-after", default: 4.0, min: 0.0, max: 3600.0 };

/// Free-text options (empty by default; texts default to the built-in ones).
pub const ENDPOINT: &str = "endpoint";
pub const CUSTOMER: &str = "customer";
pub const SURVEY_ID: &str = "survey-id";
/// Prefixes: `header-<name>` (a request header), `attr-<name>` (an extra column).
pub const HEADER_PREFIX: &str = "header-";
pub const ATTR_PREFIX: &str = "attr-";
/// Look: CSS values set as custom properties on the host element.
pub const STYLE_VARS: [(&str, &str); 6] = [
    ("accent", "--nps-accent"),
    ("accent-text", "--nps-accent-text"),
    ("bg", "--nps-bg"),
    ("fg", "--nps-fg"),
    ("font", "--nps-font"),
    ("radius", "--nps-radius"),
];

/// Every choice option, for the app's page and the tests.
pub const CHOICES: [Choice; 10] =
    [SURVEY, SCALE, LANG, MODE, POSITION, THEME, TRIGGER, COMMENT, FORMAT, REQUEST];
/// Every numeric option.
pub const NUMBERS: [Number; 9] = [
    DELAY,
    SCROLL,
    DAYS,
    DISMISS_DAYS,
    SAMPLE,
    RETRY_BASE_MS,
    RETRY_MAX_MS,
    TIMEOUT_MS,
    CLOSE_AFTER,
];

/// How answers are sent (option `request`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Default: `Content-Type: application/json` (or form), the `Idempotency-Key` header
    /// and any `header-*`: the browser sends a CORS preflight first.
    Cors = 0,
    /// A CORS "simple" request, no preflight: no custom headers, the JSON as
    /// `text/plain;charset=UTF-8` (or form-encoded), id and revision in the body, redirects
    /// followed. The receiver must send `Access-Control-Allow-Origin` for its answer to be
    /// read; then failures are retried as in `cors` mode.
    Simple = 1,
    /// Like `simple`, sent with `mode: "no-cors"` for receivers that send no CORS headers:
    /// the answer cannot be read, so a completed request counts as delivered (an HTTP
    /// error is not seen and not retried) and only a network failure is retried.
    NoCors = 2,
}

impl Request {
    pub fn parse(v: Option<&str>) -> Request {
        match pick(v, REQUEST.values) {
            1 => Request::Simple,
            2 => Request::NoCors,
            _ => Request::Cors,
        }
    }

    pub fn from_code(n: u32) -> Request {
        match n {
            1 => Request::Simple,
            2 => Request::NoCors,
            _ => Request::Cors,
        }
    }

    /// The `Content-Type` of the body (a CORS-safelisted one unless `Cors`).
    pub fn content_type(self, form: bool) -> &'static str {
        match (self, form) {
            (_, true) => "application/x-www-form-urlencoded;charset=UTF-8",
            (Request::Cors, false) => "application/json",
            (_, false) => "text/plain;charset=UTF-8",
        }
    }

    /// Whether the Idempotency-Key and `header-*` headers are sent (only in `cors` mode:
    /// any other header would force the preflight).
    pub fn custom_headers(self) -> bool {
        self == Request::Cors
    }

    /// Whether the body carries the revision (the receiver has no Idempotency-Key then).
    pub fn revision_in_body(self) -> bool {
        self != Request::Cors
    }
}

/// Index of `v` (trimmed, ASCII case-insensitive) in `options`, or `options.len()`.
#[inline(never)]
pub fn pick(v: Option<&str>, options: &[&str]) -> usize {
    let v = v.unwrap_or("").trim();
    options.iter().position(|o| o.eq_ignore_ascii_case(v)).unwrap_or(options.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER: &str = include_str!("loader.js");

    #[test]
    fn request_modes_and_their_headers() {
        assert_eq!(Request::parse(None), Request::Cors);
        assert_eq!(Request::parse(Some(" Simple ")), Request::Simple);
        assert_eq!(Request::parse(Some("no-cors")), Request::NoCors);
        assert_eq!(Request::parse(Some("nocors")), Request::Cors);
        assert_eq!(Request::Cors.content_type(false), "application/json");
        assert_eq!(Request::Simple.content_type(false), "text/plain;charset=UTF-8");
        assert_eq!(
            Request::NoCors.content_type(true),
            "application/x-www-form-urlencoded;charset=UTF-8"
        );
        assert!(Request::Cors.custom_headers() && !Request::Simple.custom_headers());
        assert!(Request::NoCors.revision_in_body() && !Request::Cors.revision_in_body());
        for r in [Request::Cors, Request::Simple, Request::NoCors] {
            assert_eq!(Request::from_code(r as u32), r);
        }
    }

    #[test]
    fn names_are_unique_and_defaults_in_range() {
        let mut names: Vec<&str> = CHOICES.iter().map(|c| c.name).collect();
        names.extend(NUMBERS.iter().map(|n| n.name));
        names.extend([ENDPOINT, CUSTOMER, SURVEY_ID]);
        names.extend(STYLE_VARS.iter().map(|(n, _)| *n));
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{names:?}");
        for n in NUMBERS {
            assert!(n.min <= n.default && n.default <= n.max, "{}", n.name);
        }
    }

    /// The loader reads a few options before the wasm exists: its names, values and
    /// defaults must be the ones here.
    #[test]
    fn loader_agrees_with_the_options() {
        for (js, name) in [
            ("c.trigger", TRIGGER.name),
            ("c.survey", SURVEY.name),
            ("c['survey-id']", SURVEY_ID),
            ("'data-endpoint'", ENDPOINT),
        ] {
            assert!(LOADER.contains(js), "loader.js does not read {js}");
            assert!(js.contains(name));
        }
        for v in &TRIGGER.values[1..] {
            assert!(
                LOADER.contains(&format!("t === '{v}'"))
                    || LOADER.contains(&format!("t !== '{v}'")),
                "trigger {v}"
            );
        }
        assert!(LOADER.contains(&format!("(c.survey || '{}')", SURVEY.default())));
        assert!(LOADER.contains(&format!("(+c.scroll || {})", SCROLL.default)));
        assert!(LOADER.contains(&format!("(+c.delay || {})", DELAY.default)));
        // Every option the loader reads is one the widget knows.
        let known: Vec<&str> = CHOICES
            .iter()
            .map(|c| c.name)
            .chain(NUMBERS.iter().map(|n| n.name))
            .chain([ENDPOINT, SURVEY_ID])
            .collect();
        for (i, _) in LOADER.match_indices("c.") {
            let rest = &LOADER[i + 2..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let before = LOADER[..i].chars().last().unwrap_or(' ');
            if !name.is_empty() && !before.is_ascii_alphanumeric() && before != '.' {
                assert!(known.contains(&name.as_str()), "loader reads unknown option c.{name}");
            }
        }
    }
}
