//! `kpi`: the metric core on the command line (see [`kundenkpi::cli`]).

fn main() -> std::process::ExitCode {
    kundenkpi::cli::main()
}
