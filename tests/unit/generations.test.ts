// Generations of a refreshed output dir: a switch killed at any step rolls forward on the next run, an
// unfinished staging generation is resumed, not switched to. Kills are simulated by leaving the folder
// in each intermediate state the switch goes through.
import { lstat, mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { datasetDir, markComplete, settleGenerations, stagingGeneration } from '../../ingest/run/generations.ts';
import { it } from '../support/fixtures.ts';

const noWait = () => {};

/** A dataset folder holding one raw file and a manifest, each saying `label`. */
async function dataset(dir: string, label: string): Promise<void> {
  await mkdir(join(dir, 'raw', 'batch-number=1-20'), { recursive: true });
  await writeFile(join(dir, 'raw', 'batch-number=1-20', 'batch-000001.parquet'), label);
  await writeFile(join(dir, 'manifest.json'), label);
}
const rawText = (out: string) => readFile(join(out, 'raw', 'batch-number=1-20', 'batch-000001.parquet'), 'utf8');

describe('generations', () => {
  it('rolls a complete, unswitched generation forward over a pre-generation dataset', async ({ tempDir: out }) => {
    await dataset(out, 'old');
    await dataset(join(out, '.gen-1'), 'new');
    await markComplete(out, 1);
    expect(await settleGenerations(out, noWait)).toBe(1);
    expect(await readlink(join(out, '.current'))).toBe('.gen-1');
    expect((await lstat(join(out, 'raw'))).isSymbolicLink()).toBe(true);
    expect(await rawText(out)).toBe('new');
    expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe('new');
    expect((await readdir(out)).sort()).toEqual(
      ['.current', '.gen-1', 'landing', 'manifest.journal.jsonl', 'manifest.json', 'quarantine', 'raw'].sort(),
    );
    expect(await datasetDir(out)).toBe(join(out, '.gen-1'));
  });

  it('finishes a switch killed after the flip: links the rest, deletes the old generation', async ({
    tempDir: out,
  }) => {
    await dataset(join(out, '.gen-1'), 'one');
    await dataset(join(out, '.gen-2'), 'two');
    await markComplete(out, 2);
    await symlink('.gen-2', join(out, '.current'));
    await symlink(join('.current', 'raw'), join(out, 'raw'));
    expect(await settleGenerations(out, noWait)).toBeNull();
    expect(await rawText(out)).toBe('two');
    expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe('two');
    expect(await readdir(out)).not.toContain('.gen-1');
  });

  it('leaves an unfinished staging generation for the next --refresh to resume', async ({ tempDir: out }) => {
    await dataset(out, 'old');
    await dataset(join(out, '.gen-1'), 'half');
    expect(await settleGenerations(out, noWait)).toBeNull();
    expect(await rawText(out)).toBe('old');
    expect(await stagingGeneration(out)).toBe(1);
    expect(await datasetDir(out)).toBe(out);
  });
});
