// A batch the ingest cannot fetch, as a scheduler sees it: exit 4, the batch recorded as failed in the
// manifest, and the next run fetching only it; an API that cannot be reached at all stops the run at once.
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { INGEST } from '../support/cli.ts';
import { closedPort } from '../support/closed-port.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey, listFiles } from '../support/ingest-output.ts';
import { ingestArgs, readManifestJson } from '../support/ingest-run.ts';

describe('an API that cannot be reached at all', () => {
  it('stops after the first batch instead of retrying every batch, and says what to do (exit 4)', async ({
    tempDir: work,
    cli,
  }) => {
    // Nothing listens there: every attempt is refused before any HTTP is spoken.
    const port = await closedPort();
    const out = join(work, 'out');
    const run = await cli.run(
      INGEST,
      ingestArgs(`http://127.0.0.1:${port}`, out, '--total', '100', '--max-retries', '2'),
      {
        cwd: work,
      },
    );
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/batch 1: Page 0 failed after 3 attempts; last: network error \(ECONNREFUSED\)/);
    expect(run.stdout).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: stopped before trying the other batches/);
    expect(run.stdout).toMatch(/npm start -- --offline/);
    expect((await readManifestJson(out)).batches.map((b) => [b.batch, b.status])).toEqual([[1, 'failed']]);
  });
});

describe('a batch that still fails after retries', () => {
  it('is recorded as failed while the others go on (exit 4); the next run fetches only it', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    // Page 3's first three requests get a 503: two attempts in the first run, then one retry in the second.
    const api = await startStandin((api) =>
      api
        .withSeed(5)
        .withCatalogueSize(200)
        .withFaults({ rules: [{ page: 3, kind: '503', times: 3 }] }),
    );
    const out = join(work, 'out');
    const first = await cli.run(INGEST, ingestArgs(api.url, out, '--total', '200', '--max-retries', '1'), {
      cwd: work,
    });
    expect(first.code).toBe(4);
    expect(first.stdout).toMatch(/batches failed\s+1/);
    expect(first.stdout).toMatch(/batch 4: Page 3 failed after 2 attempts; last: HTTP 503/);
    expect(first.stdout).toMatch(/next: run the same command again/);
    expect(first.stderr).toMatch(/batch 4 page 3 FAILED after 2 attempts/);
    const manifest = await readManifestJson(out);
    expect(manifest.batches.map((b) => [b.batch, b.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, i + 1 === 4 ? 'failed' : 'done']),
    );
    expect(manifest.batches[3]?.error).toMatch(/HTTP 503/);
    expect((await listFiles(join(out, 'raw'))).some((path) => path.includes('batch-000004'))).toBe(false);

    const before = api.requests().length;
    const second = await cli.run(INGEST, ingestArgs(api.url, out, '--total', '200', '--max-retries', '1'), {
      cwd: work,
    });
    expect(second.code).toBe(0);
    expect(
      api
        .requests()
        .slice(before)
        .map((r) => [r.page, r.status]),
    ).toEqual([
      [3, 503],
      [3, 200],
    ]);
    expect(second.stdout).toMatch(/requests\s+2 \(1 retries\)/);
    expect(second.stdout).toMatch(/batches skipped\s+9/);
    expect((await readManifestJson(out)).batches.every((b) => b.status === 'done')).toBe(true);
    expect(
      await filesHoldingKey(out, { stdout: first.stdout + second.stdout, stderr: first.stderr + second.stderr }),
    ).toEqual([]);
  });
});
