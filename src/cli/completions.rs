//! `kpi completions SHELL`.

/// `kpi completions SHELL`: the shell's completion script for every subcommand and flag,
/// on standard output (README: where to put it).
pub(crate) fn completions(shell: clap_complete::Shell) -> std::process::ExitCode {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut super::args::Cli::command(), "kpi", &mut script);
    super::output::emit(&String::from_utf8_lossy(&script))
}
