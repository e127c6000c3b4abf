import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect } from 'vitest';
import { sha256Hex } from '../../core/hashing.ts';
import { batchFiles } from '../../core/layout.ts';
import { type DoneEntry, emptyManifest, readManifest } from '../../core/manifest.ts';
import { resolveConfig } from '../../ingest/config.ts';
import { makeRedactor } from '../../ingest/fetch/redact.ts';
import { manifestWriter } from '../../ingest/run/manifest-journal.ts';
import { recordFailure } from '../../ingest/run/record-failure.ts';
import type { IngestEvent } from '../../ingest/events.ts';
import type { PageSource, RunContext } from '../../ingest/types.ts';
import { it } from '../support/fixtures.ts';

const files = batchFiles(2, 20);
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function put(dir: string, path: string, content: string): Promise<string> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content);
  return sha256Hex(content);
}

function contextIn(outputDir: string, events: IngestEvent[]): RunContext {
  const config = resolveConfig({ flags: { outputDir, total: '40' }, env: {}, dotenv: {}, cwd: '/' });
  const manifest = emptyManifest({ batchSize: 20, partitionSize: 20, apiUrl: config.apiUrl });
  const source = { mode: 'api' } as PageSource;
  const writer = manifestWriter(outputDir, manifest, false);
  const redact = makeRedactor('k-123456');
  return { config, manifest, manifestWriter: writer, source, redact, emit: (e) => events.push(e) };
}

describe('recording a failed batch', () => {
  it('removes what an earlier attempt left and records the batch failed', async ({ tempDir }) => {
    const events: IngestEvent[] = [];
    const context = contextIn(tempDir, events);
    await put(tempDir, files.parquet, 'half a parquet file');
    await put(tempDir, files.quarantine, '{}\n');
    await recordFailure(context, 2, 3, 'HTTP 503');
    expect(await exists(join(tempDir, files.parquet))).toBe(false);
    expect(await exists(join(tempDir, files.quarantine))).toBe(false);
    const entry = (await readManifest(tempDir))?.batches.get(2);
    expect(entry).toMatchObject({ batch: 2, page: 1, status: 'failed', attempts: 3, error: 'HTTP 503' });
    expect(events).toEqual([]);
  });

  it('keeps a batch that was done and intact before (a failed backfill), with a warning', async ({ tempDir }) => {
    const events: IngestEvent[] = [];
    const context = contextIn(tempDir, events);
    const previous: DoneEntry = {
      batch: 2,
      page: 1,
      status: 'done',
      attempts: 1,
      updatedAt: new Date(0).toISOString(),
      neos: 20,
      rows: 40,
      quarantined: 0,
      parquet: files.parquet,
      bytes: 4,
      sha256: await put(tempDir, files.parquet, 'good'),
      landing: files.landingBody,
      landingSha256: await put(tempDir, files.landingBody, '{}'),
      quarantineFile: null,
      ingestedAt: new Date(0).toISOString(),
    };
    context.manifest.batches.set(2, previous);
    await recordFailure(context, 2, 6, 'HTTP 503');
    expect(await exists(join(tempDir, files.parquet))).toBe(true);
    expect(context.manifest.batches.get(2)).toBe(previous);
    expect(events).toEqual([{ type: 'warning', message: 'batch 2 keeps the data of its earlier successful fetch' }]);
  });
});
