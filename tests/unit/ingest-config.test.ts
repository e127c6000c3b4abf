import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { buildProgram, parseArgs } from '../../ingest/cli-program.ts';
import { DEFAULTS, loadConfig, resolveConfig } from '../../ingest/config.ts';
import { checkOutputDir } from '../../ingest/config-disk.ts';
import type { CliFlags } from '../../ingest/types.ts';
import { HelpShown, UsageError } from '../../core/errors.ts';
import { it } from '../support/fixtures.ts';

const SECRET = 'SECRET-KEY-12345';

function resolve(flags: CliFlags, env: Record<string, string> = {}, dotenv: Record<string, string> = {}) {
  return resolveConfig({ flags, env, dotenv, cwd: '/somewhere' });
}

function usageMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('config precedence: defaults < .env < environment < flags', () => {
  it('uses the documented defaults', () => {
    const config = resolve({});
    expect(config).toMatchObject({
      total: DEFAULTS.total,
      batchSize: DEFAULTS.batchSize,
      partitionSize: DEFAULTS.partitionSize,
      outputDir: '/somewhere/output',
      backfill: null,
      rate: DEFAULTS.rate,
      apiUrl: DEFAULTS.apiUrl,
      apiKey: 'DEMO_KEY',
      keySource: 'default',
      onQuota: DEFAULTS.onQuota,
      fromLanding: false,
      quiet: false,
      logFormat: 'text',
    });
  });

  it('takes the key from .env, and from the environment over .env', () => {
    expect(resolve({}, {}, { NASA_API_KEY: 'dotenv-key-1' })).toMatchObject({
      apiKey: 'dotenv-key-1',
      keySource: '.env',
    });
    expect(resolve({}, { NASA_API_KEY: SECRET }, { NASA_API_KEY: 'dotenv-key-1' })).toMatchObject({
      apiKey: SECRET,
      keySource: 'environment',
    });
  });

  it('takes the API URL from flag over environment over .env, without a trailing slash', () => {
    const dotenv = { NASA_API_BASE_URL: 'http://127.0.0.1:1/' };
    expect(resolve({}, {}, dotenv).apiUrl).toBe('http://127.0.0.1:1');
    expect(resolve({}, { NASA_API_BASE_URL: 'http://127.0.0.1:2' }, dotenv).apiUrl).toBe('http://127.0.0.1:2');
    expect(resolve({ apiUrl: 'http://127.0.0.1:3' }, { NASA_API_BASE_URL: 'http://127.0.0.1:2' }, dotenv).apiUrl).toBe(
      'http://127.0.0.1:3',
    );
  });

  it('parses flags from argv', () => {
    const flags = parseArgs([
      '--total',
      '45',
      '--batch-size',
      '7',
      '--backfill',
      '2',
      '3',
      '--rate',
      '0.5',
      '--from-landing',
      '--quiet',
    ]);
    const config = resolve(flags);
    expect(config).toMatchObject({
      total: 45,
      batchSize: 7,
      backfill: { start: 2, end: 3 },
      rate: 0.5,
      fromLanding: true,
      quiet: true,
    });
  });
});

describe('bad input is a UsageError that says what is wrong and what to do', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['non-numeric total', ['--total', 'abc'], /--total must be a whole number; .*e\.g\. --total 200/],
    ['zero total', ['--total', '0'], /--total must be at least 1/],
    ['negative total', ['--total', '-5'], /--total must be at least 1/],
    ['non-integer total', ['--total', '1.5'], /--total must be a whole number/],
    ['batch size over 20', ['--batch-size', '21'], /--batch-size must be at most 20; the API serves 1 to 20/],
    ['zero batch size', ['--batch-size', '0'], /--batch-size must be at least 1/],
    ['non-numeric partition size', ['--partition-size', 'ten'], /--partition-size must be a whole number/],
    ['zero rate', ['--rate', '0'], /--rate must be greater than 0/],
    ['negative rate', ['--rate', '-2'], /--rate must be greater than 0/],
    ['non-numeric rate', ['--rate', 'fast'], /--rate must be a number/],
    [
      'backfill start after end',
      ['--backfill', '5', '3'],
      /--backfill start \(5\) is after its end \(3\).*--backfill 3 5/,
    ],
    ['backfill with one number', ['--backfill', '5'], /--backfill takes two batch numbers/],
    ['backfill with three numbers', ['--backfill', '1', '2', '3'], /--backfill takes two batch numbers/],
    ['backfill zero', ['--backfill', '0', '3'], /--backfill start must be at least 1/],
    [
      'backfill beyond the last batch',
      ['--total', '100', '--backfill', '4', '6'],
      /--backfill end \(6\) is beyond the last batch \(5\)/,
    ],
    ['unknown quota policy', ['--on-quota', 'maybe'], /--on-quota must be wait or stop/],
    ['unknown log format', ['--log-format', 'xml'], /--log-format must be text or json/],
    ['non-http API URL', ['--api-url', 'ftp://example.org'], /API base URL must be an http\(s\) URL/],
    [
      'API URL carrying a key',
      ['--api-url', `http://127.0.0.1:1/?api_key=${SECRET}`],
      /must not carry api_key; set NASA_API_KEY/,
    ],
    ['negative retries', ['--max-retries', '-1'], /--max-retries must be at least 0/],
  ];
  it.each(cases)('%s', (_name, argv, expected) => {
    const message = usageMessage(() => resolve(parseArgs(argv)));
    expect(message).toMatch(expected);
    expect(message).not.toContain(SECRET);
  });

  it('reports every problem at once', () => {
    const message = usageMessage(() => resolve(parseArgs(['--total', 'x', '--batch-size', '99'])));
    expect(message).toMatch(/--total/);
    expect(message).toMatch(/--batch-size/);
  });

  it('rejects an unknown flag, a missing value and stray arguments', () => {
    expect(usageMessage(() => parseArgs(['--bogus']))).toMatch(/unknown option '--bogus'/);
    expect(usageMessage(() => parseArgs(['--total']))).toMatch(/argument missing/);
    expect(usageMessage(() => parseArgs(['200']))).toMatch(/too many arguments/);
  });

  it('rejects a malformed key without quoting it', () => {
    const key = 'has spaces SECRET-KEY-12345';
    const message = usageMessage(() => resolve({}, { NASA_API_KEY: key }));
    expect(message).toMatch(/NASA_API_KEY does not look like an API key/);
    expect(message).not.toContain('SECRET');
  });

  it('signals --help as HelpShown after printing the help with layout and exit codes', () => {
    let printed = '';
    const program = buildProgram().configureOutput({ writeOut: (text) => (printed += text) });
    expect(() => parseArgs(['--help'], program)).toThrow(HelpShown);
    for (const part of [
      '--backfill <start> <end>',
      'batch-number=1-20',
      'manifest.json',
      'Exit codes',
      '  6  API key rejected',
      'Examples',
    ])
      expect(printed).toContain(part);
  });
});

describe('output dir checks create nothing', () => {
  it('accepts a missing dir under a writable parent without creating it', async ({ tempDir: dir }) => {
    await checkOutputDir(join(dir, 'a', 'b'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects a path through a file', async ({ tempDir: dir }) => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(checkOutputDir(join(dir, 'file', 'out'))).rejects.toThrow(
      /is not a directory; choose another --output-dir/,
    );
    await expect(checkOutputDir(join(dir, 'file'))).rejects.toThrow(UsageError);
  });

  it('loadConfig reads .env from cwd and writes nothing on bad input', async ({ tempDir: dir }) => {
    await writeFile(join(dir, '.env'), 'NASA_API_KEY=from-dotenv-file\nNASA_API_BASE_URL=http://127.0.0.1:9\n');
    const config = await loadConfig({ outputDir: 'out' }, { env: {}, cwd: dir });
    expect(config).toMatchObject({
      apiKey: 'from-dotenv-file',
      keySource: '.env',
      apiUrl: 'http://127.0.0.1:9',
      outputDir: join(dir, 'out'),
    });
    await expect(loadConfig({ outputDir: 'out', total: '0' }, { env: {}, cwd: dir })).rejects.toThrow(UsageError);
    expect((await readdir(dir)).sort()).toEqual(['.env']);
  });
});
