// Arrow table to Parquet bytes with parquet-wasm (the Rust arrow/parquet crates compiled to WebAssembly).
// File key/value metadata holds only what the writer itself adds: the ARROW:schema that lets Arrow
// readers restore exact types (e.g. the UTC zone of ingested_at). Nothing about the request goes in.
import { type Table, tableToIPC } from 'apache-arrow';
import {
  Compression,
  EnabledStatistics,
  WriterPropertiesBuilder,
  WriterVersion,
  Table as WasmTable,
  writeParquet,
} from 'parquet-wasm';

/**
 * Rows per row group. A batch file holds one page (hundreds to a few thousand rows), so this only
 * bounds larger inputs: 128Ki rows of about 40 compressed bytes keep a group near Spark's split sizes
 * while letting readers skip groups by their statistics.
 */
export const ROW_GROUP_ROWS = 128 * 1024;

export function toParquetBytes(table: Table): Uint8Array {
  // writeParquet takes ownership of (and frees) both the wasm table and the properties.
  const properties = new WriterPropertiesBuilder()
    .setWriterVersion(WriterVersion.V1)
    .setCompression(Compression.SNAPPY)
    .setDictionaryEnabled(true)
    .setStatisticsEnabled(EnabledStatistics.Chunk)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), properties);
}
