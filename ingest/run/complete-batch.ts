// One batch's way from page to done: land it, transform it, write Parquet and quarantine, and only then
// record it done in the manifest. Every file is written atomically and the entry last, so a run killed at
// any instant and run again redoes exactly the batches not recorded done.
import { join } from 'node:path';
import { sha256Hex } from '../../core/hashing.ts';
import { batchFiles, keptCount, pageOfBatch } from '../../core/layout.ts';
import type { DoneEntry } from '../../core/manifest.ts';
import { transformPage } from '../explode/transform-page.ts';
import { landPage } from '../land/landing-zone.ts';
import { recordIds } from '../validate/neo-id.ts';
import type { FetchedPage, RunContext } from '../types.ts';
import { writeQuarantine } from '../write/quarantine-file.ts';
import { writeRawParquet } from '../write/raw-parquet.ts';

export async function completeBatch(
  { config, source, manifest, manifestWriter: writer, redact }: RunContext,
  batch: number,
  fetched: FetchedPage,
): Promise<DoneEntry> {
  const { outputDir, batchSize, partitionSize } = config;
  const page = pageOfBatch(batch);
  const files = batchFiles(batch, partitionSize);
  const neos = keptCount(batch, config);
  const ingestedAt = fetched.requestedAt;
  const landingSha256 = sha256Hex(fetched.body);

  if (source.mode === 'api') {
    await landPage(outputDir, files, fetched.body, {
      batch,
      page,
      size: batchSize,
      status: fetched.status,
      requestedAt: ingestedAt.toISOString(),
      attempts: fetched.attempts,
      apiUrl: manifest.params.apiUrl,
      bytes: Buffer.byteLength(fetched.body),
      sha256: landingSha256,
      redacted: true,
      redactions: fetched.redactions,
    });
  }
  // Only the first NEOs up to --total: the last batch of a run may keep part of its page.
  const records = fetched.page.near_earth_objects.slice(0, neos);
  const transformed = transformPage({ near_earth_objects: records }, { batchNumber: batch, ingestedAt });
  const written = await writeRawParquet(transformed.columns, join(outputDir, files.parquet));
  const lineage = { batch, page, ingestedAt };
  const quarantineFile = await writeQuarantine(outputDir, files.quarantine, transformed.quarantined, lineage, redact);

  const entry: DoneEntry = {
    batch,
    page,
    status: 'done',
    attempts: fetched.attempts,
    updatedAt: new Date().toISOString(),
    neos,
    rows: written.rows,
    quarantined: transformed.quarantined.length,
    parquet: files.parquet,
    bytes: written.bytes,
    sha256: written.sha256,
    landing: files.landingBody,
    landingSha256,
    quarantineFile,
    ingestedAt: ingestedAt.toISOString(),
    ids: recordIds(records),
    totalElements: fetched.page.page.total_elements,
  };
  await writer.record(entry);
  return entry;
}
