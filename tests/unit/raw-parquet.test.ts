import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { describe, expect } from 'vitest';
import { allocateColumns } from '../../ingest/explode/raw-columns.ts';
import { toRows } from '../../ingest/explode/row-view.ts';
import { transformPage } from '../../ingest/explode/transform-page.ts';
import { type ColumnType, RAW_COLUMNS, type RawRow } from '../../core/schema.ts';
import { toArrowTable } from '../../ingest/write/arrow-table.ts';
import { writeRawParquet } from '../../ingest/write/raw-parquet.ts';
import { approach, modernNeo, pageOf } from '../support/modern-neo.ts';
import { it } from '../support/fixtures.ts';

// The contract's physical mapping, as Arrow JS names the types.
const ARROW_TYPE: Record<ColumnType, string> = {
  string: 'Utf8',
  double: 'Float64',
  boolean: 'Bool',
  date: 'Date32<DAY>',
  int: 'Int32',
  bigint: 'Int64',
  timestamp: 'Timestamp<MICROSECOND, UTC>',
};

// Arrow JS hands dates and timestamps back as epoch milliseconds.
function rowsOf(table: Table): RawRow[] {
  return table.toArray().map((struct: { toJSON(): Record<string, unknown> }) => {
    const row = struct.toJSON();
    for (const { name, type } of RAW_COLUMNS) {
      const value = row[name];
      if (value === null || typeof value !== 'number') continue;
      if (type === 'date') row[name] = new Date(value).toISOString().slice(0, 10);
      if (type === 'timestamp') row[name] = new Date(value);
    }
    return row as RawRow;
  });
}

// Awkward on purpose: multi-byte names, runs of one text split by nulls, pre-1970 epochs, no approaches.
const records = [
  modernNeo({
    id: '1',
    name: 'Ω (2020 ÆØ) 🚀',
    name_limited: 'Ω',
    close_approach_data: [
      approach({
        orbiting_body: 'Earth',
        epoch_date_close_approach: -2208988800000,
        close_approach_date: '1900-01-01',
      }),
      approach({ orbiting_body: 'Earth' }),
      approach({ orbiting_body: undefined }),
      approach({ orbiting_body: 'Earth' }),
      approach({ orbiting_body: 'Moon', epoch_date_close_approach: undefined }),
    ],
  }),
  modernNeo({ id: '2', close_approach_data: [], designation: undefined, absolute_magnitude_h: undefined }),
  modernNeo({ id: '3', name: 'plain', is_potentially_hazardous_asteroid: true }),
];
const lineage = { batchNumber: 123, ingestedAt: new Date('2026-03-04T05:06:07.089Z') };
const { columns } = transformPage(pageOf(records), lineage);

describe('toArrowTable', () => {
  it('has the contract columns in order, with their physical types and nullability', () => {
    const table = toArrowTable(columns);
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
      RAW_COLUMNS.map((c) => [c.name, ARROW_TYPE[c.type], c.nullable]),
    );
  });

  it('holds exactly the exploded rows', () => {
    const table = toArrowTable(columns);
    expect(table.numRows).toBe(columns.rows);
    expect(rowsOf(table)).toEqual(toRows(columns));
  });

  it('refuses a null in a column the contract says is never null', () => {
    expect(() => toArrowTable(allocateColumns(1))).toThrow(/column id is not nullable but holds 1 nulls/);
  });
});

describe('writeRawParquet', () => {
  it('writes a file that reads back to the same rows and types, and reports its size and checksum', async ({
    tempDir: dir,
  }) => {
    const path = join(dir, 'nested', 'batch-000123.parquet');
    const written = await writeRawParquet(columns, path);
    const bytes = await readFile(path);
    expect(written).toEqual({
      rows: columns.rows,
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });

    const table = tableFromIPC(readParquet(bytes).intoIPCStream());
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
      RAW_COLUMNS.map((c) => [c.name, ARROW_TYPE[c.type], c.nullable]),
    );
    expect(rowsOf(table)).toEqual(toRows(columns));
  });

  it('writes an empty page as a valid file with no rows', async ({ tempDir: dir }) => {
    const path = join(dir, 'empty.parquet');
    const { columns: none } = transformPage(pageOf([]), lineage);
    expect((await writeRawParquet(none, path)).rows).toBe(0);
    expect(tableFromIPC(readParquet(await readFile(path)).intoIPCStream()).numRows).toBe(0);
  });
});
