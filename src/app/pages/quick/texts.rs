//! The texts of the quick calculators' page in English and German (the calculators' own
//! labels, formulas and messages come from `crate::quick`).

use crate::i18n::Lang;

pub struct QuickTexts {
    pub nav: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub list_label: &'static str,
    pub read_as: &'static str,
    pub fix_fields: &'static str,
    pub still_needed: &'static str,
    pub results: &'static str,
    pub undefined: &'static str,
    pub link: &'static str,
    pub link_label: &'static str,
    pub link_note: &'static str,
    pub copy_text: &'static str,
    pub copied: &'static str,
    pub other_definitions: &'static str,
    pub open_compare: &'static str,
    pub open_what_if: &'static str,
    /// While the calculators' wasm (extras.wasm) is fetched, and if it cannot be.
    pub loading: &'static str,
    pub failed: &'static str,
}

const EN: QuickTexts = QuickTexts {
    nav: "Quick calculators",
    heading: "Quick calculators",
    intro: "No export at hand? Type a few numbers. Each result is computed by the same functions as the dashboards and shows its formula with your numbers.",
    list_label: "Calculators",
    read_as: "read as",
    fix_fields: "Please correct the marked fields.",
    still_needed: "Still needed:",
    results: "Results",
    undefined: "undefined:",
    link: "Link with these numbers",
    link_label: "Link to this calculation",
    link_note: "This link contains the numbers you typed (in the part after #, which browsers do not send to a server). Share it only where those numbers may go.",
    copy_text: "Copy as text",
    copied: "Copied.",
    other_definitions: "Other definitions",
    open_compare: "Compare with another NPS",
    open_what_if: "What if …",
    loading: "Loading the calculators …",
    failed: "The calculators could not be loaded:",
};

const DE: QuickTexts = QuickTexts {
    nav: "Schnellrechner",
    heading: "Schnellrechner",
    intro: "Kein Export zur Hand? Geben Sie ein paar Zahlen ein. Jedes Ergebnis wird von denselben Funktionen berechnet wie die Dashboards und zeigt seine Formel mit Ihren Zahlen.",
    list_label: "Rechner",
    read_as: "gelesen als",
    fix_fields: "Bitte korrigieren Sie die markierten Felder.",
    still_needed: "Es fehlt noch:",
    results: "Ergebnisse",
    undefined: "undefiniert:",
    link: "Link mit diesen Zahlen",
    link_label: "Link zu dieser Berechnung",
    link_note: "Dieser Link enthält die eingegebenen Zahlen (im Teil nach #, den Browser nicht an einen Server senden). Teilen Sie ihn nur dort, wo diese Zahlen hin dürfen.",
    copy_text: "Als Text kopieren",
    copied: "Kopiert.",
    other_definitions: "Andere Definitionen",
    open_compare: "Mit einem anderen NPS vergleichen",
    open_what_if: "Was wäre, wenn …",
    loading: "Die Rechner werden geladen …",
    failed: "Die Rechner konnten nicht geladen werden:",
};

pub fn quick_texts(lang: Lang) -> &'static QuickTexts {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
    }
}
