//! Options of one widget, parsed from attribute pairs: the `data-` attributes of the script
//! tag (without the `data-` prefix) or the attributes of a `<nps-survey>` element.
//! Pure Rust: never fails, unknown or malformed values fall back to defaults.

use super::texts::{Lang, Survey, Texts, TEXT_KEYS};

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
pub const RESERVED: [&str; 9] = [
    "score",
    "survey",
    "date",
    "comment",
    "customer",
    "id",
    "page",
    "lang",
    "schema_version",
];

/// Concatenates string parts (instead of `format!`, whose machinery costs kilobytes).
#[inline(never)]
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Decimal digits of an integer (instead of `to_string`, which goes through core::fmt).
#[inline(never)]
pub fn int(n: i64) -> String {
    let mut d = [0u8; 20];
    let mut i = d.len();
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        d[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    let mut s = String::with_capacity(21);
    if n < 0 {
        s.push('-');
    }
    for &b in &d[i..] {
        s.push(b as char);
    }
    s
}

/// Parses `[-]digits[.digits]` (no exponent) without core's float parser, which would
/// cost kilobytes of wasm.
pub fn parse_num(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut x = 0f64;
    for b in int.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        x = x * 10.0 + (b - b'0') as f64;
    }
    let mut scale = 1f64;
    for b in frac.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        scale /= 10.0;
        x += (b - b'0') as f64 * scale;
    }
    if !x.is_finite() {
        return None;
    }
    Some(if neg { -x } else { x })
}

// Not f64::clamp: its assertion would pull float formatting into the wasm.
#[allow(clippy::manual_clamp)]
fn num(v: Option<&str>, default: f64, lo: f64, hi: f64) -> f64 {
    match v.and_then(parse_num) {
        Some(x) => x.max(lo).min(hi),
        None => default,
    }
}

/// Keeps a column or header name to `[A-Za-z0-9_-]`, at most 64 characters.
pub fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(64)
        .collect()
}

/// The last value of attribute `k` (not inlined: called from many places).
#[inline(never)]
pub fn lookup<'a>(pairs: &'a [(String, String)], k: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
}

/// Index of `v` (trimmed, ASCII case-insensitive) in `options`, or `options.len()`.
#[inline(never)]
pub fn pick(v: Option<&str>, options: &[&str]) -> usize {
    let v = v.unwrap_or("").trim();
    options
        .iter()
        .position(|o| o.eq_ignore_ascii_case(v))
        .unwrap_or(options.len())
}

/// Parses attribute pairs. `page_lang` is the page's `lang` or else the browser language.
#[inline(never)]
pub fn parse(pairs: &[(String, String)], page_lang: &str) -> Options {
    let get = |k: &str| lookup(pairs, k);
    let survey = [Survey::Nps, Survey::Ces, Survey::Csat, Survey::Nps]
        [pick(get("survey"), &["nps", "ces", "csat"])];
    let (min, max) = match survey {
        Survey::Nps => (0, 10),
        Survey::Csat => (1, 5),
        Survey::Ces => {
            if pick(get("scale"), &["5"]) == 0 {
                (1, 5)
            } else {
                (1, 7)
            }
        }
    };
    let lang = Lang::from_tag(
        get("lang")
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(page_lang),
    );
    let mut texts = Texts::defaults(survey, lang);
    for k in TEXT_KEYS {
        if let Some(v) = get(k) {
            texts.set(k, v);
        }
    }
    let mode = [
        Mode::Modal,
        Mode::Inline,
        Mode::SlideIn,
        Mode::SlideIn,
        Mode::Bar,
        Mode::Modal,
    ][pick(
        get("mode").or(get("display")),
        &["modal", "inline", "slidein", "slide-in", "bar"],
    )];
    let pos = get("position").unwrap_or("");
    let theme = ["light", "dark", "auto", "light"][pick(get("theme"), &["light", "dark", "auto"])];
    let mut vars = Vec::new();
    for (k, var) in [
        ("accent", "--nps-accent"),
        ("accent-text", "--nps-accent-text"),
        ("bg", "--nps-bg"),
        ("fg", "--nps-fg"),
        ("font", "--nps-font"),
        ("radius", "--nps-radius"),
    ] {
        if let Some(v) = get(k).filter(|v| !v.trim().is_empty()) {
            vars.push((var, v.to_string()));
        }
    }
    let mut headers = Vec::new();
    let mut extra = Vec::new();
    for (n, v) in pairs {
        if let Some(h) = n.strip_prefix("header-") {
            let h = clean_name(h);
            if !h.is_empty() && !v.chars().any(|c| c.is_control()) {
                headers.push((h, v.clone()));
            }
        } else if let Some(a) = n.strip_prefix("attr-") {
            let a = clean_name(a);
            if !a.is_empty() && !RESERVED.contains(&a.as_str()) {
                extra.retain(|(x, _): &(String, String)| *x != a);
                extra.push((a, v.clone()));
            }
        }
    }
    let survey_id = clean_name(get("survey-id").unwrap_or(""));
    Options {
        endpoint: get("endpoint").unwrap_or("").trim().to_string(),
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
        days: num(get("days"), 90.0, 0.0, 3650.0),
        dismiss_days: num(get("dismiss-days"), 30.0, 0.0, 3650.0),
        sample: num(get("sample"), 100.0, 0.0, 100.0),
        survey_id: if survey_id.is_empty() {
            survey.code().to_string()
        } else {
            survey_id
        },
        headers,
        form: pick(get("format"), &["form"]) == 0,
        customer: get("customer").unwrap_or("").to_string(),
        extra,
        comment: pick(get("comment"), &["off"]) != 0,
        retry_base_ms: num(get("retry-base-ms"), 2000.0, 10.0, 3.6e6),
        retry_max_ms: num(get("retry-max-ms"), 300_000.0, 10.0, 8.64e7),
        timeout_ms: num(get("timeout-ms"), 10_000.0, 50.0, 120_000.0),
        close_after: num(get("close-after"), 4.0, 0.0, 3600.0),
    }
}
