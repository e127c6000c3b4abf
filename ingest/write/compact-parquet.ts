// Compaction's Parquet work: a partition's per-batch files merged into one file, and a compacted file
// split back into per-batch files. Rows are decoded to the Arrow types they were written from and encoded
// again by the same writer, so every value comes back exactly as it was; rows keep batch order, so each
// batch's rows stay consecutive and a split needs no sort.
import { type Table, tableFromIPC } from 'apache-arrow';
import { type RecordBatch, readParquet, transformParquetStream } from 'parquet-wasm';
import { repetitiveTableColumns } from './dictionary-columns.ts';
import { toParquetBytes, writerProperties } from './parquet-bytes.ts';

export function readRawTable(parquet: Uint8Array): Table {
  // intoIPCStream hands the rows over to JavaScript and frees the WebAssembly table.
  return tableFromIPC(readParquet(parquet).intoIPCStream());
}

/**
 * The files' rows one after another, as one Parquet file. The writer is fed one record batch at a time:
 * given the whole partition as one table, parquet-wasm's WebAssembly memory, which never shrinks, grew by
 * the partition's decoded size (a 2,000-NEO ingest peaked at 500 MB, 334 MB without compaction).
 */
export async function mergedParquet(files: readonly Uint8Array[]): Promise<Uint8Array> {
  if (files.length === 0) throw new Error('compaction needs at least one file');
  // The batches share their columns' nature; the largest (never an empty one) decides which get a dictionary.
  const largest = files.reduce((a, b) => (b.byteLength > a.byteLength ? b : a));
  const properties = writerProperties(repetitiveTableColumns(readRawTable(largest)));
  let next = 0;
  const batches = new ReadableStream<RecordBatch>({
    pull(controller) {
      const file = files[next++];
      if (file === undefined) return controller.close();
      const table = readParquet(file);
      for (const batch of table.recordBatches()) controller.enqueue(batch);
      table.free();
    },
  });
  const parquet = (await transformParquetStream(batches, properties)) as ReadableStream<Uint8Array>;
  return new Uint8Array(await new Response(parquet).arrayBuffer());
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
