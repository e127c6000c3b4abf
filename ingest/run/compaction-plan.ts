// Which partition folders a run compacts, and which it must split back first because a batch in them is
// to be redone. Decided from the manifest alone: a batch's entry says whether its rows are in its own
// file or in its partition's compacted file.
import { type BatchRange, batchFiles, batchRange, compactedFile, partitionRange } from '../../core/layout.ts';
import type { Manifest } from '../../core/manifest.ts';
import type { Work } from '../types.ts';

export interface CompactionInput {
  readonly manifest: Manifest;
  readonly partitionSize: number;
  /** Batches of the run's --total. */
  readonly planned: number;
  /** Partitions of fewer batches are left as they are (DEFAULTS.compactMinBatches). */
  readonly minBatches: number;
}

/**
 * Full partitions (every one of their batches within the planned ones) whose batches are all done, each
 * still in its own file. A partition reaching past the planned batches may still grow: left alone.
 */
export function partitionsToCompact({ manifest, partitionSize, planned, minBatches }: CompactionInput): BatchRange[] {
  if (partitionSize < minBatches) return [];
  const ranges: BatchRange[] = [];
  for (let start = 1; start + partitionSize - 1 <= planned; start += partitionSize) {
    const range = partitionRange(start, partitionSize);
    const inOwnFiles = batchRange(range.start, range.end).every((batch) => {
      const entry = manifest.batches.get(batch);
      return entry?.status === 'done' && entry.parquet === batchFiles(batch, partitionSize).parquet;
    });
    if (inOwnFiles) ranges.push(range);
  }
  return ranges;
}

/** Partitions holding a batch of `work`, ascending, once each: those a compacted file may hold. */
export function partitionsOfWork(work: readonly Work[], partitionSize: number): BatchRange[] {
  const starts = new Set(work.map(({ batch }) => partitionRange(batch, partitionSize).start));
  return [...starts].sort((a, b) => a - b).map((start) => partitionRange(start, partitionSize));
}

/** Batches of the partition whose entries say their rows are in its compacted file. */
export function compactedBatches(manifest: Manifest, range: BatchRange, partitionSize: number): number[] {
  const file = compactedFile(range.start, partitionSize);
  return batchRange(range.start, range.end).filter((batch) => {
    const entry = manifest.batches.get(batch);
    return entry?.status === 'done' && entry.parquet === file;
  });
}
