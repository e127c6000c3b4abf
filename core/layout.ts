// Batch arithmetic shared by the run, the manifest and the tests: batch n (1-based) is browse page n-1
// at the batch size, and lives in a partition folder of P consecutive batches.
import { join } from 'node:path';

/** The layout's defaults, shared by the ingest (which writes it) and the aggregation (which reads it). */
export const LAYOUT_DEFAULTS = {
  /** NEOs per browse request, the API's page size. */
  batchSize: 20,
  /** Batches per raw/ partition folder. */
  partitionSize: 20,
  outputDir: './output',
} as const;

export interface BatchPlanInput {
  readonly total: number;
  readonly batchSize: number;
}

export function batchCount({ total, batchSize }: BatchPlanInput): number {
  return Math.ceil(total / batchSize);
}

export function pageOfBatch(batch: number): number {
  return batch - 1;
}

/**
 * NEOs kept from batch n. Every batch requests a full page at the batch size, so page n-1 always holds
 * the same NEOs whatever --total is; the last batch keeps only the first NEOs up to --total.
 */
export function keptCount(batch: number, { total, batchSize }: BatchPlanInput): number {
  return Math.max(0, Math.min(batchSize, total - (batch - 1) * batchSize));
}

export interface PartitionRange {
  readonly start: number;
  readonly end: number;
}

export function partitionRange(batch: number, partitionSize: number): PartitionRange {
  const start = Math.floor((batch - 1) / partitionSize) * partitionSize + 1;
  return { start, end: start + partitionSize - 1 };
}

export function partitionFolder(batch: number, partitionSize: number): string {
  const { start, end } = partitionRange(batch, partitionSize);
  return `batch-number=${start}-${end}`;
}

/** `batch-000005`: zero-padded so files sort in batch order. */
export function batchStem(batch: number): string {
  return `batch-${String(batch).padStart(6, '0')}`;
}

/** Where one batch's files go, relative to the output dir (the manifest stores these). */
export interface BatchFiles {
  readonly parquet: string;
  readonly landingBody: string;
  readonly landingMeta: string;
  readonly quarantine: string;
}

export function batchFiles(batch: number, partitionSize: number): BatchFiles {
  const stem = batchStem(batch);
  return {
    parquet: join('raw', partitionFolder(batch, partitionSize), `${stem}.parquet`),
    landingBody: join('landing', `${stem}.json`),
    landingMeta: join('landing', `${stem}.meta.json`),
    quarantine: join('quarantine', `${stem}.jsonl`),
  };
}

/** Batches first..last inclusive. */
export function batchRange(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
