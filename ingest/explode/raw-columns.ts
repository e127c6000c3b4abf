// The exploded page held as columns, one per RAW_COLUMNS entry, allocated at the exact row count so
// explode writes straight into them. Every cell starts null: what explode does not fill stays null.
import { RAW_COLUMNS } from '../../core/schema.ts';
import type { Encoded, NumericType } from './encodings.ts';

type Spec = (typeof RAW_COLUMNS)[number];

export interface TextColumn {
  readonly type: 'string';
  readonly values: (string | null)[];
}

export interface NumericColumn<T extends NumericType = NumericType> {
  readonly type: T;
  readonly values: Float64Array;
  /** 1 where the row has a value, 0 where it is null. */
  readonly valid: Uint8Array;
}

export type RawColumnSet = {
  readonly [C in Spec as C['name']]: C['type'] extends NumericType ? NumericColumn<C['type']> : TextColumn;
};

export interface RawColumns {
  readonly rows: number;
  readonly columns: RawColumnSet;
}

export function allocateColumns(rows: number): RawColumns {
  const entries = RAW_COLUMNS.map((spec) => [
    spec.name,
    spec.type === 'string'
      ? { type: spec.type, values: new Array<string | null>(rows).fill(null) }
      : { type: spec.type, values: new Float64Array(rows), valid: new Uint8Array(rows) },
  ]);
  return { rows, columns: Object.fromEntries(entries) as RawColumnSet };
}

/** Sets rows [from, to) to one value; null or undefined leaves them null. */
export function fillText(column: TextColumn, from: number, to: number, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  if (to - from === 1) column.values[from] = value;
  else column.values.fill(value, from, to);
}

/** Sets rows [from, to) to one encoded value; null leaves them null. */
export function fill<T extends NumericType>(
  column: NumericColumn<T>,
  from: number,
  to: number,
  value: Encoded<T> | null,
): void {
  if (value === null) return;
  if (to - from === 1) {
    column.values[from] = value;
    column.valid[from] = 1;
  } else {
    column.values.fill(value, from, to);
    column.valid.fill(1, from, to);
  }
}

/** The encoded value at `row`, null when it is null or `row` is -1 (no such row). */
export function cell<T extends NumericType>(column: NumericColumn<T>, row: number): Encoded<T> | null {
  return row >= 0 && column.valid[row] === 1 ? (column.values[row] as Encoded<T>) : null;
}

export function textCell(column: TextColumn, row: number): string | null {
  return row >= 0 ? (column.values[row] ?? null) : null;
}
