//! What `kpi` writes: the import report as text, JSON, and standard output that a reader
//! may close early.

use std::process::ExitCode;

use crate::i18n::Lang;
use crate::import::ImportReport;

/// The import report as people read it.
pub(crate) fn inspect_text(file: &str, r: &ImportReport, lang: Lang) -> String {
    use std::fmt::Write as _;
    let de = lang == Lang::De;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {file}", if de { "Datei" } else { "file" });
    let _ = writeln!(out, "format: {}", serde_name(&r.source.format));
    if let Some(e) = r.source.encoding {
        let _ = writeln!(
            out,
            "encoding: {}{}",
            e.label(),
            if r.malformed_text { " (malformed bytes replaced)" } else { "" }
        );
    }
    if let Some(d) = &r.source.delimiter {
        let shown = if d == "\t" { "tab".to_owned() } else { d.clone() };
        let _ = writeln!(out, "delimiter: {shown}");
    }
    if let Some(s) = &r.source.sheet {
        let _ = writeln!(out, "sheet: {s} (of {})", r.source.sheets.join(", "));
    }
    if let Some(t) = &r.source.tool {
        let _ = writeln!(out, "tool: {t}");
    }
    let how = if r.kind_guessed { "guessed from the columns" } else { "as asked" };
    let shape = r.shape.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    let _ = writeln!(out, "kind: {}{shape}, {how}", r.kind.as_str());
    if r.amounts_in_cents {
        let _ = writeln!(out, "amounts: in cents, divided by 100");
    }
    let _ = writeln!(
        out,
        "rows: {} read, {} rejected, decisions from {}",
        r.rows_read, r.rows_rejected, r.rows_sampled
    );
    let _ = writeln!(out, "columns:");
    for c in &r.columns {
        let what = match (c.field, c.signal, c.segment) {
            (Some(f), _, _) => f.key().to_owned(),
            (None, true, _) => "signal".into(),
            (None, _, true) => "segment".into(),
            _ => "-".into(),
        };
        let why = match (c.certainty, c.reason) {
            (Some(p), Some(reason)) => format!("{:.0} %, {}", p * 100.0, reason.label(lang)),
            _ => String::new(),
        };
        let mut conv = Vec::new();
        if let Some(n) = c.number_convention {
            conv.push(serde_name(&n));
        }
        if let Some(d) = c.date_order {
            conv.push(serde_name(&d));
        }
        let conv = if conv.is_empty() { String::new() } else { format!(" [{}]", conv.join(", ")) };
        let _ = writeln!(out, "  {:>3}  {:<28} {:<22} {why}{conv}", c.index + 1, c.header, what);
    }
    if r.questions.is_empty() {
        let _ = writeln!(out, "questions: none");
    } else {
        let _ = writeln!(out, "questions:");
        for q in &r.questions {
            let _ = writeln!(out, "  - {} (read as {})", q.message(lang), q.chosen);
        }
    }
    out
}

/// The JSON name of a report value (`csv`, `decimal_comma`), for the text form.
pub(crate) fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Writes `text` to standard output. A reader that went away early (`kpi … | head`) is not
/// an error of kpi's: it ends quietly instead of panicking in `print!`.
pub(crate) fn emit(text: &str) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kpi: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

pub(crate) fn print_json<T: serde::Serialize>(v: &T) -> ExitCode {
    match serde_json::to_string(v) {
        Ok(s) => emit(&format!("{s}\n")),
        Err(e) => {
            eprintln!("kpi: {e}");
            ExitCode::from(1)
        }
    }
}
