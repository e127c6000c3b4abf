// Records broken on the wire (by a proxy in front of the stand-in) are quarantined whole, with reason and
// lineage, the key redacted; the run exits 3 with the counts, and so does the next one until someone looks.
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey, listFiles, queryRaw } from '../support/ingest-output.ts';
import { ingestArgs, readManifestJson } from '../support/ingest-run.ts';

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
      const run = await cli.run(INGEST, ingestArgs(proxy.url, out, '--total', '100'), { cwd: work });
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
      const manifest = await readManifestJson(out);
      expect(manifest.batches.map((b) => b.quarantined)).toEqual([0, 0, 2, 0, 0]);

      // The data still needs attention on the next run, which has nothing to fetch.
      const again = await cli.run(INGEST, ingestArgs(proxy.url, out, '--total', '100'), { cwd: work });
      expect(again.code).toBe(3);
      expect(again.stdout).toMatch(/quarantined\s+0 this run; 2 in the output/);
      expect(await filesHoldingKey(out, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
