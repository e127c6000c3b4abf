import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { makeRedactor } from '../../ingest/fetch/redact.ts';
import { writeQuarantine } from '../../ingest/write/quarantine-file.ts';
import { batchFiles } from '../../core/layout.ts';
import { it } from '../support/fixtures.ts';

const KEY = 'quarantine-key-4711';
const path = batchFiles(3, 20).quarantine;
const lineage = { batch: 3, page: 2, ingestedAt: new Date('2025-03-04T05:06:07.089Z') };

describe('quarantine file', () => {
  it('writes each record whole with reason and lineage, the key in its links redacted', async ({ tempDir }) => {
    const record = { id: '1', links: { self: `http://x/neo/1?api_key=${KEY}` }, name: 7 };
    const written = await writeQuarantine(
      tempDir,
      path,
      [{ index: 4, record, reason: 'name: expected string, got number' }],
      lineage,
      makeRedactor(KEY),
    );
    expect(written).toBe('quarantine/batch-000003.jsonl');
    const text = await readFile(join(tempDir, path), 'utf8');
    expect(text).not.toContain(KEY);
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      batch: 3,
      page: 2,
      ingested_at: '2025-03-04T05:06:07.089Z',
      reason: 'name: expected string, got number',
      record: { ...record, links: { self: 'http://x/neo/1?api_key=REDACTED' } },
    });
  });

  it('removes a stale file when a redone batch quarantines nothing', async ({ tempDir }) => {
    const redact = makeRedactor(KEY);
    await writeQuarantine(tempDir, path, [{ index: 0, record: {}, reason: 'x' }], lineage, redact);
    await writeFile(join(tempDir, path), 'stale\n');
    expect(await writeQuarantine(tempDir, path, [], lineage, redact)).toBeNull();
    await expect(access(join(tempDir, path))).rejects.toThrow(/ENOENT/);
  });
});
