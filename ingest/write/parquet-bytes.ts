// Arrow table to Parquet bytes with parquet-wasm (the Rust arrow/parquet crates compiled to WebAssembly).
// File key/value metadata holds only what the writer itself adds: the ARROW:schema that lets Arrow
// readers restore exact types (e.g. the UTC zone of ingested_at). Nothing about the request goes in.
import { type Table, tableToIPC } from 'apache-arrow';
import {
  Compression,
  EnabledStatistics,
  type WriterProperties,
  WriterPropertiesBuilder,
  WriterVersion,
  Table as WasmTable,
  writeParquet,
} from 'parquet-wasm';

/**
 * Rows per row group. A batch file holds one page (tens to about ten thousand rows), so in the ingest
 * every file is one row group; the bound matters only for larger inputs, where it keeps a group's
 * decoded size to some tens of MB for readers and gives their statistics-based skipping a unit.
 */
const ROW_GROUP_ROWS = 128 * 1024;

/** The writer's settings: column statistics (min, max, null count) per row group, which readers use to
 * skip groups, and dictionary encoding on the given columns only. */
export function writerProperties(dictionaryColumns: readonly string[]): WriterProperties {
  const builder = new WriterPropertiesBuilder()
    .setWriterVersion(WriterVersion.V1)
    .setCompression(Compression.SNAPPY)
    .setStatisticsEnabled(EnabledStatistics.Chunk)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setDictionaryEnabled(false);
  return dictionaryColumns.reduce((b, column) => b.setColumnDictionaryEnabled(column, true), builder).build();
}

export function toParquetBytes(table: Table, dictionaryColumns: readonly string[]): Uint8Array {
  // writeParquet takes ownership of (and frees) both the wasm table and the properties.
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), writerProperties(dictionaryColumns));
}
