// landing/: every page body as the API sent it (key redacted), beside a small meta file describing the
// request. Raw Parquet can be rebuilt from here without calling the API (--from-landing), so the meta
// records everything the rebuild needs, including the time that becomes ingested_at.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-file.ts';
import { sha256Hex } from '../../core/hashing.ts';
import type { BatchFiles } from '../../core/layout.ts';

export const LandingMetaSchema = z.object({
  batch: z.number().int().min(1),
  page: z.number().int().min(0),
  size: z.number().int().min(1),
  /** HTTP status of the response kept. */
  status: z.number().int(),
  /** When the successful attempt was sent (ISO); the batch's rows carry it as ingested_at. */
  requestedAt: z.string(),
  attempts: z.number().int().min(1),
  /** API base URL, never with the key. */
  apiUrl: z.string(),
  bytes: z.number().int().min(0),
  sha256: z.string(),
  /** The body was passed through the key redactor before landing. */
  redacted: z.literal(true),
  /** How many key occurrences were replaced with REDACTED. */
  redactions: z.number().int().min(0),
});

export type LandingMeta = z.infer<typeof LandingMetaSchema>;

/** Body first, meta second: a meta file means its body is complete. Both atomic. */
export async function landPage(outputDir: string, files: BatchFiles, body: string, meta: LandingMeta): Promise<void> {
  await writeFileAtomic(join(outputDir, files.landingBody), body);
  await writeFileAtomic(join(outputDir, files.landingMeta), `${JSON.stringify(meta, null, 2)}\n`);
}

export class LandingMissingError extends Error {
  override readonly name = 'LandingMissingError';
}

export async function readLanding(outputDir: string, files: BatchFiles): Promise<{ body: string; meta: LandingMeta }> {
  const read = (path: string) =>
    readFile(join(outputDir, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        throw new LandingMissingError(`${path} is missing; run without --from-landing to fetch it`);
      }
      throw error;
    });
  const metaText = await read(files.landingMeta);
  const body = await read(files.landingBody);
  const meta = LandingMetaSchema.safeParse(parseJson(metaText));
  if (!meta.success) {
    throw new LandingMissingError(
      `${files.landingMeta} is not a landing meta file; run without --from-landing to fetch the batch again`,
    );
  }
  if (sha256Hex(body) !== meta.data.sha256) {
    throw new LandingMissingError(
      `${files.landingBody} does not match the checksum in its meta file; ` +
        'run without --from-landing to fetch it again',
    );
  }
  return { body, meta: meta.data };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
