//! A large CSV file analysed on every core: split at line breaks into parts, each part read
//! and folded into its own accumulator on a thread, the accumulators merged in file order.
//! The result is the one reading the file in order gives (`analyze_reader`), to the byte:
//!
//! - The first part is read by the ordinary streaming importer; it makes the plan (format,
//!   separator, conventions, columns) from the same sample. The other parts are read with
//!   that plan from their first line on ([`crate::import::parallel::PartReader`]).
//! - A split point is right after a line feed, but a line feed can sit inside a quoted
//!   field. Each part is read from a record boundary; when it ends exactly at a record
//!   boundary (nothing held, not inside quotes), the reader of the whole file would be at
//!   that same boundary there, so the next part starts where it should. Where any part does
//!   not end cleanly (or meets a byte its encoding does not read, or stops with an error),
//!   the parallel result is dropped and the caller reads the file in order.
//! - The physical line each part starts on (for rejections and comments) is counted on
//!   every core while the first part is read up to the plan.
//! - Segment values: each part codes the values of each segment column in its own order
//!   of first appearance. At the merge the parts' values are joined in part order, a value
//!   new to the file taking the next code, which is the order of first appearance in the
//!   whole file, so codes, value lists and everything listed per segment come out as
//!   reading in order gives them. A later part's state is renumbered to those codes
//!   ([`Renumber`]) before it is merged.
//! - Survey answers, MRR snapshots and subscription rows are folded as they stream by, each
//!   part into its own tally or ledger, merged in part order. The other kinds' metrics need
//!   every row at once: each part keeps its typed rows, joined in part order (the file's).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::thread;

use crate::analysis::{Analysis, AnalysisOptions, Fold};
use crate::dataset::{Dataset, DatasetKind, Rejected, SegmentColumn, Subscriptions, Table};
use crate::import::parallel::{line_breaks, streams_as_csv, PartReader, HEAD_BYTES};
use crate::import::{rejected_count, CsvImporter, ImportError, Imported};
use crate::metrics::accumulate::Renumber;

/// Parts smaller than this are not worth a thread of their own.
pub const MIN_PART_BYTES: u64 = 8 << 20;

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;

/// Threads to use: `KPI_THREADS` when set to a number ≥ 1, else every core.
pub fn threads() -> usize {
    std::env::var("KPI_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The analysis of the file at `path` on [`threads`] threads, when it is large enough
/// (parts of at least [`MIN_PART_BYTES`]) and can be read in parts (see the module
/// documentation). `None`: read it in order (`analyze_reader`) instead.
pub fn analyze_file(
    path: &Path,
    options: &AnalysisOptions,
) -> Option<io::Result<Result<Analysis, ImportError>>> {
    analyze_file_in_parts(path, options, threads(), MIN_PART_BYTES).transpose()
}

/// [`analyze_file`] with the number of threads and the smallest part given. `Ok(None)`: not
/// read in parts (too small, one thread, not a CSV stream, or a part that did not end at a
/// record boundary).
pub fn analyze_file_in_parts(
    path: &Path,
    options: &AnalysisOptions,
    threads: usize,
    min_part_bytes: u64,
) -> io::Result<Option<Result<Analysis, ImportError>>> {
    if threads < 2 {
        return Ok(None);
    }
    let size = std::fs::metadata(path)?.len();
    let parts = threads.min(usize::try_from(size / min_part_bytes.max(1)).unwrap_or(usize::MAX));
    if parts < 2 {
        return Ok(None);
    }
    let name = path.to_str();
    let mut file = File::open(path)?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    if !streams_as_csv(&head, name) {
        return Ok(None);
    }
    let bounds = split_points(&mut file, size, parts, head.len() as u64)?;
    if bounds.len() < 3 {
        return Ok(None);
    }
    // The first part, up to the plan; meanwhile the line breaks before each later part are
    // counted on every core (the physical line each part starts on).
    file.seek(SeekFrom::Start(head.len() as u64))?;
    let mut first_part = FirstPart { file, pos: head.len() as u64, end: bounds[1] };
    let mut importer = CsvImporter::new(options.import.clone());
    let mut first = Fold::default();
    importer.push(&head);
    drop(head);
    let planned = first_part.read_to_plan_counting_lines(
        &mut importer,
        &mut first,
        options,
        path,
        &bounds,
        threads,
    )?;
    let Some(first_lines) = planned else { return Ok(None) };
    let Some(resume) = importer.resume() else { return Ok(None) };

    // The other parts on threads of their own, the rest of the first one here.
    let (first_ok, later) = thread::scope(|s| {
        let workers: Vec<_> = (1..bounds.len() - 1)
            .map(|k| {
                let (from, to, line, resume) = (bounds[k], bounds[k + 1], first_lines[k], &resume);
                s.spawn(move || read_part(path, from, to, line, resume, options))
            })
            .collect();
        let first_ok = first_part.read(&mut importer, &mut first, options, false);
        let later: Vec<io::Result<Option<Part>>> =
            workers.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(panicked()))).collect();
        (first_ok, later)
    });
    if !first_ok? || !importer.at_record_boundary() {
        return Ok(None);
    }
    let mut later_parts = Vec::with_capacity(later.len());
    for part in later {
        match part? {
            Some(p) => later_parts.push(p),
            None => return Ok(None),
        }
    }
    let Ok(imported) = importer.finish() else { return Ok(None) };
    Ok(merge_in_file_order(first, imported, later_parts, options).map(Ok))
}

/// The analysis of the whole file from the first part (its fold, and what its importer
/// made: the plan's dataset, the report, the segment values in its order) and the later
/// parts, in file order: each later part's segment codes renumbered to the file's, then its
/// tally or ledger merged (or its typed rows added). `None`: the parts do not fit together.
fn merge_in_file_order(
    mut first: Fold,
    imported: Imported,
    later_parts: Vec<Part>,
    options: &AnalysisOptions,
) -> Option<Analysis> {
    let (mut last, mut report) = (imported.dataset, imported.report);
    first.add(take_rows(&mut last), options);
    let columns = &mut table_of(&mut last).segments;
    let chosen = options.report.segment.as_deref();
    let chosen = chosen.and_then(|name| columns.iter().position(|c| c.name == name));
    let mut values: Vec<FileValues> =
        columns.iter_mut().map(|c| FileValues::new(std::mem::take(&mut c.values))).collect();
    for part in later_parts {
        if part.segment_values.len() != values.len() {
            return None; // unreachable: every part reads with the same plan
        }
        let (mut fold, mut rows) = (part.fold, part.rows);
        for (column, (file, theirs)) in values.iter_mut().zip(part.segment_values).enumerate() {
            let to = file.join(theirs);
            if let Some(rows) = &mut rows {
                // kept rows: every segment column's codes
                if let Some(c) = table_of(rows).segments.get_mut(column) {
                    c.codes.iter_mut().for_each(|code| *code = Renumber(&to).code(*code));
                }
            } else if chosen == Some(column) {
                fold.renumber_segments(Renumber(&to));
            }
        }
        match rows {
            Some(rows) => first.add(rows, options),
            None => first.merge(fold),
        }
        report.rows_read += part.rows_read;
        table_of(&mut last).rejected.extend(part.rejected);
    }
    for (c, file) in table_of(&mut last).segments.iter_mut().zip(values) {
        c.values = file.values;
    }
    report.rows_rejected = rejected_count(&last);
    Some(first.finish(last, report, options))
}

/// The rest of the first part, read by the ordinary streaming importer.
struct FirstPart {
    file: File,
    pos: u64,
    end: u64,
}

impl FirstPart {
    /// Reads up to the plan while the line breaks before each later part of the file at
    /// `path` (split at `bounds`) are counted on `threads` cores. The physical line each
    /// part starts on, or `None` when reading stopped before the plan (the importer failed).
    fn read_to_plan_counting_lines(
        &mut self,
        importer: &mut CsvImporter,
        fold: &mut Fold,
        options: &AnalysisOptions,
        path: &Path,
        bounds: &[u64],
        threads: usize,
    ) -> io::Result<Option<Vec<usize>>> {
        let pieces = counting_pieces(bounds, threads);
        let (counted, planned) = thread::scope(|s| {
            let counting: Vec<_> = pieces
                .windows(2)
                .map(|w| {
                    let (from, to) = (w[0], w[1]);
                    s.spawn(move || count_lines(path, from, to))
                })
                .collect();
            let planned = self.read(importer, fold, options, true);
            let counted = counting
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(panicked())))
                .collect::<io::Result<Vec<Counted>>>();
            (counted, planned)
        });
        let first_lines = first_lines(bounds, &pieces, &counted?);
        Ok(planned?.then_some(first_lines))
    }

    /// Reads on up to the end of the part, or only until the plan is made. `false`:
    /// reading stopped (the importer failed).
    fn read(
        &mut self,
        importer: &mut CsvImporter,
        fold: &mut Fold,
        options: &AnalysisOptions,
        until_plan: bool,
    ) -> io::Result<bool> {
        let mut buf = vec![0u8; CHUNK];
        while self.pos < self.end && !(until_plan && importer.resume().is_some()) {
            let want = usize::try_from(self.end - self.pos).map_or(CHUNK, |r| r.min(CHUNK));
            let n = self.file.read(&mut buf[..want])?;
            if n == 0 {
                break;
            }
            self.pos += n as u64;
            importer.push(&buf[..n]);
            if importer.failed() {
                return Ok(false);
            }
            if let Some(rows) = importer.take_rows() {
                fold.add(rows, options);
            }
        }
        Ok(true)
    }
}

fn panicked() -> io::Error {
    io::Error::other("a thread reading part of the file panicked")
}

/// `[0, s1, …, size]`: `parts` near-equal parts, each split right after a line feed; fewer
/// where no line feed is found within a chunk of the target. The first split is after the
/// head (`min_first`).
fn split_points(file: &mut File, size: u64, parts: usize, min_first: u64) -> io::Result<Vec<u64>> {
    let mut bounds = vec![0u64];
    let mut window = vec![0u8; CHUNK];
    for k in 1..parts as u64 {
        let target = (size / parts as u64 * k).max(min_first);
        if target <= *bounds.last().unwrap_or(&0) || target >= size {
            continue;
        }
        file.seek(SeekFrom::Start(target))?;
        let n = read_full(file, &mut window)?;
        if let Some(i) = window[..n].iter().position(|&b| b == b'\n') {
            let split = target + i as u64 + 1;
            if split < size {
                bounds.push(split);
            }
        }
    }
    bounds.push(size);
    Ok(bounds)
}

fn read_full(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Where the bytes before the last part are cut to count their line breaks on every core:
/// at each part's start, and into `threads` pieces of near-equal size.
fn counting_pieces(bounds: &[u64], threads: usize) -> Vec<u64> {
    let before_last = bounds.len().saturating_sub(1);
    let end = bounds.get(before_last.saturating_sub(1)).copied().unwrap_or(0);
    let n = threads.max(1) as u64;
    let mut cuts: Vec<u64> = bounds.iter().take(before_last).copied().collect();
    cuts.extend((1..n).map(|i| end / n * i));
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// The physical line each part starts on (1-based): one more than the line breaks before
/// it, summed over the pieces, a CRLF cut between two pieces counted once.
fn first_lines(bounds: &[u64], pieces: &[u64], counted: &[Counted]) -> Vec<usize> {
    let mut before = Vec::with_capacity(counted.len());
    for (i, c) in counted.iter().enumerate() {
        let cut_crlf =
            c.last == Some(b'\r') && counted.get(i + 1).and_then(|n| n.first) == Some(b'\n');
        before.push(c.lines.saturating_sub(usize::from(cut_crlf)));
    }
    bounds
        .iter()
        .take(bounds.len().saturating_sub(1))
        .map(|&start| {
            let lines: usize =
                pieces.windows(2).zip(&before).filter(|(w, _)| w[1] <= start).map(|(_, n)| n).sum();
            1 + lines
        })
        .collect()
}

/// The line breaks of a piece of the file, and its first and last byte.
struct Counted {
    lines: usize,
    first: Option<u8>,
    last: Option<u8>,
}

/// Line breaks in bytes `from..to` of the file.
fn count_lines(path: &Path, from: u64, to: u64) -> io::Result<Counted> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut part = file.take(to - from);
    let mut buf = vec![0u8; CHUNK];
    let mut counted = Counted { lines: 0, first: None, last: None };
    loop {
        let n = part.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        // a CRLF cut by the chunk boundary counts once
        if counted.last == Some(b'\r') && chunk.first() == Some(&b'\n') {
            counted.lines -= 1;
        }
        counted.lines += line_breaks(chunk);
        counted.first = counted.first.or(chunk.first().copied());
        counted.last = chunk.last().copied();
    }
    Ok(counted)
}

/// What a later part yields: its folded rows (or, for the kinds whose metrics need every row
/// at once, the rows), its rejections, the data rows it read, and each segment column's
/// values in the part's own order of first appearance (its codes).
struct Part {
    fold: Fold,
    rows: Option<Dataset>,
    rejected: Vec<Rejected>,
    rows_read: usize,
    segment_values: Vec<Vec<String>>,
}

/// The values of one segment column in the whole file so far, in order of first
/// appearance (a value's code is its place).
struct FileValues {
    values: Vec<String>,
    /// Built at the first join: most files have no later part with a new value.
    codes: Option<HashMap<String, u32>>,
}

impl FileValues {
    fn new(values: Vec<String>) -> Self {
        FileValues { values, codes: None }
    }

    /// Joins the values of the next part (in its order of first appearance); returns each
    /// one's code in the whole file, indexed by its code in the part.
    fn join(&mut self, part: Vec<String>) -> Vec<u32> {
        let values = &mut self.values;
        let codes = self.codes.get_or_insert_with(|| {
            values.iter().enumerate().map(|(c, v)| (v.clone(), code_of(c))).collect()
        });
        part.into_iter()
            .map(|v| match codes.get(&v) {
                Some(&c) => c,
                None => {
                    let c = code_of(values.len());
                    codes.insert(v.clone(), c);
                    values.push(v);
                    c
                }
            })
            .collect()
    }
}

/// A code as the importer gives it (`u32::MAX` past the last: never reached in practice).
fn code_of(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn read_part(
    path: &Path,
    from: u64,
    to: u64,
    first_line: usize,
    resume: &crate::import::Resume,
    options: &AnalysisOptions,
) -> io::Result<Option<Part>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut input = file.take(to - from);
    let mut reader = PartReader::new(resume, first_line);
    let mut part = Part {
        fold: Fold::default(),
        rows: None,
        rejected: Vec::new(),
        rows_read: 0,
        segment_values: Vec::new(),
    };
    // Rows are kept, not folded, where the kind's metrics need every row at once: their
    // segment codes are renumbered at the merge.
    let kept = !matches!(resume.plan.kind, DatasetKind::Survey | DatasetKind::Subscriptions);
    let add = |part: &mut Part, rows: Dataset| match &mut part.rows {
        _ if !kept => part.fold.add(rows, options),
        Some(kept) => {
            // one plan yields one kind: append cannot fail
            let _ = kept.append(rows);
        }
        none => *none = Some(rows),
    };
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        reader.push(&buf[..n]);
        if reader.failed() {
            return Ok(None);
        }
        if let Some(rows) = reader.take_rows() {
            add(&mut part, rows);
        }
    }
    let Some((mut last, rows_read)) = reader.finish() else { return Ok(None) };
    let table = table_of(&mut last);
    part.rejected = std::mem::take(table.rejected);
    part.segment_values =
        table.segments.iter_mut().map(|c| std::mem::take(&mut c.values)).collect();
    part.rows_read = rows_read;
    add(&mut part, last);
    Ok(Some(part))
}

/// The parts of a dataset's table that every kind has: its rows' segment columns and its
/// rejections (the rows themselves differ by kind).
struct TableOf<'a> {
    segments: &'a mut Vec<SegmentColumn>,
    rejected: &'a mut Vec<Rejected>,
}

fn table_of(d: &mut Dataset) -> TableOf<'_> {
    fn of<R>(t: &mut Table<R>) -> TableOf<'_> {
        TableOf { segments: &mut t.segments, rejected: &mut t.rejected }
    }
    match d {
        Dataset::Survey(t) => of(t),
        Dataset::Subscriptions(Subscriptions::Snapshots(t)) => of(t),
        Dataset::Subscriptions(Subscriptions::Rows(t)) => of(t),
        Dataset::Orders(t) => of(t),
        Dataset::Tickets(t) => of(t),
        Dataset::Usage(t) => of(t),
        Dataset::Funnel(t) => of(t),
        Dataset::Health(h) => of(&mut h.table),
    }
}

/// The rows of `d` (with their segment codes) as a chunk of their own; `d` keeps its
/// segment values, rejections and headers.
fn take_rows(d: &mut Dataset) -> Dataset {
    fn take<R>(t: &mut Table<R>) -> Table<R> {
        Table {
            rows: std::mem::take(&mut t.rows),
            segments: t
                .segments
                .iter_mut()
                .map(|s| SegmentColumn {
                    name: s.name.clone(),
                    values: Vec::new(),
                    codes: std::mem::take(&mut s.codes),
                })
                .collect(),
            rejected: Vec::new(),
            headers: Vec::new(),
        }
    }
    match d {
        Dataset::Survey(t) => Dataset::Survey(take(t)),
        Dataset::Subscriptions(Subscriptions::Snapshots(t)) => {
            Dataset::Subscriptions(Subscriptions::Snapshots(take(t)))
        }
        Dataset::Subscriptions(Subscriptions::Rows(t)) => {
            Dataset::Subscriptions(Subscriptions::Rows(take(t)))
        }
        Dataset::Orders(t) => Dataset::Orders(take(t)),
        Dataset::Tickets(t) => Dataset::Tickets(take(t)),
        Dataset::Usage(t) => Dataset::Usage(take(t)),
        Dataset::Funnel(t) => Dataset::Funnel(take(t)),
        Dataset::Health(h) => Dataset::Health(crate::dataset::HealthTable {
            signals: h.signals.clone(),
            table: take(&mut h.table),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze_reader;
    use crate::metrics::PeriodKind;

    /// A file in the temp directory, removed on drop.
    struct TempFile(std::path::PathBuf);

    impl TempFile {
        fn new(name: &str, content: &[u8]) -> Self {
            let dir = std::env::temp_dir().join(format!("kpi-parallel-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(name);
            std::fs::write(&path, content).unwrap();
            TempFile(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    /// A region whose values first appear late in the file (so in a later part): "Nord" and
    /// "Ost" from the start, "West" from half-way, "Süd" from 80 %, now and then empty.
    /// "Zentrale" is on rejected rows (`rejected`) in the first half, so it is not a value
    /// there, and on a few rows from 90 % on, where it first becomes one.
    fn region(i: u32, rows: u32, rejected: bool) -> &'static str {
        let at = u64::from(i) * 100 / u64::from(rows.max(1));
        match (rejected, at) {
            (true, 0..=49) => "Zentrale",
            (_, 90..) if i.is_multiple_of(13) => "Zentrale",
            _ if i.is_multiple_of(23) => "",
            (_, 80..) if i.is_multiple_of(3) => "Süd",
            (_, 50..) if i % 4 == 1 => "West",
            _ => ["Nord", "Ost"][(i % 2) as usize],
        }
    }

    /// Survey answers with German conventions, rejected scores, empty lines, and now and
    /// then a comment in quotes that spans lines (so that line numbers after it differ from
    /// record numbers); two segment columns, one with values first seen late ([`region`]).
    /// `eol`: the line break.
    fn survey(rows: u32, eol: &str) -> String {
        let mut s = format!("Datum;Umfrage;Bewertung;Tarif;Kommentar;Region{eol}");
        for i in 0..rows {
            let (day, month, year) = (1 + i % 28, 1 + (i / 1_500) % 12, 2023 + i / 18_000);
            let (kind, score) = match i % 7 {
                0 => ("csat", format!("{}", 1 + i % 5)),
                1 => ("ces", format!("{}", 1 + i % 7)),
                2 if i.is_multiple_of(401) => ("nps", "11".to_owned()),
                3 if i.is_multiple_of(733) => ("nps", "viel".to_owned()),
                _ => ("nps", format!("{}", i % 11)),
            };
            let plan = ["Basic", "Pro", "Team", ""][(i % 4) as usize];
            let comment = match i % 97 {
                0 => format!("\"schnell{eol}und \"\"freundlich\"\"{eol}danke\""),
                1 => "zu teuer".to_owned(),
                _ => String::new(),
            };
            let rejected = ["11", "viel"].contains(&score.as_str());
            let region = region(i, rows, rejected);
            s.push_str(&format!(
                "{day:02}.{month:02}.{year};{kind};{score};{plan};{comment};{region}{eol}"
            ));
            if i % 5_000 == 17 {
                s.push_str(eol); // a blank line
            }
        }
        s
    }

    fn snapshots(rows: u32) -> String {
        let mut s = String::from("customer,month,mrr,Region\n");
        for i in 0..rows {
            let customer = i % 1_500;
            let m = i / 1_500;
            let (y, m) = (2021 + m / 12, 1 + m % 12);
            let mrr = match (customer * 7 + i / 1_500) % 17 {
                0 => "0".to_owned(),
                1 => "-3".to_owned(),
                2 => "zwölf".to_owned(),
                k => format!("{}.{:02}", 10 + k * (customer % 5), i % 100),
            };
            let region = region(i, rows, mrr == "-3" || mrr == "zwölf");
            s.push_str(&format!("c{customer},{y}-{m:02},{mrr},{region}\n"));
        }
        s
    }

    fn subscription_rows(rows: u32) -> String {
        let mut s = String::from("customer,start,end,amount,interval,Region\n");
        for i in 0..rows {
            let start = 1 + i % 30;
            let (y, m) = (2021 + (start - 1) / 12, 1 + (start - 1) % 12);
            let end = match i % 5 {
                0 | 1 => String::new(),
                2 => "2020-01-01".to_owned(),
                _ => format!("{}-{:02}-{:02}", y + 1, 1 + i % 12, 1 + i % 28),
            };
            let interval = ["month", "year", "month"][(i % 3) as usize];
            let region = region(i, rows, end == "2020-01-01");
            s.push_str(&format!(
                "cus_{},{y}-{m:02}-{:02},{end},{}.{},{interval},{region}\n",
                i % 5_000,
                1 + i % 28,
                10 + i % 90,
                i % 10
            ));
        }
        s
    }

    /// Orders (rejected amounts and dates now and then) with a channel and a [`region`].
    fn orders(rows: u32) -> String {
        let mut s = String::from("customer,date,amount,channel,Region\n");
        for i in 0..rows {
            let (date, amount) = match i % 211 {
                0 => ("2024-02-30".to_owned(), "12.00".to_owned()),
                1 => (format!("2024-03-{:02}", 1 + i % 28), "zwölf".to_owned()),
                _ => (
                    format!("202{}-{:02}-{:02}", 3 + i % 2, 1 + i % 12, 1 + i % 28),
                    format!("{}.{:02}", 5 + i % 400, i % 100),
                ),
            };
            let rejected = i % 211 < 2;
            let channel = ["web", "shop", "partner"][(i % 3) as usize];
            let region = region(i, rows, rejected);
            s.push_str(&format!("c{},{date},{amount},{channel},{region}\n", i % 3_000));
        }
        s
    }

    /// Support tickets (an unreadable creation time now and then) with a [`region`].
    fn tickets(rows: u32) -> String {
        let mut s =
            String::from("ticket,created,customer,first_response,resolved,category,Region\n");
        for i in 0..rows {
            let day = 1 + i % 28;
            let created = match i % 307 {
                0 => "gestern".to_owned(),
                _ => format!("2024-{:02}-{day:02}T08:{:02}:00", 1 + i % 12, i % 60),
            };
            let resolved = match i % 4 {
                0 => String::new(),
                _ => format!("2024-{:02}-{day:02}T17:00:00", 1 + i % 12),
            };
            let category = ["billing", "bug", "how-to"][(i % 3) as usize];
            let region = region(i, rows, i % 307 == 0);
            s.push_str(&format!(
                "T{i},{created},c{},2024-{:02}-{day:02}T09:30:00,{resolved},{category},{region}\n",
                i % 900,
                1 + i % 12
            ));
        }
        s
    }

    fn in_order(path: &Path, options: &AnalysisOptions) -> String {
        let file = File::open(path).unwrap();
        let a = analyze_reader(file, path.to_str(), options).unwrap().unwrap();
        serde_json::to_string(&a).unwrap()
    }

    fn in_parts(path: &Path, options: &AnalysisOptions, threads: usize) -> Option<String> {
        let a = analyze_file_in_parts(path, options, threads, 100_000).unwrap()?;
        Some(serde_json::to_string(&a.unwrap()).unwrap())
    }

    /// The whole analysis (import report, every metric, rejections with their lines, the
    /// segment columns' values, per-segment results and comments) read in parts equals the
    /// one read in order, byte for byte, for every kind read in parts, for LF and CRLF
    /// files, in 2 and 3 parts, for several periods, ranges and segments: one whose values
    /// all appear in the first part, one with values first seen in the second and third.
    #[test]
    fn parts_give_what_reading_in_order_gives() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let week = (PeriodKind::Week, Some((d(2023, 3, 1), d(2023, 11, 30))));
        let month = (PeriodKind::Month, None);
        let (none, tarif, region) = (None, Some("Tarif"), Some("Region"));
        let files = [
            (
                "survey.csv",
                survey(45_000, "\n"),
                vec![(month, none), (week, region), (month, region), (month, tarif)],
            ),
            ("survey-crlf.csv", survey(45_000, "\r\n"), vec![(month, region)]),
            ("snapshots.csv", snapshots(45_000), vec![(month, none), (month, region)]),
            ("orders.csv", orders(45_000), vec![(month, none), (month, region)]),
            ("tickets.csv", tickets(30_000), vec![(month, region)]),
            ("subscriptions.csv", subscription_rows(36_000), vec![(month, none), (month, region)]),
        ];
        for (name, content, cases) in files {
            let file = TempFile::new(name, content.as_bytes());
            for ((period, range), segment) in cases {
                let mut options = AnalysisOptions::default();
                options.report.period = period;
                options.report.range = range;
                options.report.segment = segment.map(str::to_owned);
                let whole = in_order(&file.0, &options);
                assert!(whole.contains("\"rejected\":[{"), "{name}: rejections expected");
                assert!(whole.contains("[\"Region\",5]"), "{name}: five regions expected");
                if segment == region && range.is_none() {
                    // every region with rows is listed, in the order of first appearance
                    for value in ["Nord", "Ost", "West", "Süd", "Zentrale"] {
                        assert!(whole.contains(&format!("\"{value}\":{{")), "{name}: {value}");
                    }
                }
                for threads in [2, 3] {
                    let parts = in_parts(&file.0, &options, threads);
                    assert!(parts.is_some(), "{name}, {threads} threads: not read in parts");
                    assert!(
                        parts.as_deref() == Some(whole.as_str()),
                        "{name}, {threads} threads, {segment:?}"
                    );
                }
            }
        }
        // parts so small that the first one ends before the sample (10,000 rows) is
        // complete: no plan to hand on, read in order
        let file = TempFile::new("survey-16.csv", survey(45_000, "\n").as_bytes());
        assert_eq!(in_parts(&file.0, &AnalysisOptions::default(), 16), None);
    }

    /// Every record holds a line feed in quotes, so a split right after the first line feed
    /// past the middle lands inside a field: the part before it ends inside quotes, and the
    /// file is read in order instead (the same result as ever).
    #[test]
    fn a_split_inside_quotes_falls_back_to_reading_in_order() {
        let mut s = String::from("date,survey,score,comment\n");
        for i in 0..40_000u32 {
            s.push_str(&format!("2024-01-{:02},nps,{},\"gut\nsehr gut\"\n", 1 + i % 28, i % 11));
        }
        let file = TempFile::new("quoted.csv", s.as_bytes());
        let mut f = File::open(&file.0).unwrap();
        let bounds = split_points(&mut f, s.len() as u64, 2, HEAD_BYTES as u64).unwrap();
        assert_eq!(bounds.len(), 3);
        assert_eq!(s.as_bytes()[bounds[1] as usize], b's', "the split is inside a quoted field");
        let options = AnalysisOptions::default();
        assert_eq!(in_parts(&file.0, &options, 2), None);
        // through the public entry: read in order
        let whole = in_order(&file.0, &options);
        assert!(whole.contains("\"rows\":40000"));
    }

    /// Small files and one thread are read in order.
    #[test]
    fn what_is_not_read_in_parts() {
        let file = TempFile::new("small.csv", survey(2_000, "\n").as_bytes());
        assert_eq!(in_parts(&file.0, &AnalysisOptions::default(), 4), None);
        let big = TempFile::new("big.csv", survey(60_000, "\n").as_bytes());
        assert_eq!(in_parts(&big.0, &AnalysisOptions::default(), 1), None);
    }

    /// The line each part starts on, counted in pieces cut anywhere (inside a CRLF too),
    /// is one more than the line breaks before it, as the tokenizer counts them.
    #[test]
    fn lines_counted_in_pieces_are_the_lines_before_each_part() {
        let mut s = String::new();
        for i in 0..3_000u32 {
            s.push_str(["a,b\r\n", "c\rd\n", "\"e\r\nf\",g\n", "\r\n", "h\n"][(i % 5) as usize]);
        }
        let file = TempFile::new("pieces.csv", s.as_bytes());
        let b = s.as_bytes();
        let after_lf = |at: usize| at + 1 + b[at..].iter().position(|&c| c == b'\n').unwrap();
        let bounds = [0, after_lf(5_000) as u64, after_lf(11_000) as u64, b.len() as u64];
        let mut cut_crlf = 0;
        for threads in 1..=40 {
            let pieces = counting_pieces(&bounds, threads);
            assert_eq!(pieces.first(), Some(&0));
            assert_eq!(pieces.last(), Some(&bounds[2]));
            cut_crlf += pieces
                .iter()
                .filter(|&&p| p > 0 && b[p as usize - 1..].starts_with(b"\r\n"))
                .count();
            let counted: Vec<Counted> =
                pieces.windows(2).map(|w| count_lines(&file.0, w[0], w[1]).unwrap()).collect();
            let lines = first_lines(&bounds, &pieces, &counted);
            let expected: Vec<usize> =
                bounds[..3].iter().map(|&at| 1 + line_breaks(&b[..at as usize])).collect();
            assert_eq!(lines, expected, "{threads} threads");
        }
        assert!(cut_crlf > 0, "no piece was cut inside a CRLF");
    }

    #[test]
    fn threads_come_from_the_environment_or_the_cores() {
        assert!(threads() >= 1);
    }
}
