//! Times the whole analysis of one file, repeated inside one process (what the app's
//! worker does per run after its warm-up), and splits the time into import + metrics and
//! the JSON round trip of the result. For profiles: `perf record` on this binary.
//!
//! Besides the wall time it reports the thread's CPU time per run (Linux's
//! `/proc/thread-self/schedstat`): on a machine shared with other work the wall time
//! includes the waits for a core, the CPU time does not.
//!
//!     cargo build --profile cli --example analyze_repeat
//!     target/cli/examples/analyze_repeat FILE [REPETITIONS]

use std::time::Instant;

use kundenkpi::analysis::{analyze_reader, Analysis, AnalysisOptions};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// CPU time this thread has run, in ms (`None` where the kernel does not say).
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: analyze_repeat FILE [REPETITIONS]");
    let reps: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let bytes = std::fs::read(&path).expect("readable file");
    let options = AnalysisOptions::default();
    let name = std::path::Path::new(&path).file_name().and_then(|n| n.to_str());
    let (mut analyse, mut cpu, mut to_json, mut from_json) = (vec![], vec![], vec![], vec![]);
    let mut json_len = 0;
    for _ in 0..reps {
        let (t, c) = (Instant::now(), thread_cpu_ms());
        let analysis = analyze_reader(&bytes[..], name, &options).unwrap().unwrap();
        analyse.push(t.elapsed().as_secs_f64() * 1e3);
        if let (Some(before), Some(after)) = (c, thread_cpu_ms()) {
            cpu.push(after - before);
        }
        let t = Instant::now();
        let json = serde_json::to_string(&analysis).unwrap();
        to_json.push(t.elapsed().as_secs_f64() * 1e3);
        json_len = json.len();
        let t = Instant::now();
        let back: Analysis = serde_json::from_str(&json).unwrap();
        from_json.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(back);
    }
    let mb = bytes.len() as f64 / 1e6;
    let a = median(analyse);
    let cpu = if cpu.is_empty() { String::new() } else { format!(", CPU {:.2} ms", median(cpu)) };
    println!(
        "{path}: {reps} runs, median analyse {a:.2} ms{cpu} ({:.0} MB/s), to JSON {:.2} ms, from JSON {:.2} ms, JSON {json_len} bytes",
        mb / (a / 1e3),
        median(to_json),
        median(from_json)
    );
}
