// A manifest's done entries with their files really on disk, for tests of the manifest and resume.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256File } from '../../core/hashing.ts';
import { batchFiles } from '../../core/layout.ts';
import type { DoneEntry } from '../../core/manifest.ts';

/** The parameters every manifest of these tests is made with. */
export const params = { batchSize: 20, partitionSize: 20, apiUrl: 'http://127.0.0.1:1' };

/** Writes `content` to dir/path (making its folders) and returns its sha256. */
async function put(dir: string, path: string, content: string): Promise<string> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content);
  return sha256File(join(dir, path));
}

/** A done batch whose files are on disk with the recorded checksums. */
export async function doneBatch(dir: string, batch: number): Promise<DoneEntry> {
  const files = batchFiles(batch, params.partitionSize);
  return {
    batch,
    page: batch - 1,
    status: 'done',
    attempts: 1,
    updatedAt: new Date(0).toISOString(),
    neos: 20,
    rows: 42,
    quarantined: 0,
    parquet: files.parquet,
    bytes: 7,
    sha256: await put(dir, files.parquet, `parquet ${batch}`),
    landing: files.landingBody,
    landingSha256: await put(dir, files.landingBody, `{"page": ${batch}}`),
    quarantineFile: null,
    ingestedAt: new Date(0).toISOString(),
  };
}
