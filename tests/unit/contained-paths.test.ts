import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { isInside, linksLeaving } from '../../core/contained-paths.ts';
import { it } from '../support/fixtures.ts';

describe('isInside', () => {
  it('is by path components, not by string prefix', () => {
    expect(isInside('/data/out', '/data/out')).toBe(true);
    expect(isInside('/data/out', '/data/out/raw/x.parquet')).toBe(true);
    expect(isInside('/data/out', '/data/out/..hidden')).toBe(true);
    expect(isInside('/data/out', '/data/output')).toBe(false);
    expect(isInside('/data/out', '/data')).toBe(false);
    expect(isInside('/data/out', '/etc/passwd')).toBe(false);
  });
});

describe('linksLeaving', () => {
  it('lists links leading out (dangling ones too), not links within, and does not follow links', async ({
    tempDir: dir,
  }) => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'raw/batch-number=1-20'), { recursive: true });
    await mkdir(join(dir, 'elsewhere/deep'), { recursive: true });
    await symlink(join(dir, 'elsewhere'), join(out, 'landing'));
    await symlink('../../../gone', join(out, 'raw/batch-number=1-20/batch-000001.parquet'));
    await symlink('batch-number=1-20', join(out, 'raw/latest'));
    const links = await linksLeaving(out);
    expect(links.map((link) => link.path).sort()).toEqual(['landing', 'raw/batch-number=1-20/batch-000001.parquet']);
    expect(links.find((link) => link.path === 'landing')?.target).toBe(join(dir, 'elsewhere'));
    expect(links.find((link) => link.path !== 'landing')?.target).toBe(join(dir, 'gone'));
  });

  it('finds nothing in an output dir that does not exist yet', async ({ tempDir: dir }) => {
    expect(await linksLeaving(join(dir, 'not-yet'))).toEqual([]);
  });
});
