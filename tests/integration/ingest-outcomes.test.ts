// The ingest CLI's outcomes as a scheduler sees them: exit codes, what is kept, what the next run does.
// Failed batch (4), quota stop (5), rejected key (6), quarantined records (3), backfill.
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { FAST, INGEST, SECRET_KEY } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { fileStates, filesHoldingKey, listFiles, queryRaw, servedPages } from '../support/ingest-output.ts';

const args = (url: string, out: string, ...more: string[]) => ['--output-dir', out, '--api-url', url, ...FAST, ...more];

interface ManifestJson {
  batches: Array<{ batch: number; status: string; error?: string; ingestedAt?: string; quarantined?: number }>;
}
const readManifest = async (out: string) =>
  JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as ManifestJson;

describe('an API that cannot be reached at all', () => {
  it('stops after the first batch instead of retrying every batch, and says what to do (exit 4)', async ({
    tempDir: work,
    cli,
  }) => {
    // A port nothing listens on: every attempt is refused before any HTTP is spoken.
    const closed = http.createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const { port } = closed.address() as AddressInfo;
    await new Promise((closing) => closed.close(closing));
    const out = join(work, 'out');
    const run = await cli.run(INGEST, args(`http://127.0.0.1:${port}`, out, '--total', '100', '--max-retries', '2'), {
      cwd: work,
    });
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/batch 1: Page 0 failed after 3 attempts; last: network error \(ECONNREFUSED\)/);
    expect(run.stdout).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: stopped before trying the other batches/);
    expect(run.stdout).toMatch(/npm start -- --offline/);
    expect((await readManifest(out)).batches.map((b) => [b.batch, b.status])).toEqual([[1, 'failed']]);
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
    const first = await cli.run(INGEST, args(api.url, out, '--total', '200', '--max-retries', '1'), { cwd: work });
    expect(first.code).toBe(4);
    expect(first.stdout).toMatch(/batches failed\s+1/);
    expect(first.stdout).toMatch(/batch 4: Page 3 failed after 2 attempts; last: HTTP 503/);
    expect(first.stdout).toMatch(/next: run the same command again/);
    expect(first.stderr).toMatch(/batch 4 page 3 FAILED after 2 attempts/);
    const manifest = await readManifest(out);
    expect(manifest.batches.map((b) => [b.batch, b.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, i + 1 === 4 ? 'failed' : 'done']),
    );
    expect(manifest.batches[3]?.error).toMatch(/HTTP 503/);
    expect((await listFiles(join(out, 'raw'))).some((path) => path.includes('batch-000004'))).toBe(false);

    const before = api.requests().length;
    const second = await cli.run(INGEST, args(api.url, out, '--total', '200', '--max-retries', '1'), { cwd: work });
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
    expect((await readManifest(out)).batches.every((b) => b.status === 'done')).toBe(true);
    expect(
      await filesHoldingKey(out, { stdout: first.stdout + second.stdout, stderr: first.stderr + second.stderr }),
    ).toEqual([]);
  });
});

describe('a rejected key', () => {
  it('stops the whole run after one request with exit 6 and a message about the key, writing nothing', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withCatalogueSize(200).withRejectedKeys([SECRET_KEY]));
    const out = join(work, 'out');
    const run = await cli.run(INGEST, args(api.url, out, '--total', '200'), { cwd: work });
    expect(run.code).toBe(6);
    expect(api.requests()).toHaveLength(1);
    expect(run.stderr).toMatch(/stopped: .*rejected the API key.*NASA_API_KEY/);
    expect(run.stdout).toMatch(/set NASA_API_KEY .* to a valid key/);
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
    expect(await listFiles(out)).toEqual([]);
  });

  it('is read from .env in the working directory when the environment has none', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withCatalogueSize(200).withRejectedKeys(['DOTENV-KEY-777']));
    await writeFile(join(work, '.env'), 'NASA_API_KEY=DOTENV-KEY-777\n');
    const run = await cli.run(INGEST, args(api.url, join(work, 'out'), '--total', '20'), { cwd: work, key: null });
    // Only the .env key is rejected by this stand-in: exit 6 proves it was the one sent.
    expect(run.code).toBe(6);
    expect(run.stdout + run.stderr).not.toContain('DOTENV-KEY-777');
  });
});

describe('an exhausted quota', () => {
  it('with --on-quota stop exits 5 with when to run again; run again then (waiting this time), it finishes', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const windowMs = 3000;
    const api = await startStandin((api) =>
      api.withSeed(9).withCatalogueSize(200).withRateLimit({ limit: 4, windowMs }),
    );
    const out = join(work, 'out');
    const quota = ['--total', '200', '--quota-window-ms', String(windowMs)];
    const first = await cli.run(INGEST, args(api.url, out, ...quota, '--on-quota', 'stop'), { cwd: work });
    expect(first.code).toBe(5);
    expect(api.requests()).toHaveLength(4);
    const resumeAfter = /run the same command again after (\S+);/.exec(first.stdout)?.[1];
    expect(resumeAfter).toBeDefined();
    expect(first.stdout).toMatch(/batches not reached\s+6/);
    expect((await readManifest(out)).batches.map((b) => b.status)).toEqual(Array(4).fill('done'));

    await sleep(Math.max(0, Date.parse(resumeAfter ?? '') - Date.now()));
    const second = await cli.run(INGEST, args(api.url, out, ...quota, '--on-quota', 'wait'), { cwd: work });
    expect(second.code).toBe(0);
    // The second run used its 4 requests, waited for the window, and finished.
    expect(second.stderr).toMatch(/quota exhausted: waiting until/);
    // Each page served once. (A 429 retried is tolerated: at a 3 s window the client's 1% clock margin is
    // 30 ms, within scheduling jitter on a loaded machine; at the real one-hour window it is 36 s.)
    const log = api.requests();
    expect(log.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
    const served = log.filter((r) => r.status === 200).map((r) => r.page ?? -1);
    expect(served.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(
      await filesHoldingKey(out, { stdout: first.stdout + second.stdout, stderr: first.stderr + second.stderr }),
    ).toEqual([]);
  });
});

/**
 * A proxy in front of the stand-in that breaks chosen records of chosen pages, the way real data is
 * sometimes broken, and passes everything else (status, headers, key-bearing links) through.
 */
async function corruptingProxy(target: string, corrupt: (page: number, neos: Array<Record<string, unknown>>) => void) {
  const server = http.createServer(async (req, res) => {
    const upstream = await fetch(new URL(req.url ?? '/', target));
    let body = await upstream.text();
    const page = Number(new URL(req.url ?? '/', target).searchParams.get('page'));
    if (upstream.status === 200) {
      const json = JSON.parse(body) as { near_earth_objects: Array<Record<string, unknown>> };
      corrupt(page, json.near_earth_objects);
      body = JSON.stringify(json);
    }
    const headers: Record<string, string> = {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    };
    for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining']) {
      const value = upstream.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    res.writeHead(upstream.status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('records that fail validation', () => {
  it('are quarantined whole with reason and lineage; the run exits 3 with the counts', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withSeed(4).withCatalogueSize(200));
    const broken: string[] = [];
    const proxy = await corruptingProxy(api.url, (page, neos) => {
      if (page !== 2) return;
      // One record without its name, and a later one (with approaches) with a distance that is no number.
      const [first] = neos;
      const withApproach = neos.slice(1).find((neo) => (neo.close_approach_data as unknown[]).length > 0);
      if (first === undefined || withApproach === undefined) return;
      delete first.name;
      const approaches = withApproach.close_approach_data as Array<{ miss_distance: { astronomical: string } }>;
      approaches[0]!.miss_distance.astronomical = 'far';
      broken.splice(0, broken.length, String(first.id), String(withApproach.id));
    });
    try {
      const out = join(work, 'out');
      const run = await cli.run(INGEST, args(proxy.url, out, '--total', '100'), { cwd: work });
      expect(broken).toHaveLength(2);
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/quarantined\s+2 this run; 2 in the output/);
      expect(run.stdout).toMatch(/next: 2 records quarantined: inspect .*quarantine/);
      expect(run.stderr).toMatch(/batch 3 page 2: \d+ rows, 2 quarantined/);

      expect(await listFiles(join(out, 'quarantine'))).toEqual(['batch-000003.jsonl']);
      const lines = (await readFile(join(out, 'quarantine/batch-000003.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.record.id)).toEqual(broken);
      expect(lines.map((l) => [l.batch, l.page])).toEqual([
        [3, 2],
        [3, 2],
      ]);
      expect(lines[0].reason).toMatch(/name/);
      expect(lines[1].reason).toMatch(/miss_distance\.astronomical/);
      expect(new Date(lines[0].ingested_at).getTime()).not.toBeNaN();
      // Whole records, links included, with the key redacted.
      expect(lines[0].record.links.self).toMatch(/api_key=REDACTED/);

      const ids = queryRaw<{ id: string }>(out, 'SELECT DISTINCT id FROM raw WHERE batch_number = 3').map((r) => r.id);
      expect(ids).toHaveLength(18);
      expect(ids.filter((id) => broken.includes(id))).toEqual([]);
      const manifest = await readManifest(out);
      expect(manifest.batches.map((b) => b.quarantined)).toEqual([0, 0, 2, 0, 0]);

      // The data still needs attention on the next run, which has nothing to fetch.
      const again = await cli.run(INGEST, args(proxy.url, out, '--total', '100'), { cwd: work });
      expect(again.code).toBe(3);
      expect(again.stdout).toMatch(/quarantined\s+0 this run; 2 in the output/);
      expect(await filesHoldingKey(out, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('backfill', () => {
  it('re-fetches exactly its batches and replaces only their files and manifest entries', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withSeed(6).withCatalogueSize(200));
    const out = join(work, 'out');
    expect((await cli.run(INGEST, args(api.url, out, '--total', '200'), { cwd: work })).code).toBe(0);
    const before = await fileStates(out);
    const manifestBefore = await readManifest(out);
    const requestsBefore = api.requests().length;

    await sleep(20); // mtimes must be able to differ
    const run = await cli.run(INGEST, args(api.url, out, '--total', '200', '--backfill', '4', '5'), { cwd: work });
    expect(run.code).toBe(0);
    expect(
      api
        .requests()
        .slice(requestsBefore)
        .map((r) => r.page),
    ).toEqual([3, 4]);

    const after = await fileStates(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...after.keys()].filter(
      (path) =>
        after.get(path)?.mtimeMs !== before.get(path)?.mtimeMs || after.get(path)?.sha256 !== before.get(path)?.sha256,
    );
    expect(changed.sort()).toEqual(
      [
        'landing/batch-000004.json',
        'landing/batch-000004.meta.json',
        'landing/batch-000005.json',
        'landing/batch-000005.meta.json',
        'manifest.json',
        'raw/batch-number=1-20/batch-000004.parquet',
        'raw/batch-number=1-20/batch-000005.parquet',
      ].sort(),
    );
    const manifestAfter = await readManifest(out);
    for (const [i, entry] of manifestAfter.batches.entries()) {
      if (entry.batch === 4 || entry.batch === 5)
        expect(entry.ingestedAt).not.toBe(manifestBefore.batches[i]?.ingestedAt);
      else expect(entry).toEqual(manifestBefore.batches[i]);
    }
    // The replacement holds the same NEOs, freshly fetched.
    const served = servedPages(api.requests().slice(requestsBefore));
    const rows = queryRaw<{ n: number }>(out, 'SELECT count(*) AS n FROM raw WHERE batch_number IN (4, 5)')[0]?.n;
    const expectedRows = served
      .flatMap((p) => p.body.near_earth_objects)
      .reduce((sum, neo) => sum + Math.max(1, neo.close_approach_data.length), 0);
    expect(rows).toBe(expectedRows);
  });

  it('that fails keeps the batch data it was meant to replace (exit 4)', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withSeed(6).withCatalogueSize(200));
    const out = join(work, 'out');
    expect((await cli.run(INGEST, args(api.url, out, '--total', '100'), { cwd: work })).code).toBe(0);
    const before = await fileStates(out);
    api.setFaults({ rules: [{ page: 2, kind: '500', times: 5 }] });
    const run = await cli.run(
      INGEST,
      args(api.url, out, '--total', '100', '--backfill', '3', '3', '--max-retries', '1'),
      { cwd: work },
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/batch 3 keeps the data of its earlier successful fetch/);
    const after = await fileStates(out);
    expect(after).toEqual(before);
  });
});
