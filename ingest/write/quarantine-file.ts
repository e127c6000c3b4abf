// quarantine/batch-NNNNNN.jsonl: the records validation rejected, each whole with its reason and
// lineage, one JSON object per line. One file per batch so a redone batch replaces exactly its own.
// Records are as the API sent them, its key in their links: the file's text goes through the redactor.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-file.ts';
import type { Redactor } from '../types.ts';
import type { QuarantinedRecord } from '../validate/validate-page.ts';

export interface QuarantineLineage {
  readonly batch: number;
  readonly page: number;
  readonly ingestedAt: Date;
}

/**
 * Writes the batch's quarantine file, or removes a stale one when nothing was quarantined.
 * Returns the path written (relative to outputDir), or null.
 */
export async function writeQuarantine(
  outputDir: string,
  path: string,
  records: readonly QuarantinedRecord[],
  { batch, page, ingestedAt }: QuarantineLineage,
  redact: Redactor,
): Promise<string | null> {
  if (records.length === 0) {
    await rm(join(outputDir, path), { force: true });
    return null;
  }
  const ingested_at = ingestedAt.toISOString();
  const lines = records.map(({ record, reason }) => JSON.stringify({ batch, page, ingested_at, reason, record }));
  await writeFileAtomic(join(outputDir, path), redact(`${lines.join('\n')}\n`).text);
  return path;
}
