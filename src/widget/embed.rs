//! The embed snippet and the options form of the app's widget page, as pure data and
//! functions (no browser types): the fields in four groups with human labels (en, de),
//! when each applies, the snippet with the options that differ from their defaults, and
//! the recipe chooser's effect. Names, values and defaults come from [`super::options`].
//! Compiled on every target, tested with plain `cargo test`; not part of the widget wasm.

use std::collections::BTreeMap;

use super::options::{self as o, Choice, Number};
use super::recipes::Recipe;

pub type Values = BTreeMap<String, String>;
/// (English, German).
pub type Tr = (&'static str, &'static str);

pub fn tr(german: bool, t: Tr) -> &'static str {
    if german {
        t.1
    } else {
        t.0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Question,
    Look,
    When,
    Sending,
}

pub const GROUPS: [(Group, Tr); 4] = [
    (Group::Sending, ("Sending", "Senden")),
    (Group::Question, ("Question", "Frage")),
    (Group::Look, ("Look", "Aussehen")),
    (Group::When, ("When to show", "Wann anzeigen")),
];

#[derive(Clone, Copy)]
pub enum Control {
    Text,
    Number(Number),
    /// The values with their labels, in the order of the options table.
    Choice(Choice, &'static [Tr]),
}

/// One field: the option, its label, its group, and when it applies.
#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub label: Tr,
    pub group: Group,
    pub control: Control,
    pub applies: fn(&Values) -> bool,
}

fn always(_: &Values) -> bool {
    true
}
fn is(v: &Values, name: &str, value: &str) -> bool {
    v.get(name).map(String::as_str) == Some(value)
}
fn ces(v: &Values) -> bool {
    is(v, o::SURVEY.name, "ces")
}
fn comment_on(v: &Values) -> bool {
    !is(v, o::COMMENT.name, "off")
}
fn floating_corner(v: &Values) -> bool {
    is(v, o::MODE.name, "slidein") || is(v, o::MODE.name, "bar")
}
fn after_delay(v: &Values) -> bool {
    is(v, o::TRIGGER.name, "delay")
}
fn after_scroll(v: &Values) -> bool {
    is(v, o::TRIGGER.name, "scroll")
}

use Group::*;
pub const FIELDS: &[Field] = &[
    Field {
        name: o::ENDPOINT,
        label: (
            "Endpoint that receives the answers (URL)",
            "Endpunkt, der die Antworten empfängt (URL)",
        ),
        group: Sending,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: o::REQUEST.name,
        label: ("Request", "Anfrage"),
        group: Sending,
        control: Control::Choice(
            o::REQUEST,
            &[
                (
                    "Standard: JSON + Idempotency-Key (the receiver answers the CORS preflight)",
                    "Standard: JSON + Idempotency-Key (Empfänger beantwortet den CORS-Preflight)",
                ),
                (
                    "Simple: no preflight (Apps Script, catch hooks, form services)",
                    "Einfach: ohne Preflight (Apps Script, Webhooks, Formular-Dienste)",
                ),
                (
                    "Blind: receiver without CORS headers (errors stay unseen)",
                    "Blind: Empfänger ohne CORS-Header (Fehler bleiben unsichtbar)",
                ),
            ],
        ),
        applies: always,
    },
    Field {
        name: o::FORMAT.name,
        label: ("Body", "Inhalt"),
        group: Sending,
        control: Control::Choice(o::FORMAT, &[("JSON", "JSON"), ("Form fields", "Formularfelder")]),
        applies: always,
    },
    Field {
        name: o::CUSTOMER,
        label: (
            "Customer id sent with each answer",
            "Kunden-ID, die mit jeder Antwort gesendet wird",
        ),
        group: Sending,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: o::SURVEY.name,
        label: ("Survey", "Umfrage"),
        group: Question,
        control: Control::Choice(
            o::SURVEY,
            &[
                ("NPS: recommend us? 0–10", "NPS: Weiterempfehlung 0–10"),
                ("CES: how easy was it? (effort)", "CES: wie einfach war es? (Aufwand)"),
                ("CSAT: how satisfied? 1–5", "CSAT: wie zufrieden? 1–5"),
            ],
        ),
        applies: always,
    },
    Field {
        name: o::SCALE.name,
        label: ("CES scale", "CES-Skala"),
        group: Question,
        control: Control::Choice(o::SCALE, &[("1–7 (CES 2.0)", "1–7 (CES 2.0)"), ("1–5", "1–5")]),
        applies: ces,
    },
    Field {
        name: o::LANG.name,
        label: ("Language", "Sprache"),
        group: Question,
        control: Control::Choice(
            o::LANG,
            &[
                ("The page's language", "Sprache der Seite"),
                ("German", "Deutsch"),
                ("English", "Englisch"),
            ],
        ),
        applies: always,
    },
    Field {
        name: "question",
        label: ("Question (empty = built-in)", "Frage (leer = eingebaute)"),
        group: Question,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: "label-low",
        label: ("Label of the lowest score", "Beschriftung des niedrigsten Werts"),
        group: Question,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: "label-high",
        label: ("Label of the highest score", "Beschriftung des höchsten Werts"),
        group: Question,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: o::COMMENT.name,
        label: ("Follow-up comment", "Kommentar danach"),
        group: Question,
        control: Control::Choice(
            o::COMMENT,
            &[
                ("Ask for a comment", "Nach einem Kommentar fragen"),
                ("No comment", "Kein Kommentar"),
            ],
        ),
        applies: always,
    },
    Field {
        name: "followup",
        label: ("Follow-up question", "Folgefrage"),
        group: Question,
        control: Control::Text,
        applies: comment_on,
    },
    Field {
        name: "followup-promoter",
        label: ("… for high scores", "… bei hohen Werten"),
        group: Question,
        control: Control::Text,
        applies: comment_on,
    },
    Field {
        name: "followup-passive",
        label: ("… for middle scores", "… bei mittleren Werten"),
        group: Question,
        control: Control::Text,
        applies: comment_on,
    },
    Field {
        name: "followup-detractor",
        label: ("… for low scores", "… bei niedrigen Werten"),
        group: Question,
        control: Control::Text,
        applies: comment_on,
    },
    Field {
        name: "thanks",
        label: ("Thank-you text", "Danketext"),
        group: Question,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: o::MODE.name,
        label: ("Display", "Darstellung"),
        group: Look,
        control: Control::Choice(
            o::MODE,
            &[
                ("Dialog in the middle", "Dialog in der Mitte"),
                ("Slide-in in a corner", "Einblendung in einer Ecke"),
                ("Bar at the top or bottom", "Leiste oben oder unten"),
                ("Inline, where the element stands", "Eingebettet, wo das Element steht"),
            ],
        ),
        applies: always,
    },
    Field {
        name: o::POSITION.name,
        label: ("Position", "Position"),
        group: Look,
        control: Control::Choice(
            o::POSITION,
            &[
                ("Bottom right", "Unten rechts"),
                ("Bottom left", "Unten links"),
                ("Top right", "Oben rechts"),
                ("Top left", "Oben links"),
            ],
        ),
        applies: floating_corner,
    },
    Field {
        name: o::THEME.name,
        label: ("Colours", "Farben"),
        group: Look,
        control: Control::Choice(
            o::THEME,
            &[
                ("Light", "Hell"),
                ("Dark", "Dunkel"),
                ("As the visitor's system", "Wie das System des Besuchers"),
            ],
        ),
        applies: always,
    },
    Field {
        name: "accent",
        label: ("Accent colour (CSS)", "Akzentfarbe (CSS)"),
        group: Look,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: "font",
        label: ("Font (CSS)", "Schrift (CSS)"),
        group: Look,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: "radius",
        label: ("Corner radius (CSS)", "Eckenradius (CSS)"),
        group: Look,
        control: Control::Text,
        applies: always,
    },
    Field {
        name: o::TRIGGER.name,
        label: ("Show", "Anzeigen"),
        group: When,
        control: Control::Choice(
            o::TRIGGER,
            &[
                ("At once", "Sofort"),
                ("After some seconds", "Nach einigen Sekunden"),
                ("After scrolling", "Nach dem Scrollen"),
                ("When the visitor is about to leave", "Wenn der Besucher gehen will"),
                ("Only by npsSurvey.show()", "Nur per npsSurvey.show()"),
            ],
        ),
        applies: always,
    },
    Field {
        name: o::DELAY.name,
        label: ("Seconds after loading", "Sekunden nach dem Laden"),
        group: When,
        control: Control::Number(o::DELAY),
        applies: after_delay,
    },
    Field {
        name: o::SCROLL.name,
        label: ("% of the page scrolled", "% der Seite gescrollt"),
        group: When,
        control: Control::Number(o::SCROLL),
        applies: after_scroll,
    },
    Field {
        name: o::DAYS.name,
        label: (
            "Not again for days after an answer",
            "Nach einer Antwort so viele Tage nicht erneut",
        ),
        group: When,
        control: Control::Number(o::DAYS),
        applies: always,
    },
    Field {
        name: o::DISMISS_DAYS.name,
        label: (
            "Not again for days after closing",
            "Nach dem Schließen so viele Tage nicht erneut",
        ),
        group: When,
        control: Control::Number(o::DISMISS_DAYS),
        applies: always,
    },
    Field {
        name: o::SAMPLE.name,
        label: ("Share of visitors asked (%)", "Anteil der befragten Besucher (%)"),
        group: When,
        control: Control::Number(o::SAMPLE),
        applies: always,
    },
];

/// A default as the attribute text (`90`, not `90.0`).
pub fn number_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

pub fn default_of(f: &Field) -> String {
    match f.control {
        Control::Text => String::new(),
        Control::Number(n) => number_text(n.default),
        Control::Choice(c, _) => c.default().to_string(),
    }
}

pub fn defaults() -> Values {
    FIELDS.iter().map(|f| (f.name.to_string(), default_of(f))).collect()
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The options that differ from their defaults and apply (header-* always), in page order.
pub fn changed(values: &Values) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in FIELDS {
        let v = values.get(f.name).map(|v| v.trim()).unwrap_or_default();
        if !v.is_empty() && v != default_of(f) && (f.applies)(values) {
            out.push((f.name.to_string(), v.to_string()));
        }
    }
    let cors =
        values.get(o::REQUEST.name).is_none_or(|r| o::Request::parse(Some(r)) == o::Request::Cors);
    for (k, v) in values {
        if k.starts_with(o::HEADER_PREFIX) && !v.trim().is_empty() && cors {
            out.push((k.clone(), v.trim().to_string()));
        }
    }
    out
}

/// The embed snippet: the changed options as data- attributes.
pub fn snippet(values: &Values, base: &str) -> String {
    let mut out = format!("<script src=\"{}widget.js\"", escape_attr(base));
    for (name, v) in changed(values) {
        out.push_str(&format!("\n        data-{name}=\"{}\"", escape_attr(&v)));
    }
    out.push_str("></script>");
    out
}

/// Sets a recipe's options (the others keep their values; header-* of another recipe go).
pub fn apply_recipe(values: &mut Values, r: &Recipe) {
    values.retain(|k, _| !k.starts_with(o::HEADER_PREFIX));
    for (k, v) in r.options {
        values.insert(k.to_string(), v.to_string());
    }
}

/// An endpoint the preview may send to: http(s) only (never about:blank, never empty).
pub fn sendable(endpoint: &str) -> bool {
    let e = endpoint.trim().to_ascii_lowercase();
    (e.starts_with("https://") || e.starts_with("http://")) && e.len() > 8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widget::recipes;

    #[test]
    fn every_option_field_uses_the_shared_names_and_defaults() {
        for c in o::CHOICES {
            if c.name == o::TRIGGER.name || FIELDS.iter().any(|f| f.name == c.name) {
                continue;
            }
            panic!("choice {} has no field", c.name);
        }
        for f in FIELDS {
            if let Control::Choice(c, labels) = f.control {
                assert_eq!(c.values.len(), labels.len(), "{}", f.name);
            }
        }
        let d = defaults();
        assert_eq!(d["days"], "90");
        assert_eq!(d["theme"], "light");
        assert_eq!(snippet(&d, "https://h/"), "<script src=\"https://h/widget.js\"></script>");
    }

    #[test]
    fn snippet_leaves_out_defaults_and_options_that_do_not_apply() {
        let mut v = defaults();
        v.insert("endpoint".into(), "https://x.example/c?a=1&b=\"2\"".into());
        v.insert("scale".into(), "5".into()); // NPS: scale does not apply
        v.insert("delay".into(), "7".into()); // trigger immediate: delay does not apply
        let s = snippet(&v, "");
        assert!(s.contains("data-endpoint=\"https://x.example/c?a=1&amp;b=&quot;2&quot;\""), "{s}");
        assert!(!s.contains("data-scale") && !s.contains("data-delay"), "{s}");
        v.insert("survey".into(), "ces".into());
        assert!(snippet(&v, "").contains("data-scale=\"5\""));
    }

    #[test]
    fn a_recipe_sets_its_options_and_headers_only_go_out_in_cors_mode() {
        let mut v = defaults();
        apply_recipe(&mut v, recipes::find("supabase").unwrap());
        let s = snippet(&v, "");
        assert!(
            s.contains("data-header-prefer=\"resolution=ignore-duplicates,return=minimal\""),
            "{s}"
        );
        apply_recipe(&mut v, recipes::find("google-sheets").unwrap());
        let s = snippet(&v, "");
        assert!(s.contains("data-request=\"simple\"") && !s.contains("header-"), "{s}");
        apply_recipe(&mut v, recipes::find("form-service").unwrap());
        assert!(snippet(&v, "").contains("data-format=\"form\""));
    }

    #[test]
    fn the_preview_sends_only_to_http_endpoints() {
        for e in ["", "  ", "about:blank", "javascript:alert(1)", "http://", "ftp://x"] {
            assert!(!sendable(e), "{e}");
        }
        assert!(sendable(" https://script.google.com/macros/s/x/exec"));
    }
}
