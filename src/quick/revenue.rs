//! Subscription calculators: customer churn and retention, the MRR movements and their
//! rates, ARPA and LTV — each through `metrics::subscriptions` (one [`MrrMonth`] built from
//! the typed numbers, the same methods the dashboard calls per month).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::metrics::stats;
use crate::metrics::subscriptions::{self as subs, MrrMonth, MrrMovement};
use crate::metrics::NetChurnPreset;
use crate::presentation::catalogue::{Text, Unit};

use super::{field, tx, Field, FieldKind, Sheet, Values};

pub const CUSTOMER_FIELDS: &[Field] = &[
    field("start", tx("Customers at the start", "Kunden zu Beginn"), FieldKind::Count),
    field("churned", tx("Churned customers", "Abgewanderte Kunden"), FieldKind::Count),
    field("new", tx("New customers", "Neue Kunden"), FieldKind::Count).optional("0"),
    field("reactivated", tx("Reactivated customers", "Reaktivierte Kunden"), FieldKind::Count)
        .optional("0"),
];

pub const MRR_FIELDS: &[Field] = &[
    field("start_mrr", tx("MRR at the start", "MRR zu Beginn"), FieldKind::Money),
    field("new", tx("New MRR", "Neu-MRR"), FieldKind::Money).optional("0"),
    field("expansion", tx("Expansion MRR", "Expansions-MRR"), FieldKind::Money).optional("0"),
    field("contraction", tx("Contraction MRR", "Kontraktions-MRR"), FieldKind::Money).optional("0"),
    field("churn", tx("Churned MRR", "Abgewanderter MRR"), FieldKind::Money).optional("0"),
    field("reactivation", tx("Reactivation MRR", "Reaktivierungs-MRR"), FieldKind::Money)
        .optional("0"),
];

pub const LTV_FIELDS: &[Field] = &[
    field("mrr", tx("MRR", "MRR"), FieldKind::Money),
    field("customers", tx("Paying customers", "Zahlende Kunden"), FieldKind::Count),
    field(
        "churn_rate",
        tx("Monthly customer churn rate (%)", "Monatliche Kundenabwanderungsrate (%)"),
        FieldKind::Percent,
    ),
    field("gross_margin", tx("Gross margin (%)", "Bruttomarge (%)"), FieldKind::Percent)
        .optional("100"),
];

const NO_START: Text = tx("no customers at the start (0)", "keine Kunden zu Beginn (0)");
const NO_START_MRR: Text = tx("no MRR at the start (0)", "kein MRR zu Beginn (0)");

pub fn customers(v: &Values, s: &mut Sheet) {
    let c = |k| v.count(k).unwrap_or(0) as usize;
    let (start, churned, new, reactivated) = (c("start"), c("churned"), c("new"), c("reactivated"));
    if churned > start {
        let msg = match s.lang {
            crate::i18n::Lang::En => {
                format!("more churned customers ({churned}) than there were at the start ({start})")
            }
            crate::i18n::Lang::De => {
                format!("mehr abgewanderte Kunden ({churned}) als es zu Beginn gab ({start})")
            }
        };
        s.refuse_msg("churned", msg);
        return;
    }
    let end = start - churned + new + reactivated;
    let month = MrrMonth {
        customers: end,
        movement: Some(MrrMovement {
            customers_start: start,
            churned_customers: churned,
            new_customers: new,
            reactivated_customers: reactivated,
            ..Default::default()
        }),
        ..Default::default()
    };
    let f = |n: usize| s.fmt(Unit::Count, n as f64);
    let (fs, fc, fnw, fr, fe) = (f(start), f(churned), f(new), f(reactivated), f(end));
    s.line(
        "customers_end",
        tx("Customers at the end", "Kunden am Ende"),
        Unit::Count,
        Some(end as f64),
        format!("{fs} − {fc} + {fnw} + {fr}"),
        NO_START,
    );
    s.line(
        "customer_churn_rate",
        tx("Customer churn rate", "Kundenabwanderungsrate"),
        Unit::Percent,
        month.customer_churn_rate(),
        format!("churned / start · 100 = {fc} / {fs} · 100"),
        NO_START,
    );
    s.line(
        "retention_rate",
        tx("Retention rate", "Kundenbindungsrate"),
        Unit::Percent,
        month.retention_rate(),
        format!("(end − new − reactivated) / start · 100 = ({fe} − {fnw} − {fr}) / {fs} · 100"),
        NO_START,
    );
    // the seed articles' variants, named as such
    let pct = |x: Option<f64>| x.map_or_else(|| "–".into(), |x| s.fmt(Unit::Percent, x));
    let net = stats::pct(start as f64 - end as f64, start as f64);
    let lost_from_end = stats::pct(end as f64 - churned as f64, start as f64);
    let (n1, n2) = (pct(net), pct(lost_from_end));
    s.note(match s.lang {
        crate::i18n::Lang::En => format!(
            "Some sources compute churn as (customers at start − customers at end) / customers at start = ({fs} − {fe}) / {fs} = {n1}: that is the net change, new customers hide the lost ones."
        ),
        crate::i18n::Lang::De => format!(
            "Manche Quellen rechnen die Abwanderung als (Kunden zu Beginn − Kunden am Ende) / Kunden zu Beginn = ({fs} − {fe}) / {fs} = {n1}: das ist die Nettoveränderung, neue Kunden verdecken die verlorenen."
        ),
    });
    s.note(match s.lang {
        crate::i18n::Lang::En => format!(
            "Some sources compute retention as (customers at end − lost customers) / customers at start = ({fe} − {fc}) / {fs} = {n2}: that counts the lost customers twice and the new ones as kept."
        ),
        crate::i18n::Lang::De => format!(
            "Manche Quellen rechnen die Kundenbindung als (Kunden am Ende − verlorene Kunden) / Kunden zu Beginn = ({fe} − {fc}) / {fs} = {n2}: das zählt die verlorenen Kunden doppelt und die neuen als gehalten."
        ),
    });
}

pub fn mrr(v: &Values, s: &mut Sheet) {
    let m = |k| v.get(k).unwrap_or_default();
    let movement = MrrMovement {
        start_mrr: m("start_mrr"),
        new: m("new"),
        expansion: m("expansion"),
        contraction: m("contraction"),
        churn: m("churn"),
        reactivation: m("reactivation"),
        ..Default::default()
    };
    let lost = movement.churn.checked_add(movement.contraction).unwrap_or(Decimal::MAX);
    if lost > movement.start_mrr {
        let (l, st) = (s.dec(lost), s.dec(movement.start_mrr));
        s.refuse_msg(
            "churn",
            match s.lang {
                crate::i18n::Lang::En => format!(
                    "churned and contracted MRR ({l}) cannot be more than the MRR at the start ({st}): only existing MRR can be lost"
                ),
                crate::i18n::Lang::De => format!(
                    "abgewanderter und kontrahierter MRR ({l}) kann nicht mehr sein als der MRR zu Beginn ({st}): verloren gehen kann nur bestehender MRR"
                ),
            },
        );
        return;
    }
    let end_mrr = movement.start_mrr.checked_add(movement.net()).unwrap_or(Decimal::MAX);
    let month = MrrMonth { mrr: end_mrr, movement: Some(movement.clone()), ..Default::default() };
    let d = |x: Decimal| s.dec(x);
    let (st, nw, ex, co, ch, re) = (
        d(movement.start_mrr),
        d(movement.new),
        d(movement.expansion),
        d(movement.contraction),
        d(movement.churn),
        d(movement.reactivation),
    );
    let money = |x: Decimal| x.to_f64();
    s.line(
        "end_mrr",
        tx("MRR at the end", "MRR am Ende"),
        Unit::Money,
        money(end_mrr),
        format!("start + new + reactivation + expansion − contraction − churn = {st} + {nw} + {re} + {ex} − {co} − {ch}"),
        NO_START_MRR,
    );
    s.line(
        "arr",
        tx("ARR", "ARR"),
        Unit::Money,
        money(month.arr()),
        format!("12 · {}", s.fmt(Unit::Money, money(end_mrr).unwrap_or(f64::NAN))),
        NO_START_MRR,
    );
    s.line(
        "gross_mrr_churn_rate",
        tx("Gross MRR churn rate", "Brutto-MRR-Abwanderungsrate"),
        Unit::Percent,
        month.gross_mrr_churn_rate(),
        format!("(churn + contraction) / start · 100 = ({ch} + {co}) / {st} · 100"),
        NO_START_MRR,
    );
    s.line(
        "net_mrr_churn_rate",
        tx("Net MRR churn rate", "Netto-MRR-Abwanderungsrate"),
        Unit::Percent,
        month.net_mrr_churn_rate(NetChurnPreset::Standard),
        format!(
            "(churn + contraction − expansion) / start · 100 = ({ch} + {co} − {ex}) / {st} · 100"
        ),
        NO_START_MRR,
    );
    s.line(
        "net_mrr_churn_rate_chartmogul",
        tx("Net MRR churn rate (ChartMogul)", "Netto-MRR-Abwanderungsrate (ChartMogul)"),
        Unit::Percent,
        month.net_mrr_churn_rate(NetChurnPreset::ChartMogul),
        format!("(churn + contraction − expansion − reactivation) / start · 100 = ({ch} + {co} − {ex} − {re}) / {st} · 100"),
        NO_START_MRR,
    );
    s.line(
        "expansion_rate",
        tx("Expansion rate", "Expansionsrate"),
        Unit::Percent,
        month.expansion_rate(),
        format!("expansion / start · 100 = {ex} / {st} · 100"),
        NO_START_MRR,
    );
    s.line(
        "grr",
        tx("Gross revenue retention (GRR)", "Brutto-Umsatzbindung (GRR)"),
        Unit::Percent,
        month.grr(),
        format!("(start − churn − contraction) / start · 100 = ({st} − {ch} − {co}) / {st} · 100"),
        NO_START_MRR,
    );
    s.line(
        "nrr",
        tx("Net revenue retention (NRR)", "Netto-Umsatzbindung (NRR)"),
        Unit::Percent,
        month.nrr(),
        format!("(start + expansion − contraction − churn) / start · 100 = ({st} + {ex} − {co} − {ch}) / {st} · 100"),
        NO_START_MRR,
    );
    s.line(
        "quick_ratio",
        tx("Quick ratio", "Quick Ratio"),
        Unit::Ratio,
        month.quick_ratio(),
        format!("(new + reactivation + expansion) / (churn + contraction) = ({nw} + {re} + {ex}) / ({ch} + {co})"),
        tx("no MRR lost (churn + contraction = 0)", "kein MRR verloren (Abwanderung + Kontraktion = 0)"),
    );
    let start_f = money(movement.start_mrr).unwrap_or(0.0);
    let end_f = money(end_mrr).unwrap_or(0.0);
    let naive = stats::pct(start_f - end_f, start_f);
    let shown = naive.map_or_else(|| "–".into(), |x| s.fmt(Unit::Percent, x));
    let e = s.fmt(Unit::Money, end_f);
    s.note(match s.lang {
        crate::i18n::Lang::En => format!(
            "Some sources compute MRR churn as (start MRR − end MRR) / start MRR = ({st} − {e}) / {st} = {shown}: new MRR then hides what was lost."
        ),
        crate::i18n::Lang::De => format!(
            "Manche Quellen rechnen die MRR-Abwanderung als (MRR zu Beginn − MRR am Ende) / MRR zu Beginn = ({st} − {e}) / {st} = {shown}: neuer MRR verdeckt dann, was verloren ging."
        ),
    });
}

pub fn ltv(v: &Values, s: &mut Sheet) {
    let mrr = v.get("mrr").unwrap_or_default();
    let customers = v.count("customers").unwrap_or(0) as usize;
    let churn = v.num("churn_rate");
    let margin = v.num("gross_margin").unwrap_or(100.0);
    let month = MrrMonth { mrr, customers, ..Default::default() };
    let arpa = month.arpa();
    let (m, c) = (s.dec(mrr), s.fmt(Unit::Count, customers as f64));
    s.line(
        "arpa",
        tx("ARPA (per month)", "ARPA (pro Monat)"),
        Unit::Money,
        arpa.and_then(|a| a.to_f64()),
        format!("MRR / customers = {m} / {c}"),
        tx("no paying customers (0)", "keine zahlenden Kunden (0)"),
    );
    let a = arpa.and_then(|a| a.to_f64()).map_or_else(|| "–".into(), |a| s.fmt(Unit::Money, a));
    let (g, ch) = (
        crate::i18n::format_number(margin / 100.0, 2, s.lang),
        crate::i18n::format_number(churn.unwrap_or(0.0) / 100.0, 4, s.lang),
    );
    s.line(
        "ltv",
        tx("LTV", "LTV"),
        Unit::Money,
        subs::ltv(arpa, margin / 100.0, churn),
        format!("ARPA · gross margin / churn rate = {a} · {g} / {ch}"),
        if arpa.is_none() {
            tx("no ARPA (no paying customers)", "kein ARPA (keine zahlenden Kunden)")
        } else {
            tx(
                "churn rate 0: without churn the lifetime has no end, LTV is undefined (not infinite, not 0)",
                "Abwanderungsrate 0: ohne Abwanderung endet die Kundenbeziehung nicht, der LTV ist undefiniert (weder unendlich noch 0)",
            )
        },
    );
    if let Some(c) = churn.filter(|c| *c > 0.0) {
        s.line(
            "lifetime_months",
            tx("Expected lifetime", "Erwartete Kundendauer"),
            Unit::Months,
            stats::ratio(100.0, c),
            format!("1 / churn rate = 1 / {ch}"),
            tx("churn rate 0", "Abwanderungsrate 0"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::i18n::Lang;
    use crate::quick::{compute, CalcId};

    #[test]
    fn customer_churn_standard_and_the_seed_variants() {
        // 412 at the start, 19 churned, 30 new, 2 back: 425 at the end
        let o = run(
            CalcId::Customers,
            &[("start", "412"), ("churned", "19"), ("new", "30"), ("reactivated", "2")],
        );
        close(o.value("customers_end"), 425.0);
        close(o.value("customer_churn_rate"), 100.0 * 19.0 / 412.0);
        close(o.value("retention_rate"), 100.0 * 393.0 / 412.0);
        // article 001's net change would say −3.2 %: the note shows it as such
        assert!(o.notes[0].contains("(412 − 425) / 412 = −3.2 %"), "{}", o.notes[0]);
        assert!(o.notes[1].contains("(425 − 19) / 412 = 98.5 %"), "{}", o.notes[1]);
    }

    #[test]
    fn more_churned_than_customers_is_refused() {
        let v = typed(CalcId::Customers, Lang::De, &[("start", "10"), ("churned", "11")]);
        let o = compute(&v, Lang::De);
        assert_eq!(o.refusals[0].field, Some("churned"));
        assert_eq!(
            o.refusals[0].message,
            "mehr abgewanderte Kunden (11) als es zu Beginn gab (10)"
        );
        assert!(o.lines.is_empty() && o.notes.is_empty());
        let o = run(CalcId::Customers, &[("start", "0"), ("churned", "0"), ("new", "5")]);
        assert_eq!(o.value("customer_churn_rate"), None);
        assert_eq!(
            o.line("customer_churn_rate").unwrap().undefined.as_deref(),
            Some("no customers at the start (0)")
        );
    }

    #[test]
    fn mrr_movements_hand_worked() {
        // start 10 000; new 1 500, expansion 800, contraction 300, churn 700, reactivation 200
        let o = run(
            CalcId::Mrr,
            &[
                ("start_mrr", "10,000"),
                ("new", "1,500"),
                ("expansion", "800"),
                ("contraction", "300"),
                ("churn", "700"),
                ("reactivation", "200"),
            ],
        );
        close(o.value("end_mrr"), 11_500.0);
        close(o.value("arr"), 138_000.0);
        close(o.value("gross_mrr_churn_rate"), 10.0);
        close(o.value("net_mrr_churn_rate"), 2.0);
        close(o.value("net_mrr_churn_rate_chartmogul"), 0.0);
        close(o.value("expansion_rate"), 8.0);
        close(o.value("grr"), 90.0);
        close(o.value("nrr"), 98.0);
        close(o.value("quick_ratio"), 2.5);
        assert_eq!(
            o.line("gross_mrr_churn_rate").unwrap().formula,
            "(churn + contraction) / start · 100 = (700 + 300) / 10,000 · 100"
        );
        // no losses: the quick ratio is undefined, with the reason
        let o = run(CalcId::Mrr, &[("start_mrr", "100"), ("new", "10")]);
        assert_eq!(o.value("quick_ratio"), None);
        assert!(o.line("quick_ratio").unwrap().undefined.is_some());
        // losses above the start are refused
        let o = run(CalcId::Mrr, &[("start_mrr", "100"), ("churn", "80"), ("contraction", "30")]);
        assert_eq!(o.refusals[0].field, Some("churn"));
    }

    #[test]
    fn ltv_hand_worked() {
        // ARPA 3 000 / 30 = 100; margin 80 %, churn 2.5 % → 100 · .8 / .025 = 3 200
        let o = run(
            CalcId::Ltv,
            &[("mrr", "3000"), ("customers", "30"), ("gross_margin", "80"), ("churn_rate", "2.5")],
        );
        close(o.value("arpa"), 100.0);
        close(o.value("ltv"), 3200.0);
        close(o.value("lifetime_months"), 40.0);
        let o = run(CalcId::Ltv, &[("mrr", "3000"), ("customers", "30"), ("churn_rate", "0")]);
        assert_eq!(o.value("ltv"), None);
        assert!(o.line("ltv").unwrap().undefined.as_deref().unwrap().starts_with("churn rate 0"));
    }
}
