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
