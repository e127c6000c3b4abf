// The shared folders the containers write into, and the check that a run really replaced its result.
// Spark runs as uid 1000 in the containers, while the bind-mounted data folder belongs to whoever runs
// the pipeline on the host, so the folders it writes into are made world-writable here.
import { access, chmod, constants, lstat, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';

/**
 * Creates each folder if needed and opens it to uid 1000; one we may not chmod must already be open. A
 * folder that is a symlink is refused: chmod would open up whatever it leads to.
 */
export async function prepareSharedFolders(folders: readonly string[]): Promise<void> {
  for (const folder of folders) {
    if ((await lstat(folder).catch(() => null))?.isSymbolicLink() === true)
      throw new UsageError(
        `${folder} is a symbolic link; it must be a real folder, since it is made writable for Spark's uid 1000: ` +
          'replace the link with a folder',
      );
    await mkdir(folder, { recursive: true });
    try {
      await chmod(folder, 0o777);
    } catch (error) {
      const mode = (await stat(folder)).mode;
      if ((mode & 0o003) !== 0o003)
        throw new Error(
          `${folder} must be writable by uid 1000 (Spark in the containers) and cannot be made so ` +
            `(${(error as Error).message}): run \`chmod 777 ${folder}\``,
          { cause: error },
        );
    }
  }
}

/** Identifies a folder instance: a swapped-in result is a new directory, so its identity changes. */
export async function folderIdentity(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  return info === null ? null : `${info.dev}:${info.ino}`;
}

/** True when `path` is a different folder than before and holds Spark's _SUCCESS marker. */
export async function resultReplaced(path: string, identityBefore: string | null): Promise<boolean> {
  const now = await folderIdentity(path);
  if (now === null || now === identityBefore) return false;
  return access(join(path, '_SUCCESS'), constants.F_OK).then(
    () => true,
    () => false,
  );
}
