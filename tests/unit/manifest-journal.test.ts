// The run's manifest writer (ingest/run/manifest-journal.ts): one appended journal line per entry, replayed
// over manifest.json when read, and folded into it.
import { appendFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { DoneEntry } from '../../core/manifest.ts';
import {
  MANIFEST_FILE,
  MANIFEST_JOURNAL_FILE,
  emptyManifest,
  readManifest,
  writeManifest,
} from '../../core/manifest.ts';
import { manifestWriter } from '../../ingest/run/manifest-journal.ts';
import { doneBatch, params } from '../support/done-batch.ts';
import { it } from '../support/fixtures.ts';

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

  it('fold without a journal leaves manifest.json untouched', async ({ tempDir: dir }) => {
    await writeManifest(dir, emptyManifest(params), new Date(1000));
    const before = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    await manifestWriter(dir, emptyManifest(params), true).fold();
    expect(await readFile(join(dir, MANIFEST_FILE), 'utf8')).toBe(before);
  });
});
