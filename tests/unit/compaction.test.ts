import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  batchFiles,
  batchRange,
  batchesOfRawFile,
  compactedFile,
  compactedFileName,
  parseCompactedFile,
} from '../../core/layout.ts';
import { type DoneEntry, type Manifest, emptyManifest } from '../../core/manifest.ts';
import { partitionsOfWork, partitionsToCompact } from '../../ingest/run/compaction-plan.ts';
import { recoverSwaps } from '../../ingest/run/compaction.ts';
import type { ManifestEntry } from '../../core/manifest.ts';
import { mergedParquet, readRawTable, splitParquet } from '../../ingest/write/compact-parquet.ts';
import { writeRawParquet } from '../../ingest/write/raw-parquet.ts';
import { transformPage } from '../../ingest/explode/transform-page.ts';
import { sha256Hex } from '../../core/hashing.ts';
import type { ManifestWriter } from '../../ingest/types.ts';
import { stageSwap } from '../../ingest/write/compact-swap.ts';
import { it } from '../support/fixtures.ts';
import { writeRawBatches } from '../support/raw-batches.ts';

const PARAMS = { batchSize: 20, partitionSize: 4, apiUrl: 'http://127.0.0.1:1' };

function done(batch: number, parquet = batchFiles(batch, PARAMS.partitionSize).parquet): DoneEntry {
  const sha = '0'.repeat(64);
  return {
    ...{ batch, page: batch - 1, attempts: 1, updatedAt: '', status: 'done', neos: 20, rows: 1, quarantined: 0 },
    ...{ parquet, bytes: 1, sha256: sha, landing: '', landingSha256: sha, quarantineFile: null, ingestedAt: '' },
  };
}

function manifestWith(entries: ManifestEntry[]): Manifest {
  const manifest = emptyManifest(PARAMS);
  for (const entry of entries) manifest.batches.set(entry.batch, entry);
  return manifest;
}

describe('compacted file names', () => {
  it('name, path and parser agree, and other names do not parse', () => {
    expect(compactedFileName({ start: 21, end: 40 })).toBe('batches-000021-000040.parquet');
    expect(compactedFile(25, 20)).toBe('raw/batch-number=21-40/batches-000021-000040.parquet');
    expect(parseCompactedFile('batches-000021-000040.parquet')).toEqual({ start: 21, end: 40 });
    for (const name of [
      '.tmp-9-batches-000001-000020.parquet',
      'batches-000005-000001.parquet',
      'batch-000001.parquet',
    ])
      expect(parseCompactedFile(name)).toBeNull();
  });

  it('tells the batches a raw file holds, one for a batch file, a range for a compacted one', () => {
    expect(batchesOfRawFile('batch-000007.parquet')).toEqual([7]);
    expect(batchesOfRawFile('batches-000005-000008.parquet')).toEqual([5, 6, 7, 8]);
    expect(batchesOfRawFile('.tmp-1-batch-000007.parquet')).toEqual([]);
    expect(batchesOfRawFile('part-0000.parquet')).toEqual([]);
  });
});

describe('which partitions are compacted', () => {
  const input = (entries: ManifestEntry[], planned: number, minBatches = 1) => ({
    manifest: manifestWith(entries),
    partitionSize: 4,
    planned,
    minBatches,
  });
  const doneUpTo = (n: number) => Array.from({ length: n }, (_, i) => done(i + 1));

  it('only full partitions within the planned batches whose batches are all done', () => {
    expect(partitionsToCompact(input(doneUpTo(10), 10))).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 8 },
    ]);
    const failed: ManifestEntry = { batch: 6, page: 5, attempts: 3, updatedAt: '', status: 'failed', error: 'x' };
    expect(partitionsToCompact(input([...doneUpTo(10).filter((e) => e.batch !== 6), failed], 10))).toEqual([
      { start: 1, end: 4 },
    ]);
    // Batches done beyond this run's total do not fill a partition the total cuts.
    expect(partitionsToCompact(input(doneUpTo(8), 7))).toEqual([{ start: 1, end: 4 }]);
  });

  it('not a partition already compacted, nor partitions smaller than the minimum', () => {
    const compacted = [1, 2, 3, 4].map((b) => done(b, compactedFile(b, 4)));
    expect(partitionsToCompact(input([...compacted, ...doneUpTo(8).slice(4)], 8))).toEqual([{ start: 5, end: 8 }]);
    expect(partitionsToCompact(input(doneUpTo(8), 8, 5))).toEqual([]);
  });

  it('the partitions a run must split: those of its work, once each', () => {
    const work = [3, 1, 9, 10].map((batch) => ({ batch, reason: 'backfill' }));
    expect(partitionsOfWork(work, 4)).toEqual([
      { start: 1, end: 4 },
      { start: 9, end: 12 },
    ]);
  });
});

describe('a compaction swap a killed run committed to', () => {
  it('is finished by the next run: folder swapped, entries recorded, staging gone', async ({ tempDir }) => {
    const batches = [1, 2, 3, 4];
    await writeRawBatches({ outputDir: tempDir, batches, partitionSize: 4 });
    const folder = 'batch-number=1-4';
    const files = await Promise.all(batches.map((b) => readFile(join(tempDir, batchFiles(b, 4).parquet))));
    const tables = files.map(readRawTable);
    // What a run killed right after writing its plan leaves: the merged file staged, raw/ untouched.
    const merged = await mergedParquet(files);
    const parquet = compactedFile(1, 4);
    const entries = batches.map((batch) => ({ batch, parquet, sha256: sha256Hex(merged), bytes: merged.byteLength }));
    const name = compactedFileName({ start: 1, end: 4 });
    await stageSwap(tempDir, folder, [{ name, bytes: merged }], entries);
    expect(await readdir(join(tempDir, 'raw', folder))).toHaveLength(4);

    const manifest = manifestWith(batches.map((b) => done(b)));
    const recorded: ManifestEntry[] = [];
    const writer: ManifestWriter = {
      record: async (entry) => void recorded.push(entry),
      recordTotal: async () => {},
      fold: async () => {},
    };
    await recoverSwaps(tempDir, manifest, writer);
    expect(await readdir(join(tempDir, 'raw', folder))).toEqual([name]);
    const rows = readRawTable(await readFile(join(tempDir, parquet))).numRows;
    expect(rows).toBe(tables.reduce((sum, table) => sum + table.numRows, 0));
    expect(recorded.map((e) => [e.batch, e.status === 'done' && e.parquet])).toEqual(batches.map((b) => [b, parquet]));
    expect(await readdir(join(tempDir, '.compaction'))).toEqual([]);
  });
});

describe('splitting a compacted file', () => {
  const rowsOf = (parquet: Uint8Array) =>
    readRawTable(parquet)
      .toArray()
      .map((row) => row.toJSON());

  it('gives every batch its own rows back, and a batch without rows an empty file', async ({ tempDir }) => {
    const batches = batchRange(1, 12);
    // Enough rows that the split decodes the file in several pieces, with batches across their edges.
    await writeRawBatches({ outputDir: tempDir, batches: batches.filter((b) => b !== 7), partitionSize: 12 });
    const empty = transformPage({ near_earth_objects: [] }, { batchNumber: 7, ingestedAt: new Date() });
    await writeRawParquet(empty.columns, join(tempDir, batchFiles(7, 12).parquet));
    const files = await Promise.all(batches.map((b) => readFile(join(tempDir, batchFiles(b, 12).parquet))));
    const merged = await mergedParquet(files);
    expect(readRawTable(merged).numRows).toBeGreaterThan(20_000);

    const split = await splitParquet(merged, batches);
    expect([...split.keys()].sort((a, b) => a - b)).toEqual(batches);
    batches.forEach((batch, i) => {
      expect(rowsOf(split.get(batch) as Uint8Array), `batch ${batch}`).toEqual(rowsOf(files[i] as Uint8Array));
    });
    const schema = (parquet: Uint8Array) => readRawTable(parquet).schema.fields.map(String);
    expect(rowsOf(split.get(7) as Uint8Array)).toEqual([]);
    expect(schema(split.get(7) as Uint8Array)).toEqual(schema(files[6] as Uint8Array));
  });

  it('refuses a file whose batches are not consecutive, as no compaction writes them', async ({ tempDir }) => {
    await writeRawBatches({ outputDir: tempDir, batches: [1, 2], partitionSize: 4 });
    const [one, two] = await Promise.all([1, 2].map((b) => readFile(join(tempDir, batchFiles(b, 4).parquet))));
    const shuffled = await mergedParquet([one, two, one] as Uint8Array[]);
    await expect(splitParquet(shuffled, [1, 2])).rejects.toThrow("batch 1's rows are not consecutive");
  });
});
