-- Close-approach metrics for one range of raw batches, as rows (metric STRING, value BIGINT).
--
-- Input: the view raw_approaches, the raw Parquet contract of core/schema.ts (RAW_COLUMNS): one row per
-- close approach, NEO attributes repeated; a NEO without approaches has one row whose approach columns
-- are null (explode-outer). The submit wrapper registers only the partition folders that intersect the
-- range, so this query never lists the rest of raw/.
--
-- Parameters, bound by Spark as literals (nothing is spliced into this text):
--   :start_batch, :end_batch  INT     the batch range, inclusive, 1 <= start <= end
--   :threshold                DOUBLE  miss distance in AU below which an approach counts as close (< not <=)
--   :threshold_label          STRING  the threshold as metric names spell it: its decimal digits without
--                                     the point (0.2 -> 02, 0.05 -> 005); spark-job/metric-names.ts makes it
--
-- Metrics (shown for the default threshold 0.2):
--   batches_requested                       batches in the range, ingested or not
--   batches_present                         batches of the range with at least one row
--   neos                                    distinct NEO ids
--   close_approaches_total                  approach rows (rows of NEOs without approaches do not count)
--   total_close_approaches_under_02_au      approaches, to any orbiting body, with miss_distance_au < threshold
--   close_approaches_year_YYYY              approaches dated in year YYYY, for every year that has one
--   close_approaches_under_02_au_year_YYYY  those of year YYYY under the threshold (0 when none is)

WITH in_range AS (
  -- A partition folder (batch-number=1-20) can hold batches outside the range: keep only those inside.
  SELECT id, batch_number, approach_date, miss_distance_au
  FROM raw_approaches
  WHERE batch_number BETWEEN :start_batch AND :end_batch
),

approaches AS (
  -- Validation guarantees every approach a date and a distance, so a null date means "no approach".
  SELECT year(approach_date) AS approach_year, miss_distance_au < :threshold AS is_close
  FROM in_range
  WHERE approach_date IS NOT NULL
),

totals AS (
  SELECT
    count(DISTINCT batch_number) AS batches_present,
    count(DISTINCT id) AS neos,
    count(approach_date) AS close_approaches_total,
    count_if(approach_date IS NOT NULL AND miss_distance_au < :threshold) AS close_under_threshold
  FROM in_range
),

per_year AS (
  SELECT approach_year, count(*) AS approaches, count_if(is_close) AS close_approaches
  FROM approaches
  GROUP BY approach_year
),

metrics AS (
  -- sort_key orders the table for reading: coverage first, then the threshold total, then year by year.
  SELECT sort_key, metric, value
  FROM totals
  LATERAL VIEW stack(
    5,
    0, 'batches_requested', CAST(:end_batch - :start_batch + 1 AS BIGINT),
    1, 'batches_present', batches_present,
    2, 'neos', neos,
    3, 'close_approaches_total', close_approaches_total,
    4, concat('total_close_approaches_under_', :threshold_label, '_au'), close_under_threshold
  ) AS sort_key, metric, value

  UNION ALL
  SELECT sort_key, metric, value
  FROM per_year
  LATERAL VIEW stack(
    2,
    10 * approach_year, concat('close_approaches_year_', approach_year), approaches,
    10 * approach_year + 1, concat('close_approaches_under_', :threshold_label, '_au_year_', approach_year), close_approaches
  ) AS sort_key, metric, value
)

SELECT metric, value
FROM metrics
ORDER BY sort_key
