// What every Node contender of the writer benchmark shares: the page bodies read into strings first
// (untimed: in the ingest they arrive as HTTP response strings), then the timed loop, one page at a
// time, from the page string to the Parquet file on disk. Only the page-to-file step differs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BrowsePage, BrowsePageSchema } from '../core/schema.ts';
import { type WriterInput, batchNumberOf } from './writer-input.ts';

export interface ContenderResult {
  readonly rows: number;
  /** Wall-clock time of the loop. */
  readonly seconds: number;
  /** CPU time of the process over the loop (all its threads): less sensitive to a busy machine. */
  readonly cpu_seconds: number;
  readonly bytes: number;
}

export type PageWriter = (
  page: BrowsePage,
  batchNumber: number,
  path: string,
) => Promise<{ rows: number; bytes: number }>;

export async function timePages(input: WriterInput, outDir: string, writePage: PageWriter): Promise<ContenderResult> {
  const bodies: string[] = [];
  for (const file of input.files) bodies.push(await readFile(join(input.dir, file), 'utf8'));
  let rows = 0;
  let bytes = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const [i, file] of input.files.entries()) {
    const page = BrowsePageSchema.parse(JSON.parse(bodies[i] as string));
    const written = await writePage(page, batchNumberOf(file), join(outDir, file.replace(/\.json$/, '.parquet')));
    rows += written.rows;
    bytes += written.bytes;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { rows, seconds: (performance.now() - start) / 1000, cpu_seconds: (cpu.user + cpu.system) / 1e6, bytes };
}
