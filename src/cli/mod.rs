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
//! - [`completions`]: the shell completions; [`german`]: help and usage
//!   errors in German when the user's language is German.

mod args;
mod completions;
mod german;
mod output;
mod progress;
mod run;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::i18n::Lang;

/// `kpi` with the process's arguments.
pub fn main() -> ExitCode {
    // A clear word for an argument that is not UTF-8 (a Windows-1252 "Begründung" typed in
    // a Latin-1 terminal), before the parser sees it.
    let lang = german::lang_from_env(|name| std::env::var(name).ok());
    if let Some(bad) = std::env::args_os().skip(1).find(|a| a.to_str().is_none()) {
        let bad = bad.to_string_lossy();
        match lang {
            Lang::De => eprintln!("kpi: das Argument „{bad}“ ist kein gültiges UTF-8"),
            Lang::En => eprintln!("kpi: the argument “{bad}” is not valid UTF-8"),
        }
        return ExitCode::from(2);
    }
    match parse(std::env::args_os(), lang) {
        Ok(cli) => run::run(cli),
        Err(e) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2
            let to_stderr = e.use_stderr();
            let text = german::render(e, lang);
            if to_stderr {
                eprint!("{text}");
                ExitCode::from(2)
            } else {
                output::emit(&text)
            }
        }
    }
}

/// The arguments as a [`args::Cli`], with help and usage errors in `lang`.
pub(crate) fn parse<I, T>(argv: I, lang: Lang) -> Result<args::Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let command = args::Cli::command();
    let command = match lang {
        Lang::De => german::german(command),
        Lang::En => command,
    };
    command.try_get_matches_from(argv).and_then(|m| args::Cli::from_arg_matches(&m))
}
