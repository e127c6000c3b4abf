// Paths from the command line cannot lead writes out of the output folder. --output-dir itself is the
// user's choice (`..` and a symlinked folder are fine: that is where they asked for the data). Below it,
// paths are derived from batch numbers, so the only way out is a symlink: any that leads outside (a
// linked raw/, landing/, partition folder, journal or batch file, dangling or not) makes the run refuse
// with exit 2 before it writes, fetches, or even sweeps anything. The same for the submit wrapper's
// --output-dir, which would otherwise make a linked aggregations/ folder world-writable for Spark.
import { chmod, mkdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { EXIT } from '../../ingest/exit-codes.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { EXIT as SUBMIT_EXIT } from '../../spark-job/exit-codes.ts';
import { FAST, INGEST, SUBMIT } from '../support/cli.ts';
import { type CliRunner, it } from '../support/fixtures.ts';
import { fileStates, listFiles } from '../support/ingest-output.ts';

it.override({ standinApi: new StandinApi().withSeed(17).withCatalogueSize(10) });

const args = (url: string, out: string) => [
  '--total',
  '10',
  '--batch-size',
  '5',
  '--output-dir',
  out,
  '--api-url',
  url,
  ...FAST,
];
const BATCH_FILES = [
  'landing/batch-000001.json',
  'landing/batch-000001.meta.json',
  'landing/batch-000002.json',
  'landing/batch-000002.meta.json',
  'manifest.json',
  'raw/batch-number=1-20/batch-000001.parquet',
  'raw/batch-number=1-20/batch-000002.parquet',
];

/** The file's stand-in, folder and runner. */
interface Scene {
  readonly api: { readonly url: string };
  readonly work: string;
  readonly cli: CliRunner;
}

/** A fresh output dir (done once when `ingested`) and a folder outside it with a file in it. */
async function scene(
  { api, work, cli }: Scene,
  name: string,
  ingested: boolean,
): Promise<{ out: string; outside: string }> {
  const out = join(work, name, 'out');
  const outside = join(work, name, 'outside');
  await mkdir(out, { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'precious.txt'), 'not the pipeline’s');
  if (ingested) expect((await cli.run(INGEST, args(api.url, out), { cwd: work })).code).toBe(EXIT.ok);
  return { out, outside };
}

describe('a symlink below the output dir that leads outside it', () => {
  const cases: Array<[string, boolean, (out: string, outside: string) => Promise<string>]> = [
    ['raw/ linked to a folder outside', false, async (out, outside) => link(outside, join(out, 'raw'))],
    [
      'landing/ linked outside, in an output dir with data',
      true,
      async (out, outside) => {
        await rm(join(out, 'landing'), { recursive: true });
        return link(outside, join(out, 'landing'));
      },
    ],
    [
      'a partition folder linked outside',
      false,
      async (out, outside) => {
        await mkdir(join(out, 'raw'));
        return link(outside, join(out, 'raw', 'batch-number=1-20'));
      },
    ],
    [
      'quarantine/ dangling, towards a folder that does not exist yet',
      false,
      async (out, outside) => link(join(outside, 'new'), join(out, 'quarantine')),
    ],
    [
      'the manifest journal linked to a file outside',
      true,
      async (out, outside) => link(join(outside, 'precious.txt'), join(out, 'manifest.journal.jsonl')),
    ],
    [
      'a batch file linked to a file outside',
      true,
      async (out, outside) => {
        const batchFile = join(out, 'raw/batch-number=1-20/batch-000002.parquet');
        await rm(batchFile);
        return link(join(outside, 'precious.txt'), batchFile);
      },
    ],
    ['a relative link climbing out with ..', false, async (out) => link('../../../', join(out, 'landing'))],
  ];

  it.for(cases)(
    '%s: exit 2, nothing fetched or written on either side',
    async ([name, ingested, plant], { fileStandin: api, fileTempDir: work, cli }) => {
      const { out, outside } = await scene({ api, work, cli }, name.replace(/\W+/g, '-'), ingested);
      const linkPath = await plant(out, outside);
      const before = { out: await fileStates(out), outside: await fileStates(outside) };
      const requests = api.requests().length;

      const run = await cli.run(INGEST, args(api.url, out), { cwd: work });
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr).toMatch(
        /--output-dir .*: symbolic links below it lead outside it, and nothing is written through such a link/,
      );
      expect(run.stderr).toContain(`  ${linkPath} -> `);
      expect(run.stderr).toMatch(/Remove the links, or point --output-dir at the folder you want written/);
      expect(api.requests().length).toBe(requests);
      expect(await fileStates(out)).toEqual(before.out);
      expect(await fileStates(outside)).toEqual(before.outside);
      expect(await exists(join(outside, 'new'))).toBe(false);
    },
  );
});

describe('what the user chose is honoured', () => {
  it('--output-dir may itself be a symlink: the data goes where it leads', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const real = join(work, 'real-out');
    await mkdir(real);
    const linked = join(work, 'linked-out');
    await symlink(real, linked);
    expect((await cli.run(INGEST, args(api.url, linked), { cwd: work })).code).toBe(EXIT.ok);
    expect(await listFiles(real)).toEqual(BATCH_FILES);
  });

  it('--output-dir may use ..: it is resolved once', async ({ fileStandin: api, fileTempDir: work, cli }) => {
    const run = await cli.run(INGEST, args(api.url, 'nowhere/../dotdot-out'), { cwd: work });
    expect(run.code).toBe(EXIT.ok);
    expect(await listFiles(join(work, 'dotdot-out'))).toEqual(BATCH_FILES);
    expect(await exists(join(work, 'nowhere'))).toBe(false);
  });

  it('a link that stays inside the output dir is followed', async ({ fileStandin: api, fileTempDir: work, cli }) => {
    const out = join(work, 'inside-link');
    await mkdir(join(out, 'landing-2026'), { recursive: true });
    await symlink('landing-2026', join(out, 'landing'));
    expect((await cli.run(INGEST, args(api.url, out), { cwd: work })).code).toBe(EXIT.ok);
    expect(await listFiles(join(out, 'landing-2026'))).toEqual(
      BATCH_FILES.filter((f) => f.startsWith('landing/')).map((f) => f.slice('landing/'.length)),
    );
  });
});

describe('the submit wrapper', () => {
  it('refuses an --output-dir whose aggregations/ leads outside (exit 2), before making it writable for Spark', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const { out, outside } = await scene({ api, work, cli }, 'submit-aggregations-link', true);
    await chmod(outside, 0o755);
    const linkPath = await link(outside, join(out, 'aggregations'));
    const before = { states: await fileStates(outside), mode: (await stat(outside)).mode };
    // --local with an image that does not exist: no cluster needed, and nothing could run anyway.
    const run = await cli.run(SUBMIT, [
      '1',
      '2',
      '--output-dir',
      out,
      '--local',
      '--image',
      'neo-test-no-such-image:none',
    ]);
    expect(run.code, run.stderr).toBe(SUBMIT_EXIT.usage);
    expect(run.stderr).toMatch(
      /--output-dir .*: symbolic links below it lead outside it, and nothing is written through such a link/,
    );
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

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
