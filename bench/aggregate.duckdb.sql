-- The DuckDB baseline of spark-job/aggregate.sql: the same metrics over the same raw Parquet files, for
-- timing Spark against a single-process engine and cross-checking every value it produces.
-- Parameters ($name, bound by DuckDB): $files (list of Parquet paths), $start_batch, $end_batch,
-- $threshold, $threshold_label.
WITH in_range AS (
  SELECT id, batch_number, approach_date, miss_distance_au
  FROM read_parquet($files)
  WHERE batch_number BETWEEN $start_batch AND $end_batch
),
approaches AS (
  SELECT year(approach_date) AS approach_year, miss_distance_au < $threshold AS is_close
  FROM in_range
  WHERE approach_date IS NOT NULL
),
per_year AS (
  SELECT approach_year, count(*) AS approaches, count_if(is_close) AS close_approaches
  FROM approaches
  GROUP BY approach_year
)
SELECT 'batches_requested' AS metric, CAST($end_batch - $start_batch + 1 AS BIGINT) AS value
UNION ALL SELECT 'batches_present', count(DISTINCT batch_number) FROM in_range
UNION ALL SELECT 'neos', count(DISTINCT id) FROM in_range
UNION ALL SELECT 'close_approaches_total', count(approach_date) FROM in_range
UNION ALL SELECT 'total_close_approaches_under_' || $threshold_label || '_au',
                 count_if(approach_date IS NOT NULL AND miss_distance_au < $threshold) FROM in_range
UNION ALL SELECT 'close_approaches_year_' || approach_year, approaches FROM per_year
UNION ALL SELECT 'close_approaches_under_' || $threshold_label || '_au_year_' || approach_year, close_approaches FROM per_year
