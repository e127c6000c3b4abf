import { describe, expect, it } from 'vitest';
import { batchCount, batchFiles, keptCount, pageOfBatch, partitionFolder, partitionRange } from '../../core/layout.ts';

describe('batch and partition arithmetic', () => {
  it('puts batches 1..20 in batch-number=1-20 and 21 in 21-40 (P = 20)', () => {
    for (let batch = 1; batch <= 20; batch += 1) expect(partitionFolder(batch, 20)).toBe('batch-number=1-20');
    expect(partitionFolder(21, 20)).toBe('batch-number=21-40');
    expect(partitionFolder(40, 20)).toBe('batch-number=21-40');
    expect(partitionFolder(41, 20)).toBe('batch-number=41-60');
  });

  it('groups by 5 with P = 5, and one batch per folder with P = 1', () => {
    expect([1, 5, 6, 10, 11].map((b) => partitionFolder(b, 5))).toEqual([
      'batch-number=1-5',
      'batch-number=1-5',
      'batch-number=6-10',
      'batch-number=6-10',
      'batch-number=11-15',
    ]);
    expect(partitionRange(7, 1)).toEqual({ start: 7, end: 7 });
  });

  it('every batch falls inside its own range, and ranges tile without gaps', () => {
    for (const size of [1, 3, 5, 20]) {
      for (let batch = 1; batch <= 100; batch += 1) {
        const { start, end } = partitionRange(batch, size);
        expect(start).toBeLessThanOrEqual(batch);
        expect(end).toBeGreaterThanOrEqual(batch);
        expect(end - start + 1).toBe(size);
        expect((start - 1) % size).toBe(0);
      }
    }
  });

  it('maps batch n to page n-1 and counts ceil(total / size) batches, the last one partial', () => {
    expect(pageOfBatch(1)).toBe(0);
    expect(pageOfBatch(5)).toBe(4);
    expect(batchCount({ total: 200, batchSize: 20 })).toBe(10);
    expect(batchCount({ total: 201, batchSize: 20 })).toBe(11);
    expect(batchCount({ total: 7, batchSize: 3 })).toBe(3);
    const plan = { total: 45, batchSize: 20 };
    expect([1, 2, 3].map((b) => keptCount(b, plan))).toEqual([20, 20, 5]);
    expect([1, 2, 3].map((b) => keptCount(b, plan)).reduce((a, b) => a + b)).toBe(plan.total);
  });

  it('names one file per batch inside its partition folder', () => {
    expect(batchFiles(5, 20)).toEqual({
      parquet: 'raw/batch-number=1-20/batch-000005.parquet',
      landingBody: 'landing/batch-000005.json',
      landingMeta: 'landing/batch-000005.meta.json',
      quarantine: 'quarantine/batch-000005.jsonl',
    });
    expect(batchFiles(23, 5).parquet).toBe('raw/batch-number=21-25/batch-000023.parquet');
  });
});
