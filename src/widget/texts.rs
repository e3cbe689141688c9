//! Built-in texts (German and English). Every one can be overridden by a data- attribute
//! of the same name (see [`crate::widget::config`]). Texts are always set as textContent.

/// Language of the built-in texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

impl Lang {
    /// `de`, `de-AT`, `DE` … → German; anything else → English.
    pub fn from_tag(tag: &str) -> Lang {
        let t = tag.trim().as_bytes();
        if t.len() >= 2 && t[0].eq_ignore_ascii_case(&b'd') && t[1].eq_ignore_ascii_case(&b'e') {
            Lang::De
        } else {
            Lang::En
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

/// The survey type, as written in the `survey` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Survey {
    Nps,
    Ces,
    Csat,
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

/// All texts of one widget, after defaults and overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Texts {
    pub title: String,
    pub question: String,
    pub label_low: String,
    pub label_high: String,
    pub followup: String,
    pub followup_promoter: String,
    pub followup_passive: String,
    pub followup_detractor: String,
    pub thanks: String,
    pub send: String,
    pub close: String,
    /// Accessible name of one scale point; `{n}` and `{max}` are replaced ("7 of 10").
    pub point: String,
}

/// The attribute names of the overridable texts, in [`Texts`] field order.
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

impl Texts {
    /// Built-in texts for a survey type, scale maximum and language.
    #[inline(never)]
    pub fn defaults(survey: Survey, max: u8, lang: Lang) -> Texts {
        let de = lang == Lang::De;
        let (question, low, high) = match (survey, de) {
            (Survey::Nps, false) => (
                "How likely are you to recommend us to a friend or colleague?",
                "Not at all likely",
                "Extremely likely",
            ),
            (Survey::Nps, true) => (
                "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?",
                "Unwahrscheinlich",
                "Äußerst wahrscheinlich",
            ),
            // CES 2.0 wording: agreement with "… made it easy for me to handle my issue".
            (Survey::Ces, false) => (
                "To what extent do you agree with the following statement: The company made it easy for me to handle my issue.",
                "Strongly disagree",
                "Strongly agree",
            ),
            (Survey::Ces, true) => (
                "Inwieweit stimmen Sie der folgenden Aussage zu: Das Unternehmen hat es mir leicht gemacht, mein Anliegen zu erledigen.",
                "Stimme überhaupt nicht zu",
                "Stimme voll und ganz zu",
            ),
            (Survey::Csat, false) => (
                "How satisfied were you with your experience?",
                "Very dissatisfied",
                "Very satisfied",
            ),
            (Survey::Csat, true) => (
                "Wie zufrieden waren Sie mit Ihrer Erfahrung?",
                "Sehr unzufrieden",
                "Sehr zufrieden",
            ),
        };
        let _ = max;
        let followup = if de {
            "Was ist der wichtigste Grund für Ihre Bewertung?"
        } else {
            "What is the main reason for your score?"
        };
        let s = |x: &str| x.to_string();
        Texts {
            title: s(if de { "Umfrage" } else { "Survey" }),
            question: s(question),
            label_low: s(low),
            label_high: s(high),
            followup: s(followup),
            followup_promoter: String::new(),
            followup_passive: String::new(),
            followup_detractor: String::new(),
            thanks: s(if de { "Vielen Dank für Ihr Feedback!" } else { "Thank you for your feedback!" }),
            send: s(if de { "Senden" } else { "Send" }),
            close: s(if de { "Schließen" } else { "Close" }),
            point: s(if de { "{n} von {max}" } else { "{n} of {max}" }),
        }
    }

    /// Overrides one text by its attribute name; returns false for an unknown name.
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        let slot = match key {
            "title" => &mut self.title,
            "question" => &mut self.question,
            "label-low" => &mut self.label_low,
            "label-high" => &mut self.label_high,
            "followup" => &mut self.followup,
            "followup-promoter" => &mut self.followup_promoter,
            "followup-passive" => &mut self.followup_passive,
            "followup-detractor" => &mut self.followup_detractor,
            "thanks" => &mut self.thanks,
            "send-label" => &mut self.send,
            "close-label" => &mut self.close,
            "point-label" => &mut self.point,
            _ => return false,
        };
        *slot = value.to_string();
        true
    }

    /// "7 of 10".
    pub fn point_label(&self, n: u8, max: u8) -> String {
        let mut out = String::new();
        let mut rest = self.point.as_str();
        while let Some((head, tail)) = rest.split_once('{') {
            out.push_str(head);
            if let Some(t) = tail.strip_prefix("n}") {
                out.push_str(&super::config::int(n as i64));
                rest = t;
            } else if let Some(t) = tail.strip_prefix("max}") {
                out.push_str(&super::config::int(max as i64));
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
        let t = match cat {
            Category::Promoter => &self.followup_promoter,
            Category::Passive => &self.followup_passive,
            Category::Detractor => &self.followup_detractor,
        };
        if t.is_empty() {
            &self.followup
        } else {
            t
        }
    }
}

/// Promoter/passive/detractor (for CSAT and CES: the top, middle and bottom of the scale).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Promoter,
    Passive,
    Detractor,
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
