// Raw columns to a Parquet file, written atomically; returns what the manifest records about it.
import { writeFileAtomic } from '../../core/atomic-file.ts';
import { sha256Hex } from '../../core/hashing.ts';
import type { RawColumns } from '../explode/raw-columns.ts';
import { toArrowTable } from './arrow-table.ts';
import { repetitiveColumns } from './dictionary-columns.ts';
import { toParquetBytes } from './parquet-bytes.ts';

export interface WrittenParquet {
  readonly rows: number;
  readonly bytes: number;
  /** Hex SHA-256 of exactly the bytes written. */
  readonly sha256: string;
}

export async function writeRawParquet(columns: RawColumns, path: string): Promise<WrittenParquet> {
  const bytes = toParquetBytes(toArrowTable(columns), repetitiveColumns(columns));
  const written = writeFileAtomic(path, bytes);
  // Hashed while the file system works on the write.
  const sha256 = sha256Hex(bytes);
  await written;
  return { rows: columns.rows, bytes: bytes.byteLength, sha256 };
}
