"""Generates the CSV fixtures of the reference check (fixed seed; run once, output committed)."""
import random
from datetime import date, datetime, timedelta

random.seed(20241123)
out = "data/"

# survey: 600 answers over Jan–Jun 2024 (April left empty), nps/csat/ces, plan segment
with open(out + "survey.csv", "w") as f:
    f.write("line,score,date,survey,plan\n")
    line = 2
    for i in range(600):
        month = random.choice([1, 2, 3, 5, 6])
        d = date(2024, month, random.randint(1, 28))
        t = random.choice(["nps", "nps", "csat", "ces"])
        score = {"nps": random.choice(range(0, 11)), "csat": random.randint(1, 5), "ces": random.randint(1, 7)}[t]
        if random.random() < 0.02:
            score = 12  # out of scale: rejected
        plan = random.choice(["basic", "pro", "team"])
        f.write(f"{line},{score},{d.isoformat()},{t},{plan}\n")
        line += 1

# snapshots: 40 customers, Jan 2023 – Jun 2024 (18 months, 2023-08 without any row)
with open(out + "subscriptions.csv", "w") as f:
    f.write("line,customer,month,mrr\n")
    line = 2
    months = [(2023 + (m // 12), m % 12 + 1) for m in range(18)]
    for c in range(40):
        active = random.random() < 0.5
        mrr = random.choice([49, 99, 199, 499])
        for (y, m) in months:
            if (y, m) == (2023, 8):
                continue
            r = random.random()
            if active and r < 0.08:
                active = False
            elif not active and r < 0.12:
                active = True
            elif active and r < 0.2:
                mrr = max(19, mrr + random.choice([-50, -20, 30, 100]))
            if active:
                f.write(f"{line},C{c:02d},{y}-{m:02d},{mrr}.{random.choice(['00', '50', '99'])}\n")
                line += 1

# orders: 300 over 2024, 60 customers
with open(out + "orders.csv", "w") as f:
    f.write("line,customer,date,amount\n")
    for i in range(300):
        d = date(2024, 1, 1) + timedelta(days=random.randint(0, 365))
        f.write(f"{i + 2},K{random.randint(0, 59):02d},{d.isoformat()},{random.randint(100, 50000) / 100:.2f}\n")

# tickets: 200 in Q1 2024
with open(out + "tickets.csv", "w") as f:
    f.write("line,ticket,created,first_response,resolved,contacts,category,score\n")
    for i in range(200):
        c = datetime(2024, 1, 1) + timedelta(minutes=random.randint(0, 90 * 24 * 60))
        fr = c + timedelta(minutes=random.randint(1, 48 * 60)) if random.random() < 0.9 else None
        rs = c + timedelta(minutes=random.randint(30, 10 * 24 * 60)) if random.random() < 0.8 else None
        contacts = random.randint(1, 4)
        cat = random.choice(["billing", "bug", "howto", ""])
        score = random.choice(["", "1", "2", "3", "4", "5"])
        fmt = lambda x: x.strftime("%Y-%m-%dT%H:%M:%S") if x else ""
        f.write(f"{i + 2},T{i},{fmt(c)},{fmt(fr)},{fmt(rs)},{contacts},{cat},{score}\n")
