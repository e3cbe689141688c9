//! What each headline metric is, in words: label, formula and the note where the source
//! articles define it differently, in English and German, keyed by the JSON keys of the
//! report (`metrics.md`). The app's metric cards and "how is this computed" disclosures are
//! built from this table; a test checks that every key here is produced by the report.

use crate::dataset::DatasetKind;
use crate::i18n::Lang;
pub use crate::report::key::{MetricKey, Unit};

impl Unit {
    /// A value of this unit for display (JSON keeps full precision).
    pub fn format(self, v: f64, lang: Lang) -> String {
        use crate::i18n::{format_number, format_signed};
        let n = |d| format_number(v, d, lang);
        let de = lang == Lang::De;
        match self {
            Unit::NpsPoints => format_signed(v, 1, lang),
            Unit::Percent => format!("{} %", n(1)),
            Unit::Money => n(2),
            Unit::Count => n(0),
            Unit::Score => n(2),
            Unit::Ratio => n(2),
            Unit::Hours => format!("{} h", n(1)),
            Unit::Days => format!("{} {}", n(1), if de { "Tage" } else { "days" }),
            Unit::Minutes => format!("{} min", n(1)),
            Unit::Years => format!("{} {}", n(2), if de { "Jahre" } else { "years" }),
            Unit::Months => format!("{} {}", n(1), if de { "Monate" } else { "months" }),
            Unit::Fraction => format!("{} %", format_number(v * 100.0, 1, lang)),
            // not numbers: shown as the number they were given as
            Unit::Flag | Unit::Label | Unit::List => n(2),
        }
    }

    /// A change of a value of this unit (percentages change in points).
    pub fn format_change(self, v: f64, lang: Lang) -> String {
        use crate::i18n::format_signed;
        let pts = if lang == Lang::De { "Pkt." } else { "pts" };
        match self {
            Unit::NpsPoints | Unit::Percent => format!("{} {pts}", format_signed(v, 1, lang)),
            Unit::Fraction => format!("{} {pts}", format_signed(v * 100.0, 1, lang)),
            Unit::Money | Unit::Score | Unit::Ratio | Unit::Years => format_signed(v, 2, lang),
            Unit::Flag | Unit::Label | Unit::List => format_signed(v, 2, lang),
            Unit::Count => format_signed(v, 0, lang),
            Unit::Hours => format!("{} h", format_signed(v, 1, lang)),
            Unit::Minutes => format!("{} min", format_signed(v, 1, lang)),
            Unit::Days | Unit::Months => format_signed(v, 1, lang),
        }
    }
}

/// Text in both languages.
#[derive(Clone, Copy, Debug)]
pub struct Text {
    pub en: &'static str,
    pub de: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::De => self.de,
        }
    }
}

const fn t(en: &'static str, de: &'static str) -> Text {
    Text { en, de }
}

/// One headline metric.
#[derive(Clone, Copy, Debug)]
pub struct MetricInfo {
    pub key: MetricKey,
    pub kind: DatasetKind,
    /// The key's unit (one source: [`MetricKey::unit`]).
    pub unit: Unit,
    pub label: Text,
    pub formula: Text,
    /// Where the source articles say something else, and what is used here.
    pub note: Option<Text>,
    /// Report keys of the inputs shown under the formula.
    pub inputs: &'static [MetricKey],
    /// Report keys shown beside the number on the card itself (the mean and p90 beside a
    /// median, the open tickets), not folded away with the inputs.
    pub beside: &'static [MetricKey],
    /// Keys of the 95 % interval (low, high), when there is one.
    pub interval: Option<(MetricKey, MetricKey)>,
    /// Key of this metric's own `n`, when it differs from the rows used.
    pub n: Option<MetricKey>,
    /// Whether a rise is good news (colours the change against the previous period).
    pub higher_is_better: Option<bool>,
}

const fn m(key: MetricKey, kind: DatasetKind, label: Text, formula: Text) -> MetricInfo {
    MetricInfo {
        key,
        kind,
        unit: key.unit(),
        label,
        formula,
        note: None,
        inputs: &[],
        beside: &[],
        interval: None,
        n: None,
        higher_is_better: Some(true),
    }
}

impl MetricInfo {
    const fn note(mut self, note: Text) -> Self {
        self.note = Some(note);
        self
    }
    const fn inputs(mut self, inputs: &'static [MetricKey]) -> Self {
        self.inputs = inputs;
        self
    }
    const fn beside(mut self, keys: &'static [MetricKey]) -> Self {
        self.beside = keys;
        self
    }
    const fn interval(mut self, low: MetricKey, high: MetricKey) -> Self {
        self.interval = Some((low, high));
        self
    }
    const fn n(mut self, key: MetricKey) -> Self {
        self.n = Some(key);
        self
    }
    const fn lower_is_better(mut self) -> Self {
        self.higher_is_better = Some(false);
        self
    }
    const fn neutral(mut self) -> Self {
        self.higher_is_better = None;
        self
    }
}

use DatasetKind as K;
use MetricKey as MK;

/// The headline metrics, in the order the dashboard shows them.
pub const METRICS: &[MetricInfo] = &[
    // 1. Survey
    m(MK::Nps, K::Survey, t("Net Promoter Score", "Net Promoter Score"),
      t("NPS = 100 · (promoters − detractors) / answers, scale 0–10: promoters 9–10, passives 7–8, detractors 0–6. 95 % margin of error = 1.96 · √(var / n) · 100 with var = p + d − (p − d)².",
        "NPS = 100 · (Promotoren − Kritiker) / Antworten, Skala 0–10: Promotoren 9–10, Passive 7–8, Kritiker 0–6. 95-%-Fehlertoleranz = 1,96 · √(var / n) · 100 mit var = p + d − (p − d)²."))
        .note(t("Some sources define the scale as 1 to 10 with detractors at 1–6; the standard scale is 0–10 and 0 is a detractor.",
                "Manche Quellen definieren die Skala als 1 bis 10 mit Kritikern bei 1–6; die Standardskala ist 0–10, und 0 zählt als Kritiker."))
        .inputs(&[MK::NpsPromoters, MK::NpsPassives, MK::NpsDetractors, MK::NpsMoe95])
        .interval(MK::NpsCi95Low, MK::NpsCi95High)
        .n(MK::NpsN),
    m(MK::Csat, K::Survey, t("Customer Satisfaction (CSAT)", "Kundenzufriedenheit (CSAT)"),
      t("CSAT = 100 · satisfied answers / answers; satisfied = the top two boxes (4–5 on 1–5). Interval: Wilson 95 %.",
        "CSAT = 100 · zufriedene Antworten / Antworten; zufrieden = die zwei besten Stufen (4–5 auf 1–5). Intervall: Wilson 95 %."))
        .inputs(&[MK::CsatSatisfied, MK::CsatMean, MK::CsatScale, MK::CsatThreshold])
        .interval(MK::CsatCi95Low, MK::CsatCi95High)
        .n(MK::CsatN),
    m(MK::Ces, K::Survey, t("Customer Effort Score (CES)", "Customer Effort Score (CES)"),
      t("CES = mean answer to “The company made it easy for me to handle my issue” (1–7, higher = easier; CES 2.0).",
        "CES = mittlere Antwort auf „Das Unternehmen hat es mir leicht gemacht, mein Anliegen zu erledigen“ (1–7, höher = leichter; CES 2.0)."))
        .inputs(&[MK::CesEasyPct, MK::CesScale, MK::CesLowerIsEasier])
        .n(MK::CesN),
    m(MK::CesEasyPct, K::Survey, t("Found it easy (CES)", "Fanden es leicht (CES)"),
      t("Share answering 5–7 on the 1–7 scale (4–5 on 1–5) · 100.", "Anteil der Antworten 5–7 auf der Skala 1–7 (4–5 auf 1–5) · 100."))
        .note(t("Some sources report CES as this share.", "Manche Quellen geben den CES als diesen Anteil an."))
        .n(MK::CesN),
    m(MK::ResponseRate, K::Survey, t("Response rate", "Rücklaufquote"),
      t("Answers / surveys sent · 100 (when the number sent is given).", "Antworten / versendete Umfragen · 100 (wenn die Zahl angegeben ist)."))
        .inputs(&[MK::Responses]),
    // 2. Subscriptions
    m(MK::Mrr, K::Subscriptions, t("Monthly recurring revenue (MRR)", "Monatlich wiederkehrender Umsatz (MRR)"),
      t("Sum of every customer's MRR in the last month. Yearly plans count 1/12, weekly 52/12, daily 365/12, times quantity.",
        "Summe des MRR aller Kunden im letzten Monat. Jahrespläne zählen 1/12, wöchentliche 52/12, tägliche 365/12, mal Menge."))
        .inputs(&[MK::Customers, MK::Arr]),
    m(MK::Arr, K::Subscriptions, t("Annual recurring revenue (ARR)", "Jährlich wiederkehrender Umsatz (ARR)"),
      t("ARR = 12 · MRR.", "ARR = 12 · MRR."))
        .note(t("Some sources define it as “ARR = subscription revenue / number of subscribers”: that is revenue per account (ARPA), not ARR.",
                "Manche Quellen definieren „ARR = Abo-Umsatz / Anzahl Abonnenten“: Das ist der Umsatz pro Kunde (ARPA), nicht ARR."))
        .inputs(&[MK::Mrr]),
    m(MK::Arpa, K::Subscriptions, t("Revenue per account (ARPA)", "Umsatz pro Kunde (ARPA)"),
      t("ARPA = MRR / customers with MRR > 0.", "ARPA = MRR / Kunden mit MRR > 0."))
        .inputs(&[MK::Mrr, MK::Customers]),
    m(MK::CustomerChurnRate, K::Subscriptions, t("Customer churn rate", "Kundenabwanderungsrate"),
      t("Customers churned in the month / customers at its start · 100. Over several months: the mean of the monthly rates.",
        "Im Monat abgewanderte Kunden / Kunden zu Monatsbeginn · 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .note(t("Some sources define it as “customers at start − customers at end”: that is the net change, which hides new customers; the standard counts churned customers.",
                "Manche Quellen definieren sie als „Kunden zu Beginn − Kunden am Ende“: Das ist die Nettoveränderung und verdeckt Neukunden; der Standard zählt abgewanderte Kunden."))
        .inputs(&[MK::ChurnedCustomers])
        .lower_is_better(),
    m(MK::RetentionRate, K::Subscriptions, t("Customer retention rate", "Kundenbindungsrate"),
      t("(Customers at end − new and reactivated customers) / customers at start · 100. Over several months: the mean of the monthly rates.",
        "(Kunden am Ende − neue und reaktivierte Kunden) / Kunden zu Beginn · 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .note(t("Some sources subtract lost customers from the end count; the standard form used here subtracts new and reactivated ones.",
                "Manche Quellen ziehen verlorene Kunden vom Endbestand ab; die hier verwendete Standardform zieht neue und reaktivierte ab."))
        .inputs(&[MK::Customers, MK::NewCustomers, MK::ReactivatedCustomers]),
    m(MK::GrossMrrChurnRate, K::Subscriptions, t("Gross MRR churn rate", "Brutto-MRR-Abwanderung"),
      t("(Churned + contraction MRR) / MRR at start · 100. Over several months: the mean of the monthly rates.",
        "(Abgewanderter + reduzierter MRR) / MRR zu Beginn · 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .inputs(&[MK::MrrChurn, MK::MrrContraction])
        .lower_is_better(),
    m(MK::NetMrrChurnRate, K::Subscriptions, t("Net MRR churn rate", "Netto-MRR-Abwanderung"),
      t("(Churn + contraction − expansion) / MRR at start · 100; negative = net expansion. Over several months: the mean of the monthly rates.",
        "(Abwanderung + Reduktion − Ausweitung) / MRR zu Beginn · 100; negativ = Netto-Wachstum. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .note(t("ChartMogul's definition also subtracts reactivation: see net_mrr_churn_rate_chartmogul.",
                "Die Definition von ChartMogul zieht auch Reaktivierungen ab: siehe net_mrr_churn_rate_chartmogul."))
        .inputs(&[MK::MrrChurn, MK::MrrContraction, MK::MrrExpansion, MK::NetMrrChurnRateChartmogul])
        .lower_is_better(),
    m(MK::Grr, K::Subscriptions, t("Gross revenue retention (GRR)", "Brutto-Umsatzbindung (GRR)"),
      t("(MRR at start − churn − contraction) / MRR at start · 100, at most 100. Over several months: the mean of the monthly rates.",
        "(MRR zu Beginn − Abwanderung − Reduktion) / MRR zu Beginn · 100, höchstens 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .inputs(&[MK::MrrChurn, MK::MrrContraction]),
    m(MK::Nrr, K::Subscriptions, t("Net revenue retention (NRR)", "Netto-Umsatzbindung (NRR)"),
      t("(MRR at start + expansion − contraction − churn) / MRR at start · 100; reactivation is not part of the starting base. Over 12 months: today's MRR of the customers active 12 months ago / their MRR then. Over several months: the mean of the monthly rates.",
        "(MRR zu Beginn + Ausweitung − Reduktion − Abwanderung) / MRR zu Beginn · 100; Reaktivierung gehört nicht zur Ausgangsbasis. Über 12 Monate: heutiger MRR der vor 12 Monaten aktiven Kunden / ihr damaliger MRR. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .inputs(&[MK::MrrExpansion, MK::MrrContraction, MK::MrrChurn, MK::Nrr12m]),
    m(MK::QuickRatio, K::Subscriptions, t("SaaS quick ratio", "SaaS Quick Ratio"),
      t("(New + reactivation + expansion MRR) / (churn + contraction MRR).",
        "(Neuer + reaktivierter + ausgeweiteter MRR) / (abgewanderter + reduzierter MRR)."))
        .inputs(&[MK::MrrNew, MK::MrrReactivation, MK::MrrExpansion, MK::MrrChurn, MK::MrrContraction]),
    m(MK::Ltv, K::Subscriptions, t("Customer lifetime value (LTV)", "Kundenwert (LTV)"),
      t("LTV = ARPA · gross margin / monthly customer churn rate (as a fraction). Undefined when no customer churned.",
        "LTV = ARPA · Bruttomarge / monatliche Kundenabwanderungsrate (als Anteil). Undefiniert, wenn kein Kunde abgewandert ist."))
        .inputs(&[MK::Arpa, MK::GrossMargin, MK::LtvChurnRate]),
    // 3. Orders
    m(MK::Clv, K::Orders, t("Customer lifetime value (CLV)", "Kundenwert (CLV)"),
      t("CLV = average purchase value · purchase frequency per year · customer lifespan in years. The lifespan is the one you entered, or the measured one.",
        "CLV = durchschnittlicher Einkaufswert · Kaufhäufigkeit pro Jahr · Kundenlebensdauer in Jahren. Die Lebensdauer ist die eingegebene oder die gemessene."))
        .note(t("A first-to-last-purchase lifespan is cut off by the length of the data; shorter than the data, it puts CLV below what customers have already spent (revenue per customer): the card says so, and a lifespan can be entered.",
                "Eine Lebensdauer vom ersten bis zum letzten Kauf wird durch die Länge der Daten abgeschnitten; kürzer als die Daten, liegt der CLV unter dem, was Kunden schon ausgegeben haben (Umsatz pro Kunde): die Karte sagt es, und eine Lebensdauer kann eingegeben werden."))
        .inputs(&[MK::AvgPurchaseValue, MK::PurchaseFrequency, MK::ClvLifespanYears, MK::CustomerLifespanYears, MK::YearsOfData, MK::Arpu]),
    m(MK::AvgPurchaseValue, K::Orders, t("Average purchase value", "Durchschnittlicher Einkaufswert"),
      t("Revenue / orders.", "Umsatz / Bestellungen."))
        .inputs(&[MK::Revenue, MK::Orders]),
    m(MK::PurchaseFrequency, K::Orders, t("Purchase frequency per year", "Kaufhäufigkeit pro Jahr"),
      t("Orders / distinct customers, per year of data.", "Bestellungen / verschiedene Kunden, pro Jahr Daten."))
        .inputs(&[MK::Orders, MK::Customers, MK::YearsOfData]),
    m(MK::CustomerLifespanYears, K::Orders, t("Customer lifespan", "Kundenlebensdauer"),
      t("Mean time from first to last purchase of the customers with at least two orders (or the value you entered).",
        "Mittlere Zeit vom ersten bis zum letzten Kauf der Kunden mit mindestens zwei Bestellungen (oder der eingegebene Wert)."))
        .inputs(&[MK::RepeatCustomers])
        .neutral(),
    m(MK::RepeatPurchaseRate, K::Orders, t("Repeat purchase rate", "Wiederkaufrate"),
      t("Customers with at least two orders / customers · 100.", "Kunden mit mindestens zwei Bestellungen / Kunden · 100."))
        .inputs(&[MK::RepeatCustomers, MK::Customers]),
    m(MK::Arpu, K::Orders, t("Revenue per customer (ARPU)", "Umsatz pro Kunde (ARPU)"),
      t("Revenue / distinct customers.", "Umsatz / verschiedene Kunden."))
        .inputs(&[MK::Revenue, MK::Customers]),
    // 4. Tickets
    // ticket times are skewed (a few tickets open for weeks): the median is the headline,
    // the mean and p90 beside it
    m(MK::FirstResponseHoursMedian, K::Tickets, t("First response time (median)", "Erste Antwortzeit (Median)"),
      t("Median hours from creation to the first response; the mean and the 90th percentile beside it.",
        "Median der Stunden von der Erstellung bis zur ersten Antwort; Mittel und 90. Perzentil daneben."))
        .beside(&[MK::FirstResponseHours, MK::FirstResponseHoursP90])
        .n(MK::FirstResponseHoursN)
        .lower_is_better(),
    m(MK::ResolutionHoursMedian, K::Tickets, t("Resolution time (median)", "Lösungszeit (Median)"),
      t("Median hours from creation to resolution of the resolved tickets; the mean and the 90th percentile beside it. Open tickets are counted apart, not as 0.",
        "Median der Stunden von der Erstellung bis zur Lösung der gelösten Tickets; Mittel und 90. Perzentil daneben. Offene Tickets werden getrennt gezählt, nicht als 0."))
        .note(t("Some sources quote the mean as the “average ticket time”; it is shown beside the median, which a few very long tickets do not pull up.",
                "Manche Quellen nennen das Mittel „durchschnittliche Ticketzeit“; es steht neben dem Median, den wenige sehr lange Tickets nicht nach oben ziehen."))
        .beside(&[MK::ResolutionHours, MK::ResolutionHoursP90, MK::OpenTickets])
        .n(MK::ResolutionHoursN)
        .lower_is_better(),
    m(MK::Fcr, K::Tickets, t("First contact resolution (FCR)", "Erstlösungsquote (FCR)"),
      t("Tickets resolved at the first contact / resolved tickets · 100.", "Beim ersten Kontakt gelöste Tickets / gelöste Tickets · 100."))
        .n(MK::FcrN),
    m(MK::TicketsPerCustomer, K::Tickets, t("Tickets per customer", "Tickets pro Kunde"),
      t("Tickets / distinct customers (or / the customer count you entered).", "Tickets / verschiedene Kunden (oder / die eingegebene Kundenzahl)."))
        .inputs(&[MK::Tickets, MK::Customers])
        .lower_is_better(),
    m(MK::SupportCsat, K::Tickets, t("Support satisfaction (CSAT)", "Support-Zufriedenheit (CSAT)"),
      t("CSAT of the ticket scores: satisfied (top two boxes) / answers · 100.", "CSAT der Ticket-Bewertungen: zufrieden (zwei beste Stufen) / Antworten · 100."))
        .inputs(&[MK::SupportCsatMean])
        .interval(MK::SupportCsatCi95Low, MK::SupportCsatCi95High)
        .n(MK::SupportCsatN),
    // 5. Usage
    m(MK::Stickiness, K::Usage, t("Stickiness (DAU/MAU)", "Stickiness (DAU/MAU)"),
      t("Mean daily active users / mean monthly active users · 100.", "Mittlere täglich aktive Nutzer / mittlere monatlich aktive Nutzer · 100."))
        .inputs(&[MK::Dau, MK::Mau]),
    m(MK::Dau, K::Usage, t("Daily active users (mean)", "Täglich aktive Nutzer (Mittel)"),
      t("Distinct users per day, mean over the days of the range.", "Verschiedene Nutzer pro Tag, gemittelt über die Tage des Zeitraums."))
        .inputs(&[MK::Wau, MK::Mau]),
    m(MK::Mau, K::Usage, t("Monthly active users (mean)", "Monatlich aktive Nutzer (Mittel)"),
      t("Distinct users per month, mean over the months of the range.", "Verschiedene Nutzer pro Monat, gemittelt über die Monate des Zeitraums."))
        .inputs(&[MK::Users]),
    m(MK::UsageIntensity, K::Usage, t("Usage intensity", "Nutzungsintensität"),
      t("Events per active user per month.", "Ereignisse pro aktivem Nutzer und Monat."))
        .inputs(&[MK::Events, MK::Users]),
    m(MK::AvgSessionMinutes, K::Usage, t("Average session", "Durchschnittliche Sitzung"),
      t("Mean duration of the sessions that have one (“engagement” as usage time).",
        "Mittlere Dauer der Sitzungen mit Dauerangabe („Engagement“ als Nutzungszeit)."))
        .neutral(),
    m(MK::LicenseUtilisation, K::Usage, t("Licence utilisation", "Lizenznutzung"),
      t("Active users / seats · 100 over the accounts with a seat count.", "Aktive Nutzer / Lizenzen · 100 über die Konten mit Lizenzzahl.")),
    m(MK::TimeToValueDays, K::Usage, t("Time to value", "Time to Value"),
      t("Days from an account's signup to its first use (of the chosen feature); mean, median, p90.",
        "Tage von der Registrierung eines Kontos bis zur ersten Nutzung (der gewählten Funktion); Mittel, Median, p90."))
        .inputs(&[MK::TimeToValueDaysMedian, MK::TimeToValueDaysP90])
        .n(MK::TimeToValueDaysN)
        .lower_is_better(),
    // 6. Funnel
    m(MK::ConversionRate, K::Funnel, t("Conversion rate", "Konversionsrate"),
      t("Conversions / visitors · 100.", "Konversionen / Besucher · 100."))
        .inputs(&[MK::Conversions, MK::Visitors]),
    m(MK::CartAbandonmentRate, K::Funnel, t("Cart abandonment rate", "Warenkorbabbruchrate"),
      t("(1 − completed purchases / carts created) · 100.", "(1 − abgeschlossene Käufe / angelegte Warenkörbe) · 100."))
        .note(t("Some sources define it as “completed / created”: that is the completion rate, the complement of this.",
                "Manche Quellen definieren sie als „abgeschlossen / angelegt“: Das ist die Abschlussrate, das Gegenstück hierzu."))
        .inputs(&[MK::PurchasesCompleted, MK::CartsCreated])
        .lower_is_better(),
    m(MK::PagesPerVisit, K::Funnel, t("Pages per visit", "Seiten pro Besuch"),
      t("Page views / visits.", "Seitenaufrufe / Besuche."))
        .inputs(&[MK::PageViews, MK::Visits]),
    m(MK::Cac, K::Funnel, t("Customer acquisition cost (CAC)", "Kundengewinnungskosten (CAC)"),
      t("(Marketing + sales spend) / new customers in the same period.", "(Marketing- + Vertriebsausgaben) / Neukunden im selben Zeitraum."))
        .inputs(&[MK::Spend, MK::NewCustomers])
        .lower_is_better(),
    m(MK::CacPaybackMonths, K::Funnel, t("CAC payback", "CAC-Amortisation"),
      t("CAC / (ARPA · gross margin), in months.", "CAC / (ARPA · Bruttomarge), in Monaten."))
        .inputs(&[MK::Cac, MK::Arpa, MK::GrossMargin])
        .lower_is_better(),
    // 7. Health
    m(MK::HealthScore, K::Health, t("Customer health score (mean)", "Kundengesundheit (Mittel)"),
      t("Each chosen signal is scaled 0–100 between a “bad” value (0) and a “good” value (100), linear in between; unless you set them, bad and good are the 25th and 75th percentile of the data (swapped where higher is worse). The score is the weighted mean. Bands: red < 40, amber 40–69, green ≥ 70.",
        "Jedes gewählte Signal wird zwischen einem „schlechten“ Wert (0) und einem „guten“ Wert (100) auf 0–100 skaliert, linear dazwischen; ohne eigene Eingabe sind schlecht und gut das 25. und 75. Perzentil der Daten (vertauscht, wo höher schlechter ist). Der Score ist das gewichtete Mittel. Bänder: rot < 40, gelb 40–69, grün ≥ 70."))
        .note(t("With rank scaling (an option) each signal is its percentile rank in the file: the mean is then about 50 by construction and a fixed share of customers always lands in red.",
                "Mit Rang-Skalierung (Option) ist jedes Signal sein Perzentilrang in der Datei: Das Mittel liegt dann konstruktionsbedingt bei etwa 50, und ein fester Anteil der Kunden landet immer im roten Band."))
        .inputs(&[MK::HealthScaling, MK::HealthScoreMedian, MK::Scored]),
    m(MK::HealthRedPct, K::Health, t("Customers at risk (red)", "Gefährdete Kunden (rot)"),
      t("Customers with a score below the red band / scored customers · 100.", "Kunden mit Score unter dem roten Band / bewertete Kunden · 100."))
        .inputs(&[MK::HealthRed, MK::Scored])
        .lower_is_better(),
    m(MK::HealthGreenPct, K::Health, t("Healthy customers (green)", "Gesunde Kunden (grün)"),
      t("Customers with a score in the green band / scored customers · 100.", "Kunden mit Score im grünen Band / bewertete Kunden · 100."))
        .inputs(&[MK::HealthGreen, MK::Scored]),
];

/// The headline metrics of one kind, in display order.
pub fn metrics_of(kind: DatasetKind) -> impl Iterator<Item = &'static MetricInfo> {
    METRICS.iter().filter(move |m| m.kind == kind)
}

pub fn info(key: MetricKey) -> Option<&'static MetricInfo> {
    METRICS.iter().find(|m| m.key == key)
}

/// A readable name for any report key (inputs included): the catalogue label where there is
/// one, otherwise the words of the key.
pub fn key_label(key: MetricKey, lang: Lang) -> String {
    if let Some(m) = info(key) {
        return m.label.get(lang).to_string();
    }
    let words: &[(MetricKey, &str, &str)] = &[
        (MK::NpsPromoters, "promoters", "Promotoren"),
        (MK::NpsPassives, "passives", "Passive"),
        (MK::NpsDetractors, "detractors", "Kritiker"),
        (MK::NpsMoe95, "margin of error (95 %)", "Fehlertoleranz (95 %)"),
        (MK::CsatSatisfied, "satisfied answers", "zufriedene Antworten"),
        (MK::CsatMean, "mean score", "Mittelwert"),
        (MK::CsatScale, "scale", "Skala"),
        (MK::CsatThreshold, "satisfied from", "zufrieden ab"),
        (MK::CesScale, "scale", "Skala"),
        (MK::CesLowerIsEasier, "lower is easier", "niedriger ist leichter"),
        (MK::Responses, "answers", "Antworten"),
        (MK::MrrStart, "MRR at start", "MRR zu Beginn"),
        (MK::Customers, "customers", "Kunden"),
        (MK::CustomersStart, "customers at start", "Kunden zu Beginn"),
        (MK::ChurnedCustomers, "churned customers", "abgewanderte Kunden"),
        (MK::NewCustomers, "new customers", "Neukunden"),
        (MK::ReactivatedCustomers, "reactivated customers", "reaktivierte Kunden"),
        (MK::MrrNew, "new MRR", "neuer MRR"),
        (MK::MrrExpansion, "expansion MRR", "Ausweitung (MRR)"),
        (MK::MrrContraction, "contraction MRR", "Reduktion (MRR)"),
        (MK::MrrChurn, "churned MRR", "abgewanderter MRR"),
        (MK::MrrReactivation, "reactivation MRR", "reaktivierter MRR"),
        (
            MK::NetMrrChurnRateChartmogul,
            "net MRR churn (ChartMogul)",
            "Netto-MRR-Abwanderung (ChartMogul)",
        ),
        (MK::Nrr12m, "NRR over 12 months", "NRR über 12 Monate"),
        (MK::GrossMargin, "gross margin", "Bruttomarge"),
        (MK::LtvChurnRate, "churn rate used", "verwendete Abwanderungsrate"),
        (MK::Revenue, "revenue", "Umsatz"),
        (MK::Orders, "orders", "Bestellungen"),
        (MK::YearsOfData, "years of data", "Jahre Daten"),
        (MK::ClvLifespanYears, "lifespan used for CLV", "für den CLV verwendete Lebensdauer"),
        (MK::LifespanIsInput, "lifespan entered", "Lebensdauer eingegeben"),
        (MK::ClvLifespanSource, "source of the CLV lifespan", "Herkunft der CLV-Lebensdauer"),
        (MK::RepeatCustomers, "customers with ≥ 2 orders", "Kunden mit ≥ 2 Bestellungen"),
        (MK::FirstResponseHours, "mean", "Mittel"),
        (MK::ResolutionHours, "mean", "Mittel"),
        (MK::FirstResponseHoursP90, "90th percentile", "90. Perzentil"),
        (MK::ResolutionHoursP90, "90th percentile", "90. Perzentil"),
        (MK::OpenTickets, "open tickets", "offene Tickets"),
        (MK::Tickets, "tickets", "Tickets"),
        (MK::SupportCsatMean, "mean score", "Mittelwert"),
        (MK::Wau, "weekly active users (mean)", "wöchentlich aktive Nutzer (Mittel)"),
        (MK::Users, "active users", "aktive Nutzer"),
        (MK::Events, "events", "Ereignisse"),
        (MK::TimeToValueDaysMedian, "median", "Median"),
        (MK::TimeToValueDaysP90, "90th percentile", "90. Perzentil"),
        (MK::Conversions, "conversions", "Konversionen"),
        (MK::Visitors, "visitors", "Besucher"),
        (MK::PurchasesCompleted, "completed purchases", "abgeschlossene Käufe"),
        (MK::CartsCreated, "carts created", "angelegte Warenkörbe"),
        (MK::PageViews, "page views", "Seitenaufrufe"),
        (MK::Visits, "visits", "Besuche"),
        (MK::Spend, "marketing + sales spend", "Marketing- + Vertriebsausgaben"),
        (MK::HealthScoreMedian, "median", "Median"),
        (MK::HealthScaling, "scaling", "Skalierung"),
        (MK::Scored, "scored customers", "bewertete Kunden"),
        (MK::HealthRed, "red", "rot"),
        (MK::HealthGreen, "green", "grün"),
    ];
    match words.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, de)) => match lang {
            Lang::En => en.to_string(),
            Lang::De => de.to_string(),
        },
        None => match GERMAN_KEY_WORDS.iter().find(|(k, _)| *k == key) {
            Some((_, de)) if lang == Lang::De => de.to_string(),
            _ => key.as_str().replace('_', " "),
        },
    }
}

/// German names of the keys whose English name is the words of the key ("nps change"): the
/// CSV export's headers and the cards' inputs in the German UI (issue #13, point 14).
const GERMAN_KEY_WORDS: &[(MetricKey, &str)] = &[
    (MK::N, "n"),
    (MK::NpsN, "Anzahl NPS-Antworten"),
    (MK::NpsPromotersPct, "Anteil Promotoren"),
    (MK::NpsPassivesPct, "Anteil Passive"),
    (MK::NpsDetractorsPct, "Anteil Kritiker"),
    (MK::NpsCi95Low, "NPS 95-%-Konfidenzintervall untere Grenze"),
    (MK::NpsCi95High, "NPS 95-%-Konfidenzintervall obere Grenze"),
    (MK::NpsAdjCi95Low, "NPS angepasstes 95-%-Konfidenzintervall untere Grenze"),
    (MK::NpsAdjCi95High, "NPS angepasstes 95-%-Konfidenzintervall obere Grenze"),
    (MK::NpsSmallSample, "NPS kleine Stichprobe"),
    (MK::NpsDistribution, "NPS-Verteilung"),
    (MK::NpsChange, "NPS-Veränderung"),
    (MK::NpsDiffZ, "NPS-Differenz z"),
    (MK::NpsChangeSignificant, "NPS-Veränderung signifikant"),
    (MK::NpsDiffZVsRest, "NPS-Differenz z zum Rest"),
    (MK::NpsVsRestSignificant, "NPS-Unterschied zum Rest signifikant"),
    (MK::CsatN, "Anzahl CSAT-Antworten"),
    (MK::CsatCi95Low, "CSAT 95-%-Konfidenzintervall untere Grenze"),
    (MK::CsatCi95High, "CSAT 95-%-Konfidenzintervall obere Grenze"),
    (MK::CsatDistribution, "CSAT-Verteilung"),
    (MK::CsatChange, "CSAT-Veränderung"),
    (MK::CesN, "Anzahl CES-Antworten"),
    (MK::CesDistribution, "CES-Verteilung"),
    (MK::CesChange, "CES-Veränderung"),
    (MK::Comments, "Kommentare"),
    (MK::Gap, "Lücke"),
    (MK::Month, "Monat"),
    (MK::ExpansionRate, "Ausweitungsrate"),
    (MK::MonthStart, "Monatsbeginn"),
    (MK::MonthEnd, "Monatsende"),
    (MK::Months, "Monate"),
    (MK::MrrMonth, "MRR-Monat"),
    (MK::RateMonths, "Monate der Raten"),
    (MK::Gaps, "Lücken"),
    (MK::Truncated, "gekürzt"),
    (MK::Cohorts, "Kohorten"),
    (MK::PeriodKind, "Zeitraumart"),
    (MK::FirstResponseHoursN, "Anzahl Erstantwortzeiten"),
    (MK::ResolutionHoursN, "Anzahl Lösungszeiten"),
    (MK::FcrN, "Anzahl Tickets für FCR"),
    (MK::Categories, "Kategorien"),
    (MK::Uncategorised, "ohne Kategorie"),
    (MK::SupportCsatN, "Anzahl Support-CSAT-Antworten"),
    (MK::SupportCsatCi95Low, "Support-CSAT 95-%-Konfidenzintervall untere Grenze"),
    (MK::SupportCsatCi95High, "Support-CSAT 95-%-Konfidenzintervall obere Grenze"),
    (MK::FeatureAdoption, "Funktionsnutzung"),
    (MK::LicenseUtilisationByAccount, "Lizenzauslastung je Konto"),
    (MK::TimeToValueDaysN, "Anzahl Time-to-Value-Werte"),
    (MK::HealthAmber, "gelb"),
    (MK::HealthAmberPct, "Kunden im gelben Band"),
    (MK::HealthDistribution, "Score-Verteilung"),
    (MK::AtRisk, "gefährdete Kunden"),
    (MK::Scores, "Scores"),
    (MK::Signals, "Signale"),
    (MK::UnknownSignals, "unbekannte Signale"),
    (MK::HealthBands, "Bänder"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #13.14: every key has a German name (CSV headers in the German UI); only "n"
    /// is the same word in both languages.
    #[test]
    fn every_key_has_a_german_name() {
        for &k in MetricKey::ALL {
            let de = key_label(k, Lang::De);
            if k != MetricKey::N {
                assert_ne!(de, k.as_str().replace('_', " "), "{k:?} has no German name");
            }
        }
        assert_eq!(key_label(MetricKey::NpsChange, Lang::De), "NPS-Veränderung");
        assert_eq!(key_label(MetricKey::NpsDiffZ, Lang::De), "NPS-Differenz z");
        // English stays as it was
        assert_eq!(key_label(MetricKey::NpsChange, Lang::En), "nps change");
    }

    #[test]
    fn keys_are_unique_and_texts_filled() {
        for (i, a) in METRICS.iter().enumerate() {
            assert!(METRICS[i + 1..].iter().all(|b| b.key != a.key), "duplicate {}", a.key);
            for text in [a.label, a.formula].iter().chain(a.note.iter()) {
                assert!(!text.en.is_empty() && !text.de.is_empty(), "{}", a.key);
                assert_ne!(text.en, "", "{}", a.key);
            }
        }
        for kind in DatasetKind::ALL {
            assert!(metrics_of(kind).count() >= 3, "{kind:?} has headline metrics");
        }
    }

    /// Issue #13.13: no internal "Article 002" references on the cards.
    #[test]
    fn no_internal_article_references() {
        for m in METRICS {
            for text in [m.label, m.formula].iter().chain(m.note.iter()) {
                for s in [text.en, text.de] {
                    let lower = s.to_lowercase();
                    assert!(
                        !lower.contains("article") && !lower.contains("artikel"),
                        "{}: {s}",
                        m.key
                    );
                }
            }
        }
    }

    #[test]
    fn units_format_per_language() {
        assert_eq!(Unit::Percent.format(12.345, Lang::De), "12,3 %");
        assert_eq!(Unit::NpsPoints.format(20.0, Lang::En), "+20.0");
        assert_eq!(Unit::Money.format(1234.5, Lang::De), "1.234,50");
        assert_eq!(Unit::Hours.format(3.21, Lang::En), "3.2 h");
        assert_eq!(Unit::Days.format(10.5, Lang::De), "10,5 Tage");
        assert_eq!(Unit::Percent.format_change(-2.0, Lang::En), "−2.0 pts");
        assert_eq!(Unit::Fraction.format(0.8, Lang::En), "80.0 %");
        assert_eq!(Unit::NpsPoints.format_change(3.26, Lang::De), "+3,3 Pkt.");
    }

    #[test]
    fn labels_for_inputs() {
        assert_eq!(key_label(MetricKey::Nps, Lang::De), "Net Promoter Score");
        assert_eq!(key_label(MetricKey::MrrStart, Lang::De), "MRR zu Beginn");
        assert_eq!(
            key_label(MetricKey::NetMrrChurnRateChartmogul, Lang::En),
            "net MRR churn (ChartMogul)"
        );
        assert_eq!(key_label(MetricKey::CsatN, Lang::En), "csat n");
    }
}
