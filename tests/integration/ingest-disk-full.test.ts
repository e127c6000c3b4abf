// Disk full: the ingest writes into a small tmpfs that a ballast file has filled to a chosen point. A run
// must stop with exit 1 and a message naming the file it could not write and saying to free space, leave
// no partial or corrupt file (every Parquet file reads back, every landing body parses, the manifest reads
// and vouches only for intact batches, no temp file left, hidden or not), and once space is freed, resume
// and end equal to a clean run. The free space is set to the page (tmpfs charges whole 4 KiB pages per
// file, nothing for folders) from the clean run's file sizes, so that the disk fills up in each writer in
// turn: landing body, landing meta, Parquet file, manifest.json, manifest journal.
//
// Needs root, to mount the tmpfs: it fails (not skips) when run as another user.
import { readFile, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { EXIT } from '../../ingest/exit-codes.ts';
import { readManifest } from '../../core/manifest.ts';
import { redoReason } from '../../ingest/run/resume.ts';
import { batchFiles } from '../../core/layout.ts';
import type { RunningStandin } from '../../standin/server.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { FAST, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey, listFiles, rawDifference } from '../support/ingest-output.ts';
import { runPythonJson } from '../support/python.ts';

const TMPFS_SIZE = '64m';

it.override({ standinApi: new StandinApi().withSeed(19).withCatalogueSize(200) });

// The file's fixtures, for the helpers below.
let api: RunningStandin;
let work: string;
let mountPoint: string;
it.beforeAll(async ({ fileStandin, fileTempDir, mountTmpfs }) => {
  api = fileStandin;
  work = fileTempDir;
  mountPoint = await mountTmpfs('small-disk', TMPFS_SIZE);
});

const args = (out: string) => ['--total', '200', '--output-dir', out, '--api-url', api.url, ...FAST];

/** Fills the file system up to `freePages` left with one ballast file (replacing the previous one). */
async function leaveFree(freePages: number): Promise<void> {
  const ballast = join(mountPoint, 'ballast');
  await rm(ballast, { force: true });
  const { bavail, bsize } = await statfs(mountPoint);
  await writeFile(ballast, Buffer.alloc((bavail - freePages) * bsize));
}

/** Nothing partial or corrupt in the output dir, whatever the moment the disk filled up. */
async function expectIntact(out: string): Promise<void> {
  const files = await listFiles(out);
  expect(files.filter((path) => path.split('/').some((part) => part.startsWith('.')))).toEqual([]);
  // Every Parquet file reads back whole (DuckDB fails on a truncated or corrupt file), every landing body parses.
  const parquet = files.filter((path) => path.endsWith('.parquet')).map((path) => `'${join(out, path)}'`);
  if (parquet.length > 0) {
    const [read] = runPythonJson<Array<{ files: number }>>('duckdb_query.py', [
      `SELECT count(DISTINCT filename) AS files FROM read_parquet([${parquet.join(', ')}], filename = true)`,
    ]);
    expect(read?.files).toBe(parquet.length);
  }
  for (const path of files.filter((p) => p.startsWith('landing/'))) {
    const text = await readFile(join(out, path), 'utf8');
    expect(() => JSON.parse(text), path).not.toThrow();
  }
  // The manifest (and journal) read, and vouch only for batches whose files are there and intact.
  const manifest = await readManifest(out);
  for (const entry of manifest?.batches.values() ?? []) {
    if (entry.status === 'done') expect(await redoReason(out, entry, entry.neos), `batch ${entry.batch}`).toBeNull();
  }
}

describe('ingest into a full file system', () => {
  const clean = () => join(work, 'clean');
  /** Pages a file of the clean run takes on the tmpfs. */
  const pages = async (path: string) =>
    Math.ceil((await stat(join(clean(), path))).size / (await statfs(mountPoint)).bsize);
  const files = (batch: number) => batchFiles(batch, 20);

  it.beforeAll(async ({ cli }) => {
    expect((await cli.run(INGEST, args(clean()), { cwd: work })).code).toBe(EXIT.ok);
  });

  // [the writer that meets the full disk, the file it fails on, pages to leave free, batches done before].
  // Every run first writes its folder lock's holder file (core/folder-lock.ts): one page.
  const LOCK = 1;
  const cases: Array<[string, string, () => Promise<number>, number]> = [
    ['landing body', files(1).landingBody, async () => Math.floor((await pages(files(1).landingBody)) / 2), 0],
    ['landing meta', files(1).landingMeta, async () => LOCK + (await pages(files(1).landingBody)), 0],
    [
      'Parquet file',
      files(1).parquet,
      async () => LOCK + (await pages(files(1).landingBody)) + 1 + Math.floor((await pages(files(1).parquet)) / 2),
      0,
    ],
    [
      'manifest.json (first batch of a new output dir)',
      'manifest.json',
      async () => LOCK + (await pages(files(1).landingBody)) + 1 + (await pages(files(1).parquet)),
      0,
    ],
    [
      'manifest journal (a later batch)',
      'manifest.journal.jsonl',
      async () => LOCK + (await pages(files(2).landingBody)) + 1 + (await pages(files(2).parquet)),
      1,
    ],
  ];

  it.for(cases)(
    'in the %s: exit 1 naming it, nothing broken, then a resume equal to a clean run',
    async ([, failing, freePages, before], { cli }) => {
      const out = join(mountPoint, 'out');
      await rm(out, { recursive: true, force: true });
      await rm(join(mountPoint, 'ballast'), { force: true });
      if (before > 0)
        expect((await cli.run(INGEST, [...args(out), '--total', String(before * 20)], { cwd: work })).code).toBe(
          EXIT.ok,
        );

      await leaveFree(await freePages());
      const run = await cli.run(INGEST, args(out), { cwd: work });
      expect(run.code, run.stderr).toBe(EXIT.unexpected);
      expect(run.stderr).toContain(
        `error: disk full (ENOSPC) writing ${join(out, failing)}: ` +
          'free space on that file system and run the same command again; the batches done so far are kept\n',
      );
      expect(run.stderr).not.toMatch(/^\s+at /m);
      await expectIntact(out);

      await rm(join(mountPoint, 'ballast'));
      const resumed = await cli.run(INGEST, args(out), { cwd: work });
      expect(resumed.code, resumed.stderr).toBe(EXIT.ok);
      expect(resumed.stdout).toMatch(new RegExp(`batches skipped\\s+${before} `));
      expect(await listFiles(out)).toEqual(await listFiles(clean()));
      expect(rawDifference(clean(), out)).toEqual([0, 0]);
      expect(
        await filesHoldingKey(out, { stdout: run.stdout + resumed.stdout, stderr: run.stderr + resumed.stderr }),
      ).toEqual([]);
    },
  );
});
