//! What each headline metric is, in words: label, formula and the note where the source
//! articles define it differently, in English and German, keyed by the JSON keys of the
//! report (`metrics.md`). The app's metric cards and "how is this computed" disclosures are
//! built from this table; a test checks that every key here is produced by the report.

use crate::dataset::DatasetKind;
use crate::i18n::Lang;

/// How a value is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// NPS points, −100…+100, shown with a sign.
    NpsPoints,
    /// 0–100 %.
    Percent,
    Money,
    Count,
    /// A mean score on a scale.
    Score,
    Ratio,
    Hours,
    Days,
    Minutes,
    Years,
    Months,
}

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
        }
    }

    /// A change of a value of this unit (percentages change in points).
    pub fn format_change(self, v: f64, lang: Lang) -> String {
        use crate::i18n::format_signed;
        let pts = if lang == Lang::De { "Pkt." } else { "pts" };
        match self {
            Unit::NpsPoints | Unit::Percent => format!("{} {pts}", format_signed(v, 1, lang)),
            Unit::Money | Unit::Score | Unit::Ratio | Unit::Years => format_signed(v, 2, lang),
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
    pub key: &'static str,
    pub kind: DatasetKind,
    pub unit: Unit,
    pub label: Text,
    pub formula: Text,
    /// Where the source articles say something else, and what is used here.
    pub note: Option<Text>,
    /// Report keys of the inputs shown under the formula.
    pub inputs: &'static [&'static str],
    /// Keys of the 95 % interval (low, high), when there is one.
    pub interval: Option<(&'static str, &'static str)>,
    /// Key of this metric's own `n`, when it differs from the rows used.
    pub n: Option<&'static str>,
    /// Whether a rise is good news (colours the change against the previous period).
    pub higher_is_better: Option<bool>,
}

const fn m(
    key: &'static str,
    kind: DatasetKind,
    unit: Unit,
    label: Text,
    formula: Text,
) -> MetricInfo {
    MetricInfo {
        key,
        kind,
        unit,
        label,
        formula,
        note: None,
        inputs: &[],
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
    const fn inputs(mut self, inputs: &'static [&'static str]) -> Self {
        self.inputs = inputs;
        self
    }
    const fn interval(mut self, low: &'static str, high: &'static str) -> Self {
        self.interval = Some((low, high));
        self
    }
    const fn n(mut self, key: &'static str) -> Self {
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
use Unit as U;

/// The headline metrics, in the order the dashboard shows them.
pub const METRICS: &[MetricInfo] = &[
    // 1. Survey
    m("nps", K::Survey, U::NpsPoints, t("Net Promoter Score", "Net Promoter Score"),
      t("NPS = 100 · (promoters − detractors) / answers, scale 0–10: promoters 9–10, passives 7–8, detractors 0–6. 95 % margin of error = 1.96 · √(var / n) · 100 with var = p + d − (p − d)².",
        "NPS = 100 · (Promotoren − Kritiker) / Antworten, Skala 0–10: Promotoren 9–10, Passive 7–8, Kritiker 0–6. 95-%-Fehlertoleranz = 1,96 · √(var / n) · 100 mit var = p + d − (p − d)²."))
        .note(t("Article 001 says the scale runs from 1 to 10 with detractors at 1–6; the standard scale is 0–10 and 0 is a detractor.",
                "Artikel 001 nennt eine Skala von 1 bis 10 mit Kritikern bei 1–6; die Standardskala ist 0–10, und 0 zählt als Kritiker."))
        .inputs(&["nps_promoters", "nps_passives", "nps_detractors", "nps_moe95"])
        .interval("nps_ci95_low", "nps_ci95_high")
        .n("nps_n"),
    m("csat", K::Survey, U::Percent, t("Customer Satisfaction (CSAT)", "Kundenzufriedenheit (CSAT)"),
      t("CSAT = 100 · satisfied answers / answers; satisfied = the top two boxes (4–5 on 1–5). Interval: Wilson 95 %.",
        "CSAT = 100 · zufriedene Antworten / Antworten; zufrieden = die zwei besten Stufen (4–5 auf 1–5). Intervall: Wilson 95 %."))
        .inputs(&["csat_satisfied", "csat_mean", "csat_scale", "csat_threshold"])
        .interval("csat_ci95_low", "csat_ci95_high")
        .n("csat_n"),
    m("ces", K::Survey, U::Score, t("Customer Effort Score (CES)", "Customer Effort Score (CES)"),
      t("CES = mean answer to “The company made it easy for me to handle my issue” (1–7, higher = easier; CES 2.0).",
        "CES = mittlere Antwort auf „Das Unternehmen hat es mir leicht gemacht, mein Anliegen zu erledigen“ (1–7, höher = leichter; CES 2.0)."))
        .inputs(&["ces_easy_pct", "ces_scale", "ces_lower_is_easier"])
        .n("ces_n"),
    m("ces_easy_pct", K::Survey, U::Percent, t("Found it easy (CES)", "Fanden es leicht (CES)"),
      t("Share answering 5–7 on the 1–7 scale (4–5 on 1–5) · 100.", "Anteil der Antworten 5–7 auf der Skala 1–7 (4–5 auf 1–5) · 100."))
        .note(t("Article 002 reports CES as this share.", "Artikel 002 gibt den CES als diesen Anteil an."))
        .n("ces_n"),
    m("response_rate", K::Survey, U::Percent, t("Response rate", "Rücklaufquote"),
      t("Answers / surveys sent · 100 (when the number sent is given).", "Antworten / versendete Umfragen · 100 (wenn die Zahl angegeben ist)."))
        .inputs(&["responses"]),
    // 2. Subscriptions
    m("mrr", K::Subscriptions, U::Money, t("Monthly recurring revenue (MRR)", "Monatlich wiederkehrender Umsatz (MRR)"),
      t("Sum of every customer's MRR in the last month. Yearly plans count 1/12, weekly 52/12, daily 365/12, times quantity.",
        "Summe des MRR aller Kunden im letzten Monat. Jahrespläne zählen 1/12, wöchentliche 52/12, tägliche 365/12, mal Menge."))
        .inputs(&["customers", "arr"]),
    m("arr", K::Subscriptions, U::Money, t("Annual recurring revenue (ARR)", "Jährlich wiederkehrender Umsatz (ARR)"),
      t("ARR = 12 · MRR.", "ARR = 12 · MRR."))
        .note(t("Article 002's “ARR = subscription revenue / number of subscribers” is revenue per account (ARPA), not ARR.",
                "„ARR = Abo-Umsatz / Anzahl Abonnenten“ aus Artikel 002 ist der Umsatz pro Kunde (ARPA), nicht ARR."))
        .inputs(&["mrr"]),
    m("arpa", K::Subscriptions, U::Money, t("Revenue per account (ARPA)", "Umsatz pro Kunde (ARPA)"),
      t("ARPA = MRR / customers with MRR > 0.", "ARPA = MRR / Kunden mit MRR > 0."))
        .inputs(&["mrr", "customers"]),
    m("customer_churn_rate", K::Subscriptions, U::Percent, t("Customer churn rate", "Kundenabwanderungsrate"),
      t("Customers churned in the month / customers at its start · 100. Over several months: the mean of the monthly rates.",
        "Im Monat abgewanderte Kunden / Kunden zu Monatsbeginn · 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .note(t("Article 001's “customers at start − customers at end” is the net change, which hides new customers; the standard counts churned customers.",
                "„Kunden zu Beginn − Kunden am Ende“ aus Artikel 001 ist die Nettoveränderung und verdeckt Neukunden; der Standard zählt abgewanderte Kunden."))
        .inputs(&["churned_customers"])
        .lower_is_better(),
    m("retention_rate", K::Subscriptions, U::Percent, t("Customer retention rate", "Kundenbindungsrate"),
      t("(Customers at end − new and reactivated customers) / customers at start · 100. Over several months: the mean of the monthly rates.",
        "(Kunden am Ende − neue und reaktivierte Kunden) / Kunden zu Beginn · 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .note(t("Article 002 subtracts lost customers from the end count; article 003 has the standard form used here.",
                "Artikel 002 zieht verlorene Kunden vom Endbestand ab; Artikel 003 hat die hier verwendete Standardform."))
        .inputs(&["customers", "new_customers", "reactivated_customers"]),
    m("gross_mrr_churn_rate", K::Subscriptions, U::Percent, t("Gross MRR churn rate", "Brutto-MRR-Abwanderung"),
      t("(Churned + contraction MRR) / MRR at start · 100. Over several months: the mean of the monthly rates.",
        "(Abgewanderter + reduzierter MRR) / MRR zu Beginn · 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .inputs(&["mrr_churn", "mrr_contraction"])
        .lower_is_better(),
    m("net_mrr_churn_rate", K::Subscriptions, U::Percent, t("Net MRR churn rate", "Netto-MRR-Abwanderung"),
      t("(Churn + contraction − expansion) / MRR at start · 100; negative = net expansion. Over several months: the mean of the monthly rates.",
        "(Abwanderung + Reduktion − Ausweitung) / MRR zu Beginn · 100; negativ = Netto-Wachstum. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .note(t("ChartMogul's definition also subtracts reactivation: see net_mrr_churn_rate_chartmogul.",
                "Die Definition von ChartMogul zieht auch Reaktivierungen ab: siehe net_mrr_churn_rate_chartmogul."))
        .inputs(&["mrr_churn", "mrr_contraction", "mrr_expansion", "net_mrr_churn_rate_chartmogul"])
        .lower_is_better(),
    m("grr", K::Subscriptions, U::Percent, t("Gross revenue retention (GRR)", "Brutto-Umsatzbindung (GRR)"),
      t("(MRR at start − churn − contraction) / MRR at start · 100, at most 100. Over several months: the mean of the monthly rates.",
        "(MRR zu Beginn − Abwanderung − Reduktion) / MRR zu Beginn · 100, höchstens 100. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .inputs(&["mrr_churn", "mrr_contraction"]),
    m("nrr", K::Subscriptions, U::Percent, t("Net revenue retention (NRR)", "Netto-Umsatzbindung (NRR)"),
      t("(MRR at start + expansion − contraction − churn) / MRR at start · 100; reactivation is not part of the starting base. Over 12 months: today's MRR of the customers active 12 months ago / their MRR then. Over several months: the mean of the monthly rates.",
        "(MRR zu Beginn + Ausweitung − Reduktion − Abwanderung) / MRR zu Beginn · 100; Reaktivierung gehört nicht zur Ausgangsbasis. Über 12 Monate: heutiger MRR der vor 12 Monaten aktiven Kunden / ihr damaliger MRR. Über mehrere Monate: der Mittelwert der Monatsraten."))
        .inputs(&["mrr_expansion", "mrr_contraction", "mrr_churn", "nrr_12m"]),
    m("quick_ratio", K::Subscriptions, U::Ratio, t("SaaS quick ratio", "SaaS Quick Ratio"),
      t("(New + reactivation + expansion MRR) / (churn + contraction MRR).",
        "(Neuer + reaktivierter + ausgeweiteter MRR) / (abgewanderter + reduzierter MRR)."))
        .inputs(&["mrr_new", "mrr_reactivation", "mrr_expansion", "mrr_churn", "mrr_contraction"]),
    m("ltv", K::Subscriptions, U::Money, t("Customer lifetime value (LTV)", "Kundenwert (LTV)"),
      t("LTV = ARPA · gross margin / monthly customer churn rate (as a fraction). Undefined when no customer churned.",
        "LTV = ARPA · Bruttomarge / monatliche Kundenabwanderungsrate (als Anteil). Undefiniert, wenn kein Kunde abgewandert ist."))
        .inputs(&["arpa", "gross_margin", "ltv_churn_rate"]),
    // 3. Orders
    m("clv", K::Orders, U::Money, t("Customer lifetime value (CLV)", "Kundenwert (CLV)"),
      t("CLV = average purchase value · purchase frequency per year · customer lifespan in years (article 003).",
        "CLV = durchschnittlicher Einkaufswert · Kaufhäufigkeit pro Jahr · Kundenlebensdauer in Jahren (Artikel 003)."))
        .inputs(&["avg_purchase_value", "purchase_frequency", "customer_lifespan_years"]),
    m("avg_purchase_value", K::Orders, U::Money, t("Average purchase value", "Durchschnittlicher Einkaufswert"),
      t("Revenue / orders.", "Umsatz / Bestellungen."))
        .inputs(&["revenue", "orders"]),
    m("purchase_frequency", K::Orders, U::Ratio, t("Purchase frequency per year", "Kaufhäufigkeit pro Jahr"),
      t("Orders / distinct customers, per year of data.", "Bestellungen / verschiedene Kunden, pro Jahr Daten."))
        .inputs(&["orders", "customers", "years_of_data"]),
    m("customer_lifespan_years", K::Orders, U::Years, t("Customer lifespan", "Kundenlebensdauer"),
      t("Mean time from first to last purchase of the customers with at least two orders (or the value you entered).",
        "Mittlere Zeit vom ersten bis zum letzten Kauf der Kunden mit mindestens zwei Bestellungen (oder der eingegebene Wert)."))
        .inputs(&["repeat_customers"])
        .neutral(),
    m("repeat_purchase_rate", K::Orders, U::Percent, t("Repeat purchase rate", "Wiederkaufrate"),
      t("Customers with at least two orders / customers · 100.", "Kunden mit mindestens zwei Bestellungen / Kunden · 100."))
        .inputs(&["repeat_customers", "customers"]),
    m("arpu", K::Orders, U::Money, t("Revenue per customer (ARPU)", "Umsatz pro Kunde (ARPU)"),
      t("Revenue / distinct customers.", "Umsatz / verschiedene Kunden."))
        .inputs(&["revenue", "customers"]),
    // 4. Tickets
    m("first_response_hours", K::Tickets, U::Hours, t("First response time", "Erste Antwortzeit"),
      t("Mean hours from creation to the first response; median and 90th percentile beside it.",
        "Mittlere Stunden von der Erstellung bis zur ersten Antwort; Median und 90. Perzentil daneben."))
        .inputs(&["first_response_hours_median", "first_response_hours_p90"])
        .n("first_response_hours_n")
        .lower_is_better(),
    m("resolution_hours", K::Tickets, U::Hours, t("Resolution time", "Lösungszeit"),
      t("Mean hours from creation to resolution of the resolved tickets; open tickets are counted apart, not as 0.",
        "Mittlere Stunden von der Erstellung bis zur Lösung der gelösten Tickets; offene Tickets werden getrennt gezählt, nicht als 0."))
        .note(t("Article 002 calls this the “average ticket time”.", "Artikel 002 nennt das „durchschnittliche Ticketzeit“."))
        .inputs(&["resolution_hours_median", "resolution_hours_p90", "open_tickets"])
        .n("resolution_hours_n")
        .lower_is_better(),
    m("fcr", K::Tickets, U::Percent, t("First contact resolution (FCR)", "Erstlösungsquote (FCR)"),
      t("Tickets resolved at the first contact / resolved tickets · 100.", "Beim ersten Kontakt gelöste Tickets / gelöste Tickets · 100."))
        .n("fcr_n"),
    m("tickets_per_customer", K::Tickets, U::Ratio, t("Tickets per customer", "Tickets pro Kunde"),
      t("Tickets / distinct customers (or / the customer count you entered).", "Tickets / verschiedene Kunden (oder / die eingegebene Kundenzahl)."))
        .inputs(&["tickets", "customers"])
        .lower_is_better(),
    m("support_csat", K::Tickets, U::Percent, t("Support satisfaction (CSAT)", "Support-Zufriedenheit (CSAT)"),
      t("CSAT of the ticket scores: satisfied (top two boxes) / answers · 100.", "CSAT der Ticket-Bewertungen: zufrieden (zwei beste Stufen) / Antworten · 100."))
        .inputs(&["support_csat_mean"])
        .interval("support_csat_ci95_low", "support_csat_ci95_high")
        .n("support_csat_n"),
    // 5. Usage
    m("stickiness", K::Usage, U::Percent, t("Stickiness (DAU/MAU)", "Stickiness (DAU/MAU)"),
      t("Mean daily active users / mean monthly active users · 100.", "Mittlere täglich aktive Nutzer / mittlere monatlich aktive Nutzer · 100."))
        .inputs(&["dau", "mau"]),
    m("dau", K::Usage, U::Ratio, t("Daily active users (mean)", "Täglich aktive Nutzer (Mittel)"),
      t("Distinct users per day, mean over the days of the range.", "Verschiedene Nutzer pro Tag, gemittelt über die Tage des Zeitraums."))
        .inputs(&["wau", "mau"]),
    m("mau", K::Usage, U::Ratio, t("Monthly active users (mean)", "Monatlich aktive Nutzer (Mittel)"),
      t("Distinct users per month, mean over the months of the range.", "Verschiedene Nutzer pro Monat, gemittelt über die Monate des Zeitraums."))
        .inputs(&["users"]),
    m("usage_intensity", K::Usage, U::Ratio, t("Usage intensity", "Nutzungsintensität"),
      t("Events per active user per month.", "Ereignisse pro aktivem Nutzer und Monat."))
        .inputs(&["events", "users"]),
    m("avg_session_minutes", K::Usage, U::Minutes, t("Average session", "Durchschnittliche Sitzung"),
      t("Mean duration of the sessions that have one (“engagement” as usage time, article 002).",
        "Mittlere Dauer der Sitzungen mit Dauerangabe („Engagement“ als Nutzungszeit, Artikel 002)."))
        .neutral(),
    m("license_utilisation", K::Usage, U::Percent, t("Licence utilisation", "Lizenznutzung"),
      t("Active users / seats · 100 over the accounts with a seat count.", "Aktive Nutzer / Lizenzen · 100 über die Konten mit Lizenzzahl.")),
    m("time_to_value_days", K::Usage, U::Days, t("Time to value", "Time to Value"),
      t("Days from an account's signup to its first use (of the chosen feature); mean, median, p90.",
        "Tage von der Registrierung eines Kontos bis zur ersten Nutzung (der gewählten Funktion); Mittel, Median, p90."))
        .inputs(&["time_to_value_days_median", "time_to_value_days_p90"])
        .n("time_to_value_days_n")
        .lower_is_better(),
    // 6. Funnel
    m("conversion_rate", K::Funnel, U::Percent, t("Conversion rate", "Konversionsrate"),
      t("Conversions / visitors · 100.", "Konversionen / Besucher · 100."))
        .inputs(&["conversions", "visitors"]),
    m("cart_abandonment_rate", K::Funnel, U::Percent, t("Cart abandonment rate", "Warenkorbabbruchrate"),
      t("(1 − completed purchases / carts created) · 100.", "(1 − abgeschlossene Käufe / angelegte Warenkörbe) · 100."))
        .note(t("Article 003's “completed / created” is the completion rate, the complement of this.",
                "„Abgeschlossen / angelegt“ aus Artikel 003 ist die Abschlussrate, das Gegenstück hierzu."))
        .inputs(&["purchases_completed", "carts_created"])
        .lower_is_better(),
    m("pages_per_visit", K::Funnel, U::Ratio, t("Pages per visit", "Seiten pro Besuch"),
      t("Page views / visits.", "Seitenaufrufe / Besuche."))
        .inputs(&["page_views", "visits"]),
    m("cac", K::Funnel, U::Money, t("Customer acquisition cost (CAC)", "Kundengewinnungskosten (CAC)"),
      t("(Marketing + sales spend) / new customers in the same period.", "(Marketing- + Vertriebsausgaben) / Neukunden im selben Zeitraum."))
        .inputs(&["spend", "new_customers"])
        .lower_is_better(),
    m("cac_payback_months", K::Funnel, U::Months, t("CAC payback", "CAC-Amortisation"),
      t("CAC / (ARPA · gross margin), in months.", "CAC / (ARPA · Bruttomarge), in Monaten."))
        .inputs(&["cac", "arpa", "gross_margin"])
        .lower_is_better(),
    // 7. Health
    m("health_score", K::Health, U::Score, t("Customer health score (mean)", "Kundengesundheit (Mittel)"),
      t("Each chosen signal is scaled 0–100 by its rank in the data (percentile, reversed where higher is worse); the score is the weighted mean. Bands: red < 40, amber 40–69, green ≥ 70.",
        "Jedes gewählte Signal wird nach seinem Rang in den Daten auf 0–100 skaliert (Perzentil, umgekehrt, wo höher schlechter ist); der Score ist das gewichtete Mittel. Bänder: rot < 40, gelb 40–69, grün ≥ 70."))
        .inputs(&["health_score_median", "scored"]),
    m("health_red_pct", K::Health, U::Percent, t("Customers at risk (red)", "Gefährdete Kunden (rot)"),
      t("Customers with a score below the red band / scored customers · 100.", "Kunden mit Score unter dem roten Band / bewertete Kunden · 100."))
        .inputs(&["health_red", "scored"])
        .lower_is_better(),
    m("health_green_pct", K::Health, U::Percent, t("Healthy customers (green)", "Gesunde Kunden (grün)"),
      t("Customers with a score in the green band / scored customers · 100.", "Kunden mit Score im grünen Band / bewertete Kunden · 100."))
        .inputs(&["health_green", "scored"]),
];

/// The headline metrics of one kind, in display order.
pub fn metrics_of(kind: DatasetKind) -> impl Iterator<Item = &'static MetricInfo> {
    METRICS.iter().filter(move |m| m.kind == kind)
}

pub fn info(key: &str) -> Option<&'static MetricInfo> {
    METRICS.iter().find(|m| m.key == key)
}

/// A readable name for any report key (inputs included): the catalogue label where there is
/// one, otherwise the words of the key.
pub fn key_label(key: &str, lang: Lang) -> String {
    if let Some(m) = info(key) {
        return m.label.get(lang).to_string();
    }
    let words: &[(&str, &str, &str)] = &[
        ("nps_promoters", "promoters", "Promotoren"),
        ("nps_passives", "passives", "Passive"),
        ("nps_detractors", "detractors", "Kritiker"),
        ("nps_moe95", "margin of error (95 %)", "Fehlertoleranz (95 %)"),
        ("csat_satisfied", "satisfied answers", "zufriedene Antworten"),
        ("csat_mean", "mean score", "Mittelwert"),
        ("csat_scale", "scale", "Skala"),
        ("csat_threshold", "satisfied from", "zufrieden ab"),
        ("ces_scale", "scale", "Skala"),
        ("ces_lower_is_easier", "lower is easier", "niedriger ist leichter"),
        ("responses", "answers", "Antworten"),
        ("mrr_start", "MRR at start", "MRR zu Beginn"),
        ("customers", "customers", "Kunden"),
        ("customers_start", "customers at start", "Kunden zu Beginn"),
        ("churned_customers", "churned customers", "abgewanderte Kunden"),
        ("new_customers", "new customers", "Neukunden"),
        ("reactivated_customers", "reactivated customers", "reaktivierte Kunden"),
        ("mrr_new", "new MRR", "neuer MRR"),
        ("mrr_expansion", "expansion MRR", "Ausweitung (MRR)"),
        ("mrr_contraction", "contraction MRR", "Reduktion (MRR)"),
        ("mrr_churn", "churned MRR", "abgewanderter MRR"),
        ("mrr_reactivation", "reactivation MRR", "reaktivierter MRR"),
        ("net_mrr_churn_rate_chartmogul", "net MRR churn (ChartMogul)", "Netto-MRR-Abwanderung (ChartMogul)"),
        ("nrr_12m", "NRR over 12 months", "NRR über 12 Monate"),
        ("gross_margin", "gross margin", "Bruttomarge"),
        ("ltv_churn_rate", "churn rate used", "verwendete Abwanderungsrate"),
        ("revenue", "revenue", "Umsatz"),
        ("orders", "orders", "Bestellungen"),
        ("years_of_data", "years of data", "Jahre Daten"),
        ("repeat_customers", "customers with ≥ 2 orders", "Kunden mit ≥ 2 Bestellungen"),
        ("first_response_hours_median", "median", "Median"),
        ("first_response_hours_p90", "90th percentile", "90. Perzentil"),
        ("resolution_hours_median", "median", "Median"),
        ("resolution_hours_p90", "90th percentile", "90. Perzentil"),
        ("open_tickets", "open tickets", "offene Tickets"),
        ("tickets", "tickets", "Tickets"),
        ("support_csat_mean", "mean score", "Mittelwert"),
        ("wau", "weekly active users (mean)", "wöchentlich aktive Nutzer (Mittel)"),
        ("users", "active users", "aktive Nutzer"),
        ("events", "events", "Ereignisse"),
        ("time_to_value_days_median", "median", "Median"),
        ("time_to_value_days_p90", "90th percentile", "90. Perzentil"),
        ("conversions", "conversions", "Konversionen"),
        ("visitors", "visitors", "Besucher"),
        ("purchases_completed", "completed purchases", "abgeschlossene Käufe"),
        ("carts_created", "carts created", "angelegte Warenkörbe"),
        ("page_views", "page views", "Seitenaufrufe"),
        ("visits", "visits", "Besuche"),
        ("spend", "marketing + sales spend", "Marketing- + Vertriebsausgaben"),
        ("health_score_median", "median", "Median"),
        ("scored", "scored customers", "bewertete Kunden"),
        ("health_red", "red", "rot"),
        ("health_green", "green", "grün"),
    ];
    match words.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, de)) => match lang {
            Lang::En => en.to_string(),
            Lang::De => de.to_string(),
        },
        None => key.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn units_format_per_language() {
        assert_eq!(Unit::Percent.format(12.345, Lang::De), "12,3 %");
        assert_eq!(Unit::NpsPoints.format(20.0, Lang::En), "+20.0");
        assert_eq!(Unit::Money.format(1234.5, Lang::De), "1.234,50");
        assert_eq!(Unit::Hours.format(3.21, Lang::En), "3.2 h");
        assert_eq!(Unit::Days.format(10.5, Lang::De), "10,5 Tage");
        assert_eq!(Unit::Percent.format_change(-2.0, Lang::En), "−2.0 pts");
        assert_eq!(Unit::NpsPoints.format_change(3.26, Lang::De), "+3,3 Pkt.");
    }

    #[test]
    fn labels_for_inputs() {
        assert_eq!(key_label("nps", Lang::De), "Net Promoter Score");
        assert_eq!(key_label("mrr_start", Lang::De), "MRR zu Beginn");
        assert_eq!(key_label("some_new_key", Lang::En), "some new key");
    }
}
