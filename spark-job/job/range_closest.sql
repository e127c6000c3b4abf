-- The view range_closest: the range's 20 approaches with the smallest miss distance, to any orbiting body.
-- Ordered and limited at the top of its query, Spark keeps only the 20 smallest of each partition as it
-- reads and merges them on the driver, where an aggregate (min_by(..., 20)) built a struct for every row
-- and was the slowest part of the job. run_sql.py keeps it on the driver; closest_approaches.sql ranks it.

WITH kept AS (
  SELECT * FROM kept_approaches
),

final AS (
  SELECT
    id AS neo_id,
    name,
    approach_date,
    miss_distance_au,
    miss_distance_lunar,
    miss_distance_km,
    relative_velocity_km_per_sec,
    orbiting_body,
    is_potentially_hazardous_asteroid
  FROM kept
  -- A NEO without approaches has no distance.
  WHERE approach_date IS NOT NULL
  -- id and date order ties, so the same data always gives the same list.
  ORDER BY
    miss_distance_au,
    neo_id,
    approach_date
  LIMIT 20
)

SELECT * FROM final
