-- The result aggregations/batches-S-E/: close-approach metrics of the range as rows (metric STRING,
-- value BIGINT), shaped from range_summary (range_summary.sql) and neo_copies (neo_copies.sql), so every
-- NEO counts once.
--
-- Parameters, bound by Spark as literals (nothing is spliced into this text):
--   :start_batch, :end_batch  INT     the batch range, inclusive
--   :threshold_label          STRING  the threshold as metric names spell it: its decimal digits without
--                                     the point (0.2 -> 02, 0.05 -> 005); spark-job/report/metric-names.ts
--
-- Metrics (shown for the default threshold 0.2):
--   batches_requested                       batches in the range, ingested or not
--   batches_present                         batches of the range with at least one row
--   neos                                    distinct NEO ids
--   close_approaches_total                  approaches (rows of NEOs without approaches do not count)
--   total_close_approaches_under_02_au      approaches, to any orbiting body, with miss_distance_au < threshold
--   duplicate_neo_copies_set_aside          copies of a NEO in batches other than its most recently fetched
--   close_approaches_year_YYYY              approaches dated in year YYYY, for every year that has one
--   close_approaches_under_02_au_year_YYYY  those of year YYYY under the threshold (0 when none is)

WITH summary AS (
  SELECT * FROM range_summary
),

copies AS (
  SELECT * FROM neo_copies
),

range_total AS (
  SELECT * FROM summary WHERE all_years
),

copy_total AS (
  SELECT
    count(*) AS neos,
    coalesce(sum(size(batches_with_copy) - 1), 0) AS neo_copies_set_aside,
    -- Every batch of the range with a row holds a copy of some NEO, kept or set aside.
    size(array_distinct(flatten(collect_list(batches_with_copy)))) AS batches_present
  FROM copies
),

years AS (
  -- NEOs without approaches have no year.
  SELECT * FROM summary WHERE all_bodies AND NOT all_years AND approach_year IS NOT NULL
),

metrics AS (
  -- sort_key orders the table for reading: coverage first, then the range's totals, then year by year.
  SELECT sort_key, metric, value
  FROM range_total
  CROSS JOIN copy_total
  LATERAL VIEW stack(
    6,
    0, 'batches_requested', CAST(:end_batch - :start_batch + 1 AS BIGINT),
    1, 'batches_present', CAST(batches_present AS BIGINT),
    2, 'neos', neos,
    3, 'close_approaches_total', approaches,
    4, concat('total_close_approaches_under_', :threshold_label, '_au'), close_approaches,
    5, 'duplicate_neo_copies_set_aside', neo_copies_set_aside
  ) AS sort_key, metric, value

  UNION ALL
  SELECT sort_key, metric, value
  FROM years
  LATERAL VIEW stack(
    2,
    10 * approach_year, concat('close_approaches_year_', approach_year), approaches,
    10 * approach_year + 1,
    concat('close_approaches_under_', :threshold_label, '_au_year_', approach_year),
    close_approaches
  ) AS sort_key, metric, value
),

final AS (
  -- run_sql.py orders the rows by sort_key on the driver and does not write it.
  SELECT
    sort_key,
    metric,
    value
  FROM metrics
)

SELECT * FROM final
