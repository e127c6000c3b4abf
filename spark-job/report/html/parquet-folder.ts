// The rows of one Spark result folder (part-*.parquet), read with parquet-wasm and apache-arrow as the
// ingest writes them. Hidden files (staging, .crc) and _SUCCESS are not data.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';

/** A result folder is not there (or holds no Parquet file): the job that writes it has not run. */
export class ResultsMissing extends Error {
  override readonly name = 'ResultsMissing';
}

export type Row = Readonly<Record<string, unknown>>;

const isDataFile = (name: string) => name.endsWith('.parquet') && !name.startsWith('.') && !name.startsWith('_');

/** Every row of every data file in `dir`, files in name order, each row checked for `columns`. */
export async function readParquetFolder(dir: string, columns: readonly string[]): Promise<Row[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  const files = (names ?? []).filter(isDataFile).sort();
  if (files.length === 0) throw new ResultsMissing(`${dir} holds no result (no part-*.parquet)`);
  const rows: Row[] = [];
  for (const file of files) {
    const table = tableFromIPC(readParquet(await readFile(join(dir, file))).intoIPCStream());
    const present = new Set(table.schema.fields.map((field) => field.name));
    const absent = columns.filter((column) => !present.has(column));
    if (absent.length > 0) throw new ResultsMissing(`${join(dir, file)} has no column ${absent.join(', ')}`);
    for (const row of table) if (row !== null) rows.push(row.toJSON() as Row);
  }
  return rows;
}
