// Compaction of raw/ at the end of a run: each full partition folder whose batches are all done becomes
// one Parquet file, so Spark pays its per-file cost once per partition instead of once per batch. The
// per-batch files stay the unit of resume and backfill until then: a run that must redo a batch of a
// compacted partition first splits it back into per-batch files, and compacts it again at its end.
// Each batch's manifest entry records the file its rows are in and that file's checksum, so a damaged
// compacted file is found by the next run like a damaged batch file, and redoes its partition.
// Folder contents are swapped in one step (compact-swap.ts); a run killed around a swap leaves a plan
// that recoverSwaps() finishes before the next run decides anything.
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sha256Hex } from '../../core/hashing.ts';
import {
  type BatchRange,
  FOLDERS,
  batchCount,
  batchFiles,
  compactedFile,
  compactedFileName,
  parseBatchFile,
  partitionFolder,
} from '../../core/layout.ts';
import type { Manifest } from '../../core/manifest.ts';
import { DEFAULTS } from '../config.ts';
import type { ManifestWriter, RunContext, Work } from '../types.ts';
import { mergedParquet, splitParquet } from '../write/compact-parquet.ts';
import {
  type PartitionSwap,
  canExchange,
  finishSwap,
  leftoverSwaps,
  stageSwap,
  swapIn,
} from '../write/compact-swap.ts';
import { compactedBatches, partitionsOfWork, partitionsToCompact } from './compaction-plan.ts';

/** Finishes the swaps a killed run committed to; drops what it had only begun to stage. */
export async function recoverSwaps(outputDir: string, manifest: Manifest, writer: ManifestWriter): Promise<void> {
  for (const { plan, swapped } of await leftoverSwaps(outputDir)) {
    await recordSwap(manifest, writer, plan);
    if (swapped) await finishSwap(outputDir, plan.folder);
    else await swapIn(outputDir, plan);
  }
}

/** Splits the compacted partitions that hold a batch of this run's work back into per-batch files. */
export async function splitForWork(context: RunContext, work: readonly Work[]): Promise<void> {
  const { outputDir, partitionSize } = context.config;
  const compacted: BatchRange[] = [];
  for (const range of partitionsOfWork(work, partitionSize)) {
    const there = await stat(join(outputDir, compactedFile(range.start, partitionSize))).then(
      () => true,
      () => false,
    );
    if (there) compacted.push(range);
  }
  if (compacted.length === 0) return;
  context.emit({ type: 'compaction-start', partitions: compacted.length, action: 'split' });
  for (const range of compacted) await splitPartition(context, range);
}

/** Compacts every full partition whose batches are all done and intact; returns how many. */
export async function compactPartitions(context: RunContext): Promise<number> {
  const { config, manifest, emit } = context;
  const { outputDir, partitionSize } = config;
  const planned = batchCount(config);
  const ranges = partitionsToCompact({ manifest, partitionSize, planned, minBatches: DEFAULTS.compactMinBatches });
  if (ranges.length === 0) return 0;
  if (!(await canExchange(outputDir))) {
    const message = `raw/ not compacted: the file system under ${outputDir} cannot swap folders in one step`;
    emit({ type: 'warning', message });
    return 0;
  }
  emit({ type: 'compaction-start', partitions: ranges.length, action: 'compact' });
  let compacted = 0;
  for (const range of ranges) if (await compactPartition(context, range)) compacted += 1;
  return compacted;
}

async function compactPartition(context: RunContext, range: BatchRange): Promise<boolean> {
  const { config, manifest, emit } = context;
  const { outputDir, partitionSize } = config;
  const started = performance.now();
  const files = [];
  for (let batch = range.start; batch <= range.end; batch++) {
    const entry = manifest.batches.get(batch);
    const bytes = await readFile(join(outputDir, batchFiles(batch, partitionSize).parquet)).catch(() => null);
    // Changed since it was checked: left for the next run, which redoes the batch and then compacts.
    if (entry?.status !== 'done' || bytes === null || sha256Hex(bytes) !== entry.sha256) {
      emit({
        type: 'warning',
        message: `raw/${partitionFolder(batch, partitionSize)} not compacted: batch ${batch}'s file changed`,
      });
      return false;
    }
    files.push(bytes);
  }
  const merged = await mergedParquet(files);
  const parquet = compactedFile(range.start, partitionSize);
  const sha256 = sha256Hex(merged);
  const batches = files.map((_, i) => ({ batch: range.start + i, parquet, sha256, bytes: merged.byteLength }));
  const folder = partitionFolder(range.start, partitionSize);
  const plan = await stageSwap(outputDir, folder, [{ name: compactedFileName(range), bytes: merged }], batches);
  await commitSwap(context, plan, started, 'compact');
  return true;
}

async function splitPartition(context: RunContext, range: BatchRange): Promise<void> {
  const { config, manifest, emit } = context;
  const { outputDir, partitionSize } = config;
  const started = performance.now();
  const folder = partitionFolder(range.start, partitionSize);
  const path = join(outputDir, compactedFile(range.start, partitionSize));
  const bytes = await readFile(path);
  const sha256 = sha256Hex(bytes);
  const batches = compactedBatches(manifest, range, partitionSize);
  const intact =
    batches.length > 0 &&
    batches.every(
      (batch) =>
        manifest.batches.get(batch)?.status === 'done' &&
        (manifest.batches.get(batch) as { sha256: string }).sha256 === sha256,
    );
  if (!intact) {
    // Damaged, or no entry vouches for it: its rows cannot be trusted, and the batches it claims are redone.
    await rm(path);
    emit({ type: 'warning', message: `raw/${folder}/${basename(path)} removed: it does not match the manifest` });
    return;
  }
  const split = await splitParquet(bytes, batches);
  const files = batches.map((batch) => ({
    name: basename(batchFiles(batch, partitionSize).parquet),
    bytes: split.get(batch) as Uint8Array,
  }));
  // Per-batch files beside the compacted one (none in a folder this module wrote) stay as they are.
  for (const name of await readdir(join(outputDir, FOLDERS.raw, folder))) {
    const batch = parseBatchFile(name);
    if (batch !== null && !batches.includes(batch))
      files.push({ name, bytes: await readFile(join(outputDir, FOLDERS.raw, folder, name)) });
  }
  const entries = batches.map((batch, i) => {
    const file = files[i] as { bytes: Uint8Array };
    const parquet = batchFiles(batch, partitionSize).parquet;
    return { batch, parquet, sha256: sha256Hex(file.bytes), bytes: file.bytes.byteLength };
  });
  const plan = await stageSwap(outputDir, folder, files, entries);
  await commitSwap(context, plan, started, 'split');
}

/** Entries first, then the swap: a kill between leaves a plan that recoverSwaps() completes. */
async function commitSwap(
  { config, manifest, manifestWriter, emit }: RunContext,
  plan: PartitionSwap,
  started: number,
  action: 'compact' | 'split',
): Promise<void> {
  await recordSwap(manifest, manifestWriter, plan);
  await swapIn(config.outputDir, plan);
  emit({ type: 'partition-swapped', folder: plan.folder, action, ms: Math.round(performance.now() - started) });
}

/** Points each batch's entry at the file its rows are in after the swap; entries already there are kept. */
async function recordSwap(manifest: Manifest, writer: ManifestWriter, plan: PartitionSwap): Promise<void> {
  const updatedAt = new Date().toISOString();
  for (const { batch, parquet, sha256, bytes } of plan.batches) {
    const entry = manifest.batches.get(batch);
    if (entry?.status !== 'done' || (entry.parquet === parquet && entry.sha256 === sha256)) continue;
    await writer.record({ ...entry, parquet, sha256, bytes, updatedAt });
  }
}
