// Opening the output dir for a run, before any batch: refuse symlinks that lead out of it, check the
// recorded parameters, clear what a killed run left (hidden temp files, an unfolded journal).
import { sweepTempFiles } from '../../core/atomic-file.ts';
import { describeEscapingLinks, linksLeaving } from '../../core/contained-paths.ts';
import { UsageError } from '../../core/errors.ts';
import { type Manifest, type ManifestParams, emptyManifest, readManifest } from '../../core/manifest.ts';
import type { IngestConfig, ManifestWriter } from '../types.ts';
import { manifestWriter } from './manifest-journal.ts';
import { checkParams } from './resume.ts';

export interface OpenedOutputs {
  readonly manifest: Manifest;
  readonly writer: ManifestWriter;
}

/** Before anything is read or written: no write may leave the output dir through a symlink. */
export async function refuseEscapingLinks(outputDir: string): Promise<void> {
  const escaping = await linksLeaving(outputDir);
  if (escaping.length > 0) throw new UsageError(describeEscapingLinks('--output-dir', outputDir, escaping));
}

export async function openOutputs(config: IngestConfig): Promise<OpenedOutputs> {
  const { outputDir } = config;
  await refuseEscapingLinks(outputDir);

  const { batchSize, partitionSize, apiUrl } = config;
  const params: ManifestParams = { batchSize, partitionSize, apiUrl };
  const existing = await readManifest(outputDir);
  // A --from-landing run does not call the API, so the URL the dir was made with does not matter.
  if (existing !== null) checkParams(outputDir, existing.params, params, config.fromLanding ? ['apiUrl'] : []);
  const manifest = existing ?? emptyManifest(params);
  const writer = manifestWriter(outputDir, manifest, existing !== null);
  await sweepTempFiles(outputDir);
  // A killed run's journal (perhaps with a torn last line) goes into manifest.json before this run appends.
  await writer.fold();
  return { manifest, writer };
}
