-- The result approaches-by-year-and-body/batches-S-E/: the range's approaches per year and orbiting body,
-- and of those the close ones (miss_distance_au < threshold), shaped from range_summary.

WITH summary AS (
  SELECT * FROM range_summary
),

year_and_body AS (
  -- NEOs without approaches have no year.
  SELECT * FROM summary WHERE NOT all_bodies AND approach_year IS NOT NULL
),

final AS (
  SELECT
    approach_year AS year,
    orbiting_body,
    approaches,
    close_approaches
  FROM year_and_body
)

SELECT * FROM final
