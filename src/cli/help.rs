//! What `kpi --help` says beyond the flags' own lines.

/// After the flags in `kpi --help`: exit codes, standard input, examples.
pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0  done
  1  the input cannot be read or is no table kpi can import (the message says why)
  2  wrong usage: unknown option or kind, a bad value, a --column header the file lacks

FILE is a path, or - for standard input (read as it streams in).
Examples:
  kpi survey answers.csv --json
  kpi orders export.csv --column amount=total_price --from 2024-01-01
  cat tickets.csv | kpi tickets - --period=week
  kpi inspect export.csv --json";

/// `kpi completions SHELL`: the shell's completion script for every subcommand and flag,
/// on standard output (README: where to put it).
pub(crate) fn completions(shell: clap_complete::Shell) -> std::process::ExitCode {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut super::args::Cli::command(), "kpi", &mut script);
    super::output::emit(&String::from_utf8_lossy(&script))
}
