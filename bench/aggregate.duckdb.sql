-- The DuckDB baseline of the Spark job's metrics (spark-job/job/: neo_copies.sql, range_summary.sql,
-- metrics.sql): the same metrics over the same raw Parquet files, each NEO counted once by the same rule,
-- for timing Spark against a single-process engine and cross-checking every value it produces.
-- Parameters ($name, bound by DuckDB): $files (list of Parquet paths), $start_batch, $end_batch,
-- $threshold, $threshold_label.

WITH in_range AS (
  SELECT
    id,
    approach_date,
    miss_distance_au,
    batch_number,
    ingested_at
  FROM read_parquet($files)
  WHERE batch_number BETWEEN $start_batch AND $end_batch
),

copies AS (
  -- The rule of neo_copies.sql: only the copy from the batch fetched last counts (the latest
  -- ingested_at, ties to the higher batch_number).
  SELECT
    *,
    dense_rank() OVER (PARTITION BY id ORDER BY ingested_at DESC, batch_number DESC) AS copy_recency
  FROM in_range
),

kept AS (
  SELECT * FROM copies WHERE copy_recency = 1
),

approaches AS (
  SELECT
    year(approach_date) AS approach_year,
    miss_distance_au < $threshold AS is_close
  FROM kept
  WHERE approach_date IS NOT NULL
),

per_year AS (
  SELECT
    approach_year,
    count(*) AS approaches,
    count_if(is_close) AS close_approaches
  FROM approaches
  GROUP BY approach_year
),

neo_copies AS (
  SELECT DISTINCT
    id,
    batch_number
  FROM in_range
),

final AS (
  SELECT 'batches_requested' AS metric, CAST($end_batch - $start_batch + 1 AS BIGINT) AS value
  UNION ALL SELECT 'batches_present', count(DISTINCT batch_number) FROM in_range
  UNION ALL SELECT 'neos', count(DISTINCT id) FROM kept
  UNION ALL SELECT 'close_approaches_total', count(*) FROM approaches
  UNION ALL SELECT 'total_close_approaches_under_' || $threshold_label || '_au', count_if(is_close) FROM approaches
  UNION ALL SELECT 'duplicate_neo_copies_set_aside', count(*) - count(DISTINCT id) FROM neo_copies
  UNION ALL SELECT 'close_approaches_year_' || approach_year, approaches FROM per_year
  UNION ALL SELECT 'close_approaches_under_' || $threshold_label || '_au_year_' || approach_year, close_approaches
  FROM per_year
)

SELECT * FROM final
