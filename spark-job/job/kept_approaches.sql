-- The view kept_approaches: the raw rows of one batch range with every NEO counted once. Every result
-- reads this view, so the rule below is the only place that decides which copy of a NEO counts.
--
-- Input: the view raw_approaches, the raw Parquet contract of core/schema.ts (RAW_COLUMNS): one row per
-- close approach, NEO attributes repeated; a NEO without approaches has one row whose approach columns
-- are null (explode-outer).
--
-- Rule: a catalogue that changes between fetches can put one NEO (one id) in several batches. Only the
-- copy from the most recently fetched batch counts: the latest ingested_at, ties broken by the higher
-- batch_number. The other copies are set aside (and counted: batches_with_copy).
--
-- Parameters, bound by Spark: :start_batch, :end_batch (INT, inclusive).

WITH in_range AS (
  -- A partition folder (batch-number=1-20) can hold batches outside the range: keep only those inside.
  -- Spark reads only the columns `final` names.
  SELECT *
  FROM raw_approaches
  WHERE batch_number BETWEEN :start_batch AND :end_batch
),

copies AS (
  SELECT
    *,
    -- All rows of one copy share ingested_at and batch_number, so the whole latest copy ranks 1.
    dense_rank() OVER latest_copy_first AS copy_recency,
    -- 1 on exactly one row of the latest copy: NEOs are then counted without count(DISTINCT id), which
    -- would cost another shuffle.
    row_number() OVER latest_copy_first AS row_recency,
    collect_set(batch_number) OVER (PARTITION BY id) AS batches_with_copy
  FROM in_range
  WINDOW latest_copy_first AS (PARTITION BY id ORDER BY ingested_at DESC, batch_number DESC)
),

final AS (
  SELECT
    id,
    name,
    is_potentially_hazardous_asteroid,
    approach_date,
    miss_distance_au,
    miss_distance_km,
    miss_distance_lunar,
    relative_velocity_km_per_sec,
    orbiting_body,
    row_recency = 1 AS is_first_row_of_neo,
    batches_with_copy
  FROM copies
  WHERE copy_recency = 1
)

SELECT * FROM final
