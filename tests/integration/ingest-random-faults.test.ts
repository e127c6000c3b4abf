// The ingest CLI under random faults (5xx, 429, resets, truncated and malformed bodies, slow replies): it
// retries its way to exactly the data the stand-in served, counts the retries, and leaks no key.
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey, servedPages } from '../support/ingest-output.ts';
import { ingestArgs } from '../support/ingest-run.ts';
import { actualFigures, expectedFigures } from '../support/neo-figures.ts';

describe('under random faults', () => {
  it('retries its way to exactly the served data, counting the retries', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    // 30% of requests get a 5xx, 429, reset, truncated or malformed body, or a reply slower than the timeout.
    const api = await startStandin((api) =>
      api.withSeed(12).withCatalogueSize(200).withFaults({ rate: 0.3, seed: 5, slowMs: 1500 }),
    );
    const out = join(work, 'out');
    const run = await cli.run(
      INGEST,
      ingestArgs(api.url, out, '--total', '200', '--timeout-ms', '500', '--max-retries', '10'),
      { cwd: work },
    );
    expect(run.code).toBe(0);
    const faulty = api.requests().filter((r) => r.fault !== null).length;
    expect(faulty).toBeGreaterThan(0);
    expect(run.stdout).toMatch(new RegExp(`requests\\s+${api.requests().length} \\(${faulty} retries\\)`));
    expect(run.stderr).toMatch(/retry: page \d+ attempt \d+ in \d+ ms/);
    const expected = expectedFigures(servedPages(api.requests()), () => 20);
    expect(expected.size).toBe(200);
    expect(actualFigures(out)).toEqual(expected);
    expect(await filesHoldingKey(out, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
  });
});
