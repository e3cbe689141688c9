//! The names a field is known by: whole header names and the key words of long question
//! titles, in English and German (normalised: see [`normalize`](super::headers::normalize)).

use super::headers::Field;

impl Field {
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
                "completiontime", "completedat", "responsereceivedat", "datesubmitted",
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
                "customeroid", "customerreference", "companyname",
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
                "totalprice", "netrevenue", "gesamtpreis", "monthlyamount", "grandtotal", "amountpaid",
                "sales",
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
                "uniquekey", "casenumber", "ticketno", "issuekey", "referencenumber", "vorgangsnr",
            ],
            Created => &[
                "created", "createdat", "createddate", "createdutc", "erstellt", "erstelltam",
                "eroeffnet", "opened", "openedat", "geoeffnet", "eingegangen", "eingang",
                "requestedat", "date", "datum",
                "createddate", "eingangsdatum", "receivedat", "dateopened", "opendate", "submittedat",
                "createdate", "createdtime",
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
                "closeddate", "resolveddate", "datesolved", "dateclosed", "loesungsdatum",
                "resolvedtime", "closedtime", "closedate", "resolutiontime",
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
                "userpseudoid",
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
                "eventtype",
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
                "easy", "einfach", "score", "bewertung", "rating", "scaleof0", "skalavon0",
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
            // "customer" in a question title is rarely the customer's name ("… customer
            // speaker session?"); an e-mail address question is
            Field::Customer => &["email"],
            Field::Date => &["date", "datum", "timestamp", "zeitstempel"],
            _ => &[],
        }
    }
}
