// What a run decides from the manifest (ingest/run/resume.ts): which batches to skip and which to redo,
// and which changed parameters to refuse.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { checkParams, redoReason } from '../../ingest/run/resume.ts';
import { doneBatch, params } from '../support/done-batch.ts';
import { it } from '../support/fixtures.ts';

describe('manifest resume decisions', () => {
  it('skips only a done batch whose Parquet and landing files match their checksums', async ({ tempDir: dir }) => {
    const entry = await doneBatch(dir, 3);
    expect(await redoReason(dir, entry, 20)).toBeNull();
  });

  it('redoes a batch never fetched, or failed before', async ({ tempDir: dir }) => {
    expect(await redoReason(dir, undefined, 20)).toBe('not fetched yet');
    const failed = { batch: 2, page: 1, status: 'failed', attempts: 5, updatedAt: '', error: 'HTTP 503' } as const;
    expect(await redoReason(dir, failed, 20)).toMatch(/failed before: HTTP 503/);
  });

  it('redoes a batch whose Parquet file is missing or altered', async ({ tempDir: dir }) => {
    const entry = await doneBatch(dir, 4);
    await writeFile(join(dir, entry.parquet), 'tampered');
    expect(await redoReason(dir, entry, 20)).toMatch(/batch-000004.parquet does not match its checksum/);
    await rm(join(dir, entry.parquet));
    expect(await redoReason(dir, entry, 20)).toMatch(/batch-000004.parquet is missing/);
  });

  it('redoes a batch whose landing body was replaced (a killed backfill)', async ({ tempDir: dir }) => {
    const entry = await doneBatch(dir, 5);
    await writeFile(join(dir, entry.landing), '{"page": "newer"}');
    expect(await redoReason(dir, entry, 20)).toMatch(/landing\/batch-000005.json does not match/);
  });

  it('redoes a last batch that kept a different number of NEOs (--total changed)', async ({ tempDir: dir }) => {
    const entry = await doneBatch(dir, 6);
    expect(await redoReason(dir, entry, 5)).toMatch(/holds 20 NEOs, this run wants 5/);
  });

  it('refuses a different batch size, partition size or API URL, naming the flag and both values', ({
    tempDir: dir,
  }) => {
    expect(() => checkParams(dir, params, { ...params })).not.toThrow();
    expect(() => checkParams(dir, params, { ...params, batchSize: 10 })).toThrow(
      /--batch-size: this run asks for 10, the output dir was made with 20[\s\S]*choose a new --output-dir/,
    );
    expect(() => checkParams(dir, params, { ...params, partitionSize: 5 })).toThrow(/--partition-size/);
    expect(() => checkParams(dir, params, { ...params, apiUrl: 'http://127.0.0.1:2' })).toThrow(/--api-url/);
    expect(() => checkParams(dir, params, { ...params, apiUrl: 'http://127.0.0.1:2' }, ['apiUrl'])).not.toThrow();
  });
});
