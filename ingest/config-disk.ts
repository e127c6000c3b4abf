// What the ingest's configuration reads from disk before a run: the .env file, the output dir's recorded
// parameters, and whether the output dir can be written. Apart from config.ts so that stays the pure merge
// and validation of values. Nothing here creates or writes anything.
import { access, constants, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { UsageError } from '../core/errors.ts';
import { linksLeaving } from '../core/contained-paths.ts';
import { readManifest } from '../core/manifest.ts';
import type { ConfigSources } from './types.ts';

/**
 * The output dir must be a writable directory, or not exist yet under a writable parent. Checked
 * without creating anything: a rejected run leaves no trace.
 */
export async function checkOutputDir(outputDir: string): Promise<void> {
  let probe = outputDir;
  for (;;) {
    const info = await stat(probe).catch(() => null);
    if (info !== null) {
      if (!info.isDirectory()) {
        throw new UsageError(
          `--output-dir ${outputDir}: ${probe} exists and is not a directory; choose another --output-dir`,
        );
      }
      const writable = await access(probe, constants.W_OK | constants.X_OK).then(
        () => true,
        () => false,
      );
      if (!writable) {
        throw new UsageError(
          `--output-dir ${outputDir}: ${probe} is not writable by this user; ` +
            'choose another --output-dir or fix its permissions',
        );
      }
      return;
    }
    const parent = dirname(probe);
    if (parent === probe) {
      throw new UsageError(`--output-dir ${outputDir}: no existing parent directory; choose another --output-dir`);
    }
    probe = parent;
  }
}

/** The parameters manifest.json records, as defaults; none for a new (or unreadable) output dir. */
export async function recordedParams(outputDir: string): Promise<NonNullable<ConfigSources['recorded']>> {
  // Nothing is read through a link leading out of the output dir; the run refuses such a dir later.
  if ((await linksLeaving(outputDir)).length > 0) return {};
  const manifest = await readManifest(outputDir).catch(() => null);
  const { batchSize, partitionSize } = manifest?.params ?? {};
  return { total: manifest?.total, batchSize, partitionSize };
}

/** The .env file in cwd, parsed; empty when there is none. */
export async function readDotenv(cwd: string): Promise<Record<string, string>> {
  const text = await readFile(join(cwd, '.env'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new UsageError(
      `cannot read ${join(cwd, '.env')} (${error.code ?? error.message}); fix its permissions or remove it`,
    );
  });
  return parseDotenv(text);
}
