//! `kpi`: the metric core on the command line, for files too big for a browser tab.
//! Same import, same metrics, same JSON keys as the app's exports (feature `cli`).
//!
//! One subcommand per kind of data (`kpi survey FILE`, `kpi orders FILE` …) and
//! `kpi inspect FILE` for what the import decided. Arguments are parsed by clap (derive):
//! `--help` on stdout, `--opt=value`, suggestions for misspelt options. Further
//! subcommands (such as `sql`) are one more variant of [`args::Command`].
//!
//! - [`args`]: the subcommands and flags, and the options they become;
//! - [`run`]: one run, from opening the input to the exit code;
//! - [`output`]: the text and JSON written, [`progress`]: the progress line;
//! - [`help`]: the help's extra text.

mod args;
mod help;
mod output;
mod progress;
mod run;

use std::process::ExitCode;

use clap::Parser;

/// `kpi` with the process's arguments.
pub fn main() -> ExitCode {
    // A clear word for an argument that is not UTF-8 (a Windows-1252 "Begründung" typed in
    // a Latin-1 terminal), before the parser sees it.
    if let Some(bad) = std::env::args_os().skip(1).find(|a| a.to_str().is_none()) {
        eprintln!("kpi: the argument “{}” is not valid UTF-8", bad.to_string_lossy());
        return ExitCode::from(2);
    }
    match args::Cli::try_parse() {
        Ok(cli) => run::run(cli),
        Err(e) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
    }
}
