// Resume decisions: whether an output dir's recorded parameters allow this run, and which batches must
// be (re)done.
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { sha256File } from '../../core/hashing.ts';
import { MANIFEST_FILE, type ManifestEntry, type ManifestParams } from '../../core/manifest.ts';

/** What must match; the recorded total is only a default (see config.ts). */
type FixedParam = 'batchSize' | 'partitionSize' | 'apiUrl';
const PARAM_FLAGS: Record<FixedParam, string> = {
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
  ignore: readonly FixedParam[] = [],
): void {
  const keys = (Object.keys(PARAM_FLAGS) as FixedParam[]).filter((key) => !ignore.includes(key));
  const differing = keys.filter((key) => recorded[key] !== wanted[key]);
  if (differing.length === 0) return;
  const lines = differing.map(
    (key) =>
      `  ${PARAM_FLAGS[key]}: this run asks for ${String(wanted[key])}, ` +
      `the output dir was made with ${String(recorded[key])}`,
  );
  throw new UsageError(
    [
      `${outputDir} was made with other parameters (see ${MANIFEST_FILE}):`,
      ...lines,
      'Batch numbers would no longer mean the same pages or folders. ' +
        'Run with the recorded values, or choose a new --output-dir.',
    ].join('\n'),
  );
}

/** Hex SHA-256 of a file under the output dir, or null when it cannot be read. */
export type FileChecksum = (path: string) => Promise<string | null>;

/**
 * Why a batch must be (re)done, or null when its entry is done and its Parquet file checks out.
 * `checksum` lets a caller hash a file shared by many entries (a compacted partition's) once.
 */
export async function redoReason(
  outputDir: string,
  entry: ManifestEntry | undefined,
  expectedNeos: number,
  checksum: FileChecksum = (path) => sha256File(join(outputDir, path)).catch(() => null),
): Promise<string | null> {
  if (entry === undefined) return 'not fetched yet';
  if (entry.status === 'failed') return `failed before: ${entry.error}`;
  if (entry.neos !== expectedNeos) return `holds ${entry.neos} NEOs, this run wants ${expectedNeos}`;
  for (const [path, expected] of [
    [entry.parquet, entry.sha256],
    [entry.landing, entry.landingSha256],
  ] as const) {
    const actual = await checksum(path);
    if (actual === null) return `${path} is missing`;
    if (actual !== expected) return `${path} does not match its checksum`;
  }
  return null;
}
