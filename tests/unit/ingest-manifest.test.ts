import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  type DoneEntry,
  MANIFEST_FILE,
  MANIFEST_JOURNAL_FILE,
  emptyManifest,
  readManifest,
  writeManifest,
} from '../../core/manifest.ts';
import { sha256File } from '../../core/hashing.ts';
import { manifestWriter } from '../../ingest/run/manifest-journal.ts';
import { checkParams, redoReason } from '../../ingest/run/resume.ts';
import { batchFiles } from '../../core/layout.ts';
import { UsageError } from '../../core/errors.ts';
import { it } from '../support/fixtures.ts';

const params = { batchSize: 20, partitionSize: 20, apiUrl: 'http://127.0.0.1:1' };

async function put(dir: string, path: string, content: string): Promise<string> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content);
  return sha256File(join(dir, path));
}

/** A done batch whose files are on disk with the recorded checksums. */
async function doneBatch(dir: string, batch: number): Promise<DoneEntry> {
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
    sha256: await put(dir, files.parquet, `parquet ${batch}`),
    landing: files.landingBody,
    landingSha256: await put(dir, files.landingBody, `{"page": ${batch}}`),
    quarantineFile: null,
    ingestedAt: new Date(0).toISOString(),
  };
}

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
});

describe('manifest file', () => {
  it('round-trips, batches in order, and is absent before the first run', async ({ tempDir: dir }) => {
    expect(await readManifest(dir)).toBeNull();
    const manifest = emptyManifest(params);
    for (const batch of [3, 1, 2]) manifest.batches.set(batch, await doneBatch(dir, batch));
    await writeManifest(dir, manifest, new Date(1000));
    const json = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    expect(json.batches.map((b: DoneEntry) => b.batch)).toEqual([1, 2, 3]);
    expect(json.params).toEqual(params);
    const back = await readManifest(dir);
    expect(back?.params).toEqual(params);
    expect([...(back?.batches.values() ?? [])]).toEqual(
      [...manifest.batches.values()].sort((a, b) => a.batch - b.batch),
    );
  });

  it('refuses a corrupt manifest instead of starting over', async ({ tempDir: dir }) => {
    await writeFile(join(dir, MANIFEST_FILE), '{"version": 1, "params": ');
    await expect(readManifest(dir)).rejects.toThrow(/not valid JSON/);
    await writeFile(join(dir, MANIFEST_FILE), '{"version": 99}');
    await expect(readManifest(dir)).rejects.toThrow(UsageError);
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

describe('manifest journal', () => {
  const batchesOf = async (dir: string) => [...((await readManifest(dir))?.batches.keys() ?? [])].sort((a, b) => a - b);

  it('writes manifest.json whole for the first entry of a new output dir, then appends one line per entry', async ({
    tempDir: dir,
  }) => {
    const manifest = emptyManifest(params);
    const writer = manifestWriter(dir, manifest, false);
    await writer.record(await doneBatch(dir, 1));
    expect((await readdir(dir)).sort()).toEqual(['landing', MANIFEST_FILE, 'raw']);
    await writer.record(await doneBatch(dir, 2));
    await writer.record(await doneBatch(dir, 3));
    const journal = (await readFile(join(dir, MANIFEST_JOURNAL_FILE), 'utf8')).split('\n');
    expect(journal.map((line) => (line === '' ? null : (JSON.parse(line) as DoneEntry).batch))).toEqual([2, 3, null]);
    // manifest.json alone still says batch 1; read with the journal, the manifest says all three.
    expect(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')).batches).toHaveLength(1);
    expect(await batchesOf(dir)).toEqual([1, 2, 3]);
  });

  it('a later entry for a batch wins over manifest.json and earlier lines', async ({ tempDir: dir }) => {
    const manifest = emptyManifest(params);
    const writer = manifestWriter(dir, manifest, false);
    await writer.record(await doneBatch(dir, 1));
    await writer.record({ batch: 1, page: 0, status: 'failed', attempts: 6, updatedAt: '', error: 'HTTP 503' });
    expect((await readManifest(dir))?.batches.get(1)?.status).toBe('failed');
  });

  it('ignores a torn last line (a kill mid-append) and folds the rest into manifest.json', async ({ tempDir: dir }) => {
    const manifest = emptyManifest(params);
    const writer = manifestWriter(dir, manifest, false);
    for (const batch of [1, 2, 3]) await writer.record(await doneBatch(dir, batch));
    const line = JSON.stringify(await doneBatch(dir, 4));
    await appendFile(join(dir, MANIFEST_JOURNAL_FILE), line.slice(0, line.length / 2));
    const back = await readManifest(dir);
    expect([...(back?.batches.keys() ?? [])].sort()).toEqual([1, 2, 3]);

    // The next run folds before appending, so its lines never follow a torn one.
    if (back === null) throw new Error('no manifest');
    await manifestWriter(dir, back, true).fold();
    expect((await readdir(dir)).includes(MANIFEST_JOURNAL_FILE)).toBe(false);
    expect(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')).batches.map((b: DoneEntry) => b.batch)).toEqual(
      [1, 2, 3],
    );
  });

  it('refuses a journal whose complete line is not an entry', async ({ tempDir: dir }) => {
    await writeManifest(dir, emptyManifest(params), new Date());
    await writeFile(join(dir, MANIFEST_JOURNAL_FILE), '{"batch": 1}\n');
    await expect(readManifest(dir)).rejects.toThrow(/manifest.journal.jsonl line 1 is not a manifest entry/);
  });

  it('fold without a journal leaves manifest.json untouched', async ({ tempDir: dir }) => {
    await writeManifest(dir, emptyManifest(params), new Date(1000));
    const before = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    await manifestWriter(dir, emptyManifest(params), true).fold();
    expect(await readFile(join(dir, MANIFEST_FILE), 'utf8')).toBe(before);
  });
});
