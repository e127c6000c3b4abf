// parquetjs-lite, for the record: the same pages through the project's validate and explode, then row
// objects into parquetjs-lite's own schema mapping (snappy), collected in memory and written atomically.
import { Writable } from 'node:stream';
import parquet from 'parquetjs-lite';
import { toRows } from '../ingest/explode/row-view.ts';
import { transformPage } from '../ingest/explode/transform-page.ts';
import { type ColumnType, RAW_COLUMNS, type RawRow } from '../core/schema.ts';
import { writeFileAtomic } from '../core/atomic-file.ts';
import type { PageWriter } from './writer-contender.ts';

const PARQUETJS_TYPE: Record<ColumnType, string> = {
  string: 'UTF8',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  int: 'INT32',
  bigint: 'INT64',
  timestamp: 'TIMESTAMP_MICROS',
};

const schema = new parquet.ParquetSchema(
  Object.fromEntries(
    RAW_COLUMNS.map((c) => [c.name, { type: PARQUETJS_TYPE[c.type], optional: c.nullable, compression: 'SNAPPY' }]),
  ),
);

// parquetjs-lite takes Date for DATE, number for INT64, and skips absent (not null) optional values.
function toParquetjsRow(row: RawRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, type } of RAW_COLUMNS) {
    const value = row[name];
    if (value === null) continue;
    if (type === 'date') out[name] = new Date(`${String(value)}T00:00:00Z`);
    else if (type === 'bigint') out[name] = Number(value);
    else out[name] = value;
  }
  return out;
}

async function parquetjsBytes(rows: readonly RawRow[]): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const writer = await parquet.ParquetWriter.openStream(schema, sink);
  for (const row of rows) await writer.appendRow(toParquetjsRow(row));
  await writer.close();
  return Buffer.concat(chunks);
}

export function parquetjsWriter(ingestedAt: Date): PageWriter {
  return async (page, batchNumber, path) => {
    const { columns } = transformPage(page, { batchNumber, ingestedAt });
    const data = await parquetjsBytes(toRows(columns));
    await writeFileAtomic(path, data);
    return { rows: columns.rows, bytes: data.byteLength };
  };
}
