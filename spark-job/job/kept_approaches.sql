-- The view kept_approaches: the raw rows of one batch range with every NEO counted once, by the rule of
-- neo_copies.sql: of each NEO only the rows of its kept copy. Every result reads this view.
--
-- Parameters, bound by Spark: :start_batch, :end_batch (INT, inclusive).

WITH in_range AS (
  -- Spark reads only the columns `final` names.
  SELECT *
  FROM raw_approaches
  WHERE batch_number BETWEEN :start_batch AND :end_batch
),

kept_copies AS (
  SELECT
    id,
    kept_batch
  FROM neo_copies
),

final AS (
  -- neo_copies is kept on the driver (one row per NEO): broadcast, it filters the rows where they are read,
  -- with no shuffle of the approach rows.
  SELECT /*+ BROADCAST(kept_copies) */
    in_range.id,
    in_range.name,
    in_range.is_potentially_hazardous_asteroid,
    in_range.approach_date,
    in_range.miss_distance_au,
    in_range.miss_distance_km,
    in_range.miss_distance_lunar,
    in_range.relative_velocity_km_per_sec,
    in_range.orbiting_body
  FROM in_range
  LEFT SEMI JOIN kept_copies
    ON in_range.id = kept_copies.id
    AND in_range.batch_number = kept_copies.kept_batch
)

SELECT * FROM final
