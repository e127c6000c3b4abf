import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DoneEntry, emptyManifest } from '../../core/manifest.ts';
import { resolveConfig } from '../../ingest/config.ts';
import { datasetFigures, exitCodeOf, summarize } from '../../ingest/run/summary.ts';
import type { PageSource, Tally } from '../../ingest/types.ts';

const manifest = () => emptyManifest({ batchSize: 20, partitionSize: 20, apiUrl: 'http://127.0.0.1:1' });
const done = (batch: number, rows: number, quarantined: number) =>
  ({ batch, status: 'done', rows, quarantined }) as unknown as DoneEntry;
const source = (mode: PageSource['mode']): PageSource => ({
  mode,
  fetch: () => Promise.reject(new Error('not called')),
  classify: () => null,
  stats: () => ({ requests: 9, retries: 2 }),
  close: () => {},
});
const tally = (overrides: Partial<Tally> = {}): Tally => ({
  done: 2,
  rows: 70,
  quarantined: 0,
  processed: 2,
  failed: [],
  stop: null,
  ...overrides,
});

describe('run summary', () => {
  it('counts the planned batches the manifest records done, whichever run wrote them', () => {
    const recorded = manifest();
    recorded.batches.set(1, done(1, 30, 1));
    recorded.batches.set(2, { batch: 2, status: 'failed' } as never);
    recorded.batches.set(3, done(3, 40, 2));
    recorded.batches.set(9, done(9, 1000, 0)); // beyond this run's plan
    expect(datasetFigures(recorded, 3)).toEqual({ batchesDone: 2, rows: 70, quarantined: 3 });
  });

  it('sums up a finished run: outcome from failures and quarantine, figures, and where the output is', () => {
    const config = resolveConfig({ flags: { total: '100', outputDir: 'out' }, env: {}, dotenv: {}, cwd: '/data' });
    const recorded = manifest();
    recorded.batches.set(1, done(1, 30, 0));
    recorded.batches.set(2, done(2, 40, 0));
    const figures = { planned: 5, toRun: 3, elapsedMs: 1234 };
    const summary = summarize({ config, manifest: recorded, source: source('api') }, tally(), figures);
    expect(summary).toEqual({
      outcome: 'ok',
      exitCode: 0,
      message: null,
      resumeAfter: null,
      mode: 'api',
      batches: { planned: 5, done: 2, failed: 0, skipped: 2, notReached: 1 },
      failed: [],
      rows: 70,
      quarantined: 0,
      dataset: { batchesDone: 2, rows: 70, quarantined: 0 },
      requests: 9,
      retries: 2,
      elapsedMs: 1234,
      paths: {
        raw: join('/data/out', 'raw'),
        landing: join('/data/out', 'landing'),
        quarantine: join('/data/out', 'quarantine'),
        manifest: join('/data/out', 'manifest.json'),
      },
    });
    recorded.batches.set(1, done(1, 30, 4));
    const outcome = (ran: Tally) =>
      summarize({ config, manifest: recorded, source: source('api') }, ran, figures).outcome;
    expect(outcome(tally())).toBe('quarantined');
    expect(outcome(tally({ failed: [{ batch: 3, error: 'HTTP 503' }] }))).toBe('batches-failed');
  });

  it('a stop wins over everything, with its message and resume time; a backfill skips nothing', () => {
    const flags = { total: '100', backfill: ['1', '3'] };
    const config = resolveConfig({ flags, env: {}, dotenv: {}, cwd: '/data' });
    const resumeAfter = new Date('2025-01-01T01:00:00Z');
    const stop = { outcome: 'quota-exhausted', message: 'quota', resumeAfter } as const;
    const summary = summarize(
      { config, manifest: manifest(), source: source('landing') },
      tally({ failed: [{ batch: 1, error: 'x' }], stop }),
      { planned: 5, toRun: 3, elapsedMs: 0 },
    );
    expect(summary).toMatchObject({
      outcome: 'quota-exhausted',
      exitCode: 5,
      message: 'quota',
      resumeAfter: '2025-01-01T01:00:00.000Z',
      mode: 'landing',
      batches: { skipped: 0 },
    });
  });

  it('maps every outcome to its documented exit code', () => {
    const outcomes = ['ok', 'quarantined', 'batches-failed', 'quota-exhausted', 'key-rejected', 'interrupted'] as const;
    expect(outcomes.map(exitCodeOf)).toEqual([0, 3, 4, 5, 6, 130]);
  });
});
