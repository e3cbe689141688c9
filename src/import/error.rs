//! Whole-file failures and their messages in the UI's languages.

use serde::{Deserialize, Serialize};

use crate::dataset::DatasetKind;
use crate::i18n::Lang;

use super::{Field, TableRead};

/// A file that cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportError {
    Empty,
    HeaderOnly,
    Binary,
    /// No dataset kind fits these columns.
    NoKindFits {
        headers: Vec<String>,
        /// What was read, for choosing the kind and columns by hand.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<Box<TableRead>>,
    },
    /// The kind chosen by the user lacks required columns.
    MissingColumns {
        kind: DatasetKind,
        missing: Vec<Field>,
        /// What was read, with the fields this kind did find.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<Box<TableRead>>,
    },
    UnreadableSheet {
        detail: String,
    },
    SheetNotFound {
        name: String,
        sheets: Vec<String>,
    },
    UnreadableJson {
        line: usize,
        detail: String,
    },
    /// `--column FIELD=HEADER` (or the app's choice) names a header the file does not have.
    UnknownColumn {
        header: String,
        headers: Vec<String>,
    },
    /// A quoted field still open at the end of the input, or running on past
    /// [`limits::QUOTED_LINES`](super::limits::QUOTED_LINES) lines or
    /// [`limits::FIELD_BYTES`](super::limits::FIELD_BYTES): the line where the quote opened.
    UnclosedQuote {
        line: usize,
    },
    /// One field longer than [`limits::FIELD_BYTES`](super::limits::FIELD_BYTES).
    FieldTooLong {
        line: usize,
        limit_bytes: usize,
    },
    /// A record with more fields than [`limits::COLUMNS`](super::limits::COLUMNS).
    TooManyColumns {
        line: usize,
        limit: usize,
    },
    /// A workbook whose parts inflate past the limits of [`limits`](super::limits).
    WorkbookTooLarge {
        limit_bytes: u64,
    },
    /// JSON nested deeper than [`limits::JSON_DEPTH`](super::limits::JSON_DEPTH).
    JsonTooDeep {
        limit: usize,
    },
}

impl ImportError {
    /// The table read before the import stopped, when the kind or the columns are what is
    /// missing: the review step shows it so that they can be chosen by hand.
    pub fn table(&self) -> Option<&TableRead> {
        match self {
            ImportError::NoKindFits { table, .. } | ImportError::MissingColumns { table, .. } => {
                table.as_deref()
            }
            _ => None,
        }
    }

    /// The table read, to be completed by the import (headers, values, format).
    pub(crate) fn table_mut(&mut self) -> Option<&mut Option<Box<TableRead>>> {
        match self {
            ImportError::NoKindFits { table, .. } | ImportError::MissingColumns { table, .. } => {
                Some(table)
            }
            _ => None,
        }
    }

    /// One sentence for the user.
    pub fn message(&self, lang: Lang) -> String {
        use ImportError::*;
        let fields = |f: &[Field]| f.iter().map(|f| f.key()).collect::<Vec<_>>().join(", ");
        match (self, lang) {
            (Empty, Lang::En) => "The file is empty.".into(),
            (Empty, Lang::De) => "Die Datei ist leer.".into(),
            (HeaderOnly, Lang::En) => "The file has a header row but no data rows.".into(),
            (HeaderOnly, Lang::De) => "Die Datei hat eine Kopfzeile, aber keine Datenzeilen.".into(),
            (Binary, Lang::En) => {
                "This is not a table: use CSV, Excel (.xlsx), OpenDocument (.ods) or JSON.".into()
            }
            (Binary, Lang::De) => {
                "Das ist keine Tabelle: bitte CSV, Excel (.xlsx), OpenDocument (.ods) oder JSON verwenden.".into()
            }
            (NoKindFits { headers, .. }, Lang::En) => format!(
                "The columns ({}) fit no known kind of data; name a score, amount, date or customer column, or choose the kind and columns by hand.",
                headers.join(", ")
            ),
            (NoKindFits { headers, .. }, Lang::De) => format!(
                "Die Spalten ({}) passen zu keiner bekannten Datenart; bitte eine Spalte für Bewertung, Betrag, Datum oder Kunde benennen oder Art und Spalten von Hand wählen.",
                headers.join(", ")
            ),
            (MissingColumns { kind, missing, .. }, Lang::En) => format!(
                "For {} data the file needs the columns: {}.",
                kind.as_str(),
                fields(missing)
            ),
            (MissingColumns { kind, missing, .. }, Lang::De) => format!(
                "Für Daten der Art {} fehlen die Spalten: {}.",
                kind.as_str(),
                fields(missing)
            ),
            (UnreadableSheet { detail }, Lang::En) => {
                format!("The workbook could not be read ({detail}).")
            }
            (UnreadableSheet { detail }, Lang::De) => {
                format!("Die Arbeitsmappe konnte nicht gelesen werden ({detail}).")
            }
            (SheetNotFound { name, sheets }, Lang::En) => {
                format!("There is no sheet “{name}”; the sheets are: {}.", sheets.join(", "))
            }
            (SheetNotFound { name, sheets }, Lang::De) => {
                format!("Es gibt kein Blatt „{name}“; die Blätter heißen: {}.", sheets.join(", "))
            }
            (UnreadableJson { line, detail }, Lang::En) => {
                format!("The JSON is not readable at line {line} ({detail}).")
            }
            (UnreadableJson { line, detail }, Lang::De) => {
                format!("Das JSON ist in Zeile {line} nicht lesbar ({detail}).")
            }
            (UnknownColumn { header, headers }, Lang::En) => format!(
                "The file has no column “{header}”; its columns are: {}.",
                headers.join(", ")
            ),
            (UnknownColumn { header, headers }, Lang::De) => format!(
                "Die Datei hat keine Spalte „{header}“; ihre Spalten sind: {}.",
                headers.join(", ")
            ),
            (UnclosedQuote { line }, Lang::En) => format!(
                "A quote opened in line {line} is never closed, so every line after it would be one field; read quotes literally or fix the file there."
            ),
            (UnclosedQuote { line }, Lang::De) => format!(
                "Ein in Zeile {line} geöffnetes Anführungszeichen wird nie geschlossen, sodass alle folgenden Zeilen ein einziges Feld wären; Anführungszeichen wörtlich lesen oder die Datei dort korrigieren."
            ),
            (FieldTooLong { line, limit_bytes }, Lang::En) => format!(
                "A field in line {line} is longer than {}: this is not a table export.",
                size_text(*limit_bytes as u64)
            ),
            (FieldTooLong { line, limit_bytes }, Lang::De) => format!(
                "Ein Feld in Zeile {line} ist länger als {}: Das ist kein Tabellenexport.",
                size_text(*limit_bytes as u64)
            ),
            (TooManyColumns { line, limit }, Lang::En) => {
                format!("Line {line} has more than {limit} columns: this is not a table export.")
            }
            (TooManyColumns { line, limit }, Lang::De) => {
                format!("Zeile {line} hat mehr als {limit} Spalten: Das ist kein Tabellenexport.")
            }
            (WorkbookTooLarge { limit_bytes }, Lang::En) => format!(
                "This workbook inflates to more than {} when unpacked; export the sheet as CSV instead.",
                size_text(*limit_bytes)
            ),
            (WorkbookTooLarge { limit_bytes }, Lang::De) => format!(
                "Diese Arbeitsmappe wird entpackt größer als {}; bitte das Blatt als CSV exportieren.",
                size_text(*limit_bytes)
            ),
            (JsonTooDeep { limit }, Lang::En) => {
                format!("The JSON is nested deeper than {limit} levels: this is not a table export.")
            }
            (JsonTooDeep { limit }, Lang::De) => {
                format!("Das JSON ist tiefer als {limit} Ebenen verschachtelt: Das ist kein Tabellenexport.")
            }
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ImportError {}

/// `1 MiB`, `256 MiB`, `1 GiB`: a limit as people read it.
fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}
