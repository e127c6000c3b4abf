// The output contract: folder names, and batch <-> page <-> partition arithmetic with its parser. Batch n
// (1-based) is browse page n-1 at the batch size, and lives in a partition folder of P consecutive batches.
import { join } from 'node:path';

/** Top-level folders of an output dir. */
export const FOLDERS = {
  raw: 'raw',
  landing: 'landing',
  quarantine: 'quarantine',
  /** The aggregation's metrics, one folder per batch range: metric STRING, value BIGINT. */
  aggregations: 'aggregations',
  /** The range's closest approaches, one folder per batch range (see CLOSEST_APPROACH_COLUMNS). */
  closestApproaches: 'closest-approaches',
  /** Approaches per year and orbiting body, one folder per batch range (see YEARLY_APPROACH_COLUMNS). */
  yearlyApproaches: 'approaches-by-year-and-body',
  /** One HTML report per batch range: reports/batches-1-10/report.html. */
  reports: 'reports',
  /** spark.eventLog.dir in docker/spark-defaults.conf, relative to the folder mounted at /opt/neo/output. */
  sparkEvents: 'spark-events',
} as const;

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

/** Batches start..end, inclusive, 1 <= start <= end. */
export interface BatchRange {
  readonly start: number;
  readonly end: number;
}

export function partitionRange(batch: number, partitionSize: number): BatchRange {
  const start = Math.floor((batch - 1) / partitionSize) * partitionSize + 1;
  return { start, end: start + partitionSize - 1 };
}

export function partitionFolder(batch: number, partitionSize: number): string {
  const { start, end } = partitionRange(batch, partitionSize);
  return `batch-number=${start}-${end}`;
}

/** A raw/ partition folder, `batch-number=21-40`. */
export interface PartitionFolder extends BatchRange {
  readonly name: string;
}

const PARTITION_FOLDER = /^batch-number=(\d+)-(\d+)$/;
const BATCH_FILE = /^batch-(\d+)\.parquet$/;

/** The inverse of partitionFolder(); null for any other name. Any partition size parses. */
export function parsePartitionFolder(name: string): PartitionFolder | null {
  const match = PARTITION_FOLDER.exec(name);
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start >= 1 && start <= end ? { name, start, end } : null;
}

/** The batch number of `batch-000005.parquet`; null for anything else (hidden temp files included). */
export function parseBatchFile(name: string): number | null {
  const match = BATCH_FILE.exec(name);
  return match ? Number(match[1]) : null;
}

const COMPACTED_FILE = /^batches-(\d+)-(\d+)\.parquet$/;

/**
 * A whole partition's batches in one file, `batches-000001-000020.parquet`: what compaction leaves in a
 * partition folder in place of its per-batch files, so Spark opens one file, not one per batch.
 */
export function compactedFileName({ start, end }: BatchRange): string {
  return `batches-${String(start).padStart(6, '0')}-${String(end).padStart(6, '0')}.parquet`;
}

/** The compacted file of the partition holding `batch`, relative to the output dir (as the manifest stores it). */
export function compactedFile(batch: number, partitionSize: number): string {
  const range = partitionRange(batch, partitionSize);
  return join(FOLDERS.raw, partitionFolder(batch, partitionSize), compactedFileName(range));
}

/** The inverse of compactedFileName(); null for any other name (hidden temp files included). */
export function parseCompactedFile(name: string): BatchRange | null {
  const match = COMPACTED_FILE.exec(name);
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start >= 1 && start <= end ? { start, end } : null;
}

/** The batches a raw/ file name says it holds: one for a batch file, a range for a compacted file. */
export function batchesOfRawFile(name: string): number[] {
  const batch = parseBatchFile(name);
  if (batch !== null) return [batch];
  const range = parseCompactedFile(name);
  return range === null ? [] : batchRange(range.start, range.end);
}

/**
 * Where compaction stages a partition folder's new contents before swapping them in, relative to the
 * output dir: outside raw/, since DuckDB's `raw/*` glob would also match a hidden folder inside it.
 */
export const COMPACTION_STAGING = '.compaction';

/** A result folder of the aggregation, `batches-1-10`. */
export const resultFolderName = (range: BatchRange) => `batches-${range.start}-${range.end}`;

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
    parquet: join(FOLDERS.raw, partitionFolder(batch, partitionSize), `${stem}.parquet`),
    landingBody: join(FOLDERS.landing, `${stem}.json`),
    landingMeta: join(FOLDERS.landing, `${stem}.meta.json`),
    quarantine: join(FOLDERS.quarantine, `${stem}.jsonl`),
  };
}

/** Batches first..last inclusive. */
export function batchRange(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

export function intersects(a: BatchRange, b: BatchRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function contains(range: BatchRange, batch: number): boolean {
  return batch >= range.start && batch <= range.end;
}

export const rangeSize = (range: BatchRange) => range.end - range.start + 1;

/** Batches of the range not in `present`, ascending. */
export function missingBatches(range: BatchRange, present: ReadonlySet<number>): number[] {
  const missing: number[] = [];
  for (let batch = range.start; batch <= range.end; batch++) if (!present.has(batch)) missing.push(batch);
  return missing;
}

/** Ascending batch numbers as short text: [3, 4, 5, 9] -> "3-5, 9". */
export function describeBatches(batches: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < batches.length) {
    let j = i;
    while (j + 1 < batches.length && batches[j + 1] === (batches[j] as number) + 1) j++;
    parts.push(i === j ? String(batches[i]) : `${batches[i]}-${batches[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
