// The ingest CLI's pacing: --rate spaces its requests, measured where they arrive (the stand-in's log).
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';

describe('pacing', () => {
  it('spaces requests by at least 1/--rate, measured on the request log', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withSeed(8).withCatalogueSize(100));
    const run = await cli.run(
      INGEST,
      ['--total', '100', '--output-dir', join(work, 'out'), '--api-url', api.url, '--rate', '4'],
      { cwd: work },
    );
    expect(run.code).toBe(0);
    const times = api.requests().map((r) => r.at);
    expect(times).toHaveLength(5);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // Starts are spaced by the client; arrival can only add a little jitter on loopback.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250 - 10);
  });
});
