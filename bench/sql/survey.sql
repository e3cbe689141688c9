-- Survey counts per month (DuckDB SQL; bench/peers.py natively, bench/www/page.mjs in DuckDB-wasm).
-- {path}: the CSV file (date,survey,score,segment). Valid scores only; the metrics follow in the host language.
WITH a AS (
  SELECT date_trunc('month', date) AS month, survey, score
  FROM read_csv('{path}', header = true, delim = ',',
                columns = {'date': 'DATE', 'survey': 'VARCHAR', 'score': 'INTEGER', 'segment': 'VARCHAR'})
)
SELECT strftime(month, '%Y-%m') AS month, count(*) AS rows,
  count(*) FILTER (survey = 'nps' AND score BETWEEN 0 AND 10) AS n_nps,
  count(*) FILTER (survey = 'nps' AND score BETWEEN 9 AND 10) AS promoters,
  count(*) FILTER (survey = 'nps' AND score BETWEEN 0 AND 6) AS detractors,
  count(*) FILTER (survey = 'csat' AND score BETWEEN 1 AND 5) AS n_csat,
  count(*) FILTER (survey = 'csat' AND score BETWEEN 4 AND 5) AS satisfied,
  coalesce(sum(score) FILTER (survey = 'csat' AND score BETWEEN 1 AND 5), 0)::BIGINT AS csat_sum,
  count(*) FILTER (survey = 'ces' AND score BETWEEN 1 AND 7) AS n_ces,
  count(*) FILTER (survey = 'ces' AND score BETWEEN 5 AND 7) AS easy,
  coalesce(sum(score) FILTER (survey = 'ces' AND score BETWEEN 1 AND 7), 0)::BIGINT AS ces_sum
FROM a GROUP BY month
