//! What the import reports: the format, every column's decision, and the questions left
//! to the user.

use serde::{Deserialize, Serialize};

use crate::dataset::DatasetKind;
use crate::i18n::Lang;

use super::{DateOrder, Field, NumberConvention, TextEncoding};

/// The container format recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    /// A single column of numbers without header, read as survey scores.
    BareNumbers,
    Xlsx,
    Ods,
    Json,
    Ndjson,
}

/// What a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// `1,234`: thousands separator or decimal comma?
    NumberConvention,
    /// `03/05/2024`: day first or month first?
    DateOrder,
}

/// An ambiguity the user should settle. The import already used `chosen`; answering means
/// importing again with the answer in [`ImportOptions`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub column: usize,
    pub header: String,
    pub about: QuestionKind,
    /// A few values of the column that could be read either way.
    pub examples: Vec<String>,
    /// The possible answers (`decimal_point`/`decimal_comma`, `day_month`/`month_day`).
    pub choices: Vec<String>,
    pub chosen: String,
}

impl Question {
    pub fn message(&self, lang: Lang) -> String {
        let ex = self.examples.join(", ");
        match (self.about, lang) {
            (QuestionKind::NumberConvention, Lang::En) => format!(
                "Column “{}”: is “{ex}” written with a thousands separator (1,234 = one thousand …) or a decimal comma (1,234 = one point …)?",
                self.header
            ),
            (QuestionKind::NumberConvention, Lang::De) => format!(
                "Spalte „{}“: Ist „{ex}“ mit Tausendertrennzeichen (1.234 = eintausend …) oder mit Dezimalkomma geschrieben?",
                self.header
            ),
            (QuestionKind::DateOrder, Lang::En) => format!(
                "Column “{}”: is “{ex}” day/month/year or month/day/year?",
                self.header
            ),
            (QuestionKind::DateOrder, Lang::De) => format!(
                "Spalte „{}“: Ist „{ex}“ Tag/Monat/Jahr oder Monat/Tag/Jahr?",
                self.header
            ),
        }
    }
}

/// Why a column was given its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    /// The header is one of the field's names (`Betrag`, `created_at`).
    Header,
    /// Words in the header name it (`total price`, `Closed Date`, `Gesamtpreis`, a long
    /// question title).
    HeaderWords,
    /// No header says so, but it is the only column whose values fit (`total_price`
    /// holding money in a file without an amount column).
    Values,
    /// The user chose it (review step, `--column`).
    UserChoice,
}

impl MatchReason {
    pub fn key(self) -> &'static str {
        match self {
            MatchReason::Header => "header",
            MatchReason::HeaderWords => "header_words",
            MatchReason::Values => "values",
            MatchReason::UserChoice => "user_choice",
        }
    }

    /// Why, for the review step and `kpi inspect`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MatchReason::Header, Lang::En) => "named by its header",
            (MatchReason::Header, Lang::De) => "nach der Überschrift",
            (MatchReason::HeaderWords, Lang::En) => "words in its header",
            (MatchReason::HeaderWords, Lang::De) => "Wörter der Überschrift",
            (MatchReason::Values, Lang::En) => "chosen by its values",
            (MatchReason::Values, Lang::De) => "nach den Werten gewählt",
            (MatchReason::UserChoice, Lang::En) => "your choice",
            (MatchReason::UserChoice, Lang::De) => "Ihre Wahl",
        }
    }
}

/// One column of the source and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    pub index: usize,
    pub header: String,
    /// The field it is mapped to; `None` = a segment (or a health signal).
    pub field: Option<Field>,
    /// How sure the mapping is (1 = the header names the field or the user chose it;
    /// 0.8 words of the header; 0.6 part of a compound; 0.5 only the values fit).
    pub certainty: Option<f64>,
    /// Why the column has its field.
    pub reason: Option<MatchReason>,
    /// Health datasets: the column is one of the numeric signals.
    pub signal: bool,
    /// Not mapped: available to split every metric.
    pub segment: bool,
    pub number_convention: Option<NumberConvention>,
    pub date_order: Option<DateOrder>,
    /// A few of the column's values (distinct, non-empty, from the first rows), so that the
    /// review step shows what the column holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<String>,
}

/// How the bytes became a table: container format, text encoding, separator, workbook
/// sheet and the export tool recognised. Shared by a complete import's report, by the
/// table of an import that stopped at its kind or columns, and by the review's first row;
/// it is flattened into their JSON, so its fields sit at the top level there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceRead {
    pub format: Format,
    pub encoding: Option<TextEncoding>,
    /// The separator, for CSV (`","`, `";"`, `"\t"`, `"|"`).
    pub delimiter: Option<String>,
    /// Sheets of a workbook, and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// A known export shape (`stripe`, `chargebee`, `delighted`, `typeform`,
    /// `surveymonkey`, `google_forms`).
    pub tool: Option<String>,
}

/// How the file was read: every decision, and the questions left to the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    #[serde(flatten)]
    pub source: SourceRead,
    pub kind: DatasetKind,
    /// The kind was guessed from the columns (not given in the options).
    pub kind_guessed: bool,
    /// Subscriptions: `rows` (start/end/amount/interval) or `snapshots` (month/mrr).
    pub shape: Option<String>,
    /// Money was divided by 100 (amounts given in cents).
    pub amounts_in_cents: bool,
    pub columns: Vec<ColumnReport>,
    pub questions: Vec<Question>,
    /// Data rows rows read (header and blank lines not counted) and rejected.
    pub rows_read: usize,
    pub rows_rejected: usize,
    /// Rows the decisions were taken from.
    pub rows_sampled: usize,
    /// Some bytes were not valid in the detected encoding and became U+FFFD (the encoding
    /// is decided from the first 64 KiB when streaming).
    pub malformed_text: bool,
}

/// What was read of a table whose kind or columns could not be settled (no kind fits, or
/// the kind chosen lacks a field): how it was read and every column with a few values, so
/// that the review step lets the user choose the kind and the columns by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableRead {
    #[serde(flatten)]
    pub source: SourceRead,
    /// Every column; `field` (with certainty and reason) where the kind tried matched one.
    pub columns: Vec<ColumnReport>,
    pub rows_sampled: usize,
    pub malformed_text: bool,
}

impl TableRead {
    /// The fields a candidate mapping found, before the rest is known (the import fills in
    /// headers, values and format where the table was read).
    pub(crate) fn matched(fields: &[Option<Field>], why: &[Option<(MatchReason, f64)>]) -> Self {
        let columns = fields
            .iter()
            .enumerate()
            .map(|(index, field)| ColumnReport {
                index,
                header: String::new(),
                field: *field,
                certainty: why.get(index).copied().flatten().map(|w| w.1),
                reason: why.get(index).copied().flatten().map(|w| w.0),
                signal: false,
                segment: field.is_none(),
                number_convention: None,
                date_order: None,
                samples: Vec::new(),
            })
            .collect();
        TableRead {
            source: SourceRead {
                format: Format::Csv,
                encoding: None,
                delimiter: None,
                sheets: Vec::new(),
                sheet: None,
                tool: None,
            },
            columns,
            rows_sampled: 0,
            malformed_text: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_of_a_semicolon_file() -> TableRead {
        let mut table = TableRead::matched(&[None], &[None]);
        table.source = SourceRead {
            format: Format::Csv,
            encoding: Some(TextEncoding::Windows1252),
            delimiter: Some(";".into()),
            sheets: Vec::new(),
            sheet: None,
            tool: None,
        };
        table.columns[0].header = "Kunde".into();
        table.rows_sampled = 2;
        table
    }

    /// The app and the worker exchange this JSON: the shared `SourceRead` is flattened, so
    /// the keys are the ones (and in the order) the table had before it was shared.
    #[test]
    fn table_read_json_keeps_its_flat_keys_in_order() {
        let json = serde_json::to_string(&table_of_a_semicolon_file()).unwrap();
        assert_eq!(
            json,
            r#"{"format":"csv","encoding":"windows1252","delimiter":";","sheets":[],"sheet":null,"tool":null,"columns":[{"index":0,"header":"Kunde","field":null,"certainty":null,"reason":null,"signal":false,"segment":true,"number_convention":null,"date_order":null}],"rows_sampled":2,"malformed_text":false}"#
        );
        let back: TableRead = serde_json::from_str(&json).unwrap();
        assert_eq!(back, table_of_a_semicolon_file());
    }
}
