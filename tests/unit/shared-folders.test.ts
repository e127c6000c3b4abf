import { mkdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { prepareSharedFolders } from '../../spark-job/job/output-folders.ts';
import { UsageError } from '../../core/errors.ts';
import { it } from '../support/fixtures.ts';

describe('prepareSharedFolders', () => {
  it('makes real folders writable for uid 1000, and refuses a symlink instead of opening up its target', async ({
    tempDir: dir,
  }) => {
    await prepareSharedFolders([join(dir, 'aggregations')]);
    expect((await stat(join(dir, 'aggregations'))).mode & 0o777).toBe(0o777);

    await mkdir(join(dir, 'elsewhere'), { mode: 0o755 });
    await symlink(join(dir, 'elsewhere'), join(dir, 'spark-events'));
    await expect(prepareSharedFolders([join(dir, 'spark-events')])).rejects.toThrow(UsageError);
    await expect(prepareSharedFolders([join(dir, 'spark-events')])).rejects.toThrow(
      /spark-events is a symbolic link; it must be a real folder/,
    );
    expect((await stat(join(dir, 'elsewhere'))).mode & 0o777).toBe(0o755);
  });
});
