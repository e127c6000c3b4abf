// Rows out of the column store, typed as RawRow: for tests and inspection, not for the write path.
import { RAW_COLUMNS, type RawRow } from '../../core/schema.ts';
import { DECODE } from './encodings.ts';
import type { RawColumns } from './raw-columns.ts';

export function rowAt({ rows, columns }: RawColumns, index: number): RawRow {
  if (index < 0 || index >= rows) throw new RangeError(`row ${index} outside 0..${rows - 1}`);
  const row: Record<string, unknown> = {};
  for (const { name } of RAW_COLUMNS) {
    const column = columns[name];
    if (column.type === 'string') row[name] = column.values[index];
    else row[name] = column.valid[index] === 1 ? DECODE[column.type](column.values[index] ?? Number.NaN) : null;
  }
  return row as RawRow;
}

export function toRows(columns: RawColumns): RawRow[] {
  return Array.from({ length: columns.rows }, (_, i) => rowAt(columns, i));
}
