// --refresh against a catalogue that keeps changing (real HTTP, the ingest CLI as a child process, raw/
// read back by DuckDB). Expected ids come from the stand-in's own listing, never from the ingest's output.
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { FOLDER_LOCKS, acquireFolderLock } from '../../core/folder-lock.ts';
import type { ChangeRule } from '../../standin/change-plan.ts';
import type { RunningStandin } from '../../standin/server.ts';
import { FAST, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { queryRaw } from '../support/ingest-output.ts';

const TOTAL = 100;
const CATALOGUE = 400;
const BATCH = 20;
const PROGRESS = /^\S+ (batch \d+ page \d+:|refresh: verification pass)/;

/** (batch, id) pairs of raw/, in order, as DuckDB reads them. */
const rawPairs = (out: string) =>
  queryRaw<{ batch_number: number; id: string }>(
    out,
    'SELECT DISTINCT batch_number, id FROM raw ORDER BY batch_number, id',
  ).map((row) => `${row.batch_number}:${row.id}`);

/** The pairs the first TOTAL NEOs of the stand-in's listing make, batch by batch. */
function expectedPairs(api: RunningStandin): string[] {
  const ids = api.catalogue().ids(0, TOTAL);
  return ids.map((id, k) => `${Math.floor(k / BATCH) + 1}:${id}`).sort(byBatchThenId);
}
const byBatchThenId = (a: string, b: string) => {
  const [batchA = '', idA = ''] = a.split(':');
  const [batchB = '', idB = ''] = b.split(':');
  return Number(batchA) - Number(batchB) || (idA < idB ? -1 : idA > idB ? 1 : 0);
};

/** An insertion or a removal at every `every`-th request from `from` to `until`, at positions in the range. */
function steadyChanges(from: number, until: number, every: number): ChangeRule[] {
  const rules: ChangeRule[] = [];
  for (let request = from, k = 0; request <= until; request += every, k += 1) {
    const at = (k * 37) % TOTAL;
    rules.push({ request, change: k % 2 === 0 ? { kind: 'insert', at } : { kind: 'remove', at } });
  }
  return rules;
}

/**
 * Numbers the first provisional NEO of the listing as it is now, moving it to `to`. Provisional ones are
 * few in the early catalogue, so the test finds one in the live listing rather than scripting a position.
 */
function numberOne(api: RunningStandin, to: number): void {
  const at = api
    .catalogue()
    .ids()
    .findIndex((id) => !/^2\d{6}$/.test(id));
  api.changeCatalogue({ kind: 'number', at, to });
}

describe('--refresh', () => {
  it('ends, through changes and two SIGKILLs, with raw/ equal to the listing, NEO for NEO', async ({
    startStandin,
    tempDir: out,
    cli,
  }) => {
    // The first run takes requests 1-5; the catalogue then changes at every other request up to 45.
    const script = steadyChanges(6, 45, 2);
    const api = await startStandin((standin) =>
      standin.withSeed(31).withCatalogueSize(CATALOGUE).withCatalogueChanges({ script }),
    );
    const args = (...extra: string[]) => [
      ...['--output-dir', out, '--api-url', api.url, ...FAST, '--rate', '10', ...extra],
    ];
    expect((await cli.run(INGEST, args('--total', String(TOTAL)))).code).toBe(0);
    const before = rawPairs(out);

    for (const progressLines of [2, 6]) {
      const running = cli.start(INGEST, args('--refresh', '--refresh-passes', '50'));
      await running.waitForLines(PROGRESS, progressLines);
      numberOne(api, progressLines * 7);
      running.child.kill('SIGKILL');
      expect((await running.done).signal).toBe('SIGKILL');
      // Killed before its switch: readers still see the first run's data.
      expect(rawPairs(out)).toEqual(before);
    }
    const finishing = cli.start(INGEST, args('--refresh', '--refresh-passes', '50'));
    await finishing.waitForLines(PROGRESS, 1);
    numberOne(api, 55);
    const final = await finishing.done;
    console.log(
      `refresh through changes: ${api.requests().length} requests, ${api.catalogueChanges().length} changes ` +
        `applied, last at request ${api.catalogueChanges().at(-1)?.visibleFrom}\n${final.stdout}`,
    );
    expect(final.code).toBe(0);
    expect(final.stdout).toMatch(/refresh\s+generation 1, \d+ verification passes/);
    expect(api.catalogueChanges().map((change) => change.kind)).toEqual(
      expect.arrayContaining(['insert', 'number', 'remove']),
    );
    const after = rawPairs(out);
    expect(after).toEqual(expectedPairs(api));
    expect(new Set(after.map((pair) => pair.split(':')[1])).size).toBe(TOTAL);
  });

  it('shows readers the previous complete data until the switch, then the new data', async ({
    startStandin,
    tempDir: out,
    cli,
  }) => {
    const api = await startStandin((standin) => standin.withSeed(32).withCatalogueSize(200));
    const args = (...extra: string[]) => ['--output-dir', out, '--api-url', api.url, ...FAST, ...extra];
    expect((await cli.run(INGEST, args('--total', '60'))).code).toBe(0);
    const previous = rawPairs(out);
    const removed = api.changeCatalogue({ kind: 'remove', at: 3 });
    api.changeCatalogue({ kind: 'insert', at: 45 });

    // Slow: the refresh spans many reads.
    const refresh = cli.start(INGEST, args('--refresh', '--rate', '1'));
    const seen: string[] = [];
    let running = true;
    void refresh.done.then(() => (running = false));
    while (running) {
      // As the aggregation does: read under the folder's aggregation lock, which the switch waits for.
      const release = await acquireFolderLock(out, { name: FOLDER_LOCKS.aggregation, wait: true });
      try {
        const pairs = rawPairs(out);
        seen.push(JSON.stringify(pairs) === JSON.stringify(previous) ? 'previous' : JSON.stringify(pairs));
      } finally {
        await release();
      }
      await sleep(200);
    }
    const done = await refresh.done;
    expect(done.code).toBe(0);
    const expected = api.catalogue().ids(0, 60);
    expect(expected).not.toContain(removed.id);
    const current = rawPairs(out);
    expect(current).toEqual(expected.map((id, k) => `${Math.floor(k / BATCH) + 1}:${id}`).sort(byBatchThenId));
    console.log(
      `reads during the refresh: ${seen.length}, of which previous: ${seen.filter((s) => s === 'previous').length}`,
    );
    // Every read saw either the previous data whole or the new data whole.
    const newData = JSON.stringify(current);
    expect(seen.filter((read) => read !== 'previous' && read !== newData)).toEqual([]);
    expect(seen.filter((read) => read === 'previous').length).toBeGreaterThan(0);
    expect(await realpath(join(out, 'raw'))).toBe(join(await realpath(out), '.gen-1', 'raw'));
  });
});
