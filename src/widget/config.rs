//! Options of one widget, parsed from attribute pairs: the `data-` attributes of the script
//! tag (without the `data-` prefix) or the attributes of a `<nps-survey>` element.
//! Pure Rust, compiled on every target: never fails, unknown or malformed values fall
//! back to the defaults of [`super::options`].

use super::options::{self as o, Request};
use super::texts::{Survey, Texts, TEXT_KEYS};
use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Inline,
    Modal,
    SlideIn,
    Bar,
}

impl Mode {
    pub fn class(self) -> &'static str {
        match self {
            Mode::Inline => "inline",
            Mode::Modal => "modal",
            Mode::SlideIn => "slidein",
            Mode::Bar => "bar",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub endpoint: String,
    pub survey: Survey,
    pub min: u8,
    pub max: u8,
    pub lang: Lang,
    pub texts: Texts,
    pub mode: Mode,
    /// `bottom-right` (default), `bottom-left`, `top-right`, `top-left`; bar: `bottom`/`top`.
    pub top: bool,
    pub left: bool,
    /// `light` (default), `dark` or `auto` (follows prefers-color-scheme).
    pub theme: &'static str,
    /// CSS custom properties set on the host element: (`--nps-accent`, value) …
    pub vars: Vec<(&'static str, String)>,
    /// Days not to show again after an answer / after a dismissal.
    pub days: f64,
    pub dismiss_days: f64,
    /// Percent of visitors who are asked (0–100).
    pub sample: f64,
    /// Namespace of the throttle state; default the survey type.
    pub survey_id: String,
    pub headers: Vec<(String, String)>,
    /// Form-encoded body instead of JSON.
    pub form: bool,
    /// How the request is made (preflighted, simple or no-cors).
    pub request: Request,
    pub customer: String,
    /// Extra columns (`data-attr-plan="pro"` → `plan`).
    pub extra: Vec<(String, String)>,
    pub comment: bool,
    pub retry_base_ms: f64,
    pub retry_max_ms: f64,
    pub timeout_ms: f64,
    /// Seconds the thank-you stays before a floating widget closes itself (0 = stays).
    pub close_after: f64,
}

/// Columns the payload always has; extra attributes may not reuse them.
pub const RESERVED: [&str; 10] = [
    "score",
    "revision",
    "survey",
    "date",
    "comment",
    "customer",
    "id",
    "page",
    "lang",
    "schema_version",
];

pub use super::num::{cat, int, parse_num};
pub use super::options::pick;

// Not f64::clamp: its assertion would pull float formatting into the wasm.
#[allow(clippy::manual_clamp)]
fn num(pairs: &[(String, String)], n: o::Number) -> f64 {
    match lookup(pairs, n.name).and_then(parse_num) {
        Some(x) => x.max(n.min).min(n.max),
        None => n.default,
    }
}

/// Keeps a column or header name to `[A-Za-z0-9_-]`, at most 64 characters.
pub fn clean_name(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').take(64).collect()
}

/// The last value of attribute `k` (not inlined: called from many places).
#[inline(never)]
pub fn lookup<'a>(pairs: &'a [(String, String)], k: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

/// `header-NAME` (request headers) and `attr-NAME` (extra columns) from the pairs.
#[allow(clippy::type_complexity)]
fn headers_and_extra(pairs: &[(String, String)]) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let mut headers = Vec::new();
    let mut extra = Vec::new();
    for (n, v) in pairs {
        if let Some(h) = n.strip_prefix(o::HEADER_PREFIX) {
            let h = clean_name(h);
            if !h.is_empty() && !v.chars().any(|c| c.is_control()) {
                headers.push((h, v.clone()));
            }
        } else if let Some(a) = n.strip_prefix(o::ATTR_PREFIX) {
            let a = clean_name(a);
            if !a.is_empty() && !RESERVED.contains(&a.as_str()) {
                extra.retain(|(x, _): &(String, String)| *x != a);
                extra.push((a, v.clone()));
            }
        }
    }
    (headers, extra)
}

/// Parses attribute pairs. `page_lang` is the page's `lang` or else the browser language.
#[inline(never)]
pub fn parse(pairs: &[(String, String)], page_lang: &str) -> Options {
    let get = |k: &str| lookup(pairs, k);
    let survey = [Survey::Nps, Survey::Ces, Survey::Csat, Survey::Nps]
        [pick(get(o::SURVEY.name), o::SURVEY.values)];
    let (min, max) = match survey {
        Survey::Nps => (0, 10),
        Survey::Csat => (1, 5),
        Survey::Ces => {
            if pick(get(o::SCALE.name), o::SCALE.values) == 1 {
                (1, 5)
            } else {
                (1, 7)
            }
        }
    };
    let lang =
        Lang::from_tag(get(o::LANG.name).filter(|s| !s.trim().is_empty()).unwrap_or(page_lang));
    let mut texts = Texts::defaults(survey, lang);
    for k in TEXT_KEYS {
        if let Some(v) = get(k) {
            texts.set(k, v);
        }
    }
    let mode_v = get(o::MODE.name).or(get("display"));
    let mode = match pick(mode_v, o::MODE.values) {
        1 => Mode::SlideIn,
        2 => Mode::Bar,
        3 => Mode::Inline,
        _ if pick(mode_v, &["slide-in"]) == 0 => Mode::SlideIn,
        _ => Mode::Modal,
    };
    let pos = get(o::POSITION.name).unwrap_or("");
    let themes = o::THEME.values;
    let theme = *themes.get(pick(get(o::THEME.name), themes)).unwrap_or(&themes[0]);
    let mut vars = Vec::new();
    for (k, var) in o::STYLE_VARS {
        if let Some(v) = get(k).filter(|v| !v.trim().is_empty()) {
            vars.push((var, v.to_string()));
        }
    }
    let (headers, extra) = headers_and_extra(pairs);
    let survey_id = clean_name(get(o::SURVEY_ID).unwrap_or(""));
    Options {
        endpoint: get(o::ENDPOINT).unwrap_or("").trim().to_string(),
        survey,
        min,
        max,
        lang,
        texts,
        mode,
        top: pos.starts_with("top"),
        left: pos.ends_with("left"),
        theme,
        vars,
        days: num(pairs, o::DAYS),
        dismiss_days: num(pairs, o::DISMISS_DAYS),
        sample: num(pairs, o::SAMPLE),
        survey_id: if survey_id.is_empty() { survey.code().to_string() } else { survey_id },
        headers,
        form: pick(get(o::FORMAT.name), o::FORMAT.values) == 1,
        request: Request::parse(get(o::REQUEST.name)),
        customer: get(o::CUSTOMER).unwrap_or("").to_string(),
        extra,
        comment: pick(get(o::COMMENT.name), o::COMMENT.values) != 1,
        retry_base_ms: num(pairs, o::RETRY_BASE_MS),
        retry_max_ms: num(pairs, o::RETRY_MAX_MS),
        timeout_ms: num(pairs, o::TIMEOUT_MS),
        close_after: num(pairs, o::CLOSE_AFTER),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn defaults_come_from_the_options_table() {
        let o = parse(&p(&[("endpoint", "https://r.example/c")]), "de-DE");
        assert_eq!(o.request, Request::Cors);
        assert_eq!(o.mode, Mode::Modal);
        assert_eq!(o.theme, super::o::THEME.default());
        assert_eq!(o.days, super::o::DAYS.default);
        assert_eq!(o.timeout_ms, 10_000.0);
        assert_eq!(o.lang, Lang::De);
        assert!(o.comment && !o.form);
    }

    #[test]
    fn request_mode_format_and_aliases() {
        let o = parse(
            &p(&[
                ("request", "simple"),
                ("format", "FORM"),
                ("display", "slide-in"),
                ("theme", "nonsense"),
                ("sample", "250"),
                ("days", "x"),
                ("survey", "ces"),
                ("scale", "5"),
            ]),
            "en",
        );
        assert_eq!(o.request, Request::Simple);
        assert!(o.form);
        assert_eq!(o.mode, Mode::SlideIn);
        assert_eq!(o.theme, "light");
        assert_eq!(o.sample, 100.0);
        assert_eq!(o.days, 90.0);
        assert_eq!((o.min, o.max), (1, 5));
        let o = parse(&p(&[("request", "no-cors"), ("mode", "bar"), ("survey", "ces")]), "en");
        assert_eq!(o.request, Request::NoCors);
        assert_eq!(o.mode, Mode::Bar);
        assert_eq!((o.min, o.max), (1, 7));
    }

    #[test]
    fn extra_columns_may_not_reuse_payload_names() {
        let o =
            parse(&p(&[("attr-revision", "9"), ("attr-plan", "pro"), ("header-x-key", "k")]), "en");
        assert_eq!(o.extra, vec![("plan".to_string(), "pro".to_string())]);
        assert_eq!(o.headers, vec![("x-key".to_string(), "k".to_string())]);
    }
}
