// The writer benchmark's input: browse page bodies exactly as the stand-in serves them (the modern
// synthetic catalogue), generated once per run and written to files that every contender reads.
// Pages are taken spread over the whole catalogue, so early NEOs with hundreds of approaches and
// recent ones with a handful are mixed as in a full ingest.
import { join } from 'node:path';
import { createCatalogue } from '../standin/catalogue.ts';
import { MAX_PAGE_SIZE, browseReply } from '../standin/protocol.ts';
import { writeFileAtomic } from '../core/atomic-file.ts';

/** About the modern catalogue's size (NeoWs, 2024-2025). */
const CATALOGUE_SIZE = 40_000;
/** Coprime with the page count, so stepping by it visits pages spread evenly, none twice. */
const PAGE_STRIDE = 997;
const BASE_URL = 'http://127.0.0.1:0';
const BENCH_KEY = 'BENCH_KEY_NOT_A_SECRET';

export interface WriterInput {
  readonly dir: string;
  /** File names in batch order: `batch-NNNNNN.json`. */
  readonly files: readonly string[];
  /** Exploded rows the pages hold: the sum over NEOs of max(1, approaches). */
  readonly rows: number;
  readonly bytes: number;
}

export async function writeWriterInput(
  dir: string,
  { rows, seed }: { rows: number; seed: number },
): Promise<WriterInput> {
  const catalogue = createCatalogue({ seed, size: CATALOGUE_SIZE });
  const pageCount = Math.ceil(CATALOGUE_SIZE / MAX_PAGE_SIZE);
  const files: string[] = [];
  let total = 0;
  let bytes = 0;
  for (let k = 0; total < rows; k++) {
    if (k >= pageCount) throw new Error(`the catalogue holds fewer than ${rows} rows`);
    const page = (k * PAGE_STRIDE) % pageCount;
    const { body } = browseReply(catalogue, page, MAX_PAGE_SIZE, BASE_URL, BENCH_KEY);
    const file = `batch-${String(files.length + 1).padStart(6, '0')}.json`;
    await writeFileAtomic(join(dir, file), body);
    files.push(file);
    bytes += Buffer.byteLength(body);
    for (let i = page * MAX_PAGE_SIZE; i < Math.min((page + 1) * MAX_PAGE_SIZE, catalogue.size); i++) {
      total += Math.max(1, catalogue.approachCount(i));
    }
  }
  return { dir, files, rows: total, bytes };
}

/** The batch number a contender stamps on a page file's rows. */
export function batchNumberOf(file: string): number {
  return Number(/^batch-(\d+)\.json$/.exec(file)?.[1] ?? Number.NaN);
}
