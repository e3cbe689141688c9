//! The worker's warm-up: while the page waits for the user to choose a file, the worker
//! analyses a few small generated files, so that the first real analysis runs in compiled,
//! optimised code.
//!
//! Why: the browser compiles a wasm function only when it is first called (with its fast
//! baseline compiler), and re-compiles it with the optimising compiler only once it has
//! run for a while; a call already running keeps its baseline code. So the first analysis
//! on a fresh page ran several times slower than the next ones (a 10 k-row survey: ~300 ms
//! against ~50 ms on a busy machine). The warm-up pays that while the user is still
//! looking for the file.
//!
//! Each step is one small analysis in a task of its own (`setTimeout`), so a request that
//! arrives meanwhile waits for one step at most; once a request has come, the warm-up
//! stops (the request warms what it needs itself). The files are the two main kinds (survey
//! answers, monthly MRR) in both conventions (`,` with ISO dates and decimal points; `;`
//! with German dates and decimal commas): the import's shared path (decoding, tokenizer,
//! detection, number and date reading) and the metrics most files reach.

use std::cell::Cell;
use std::fmt::Write;

use js_sys::{Function, Reflect};
use kundenkpi::analysis::{analyze_reader, AnalysisOptions};
use kundenkpi::worker_protocol::js::to_js;
use kundenkpi::worker_protocol::{FromWorker, Json};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Rows of each generated file: enough for the row loops to be re-compiled optimised
/// (a few thousand calls each), little enough that a step takes a few ms.
const ROWS: usize = 1500;

thread_local! {
    /// A request has come: the warm-up has no more to do.
    static STOPPED: Cell<bool> = const { Cell::new(false) };
}

/// A request arrived: no further warm-up step starts.
pub fn stop() {
    STOPPED.with(|s| s.set(true));
}

/// Starts the warm-up (its first step in a task of its own, after the current one).
pub fn start() {
    schedule(0);
}

fn schedule(step: usize) {
    let global = js_sys::global();
    let set_timeout = Reflect::get(&global, &JsValue::from_str("setTimeout"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(set_timeout) = set_timeout {
        let next = Closure::once_into_js(move || run(step));
        let _ = set_timeout.call2(&global, &next, &JsValue::from(0));
    }
}

fn run(step: usize) {
    if STOPPED.with(Cell::get) {
        return;
    }
    let Some(file) = warm_up_file(step) else { return };
    // the result is made ready to post as a real one is, and dropped
    if let Ok(Ok(analysis)) =
        analyze_reader(file.as_bytes(), Some("warm-up.csv"), &AnalysisOptions::default())
    {
        let _ = to_js(&FromWorker::Result { id: 0, analysis: Json(Box::new(analysis)) });
    }
    schedule(step + 1);
}

/// Step `step`'s file, `None` after the last.
fn warm_up_file(step: usize) -> Option<String> {
    match step {
        0 => Some(survey(false)),
        1 => Some(snapshots(true)),
        2 => Some(survey(true)),
        3 => Some(snapshots(false)),
        _ => None,
    }
}

/// Day `i` of a 28-day-month calendar in 2024: (day, month).
fn day(i: usize) -> (usize, usize) {
    (1 + i % 28, 1 + (i / 28) % 12)
}

/// Survey answers: NPS, CSAT and CES in turn, three segments.
fn survey(german: bool) -> String {
    let mut out = String::with_capacity(ROWS * 28);
    out.push_str(if german {
        "Datum;Umfrage;Bewertung;Segment\n"
    } else {
        "date,survey,score,segment\n"
    });
    for i in 0..ROWS {
        let (d, m) = day(i / 4);
        let (survey, score) = match i % 3 {
            0 => ("nps", i * 7 % 11),
            1 => ("csat", 1 + i * 5 % 5),
            _ => ("ces", 1 + i * 3 % 7),
        };
        let segment = ["SMB", "Mid-Market", "Enterprise"][i / 3 % 3];
        let _ = if german {
            writeln!(out, "{d:02}.{m:02}.2024;{survey};{score};{segment}")
        } else {
            writeln!(out, "2024-{m:02}-{d:02},{survey},{score},{segment}")
        };
    }
    out
}

/// Monthly MRR per customer over a year: new customers, expansions, contractions, churn.
fn snapshots(german: bool) -> String {
    let mut out = String::with_capacity(ROWS * 24);
    out.push_str(if german { "Kundennummer;Monat;MRR\n" } else { "customer,month,mrr\n" });
    let customers = ROWS / 12;
    for m in 1..=12usize {
        for c in 0..customers {
            // customers join over the year; every seventh leaves after its sixth month
            if c % 12 >= m + 6 || (c % 7 == 0 && m > 6) {
                continue;
            }
            let cents = 1900 + (c * 1000) % 9000 + if c % 3 == 0 { m * 500 } else { 0 };
            let (units, rest) = (cents / 100, cents % 100);
            let _ = if german {
                writeln!(out, "K{c:05};{m:02}.2024;{units},{rest:02}")
            } else {
                writeln!(out, "K{c:05},2024-{m:02},{units}.{rest:02}")
            };
        }
    }
    out
}
