-- The result closest-approaches/batches-S-E/: the range's 20 approaches with the smallest miss distance,
-- to any orbiting body, ranked 1..20 (ties: distance, then NEO id, then date), from range_closest.

WITH closest AS (
  SELECT * FROM range_closest
),

ranked AS (
  SELECT
    *,
    row_number() OVER (ORDER BY miss_distance_au, neo_id, approach_date) AS position
  FROM closest
),

final AS (
  SELECT
    CAST(position AS INT) AS rank,
    neo_id,
    name,
    approach_date,
    miss_distance_au,
    miss_distance_lunar,
    miss_distance_km,
    relative_velocity_km_per_sec,
    orbiting_body,
    is_potentially_hazardous_asteroid,
    -- run_sql.py orders the rows by sort_key on the driver and does not write it.
    position AS sort_key
  FROM ranked
)

SELECT * FROM final
