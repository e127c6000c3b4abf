-- The view neo_copies: one row per NEO of the batch range, naming the copy of it that counts. Every result
-- reads the data through kept_approaches.sql, which keeps only those copies, so the rule below is the only
-- place that decides which copy of a NEO counts.
--
-- Input: the view raw_approaches, the raw Parquet contract of core/schema.ts (RAW_COLUMNS): one row per
-- close approach, NEO attributes repeated; a NEO without approaches has one row whose approach columns
-- are null (explode-outer).
--
-- Rule: a catalogue that changes between fetches can put one NEO (one id) in several batches. Only the
-- copy from the most recently fetched batch counts: the latest ingested_at, ties broken by the higher
-- batch_number. The other copies are set aside (and counted from batches_with_copy).
--
-- Deciding per NEO here, rather than with a window over every approach row, shuffles a small row per NEO
-- and batch instead of every approach row of the range.
--
-- Parameters, bound by Spark: :start_batch, :end_batch (INT, inclusive).

WITH in_range AS (
  -- A partition folder (batch-number=1-20) can hold batches outside the range: keep only those inside.
  SELECT
    id,
    batch_number,
    ingested_at
  FROM raw_approaches
  WHERE batch_number BETWEEN :start_batch AND :end_batch
),

copies AS (
  -- One row per copy (NEO and batch), all of whose rows share ingested_at. Grouped this way, Spark reduces
  -- each batch's rows to its NEOs where it reads them, so only those rows are shuffled.
  SELECT
    id,
    batch_number,
    max(ingested_at) AS ingested_at
  FROM in_range
  GROUP BY
    id,
    batch_number
),

final AS (
  SELECT
    id,
    max_by(batch_number, struct(ingested_at, batch_number)) AS kept_batch,
    collect_list(batch_number) AS batches_with_copy
  FROM copies
  GROUP BY id
)

SELECT * FROM final
