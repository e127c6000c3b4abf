// What manifest.json records about a range's batches, for the report's warnings: batches never ingested
// (with the reason when one is recorded), quarantined records, and catalogue drift. Drift notes are
// optional fields (`drift`, on the manifest or on a batch entry) that older manifests do not have.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type BatchRange, batchRange } from '../../../core/layout.ts';
import { MANIFEST_FILE, readManifest } from '../../../core/manifest.ts';

export interface MissingBatch {
  readonly batch: number;
  /** The manifest's error for a failed batch; null when it has no entry. */
  readonly reason: string | null;
}

export interface ManifestCoverage {
  /** False when the output dir has no manifest.json (raw/ written by something else than the ingest). */
  readonly manifestFound: boolean;
  readonly missing: readonly MissingBatch[];
  readonly quarantined: ReadonlyArray<{ readonly batch: number; readonly records: number }>;
  readonly drift: readonly string[];
}

// A note is text, or an object whose `message` (else its JSON) says what drifted.
const Note = z.union([z.string(), z.record(z.string(), z.unknown())]);
const Notes = z.union([Note, z.array(Note)]).optional();
const DriftFields = z.looseObject({
  drift: Notes,
  batches: z.array(z.looseObject({ batch: z.number(), drift: Notes })).optional(),
});

type Note = z.infer<typeof Note>;

const noteText = (note: Note) =>
  typeof note === 'string' ? note : typeof note.message === 'string' ? note.message : JSON.stringify(note);

const noteList = (notes: Note | Note[] | undefined) => (notes === undefined ? [] : [notes].flat());

export async function readManifestCoverage(outputDir: string, range: BatchRange): Promise<ManifestCoverage> {
  const manifest = await readManifest(outputDir);
  if (manifest === null) return { manifestFound: false, missing: [], quarantined: [], drift: [] };
  const missing: MissingBatch[] = [];
  const quarantined: Array<{ batch: number; records: number }> = [];
  for (const batch of batchRange(range.start, range.end)) {
    const entry = manifest.batches.get(batch);
    if (entry?.status === 'done') {
      if (entry.quarantined > 0) quarantined.push({ batch, records: entry.quarantined });
    } else missing.push({ batch, reason: entry?.error ?? null });
  }
  return { manifestFound: true, missing, quarantined, drift: await driftNotes(outputDir, range) };
}

/** Drift notes of the manifest and of the range's batches; readManifest() has already validated the file. */
async function driftNotes(outputDir: string, range: BatchRange): Promise<string[]> {
  const parsed = DriftFields.safeParse(JSON.parse(await readFile(join(outputDir, MANIFEST_FILE), 'utf8')));
  if (!parsed.success) return [];
  const inRange = (parsed.data.batches ?? []).filter(({ batch }) => batch >= range.start && batch <= range.end);
  return [
    ...noteList(parsed.data.drift).map(noteText),
    ...inRange.flatMap(({ batch, drift }) => noteList(drift).map((note) => `batch ${batch}: ${noteText(note)}`)),
  ];
}
