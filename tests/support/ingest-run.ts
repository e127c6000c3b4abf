// What the ingest tests that run the CLI against a stand-in share: its usual arguments, and its manifest.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAST } from './cli.ts';

/** Output dir and API URL, FAST's quick pacing and retries, then the test's own flags. */
export const ingestArgs = (url: string, out: string, ...more: string[]) => [
  '--output-dir',
  out,
  '--api-url',
  url,
  ...FAST,
  ...more,
];

/** The fields of manifest.json these tests look at. */
export interface ManifestJson {
  batches: Array<{ batch: number; status: string; error?: string; ingestedAt?: string; quarantined?: number }>;
}

export const readManifestJson = async (out: string) =>
  JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as ManifestJson;
