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
