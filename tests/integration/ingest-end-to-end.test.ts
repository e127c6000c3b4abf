// The ingest CLI end to end against the stand-in: layout, row counts and closest approaches computed here
// from the bodies the stand-in actually served, read back with DuckDB; the key nowhere; a rebuild from the
// landing zone that calls nothing and writes the same bytes; and a partial last batch in small partitions.
// Pacing and random faults: ingest-pacing, ingest-random-faults.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { StandinApi } from '../../standin/standin-api.ts';
import { type CliRun, FAST, INGEST, SECRET_KEY } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { fileStates, filesHoldingKey, listFiles, queryRaw, servedPages } from '../support/ingest-output.ts';
import { ingestArgs } from '../support/ingest-run.ts';
import { actualFigures, expectedFigures } from '../support/neo-figures.ts';

it.override({ standinApi: new StandinApi().withSeed(7).withCatalogueSize(400) });

describe('ingest end to end', () => {
  let out: string;
  let first: CliRun;

  it.beforeAll(async ({ fileStandin: api, fileTempDir: work, cli }) => {
    out = join(work, 'out');
    first = await cli.run(INGEST, ['--total', '200', '--output-dir', out, '--api-url', api.url, ...FAST], {
      cwd: work,
    });
  });

  it('fetches 200 NEOs as 10 batches into raw/batch-number=1-20, one Parquet file each, and exits 0', async ({
    fileStandin: api,
  }) => {
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const stems = Array.from({ length: 10 }, (_, i) => `batch-${String(i + 1).padStart(6, '0')}`);
    expect(await listFiles(out)).toEqual(
      [
        ...stems.flatMap((stem) => [`landing/${stem}.json`, `landing/${stem}.meta.json`]),
        'manifest.json',
        ...stems.map((stem) => `raw/batch-number=1-20/${stem}.parquet`),
      ].sort(),
    );
    // Batch n was page n-1 at size 20, each asked for once.
    expect(api.requests().map((r) => [r.page, r.size])).toEqual(stems.map((_, i) => [i, 20]));
  });

  it('holds exactly the served NEOs: rows per NEO, batch, closest approach (DuckDB read-back)', ({
    fileStandin: api,
  }) => {
    const expected = expectedFigures(servedPages(api.requests()), () => 20);
    expect(expected.size).toBe(200);
    const actual = actualFigures(out);
    expect(actual).toEqual(expected);
    const [total] = queryRaw<{ n: number }>(out, 'SELECT count(*) AS n FROM raw');
    const expectedRows = [...expected.values()].reduce((sum, neo) => sum + neo.rows, 0);
    expect(total?.n).toBe(expectedRows);
    expect(first.stdout).toContain(`${expectedRows} this run; ${expectedRows} in the output`);
  });

  it('records each batch in the manifest and lands each body redacted, with its request meta', async ({
    fileStandin: api,
  }) => {
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.params).toEqual({ batchSize: 20, partitionSize: 20, apiUrl: api.url });
    expect(manifest.batches.map((b: { batch: number; status: string }) => [b.batch, b.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 'done']),
    );
    const meta = JSON.parse(await readFile(join(out, 'landing/batch-000005.meta.json'), 'utf8'));
    expect(meta).toMatchObject({ batch: 5, page: 4, size: 20, status: 200, attempts: 1, redacted: true });
    expect(meta.redactions).toBeGreaterThan(0);
    const landed = await readFile(join(out, 'landing/batch-000005.json'), 'utf8');
    const served =
      api
        .requests()
        .find((r) => r.page === 4)
        ?.body() ?? '';
    // As received but for the key, replaced the way the 2017 fixtures were.
    expect(landed).toBe(served.replaceAll(`api_key=${SECRET_KEY}`, 'api_key=REDACTED'));
    expect(landed).not.toBe(served);
  });

  it('never writes or prints the key', async () => {
    expect(await filesHoldingKey(out, { stdout: first.stdout, stderr: first.stderr })).toEqual([]);
  });

  it('--from-landing rebuilds byte-identical Parquet without a single request', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const before = await fileStates(out);
    const requestsBefore = api.requests().length;
    const rebuild = await cli.run(
      INGEST,
      ['--total', '200', '--output-dir', out, '--api-url', api.url, '--from-landing'],
      { cwd: work },
    );
    expect(rebuild.code).toBe(0);
    expect(api.requests().length).toBe(requestsBefore);
    const after = await fileStates(out);
    const parquet = [...before.keys()].filter((path) => path.endsWith('.parquet'));
    expect(parquet).toHaveLength(10);
    for (const path of parquet) {
      expect(after.get(path)?.sha256).toBe(before.get(path)?.sha256);
      // Rewritten, not skipped.
      expect(after.get(path)?.mtimeMs).toBeGreaterThan(before.get(path)?.mtimeMs ?? Infinity);
    }
    expect(rebuild.stdout).toMatch(/requests\s+0 \(0 retries\)/);
    expect(await filesHoldingKey(out, { stdout: rebuild.stdout, stderr: rebuild.stderr })).toEqual([]);
  });
});

describe('ingest of a partial last batch into small partitions', () => {
  it('asks full pages, keeps NEOs up to --total, and groups batches by --partition-size', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withSeed(3).withCatalogueSize(100));
    const out = join(work, 'out');
    const run = await cli.run(
      INGEST,
      ingestArgs(api.url, out, '--total', '45', '--batch-size', '20', '--partition-size', '2', '--log-format', 'json'),
      { cwd: work },
    );
    expect(run.code).toBe(0);
    // Machine-readable: one JSON object per log line, the summary as one JSON object.
    const events = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; batch?: number });
    expect(events.filter((e) => e.type === 'batch-done').map((e) => e.batch)).toEqual([1, 2, 3]);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'ok', exitCode: 0, batches: { planned: 3, done: 3 } });
    expect(await listFiles(join(out, 'raw'))).toEqual([
      'batch-number=1-2/batch-000001.parquet',
      'batch-number=1-2/batch-000002.parquet',
      'batch-number=3-4/batch-000003.parquet',
    ]);
    expect(api.requests().map((r) => [r.page, r.size])).toEqual([
      [0, 20],
      [1, 20],
      [2, 20],
    ]);
    const expected = expectedFigures(servedPages(api.requests()), (page) => Math.min(20, 45 - page * 20));
    expect(expected.size).toBe(45);
    expect(actualFigures(out)).toEqual(expected);
  });
});
