-- The view range_summary: every figure of the range's three results in one aggregation over
-- kept_approaches, so Spark reads and shuffles the raw data once. The summary is small (a row per year and
-- orbiting body, per year, and one for the range); run_sql.py keeps it on the driver, and metrics.sql,
-- closest_approaches.sql and approaches_by_year_and_body.sql shape it into the results.
--
-- Parameters, bound by Spark: :threshold (DOUBLE, AU: an approach under it, < not <=, counts as close).

WITH kept AS (
  SELECT * FROM kept_approaches
),

approaches AS (
  SELECT
    *,
    year(approach_date) AS approach_year,
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
    count_if(is_close) AS close_approaches,
    count_if(is_first_row_of_neo) AS neos,
    coalesce(sum(size(batches_with_copy) - 1) FILTER (WHERE is_first_row_of_neo), 0) AS neo_copies_set_aside,
    -- Every batch of the range with a row holds a copy of some NEO, kept or set aside.
    size(array_distinct(flatten(collect_set(batches_with_copy)))) AS batches_present,
    -- Ascending by distance; id and date order ties, so the same data always gives the same list.
    min_by(
      struct(
        id AS neo_id,
        name,
        approach_date,
        miss_distance_au,
        miss_distance_lunar,
        miss_distance_km,
        relative_velocity_km_per_sec,
        orbiting_body,
        is_potentially_hazardous_asteroid
      ),
      struct(miss_distance_au, id, approach_date),
      20
    ) FILTER (WHERE approach_date IS NOT NULL) AS closest
  FROM approaches
  GROUP BY GROUPING SETS ((approach_year, orbiting_body), (approach_year), ())
)

SELECT * FROM final
