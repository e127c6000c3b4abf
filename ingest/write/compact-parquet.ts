// Compaction's Parquet work: a partition's per-batch files merged into one file, and a compacted file
// split back into per-batch files. Rows are decoded to the Arrow types they were written from and encoded
// again by the same writer, so every value comes back exactly as it was; rows keep batch order, so each
// batch's rows stay consecutive and a split needs no sort.
import { type Table, tableFromIPC } from 'apache-arrow';
import { ParquetFile, type RecordBatch, readParquet, transformParquetStream } from 'parquet-wasm';
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

/** Rows decoded at a time when a compacted file is split. */
const SPLIT_BATCH_ROWS = 16 * 1024;

/**
 * One Parquet file per batch of a compacted file, for each of `batches`: a batch with no rows
 * in it (every NEO quarantined) gets an empty file, as it had before compaction. The file is decoded
 * SPLIT_BATCH_ROWS rows at a time and each batch written as soon as its rows end: decoded whole, splitting
 * a catalogue partition (151,684 rows) took the process to 380 MB of RSS; streamed, 291 MB.
 */
export async function splitParquet(parquet: Uint8Array, batches: readonly number[]): Promise<Map<number, Uint8Array>> {
  const wanted = new Set(batches);
  const files = new Map<number, Uint8Array>();
  const seen = new Set<number>();
  let current = null as BatchRows | null;
  const finish = (done: BatchRows | null) => {
    if (done !== null && wanted.has(done.batch)) files.set(done.batch, parquetOf(concat(done.parts)));
  };
  const file = await ParquetFile.fromFile(new Blob([parquet]));
  try {
    // An empty table of the file's schema, for the batches without rows.
    const empty = tableFromIPC(file.schema().intoIPCStream());
    const stream = (await file.stream({ batchSize: SPLIT_BATCH_ROWS })) as ReadableStream<RecordBatch>;
    for await (const batch of stream) {
      const rows = tableFromIPC(batch.intoIPCStream());
      for (const run of batchRuns(rows)) {
        if (current?.batch !== run.batch) {
          finish(current);
          // Rows keep batch order (mergedParquet): a batch seen again means the file is not what we wrote.
          if (seen.has(run.batch))
            throw new Error(`batch ${run.batch}'s rows are not consecutive in the compacted file`);
          seen.add(run.batch);
          current = { batch: run.batch, parts: [] };
        }
        current.parts.push(rows.slice(run.start, run.end));
      }
    }
    finish(current);
    for (const batch of batches) if (!files.has(batch)) files.set(batch, parquetOf(empty));
    return files;
  } finally {
    file.free();
  }
}

interface BatchRows {
  readonly batch: number;
  readonly parts: Table[];
}

const parquetOf = (table: Table) => toParquetBytes(table, repetitiveTableColumns(table));
const concat = (parts: readonly Table[]) => parts.reduce((all, part) => all.concat(part));

/** Runs of consecutive rows of one batch, in order: [start, end) and the batch. */
function batchRuns(table: Table): { batch: number; start: number; end: number }[] {
  const column = table.getChild('batch_number');
  if (column === null) throw new Error('a raw table without batch_number');
  const values = column.toArray() as Int32Array;
  const runs: { batch: number; start: number; end: number }[] = [];
  for (let start = 0; start < values.length;) {
    const batch = values[start] as number;
    let end = start + 1;
    while (end < values.length && values[end] === batch) end += 1;
    runs.push({ batch, start, end });
    start = end;
  }
  return runs;
}
