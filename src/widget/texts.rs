//! Built-in texts (German and English). Every one can be overridden by a data- attribute
//! of the same name (see [`crate::widget::config`]). Texts are always set as textContent.

use crate::i18n::Lang;

/// The survey type, as written in the `survey` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Survey {
    Nps = 0,
    Ces = 1,
    Csat = 2,
}

impl Survey {
    pub fn code(self) -> &'static str {
        match self {
            Survey::Nps => "nps",
            Survey::Ces => "ces",
            Survey::Csat => "csat",
        }
    }
}

/// All texts of one widget, after defaults and overrides, indexed like [`TEXT_KEYS`].
#[derive(Clone, Debug, PartialEq)]
pub struct Texts {
    pub t: [String; 12],
}

/// The attribute names of the overridable texts, in [`Texts`] index order.
pub const TEXT_KEYS: [&str; 12] = [
    "title",
    "question",
    "label-low",
    "label-high",
    "followup",
    "followup-promoter",
    "followup-passive",
    "followup-detractor",
    "thanks",
    "send-label",
    "close-label",
    "point-label",
];

// Question, low end, high end per survey type; English then German.
const QUESTIONS: [[&str; 3]; 6] = [
    ["How likely are you to recommend us to a friend or colleague?", "Not at all likely", "Extremely likely"],
    ["Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?", "Unwahrscheinlich", "Äußerst wahrscheinlich"],
    // CES 2.0 wording: agreement with "… made it easy for me to handle my issue".
    [
        "To what extent do you agree with the following statement: The company made it easy for me to handle my issue.",
        "Strongly disagree",
        "Strongly agree",
    ],
    [
        "Inwieweit stimmen Sie der folgenden Aussage zu: Das Unternehmen hat es mir leicht gemacht, mein Anliegen zu erledigen.",
        "Stimme überhaupt nicht zu",
        "Stimme voll und ganz zu",
    ],
    ["How satisfied were you with your experience?", "Very dissatisfied", "Very satisfied"],
    ["Wie zufrieden waren Sie mit Ihrer Erfahrung?", "Sehr unzufrieden", "Sehr zufrieden"],
];

// title, followup, thanks, send, close, point; English then German.
const COMMON: [[&str; 6]; 2] = [
    [
        "Survey",
        "What is the main reason for your score?",
        "Thank you for your feedback!",
        "Send",
        "Close",
        "{n} of {max}",
    ],
    [
        "Umfrage",
        "Was ist der wichtigste Grund für Ihre Bewertung?",
        "Vielen Dank für Ihr Feedback!",
        "Senden",
        "Schließen",
        "{n} von {max}",
    ],
];

impl Texts {
    /// Built-in texts for a survey type and language.
    pub fn defaults(survey: Survey, lang: Lang) -> Texts {
        let l = (lang == Lang::De) as usize;
        let q = &QUESTIONS[survey as usize * 2 + l];
        let c = &COMMON[l];
        let src: [&str; 12] = [c[0], q[0], q[1], q[2], c[1], "", "", "", c[2], c[3], c[4], c[5]];
        Texts { t: src.map(own) }
    }

    pub fn title(&self) -> &str {
        &self.t[0]
    }
    pub fn question(&self) -> &str {
        &self.t[1]
    }
    pub fn label_low(&self) -> &str {
        &self.t[2]
    }
    pub fn label_high(&self) -> &str {
        &self.t[3]
    }
    pub fn followup(&self) -> &str {
        &self.t[4]
    }
    pub fn thanks(&self) -> &str {
        &self.t[8]
    }
    pub fn send(&self) -> &str {
        &self.t[9]
    }
    pub fn close(&self) -> &str {
        &self.t[10]
    }

    /// Overrides one text by its attribute name; returns false for an unknown name.
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        match TEXT_KEYS.iter().position(|k| *k == key) {
            Some(i) => {
                self.t[i] = own(value);
                true
            }
            None => false,
        }
    }

    /// "7 of 10".
    pub fn point_label(&self, n: u8, max: u8) -> String {
        let mut out = String::new();
        let mut rest = self.t[11].as_str();
        while let Some((head, tail)) = super::num::split_at_byte(rest, b'{', false) {
            out.push_str(head);
            if let Some(t) = tail.strip_prefix("n}") {
                out.push_str(&super::num::int(n as i64));
                rest = t;
            } else if let Some(t) = tail.strip_prefix("max}") {
                out.push_str(&super::num::int(max as i64));
                rest = t;
            } else {
                out.push('{');
                rest = tail;
            }
        }
        out.push_str(rest);
        out
    }

    /// The follow-up question for a score category, falling back to the general one.
    pub fn followup_for(&self, cat: Category) -> &str {
        let t = &self.t[5 + cat as usize];
        if t.is_empty() {
            self.followup()
        } else {
            t
        }
    }
}

#[inline(never)]
fn own(s: &str) -> String {
    s.to_string()
}

/// Promoter/passive/detractor (for CSAT and CES: the top, middle and bottom of the scale).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Promoter = 0,
    Passive = 1,
    Detractor = 2,
}

/// Category of a score: NPS 9–10/7–8/0–6; CSAT 1–5 4–5/3/1–2; CES 1–7 5–7/4/1–3;
/// CES 1–5 4–5/3/1–2.
pub fn category(survey: Survey, max: u8, score: u8) -> Category {
    let (hi, mid) = match (survey, max) {
        (Survey::Nps, _) => (9, 7),
        (_, 7) => (5, 4),
        _ => (4, 3),
    };
    if score >= hi {
        Category::Promoter
    } else if score >= mid {
        Category::Passive
    } else {
        Category::Detractor
    }
}
