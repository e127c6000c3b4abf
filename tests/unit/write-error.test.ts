import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { writeFileAtomic } from '../../core/atomic-file.ts';
import { FileWriteError, asFileWriteError } from '../../core/write-error.ts';
import { it } from '../support/fixtures.ts';

describe('FileWriteError', () => {
  it('names the file and says what to do, by error code', () => {
    const error = (code: string) => Object.assign(new Error(`${code}: something, write`), { code });
    expect((asFileWriteError('/out/raw/x.parquet', error('ENOSPC')) as Error).message).toBe(
      'disk full (ENOSPC) writing /out/raw/x.parquet: ' +
        'free space on that file system and run the same command again; the batches done so far are kept',
    );
    expect((asFileWriteError('/out/m.json', error('EDQUOT')) as Error).message).toMatch(
      /^disk quota exceeded \(EDQUOT\) writing \/out\/m.json: free space/,
    );
    expect((asFileWriteError('/out/m.json', error('EROFS')) as Error).message).toMatch(
      /^read-only file system \(EROFS\) writing \/out\/m.json: fix that and run/,
    );
    expect((asFileWriteError('/out/m.json', error('EIO')) as Error).message).toMatch(
      /^EIO writing \/out\/m.json: fix that/,
    );
  });

  it('leaves errors without a system code (bugs) as they are', () => {
    const bug = new TypeError('x is undefined');
    expect(asFileWriteError('/out/m.json', bug)).toBe(bug);
    const wrapped = asFileWriteError('/a', Object.assign(new Error(), { code: 'ENOSPC' }));
    expect(asFileWriteError('/b', wrapped)).toBe(wrapped);
  });
});

describe('writeFileAtomic when the machine refuses', () => {
  it('throws a FileWriteError for the target (its folder cannot be made here) and leaves nothing behind', async ({
    tempDir: dir,
  }) => {
    await writeFile(join(dir, 'a-file'), 'a file, not a folder');
    const target = join(dir, 'a-file', 'x.json');
    const failure = await writeFileAtomic(target, '{}').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FileWriteError);
    expect(failure).toMatchObject({ path: target, message: expect.stringMatching(/^E[A-Z]+ writing /) });
    expect(await readdir(dir)).toEqual(['a-file']);
  });
});
