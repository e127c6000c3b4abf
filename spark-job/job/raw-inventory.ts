// What raw/ holds for a batch range: the partition folders Spark must read (only those), the batches
// present, and the batches never ingested, with the manifest's reason where it records one. Files on
// disk are the truth, since they are what Spark reads; manifest.json only explains the gaps.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifest } from '../../core/manifest.ts';
import {
  type BatchRange,
  type PartitionFolder,
  FOLDERS,
  batchesOfRawFile,
  contains,
  intersects,
  missingBatches,
  parsePartitionFolder,
} from '../../core/layout.ts';

export interface RawInventory {
  readonly rawDir: string;
  /** Partition folders that intersect the range and hold at least one of its batches, ascending. */
  readonly folders: readonly PartitionFolder[];
  readonly present: readonly number[];
  readonly missing: readonly number[];
  /** Why a missing batch is missing, where manifest.json says (a failed fetch); others were never fetched. */
  readonly missingReasons: ReadonlyMap<number, string>;
  /** The ingest's batch size from manifest.json, for hints; null without a readable manifest. */
  readonly batchSize: number | null;
}

async function listNames(dir: string, kind: 'file' | 'directory'): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.filter((entry) => (kind === 'file' ? entry.isFile() : entry.isDirectory())).map((entry) => entry.name);
}

export async function inventoryRaw(outputDir: string, range: BatchRange): Promise<RawInventory> {
  const rawDir = join(outputDir, FOLDERS.raw);
  const candidates = (await listNames(rawDir, 'directory'))
    .map(parsePartitionFolder)
    .filter((folder): folder is PartitionFolder => folder !== null && intersects(folder, range))
    .sort((a, b) => a.start - b.start);

  const folders: PartitionFolder[] = [];
  const present = new Set<number>();
  for (const folder of candidates) {
    const batches = (await listNames(join(rawDir, folder.name), 'file'))
      .flatMap(batchesOfRawFile)
      .filter((batch) => contains(range, batch) && contains(folder, batch));
    if (batches.length === 0) continue;
    folders.push(folder);
    for (const batch of batches) present.add(batch);
  }
  const missing = missingBatches(range, present);

  // The manifest only adds explanations: a missing or unreadable one does not stop an aggregation.
  const manifest = await readManifest(outputDir).catch(() => null);
  const missingReasons = new Map<number, string>();
  for (const batch of missing) {
    const entry = manifest?.batches.get(batch);
    if (entry?.status === 'failed') missingReasons.set(batch, `failed: ${entry.error}`);
  }
  return {
    rawDir,
    folders,
    present: [...present].sort((a, b) => a - b),
    missing,
    missingReasons,
    batchSize: manifest?.params.batchSize ?? null,
  };
}
