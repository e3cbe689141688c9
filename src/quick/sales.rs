//! Order, acquisition and support calculators, through `metrics::orders`,
//! `metrics::funnel` (one typed-in row, as the funnel form does) and `metrics::tickets`.

use rust_decimal::Decimal;

use crate::dataset::FunnelRow;
use crate::i18n::Lang;
use crate::metrics::{funnel, orders, tickets};
use crate::presentation::catalogue::{Text, Unit};

use super::{field, tx, Field, FieldKind, Sheet, Values};

pub const CLV_FIELDS: &[Field] = &[
    field(
        "avg_purchase_value",
        tx("Average purchase value", "Durchschnittlicher Bestellwert"),
        FieldKind::Money,
    ),
    field(
        "purchase_frequency",
        tx("Purchases per customer and year", "Käufe pro Kunde und Jahr"),
        FieldKind::Amount,
    ),
    field(
        "lifespan",
        tx("Customer lifespan (years)", "Kundenlebensdauer (Jahre)"),
        FieldKind::Amount,
    ),
];

pub const REPEAT_FIELDS: &[Field] = &[
    field("customers", tx("Customers who ordered", "Kunden mit Bestellung"), FieldKind::Count),
    field(
        "repeat_customers",
        tx("Of them with 2 or more orders", "Davon mit 2 oder mehr Bestellungen"),
        FieldKind::Count,
    ),
];

pub const ACQUISITION_FIELDS: &[Field] = &[
    field("marketing_spend", tx("Marketing spend", "Marketingausgaben"), FieldKind::Money)
        .optional(""),
    field("sales_spend", tx("Sales spend", "Vertriebsausgaben"), FieldKind::Money).optional(""),
    field("new_customers", tx("New customers", "Neue Kunden"), FieldKind::Count).optional(""),
    field("arpa", tx("ARPA per month", "ARPA pro Monat"), FieldKind::Money).optional(""),
    field("gross_margin", tx("Gross margin (%)", "Bruttomarge (%)"), FieldKind::Percent)
        .optional("100"),
    field("visitors", tx("Visitors", "Besucher"), FieldKind::Count).optional(""),
    field("conversions", tx("Conversions", "Konversionen"), FieldKind::Count).optional(""),
    field("carts_created", tx("Carts created", "Erstellte Warenkörbe"), FieldKind::Count)
        .optional(""),
    field(
        "purchases_completed",
        tx("Purchases completed", "Abgeschlossene Käufe"),
        FieldKind::Count,
    )
    .optional(""),
    field("page_views", tx("Page views", "Seitenaufrufe"), FieldKind::Count).optional(""),
    field("visits", tx("Visits", "Besuche"), FieldKind::Count).optional(""),
];

pub const SUPPORT_FIELDS: &[Field] = &[
    field("tickets", tx("Tickets", "Tickets"), FieldKind::Count).optional(""),
    field("customers", tx("Customers", "Kunden"), FieldKind::Count).optional(""),
    field("resolved", tx("Resolved tickets", "Gelöste Tickets"), FieldKind::Count).optional(""),
    field(
        "first_contact",
        tx("Of them resolved at the first contact", "Davon beim ersten Kontakt gelöst"),
        FieldKind::Count,
    )
    .optional(""),
];

/// "needs: visitors, conversions" for the empty ones among `keys`, else `zero`.
fn why(v: &Values, keys: &[&str], zero: Text) -> Text {
    if keys.iter().all(|k| v.get(k).is_some()) {
        zero
    } else {
        NEEDS
    }
}

const NEEDS: Text = tx("fill in the fields in its formula", "Felder der Formel ausfüllen");

/// Refuses `part` > `whole` (a share above 100 %).
fn at_most(v: &Values, s: &mut Sheet, part: &'static str, whole: &str) {
    let (Some(p), Some(w)) = (v.get(part), v.get(whole)) else {
        return;
    };
    if p > w {
        let fields = v.id().fields();
        let label =
            |k: &str| fields.iter().find(|f| f.key == k).map_or("", |f| f.label.get(s.lang));
        let (pl, wl, pv, wv) = (label(part), label(whole), s.dec(p), s.dec(w));
        let msg = match s.lang {
            Lang::En => format!("{pl} ({pv}) cannot be more than {wl} ({wv}): a share above 100 %"),
            Lang::De => {
                format!("{pl} ({pv}) kann nicht mehr sein als {wl} ({wv}): ein Anteil über 100 %")
            }
        };
        s.refuse_msg(part, msg);
    }
}

fn shown(lang: Lang, v: Option<Decimal>) -> String {
    v.map_or_else(|| "…".into(), |d| super::input::format_decimal(d, lang))
}

pub fn clv(v: &Values, s: &mut Sheet) {
    let (Some(apv), Some(freq), Some(life)) =
        (v.get("avg_purchase_value"), v.num("purchase_frequency"), v.num("lifespan"))
    else {
        return;
    };
    let value = orders::clv(apv, freq, life);
    let (a, f, l) =
        (s.dec(apv), shown(s.lang, v.get("purchase_frequency")), shown(s.lang, v.get("lifespan")));
    s.line(
        "clv",
        tx("CLV", "CLV"),
        Unit::Money,
        value,
        format!("average purchase value · purchases per year · years = {a} · {f} · {l}"),
        tx("not a finite number", "keine endliche Zahl"),
    );
    s.line(
        "value_per_year",
        tx("Value per customer and year", "Wert pro Kunde und Jahr"),
        Unit::Money,
        orders::clv(apv, freq, 1.0),
        format!("{a} · {f}"),
        tx("not a finite number", "keine endliche Zahl"),
    );
    // what drives it: the same function with each driver raised by 10 %
    let tenth = Decimal::new(11, 1);
    let raised = [
        (
            tx("average purchase value", "Bestellwert"),
            apv.checked_mul(tenth).and_then(|a| orders::clv(a, freq, life)),
        ),
        (tx("purchases per year", "Käufe pro Jahr"), orders::clv(apv, freq * 1.1, life)),
        (tx("lifespan", "Lebensdauer"), orders::clv(apv, freq, life * 1.1)),
    ];
    let parts: Vec<String> = raised
        .iter()
        .map(|(label, c)| {
            format!(
                "{} → {}",
                label.get(s.lang),
                c.map_or_else(|| "–".into(), |c| s.fmt(Unit::Money, c))
            )
        })
        .collect();
    s.note(match s.lang {
        Lang::En => format!(
            "What drives it: CLV is the product of its three drivers, so +10 % in any one of them gives +10 % CLV: {}.",
            parts.join("; ")
        ),
        Lang::De => format!(
            "Was ihn treibt: der CLV ist das Produkt seiner drei Treiber, +10 % bei einem davon ergeben +10 % CLV: {}.",
            parts.join("; ")
        ),
    });
}

pub fn repeat(v: &Values, s: &mut Sheet) {
    at_most(v, s, "repeat_customers", "customers");
    if !s.out.refusals.is_empty() {
        return;
    }
    let c = v.count("customers").unwrap_or(0) as usize;
    let r = v.count("repeat_customers").unwrap_or(0) as usize;
    let (fr, fc) = (s.fmt(Unit::Count, r as f64), s.fmt(Unit::Count, c as f64));
    s.line(
        "repeat_purchase_rate",
        tx("Repeat purchase rate", "Wiederkaufrate"),
        Unit::Percent,
        orders::repeat_purchase_rate(r, c),
        format!("repeat customers / customers · 100 = {fr} / {fc} · 100"),
        tx("no customers (0)", "keine Kunden (0)"),
    );
}

pub fn acquisition(v: &Values, s: &mut Sheet) {
    at_most(v, s, "conversions", "visitors");
    at_most(v, s, "purchases_completed", "carts_created");
    if !s.out.refusals.is_empty() {
        return;
    }
    let count = |k| v.num(k);
    let row = FunnelRow {
        line: 0,
        date: None,
        visitors: count("visitors"),
        conversions: count("conversions"),
        carts_created: count("carts_created"),
        purchases_completed: count("purchases_completed"),
        page_views: count("page_views"),
        visits: count("visits"),
        marketing_spend: v.get("marketing_spend"),
        sales_spend: v.get("sales_spend"),
        new_customers: count("new_customers"),
    };
    let arpa = v.num("arpa");
    let margin = v.num("gross_margin").unwrap_or(100.0) / 100.0;
    let m = funnel::funnel_metrics(std::iter::once(&row), arpa, margin);
    let lang = s.lang;
    let g = move |k| shown(lang, v.get(k));
    let spend_known = v.get("marketing_spend").is_some() || v.get("sales_spend").is_some();
    let cac_why = if spend_known && v.get("new_customers").is_some() {
        tx("no new customers (0)", "keine neuen Kunden (0)")
    } else {
        NEEDS
    };
    s.line(
        "cac",
        tx("CAC", "CAC"),
        Unit::Money,
        m.cac,
        format!(
            "(marketing + sales spend) / new customers = ({} + {}) / {}",
            shown(s.lang, v.get("marketing_spend").or(spend_known.then_some(Decimal::ZERO))),
            shown(s.lang, v.get("sales_spend").or(spend_known.then_some(Decimal::ZERO))),
            g("new_customers")
        ),
        cac_why,
    );
    let cac_s = m.cac.map_or_else(|| "…".into(), |c| s.fmt(Unit::Money, c));
    let payback_why = if m.cac.is_none() {
        tx("needs the CAC", "braucht den CAC")
    } else if arpa.is_none() {
        NEEDS
    } else {
        tx("ARPA · gross margin is 0", "ARPA · Bruttomarge ist 0")
    };
    s.line(
        "cac_payback_months",
        tx("CAC payback", "CAC-Amortisation"),
        Unit::Months,
        m.cac_payback_months,
        format!(
            "CAC / (ARPA · gross margin) = {cac_s} / ({} · {})",
            g("arpa"),
            crate::i18n::format_number(margin, 2, s.lang)
        ),
        payback_why,
    );
    let w = why(v, &["conversions", "visitors"], tx("no visitors (0)", "keine Besucher (0)"));
    s.line(
        "conversion_rate",
        tx("Conversion rate", "Konversionsrate"),
        Unit::Percent,
        m.conversion_rate,
        format!("conversions / visitors · 100 = {} / {} · 100", g("conversions"), g("visitors")),
        w,
    );
    let w = why(
        v,
        &["purchases_completed", "carts_created"],
        tx("no carts (0)", "keine Warenkörbe (0)"),
    );
    s.line(
        "cart_abandonment_rate",
        tx("Cart abandonment rate", "Warenkorbabbruchrate"),
        Unit::Percent,
        m.cart_abandonment_rate,
        format!(
            "(1 − purchases / carts) · 100 = (1 − {} / {}) · 100",
            g("purchases_completed"),
            g("carts_created")
        ),
        w,
    );
    let w = why(v, &["page_views", "visits"], tx("no visits (0)", "keine Besuche (0)"));
    s.line(
        "pages_per_visit",
        tx("Pages per visit", "Seiten pro Besuch"),
        Unit::Ratio,
        m.pages_per_visit,
        format!("page views / visits = {} / {}", g("page_views"), g("visits")),
        w,
    );
}

pub fn support(v: &Values, s: &mut Sheet) {
    at_most(v, s, "first_contact", "resolved");
    at_most(v, s, "resolved", "tickets");
    if !s.out.refusals.is_empty() {
        return;
    }
    let c = |k| v.count(k).map(|n| n as usize);
    let lang = s.lang;
    let g = move |k| shown(lang, v.get(k));
    let tpc = c("tickets")
        .zip(v.num("customers"))
        .and_then(|(t, cu)| tickets::tickets_per_customer(t, cu));
    let w = why(v, &["tickets", "customers"], tx("no customers (0)", "keine Kunden (0)"));
    s.line(
        "tickets_per_customer",
        tx("Tickets per customer", "Tickets pro Kunde"),
        Unit::Ratio,
        tpc,
        format!("tickets / customers = {} / {}", g("tickets"), g("customers")),
        w,
    );
    let fcr = c("first_contact").zip(c("resolved")).and_then(|(f, r)| tickets::fcr(f, r));
    let w = why(
        v,
        &["first_contact", "resolved"],
        tx("no resolved tickets (0)", "keine gelösten Tickets (0)"),
    );
    s.line(
        "fcr",
        tx("First-contact resolution (FCR)", "Erstlösungsquote (FCR)"),
        Unit::Percent,
        fcr,
        format!(
            "resolved at first contact / resolved · 100 = {} / {} · 100",
            g("first_contact"),
            g("resolved")
        ),
        w,
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::quick::CalcId;

    #[test]
    fn clv_hand_worked_and_its_drivers() {
        // 45 · 4 · 3 = 540; per year 180; +10 % of any driver → 594
        let o = run(
            CalcId::Clv,
            &[("avg_purchase_value", "45"), ("purchase_frequency", "4"), ("lifespan", "3")],
        );
        close(o.value("clv"), 540.0);
        close(o.value("value_per_year"), 180.0);
        assert_eq!(o.notes.len(), 1);
        assert_eq!(o.notes[0].matches("594.00").count(), 3, "{}", o.notes[0]);
    }

    #[test]
    fn repeat_purchase_rate_and_refusal() {
        let o = run(CalcId::RepeatPurchase, &[("customers", "250"), ("repeat_customers", "60")]);
        close(o.value("repeat_purchase_rate"), 24.0);
        let o = run(CalcId::RepeatPurchase, &[("customers", "25"), ("repeat_customers", "60")]);
        assert_eq!(o.refusals[0].field, Some("repeat_customers"));
        assert!(o.refusals[0].message.contains("a share above 100 %"));
    }

    #[test]
    fn acquisition_partial_inputs() {
        // Daymark: CAC 1 200 (9 000 + 3 000 over 10), ARPA 100, margin 80 % → 15 months
        let o = run(
            CalcId::Acquisition,
            &[
                ("marketing_spend", "9,000"),
                ("sales_spend", "3,000"),
                ("new_customers", "10"),
                ("arpa", "100"),
                ("gross_margin", "80"),
            ],
        );
        close(o.value("cac"), 1200.0);
        close(o.value("cac_payback_months"), 15.0);
        assert_eq!(o.value("conversion_rate"), None);
        assert_eq!(
            o.line("conversion_rate").unwrap().undefined.as_deref(),
            Some("fill in the fields in its formula")
        );
        // funnel: 40 of 1 000 visitors, 25 of 100 carts bought, 5 400 views over 1 200 visits
        let o = run(
            CalcId::Acquisition,
            &[
                ("visitors", "1000"),
                ("conversions", "40"),
                ("carts_created", "100"),
                ("purchases_completed", "25"),
                ("page_views", "5400"),
                ("visits", "1200"),
            ],
        );
        close(o.value("conversion_rate"), 4.0);
        close(o.value("cart_abandonment_rate"), 75.0);
        close(o.value("pages_per_visit"), 4.5);
        assert_eq!(o.value("cac"), None);
        let o = run(CalcId::Acquisition, &[("visitors", "10"), ("conversions", "11")]);
        assert_eq!(o.refusals[0].field, Some("conversions"));
        let o = run(CalcId::Acquisition, &[("marketing_spend", "100"), ("new_customers", "0")]);
        assert_eq!(o.line("cac").unwrap().undefined.as_deref(), Some("no new customers (0)"));
    }

    #[test]
    fn support_hand_worked() {
        let o = run(
            CalcId::Support,
            &[
                ("tickets", "480"),
                ("customers", "160"),
                ("resolved", "400"),
                ("first_contact", "290"),
            ],
        );
        close(o.value("tickets_per_customer"), 3.0);
        close(o.value("fcr"), 72.5);
        let o = run(CalcId::Support, &[("resolved", "10"), ("first_contact", "12")]);
        assert_eq!(o.refusals[0].field, Some("first_contact"));
    }
}
