"""Expected numbers for the real public files in data/, computed with pandas from the files'
own columns (named here by hand, as an analyst would), independently of kpi's import.
Run once; the output expected.json is frozen and compared by tests/real_data.rs.

    python3 -m venv .venv && .venv/bin/pip install pandas && .venv/bin/python reference.py
"""
import json

import numpy as np
import pandas as pd


def f(x):
    return None if x is None or (isinstance(x, float) and not np.isfinite(x)) else float(x)


exp = {}

# ---- survey: Preppin' Data "Sudzilla" Google Forms export, NPS question --------------------
s = pd.read_csv("data/sudzilla_survey.csv")
score = s["On a scale of 0-10, how would you rate Sudzilla?"].dropna()
p, d = (score >= 9).mean(), (score <= 6).mean()
exp["survey"] = {
    "rows": int(len(s)),
    "nps": f(100 * (p - d)),
    "nps_moe95": f(1.96 * np.sqrt((p + d - (p - d) ** 2) / len(score)) * 100),
    "nps_promoters": int((score >= 9).sum()),
    "nps_detractors": int((score <= 6).sum()),
}

# ---- tickets: NYC 311 service requests (Socrata export) ------------------------------------
t = pd.read_csv("data/nyc_311_service_requests.csv")
fmt = "%m/%d/%Y %I:%M:%S %p"
created = pd.to_datetime(t["Created Date"], format=fmt)
closed = pd.to_datetime(t["Closed Date"], format=fmt)
hours = ((closed - created).dt.total_seconds() / 3600).dropna().to_numpy()
exp["tickets_nyc_311"] = {
    "rows": int(len(t)),
    "resolution_hours": f(hours.mean()),
    "resolution_hours_median": f(np.percentile(hours, 50)),
    "resolution_hours_p90": f(np.percentile(hours, 90)),
    "open_tickets": int(closed.isna().sum()),
}

# ---- tickets: RavenStack support tickets ---------------------------------------------------
r = pd.read_csv("data/ravenstack_support_tickets.csv")
sub = pd.to_datetime(r["submitted_at"])
clo = pd.to_datetime(r["closed_at"])
rs = ((clo - sub).dt.total_seconds() / 3600).dropna().to_numpy()
fr = (r["first_response_time_minutes"] / 60).dropna().to_numpy()
sc = r["satisfaction_score"].dropna()
exp["tickets_ravenstack"] = {
    "rows": int(len(r)),
    "resolution_hours": f(rs.mean()),
    "resolution_hours_median": f(np.percentile(rs, 50)),
    "first_response_hours": f(fr.mean()),
    "first_response_hours_median": f(np.percentile(fr, 50)),
    "support_csat": f(100 * (sc >= 4).mean()),
}

# ---- orders: Tableau "Sample - Superstore" (first 2,000 lines), dd/mm/yy dates ------------
o = pd.read_csv("data/superstore_orders.csv", encoding="utf-8-sig")
o["date"] = pd.to_datetime(o["Order Date"], format="%d/%m/%y")
cust = o.groupby("Customer ID").agg(n=("Sales", "size"), first=("date", "min"), last=("date", "max"))
years = ((o.date.max() - o.date.min()).days + 1) / 365.25
apv = o.Sales.sum() / len(o)
freq = len(o) / len(cust) / years
life = ((cust[cust.n >= 2]["last"] - cust[cust.n >= 2]["first"]).dt.days / 365.25).mean()
exp["orders"] = {
    "rows": int(len(o)),
    "revenue": f(o.Sales.sum()),
    "avg_purchase_value": f(apv),
    "purchase_frequency": f(freq),
    "customer_lifespan_years": f(life),
    "repeat_purchase_rate": f(100 * (cust.n >= 2).mean()),
    "arpu": f(o.Sales.sum() / len(cust)),
}

# ---- subscriptions: RavenStack subscriptions, MRR at the end of each month ----------------
b = pd.read_csv("data/ravenstack_subscriptions.csv", parse_dates=["start_date", "end_date"])
months = pd.period_range(b.start_date.min(), max(b.start_date.max(), b.end_date.max()), freq="M")
mrr = {}
for m in months:
    last = m.to_timestamp(how="end").normalize()
    active = (b.start_date <= last) & (b.end_date.isna() | (b.end_date > last))
    mrr[str(m)] = f(b.loc[active, "mrr_amount"].sum())
exp["subscriptions"] = {"rows": int(len(b)), "mrr_by_month": mrr}

# ---- usage: RavenStack feature usage (a subscription stands for the user) -----------------
u = pd.read_csv("data/ravenstack_feature_usage.csv")
exp["usage"] = {
    "rows": int(len(u)),
    "events": int(len(u)),
    "features": int(u.feature_name.nunique()),
    "users": int(u.subscription_id.nunique()),
    "avg_session_minutes": f((u.usage_duration_secs / 60).mean()),
}

with open("expected.json", "w") as fh:
    json.dump(exp, fh, indent=1, sort_keys=True)
print("ok")
