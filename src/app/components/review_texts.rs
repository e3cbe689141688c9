//! The import review's own texts, in English and German (sentences with numbers or names
//! in them are functions).

use crate::dataset::DatasetKind;
use crate::i18n::Lang;
use crate::import::{Field, TextEncoding};

use crate::app::texts::{field_label, kind_label};

pub struct ReviewTexts {
    pub show: &'static str,
    pub hide: &'static str,
    pub choose_kind: &'static str,
    pub no_kind: &'static str,
    pub values: &'static str,
    pub how_sure: &'static str,
    pub not_used: &'static str,
    pub signal: &'static str,
    pub automatic: &'static str,
    pub literal_quotes: &'static str,
    pub read_literally: &'static str,
    pub format: &'static str,
    pub tab: &'static str,
}

pub const EN: ReviewTexts = ReviewTexts {
    show: "Show how the data was read",
    hide: "Fold away",
    choose_kind: "— choose the kind of data —",
    no_kind: "No kind of data was recognised from these columns. Choose the kind here, then in the table the column that holds each field it needs.",
    values: "values",
    how_sure: "how sure, and why",
    not_used: "not used (available as a segment)",
    signal: "signal (health score)",
    automatic: "automatic",
    literal_quotes: "quotes are ordinary characters",
    read_literally: "Read quotes as ordinary characters",
    format: "format",
    tab: "tab",
};

pub const DE: ReviewTexts = ReviewTexts {
    show: "Zeigen, wie die Daten gelesen wurden",
    hide: "Einklappen",
    choose_kind: "— Datenart wählen —",
    no_kind: "Aus diesen Spalten wurde keine Datenart erkannt. Wählen Sie hier die Art und dann in der Tabelle die Spalte für jedes Feld, das sie braucht.",
    values: "Werte",
    how_sure: "wie sicher, und warum",
    not_used: "nicht verwendet (als Segment verfügbar)",
    signal: "Signal (Gesundheitswert)",
    automatic: "automatisch",
    literal_quotes: "Anführungszeichen sind normale Zeichen",
    read_literally: "Anführungszeichen als normale Zeichen lesen",
    format: "Format",
    tab: "Tabulator",
};

pub fn review_texts(lang: Lang) -> &'static ReviewTexts {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
    }
}

/// The kind's short name: "Survey answers" of "Survey answers (NPS, CSAT, CES)".
pub fn kind_name(kind: DatasetKind, lang: Lang) -> &'static str {
    kind_label(kind, lang).split(" (").next().unwrap_or_default()
}

fn fields(list: &[Field], lang: Lang) -> String {
    list.iter().map(|f| field_label(*f, lang)).collect::<Vec<_>>().join(", ")
}

/// What the chosen kind still lacks: the fields to choose a column for.
pub fn still_missing(kind: DatasetKind, missing: &[Field], lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "Still needed for {}: {}. Choose the column that holds it in the table below.",
            kind_name(kind, lang),
            fields(missing, lang)
        ),
        Lang::De => format!(
            "Für {} fehlt noch: {}. Wählen Sie unten in der Tabelle die Spalte, die es enthält.",
            kind_name(kind, lang),
            fields(missing, lang)
        ),
    }
}

/// Everything needed is there; the optional fields the data lacks, if any.
pub fn complete(kind: DatasetKind, optional_missing: &[Field], lang: Lang) -> String {
    let name = kind_name(kind, lang);
    let mut s = match lang {
        Lang::En => format!("Everything {name} need is there."),
        Lang::De => format!("Alles, was {name} brauchen, ist da."),
    };
    if !optional_missing.is_empty() {
        let list = fields(optional_missing, lang);
        s.push_str(&match lang {
            Lang::En => format!(" Not in the data (optional): {list}."),
            Lang::De => format!(" Nicht in den Daten (optional): {list}."),
        });
    }
    s
}

/// Some bytes were not valid in the encoding read: the user may choose another.
pub fn malformed(encoding: Option<TextEncoding>, lang: Lang) -> String {
    let e = encoding.map_or("?", |e| e.label());
    match lang {
        Lang::En => format!("Some characters are not valid {e} and show as “�”: choose the file's encoding."),
        Lang::De => format!("Einige Zeichen sind kein gültiges {e} und erscheinen als „�“: Wählen Sie die Kodierung der Datei."),
    }
}

/// The question an unclosed quote asks.
pub fn read_literally_question(line: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Line {line} opens a quote that is never closed. Are quotes in this file ordinary characters (as in 12\" screen)? Then read them so:"),
        Lang::De => format!("Zeile {line} öffnet ein Anführungszeichen, das nie geschlossen wird. Sind Anführungszeichen in dieser Datei normale Zeichen (wie in 12\" Bildschirm)? Dann so lesen:"),
    }
}

/// The dashboard's heading (the focus moves there when a result arrives).
pub fn results_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Results",
        Lang::De => "Ergebnisse",
    }
}

/// The skip link, the page's first focusable element.
pub fn skip_to_results(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Skip to results",
        Lang::De => "Zu den Ergebnissen springen",
    }
}
