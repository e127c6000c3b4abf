-- The view range_summary: the range's approaches counted per year and orbiting body, per year, and for the
-- whole range, in one aggregation over kept_approaches. The summary is small (a row per year and orbiting
-- body, per year, and one for the range); run_sql.py keeps it on the driver, and metrics.sql and
-- approaches_by_year_and_body.sql shape it into their results.
--
-- Parameters, bound by Spark: :threshold (DOUBLE, AU: an approach under it, < not <=, counts as close).

WITH kept AS (
  SELECT * FROM kept_approaches
),

approaches AS (
  SELECT
    year(approach_date) AS approach_year,
    orbiting_body,
    approach_date,
    miss_distance_au < :threshold AS is_close
  FROM kept
),

final AS (
  SELECT
    approach_year,
    orbiting_body,
    grouping(approach_year) = 1 AS all_years,
    grouping(orbiting_body) = 1 AS all_bodies,
    -- Validation gives every approach a date and a distance, so a null date means "no approach".
    count(approach_date) AS approaches,
    count_if(is_close) AS close_approaches
  FROM approaches
  GROUP BY GROUPING SETS ((approach_year, orbiting_body), (approach_year), ())
)

SELECT * FROM final
