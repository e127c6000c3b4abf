// Compaction of full raw/ partition folders into one file each, against the real ingest CLI and the
// stand-in: 45 one-NEO batches in partitions of 20 give two full partitions and a partial one. Rows are
// read back by DuckDB and pyarrow and compared with an uncompacted run of the same pages (partitions of
// 1000 batches, never full); a backfill, a damaged compacted file and a SIGKILL during compaction follow.
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { StandinApi } from '../../standin/standin-api.ts';
import { inventoryRaw } from '../../spark-job/job/raw-inventory.ts';
import { FAST, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { listFiles, rawDifference, rawSource } from '../support/ingest-output.ts';
import { runPythonJson } from '../support/python.ts';

it.override({ standinApi: new StandinApi().withSeed(5).withCatalogueSize(200) });

const COMPACTED = [
  'batch-number=1-20/batches-000001-000020.parquet',
  'batch-number=21-40/batches-000021-000040.parquet',
  ...[41, 42, 43, 44, 45].map((n) => `batch-number=41-60/batch-0000${n}.parquet`),
];

interface Entry {
  batch: number;
  parquet: string;
  sha256: string;
}

const manifestEntries = async (out: string) =>
  (JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { batches: Entry[] }).batches;

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** pyarrow's view of raw/: row count and a hash of the sorted rows, ingested_at left out. */
const pyarrowRows = (out: string) =>
  runPythonJson<{ rows: number; sha256: string }>('pyarrow_rows.py', [join(out, 'raw'), 'ingested_at']);

/** Rows of a not in b (as multisets, every column), split by whether they belong to `batch`. */
function exceptAll(a: string, b: string, batch: number): { inBatch: number; others: number } {
  const [row] = runPythonJson<Array<{ inBatch: number; others: number }>>('duckdb_query.py', [
    `SELECT count(*) FILTER (WHERE batch_number = ${batch}) AS "inBatch",
            count(*) FILTER (WHERE batch_number <> ${batch}) AS others
     FROM (SELECT * FROM ${rawSource(a)} EXCEPT ALL SELECT * FROM ${rawSource(b)})`,
  ]);
  return row ?? { inBatch: -1, others: -1 };
}

describe('compaction of full partition folders', () => {
  const args = (out: string, url: string, partitionSize = '20') => [
    ...['--total', '45', '--batch-size', '1', '--partition-size', partitionSize, '--output-dir', out],
    ...['--api-url', url, ...FAST, '--log-format', 'json'],
  ];

  it('compacts exactly the full partitions, with the same rows for DuckDB, pyarrow and the inventory', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const out = join(work, 'compacted');
    const reference = join(work, 'reference');
    expect((await cli.run(INGEST, args(out, api.url), { cwd: work })).code).toBe(0);
    expect((await cli.run(INGEST, args(reference, api.url, '1000'), { cwd: work })).code).toBe(0);

    expect(await listFiles(join(out, 'raw'))).toEqual(COMPACTED);
    expect((await listFiles(join(reference, 'raw'))).length).toBe(45);
    expect(rawDifference(out, reference)).toEqual([0, 0]);
    expect(pyarrowRows(out)).toEqual(pyarrowRows(reference));

    // Each done entry points at the file its rows are in, with that file's checksum.
    const entries = await manifestEntries(out);
    const firstFile = `raw/${COMPACTED[0] ?? ''}`;
    const first = await sha256(join(out, firstFile));
    for (const entry of entries.filter((e) => e.batch <= 20)) {
      expect([entry.parquet, entry.sha256]).toEqual([firstFile, first]);
    }
    expect(entries.find((e) => e.batch === 41)?.parquet).toBe('raw/batch-number=41-60/batch-000041.parquet');

    const inventory = await inventoryRaw(out, { start: 1, end: 45 });
    expect(inventory.present).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(inventory.missing).toEqual([]);

    // A resumed run finds everything intact (each compacted file hashed against its entries) and keeps it.
    const again = await cli.run(INGEST, args(out, api.url), { cwd: work });
    expect(JSON.parse(again.stdout)).toMatchObject({ batches: { done: 0, skipped: 45 } });
    expect(await listFiles(join(out, 'raw'))).toEqual(COMPACTED);
  });

  it('a backfill of one batch in a compacted partition replaces exactly that batch', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const before = join(work, 'compacted');
    const out = join(work, 'backfilled');
    await cp(before, out, { recursive: true });
    const run = await cli.run(INGEST, [...args(out, api.url), '--backfill', '5', '5'], { cwd: work });
    expect(run.code).toBe(0);
    expect(await listFiles(join(out, 'raw'))).toEqual(COMPACTED);
    const [rows5] = runPythonJson<Array<{ n: number }>>('duckdb_query.py', [
      `SELECT count(*) AS n FROM ${rawSource(before)} WHERE batch_number = 5`,
    ]);
    expect(rows5?.n).toBeGreaterThan(0);
    // Every column compared, ingested_at included: batch 5's rows are new, every other row is as it was.
    expect(exceptAll(before, out, 5)).toEqual({ inBatch: rows5?.n, others: 0 });
    expect(exceptAll(out, before, 5)).toEqual({ inBatch: rows5?.n, others: 0 });
    expect(await listFiles(join(out, '.compaction'))).toEqual([]);
  });

  it('a damaged compacted file is found by the next run, which redoes exactly its partition', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const out = join(work, 'damaged');
    await cp(join(work, 'compacted'), out, { recursive: true });
    const file = join(out, 'raw', COMPACTED[1] ?? '');
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    await writeFile(file, bytes);

    const run = await cli.run(INGEST, args(out, api.url), { cwd: work });
    expect(run.code).toBe(0);
    const redone = run.stderr
      .split('\n')
      .filter((line) => line.includes('"batch-start"'))
      .map((line) => JSON.parse(line) as { batch: number; reason: string });
    expect(redone.map((e) => e.batch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 21));
    expect(redone.every((e) => e.reason.includes('does not match its checksum'))).toBe(true);
    expect(await listFiles(join(out, 'raw'))).toEqual(COMPACTED);
    expect(rawDifference(out, join(work, 'reference'))).toEqual([0, 0]);
  });

  for (const [after, count] of [
    ['compaction-start', 1],
    ['partition-swapped', 1],
  ] as const) {
    it(`a run SIGKILLed after ${after} reads the same rows, and the next run completes the compaction`, async ({
      fileStandin: api,
      fileTempDir: work,
      cli,
    }) => {
      const out = join(work, `killed-after-${after}`);
      const running = cli.start(INGEST, args(out, api.url), { cwd: work });
      await running.waitForLines(new RegExp(`"type":"${after}"`), count);
      running.child.kill('SIGKILL');
      expect((await running.done).signal).toBe('SIGKILL');
      // Whatever instant the kill hit: never both a partition's per-batch files and its compacted file,
      // never neither.
      expect(rawDifference(out, join(work, 'reference'))).toEqual([0, 0]);
      expect(pyarrowRows(out)).toEqual(pyarrowRows(join(work, 'reference')));

      const resumed = await cli.run(INGEST, args(out, api.url), { cwd: work });
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ batches: { done: 0, skipped: 45 } });
      expect(await listFiles(join(out, 'raw'))).toEqual(COMPACTED);
      expect(await listFiles(join(out, '.compaction'))).toEqual([]);
      expect(rawDifference(out, join(work, 'reference'))).toEqual([0, 0]);
    });
  }
});
