//! The messages between the page and the analysis worker (`src/bin/worker.rs`), as serde
//! enums that both sides use, so a misspelt field or message type is a compile error.
//!
//! They cross the thread boundary as plain JS objects built by `serde-wasm-bindgen` (see
//! [`js`], browser builds only); the input itself (a `Blob`, or an `ArrayBuffer`) travels
//! as the JS object it is, never copied into the message. Pure code and tests use the same
//! types with any stand-in for the input (`I`).
//!
//! - worker → page [`FromWorker::Ready`] once the wasm runs;
//! - page → worker [`ToWorker::Analyze`]: the input (only when the worker does not hold it
//!   yet), its `source` number and the options. A later request with the same `source` and
//!   no input (only the options changed) reads the input kept from the last one again. The
//!   worker never holds the input whole: it reads it in 1 MiB slices;
//! - worker → page [`FromWorker::Progress`] while importing (bytes read of the input's
//!   size), then [`FromWorker::Result`] or [`FromWorker::Error`].

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::analysis::{Analysis, AnalysisOptions};
use crate::import::ImportError;

#[cfg(any(feature = "app", feature = "worker"))]
pub mod js;

/// Page → worker. Externally tagged (`{"analyze": {…}}`): the input inside must reach the
/// worker as the same JS object, which serde's buffering of internally tagged enums would
/// lose.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker<I> {
    Analyze(AnalyzeRequest<I>),
}

/// Analyse one input.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AnalyzeRequest<I> {
    /// Answers carry it; the page drops answers to requests it no longer waits for.
    pub id: u32,
    /// The file's name (its extension helps to recognise the format).
    pub name: Option<String>,
    /// Which input this is; a request without `input` means "the one the worker kept".
    pub source: Option<u32>,
    #[serde(default)]
    pub options: AnalysisOptions,
    /// The input, when the worker does not hold it yet.
    pub input: Option<I>,
}

/// Worker → page. Internally tagged (`{"type": "progress", …}`): nothing in it needs to
/// stay a JS object.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's wasm runs and takes requests.
    Ready,
    /// `done` of `total` bytes of the input read.
    Progress { id: u32, done: f64, total: f64 },
    /// The analysis of request `id` (boxed: it is large, the other answers are a few numbers).
    Result { id: u32, analysis: Json<Box<Analysis>> },
    /// Request `id` gave no analysis.
    Error { id: u32, error: WorkerError },
}

/// Why a request gave no analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerError {
    /// The input was read but cannot be imported; the page says why in the user's language.
    Import(ImportError),
    /// The input could not be read (e.g. the file was changed or deleted on disk after it
    /// was chosen), with a technical detail.
    Unreadable(String),
    /// A request the worker cannot serve (no input, an input of the wrong type, an input it
    /// does not hold) or an internal failure, with a technical detail in English.
    Failed(String),
}

/// A value that crosses as one JSON string. For the analysis, which can hold a number per
/// ticket: one string is cloned to the other thread in one piece and parsed in one pass,
/// far cheaper than building and cloning a JS object per value, and every number arrives
/// exactly as `kpi --json` writes it.
#[derive(Clone, Debug)]
pub struct Json<T>(pub T);

impl<T: Serialize> Serialize for Json<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Json<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map(Json).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::metrics::PeriodKind;
    use serde_json::json;

    #[test]
    fn a_request_keeps_its_input_and_takes_partial_options() {
        let wire = json!({"analyze": {"id": 3, "name": "a.csv", "source": 1,
            "options": {"report": {"period": "quarter"}}, "input": "the blob"}});
        let request: ToWorker<String> = serde_json::from_value(wire).unwrap();
        let ToWorker::Analyze(r) = request;
        assert_eq!((r.id, r.name.as_deref(), r.source), (3, Some("a.csv"), Some(1)));
        assert_eq!(r.options.report.period, PeriodKind::Quarter);
        assert_eq!(r.input.as_deref(), Some("the blob"));
        // only the options changed: no input, every other option at its default
        let again: ToWorker<String> =
            serde_json::from_value(json!({"analyze": {"id": 4, "source": 1}})).unwrap();
        let ToWorker::Analyze(r) = again;
        assert_eq!((r.input, r.name), (None, None));
        assert_eq!(r.options.report.period, AnalysisOptions::default().report.period);
    }

    #[test]
    fn answers_are_tagged_by_type_and_the_analysis_crosses_as_one_string() {
        let ready = serde_json::to_value(FromWorker::Ready).unwrap();
        assert_eq!(ready, json!({"type": "ready"}));
        let progress = FromWorker::Progress { id: 2, done: 1048576.0, total: 3e6 };
        assert_eq!(
            serde_json::to_value(&progress).unwrap(),
            json!({"type": "progress", "id": 2, "done": 1048576.0, "total": 3e6})
        );
        let analysis = analyze(b"score\n10\n0\n8\n", None, &AnalysisOptions::default()).unwrap();
        let result = FromWorker::Result { id: 2, analysis: Json(Box::new(analysis.clone())) };
        let wire = serde_json::to_value(&result).unwrap();
        assert_eq!(wire["analysis"], json!(serde_json::to_string(&analysis).unwrap()));
        let FromWorker::Result { analysis: Json(back), .. } = serde_json::from_value(wire).unwrap()
        else {
            panic!("not a result")
        };
        assert_eq!(
            serde_json::to_string(&back.report).unwrap(),
            serde_json::to_string(&analysis.report).unwrap()
        );
    }

    #[test]
    fn an_import_error_crosses_typed() {
        let error = analyze(b"", None, &AnalysisOptions::default()).unwrap_err();
        let answer = FromWorker::Error { id: 7, error: WorkerError::Import(error.clone()) };
        let wire = serde_json::to_value(&answer).unwrap();
        assert_eq!(wire["type"], "error");
        let FromWorker::Error { id, error: back } = serde_json::from_value(wire).unwrap() else {
            panic!("not an error")
        };
        assert_eq!((id, back), (7, WorkerError::Import(error)));
        let unreadable = serde_json::to_value(WorkerError::Unreadable("NotReadableError".into()));
        assert_eq!(unreadable.unwrap(), json!({"unreadable": "NotReadableError"}));
    }

    #[test]
    fn a_broken_analysis_string_is_an_error_not_a_panic() {
        let wire = json!({"type": "result", "id": 1, "analysis": "{not json"});
        assert!(serde_json::from_value::<FromWorker>(wire).is_err());
    }
}
