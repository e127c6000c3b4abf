-- The result closest-approaches/batches-S-E/: the range's 20 approaches with the smallest miss distance,
-- to any orbiting body, ranked 1..20 (ties: distance, then NEO id, then date), shaped from range_summary.

WITH summary AS (
  SELECT * FROM range_summary
),

range_total AS (
  SELECT closest FROM summary WHERE all_years
),

ranked AS (
  -- closest is already in rank order.
  SELECT
    position,
    approach
  FROM range_total
  LATERAL VIEW posexplode(closest) AS position, approach
),

final AS (
  SELECT
    CAST(position + 1 AS INT) AS rank,
    approach.neo_id,
    approach.name,
    approach.approach_date,
    approach.miss_distance_au,
    approach.miss_distance_lunar,
    approach.miss_distance_km,
    approach.relative_velocity_km_per_sec,
    approach.orbiting_body,
    approach.is_potentially_hazardous_asteroid
  FROM ranked
)

SELECT * FROM final
