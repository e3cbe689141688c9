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

    /// Normalised header names, most specific first.
    #[rustfmt::skip]
    pub fn synonyms(&self) -> &'static [&'static str] {
        use Field::*;
        match self {
            Score => &[
                "score", "nps", "npsscore", "rating", "bewertung", "punkte", "punktzahl", "note",
                "wert", "csat", "csatscore", "ces", "cesscore", "answer", "antwort", "value",
                "empfehlungswahrscheinlichkeit", "weiterempfehlung", "likelihoodtorecommend",
                "recommend", "zufriedenheit", "satisfaction", "stars", "sterne",
            ],
            Date => &[
                "date", "datum", "createdat", "created", "responsedate", "responsetimestamp",
                "submitdate", "submitdateutc", "submittedat", "timestamp", "zeitstempel", "time",
                "zeit", "enddate", "orderdate", "bestelldatum", "rechnungsdatum", "invoicedate",
                "day", "tag", "period", "periode", "zeitraum", "erstelltam", "ts", "month", "monat",
                "week", "woche",
            ],
            Survey => {
                &["survey", "surveytype", "type", "umfrage", "umfragetyp", "typ", "metric", "kpi"]
            }
            Customer => &[
                "customer", "customerid", "customername", "customeremail", "kunde", "kunden",
                "kundenid", "kundennummer", "kundennr", "kundenname", "client", "clientid",
                "account", "accountid", "accountname", "company", "firma", "unternehmen",
                "organization", "organisation", "email", "emailaddress", "mail", "personid",
                "userid", "respondentid", "name", "konto", "debitor", "debitorennummer",
                "requester", "requestername", "requesteremail", "organizationname",
            ],
            Comment => &[
                "comment", "comments", "kommentar", "kommentare", "feedback", "text", "reason",
                "grund", "begruendung", "anmerkung", "anmerkungen", "bemerkung", "message",
                "nachricht", "verbatim", "openended", "notes", "notizen",
            ],
            Month => &[
                "month", "monat", "period", "periode", "abrechnungsmonat", "billingmonth",
                "yearmonth",
            ],
            Mrr => &[
                "mrr", "monthlyrecurringrevenue", "mrramount", "monatsumsatz", "monatlicherumsatz",
                "wiederkehrenderumsatz", "revenue", "umsatz", "recurringrevenue", "mrreur",
                "mrrusd",
            ],
            Start => &[
                "start", "startdate", "startutc", "startedat", "started", "startdatum", "beginn",
                "begin", "vertragsbeginn", "abobeginn", "activatedat", "createdutc", "created",
                "createdat", "seit", "since",
            ],
            End => &[
                "end", "endedat", "endedatutc", "enddate", "ende", "enddatum", "vertragsende",
                "aboende", "churndate", "churnedat", "until", "bis", "gekuendigtzum",
            ],
            Canceled => &[
                "canceledat", "canceledatutc", "cancelledat", "canceled", "cancelled",
                "cancellationdate", "gekuendigtam", "kuendigungsdatum", "kuendigung", "gekuendigt",
                "storniertam",
            ],
            Amount => &[
                "amount", "betrag", "planamount", "price", "preis", "total", "summe",
                "gesamtbetrag", "umsatz", "revenue", "value", "wert", "netto", "brutto",
                "nettobetrag", "bruttobetrag", "planunitprice", "unitprice", "unitamount",
                "einzelpreis", "ordertotal", "bestellwert", "rechnungsbetrag", "totalamount",
                "subtotal",
            ],
            Interval => &[
                "interval", "planinterval", "billingperiodunit", "billinginterval", "billingcycle",
                "intervall", "abrechnungsintervall", "abrechnungszeitraum", "zahlungsintervall",
                "laufzeit", "period", "billingfrequency", "frequency",
            ],
            IntervalCount => &[
                "intervalcount", "planintervalcount", "billingperiod", "anzahlintervalle",
                "intervallanzahl",
            ],
            Quantity => &[
                "quantity", "qty", "menge", "anzahl", "planquantity", "lizenzen", "licenses",
                "stueck", "stueckzahl",
            ],
            Status => &["status", "state", "zustand", "abostatus", "subscriptionstatus"],
            Ticket => &[
                "ticket", "ticketid", "ticketnumber", "ticketnummer", "ticketnr", "caseid", "case",
                "fall", "vorgang", "vorgangsnummer", "requestid", "anfrage", "issueid",
                "conversationid",
            ],
            Created => &[
                "created", "createdat", "createddate", "createdutc", "erstellt", "erstelltam",
                "eroeffnet", "opened", "openedat", "geoeffnet", "eingegangen", "eingang",
                "requestedat", "date", "datum",
            ],
            FirstResponse => &[
                "firstresponse", "firstresponseat", "firstreplyat", "firstreply",
                "firstresponsetime", "ersteantwort", "ersteantwortam", "erstreaktion", "repliedat",
                "respondedat",
            ],
            Resolved => &[
                "resolved", "resolvedat", "solvedat", "solved", "closed", "closedat", "geloest",
                "geloestam", "geschlossen", "geschlossenam", "erledigt", "erledigtam",
                "resolutiondate",
            ],
            Contacts => &[
                "contacts", "interactions", "replies", "kontakte", "anzahlkontakte",
                "interaktionen", "touches", "repliescount", "numberofreplies",
            ],
            FirstContactResolved => &[
                "firstcontactresolved", "fcr", "firstcontactresolution", "resolvedonfirstcontact",
                "erstloesung", "beimerstenkontaktgeloest", "erstkontaktloesung",
            ],
            Category => &[
                "category", "kategorie", "type", "typ", "topic", "thema", "tags", "tag",
                "issuetype", "art", "bereich", "group", "gruppe",
            ],
            User => &[
                "user", "userid", "username", "benutzer", "benutzerid", "nutzer", "nutzerid",
                "anwender", "email", "useremail", "distinctid", "personid", "visitorid",
            ],
            Timestamp => &[
                "timestamp", "zeitstempel", "time", "zeit", "eventtime", "occurredat", "createdat",
                "date", "datum", "sessionstart", "loggedat", "datetime", "when",
            ],
            Account => &[
                "account", "accountid", "accountname", "company", "firma", "unternehmen", "kunde",
                "customer", "customerid", "kundenid", "organization", "organisation", "tenant",
                "mandant", "workspace",
            ],
            Feature => &[
                "feature", "funktion", "event", "eventname", "action", "aktion", "modul", "module",
                "page", "seite",
            ],
            Duration => &[
                "duration", "dauer", "minutes", "minuten", "sessionduration", "sessionlength",
                "durationminutes", "dauerminuten", "usagetime", "nutzungsdauer",
            ],
            Seats => {
                &["seats", "licenses", "lizenzen", "plaetze", "sitze", "seatcount", "lizenzanzahl"]
            }
            Signup => &[
                "signup", "signupdate", "signedup", "signedupat", "registered", "registriert",
                "registriertam", "registrierung", "anmeldung", "anmeldedatum", "onboarded",
            ],
            Visitors => &["visitors", "besucher", "uniquevisitors", "users", "nutzer"],
            Conversions => &["conversions", "konversionen", "conversion", "abschluesse", "leads"],
            CartsCreated => &[
                "cartscreated", "carts", "warenkoerbe", "warenkorb", "addtocart",
                "angelegtewarenkoerbe",
            ],
            PurchasesCompleted => &[
                "purchasescompleted", "purchases", "orders", "kaeufe", "bestellungen",
                "abgeschlossenekaeufe", "transactions", "transaktionen", "checkouts",
            ],
            PageViews => &["pageviews", "seitenaufrufe", "views", "aufrufe", "impressions"],
            Visits => &["visits", "sessions", "besuche", "sitzungen"],
            MarketingSpend => &[
                "marketingspend", "marketing", "marketingkosten", "marketingausgaben", "adspend",
                "werbekosten", "werbeausgaben",
            ],
            SalesSpend => &[
                "salesspend", "sales", "vertrieb", "vertriebskosten", "vertriebsausgaben",
                "salescost",
            ],
            NewCustomers => &[
                "newcustomers", "neukunden", "newaccounts", "acquiredcustomers", "gewonnenekunden",
                "newsignups",
            ],
        }
    }

    /// Words that mark a long question title (`How likely are you to recommend …?`).
    #[rustfmt::skip]
    pub fn keywords(&self) -> &'static [&'static str] {
        match self {
            Field::Score => &[
                "recommend", "empfehl", "likely", "wahrscheinlich", "satisfied", "zufrieden",
                "easy", "einfach", "score", "bewertung", "rating",
            ],
            Field::Comment => &[
                "why", "warum", "reason", "grund", "comment", "kommentar", "feedback", "improve",
                "verbessern", "better", "besser",
            ],
            Field::Duration => &["duration", "dauer", "minutes", "minuten", "seconds", "sekunden"],
            Field::Ticket => &["ticket"],
            Field::FirstResponse => {
                &["firstreply", "firstresponse", "ersteantwort", "erstreaktion"]
            }
            Field::Resolved => {
                &["resolutiontime", "fullresolution", "loesungszeit", "bearbeitungszeit"]
            }
            Field::Customer => &["email", "customer", "kunde"],
            Field::Date => &["date", "datum", "timestamp", "zeitstempel"],
            _ => &[],
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
