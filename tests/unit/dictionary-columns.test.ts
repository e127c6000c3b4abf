import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { repetitiveTableColumns } from '../../ingest/write/dictionary-columns.ts';

/** A compacted partition's shape: many NEOs, each with many approach rows repeating its attributes. */
function compactedLike(neos: number, approachesPerNeo: number) {
  const rows = neos * approachesPerNeo;
  const neoOf = (row: number) => Math.floor(row / approachesPerNeo);
  return tableFromArrays({
    id: Array.from({ length: rows }, (_, row) => String(2_000_000 + neoOf(row))),
    name: Array.from({ length: rows }, (_, row) => `(${1990 + (neoOf(row) % 30)} AB${neoOf(row)})`),
    orbiting_body: Array.from({ length: rows }, (_, row) => ['Earth', 'Mars', 'Venus'][row % 3] as string),
    miss_distance_au: Float64Array.from({ length: rows }, (_, row) => 0.001 + row * 1e-6),
    approach_epoch_ms: Float64Array.from({ length: rows }, (_, row) => 1e12 + row * 86_400_000),
  });
}

describe('dictionary columns', () => {
  it('picks the NEO attributes of a file with 1,500 NEOs, whatever their spacing, and no per-approach measure', () => {
    const chosen = repetitiveTableColumns(compactedLike(1500, 100));
    expect(chosen).toEqual(expect.arrayContaining(['id', 'name', 'orbiting_body']));
    expect(chosen).not.toContain('miss_distance_au');
    expect(chosen).not.toContain('approach_epoch_ms');
  });

  it('picks the same columns for a one-batch page of 20 NEOs', () => {
    const chosen = repetitiveTableColumns(compactedLike(20, 100));
    expect(chosen).toEqual(expect.arrayContaining(['id', 'name', 'orbiting_body']));
    expect(chosen).not.toContain('miss_distance_au');
  });

  it('leaves out a text column whose values are mostly distinct, whatever the number of rows', () => {
    for (const rows of [1000, 129, 40]) {
      const table = tableFromArrays({ id: Array.from({ length: rows }, (_, row) => `neo-${row % 700}`) });
      expect(repetitiveTableColumns(table)).not.toContain('id');
    }
  });
});
