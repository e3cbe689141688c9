//! `kpi --help` and the argument parser's messages in German, for a user whose language
//! is German (see [`lang_from_env`]). clap has no translations of its own: the texts of
//! the commands and flags are replaced here, the usage lines and headings are set, and
//! usage errors are written by [`Fehler`] from the error's context (what clap allows; a
//! kind of error without a German text keeps clap's English description).

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::i18n::Lang;

/// The language of help and usage errors: `KPI_LANG` if set, else the locale (the first
/// set of `LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX orders them); German when it starts
/// with `de` (`de_DE.UTF-8`, `de_AT`, `de`), else English.
pub(crate) fn lang_from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    let tag =
        set("KPI_LANG").or_else(|| ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set));
    match tag {
        Some(t) if t.to_ascii_lowercase().starts_with("de") => Lang::De,
        _ => Lang::En,
    }
}

/// After the flags in `kpi --help`.
const NACHWORT: &str = "\
Exit-Codes:
  0  fertig
  1  die Eingabe ist nicht lesbar oder keine Tabelle, die kpi importieren kann (die Meldung sagt, warum)
  2  falscher Aufruf: unbekannte Option oder Art, ein ungültiger Wert, eine --column-Überschrift, die die Datei nicht hat

DATEI ist ein Pfad oder - für die Standardeingabe (gelesen, während sie ankommt).
Beispiele:
  kpi survey antworten.csv --json
  kpi orders export.csv --column amount=Gesamtpreis --from 2024-01-01
  cat tickets.csv | kpi tickets - --period=week
  kpi inspect export.csv --json";

/// clap's layout with German words where clap lets them be chosen.
const VORLAGE: &str =
    "{before-help}{about-with-newline}\nAufruf: {usage}\n\n{all-args}{after-help}";

const BEFEHLE: &[(&str, &str)] = &[
    ("survey", "NPS, CSAT und CES aus Umfrageantworten"),
    ("subscriptions", "MRR-Bewegungen, Churn, NRR/GRR und LTV aus Abo-Zeilen oder MRR-Ständen"),
    ("orders", "Umsatz, Kaufhäufigkeit, Wiederkaufrate und CLV aus Bestellungen"),
    ("tickets", "Erste Antwort, Lösungszeiten, Rückstau und CSAT aus Support-Tickets"),
    ("usage", "Aktive Nutzer, Stickiness, Feature-Adoption und Time to Value aus Nutzungsereignissen"),
    ("funnel", "Konversionsraten, CAC und Amortisation aus Funnel-Zahlen"),
    ("health", "Customer-Health-Scores aus numerischen Signalen je Kunde"),
    (
        "inspect",
        "Was der Import für eine Datei entscheidet: Format, Kodierung, Trennzeichen, Art, das Feld \
         jeder Spalte mit Sicherheit und Grund, und die offenen Fragen",
    ),
    (
        "sql",
        "Ein SQL-Skript, das die Kennzahlen dieser Art im Data Warehouse berechnet (kpi sql --help)",
    ),
    ("completions", "Ein Vervollständigungsskript für Ihre Shell: bash, zsh, fish, powershell, elvish"),
];

const ARGUMENTE: &[(&str, &str)] = &[
    ("file", "Die zu lesende Datei; - liest die Standardeingabe"),
    ("columns", "Ein Feld einer Spalte zuordnen, nach ihrer Überschrift (wiederholbar); FELD= lässt es frei"),
    ("encoding", "Textkodierung, statt sie zu erkennen: utf-8, windows-1252, utf-16le, utf-16be"),
    ("delimiter", "CSV-Trennzeichen, statt es zu erkennen: , ; | tab (oder ein beliebiges Zeichen)"),
    ("literal_quotes", "\" als gewöhnliches Zeichen lesen (für eine Datei, deren Anführungszeichen keine CSV-Quotes sind)"),
    ("sheet", "Blatt einer Arbeitsmappe (Standard: das erste mit Daten)"),
    ("lang", "Sprache der Tabelle und der Meldungen: en oder de"),
    ("json", "Ein JSON-Objekt statt einer Tabelle"),
    ("kind", "Die Datei als diese Art lesen, statt sie zu erraten"),
    ("period", "Nach Zeitraum gruppieren: month, week oder quarter"),
    ("segment", "Jede Kennzahl nach den Werten von SPALTE aufteilen"),
    ("from", "Nur Zeilen ab diesem Datum (allein: bis zum letzten Datum der Daten)"),
    ("to", "Nur Zeilen bis zu diesem Datum (allein: ab dem ersten Datum der Daten)"),
    ("survey_type", "Wie Zeilen ohne Umfragespalte gelesen werden: nps, csat oder ces (Standard nps)"),
    ("csat_scale", "CSAT-Skala: 5, 7 oder 10 (Standard 5)"),
    ("csat_threshold", "Niedrigste CSAT-Antwort, die als zufrieden zählt (Standard: die beiden besten)"),
    ("ces_scale", "CES-Skala: 7 oder 5 (Standard 7)"),
    ("ces_lower_is_easier", "Niedrige CES-Antworten bedeuten wenig Aufwand"),
    ("surveys_sent", "Versendete Umfragen, für die Rücklaufquote"),
    ("comments", "Statt der Kennzahlen die Kommentare als JSON: die 2.000 neuesten im Zeitraum (neueste zuerst, mit Wert, NPS-Gruppe, Datum, Segment) und die Zahl je Gruppe"),
    ("gross_margin", "Bruttomarge in Prozent, z. B. 80 (Standard 100)"),
    ("ltv_churn_months", "LTV mit dem Churn gemittelt über die N Monate davor (ChartMogul: 6)"),
    ("net_churn", "Definition des Net Churn: standard oder chartmogul"),
    ("lifespan_years", "CLV-Lebensdauer in Jahren statt der gemessenen"),
    ("arpa", "ARPA für die CAC-Amortisation, wenn die Daten keinen haben"),
    ("customers", "Zahl der Kunden, für Tickets je Kunde"),
    ("ttv_feature", "Feature, dessen erste Nutzung als Wert zählt (Time to Value)"),
    ("health_scaling", "Skalierung des Health Scores: thresholds (Standard; schlecht/gut = 25./75. Perzentil) oder rank (Perzentilrang in der Datei: Mittelwert etwa 50)"),
    ("shell", "Die Shell, in der vervollständigt wird"),
];

const ÜBERSCHRIFTEN: &[(&str, &str)] = &[
    ("Survey", "Umfragen"),
    ("Subscriptions, orders, funnel", "Abos, Bestellungen, Funnel"),
    ("Tickets, usage", "Tickets, Nutzung"),
];

/// The messages of kpi's own value parsers (args.rs), in German.
const WERTFEHLER: &[(&str, &str)] = &[
    (
        "expected FIELD=HEADER, e.g. amount=total_price",
        "erwartet FELD=ÜBERSCHRIFT, z. B. amount=Gesamtpreis",
    ),
    (
        "expected utf-8, windows-1252, utf-16le or utf-16be",
        "erwartet utf-8, windows-1252, utf-16le oder utf-16be",
    ),
    (
        "expected one character such as , ; | or the word tab",
        "erwartet ein Zeichen wie , ; | oder das Wort tab",
    ),
    ("expected month, week or quarter", "erwartet month, week oder quarter"),
    ("expected YYYY-MM-DD", "erwartet JJJJ-MM-TT"),
    ("expected nps, csat or ces", "erwartet nps, csat oder ces"),
    ("expected standard or chartmogul", "erwartet standard oder chartmogul"),
];

/// Placeholders of values in the help and the usage lines.
const WERTNAMEN: &[(&str, &str)] = &[
    ("FIELD=HEADER", "FELD=ÜBERSCHRIFT"),
    ("ENCODING", "KODIERUNG"),
    ("CHAR", "ZEICHEN"),
    ("LANG", "SPRACHE"),
    ("KIND", "ART"),
    ("PERIOD", "ZEITRAUM"),
    ("COLUMN", "SPALTE"),
    ("YYYY-MM-DD", "JJJJ-MM-TT"),
    ("TYPE", "TYP"),
    ("PRESET", "VARIANTE"),
    ("PCT", "PROZENT"),
];

fn lookup<'a>(table: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn hilfe() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("Hilfe anzeigen")
        .help_heading("Optionen")
}

/// `kpi`'s command with German texts.
pub(crate) fn german(cmd: Command) -> Command {
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    let cmd = cmd
        .about("Customer-Success-Kennzahlen aus einem Tabellenexport (CSV, XLSX, ODS, JSON)")
        .after_help(NACHWORT)
        .help_template(VORLAGE)
        .override_usage("kpi <BEFEHL>")
        .subcommand_help_heading("Befehle")
        .subcommand_value_name("BEFEHL")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(hilfe())
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Version anzeigen")
                .help_heading("Optionen"),
        );
    names.iter().fold(cmd, |cmd, name| cmd.mut_subcommand(name, german_subcommand))
}

fn german_subcommand(sub: Command) -> Command {
    let name = sub.get_name().to_owned();
    let mut sub = sub.help_template(VORLAGE);
    if let Some(about) = lookup(BEFEHLE, &name) {
        sub = sub.about(about);
    }
    sub = match name.as_str() {
        "sql" => return sub.override_usage("kpi sql ARGUMENTE … (kpi sql --help)"),
        "completions" => sub.override_usage("kpi completions <SHELL>"),
        _ => sub.override_usage(format!("kpi {name} [OPTIONEN] <DATEI>")),
    };
    let ids: Vec<String> = sub.get_arguments().map(|a| a.get_id().to_string()).collect();
    let sub = ids.iter().fold(sub, |sub, id| sub.mut_arg(id, |a| german_arg(a, &name)));
    sub.disable_help_flag(true).arg(hilfe())
}

fn german_arg(arg: Arg, command: &str) -> Arg {
    let id = arg.get_id().to_string();
    let help = match (command, id.as_str()) {
        ("inspect", "json") => Some("Ein JSON-Objekt (der Importbericht) statt Text"),
        _ => lookup(ARGUMENTE, &id),
    };
    let mut arg = match help {
        Some(h) => arg.help(h),
        None => arg,
    };
    if id == "file" {
        arg = arg.value_name("DATEI");
    }
    let names: Vec<&'static str> = arg
        .get_value_names()
        .unwrap_or_default()
        .iter()
        .filter_map(|n| lookup(WERTNAMEN, n.as_str()))
        .collect();
    if !names.is_empty() {
        arg = arg.value_names(names);
    }
    // clap writes "[default: …]" and "[possible values: …]" in English: the German help
    // text names the values, and the default is added here
    let default: Vec<String> =
        arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if let (false, Some(help)) = (default.is_empty(), arg.get_help()) {
        let help = format!("{help} (Standard: {})", default.join(", "));
        arg = arg.help(help).hide_default_value(true);
    }
    if arg.get_action().takes_values() {
        arg = arg.hide_possible_values(true);
    }
    let heading = match arg.get_help_heading() {
        Some(h) => lookup(ÜBERSCHRIFTEN, h),
        None if arg.is_positional() => Some("Argumente"),
        None => Some("Optionen"),
    };
    match heading {
        Some(h) => arg.help_heading(h),
        None => arg,
    }
}

/// An error of the parser as `kpi` prints it: help and version as they are, usage errors
/// in `lang`.
pub(crate) fn render(error: clap::Error, lang: Lang) -> String {
    match lang {
        Lang::De => {
            let mut text = error.apply::<Fehler>().render().to_string();
            if !text.ends_with('\n') {
                text.push('\n'); // as clap ends its own help
            }
            text
        }
        Lang::En => error.render().to_string(),
    }
}

/// clap's usage errors in German, from the error's context.
pub(crate) struct Fehler;

impl ErrorFormatter for Fehler {
    fn format_error(error: &Error<Self>) -> StyledStr {
        let get = |kind| error.get(kind).map(context_text).unwrap_or_default();
        let arg = get(ContextKind::InvalidArg);
        let value = get(ContextKind::InvalidValue);
        let text = match error.kind() {
            ErrorKind::UnknownArgument => format!("unbekanntes Argument „{arg}“"),
            ErrorKind::InvalidSubcommand => {
                format!("unbekannter Befehl „{}“", get(ContextKind::InvalidSubcommand))
            }
            ErrorKind::InvalidValue if value.is_empty() => format!("„{arg}“ braucht einen Wert"),
            ErrorKind::InvalidValue => {
                let valid = get(ContextKind::ValidValue);
                let valid = if valid.is_empty() {
                    valid
                } else {
                    format!("\n  [mögliche Werte: {valid}]")
                };
                format!("ungültiger Wert „{value}“ für „{arg}“{valid}")
            }
            ErrorKind::ValueValidation => {
                let why =
                    std::error::Error::source(error).map(|e| e.to_string()).unwrap_or_default();
                let why = lookup(WERTFEHLER, &why).map(str::to_owned).unwrap_or(why);
                format!("ungültiger Wert „{value}“ für „{arg}“: {why}")
            }
            ErrorKind::MissingRequiredArgument => {
                format!(
                    "diese Argumente fehlen:\n  {}",
                    arg.replace(", ", "\n  ").replace("<FILE>", "<DATEI>")
                )
            }
            ErrorKind::MissingSubcommand => "ein Befehl fehlt".to_owned(),
            ErrorKind::NoEquals => format!("„{arg}“ verlangt einen Wert mit ="),
            ErrorKind::ArgumentConflict => {
                format!("„{arg}“ geht nicht zusammen mit „{}“", get(ContextKind::PriorArg))
            }
            ErrorKind::TooManyValues => format!("zu viele Werte: „{value}“ für „{arg}“"),
            ErrorKind::InvalidUtf8 => "ein Argument ist kein gültiges UTF-8".to_owned(),
            other => other.as_str().unwrap_or("ungültiger Aufruf").to_owned(),
        };
        let mut out = format!("Fehler: {text}\n");
        for (kind, what) in [
            (ContextKind::SuggestedArg, "ein ähnliches Argument gibt es"),
            (ContextKind::SuggestedSubcommand, "einen ähnlichen Befehl gibt es"),
            (ContextKind::SuggestedValue, "einen ähnlichen Wert gibt es"),
        ] {
            let s = get(kind);
            if !s.is_empty() {
                out.push_str(&format!("\n  Tipp: {what}: „{s}“\n"));
            }
        }
        let usage = get(ContextKind::Usage);
        if !usage.is_empty() {
            out.push_str(&format!("\n{}\n", usage.replacen("Usage:", "Aufruf:", 1)));
        }
        out.push_str("\nMehr dazu: --help\n");
        StyledStr::from(out)
    }
}

fn context_text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => {
            v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")
        }
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        ContextValue::None => String::new(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn lang(vars: &[(&str, &str)]) -> Lang {
        lang_from_env(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn the_language_comes_from_kpi_lang_then_the_locale_in_posix_order() {
        assert_eq!(lang(&[]), Lang::En);
        assert_eq!(lang(&[("LANG", "de_DE.UTF-8")]), Lang::De);
        assert_eq!(lang(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "C")]), Lang::En);
        assert_eq!(lang(&[("LANG", "C.UTF-8"), ("LC_MESSAGES", "de_AT.UTF-8")]), Lang::De);
        assert_eq!(lang(&[("LANG", "de_CH"), ("LC_ALL", "")]), Lang::De, "empty means unset");
        assert_eq!(lang(&[("LANG", "de_DE"), ("KPI_LANG", "en")]), Lang::En);
        assert_eq!(lang(&[("LANG", "en_US"), ("KPI_LANG", "de")]), Lang::De);
        assert_eq!(lang(&[("LANG", "fr_FR")]), Lang::En);
    }

    #[test]
    fn the_german_command_is_consistent_and_every_flag_has_a_german_text() {
        let english = crate::cli::args::Cli::command();
        for sub in english.get_subcommands().filter(|s| s.get_name() != "sql") {
            assert!(lookup(BEFEHLE, sub.get_name()).is_some(), "{}", sub.get_name());
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(lookup(ARGUMENTE, id).is_some(), "no German text for {id}");
            }
        }
        german(english).debug_assert();
    }

    fn error(args: &str) -> String {
        let argv = std::iter::once("kpi").chain(args.split_whitespace());
        let e = crate::cli::parse(argv, Lang::De).expect_err("a usage error");
        render(e, Lang::De)
    }

    #[test]
    fn usage_errors_in_german() {
        let e = error("survey f.csv --segmnt plan");
        assert!(e.starts_with("Fehler: unbekanntes Argument „--segmnt“"), "{e}");
        assert!(e.contains("Tipp: ein ähnliches Argument gibt es: „--segment“"), "{e}");
        assert!(e.contains("Aufruf: kpi survey [OPTIONEN] <DATEI>"), "{e}");
        let e = error("survey f.csv --period fortnight");
        assert!(e.contains("ungültiger Wert „fortnight“"), "{e}");
        assert!(e.contains("erwartet month, week oder quarter"), "{e}");
        assert!(error("survey").contains("diese Argumente fehlen:\n  <DATEI>"));
        assert!(error("nope f.csv").contains("unbekannter Befehl „nope“"));
        assert!(
            error("survey f.csv --csat-scale").contains("„--csat-scale <N>“ braucht einen Wert")
        );
        let e = error("completions tcsh");
        assert!(e.contains("[mögliche Werte: bash, elvish, fish, powershell, zsh]"), "{e}");
        for e in [error("survey f.csv --x"), error("orders f.csv --from 1.2.2024")] {
            assert!(!e.contains("error:") && !e.contains("Usage:"), "{e}");
        }
    }
}
