// The output contract's arithmetic (core/layout.ts): partition folder and batch file names, where each
// batch lives, range intersection, and missing batches written as short ranges.
import { describe, expect, it } from 'vitest';
import {
  describeBatches,
  intersects,
  missingBatches,
  parseBatchFile,
  parsePartitionFolder,
  partitionFolder,
} from '../../core/layout.ts';

describe('partition folder arithmetic', () => {
  it("parses the ingest's folder and file names, and nothing else", () => {
    expect(parsePartitionFolder('batch-number=21-40')).toEqual({ name: 'batch-number=21-40', start: 21, end: 40 });
    for (const name of [
      'batch-number=0-20',
      'batch-number=40-21',
      'batch_number=1-20',
      'batch-number=1-20.tmp',
      '.tmp-x',
    ])
      expect(parsePartitionFolder(name)).toBeNull();
    expect(parseBatchFile('batch-000007.parquet')).toBe(7);
    expect(parseBatchFile('.tmp-123-batch-000007.parquet')).toBeNull();
    expect(parseBatchFile('batch-000007.parquet.keep')).toBeNull();
  });

  it('agrees with the ingest on where each batch lives', () => {
    for (const size of [1, 5, 20, 7]) {
      for (let batch = 1; batch <= 60; batch++) {
        const folder = parsePartitionFolder(partitionFolder(batch, size));
        expect(folder !== null && batch >= folder.start && batch <= folder.end).toBe(true);
      }
    }
  });

  it.each([
    [{ start: 5, end: 12 }, { start: 1, end: 20 }, true],
    [{ start: 20, end: 21 }, { start: 1, end: 20 }, true],
    [{ start: 20, end: 21 }, { start: 21, end: 40 }, true],
    [{ start: 21, end: 40 }, { start: 1, end: 20 }, false],
    [{ start: 1, end: 4 }, { start: 5, end: 5 }, false],
    [{ start: 1, end: 100 }, { start: 41, end: 60 }, true],
  ])('range %o intersects folder %o: %s', (range, folder, expected) => {
    expect(intersects(range, folder)).toBe(expected);
    expect(intersects(folder, range)).toBe(expected);
  });

  it('lists missing batches and writes them as short ranges', () => {
    const missing = missingBatches({ start: 1, end: 12 }, new Set([1, 2, 6, 7, 8, 11]));
    expect(missing).toEqual([3, 4, 5, 9, 10, 12]);
    expect(describeBatches(missing)).toBe('3-5, 9-10, 12');
    expect(describeBatches([])).toBe('');
  });
});
