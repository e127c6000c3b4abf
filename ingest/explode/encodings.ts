// How the column store holds each logical type. Every non-text column is a Float64Array plus a validity
// byte per row: one storage shape keeps explode simple and allocation-free, and the Arrow stage converts
// to the physical type once per column. Integers up to 2^53 (epoch ms, microseconds) are exact in a double.
// The brand ties each encoded number to its logical type at compile time, at no runtime cost.
import type { ColumnType } from '../../core/schema.ts';

export type NumericType = Exclude<ColumnType, 'string'>;

declare const logical: unique symbol;
export type Encoded<T extends NumericType> = number & { readonly [logical]: T };

export const MS_PER_DAY = 86_400_000;

export function double(value: number | undefined): Encoded<'double'> | null {
  return value === undefined ? null : (value as Encoded<'double'>);
}

/** A validated decimal string (".5075712266276072" included) to the nearest double, as Number() does. */
export function decimal(value: string | undefined): Encoded<'double'> | null {
  return value === undefined ? null : (Number(value) as Encoded<'double'>);
}

export function int(value: number | undefined): Encoded<'int'> | null {
  return value === undefined ? null : (value as Encoded<'int'>);
}

export function bigint(value: number | undefined): Encoded<'bigint'> | null {
  return value === undefined ? null : (value as Encoded<'bigint'>);
}

export function flag(value: boolean | undefined): Encoded<'boolean'> | null {
  return value === undefined ? null : ((value ? 1 : 0) as Encoded<'boolean'>);
}

/** Days since 1970-01-01 of a validated `YYYY-MM-DD`, without building a Date per value. */
export function day(iso: string | undefined): Encoded<'date'> | null {
  if (iso === undefined) return null;
  return daysFromCivil(digits(iso, 0, 4), digits(iso, 5, 7), digits(iso, 8, 10)) as Encoded<'date'>;
}

export function micros(at: Date): Encoded<'timestamp'> {
  return (at.getTime() * 1000) as Encoded<'timestamp'>;
}

/** Back from the store to RawRow values (tests and inspection; the writer never goes through rows). */
export const DECODE = {
  double: (v: number) => v,
  int: (v: number) => v,
  bigint: (v: number) => BigInt(v),
  boolean: (v: number) => v === 1,
  date: (v: number) => new Date(v * MS_PER_DAY).toISOString().slice(0, 10),
  timestamp: (v: number) => new Date(v / 1000),
} as const satisfies Record<NumericType, (v: number) => unknown>;

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

// Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date.
function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
