// Batch ranges and raw/ partition folders as numbers: which folders a range touches, which batches it
// lacks. Folder names are parsed, not computed from a partition size, so any --partition-size the
// ingest used works.

/** Batches start..end, inclusive, 1 <= start <= end. */
export interface BatchRange {
  readonly start: number;
  readonly end: number;
}

/** A raw/ partition folder, `batch-number=21-40`. */
export interface PartitionFolder extends BatchRange {
  readonly name: string;
}

const PARTITION_FOLDER = /^batch-number=(\d+)-(\d+)$/;
const BATCH_FILE = /^batch-(\d+)\.parquet$/;

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
