// Per-NEO figures of an ingest's raw data (rows, batch, closest approach), computed two ways: from the JSON
// the stand-in served, and read back from the Parquet with DuckDB. Equal maps mean the data is right.
import { expect } from 'vitest';
import { type ServedNeo, type ServedReply, queryRaw } from './ingest-output.ts';

export interface NeoFigures {
  batch: number;
  rows: number;
  closestKm: number | null;
  closestDate: string | null;
}

/** What the raw data must say about each NEO, from the served JSON alone (explode-outer, min AU). */
export function expectedFigures(
  pages: readonly ServedReply[],
  keepPerPage: (page: number) => number,
): Map<string, NeoFigures> {
  const figures = new Map<string, NeoFigures>();
  for (const { page, body } of pages) {
    for (const neo of body.near_earth_objects.slice(0, keepPerPage(page)) as ServedNeo[]) {
      const approaches = neo.close_approach_data;
      const closest = approaches.reduce<(typeof approaches)[number] | null>(
        (best, a) =>
          best === null || Number(a.miss_distance.astronomical) < Number(best.miss_distance.astronomical) ? a : best,
        null,
      );
      figures.set(neo.id ?? neo.neo_reference_id ?? '?', {
        batch: page + 1,
        rows: Math.max(1, approaches.length),
        closestKm: closest?.miss_distance.kilometers === undefined ? null : Number(closest.miss_distance.kilometers),
        closestDate: closest?.close_approach_date ?? null,
      });
    }
  }
  return figures;
}

/** The same figures read back from outputDir's raw Parquet with DuckDB. */
export function actualFigures(outputDir: string): Map<string, NeoFigures> {
  const rows = queryRaw<{
    id: string;
    batch: number;
    rows: number;
    km: number | null;
    date: string | null;
    variants: number;
  }>(
    outputDir,
    `SELECT id, any_value(batch_number) AS batch, count(*) AS rows,
            any_value(closest_approach_miss_distance_km) AS km, any_value(closest_approach_date) AS date,
            count(DISTINCT (batch_number, closest_approach_miss_distance_km, closest_approach_date)) AS variants
     FROM raw GROUP BY id`,
  );
  // A NEO's attributes repeat on each of its rows: one distinct value per NEO.
  expect(rows.filter((row) => row.variants > 1)).toEqual([]);
  return new Map(
    rows.map((row) => [row.id, { batch: row.batch, rows: row.rows, closestKm: row.km, closestDate: row.date }]),
  );
}
