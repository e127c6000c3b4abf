// Compaction's Parquet work: a partition's per-batch files merged into one file, and a compacted file
// split back into per-batch files. Rows are decoded to the Arrow types they were written from and encoded
// again by the same writer, so every value comes back exactly as it was; rows keep batch order, so each
// batch's rows stay consecutive and a split needs no sort.
import { type Table, tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { repetitiveTableColumns } from './dictionary-columns.ts';
import { toParquetBytes } from './parquet-bytes.ts';

export function readRawTable(parquet: Uint8Array): Table {
  // intoIPCStream hands the rows over to JavaScript and frees the WebAssembly table.
  return tableFromIPC(readParquet(parquet).intoIPCStream());
}

/** The tables' rows one after another, as one Parquet file. */
export function mergedParquet(tables: readonly Table[]): Uint8Array {
  const [first, ...rest] = tables;
  if (first === undefined) throw new Error('compaction needs at least one table');
  const merged = first.concat(...rest);
  return toParquetBytes(merged, repetitiveTableColumns(merged));
}

/**
 * One Parquet file per batch from a compacted table, for each of `batches` (ascending): a batch with no
 * rows in it (every NEO quarantined) gets an empty file, as it had before compaction.
 */
export function splitParquet(table: Table, batches: readonly number[]): Map<number, Uint8Array> {
  const runs = batchRuns(table);
  const files = new Map<number, Uint8Array>();
  for (const batch of batches) {
    const run = runs.get(batch) ?? { start: 0, end: 0 };
    const part = table.slice(run.start, run.end);
    files.set(batch, toParquetBytes(part, repetitiveTableColumns(part)));
  }
  return files;
}

/** Row range [start, end) of each batch; a batch whose rows are not consecutive is a bug upstream. */
function batchRuns(table: Table): Map<number, { start: number; end: number }> {
  const column = table.getChild('batch_number');
  if (column === null) throw new Error('a raw table without batch_number');
  const values = column.toArray() as Int32Array;
  const runs = new Map<number, { start: number; end: number }>();
  for (let start = 0; start < values.length;) {
    const batch = values[start] as number;
    let end = start + 1;
    while (end < values.length && values[end] === batch) end += 1;
    if (runs.has(batch)) throw new Error(`batch ${batch}'s rows are not consecutive in the compacted file`);
    runs.set(batch, { start, end });
    start = end;
  }
  return runs;
}
