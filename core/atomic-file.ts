// Files appear whole or not at all: write a hidden temp file beside the target, fsync, rename.
// The temp name starts with '.', which Spark and pyarrow skip when listing a dataset folder (DuckDB's `*`
// glob does not: read with `[!.]*.parquet`), so a reader never sees a half-written file, and a run killed
// mid-write leaves only a hidden leftover that sweepTempFiles() removes on the next run.
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asFileWriteError } from './write-error.ts';

const TEMP_MARK = '.tmp-';

/** Throws FileWriteError (naming `path`) when the machine refuses: disk full, permissions. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${TEMP_MARK}${process.pid}-${basename(path)}`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await syncDir(dir);
  } catch (error) {
    // No half-written temp file stays behind, even hidden (a full disk needs every byte back). Where even
    // that fails (the folder is not there), there is no temp file either: the first error is the one to tell.
    await rm(temp, { force: true }).catch(() => {});
    throw asFileWriteError(path, error);
  }
}

/** Removes temp files left by a killed run anywhere under root. */
export async function sweepTempFiles(root: string): Promise<number> {
  let removed = 0;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && entry.name.startsWith(TEMP_MARK)) {
      await rm(join(entry.parentPath, entry.name), { force: true });
      removed += 1;
    }
  }
  return removed;
}

/** A rename (or a new file) is durable only once its directory entry is flushed. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
