// Writer benchmark: page bodies to raw Parquet files, the project's path against pyarrow (the target:
// at least as fast, at most 10% larger) and parquetjs-lite (for the record). All contenders read the
// same page files, generated once per run, and write one Parquet file per page as the ingest does.
// Run alone: `npx tsx bench/writer.ts [rows] [seed] [rounds]` prints the result as JSON.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RAW_COLUMNS } from '../core/schema.ts';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { type ContenderResult, timePages } from './writer-contender.ts';
import { writeWriterInput } from './writer-input.ts';
import { parquetjsWriter } from './writer-parquetjs.ts';
import { projectWriter } from './writer-project.ts';

const PYTHON = fileURLToPath(new URL('../.venv/bin/python', import.meta.url));
const PYARROW_SCRIPT = fileURLToPath(new URL('./writer_pyarrow.py', import.meta.url));
const INGESTED_AT = new Date('2026-01-01T00:00:00.000Z');

export interface WriterBenchOptions {
  /** Exploded rows to write, at least; whole pages are taken, so a few more is normal. */
  readonly rows: number;
  readonly seed: number;
  /**
   * Timed rounds of the project and pyarrow, alternating, each reported as its median round: the
   * machine is shared, and one round of either can land on a busy moment. The project's rounds run in
   * this one process, so its first round also pays V8's warm-up, as the first pages of an ingest do.
   * parquetjs-lite runs once.
   */
  readonly rounds?: number;
}

export interface WriterBenchResult {
  readonly rows: number;
  readonly pages: number;
  readonly input_bytes: number;
  readonly rounds: number;
  readonly project_rows_per_s: number;
  readonly pyarrow_rows_per_s: number;
  /** project / pyarrow rows per second; target >= 1. */
  readonly speed_ratio: number;
  /** The same ratio from CPU seconds (median rounds): what each needs, whatever else the machine runs. */
  readonly cpu_speed_ratio: number;
  readonly project_bytes: number;
  readonly pyarrow_bytes: number;
  /** project / pyarrow bytes; target <= 1.1. */
  readonly size_ratio: number;
  readonly parquetjs_lite_rows_per_s: number;
  readonly parquetjs_lite_bytes: number;
}

async function runPyarrow(inputDir: string, outDir: string, work: string): Promise<ContenderResult> {
  const contract = join(work, 'contract.json');
  await writeFileAtomic(contract, JSON.stringify(RAW_COLUMNS));
  const { stdout } = await promisify(execFile)(PYTHON, [
    PYARROW_SCRIPT,
    contract,
    inputDir,
    outDir,
    INGESTED_AT.toISOString(),
  ]);
  return JSON.parse(stdout) as ContenderResult;
}

function checkRows(name: string, result: ContenderResult, expected: number): ContenderResult {
  if (result.rows !== expected) throw new Error(`${name} wrote ${result.rows} rows, the input holds ${expected}`);
  return result;
}

export async function benchWriter(options: WriterBenchOptions): Promise<WriterBenchResult> {
  const rounds = options.rounds ?? 3;
  const work = await mkdtemp(join(tmpdir(), 'bench-writer-'));
  try {
    const input = await writeWriterInput(join(work, 'input'), options);
    const project: ContenderResult[] = [];
    const pyarrow: ContenderResult[] = [];
    for (let round = 0; round < rounds; round++) {
      const out = (name: string) => join(work, `${name}-${round}`);
      project.push(
        checkRows('project', await timePages(input, out('project'), projectWriter(INGESTED_AT)), input.rows),
      );
      pyarrow.push(checkRows('pyarrow', await runPyarrow(input.dir, out('pyarrow'), work), input.rows));
      await rm(out('project'), { recursive: true });
      await rm(out('pyarrow'), { recursive: true });
    }
    const parquetjs = checkRows(
      'parquetjs-lite',
      await timePages(input, join(work, 'parquetjs'), parquetjsWriter(INGESTED_AT)),
      input.rows,
    );
    const rate = (results: readonly ContenderResult[]) =>
      Math.round(input.rows / median(results.map((r) => r.seconds)));
    const cpu = (results: readonly ContenderResult[]) => median(results.map((r) => r.cpu_seconds));
    const bytes = (results: readonly ContenderResult[]) => results[0]?.bytes ?? Number.NaN;
    return {
      rows: input.rows,
      pages: input.files.length,
      input_bytes: input.bytes,
      rounds,
      project_rows_per_s: rate(project),
      pyarrow_rows_per_s: rate(pyarrow),
      speed_ratio: round(rate(project) / rate(pyarrow)),
      cpu_speed_ratio: round(cpu(pyarrow) / cpu(project)),
      project_bytes: bytes(project),
      pyarrow_bytes: bytes(pyarrow),
      size_ratio: round(bytes(project) / bytes(pyarrow)),
      parquetjs_lite_rows_per_s: rate([parquetjs]),
      parquetjs_lite_bytes: parquetjs.bytes,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [rows = '200000', seed = '1', rounds = '3'] = process.argv.slice(2);
  console.log(
    JSON.stringify(await benchWriter({ rows: Number(rows), seed: Number(seed), rounds: Number(rounds) }), null, 2),
  );
}
