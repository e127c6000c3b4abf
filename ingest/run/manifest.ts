// manifest.json: what the output dir holds and how it was made. It is the single source of truth for
// resume: a batch counts as done only when its entry says so AND its Parquet file is there with the
// recorded checksum. The manifest is rewritten atomically after each batch's files are in place, so a
// kill at any instant leaves either the old entry (batch redone next run) or the new one (files there).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../config.ts';
import { writeFileAtomic } from '../write/atomic-file.ts';

export const MANIFEST_FILE = 'manifest.json';
const MANIFEST_VERSION = 1;

/** What must stay the same between runs into one output dir, or batch n would mean another page. */
const ParamsSchema = z.object({
  batchSize: z.number().int(),
  partitionSize: z.number().int(),
  apiUrl: z.string(),
});

const Common = {
  batch: z.number().int().min(1),
  page: z.number().int().min(0),
  attempts: z.number().int().min(0),
  updatedAt: z.string(),
};

const DoneEntrySchema = z.object({
  ...Common,
  status: z.literal('done'),
  /** NEOs kept from the page (the last batch of a run may keep fewer than the batch size). */
  neos: z.number().int().min(0),
  rows: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  parquet: z.string(),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  landing: z.string(),
  /** Hex SHA-256 of the landed body: a landing file replaced after this entry means the batch is redone. */
  landingSha256: z.string().regex(/^[0-9a-f]{64}$/),
  quarantineFile: z.string().nullable(),
  ingestedAt: z.string(),
});

const FailedEntrySchema = z.object({
  ...Common,
  status: z.literal('failed'),
  error: z.string(),
});

const EntrySchema = z.discriminatedUnion('status', [DoneEntrySchema, FailedEntrySchema]);

const ManifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  params: ParamsSchema,
  updatedAt: z.string(),
  batches: z.array(EntrySchema),
});

export type ManifestParams = z.infer<typeof ParamsSchema>;
export type DoneEntry = z.infer<typeof DoneEntrySchema>;
export type FailedEntry = z.infer<typeof FailedEntrySchema>;
export type ManifestEntry = z.infer<typeof EntrySchema>;

/** In memory: entries by batch number. */
export interface Manifest {
  readonly params: ManifestParams;
  readonly batches: Map<number, ManifestEntry>;
}

export function emptyManifest(params: ManifestParams): Manifest {
  return { params, batches: new Map() };
}

/** The manifest in outputDir, or null when there is none yet. A corrupt one is a usage error, not a reset. */
export async function readManifest(outputDir: string): Promise<Manifest | null> {
  const path = join(outputDir, MANIFEST_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not valid JSON; restore it, or move the output dir aside and run again`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`${path} is not a manifest this version understands (${parsed.error.issues[0]?.message ?? 'invalid'}); restore it, or use another --output-dir`);
  return { params: parsed.data.params, batches: new Map(parsed.data.batches.map((entry) => [entry.batch, entry])) };
}

export async function writeManifest(outputDir: string, manifest: Manifest, now: Date): Promise<void> {
  const batches = [...manifest.batches.values()].sort((a, b) => a.batch - b.batch);
  const json = { version: MANIFEST_VERSION, params: manifest.params, updatedAt: now.toISOString(), batches };
  await writeFileAtomic(join(outputDir, MANIFEST_FILE), `${JSON.stringify(json, null, 2)}\n`);
}

const PARAM_FLAGS: Record<keyof ManifestParams, string> = {
  batchSize: '--batch-size',
  partitionSize: '--partition-size',
  apiUrl: '--api-url (or NASA_API_BASE_URL)',
};

/**
 * Refuses a run whose parameters differ from the ones the output dir was made with. `ignore` lists
 * parameters that do not matter for this run (a --from-landing run does not call the API).
 */
export function checkParams(
  outputDir: string,
  recorded: ManifestParams,
  wanted: ManifestParams,
  ignore: ReadonlyArray<keyof ManifestParams> = [],
): void {
  const keys = (Object.keys(PARAM_FLAGS) as Array<keyof ManifestParams>).filter((key) => !ignore.includes(key));
  const differing = keys.filter((key) => recorded[key] !== wanted[key]);
  if (differing.length === 0) return;
  const lines = differing.map(
    (key) => `  ${PARAM_FLAGS[key]}: this run asks for ${String(wanted[key])}, the output dir was made with ${String(recorded[key])}`,
  );
  throw new UsageError(
    [
      `${outputDir} was made with other parameters (see ${MANIFEST_FILE}):`,
      ...lines,
      'Batch numbers would no longer mean the same pages or folders. Run with the recorded values, or choose a new --output-dir.',
    ].join('\n'),
  );
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why a batch must be (re)done, or null when its entry is done and its Parquet file checks out. */
export async function redoReason(
  outputDir: string,
  entry: ManifestEntry | undefined,
  expectedNeos: number,
): Promise<string | null> {
  if (entry === undefined) return 'not fetched yet';
  if (entry.status === 'failed') return `failed before: ${entry.error}`;
  if (entry.neos !== expectedNeos) return `holds ${entry.neos} NEOs, this run wants ${expectedNeos}`;
  for (const [path, expected] of [
    [entry.parquet, entry.sha256],
    [entry.landing, entry.landingSha256],
  ] as const) {
    const actual = await sha256File(join(outputDir, path)).catch(() => null);
    if (actual === null) return `${path} is missing`;
    if (actual !== expected) return `${path} does not match its checksum`;
  }
  return null;
}
