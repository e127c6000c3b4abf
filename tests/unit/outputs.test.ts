import { access, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { UsageError } from '../../core/errors.ts';
import { MANIFEST_FILE, MANIFEST_JOURNAL_FILE, emptyManifest, writeManifest } from '../../core/manifest.ts';
import { resolveConfig } from '../../ingest/config.ts';
import { openOutputs } from '../../ingest/run/outputs.ts';
import { it } from '../support/fixtures.ts';

const API = 'http://127.0.0.1:1';
const configFor = (outputDir: string, flags: Record<string, string | boolean> = {}) =>
  resolveConfig({ flags: { outputDir, apiUrl: API, ...flags }, env: {}, dotenv: {}, cwd: '/' });
const failedEntry = (batch: number) => {
  const updatedAt = new Date(0).toISOString();
  return { batch, page: batch - 1, status: 'failed', attempts: 1, updatedAt, error: 'e' } as const;
};

describe('opening the output dir', () => {
  it('starts an empty manifest in a new dir, writing nothing yet', async ({ tempDir }) => {
    const { manifest } = await openOutputs(configFor(tempDir));
    expect(manifest).toEqual({ params: { batchSize: 20, partitionSize: 20, apiUrl: API }, batches: new Map() });
    await expect(access(join(tempDir, MANIFEST_FILE))).rejects.toThrow(/ENOENT/);
  });

  it("folds a killed run's journal into manifest.json before the run appends", async ({ tempDir }) => {
    const recorded = emptyManifest({ batchSize: 20, partitionSize: 20, apiUrl: API });
    await writeManifest(tempDir, recorded, new Date(0));
    await writeFile(join(tempDir, MANIFEST_JOURNAL_FILE), `${JSON.stringify(failedEntry(2))}\n{"torn`);
    const { manifest } = await openOutputs(configFor(tempDir));
    expect([...manifest.batches.keys()]).toEqual([2]);
    await expect(access(join(tempDir, MANIFEST_JOURNAL_FILE))).rejects.toThrow(/ENOENT/);
    const onDisk = JSON.parse(await readFile(join(tempDir, MANIFEST_FILE), 'utf8')) as { batches: unknown[] };
    expect(onDisk.batches).toEqual([failedEntry(2)]);
  });

  it('refuses other parameters than the dir was made with, except the URL for --from-landing', async ({ tempDir }) => {
    await writeManifest(tempDir, emptyManifest({ batchSize: 20, partitionSize: 20, apiUrl: API }), new Date(0));
    await expect(openOutputs(configFor(tempDir, { batchSize: '10', total: '10' }))).rejects.toThrow(UsageError);
    await expect(openOutputs(configFor(tempDir, { apiUrl: 'http://127.0.0.1:2' }))).rejects.toThrow(/--api-url/);
    const rebuild = configFor(tempDir, { apiUrl: 'http://127.0.0.1:2', fromLanding: true });
    await expect(openOutputs(rebuild)).resolves.toMatchObject({ manifest: { params: { apiUrl: API } } });
  });

  it('refuses a dir with a symlink leading out of it, before writing anything', async ({ tempDir }) => {
    const outputDir = join(tempDir, 'out');
    await mkdir(join(tempDir, 'elsewhere'), { recursive: true });
    await mkdir(outputDir);
    await symlink(join(tempDir, 'elsewhere'), join(outputDir, 'raw'));
    await expect(openOutputs(configFor(outputDir))).rejects.toThrow(UsageError);
    await expect(access(join(outputDir, MANIFEST_FILE))).rejects.toThrow(/ENOENT/);
  });
});
