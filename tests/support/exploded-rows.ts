// Explode hand-made or fixture records and read the rows back, for the tests of ingest/explode/.
import { expect } from 'vitest';
import { toRows } from '../../ingest/explode/row-view.ts';
import { transformPage } from '../../ingest/explode/transform-page.ts';
import type { RawRow } from '../../core/schema.ts';
import { pageOf } from './modern-neo.ts';

export const lineage = { batchNumber: 7, ingestedAt: new Date('2026-01-02T03:04:05.678Z') };

export const CLOSEST_COLUMNS = [
  'closest_approach_miss_distance_km',
  'closest_approach_date',
  'closest_approach_relative_velocity_km_per_sec',
  'closest_approach_orbiting_body',
] as const satisfies readonly (keyof RawRow)[];

/** The rows of a page of valid records; fails the test if any record is quarantined. */
export function explode(records: readonly unknown[]): RawRow[] {
  const result = transformPage(pageOf(records), lineage);
  expect(result.quarantined).toEqual([]);
  return toRows(result.columns);
}

export function pick<K extends keyof RawRow>(row: RawRow | undefined, keys: readonly K[]): Pick<RawRow, K> {
  if (row === undefined) throw new Error('no such row');
  return Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<RawRow, K>;
}

export const nulls = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, null]));
