#!/usr/bin/env python3
"""Writes the sample survey files in public/samples/ (deterministic: same seed, same files)."""
import datetime
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "public" / "samples"

EN = {
    "p": ["Great support team", "Easy to use and fast", "Love the reporting", "Onboarding was smooth", "Great value for money"],
    "n": ["", "Works fine", "Good but pricey", "Missing a few integrations"],
    "d": ["Too expensive", "Support was slow", "Export keeps failing", "Hard to set up", "Support was slow to answer"],
}
DE = {
    "p": ["Super Support", "Einfach zu bedienen", "Tolle Auswertungen", "Schnelles Onboarding", "Preis-Leistung top"],
    "n": ["", "Passt soweit", "Gut, aber teuer", "Es fehlen Schnittstellen"],
    "d": ["Zu teuer", "Support antwortet langsam", "Export bricht ab", "Einrichtung kompliziert", "Support war langsam"],
}
PLANS = ["Basic", "Pro", "Enterprise"]


def main() -> None:
    random.seed(7)

    def score() -> int:
        r = random.random()
        if r < 0.45:
            return random.choice([9, 10])
        if r < 0.75:
            return random.choice([7, 8])
        return random.randint(0, 6)

    rows = []
    d0 = datetime.date(2024, 1, 2)
    for i in range(240):
        d = d0 + datetime.timedelta(days=int(i * 1.5))
        s = score()
        group = "p" if s >= 9 else "n" if s >= 7 else "d"
        rows.append((d, s, f"C{1000 + random.randint(0, 180)}", random.choice(PLANS), group))
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "survey-en.csv", "w", encoding="utf-8") as f:
        f.write("date,score,customer,plan,comment\n")
        for d, s, c, p, g in rows:
            f.write(f'{d.isoformat()},{s},{c},{p},"{random.choice(EN[g])}"\n')
    with open(OUT / "umfrage-de.csv", "w", encoding="utf-8") as f:
        f.write("Datum;Bewertung;Kundennummer;Tarif;Kommentar\n")
        for d, s, c, p, g in rows:
            f.write(f"{d.strftime('%d.%m.%Y')};{s};{c};{p};{random.choice(DE[g])}\n")


if __name__ == "__main__":
    main()


# ---- the other dataset kinds -------------------------------------------------------------

def de_money(x: float) -> str:
    """1234.5 → 1.234,50"""
    s = f"{x:,.2f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".")


def month_add(d: datetime.date, k: int) -> datetime.date:
    y, m = divmod(d.month - 1 + k, 12)
    return datetime.date(d.year + y, m + 1, 1)


def subscriptions() -> None:
    """Snapshots (en) and billing-system subscription rows (de), from one simulated history.
    An end date is the first day without the subscription (a change on 1 March ends the old
    one on 1 March), so both files give the same MRR per customer and month."""
    rng = random.Random(11)
    months = [month_add(datetime.date(2023, 1, 1), k) for k in range(15)]
    plans = {"Basic": 49, "Pro": 99, "Enterprise": 399}
    history = {}  # customer -> list of (month index, mrr)
    subs = []  # (customer, start, end, amount, interval, quantity, plan)
    next_id = 1
    active = {}
    for i, m in enumerate(months):
        for _ in range(rng.randint(3, 7) if i else 25):
            c = f"cus_{next_id:04d}"
            next_id += 1
            plan = rng.choice(list(plans))
            active[c] = [plan, rng.choice([1, 1, 1, 2, 3]), m]
        for c, (plan, qty, start) in list(active.items()):
            r = rng.random()
            if start < m and r < 0.04:
                subs.append((c, start, m, plans[plan], "month", qty, plan))
                del active[c]
                continue
            elif start < m and r < 0.10:
                subs.append((c, start, m, plans[plan], "month", qty, plan))
                active[c] = [plan, qty + 1, m]
                qty += 1
            elif start < m and r < 0.13 and qty > 1:
                subs.append((c, start, m, plans[plan], "month", qty, plan))
                active[c] = [plan, qty - 1, m]
                qty -= 1
            history.setdefault(c, []).append((i, plans[plan] * qty, plan))
        # a few churned customers come back
        if i > 3 and rng.random() < 0.5:
            gone = [c for c in history if c not in active and history[c][-1][0] < i - 1]
            if gone:
                c = rng.choice(gone)
                plan = history[c][-1][2]
                active[c] = [plan, 1, m]
                history[c].append((i, plans[plan], plan))
    for c, (plan, qty, start) in active.items():
        subs.append((c, start, None, plans[plan], "month", qty, plan))
    with open(OUT / "subscriptions-en.csv", "w", encoding="utf-8") as f:
        f.write("customer,month,mrr,plan\n")
        for c in sorted(history):
            for i, mrr, plan in history[c]:
                f.write(f"{c},{months[i].strftime('%Y-%m')},{mrr:.2f},{plan}\n")
    with open(OUT / "abos-de.csv", "w", encoding="utf-8") as f:
        f.write("Kundennummer;Vertragsbeginn;Gekündigt am;Betrag;Intervall;Lizenzen;Tarif\n")
        for c, start, end, amount, interval, qty, plan in sorted(subs, key=lambda s: (s[1], s[0])):
            e = end.strftime("%d.%m.%Y") if end else ""
            f.write(f"{c};{start.strftime('%d.%m.%Y')};{e};{de_money(amount)};Monat;{qty};{plan}\n")


def orders() -> None:
    rng = random.Random(5)
    rows = []
    for c in range(1, 151):
        n = rng.choice([1, 1, 1, 2, 2, 3, 4, 6])
        first = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 500))
        for k in range(n):
            d = first + datetime.timedelta(days=k * rng.randint(20, 90))
            rows.append((f"K-{c:05d}", d, round(rng.lognormvariate(4.2, 0.6), 2), rng.choice(["Online", "Filiale"])))
    rows.sort(key=lambda r: r[1])
    with open(OUT / "orders-en.csv", "w", encoding="utf-8") as f:
        f.write("customer,order date,amount,channel\n")
        for c, d, a, ch in rows:
            f.write(f"{c},{d.isoformat()},{a:.2f},{'online' if ch == 'Online' else 'store'}\n")
    with open(OUT / "bestellungen-de.csv", "w", encoding="utf-8") as f:
        f.write("Kundennummer;Bestelldatum;Bestellwert;Kanal\n")
        for c, d, a, ch in rows:
            f.write(f"{c};{d.strftime('%d.%m.%Y')};{de_money(a)} €;{ch}\n")


def tickets() -> None:
    rng = random.Random(9)
    cats_en = ["Billing", "Login", "Bug", "How-to", "Feature request"]
    cats_de = ["Abrechnung", "Anmeldung", "Fehler", "Bedienung", "Funktionswunsch"]
    rows = []
    t0 = datetime.datetime(2024, 1, 2, 8, 0)
    for i in range(300):
        created = t0 + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 150))
        first = created + datetime.timedelta(minutes=int(rng.expovariate(1 / 180)) + 5)
        open_ = rng.random() < 0.06
        resolved = None if open_ else first + datetime.timedelta(minutes=int(rng.expovariate(1 / 900)))
        contacts = 1 if rng.random() < 0.62 else rng.randint(2, 6)
        score = rng.choice([5, 5, 4, 4, 4, 3, 2, 1, 5, 4]) if resolved and rng.random() < 0.5 else None
        k = rng.randrange(len(cats_en))
        rows.append((f"T-{10000 + i}", created, f"C{1000 + rng.randint(0, 120)}", first, resolved, contacts, k, score))
    rows.sort(key=lambda r: r[1])
    with open(OUT / "tickets-en.csv", "w", encoding="utf-8") as f:
        f.write("ticket id,created at,customer,first response at,resolved at,replies,category,satisfaction\n")
        for t, c, cu, fr, rs, n, k, s in rows:
            iso = lambda x: x.strftime("%Y-%m-%d %H:%M") if x else ""
            f.write(f"{t},{iso(c)},{cu},{iso(fr)},{iso(rs)},{n},{cats_en[k]},{s or ''}\n")
    with open(OUT / "tickets-de.csv", "w", encoding="utf-8") as f:
        f.write("Ticketnummer;Erstellt am;Kunde;Erste Antwort am;Gelöst am;Kontakte;Kategorie;Zufriedenheit\n")
        for t, c, cu, fr, rs, n, k, s in rows:
            de = lambda x: x.strftime("%d.%m.%Y %H:%M") if x else ""
            f.write(f"{t};{de(c)};{cu};{de(fr)};{de(rs)};{n};{cats_de[k]};{s or ''}\n")


def usage() -> None:
    rng = random.Random(3)
    features = ["dashboard", "report", "export", "alerts", "api"]
    accounts = {f"acme-{i}": (rng.choice([5, 10, 25]), datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 40))) for i in range(12)}
    users = [(f"u{i:03d}", rng.choice(list(accounts))) for i in range(140)]
    with open(OUT / "usage-en.csv", "w", encoding="utf-8") as f:
        f.write("user_id,timestamp,account,feature,duration_minutes,seats,signup_date\n")
        day0 = datetime.date(2024, 2, 1)
        for d in range(90):
            day = day0 + datetime.timedelta(days=d)
            for u, a in users:
                seats, signup = accounts[a]
                if day < signup or rng.random() > (0.35 if day.weekday() < 5 else 0.08):
                    continue
                for _ in range(rng.randint(1, 3)):
                    ts = datetime.datetime.combine(day, datetime.time(rng.randint(7, 19), rng.randint(0, 59)))
                    feat = rng.choices(features, weights=[10, 5, 3, 2, 1])[0]
                    f.write(f"{u},{ts.strftime('%Y-%m-%dT%H:%M:%S')},{a},{feat},{rng.randint(1, 45)},{seats},{signup.isoformat()}\n")


def health() -> None:
    rng = random.Random(21)
    with open(OUT / "health-en.csv", "w", encoding="utf-8") as f, open(OUT / "kundengesundheit-de.csv", "w", encoding="utf-8") as g:
        f.write("customer,logins_30d,nps,open_tickets,mrr_change_pct,seat_utilisation_pct,plan\n")
        g.write("Kunde;Logins 30 Tage;NPS;Offene Tickets;MRR-Änderung %;Lizenznutzung %;Tarif\n")
        for i in range(80):
            logins = max(0, int(rng.gauss(40, 25)))
            nps = rng.randint(0, 10)
            tickets = max(0, int(rng.expovariate(1 / 2)))
            change = round(rng.gauss(2, 8), 1)
            util = round(min(100, max(5, rng.gauss(65, 20))), 1)
            plan = rng.choice(PLANS)
            f.write(f"Customer {i + 1:02d},{logins},{nps},{tickets},{change},{util},{plan}\n")
            g.write(f"Kunde {i + 1:02d};{logins};{nps};{tickets};{str(change).replace('.', ',')};{str(util).replace('.', ',')};{plan}\n")


def funnel() -> None:
    rng = random.Random(2)
    with open(OUT / "funnel-en.csv", "w", encoding="utf-8") as f:
        f.write("month,visitors,visits,page_views,carts_created,purchases_completed,conversions,marketing_spend,sales_spend,new_customers\n")
        for k in range(12):
            m = month_add(datetime.date(2024, 1, 1), k)
            visitors = rng.randint(18000, 26000)
            visits = int(visitors * rng.uniform(1.2, 1.5))
            carts = int(visits * rng.uniform(0.05, 0.08))
            purchases = int(carts * rng.uniform(0.25, 0.4))
            new = int(purchases * rng.uniform(0.5, 0.7))
            f.write(f"{m.strftime('%Y-%m')},{visitors},{visits},{int(visits * rng.uniform(3, 5))},{carts},{purchases},{purchases},{rng.randint(8000, 14000)}.00,{rng.randint(4000, 7000)}.00,{new}\n")


if __name__ == "__main__":
    subscriptions()
    orders()
    tickets()
    usage()
    health()
    funnel()
