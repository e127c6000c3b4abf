// Which batches a run (re)does, in order, and why: what the start event and the summary count.
import { join } from 'node:path';
import { sha256File } from '../../core/hashing.ts';
import { batchRange, keptCount } from '../../core/layout.ts';
import type { Manifest } from '../../core/manifest.ts';
import type { IngestConfig, Work } from '../types.ts';
import { redoReason } from './resume.ts';

/** Backfill and --from-landing redo their whole range; a normal run only what is not done and intact. */
export async function selectWork(config: IngestConfig, manifest: Manifest, planned: number): Promise<Work[]> {
  if (config.backfill !== null) {
    return batchRange(config.backfill.start, config.backfill.end).map((batch) => ({ batch, reason: 'backfill' }));
  }
  if (config.fromLanding) return batchRange(1, planned).map((batch) => ({ batch, reason: 'rebuild from landing' }));
  const work: Work[] = [];
  // The batches of a compacted partition share one file: each distinct file is hashed once.
  const hashes = new Map<string, Promise<string | null>>();
  const checksum = (path: string) => {
    const hash = hashes.get(path) ?? sha256File(join(config.outputDir, path)).catch(() => null);
    hashes.set(path, hash);
    return hash;
  };
  for (const batch of batchRange(1, planned)) {
    const entry = manifest.batches.get(batch);
    const reason = await redoReason(config.outputDir, entry, keptCount(batch, config), checksum);
    if (reason !== null) work.push({ batch, reason });
  }
  return work;
}
