// Raw columns to an Arrow table. Each logical type of RAW_COLUMNS has exactly one physical Arrow type,
// chosen here; nullability comes from RAW_COLUMNS. Buffers are built directly from the column store
// (no per-value builders), and a text value repeated down consecutive rows -- the NEO attributes --
// is UTF-8 encoded once per run and copied.
import {
  Bool,
  type Data,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
  Timestamp,
  Utf8,
  makeData,
} from 'apache-arrow';
import type { NumericColumn, RawColumns, TextColumn } from '../explode/raw-columns.ts';
import { RAW_COLUMNS } from '../../core/schema.ts';

export function toArrowTable({ rows, columns }: RawColumns): Table {
  const data = RAW_COLUMNS.map((spec) => {
    const column = columns[spec.name];
    const built = column.type === 'string' ? textData(column, rows) : numericData(column, rows);
    if (!spec.nullable && built.nullCount > 0) {
      throw new Error(`column ${spec.name} is not nullable but holds ${built.nullCount} nulls`);
    }
    return built;
  });
  const fields = RAW_COLUMNS.map((spec, i) => new Field(spec.name, (data[i] as Data).type, spec.nullable));
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children: data });
  return new Table(schema, new RecordBatch(schema, struct));
}

function numericData(column: NumericColumn, length: number): Data {
  const { values, valid } = column;
  const nullCount = length - countSet(valid);
  const nullBitmap = nullCount === 0 ? undefined : packBits(valid, length);
  const common = { length, nullCount, nullBitmap };
  switch (column.type) {
    case 'double':
      return makeData({ type: new Float64(), data: values, ...common });
    case 'int':
      return makeData({ type: new Int32(), data: toInt32(values), ...common });
    case 'date':
      return makeData({ type: new DateDay(), data: toInt32(values), ...common });
    case 'boolean':
      return makeData({ type: new Bool(), data: packBits(values, length), ...common });
    case 'bigint':
      return makeData({ type: new Int64(), data: toInt64(values), ...common });
    case 'timestamp':
      return makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'UTC'), data: toInt64(values), ...common });
  }
}

function textData({ values }: TextColumn, length: number): Data<Utf8> {
  let capacity = 0;
  let nulls = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) nulls += 1;
    else capacity += value.length * 3; // UTF-16 unit -> at most 3 UTF-8 bytes
  }
  const bytes = Buffer.alloc(capacity);
  const valueOffsets = new Int32Array(length + 1);
  const valid = new Uint8Array(length);
  let end = 0;
  for (let i = 0; i < length;) {
    const value = values[i] ?? null;
    let runEnd = i + 1;
    while (runEnd < length && values[runEnd] === value) runEnd += 1;
    if (value === null) {
      valueOffsets.fill(end, i + 1, runEnd + 1);
    } else {
      // Encode once (Buffer.write: in place, no view object per value), then double the copy per run.
      const start = end;
      const size = bytes.write(value, start);
      const runBytes = size * (runEnd - i);
      for (let copied = size; copied < runBytes; copied *= 2) {
        bytes.copyWithin(start + copied, start, start + Math.min(copied, runBytes - copied));
      }
      for (let row = i; row < runEnd; row++) valueOffsets[row + 1] = start + size * (row - i + 1);
      valid.fill(1, i, runEnd);
      end = start + runBytes;
    }
    i = runEnd;
  }
  const nullBitmap = nulls === 0 ? undefined : packBits(valid, length);
  const data = bytes.subarray(0, end);
  return makeData({ type: new Utf8(), length, nullCount: nulls, nullBitmap, valueOffsets, data });
}

function countSet(flags: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < flags.length; i++) n += flags[i] as number;
  return n;
}

/** Arrow's LSB-first bitmap of values !== 0. */
function packBits(values: ArrayLike<number>, length: number): Uint8Array {
  const bits = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) {
    if (values[i] !== 0) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
  }
  return bits;
}

function toInt32(values: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  out.set(values); // converts element-wise, natively
  return out;
}

/** Whole doubles to little-endian int64 through two 32-bit words: no BigInt per value. */
function toInt64(values: Float64Array): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const words = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const high = Math.floor(v / 4_294_967_296);
    words[2 * i] = v - high * 4_294_967_296;
    words[2 * i + 1] = high;
  }
  return out;
}
