import { describe, expect } from 'vitest';
import { emptyManifest } from '../../core/manifest.ts';
import { resolveConfig } from '../../ingest/config.ts';
import type { CliFlags } from '../../ingest/types.ts';
import { selectWork } from '../../ingest/run/work.ts';
import { it } from '../support/fixtures.ts';

const configIn = (cwd: string, flags: CliFlags) => resolveConfig({ flags, env: {}, dotenv: {}, cwd });
const manifest = () => emptyManifest({ batchSize: 5, partitionSize: 20, apiUrl: 'http://127.0.0.1:1' });

describe('which batches a run does', () => {
  it('a normal run: every batch not done yet, saying so', async ({ tempDir }) => {
    const config = configIn(tempDir, { total: '12', batchSize: '5' });
    const work = await selectWork(config, manifest(), 3);
    expect(work).toEqual([1, 2, 3].map((batch) => ({ batch, reason: 'not fetched yet' })));
  });

  it('a normal run skips done batches whose files check out, and redoes failed ones', async ({ tempDir }) => {
    const config = configIn(tempDir, { total: '10', batchSize: '5' });
    const recorded = manifest();
    const updatedAt = '2025-01-01T00:00:00.000Z';
    recorded.batches.set(2, { batch: 2, page: 1, attempts: 3, updatedAt, status: 'failed', error: 'HTTP 503' });
    const work = await selectWork(config, recorded, 2);
    expect(work).toEqual([
      { batch: 1, reason: 'not fetched yet' },
      { batch: 2, reason: 'failed before: HTTP 503' },
    ]);
  });

  it('a backfill redoes exactly its range; --from-landing rebuilds every planned batch', async ({ tempDir }) => {
    const backfill = configIn(tempDir, { total: '40', batchSize: '5', backfill: ['3', '5'] });
    expect(await selectWork(backfill, manifest(), 8)).toEqual(
      [3, 4, 5].map((batch) => ({ batch, reason: 'backfill' })),
    );
    const rebuild = configIn(tempDir, { total: '10', batchSize: '5', fromLanding: true });
    expect(await selectWork(rebuild, manifest(), 2)).toEqual(
      [1, 2].map((batch) => ({ batch, reason: 'rebuild from landing' })),
    );
  });
});
