-- MRR movements per month (DuckDB SQL; bench/peers.py natively, bench/www/page.mjs in DuckDB-wasm).
-- {path}: the CSV file (customer,month,mrr). Month i is compared with month i - 1 of the data
-- (as ../shared/bench/baseline.mjs does); a customer absent in a month counts 0.
WITH src AS (
  SELECT customer, month, mrr
  FROM read_csv('{path}', header = true, delim = ',',
                columns = {'customer': 'VARCHAR', 'month': 'VARCHAR', 'mrr': 'DECIMAL(18,2)'})
),
agg AS (SELECT customer, month, sum(mrr) AS v FROM src GROUP BY customer, month),
months AS (SELECT month, row_number() OVER (ORDER BY month) AS i FROM (SELECT DISTINCT month FROM agg)),
cur AS (SELECT a.customer, m.i, a.v FROM agg a JOIN months m USING (month)),
firsts AS (SELECT customer, min(i) FILTER (v > 0) AS fi FROM cur GROUP BY customer),
j AS (
  SELECT coalesce(c.customer, p.customer) AS customer, coalesce(c.i, p.i + 1) AS i,
         coalesce(c.v, 0) AS v, coalesce(p.v, 0) AS b
  FROM cur c FULL JOIN cur p ON c.customer = p.customer AND c.i = p.i + 1
)
SELECT m.month,
  coalesce(sum(v) FILTER (v > 0), 0)::DOUBLE AS mrr,
  coalesce(sum(v) FILTER (v > 0 AND b <= 0 AND f.fi = j.i), 0)::DOUBLE AS mrr_new,
  coalesce(sum(v) FILTER (v > 0 AND b <= 0 AND f.fi < j.i), 0)::DOUBLE AS mrr_reactivation,
  coalesce(sum(v - b) FILTER (v > 0 AND b > 0 AND v > b), 0)::DOUBLE AS mrr_expansion,
  coalesce(sum(b - v) FILTER (v > 0 AND b > 0 AND v < b), 0)::DOUBLE AS mrr_contraction,
  coalesce(sum(b) FILTER (b > 0 AND v <= 0), 0)::DOUBLE AS mrr_churn,
  coalesce(sum(b) FILTER (b > 0), 0)::DOUBLE AS start_mrr,
  count(*) FILTER (b > 0) AS start_customers,
  count(*) FILTER (b > 0 AND v <= 0) AS churned_customers
FROM j JOIN months m ON m.i = j.i JOIN firsts f ON f.customer = j.customer
GROUP BY m.month
