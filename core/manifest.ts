// The manifest's format: manifest.json, what the output dir holds and how it was made, and the journal
// of a run still going. The ingest writes it; the aggregation reads it. A batch counts as done only when
// its entry says so AND its Parquet file is there with the recorded checksum.
//
// During a run, each batch's entry is appended (and fsynced) to manifest.journal.jsonl once the batch's
// files are in place; at the end of the run the journal is folded into manifest.json (written atomically)
// and removed. Rewriting the whole manifest after every batch cost O(batches) per batch: 14 s of a
// 2,000-batch run, growing with the square of the batch count. A kill at any instant leaves either no
// line for the batch (redone next run), a torn last line (ignored: redone), or its whole line (files
// there); the next run replays the journal over manifest.json and folds it before appending anything.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.ts';
import { UsageError } from './errors.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_JOURNAL_FILE = 'manifest.journal.jsonl';
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
  /** When the page was requested: the moment its ids and total_elements describe. */
  ingestedAt: z.string(),
  /** Ids of the NEOs kept, in page order; absent in manifests written before drift detection. */
  ids: z.array(z.string()).optional(),
  /** The page's `total_elements`: the catalogue's size when it was fetched; absent in older manifests. */
  totalElements: z.number().int().min(0).optional(),
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
  /** NEOs of the dataset's range: what the last full run (or refresh) fetched; later runs default to it. */
  total: z.number().int().min(1).optional(),
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
  /** The dataset's range (absent in manifests from before it was recorded); set by a full run. */
  total?: number;
  readonly batches: Map<number, ManifestEntry>;
}

export function emptyManifest(params: ManifestParams): Manifest {
  return { params, batches: new Map() };
}

const readIfThere = (path: string): Promise<string | null> =>
  readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not valid JSON; restore it, or move the output dir aside and run again`);
  }
}

/**
 * The manifest in outputDir with the journal of a run that did not finish replayed over it, or null when
 * there is none yet. A corrupt one is a usage error, not a reset.
 */
export async function readManifest(outputDir: string): Promise<Manifest | null> {
  const path = join(outputDir, MANIFEST_FILE);
  const text = await readIfThere(path);
  if (text === null) return null;
  const parsed = ManifestSchema.safeParse(parseJson(path, text));
  if (!parsed.success) {
    const why = parsed.error.issues[0]?.message ?? 'invalid';
    throw new UsageError(
      `${path} is not a manifest this version understands (${why}); restore it, or use another --output-dir`,
    );
  }
  const batches = new Map(parsed.data.batches.map((entry) => [entry.batch, entry]));
  for (const entry of await readJournal(outputDir)) batches.set(entry.batch, entry);
  const { params, total } = parsed.data;
  return { params, ...(total === undefined ? {} : { total }), batches };
}

/** Journal entries in order. Only the text after the last newline can be torn (a kill mid-append): ignored. */
async function readJournal(outputDir: string): Promise<ManifestEntry[]> {
  const path = join(outputDir, MANIFEST_JOURNAL_FILE);
  const text = await readIfThere(path);
  if (text === null) return [];
  const lines = text.split('\n').slice(0, -1);
  return lines.map((line, i) => {
    const parsed = EntrySchema.safeParse(parseJson(path, line));
    if (!parsed.success) {
      throw new UsageError(
        `${path} line ${i + 1} is not a manifest entry; restore it, or move the output dir aside and run again`,
      );
    }
    return parsed.data;
  });
}

/** Writes manifest.json whole (atomically), then drops the journal it now includes. */
export async function writeManifest(outputDir: string, manifest: Manifest, now: Date): Promise<void> {
  const batches = [...manifest.batches.values()].sort((a, b) => a.batch - b.batch);
  const { params, total } = manifest;
  const json = { version: MANIFEST_VERSION, params, total, updatedAt: now.toISOString(), batches };
  await writeFileAtomic(join(outputDir, MANIFEST_FILE), `${JSON.stringify(json, null, 2)}\n`);
  await rm(join(outputDir, MANIFEST_JOURNAL_FILE), { force: true });
}
