"""Independent recomputation of some metrics with pandas/numpy, straight from metrics.md.
Run once (`python3 reference.py` in tests/reference); its output expected.json is frozen and
checked by tests/metrics_reference.rs."""
import json

import numpy as np
import pandas as pd

exp = {}


def f(x):
    return None if x is None or (isinstance(x, float) and not np.isfinite(x)) else float(x)


# ---- survey -------------------------------------------------------------------------
s = pd.read_csv("data/survey.csv", parse_dates=["date"])
s["month"] = s["date"].dt.strftime("%Y-%m")
valid = ((s.survey == "nps") & s.score.between(0, 10)) | ((s.survey == "csat") & s.score.between(1, 5)) | (
    (s.survey == "ces") & s.score.between(1, 7))
rej = s[~valid]
s = s[valid]


def nps_stats(g):
    n = len(g)
    if n == 0:
        return {"nps": None, "nps_moe95": None}
    p = (g.score >= 9).mean()
    d = (g.score <= 6).mean()
    var = p + d - (p - d) ** 2
    return {"nps": 100 * (p - d), "nps_moe95": 1.96 * np.sqrt(var / n) * 100, "var": var, "n": n}


def survey_group(g):
    r = nps_stats(g[g.survey == "nps"])
    r.pop("var", None)
    r.pop("n", None)
    c = g[g.survey == "csat"]
    r["csat"] = f(100 * (c.score >= 4).mean()) if len(c) else None
    r["csat_mean"] = f(c.score.mean()) if len(c) else None
    e = g[g.survey == "ces"]
    r["ces"] = f(e.score.mean()) if len(e) else None
    r["ces_easy_pct"] = f(100 * (e.score >= 5).mean()) if len(e) else None
    return {k: f(v) for k, v in r.items()}


periods = {}
prev = None
for m in pd.period_range("2024-01", "2024-06", freq="M").strftime("%Y-%m"):
    g = s[s.month == m]
    r = survey_group(g)
    cur = nps_stats(g[g.survey == "nps"])
    if prev is not None and "var" in prev and "var" in cur:
        se = 100 * np.sqrt(prev["var"] / prev["n"] + cur["var"] / cur["n"])
        r["nps_diff_z"] = f((cur["nps"] - prev["nps"]) / se) if se > 0 else None
    else:
        r["nps_diff_z"] = None
    periods[m] = r
    prev = cur
exp["survey"] = {
    "rows": int(len(s)),
    "rejected_lines": [int(x) for x in rej.line],
    "metrics": survey_group(s),
    "periods": periods,
    "segments": {k: survey_group(g) for k, g in s.groupby("plan")},
}

# ---- subscriptions (snapshots) ------------------------------------------------------
sub = pd.read_csv("data/subscriptions.csv", dtype={"mrr": str})
sub["mrr"] = sub["mrr"].astype(float)
piv = sub.pivot_table(index="customer", columns="month", values="mrr", aggfunc="sum", fill_value=0.0)
months = list(piv.columns)  # months with data (the gap month is absent)
per = {}
for i, m in enumerate(months):
    cur = piv[m]
    r = {"mrr": cur.sum(), "customers": int((cur > 0).sum())}
    if i > 0:
        prv = piv[months[i - 1]]
        had_before = (piv[months[: i - 1]] > 0).any(axis=1) if i > 1 else pd.Series(False, index=piv.index)
        up = (prv == 0) & (cur > 0)
        new = cur[up & ~had_before].sum()
        react = cur[up & had_before].sum()
        exp_ = (cur - prv)[(prv > 0) & (cur > prv)].sum()
        con = (prv - cur)[(prv > 0) & (cur > 0) & (cur < prv)].sum()
        churn = prv[(prv > 0) & (cur == 0)].sum()
        start = prv.sum()
        cstart = int((prv > 0).sum())
        churned = int(((prv > 0) & (cur == 0)).sum())
        r.update({
            "mrr_new": new, "mrr_reactivation": react, "mrr_expansion": exp_, "mrr_contraction": con,
            "mrr_churn": churn,
            "customer_churn_rate": 100 * churned / cstart if cstart else None,
            "grr": 100 * (start - churn - con) / start if start else None,
            "nrr": 100 * (start + exp_ - con - churn) / start if start else None,
            "quick_ratio": (new + react + exp_) / (churn + con) if churn + con else None,
        })
        assert abs((cur.sum() - prv.sum()) - (new + react + exp_ - con - churn)) < 1e-6
    back = str(pd.Period(m, "M") - 12)
    if back in months:
        base = piv[back]
        r["nrr_12m"] = 100 * cur[base > 0].sum() / base[base > 0].sum()
    per[m] = {k: f(v) for k, v in r.items()}
exp["subscriptions"] = {
    "gaps": [m for m in pd.period_range(months[0], months[-1], freq="M").strftime("%Y-%m") if m not in months],
    "periods": per,
}

# ---- orders -------------------------------------------------------------------------
o = pd.read_csv("data/orders.csv", parse_dates=["date"])
cust = o.groupby("customer").agg(n=("amount", "size"), first=("date", "min"), last=("date", "max"))
years = ((o.date.max() - o.date.min()).days + 1) / 365.25
apv = o.amount.sum() / len(o)
freq = len(o) / len(cust) / years
life = ((cust[cust.n >= 2]["last"] - cust[cust.n >= 2]["first"]).dt.days / 365.25).mean()
exp["orders"] = {k: f(v) for k, v in {
    "revenue": o.amount.sum(), "avg_purchase_value": apv, "purchase_frequency": freq,
    "customer_lifespan_years": life, "clv": apv * freq * life,
    "repeat_purchase_rate": 100 * (cust.n >= 2).mean(), "arpu": o.amount.sum() / len(cust),
}.items()}

# ---- tickets ------------------------------------------------------------------------
t = pd.read_csv("data/tickets.csv", parse_dates=["created", "first_response", "resolved"])
fr = ((t.first_response - t.created).dt.total_seconds() / 3600).dropna().to_numpy()
rs = ((t.resolved - t.created).dt.total_seconds() / 3600).dropna().to_numpy()
resolved = t[t.resolved.notna()]
cats = t.category.dropna().value_counts()
sc = t.score.dropna()
exp["tickets"] = {
    "first_response_hours": f(fr.mean()), "first_response_hours_median": f(np.percentile(fr, 50)),
    "first_response_hours_p90": f(np.percentile(fr, 90)),
    "resolution_hours": f(rs.mean()), "resolution_hours_median": f(np.percentile(rs, 50)),
    "resolution_hours_p90": f(np.percentile(rs, 90)),
    "open_tickets": int(t.resolved.isna().sum()),
    "fcr": f(100 * (resolved.contacts == 1).mean()),
    "support_csat": f(100 * (sc >= 4).mean()),
    "categories": {k: f(100 * v / cats.sum()) for k, v in cats.items()},
}

with open("expected.json", "w") as fh:
    json.dump(exp, fh, indent=1, sort_keys=True)
print("ok")
