// The manifest's format (core/manifest.ts): manifest.json round-trips, and a corrupt manifest or journal
// is refused instead of starting over.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { UsageError } from '../../core/errors.ts';
import type { DoneEntry } from '../../core/manifest.ts';
import {
  MANIFEST_FILE,
  MANIFEST_JOURNAL_FILE,
  emptyManifest,
  readManifest,
  writeManifest,
} from '../../core/manifest.ts';
import { doneBatch, params } from '../support/done-batch.ts';
import { it } from '../support/fixtures.ts';

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

  it('refuses a journal whose complete line is not an entry', async ({ tempDir: dir }) => {
    await writeManifest(dir, emptyManifest(params), new Date());
    await writeFile(join(dir, MANIFEST_JOURNAL_FILE), '{"batch": 1}\n');
    await expect(readManifest(dir)).rejects.toThrow(/manifest.journal.jsonl line 1 is not a manifest entry/);
  });
});
