// Bad usage, as the real process sees it: exit 2, a message saying what is wrong and what to do, and
// nothing written (not even the output folder). Plus --help, and the DEMO_KEY warning.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { StandinApi } from '../../standin/standin-api.ts';
import { FAST, INGEST, SECRET_KEY } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { fileStates, listFiles } from '../support/ingest-output.ts';

const NOBODY = 65534;

it.override({ standinApi: new StandinApi().withSeed(2).withCatalogueSize(100) });

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('bad input exits 2 and writes nothing', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['non-numeric total', ['--total', 'abc'], /--total must be a whole number/],
    ['zero total', ['--total', '0'], /--total must be at least 1/],
    ['negative total', ['--total', '-5'], /--total must be at least 1/],
    ['non-integer total', ['--total', '2.5'], /--total must be a whole number/],
    ['batch size over 20', ['--batch-size', '25'], /--batch-size must be at most 20/],
    ['zero batch size', ['--batch-size', '0'], /--batch-size must be at least 1/],
    ['backfill start after end', ['--backfill', '5', '3'], /--backfill start \(5\) is after its end \(3\)/],
    [
      'backfill beyond --total',
      ['--total', '40', '--backfill', '1', '3'],
      /--backfill end \(3\) is beyond the last batch \(2\)/,
    ],
    ['zero rate', ['--rate', '0'], /--rate must be greater than 0/],
    ['unknown flag', ['--totl', '5'], /unknown option '--totl'/],
    ['stray argument', ['200'], /too many arguments/],
    ['unknown quota policy', ['--on-quota', 'sometimes'], /--on-quota must be wait or stop/],
  ];
  it.for(cases)('%s', async ([, argv, message], { fileStandin: api, fileTempDir: work, cli }) => {
    const out = join(work, 'never');
    const run = await cli.run(INGEST, ['--output-dir', out, '--api-url', api.url, ...argv], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/run neo-ingest --help for usage/);
    expect(run.stdout).toBe('');
    expect(await exists(out)).toBe(false);
  });

  it('a malformed key, without quoting it', async ({ fileStandin: api, fileTempDir: work, cli }) => {
    const key = `${SECRET_KEY} with spaces`;
    const out = join(work, 'never');
    const run = await cli.run(INGEST, ['--output-dir', out, '--api-url', api.url], { cwd: work, key });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/NASA_API_KEY does not look like an API key/);
    expect(run.stderr).not.toContain(SECRET_KEY);
    expect(await exists(out)).toBe(false);
  });

  it('an output dir below a file', async ({ fileStandin: api, fileTempDir: work, cli }) => {
    await writeFile(join(work, 'a-file'), 'x');
    const run = await cli.run(INGEST, ['--output-dir', join(work, 'a-file', 'out'), '--api-url', api.url], {
      cwd: work,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a-file exists and is not a directory; choose another --output-dir/);
  });

  it('an output dir the user may not write (run as nobody)', async ({ fileStandin: api, fileTempDir: work, cli }) => {
    const locked = join(work, 'locked');
    await mkdir(locked);
    await chmod(work, 0o755);
    await chmod(locked, 0o755); // root's; nobody may read but not write
    const out = join(locked, 'out');
    const run = await cli.run(INGEST, ['--output-dir', out, '--api-url', api.url], {
      cwd: work,
      uid: NOBODY,
      gid: NOBODY,
    });
    expect(run.stderr).toMatch(
      /locked is not writable by this user; choose another --output-dir or fix its permissions/,
    );
    expect(run.code).toBe(2);
    expect(await exists(out)).toBe(false);
  });

  it('a --total the catalogue cannot reach: one request, then exit 2 before writing', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const out = join(work, 'never');
    const before = api.requests().length;
    const run = await cli.run(INGEST, ['--output-dir', out, '--api-url', api.url, '--total', '200', ...FAST], {
      cwd: work,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--total 200 is more than the catalogue holds \(100 NEOs\); use --total 100 or less/);
    expect(api.requests().length - before).toBe(1);
    expect(await exists(out)).toBe(false);
  });

  it('another batch size against an existing output dir, leaving it untouched', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const out = join(work, 'existing');
    expect(
      (await cli.run(INGEST, ['--output-dir', out, '--api-url', api.url, '--total', '40', ...FAST], { cwd: work }))
        .code,
    ).toBe(0);
    const before = await fileStates(out);
    const run = await cli.run(
      INGEST,
      ['--output-dir', out, '--api-url', api.url, '--total', '40', '--batch-size', '10', ...FAST],
      { cwd: work },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--batch-size: this run asks for 10, the output dir was made with 20/);
    expect(await fileStates(out)).toEqual(before);
  });
});

describe('help and warnings', () => {
  it('--help exits 0 and explains flags, layout, exit codes, with examples', async ({ fileTempDir: work, cli }) => {
    const run = await cli.run(INGEST, ['--help'], { cwd: work });
    expect(run.code).toBe(0);
    for (const text of [
      '--total <n>',
      '--batch-size <n>',
      '--partition-size <n>',
      '--output-dir <dir>',
      '--backfill <start> <end>',
      '--rate <per-second>',
      '--api-url <url>',
      '--on-quota <policy>',
      '--from-landing',
      'NASA_API_KEY',
      'landing/batch-000005.meta.json',
      'raw/batch-number=1-20/batch-000005.parquet',
      'quarantine/batch-000005.jsonl',
      'manifest.json',
      '    3  all batches done, but some records were quarantined',
      '    5  API quota exhausted',
      'Examples:',
    ])
      expect(run.stdout).toContain(text);
  });

  it('runs as the neo-ingest executable from any working directory', ({ fileTempDir: work }) => {
    const bin = join(import.meta.dirname, '../../ingest/bin.ts');
    const help = spawnSync(bin, ['--help'], { cwd: work, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: neo-ingest \[options\]/);
    const bad = spawnSync(bin, ['--batch-size', '30'], { cwd: work, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--batch-size must be at most 20/);
  });

  it('warns about DEMO_KEY limits when no key is set', async ({ fileStandin: api, fileTempDir: work, cli }) => {
    const out = join(work, 'demo');
    const run = await cli.run(INGEST, ['--output-dir', out, '--api-url', api.url, '--total', '20', ...FAST], {
      cwd: work,
      key: null,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /warning: using DEMO_KEY \(no NASA_API_KEY set\): limited to 30 requests\/hour and 50\/day/,
    );
    expect(await listFiles(join(out, 'raw'))).toEqual(['batch-number=1-20/batch-000001.parquet']);
  });
});
