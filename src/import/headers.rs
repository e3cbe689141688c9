//! Mappable fields and the header names they are recognised by, in English and German.
//!
//! Headers are compared after [`normalize`]: lower case, umlauts spelled out, everything
//! but letters and digits removed, so `Kunden-ID`, `kunden_id` and `KundenID` are one name.
//! A header with dots (`subscriptions.customer_id`, Chargebee) is also tried by its last
//! part. Long question titles (Typeform, Google Forms) are matched by key words.

use serde::{Deserialize, Serialize};

use crate::dataset::DatasetKind;
use crate::i18n::Lang;

/// Every mappable column of every dataset kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Score,
    Date,
    Survey,
    Customer,
    Comment,
    Month,
    Mrr,
    Start,
    End,
    /// Cancellation date: the end when the status says canceled and no end date is given.
    Canceled,
    Amount,
    Interval,
    IntervalCount,
    Quantity,
    Status,
    Ticket,
    Created,
    FirstResponse,
    Resolved,
    Contacts,
    FirstContactResolved,
    Category,
    User,
    Timestamp,
    Account,
    Feature,
    Duration,
    Seats,
    Signup,
    Visitors,
    Conversions,
    CartsCreated,
    PurchasesCompleted,
    PageViews,
    Visits,
    MarketingSpend,
    SalesSpend,
    NewCustomers,
}

impl Field {
    pub const ALL: [Field; 38] = [
        Field::Score,
        Field::Date,
        Field::Survey,
        Field::Customer,
        Field::Comment,
        Field::Month,
        Field::Mrr,
        Field::Start,
        Field::End,
        Field::Canceled,
        Field::Amount,
        Field::Interval,
        Field::IntervalCount,
        Field::Quantity,
        Field::Status,
        Field::Ticket,
        Field::Created,
        Field::FirstResponse,
        Field::Resolved,
        Field::Contacts,
        Field::FirstContactResolved,
        Field::Category,
        Field::User,
        Field::Timestamp,
        Field::Account,
        Field::Feature,
        Field::Duration,
        Field::Seats,
        Field::Signup,
        Field::Visitors,
        Field::Conversions,
        Field::CartsCreated,
        Field::PurchasesCompleted,
        Field::PageViews,
        Field::Visits,
        Field::MarketingSpend,
        Field::SalesSpend,
        Field::NewCustomers,
    ];

    /// The name in JSON and on the command line (`--map score=3`).
    pub fn key(&self) -> &'static str {
        use Field::*;
        match self {
            Score => "score",
            Date => "date",
            Survey => "survey",
            Customer => "customer",
            Comment => "comment",
            Month => "month",
            Mrr => "mrr",
            Start => "start",
            End => "end",
            Canceled => "canceled",
            Amount => "amount",
            Interval => "interval",
            IntervalCount => "interval_count",
            Quantity => "quantity",
            Status => "status",
            Ticket => "ticket",
            Created => "created",
            FirstResponse => "first_response",
            Resolved => "resolved",
            Contacts => "contacts",
            FirstContactResolved => "first_contact_resolved",
            Category => "category",
            User => "user",
            Timestamp => "timestamp",
            Account => "account",
            Feature => "feature",
            Duration => "duration",
            Seats => "seats",
            Signup => "signup",
            Visitors => "visitors",
            Conversions => "conversions",
            CartsCreated => "carts_created",
            PurchasesCompleted => "purchases_completed",
            PageViews => "page_views",
            Visits => "visits",
            MarketingSpend => "marketing_spend",
            SalesSpend => "sales_spend",
            NewCustomers => "new_customers",
        }
    }

    /// The name shown in the column-mapping UI.
    #[rustfmt::skip]
    pub fn label(&self, lang: Lang) -> &'static str {
        use Field::*;
        let (en, de) = match self {
            Score => ("Score", "Bewertung"),
            Date => ("Date", "Datum"),
            Survey => ("Survey type", "Umfragetyp"),
            Customer => ("Customer", "Kunde"),
            Comment => ("Comment", "Kommentar"),
            Month => ("Month", "Monat"),
            Mrr => ("MRR", "MRR"),
            Start => ("Start", "Beginn"),
            End => ("End", "Ende"),
            Canceled => ("Canceled at", "Gekündigt am"),
            Amount => ("Amount", "Betrag"),
            Interval => ("Billing interval", "Abrechnungsintervall"),
            IntervalCount => ("Interval count", "Anzahl Intervalle"),
            Quantity => ("Quantity", "Menge"),
            Status => ("Status", "Status"),
            Ticket => ("Ticket", "Ticket"),
            Created => ("Created", "Erstellt"),
            FirstResponse => ("First response", "Erste Antwort"),
            Resolved => ("Resolved", "Gelöst"),
            Contacts => ("Contacts", "Kontakte"),
            FirstContactResolved => ("Resolved at first contact", "Beim ersten Kontakt gelöst"),
            Category => ("Category", "Kategorie"),
            User => ("User", "Nutzer"),
            Timestamp => ("Timestamp", "Zeitstempel"),
            Account => ("Account", "Konto"),
            Feature => ("Feature", "Funktion"),
            Duration => ("Duration", "Dauer"),
            Seats => ("Seats", "Lizenzen"),
            Signup => ("Sign-up", "Registrierung"),
            Visitors => ("Visitors", "Besucher"),
            Conversions => ("Conversions", "Conversions"),
            CartsCreated => ("Carts created", "Angelegte Warenkörbe"),
            PurchasesCompleted => ("Purchases completed", "Abgeschlossene Käufe"),
            PageViews => ("Page views", "Seitenaufrufe"),
            Visits => ("Visits", "Besuche"),
            MarketingSpend => ("Marketing spend", "Marketingkosten"),
            SalesSpend => ("Sales spend", "Vertriebskosten"),
            NewCustomers => ("New customers", "Neukunden"),
        };
        match lang {
            Lang::En => en,
            Lang::De => de,
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        let k = key.trim().to_ascii_lowercase();
        Field::ALL.into_iter().find(|f| f.key() == k)
    }

    /// What kind of value the column holds.
    pub fn value_type(&self) -> ValueType {
        use Field::*;
        match self {
            Score | Contacts | Duration | Seats | Visitors | Conversions | CartsCreated
            | PurchasesCompleted | PageViews | Visits | NewCustomers | IntervalCount | Quantity => {
                ValueType::Number
            }
            Mrr | Amount | MarketingSpend | SalesSpend => ValueType::Number,
            Date | Start | End | Canceled | Created | FirstResponse | Resolved | Timestamp
            | Signup => ValueType::Date,
            Month => ValueType::Month,
            FirstContactResolved => ValueType::Bool,
            Survey | Customer | Comment | Interval | Status | Ticket | Category | User
            | Account | Feature => ValueType::Text,
        }
    }
}

/// How a field's values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Number,
    Date,
    Month,
    Bool,
    Text,
}

/// Header name for comparison: lower case, `ä`→`ae` …, only letters and digits.
pub fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The normalised forms a header is known by: the whole name, and for dotted names the last
/// part (`subscriptions.plan_unit_price` → `planunitprice`).
pub fn header_keys(header: &str) -> Vec<String> {
    let mut keys = vec![normalize(header)];
    if let Some((_, last)) = header.rsplit_once('.') {
        let k = normalize(last);
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
        }
    }
    // "Created (UTC)", "Amount (EUR)", "Umsatz in €": the name without a unit in brackets.
    if let Some((name, _)) = header.split_once('(') {
        let k = normalize(name);
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// A header split into words, each [`normalize`]d: bracketed parts (units such as `(UTC)`,
/// `(€)`, `[EUR]`) dropped, split at anything but letters and digits and at camelCase
/// (`totalPrice`, `created_at`, `Ticket-Nr.` → `total price`, `created at`, `ticket nr`).
pub fn header_words(header: &str) -> Vec<String> {
    let mut text = String::with_capacity(header.len());
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            c if depth == 0 => text.push(c),
            _ => {}
        }
    }
    let source = if text.chars().any(char::is_alphanumeric) { text.as_str() } else { header };
    let mut words = Vec::new();
    let mut word = String::new();
    let mut after_lower = false;
    for c in source.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && after_lower {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
            after_lower = c.is_lowercase() || c.is_ascii_digit();
        } else {
            words.push(std::mem::take(&mut word));
            after_lower = false;
        }
    }
    words.push(word);
    words.iter().map(|w| normalize(w)).filter(|w| !w.is_empty()).collect()
}

/// Words too general to name a field on their own inside a longer header (`Due Date` is
/// not the creation date, `Product Name` not the customer); as the whole header they
/// still count.
const GENERAL_WORDS: [&str; 26] = [
    "name", "value", "wert", "time", "zeit", "date", "datum", "tag", "day", "type", "typ", "text",
    "note", "state", "total", "answer", "antwort", "period", "art", "group", "gruppe", "key", "id",
    "nr", "number", "status",
];

/// Words that may follow the words naming a field without changing what the column is.
const TRAILING_WORDS: [&str; 40] = [
    "name",
    "id",
    "oid",
    "nr",
    "no",
    "number",
    "key",
    "code",
    "ref",
    "reference",
    "at",
    "on",
    "date",
    "time",
    "utc",
    "datetime",
    "timestamp",
    "value",
    "email",
    "mail",
    "adresse",
    "address",
    "am",
    "um",
    // units
    "in",
    "s",
    "sec",
    "secs",
    "seconds",
    "min",
    "mins",
    "minutes",
    "h",
    "hrs",
    "hours",
    "ms",
    "days",
    "eur",
    "usd",
    "cents",
];

/// How well a header's words name `field`, when the whole header is none of its names:
/// a run of words that is one of its names (`total price` → price, `Closed Date` →
/// closed; longer runs and the last word, the head of an English compound, rank higher),
/// else a German compound that starts or ends with one (`Gesamtpreis`, `Eingangsdatum`).
/// `Some((rank, compound))`, higher rank = better.
pub fn word_match(field: Field, words: &[String]) -> Option<(usize, bool)> {
    let names = field.synonyms();
    let mut best: Option<(usize, bool)> = None;
    let n = words.len();
    // names are at most four words long; a header of dozens of words is a question title
    // (the key-word pass reads those)
    if n > 12 {
        return None;
    }
    for i in 0..n {
        for j in (i + 1)..=n.min(i + 4) {
            if i == 0 && j == n && n > 1 {
                continue; // the whole header: the exact pass looked at it
            }
            let run = words.get(i..j).map(|w| w.concat()).unwrap_or_default();
            if j - i == 1 && GENERAL_WORDS.contains(&run.as_str()) {
                continue;
            }
            // the head of an English compound is its last word: `Customer interactions`
            // are interactions; only trailing words such as `name`, `id`, `at`, `date`
            // may follow the words that name the field (`Customer Name`, `started_at`)
            let tail_ok =
                words.get(j..).unwrap_or(&[]).iter().all(|w| TRAILING_WORDS.contains(&w.as_str()));
            if names.contains(&run.as_str()) && tail_ok {
                let rank = 4 * run.len();
                best = best.max(Some((rank, false)));
            }
        }
    }
    if best.is_some() {
        return best;
    }
    for w in words.iter().filter(|w| w.len() >= 8) {
        for name in names.iter().filter(|s| s.len() >= 5 && !GENERAL_WORDS.contains(s)) {
            if w != name && (w.ends_with(name) || w.starts_with(name)) {
                best = best.max(Some((name.len(), true)));
            }
        }
    }
    best
}

/// Whether a header reads as German (a hint for the number convention of its columns).
pub fn is_german(header: &str) -> bool {
    let n = normalize(header);
    const WORDS: [&str; 16] = [
        "kunde",
        "kunden",
        "betrag",
        "datum",
        "bewertung",
        "umsatz",
        "monat",
        "kommentar",
        "beginn",
        "ende",
        "menge",
        "anzahl",
        "erstellt",
        "kategorie",
        "zeitstempel",
        "punkte",
    ];
    WORDS.iter().any(|w| n.contains(w))
        || header.chars().any(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'ß' | 'Ä' | 'Ö' | 'Ü'))
}

/// Fields of one kind (or subscription shape): required, then optional.
pub struct KindFields {
    pub required: &'static [Field],
    pub optional: &'static [Field],
}

/// Survey, orders, tickets, usage, funnel, health, and the two subscription shapes.
pub fn kind_fields(kind: DatasetKind) -> &'static [KindFields] {
    use Field::*;
    match kind {
        DatasetKind::Survey => {
            &[KindFields { required: &[Score], optional: &[Date, Survey, Customer, Comment] }]
        }
        DatasetKind::Subscriptions => &[
            KindFields {
                required: &[Customer, Start, Amount],
                optional: &[End, Canceled, Interval, IntervalCount, Quantity, Status],
            },
            KindFields { required: &[Customer, Month, Mrr], optional: &[] },
        ],
        DatasetKind::Orders => &[KindFields { required: &[Customer, Date, Amount], optional: &[] }],
        DatasetKind::Tickets => &[KindFields {
            required: &[Ticket, Created],
            optional: &[
                Customer,
                FirstResponse,
                Resolved,
                Contacts,
                FirstContactResolved,
                Category,
                Score,
            ],
        }],
        DatasetKind::Usage => &[KindFields {
            required: &[User, Timestamp],
            optional: &[Account, Feature, Duration, Seats, Signup],
        }],
        DatasetKind::Funnel => &[KindFields {
            required: &[],
            optional: &[
                Date,
                Visitors,
                Conversions,
                CartsCreated,
                PurchasesCompleted,
                PageViews,
                Visits,
                MarketingSpend,
                SalesSpend,
                NewCustomers,
            ],
        }],
        DatasetKind::Health => &[KindFields { required: &[Customer], optional: &[] }],
    }
}

/// Minutes per unit when a header names a time unit (`First reply time in minutes`,
/// `Lösungszeit (Stunden)`): such a column holds elapsed time, not a timestamp.
pub fn elapsed_unit(key: &str) -> Option<f64> {
    if key.contains("minute") || key.contains("minuten") || key.ends_with("min") {
        Some(1.0)
    } else if key.contains("hour")
        || key.contains("stunde")
        || key.ends_with("hrs")
        || key.ends_with("std")
    {
        Some(60.0)
    } else if key.contains("second") || key.contains("sekunde") {
        Some(1.0 / 60.0)
    } else if key.contains("days") || key.ends_with("tage") || key.ends_with("tagen") {
        Some(1440.0)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        assert_eq!(normalize("Kunden-ID"), "kundenid");
        assert_eq!(
            normalize(" Empfehlungs\u{AD}wahrscheinlichkeit "),
            "empfehlungswahrscheinlichkeit"
        );
        assert_eq!(normalize("Gelöst am"), "geloestam");
        assert_eq!(header_keys("subscriptions.plan_unit_price")[1], "planunitprice");
        assert_eq!(header_keys("Created (UTC)"), vec!["createdutc", "created"]);
    }

    fn field_of(header: &str) -> Option<Field> {
        let keys = header_keys(header);
        Field::ALL.into_iter().find(|f| f.synonyms().iter().any(|s| keys.iter().any(|k| k == s)))
    }

    #[test]
    fn english_and_german_names() {
        for (h, f) in [
            ("Score", Field::Score),
            ("Bewertung", Field::Score),
            ("NPS", Field::Score),
            ("Empfehlungswahrscheinlichkeit", Field::Score),
            ("Kunde", Field::Customer),
            ("customer_id", Field::Customer),
            ("Kundennummer", Field::Customer),
            ("Kunden-Nr.", Field::Customer),
            ("MRR", Field::Mrr),
            ("Betrag", Field::Amount),
            ("amount", Field::Amount),
            ("Datum", Field::Date),
            ("Kommentar", Field::Comment),
            ("Gelöst am", Field::Resolved),
            ("Abrechnungsintervall", Field::Interval),
            ("Seitenaufrufe", Field::PageViews),
        ] {
            assert_eq!(field_of(h), Some(f), "{h}");
        }
        // Umsatz is revenue: MRR in a snapshot, an amount in orders.
        assert!(
            Field::Mrr.synonyms().contains(&"umsatz")
                && Field::Amount.synonyms().contains(&"umsatz")
        );
    }

    #[test]
    fn every_field_has_a_unique_key_and_synonyms() {
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(f));
            assert!(!f.label(Lang::De).is_empty() && !f.label(Lang::En).is_empty());
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.key()), "serde name = key");
            assert!(!f.synonyms().is_empty(), "{f:?}");
            for s in f.synonyms() {
                assert_eq!(&normalize(s), s, "{f:?}: synonym {s} is not normalised");
            }
        }
    }
}
