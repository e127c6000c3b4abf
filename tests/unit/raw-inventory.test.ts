// Which raw/ partition folders a batch range touches and which batches it lacks
// (spark-job/job/raw-inventory.ts), read from real folders.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { batchFiles } from '../../core/layout.ts';
import { type ManifestEntry, writeManifest } from '../../core/manifest.ts';
import { inventoryRaw } from '../../spark-job/job/raw-inventory.ts';
import { it } from '../support/fixtures.ts';

describe('inventoryRaw', () => {
  async function ingested(outputDir: string, batches: number[], partitionSize: number): Promise<void> {
    for (const batch of batches) {
      const file = join(outputDir, batchFiles(batch, partitionSize).parquet);
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, '');
    }
  }

  it('5..12 inside batch-number=1-20: only that folder, all present', async ({ tempDir: outputDir }) => {
    await ingested(
      outputDir,
      [...Array(24).keys()].map((i) => i + 1),
      20,
    );
    const inventory = await inventoryRaw(outputDir, { start: 5, end: 12 });
    expect(inventory.folders.map((f) => f.name)).toEqual(['batch-number=1-20']);
    expect(inventory.present).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(inventory.missing).toEqual([]);
  });

  it('across folders of 5, skipping folders outside the range and ones without a batch of it', async ({
    tempDir: outputDir,
  }) => {
    await ingested(outputDir, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22], 5);
    const inventory = await inventoryRaw(outputDir, { start: 4, end: 15 });
    // 11-15 holds 11 only; 16-20 and 21-25 are outside; 1-5 and 6-10 intersect.
    expect(inventory.folders.map((f) => f.name)).toEqual([
      'batch-number=1-5',
      'batch-number=6-10',
      'batch-number=11-15',
    ]);
    expect(inventory.missing).toEqual([12, 13, 14, 15]);
    const none = await inventoryRaw(outputDir, { start: 12, end: 15 });
    expect(none.folders).toEqual([]);
    expect(none.present).toEqual([]);
  });

  it('ignores hidden temp files and stray names; explains a failed batch from the manifest', async ({
    tempDir: outputDir,
  }) => {
    await ingested(outputDir, [1, 2, 4], 20);
    const folder = join(outputDir, 'raw', 'batch-number=1-20');
    await writeFile(join(folder, '.tmp-99-batch-000003.parquet'), '');
    await writeFile(join(folder, 'notes.txt'), '');
    const entry = (batch: number, status: 'failed'): ManifestEntry => ({
      batch,
      page: batch - 1,
      status,
      attempts: 5,
      updatedAt: new Date().toISOString(),
      error: 'page 2: HTTP 503 after 5 attempts',
    });
    await writeManifest(
      outputDir,
      {
        params: { batchSize: 10, partitionSize: 20, apiUrl: 'http://127.0.0.1:1' },
        batches: new Map([[3, entry(3, 'failed')]]),
      },
      new Date(),
    );
    const inventory = await inventoryRaw(outputDir, { start: 1, end: 5 });
    expect(inventory.present).toEqual([1, 2, 4]);
    expect(inventory.missing).toEqual([3, 5]);
    expect([...inventory.missingReasons]).toEqual([[3, 'failed: page 2: HTTP 503 after 5 attempts']]);
    expect(inventory.batchSize).toBe(10);
  });

  it('an output dir without raw/ or manifest is simply empty', async ({ tempDir: outputDir }) => {
    const inventory = await inventoryRaw(join(outputDir, 'nothing'), { start: 1, end: 3 });
    expect(inventory).toMatchObject({ folders: [], present: [], missing: [1, 2, 3], batchSize: null });
  });
});
