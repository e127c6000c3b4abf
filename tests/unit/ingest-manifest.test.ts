import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../ingest/config.ts';
import {
  type DoneEntry,
  MANIFEST_FILE,
  checkParams,
  emptyManifest,
  readManifest,
  redoReason,
  sha256File,
  writeManifest,
} from '../../ingest/run/manifest.ts';
import { batchFiles } from '../../ingest/run/plan.ts';

const params = { batchSize: 20, partitionSize: 20, apiUrl: 'http://127.0.0.1:1' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ingest-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, content: string): Promise<string> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content);
  return sha256File(join(dir, path));
}

/** A done batch whose files are on disk with the recorded checksums. */
async function doneBatch(batch: number): Promise<DoneEntry> {
  const files = batchFiles(batch, params.partitionSize);
  return {
    batch,
    page: batch - 1,
    status: 'done',
    attempts: 1,
    updatedAt: new Date(0).toISOString(),
    neos: 20,
    rows: 42,
    quarantined: 0,
    parquet: files.parquet,
    bytes: 7,
    sha256: await put(files.parquet, `parquet ${batch}`),
    landing: files.landingBody,
    landingSha256: await put(files.landingBody, `{"page": ${batch}}`),
    quarantineFile: null,
    ingestedAt: new Date(0).toISOString(),
  };
}

describe('manifest resume decisions', () => {
  it('skips only a done batch whose Parquet and landing files match their checksums', async () => {
    const entry = await doneBatch(3);
    expect(await redoReason(dir, entry, 20)).toBeNull();
  });

  it('redoes a batch never fetched, or failed before', async () => {
    expect(await redoReason(dir, undefined, 20)).toBe('not fetched yet');
    const failed = { batch: 2, page: 1, status: 'failed', attempts: 5, updatedAt: '', error: 'HTTP 503' } as const;
    expect(await redoReason(dir, failed, 20)).toMatch(/failed before: HTTP 503/);
  });

  it('redoes a batch whose Parquet file is missing or altered', async () => {
    const entry = await doneBatch(4);
    await writeFile(join(dir, entry.parquet), 'tampered');
    expect(await redoReason(dir, entry, 20)).toMatch(/batch-000004.parquet does not match its checksum/);
    await rm(join(dir, entry.parquet));
    expect(await redoReason(dir, entry, 20)).toMatch(/batch-000004.parquet is missing/);
  });

  it('redoes a batch whose landing body was replaced (a killed backfill)', async () => {
    const entry = await doneBatch(5);
    await writeFile(join(dir, entry.landing), '{"page": "newer"}');
    expect(await redoReason(dir, entry, 20)).toMatch(/landing\/batch-000005.json does not match/);
  });

  it('redoes a last batch that kept a different number of NEOs (--total changed)', async () => {
    const entry = await doneBatch(6);
    expect(await redoReason(dir, entry, 5)).toMatch(/holds 20 NEOs, this run wants 5/);
  });
});

describe('manifest file', () => {
  it('round-trips, batches in order, and is absent before the first run', async () => {
    expect(await readManifest(dir)).toBeNull();
    const manifest = emptyManifest(params);
    for (const batch of [3, 1, 2]) manifest.batches.set(batch, await doneBatch(batch));
    await writeManifest(dir, manifest, new Date(1000));
    const json = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    expect(json.batches.map((b: DoneEntry) => b.batch)).toEqual([1, 2, 3]);
    expect(json.params).toEqual(params);
    const back = await readManifest(dir);
    expect(back?.params).toEqual(params);
    expect([...(back?.batches.values() ?? [])]).toEqual([...manifest.batches.values()].sort((a, b) => a.batch - b.batch));
  });

  it('refuses a corrupt manifest instead of starting over', async () => {
    await writeFile(join(dir, MANIFEST_FILE), '{"version": 1, "params": ');
    await expect(readManifest(dir)).rejects.toThrow(/not valid JSON/);
    await writeFile(join(dir, MANIFEST_FILE), '{"version": 99}');
    await expect(readManifest(dir)).rejects.toThrow(UsageError);
  });

  it('refuses a different batch size, partition size or API URL, naming the flag and both values', () => {
    expect(() => checkParams(dir, params, { ...params })).not.toThrow();
    expect(() => checkParams(dir, params, { ...params, batchSize: 10 })).toThrow(
      /--batch-size: this run asks for 10, the output dir was made with 20[\s\S]*choose a new --output-dir/,
    );
    expect(() => checkParams(dir, params, { ...params, partitionSize: 5 })).toThrow(/--partition-size/);
    expect(() => checkParams(dir, params, { ...params, apiUrl: 'http://127.0.0.1:2' })).toThrow(/--api-url/);
    expect(() => checkParams(dir, params, { ...params, apiUrl: 'http://127.0.0.1:2' }, ['apiUrl'])).not.toThrow();
  });
});
