// What every Node contender of the writer benchmark shares: the timed loop over the page files, one page
// at a time, from reading the file to the Parquet file on disk. Only the page-to-file step differs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BrowsePage, BrowsePageSchema } from '../ingest/schema.ts';
import { type WriterInput, batchNumberOf } from './writer-input.ts';

export interface ContenderResult {
  readonly rows: number;
  readonly seconds: number;
  readonly bytes: number;
}

export type PageWriter = (page: BrowsePage, batchNumber: number, path: string) => Promise<{ rows: number; bytes: number }>;

export async function timePages(input: WriterInput, outDir: string, writePage: PageWriter): Promise<ContenderResult> {
  let rows = 0;
  let bytes = 0;
  const start = performance.now();
  for (const file of input.files) {
    const page = BrowsePageSchema.parse(JSON.parse(await readFile(join(input.dir, file), 'utf8')));
    const written = await writePage(page, batchNumberOf(file), join(outDir, file.replace(/\.json$/, '.parquet')));
    rows += written.rows;
    bytes += written.bytes;
  }
  return { rows, seconds: (performance.now() - start) / 1000, bytes };
}
