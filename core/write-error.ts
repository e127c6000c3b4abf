// A file the pipeline could not write, for a reason of the machine (disk full, permissions, a read-only
// file system): the error names the file and says what to do, instead of a bare "ENOSPC ... write" with a
// stack trace. Every writer (atomic files, the manifest journal) reports its failures through it.

const ADVICE: Readonly<Record<string, string>> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    const what = ADVICE[code];
    const fix =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'free space on that file system and run the same command again'
        : 'fix that and run the same command again';
    super(
      `${what === undefined ? code : `${what} (${code})`} writing ${path}: ${fix}; the batches done so far are kept`,
    );
  }
}

/** The error as a FileWriteError for `path` when it is a system error (it has a code); else unchanged. */
export function asFileWriteError(path: string, error: unknown): unknown {
  if (error instanceof FileWriteError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? new FileWriteError(path, code) : error;
}
