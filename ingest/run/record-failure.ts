// A batch that failed: recorded as failed in the manifest, unless it has good data from before.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { batchFiles, pageOfBatch } from '../../core/layout.ts';
import type { RunContext } from '../types.ts';
import { redoReason } from './resume.ts';

/**
 * A failed batch that was done and intact before (a failed backfill) keeps its old files and entry. Any
 * other failed batch loses whatever files a killed earlier attempt left, so raw/ holds only done batches.
 */
export async function recordFailure(
  { config, manifest, manifestWriter: writer, emit }: RunContext,
  batch: number,
  attempts: number,
  error: string,
): Promise<void> {
  const { outputDir } = config;
  const previous = manifest.batches.get(batch);
  if (previous?.status === 'done' && (await redoReason(outputDir, previous, previous.neos)) === null) {
    emit({ type: 'warning', message: `batch ${batch} keeps the data of its earlier successful fetch` });
    return;
  }
  const files = batchFiles(batch, config.partitionSize);
  await rm(join(outputDir, files.parquet), { force: true });
  await rm(join(outputDir, files.quarantine), { force: true });
  await writer.record({
    batch,
    page: pageOfBatch(batch),
    status: 'failed',
    attempts,
    updatedAt: new Date().toISOString(),
    error,
  });
}
