// Paths from the command line cannot lead writes out of the output folder. --output-dir itself is the
// user's choice (`..` and a symlinked folder are fine: that is where they asked for the data). Below it,
// paths are derived from batch numbers, so the only way out is a symlink: any that leads outside (a
// linked raw/, landing/, partition folder, journal or batch file, dangling or not) makes the run refuse
// with exit 2 before it writes, fetches, or even sweeps anything. The same for the submit wrapper's
// --output-dir, which would otherwise make a linked aggregations/ folder world-writable for Spark.
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../ingest/exit-codes.ts';
import type { RunningStandin } from '../../standin/server.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { EXIT as SUBMIT_EXIT } from '../../spark-job/exit-codes.ts';
import { runCli as runCommand } from '../support/cli-process.ts';
import { FAST, fileStates, listFiles, runCli } from '../support/ingest-cli.ts';

let api: RunningStandin;
let work: string;
beforeAll(async () => {
  api = await new StandinApi().withSeed(17).withCatalogueSize(10).start();
  work = await mkdtemp(join(tmpdir(), 'hardening-paths-'));
});
afterAll(async () => {
  await api.stop();
  await rm(work, { recursive: true, force: true });
});

const args = (out: string) => ['--total', '10', '--batch-size', '5', '--output-dir', out, '--api-url', api.url, ...FAST];
const BATCH_FILES = ['landing/batch-000001.json', 'landing/batch-000001.meta.json', 'landing/batch-000002.json', 'landing/batch-000002.meta.json', 'manifest.json', 'raw/batch-number=1-20/batch-000001.parquet', 'raw/batch-number=1-20/batch-000002.parquet'];

/** A fresh output dir (done once when `ingested`) and a folder outside it with a file in it. */
async function scene(name: string, ingested: boolean): Promise<{ out: string; outside: string }> {
  const out = join(work, name, 'out');
  const outside = join(work, name, 'outside');
  await mkdir(out, { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'precious.txt'), 'not the pipeline’s');
  if (ingested) expect((await runCli(args(out), { cwd: work })).code).toBe(EXIT.ok);
  return { out, outside };
}

describe('a symlink below the output dir that leads outside it', () => {
  const cases: Array<[string, boolean, (out: string, outside: string) => Promise<string>]> = [
    ['raw/ linked to a folder outside', false, async (out, outside) => link(outside, join(out, 'raw'))],
    ['landing/ linked outside, in an output dir with data', true, async (out, outside) => {
      await rm(join(out, 'landing'), { recursive: true });
      return link(outside, join(out, 'landing'));
    }],
    ['a partition folder linked outside', false, async (out, outside) => {
      await mkdir(join(out, 'raw'));
      return link(outside, join(out, 'raw', 'batch-number=1-20'));
    }],
    ['quarantine/ dangling, towards a folder that does not exist yet', false, async (out, outside) => link(join(outside, 'new'), join(out, 'quarantine'))],
    ['the manifest journal linked to a file outside', true, async (out, outside) => link(join(outside, 'precious.txt'), join(out, 'manifest.journal.jsonl'))],
    ['a batch file linked to a file outside', true, async (out, outside) => {
      const batchFile = join(out, 'raw/batch-number=1-20/batch-000002.parquet');
      await rm(batchFile);
      return link(join(outside, 'precious.txt'), batchFile);
    }],
    ['a relative link climbing out with ..', false, async (out) => link('../../../', join(out, 'landing'))],
  ];

  it.each(cases)('%s: exit 2, nothing fetched or written on either side', async (name, ingested, plant) => {
    const { out, outside } = await scene(name.replace(/\W+/g, '-'), ingested);
    const linkPath = await plant(out, outside);
    const before = { out: await fileStates(out), outside: await fileStates(outside) };
    const requests = api.requests().length;

    const run = await runCli(args(out), { cwd: work });
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/--output-dir .*: symbolic links below it lead outside it, and nothing is written through such a link/);
    expect(run.stderr).toContain(`  ${linkPath} -> `);
    expect(run.stderr).toMatch(/Remove the links, or point --output-dir at the folder you want written/);
    expect(api.requests().length).toBe(requests);
    expect(await fileStates(out)).toEqual(before.out);
    expect(await fileStates(outside)).toEqual(before.outside);
    expect(await exists(join(outside, 'new'))).toBe(false);
  });
});

describe('what the user chose is honoured', () => {
  it('--output-dir may itself be a symlink: the data goes where it leads', async () => {
    const real = join(work, 'real-out');
    await mkdir(real);
    const linked = join(work, 'linked-out');
    await symlink(real, linked);
    expect((await runCli(args(linked), { cwd: work })).code).toBe(EXIT.ok);
    expect(await listFiles(real)).toEqual(BATCH_FILES);
  });

  it('--output-dir may use ..: it is resolved once', async () => {
    const run = await runCli(args('nowhere/../dotdot-out'), { cwd: work });
    expect(run.code).toBe(EXIT.ok);
    expect(await listFiles(join(work, 'dotdot-out'))).toEqual(BATCH_FILES);
    expect(await exists(join(work, 'nowhere'))).toBe(false);
  });

  it('a link that stays inside the output dir is followed', async () => {
    const out = join(work, 'inside-link');
    await mkdir(join(out, 'landing-2026'), { recursive: true });
    await symlink('landing-2026', join(out, 'landing'));
    expect((await runCli(args(out), { cwd: work })).code).toBe(EXIT.ok);
    expect(await listFiles(join(out, 'landing-2026'))).toEqual(BATCH_FILES.filter((f) => f.startsWith('landing/')).map((f) => f.slice('landing/'.length)));
  });
});

describe('the submit wrapper', () => {
  it('refuses an --output-dir whose aggregations/ leads outside (exit 2), before making it writable for Spark', async () => {
    const { out, outside } = await scene('submit-aggregations-link', true);
    await chmod(outside, 0o755);
    const linkPath = await link(outside, join(out, 'aggregations'));
    const before = { states: await fileStates(outside), mode: (await stat(outside)).mode };
    // --local with an image that does not exist: no cluster needed, and nothing could run anyway.
    const run = await runCommand('spark-job/cli.ts', ['1', '2', '--output-dir', out, '--local', '--image', 'neo-test-no-such-image:none']);
    expect(run.code, run.stderr).toBe(SUBMIT_EXIT.usage);
    expect(run.stderr).toMatch(/--output-dir .*: symbolic links below it lead outside it, and nothing is written through such a link/);
    expect(run.stderr).toContain(`  ${linkPath} -> ${outside}`);
    expect((await stat(outside)).mode).toBe(before.mode);
    expect(await fileStates(outside)).toEqual(before.states);
  });
});

/** Makes `path` a symlink to `target`; returns `path` relative to its output dir, as the message shows it. */
async function link(target: string, path: string): Promise<string> {
  await symlink(target, path);
  return path.slice(path.indexOf('/out/') + '/out/'.length);
}

const exists = (path: string) => stat(path).then(() => true, () => false);
