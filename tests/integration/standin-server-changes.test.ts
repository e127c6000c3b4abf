// The stand-in's changing catalogue over real HTTP on 127.0.0.1: what clients paging through it see, and
// the inspection API against what the pages served. Expected listings come from the unchanged base catalogue.
import { describe, expect } from 'vitest';
import type { BrowsePage, Neo } from '../../core/schema.ts';
import { createCatalogue } from '../../standin/catalogue.ts';
import type { RunningStandin } from '../../standin/server.ts';
import { it } from '../support/fixtures.ts';

const KEY = 'standin-changes-key-8d2e';

const idOf = (neo: Neo): string => neo.id ?? neo.neo_reference_id ?? '';
/** Ids at positions start..size-1 of the catalogue before any change, read from its records. */
const baseIds = (seed: number, size: number, start = 0): string[] => {
  const base = createCatalogue({ seed, size });
  return Array.from({ length: size - start }, (_, k) => idOf(base.neoAt(start + k, { baseUrl: '', apiKey: KEY })));
};

interface Fetched {
  readonly text: string;
  readonly page: BrowsePage;
  readonly ids: string[];
}

async function browse(api: RunningStandin, page: number, size = 20): Promise<Fetched> {
  const reply = await fetch(`${api.url}/neo/rest/v1/neo/browse?page=${page}&size=${size}&api_key=${KEY}`);
  expect(reply.status).toBe(200);
  const text = await reply.text();
  const parsed = JSON.parse(text) as BrowsePage;
  return { text, page: parsed, ids: (parsed.near_earth_objects as Neo[]).map(idOf) };
}

describe('a catalogue changing under the pages', () => {
  it('pages before and after an insertion overlap by exactly the NEO it pushed down', async ({ startStandin }) => {
    const ids = baseIds(3, 100);
    const script = [{ request: 2, change: { kind: 'insert', at: 5 } as const }];
    const api = await startStandin((standin) =>
      standin.withSeed(3).withCatalogueSize(100).withCatalogueChanges({ script }),
    );
    const before = await browse(api, 0);
    const after = await browse(api, 1);
    expect(before.ids).toEqual(ids.slice(0, 20));
    expect(after.ids).toEqual([ids[19], ...ids.slice(20, 39)]);
    expect(after.ids.filter((id) => before.ids.includes(id))).toEqual([ids[19]]);
    expect(before.page.page).toMatchObject({ total_elements: 100, total_pages: 5 });
    expect(after.page.page).toMatchObject({ total_elements: 101, total_pages: 6 });

    const [insertion, ...others] = api.catalogueChanges();
    expect(others).toEqual([]);
    expect(insertion).toEqual({ kind: 'insert', id: expect.any(String), from: null, to: 5, visibleFrom: 2 });
    expect(ids).not.toContain(insertion!.id);
    const again = await browse(api, 0);
    expect(again.ids).toEqual([...ids.slice(0, 5), insertion!.id, ...ids.slice(5, 19)]);
    expect(again.page.near_earth_objects[5]).toEqual(api.catalogue().neoAt(5, { baseUrl: api.url, apiKey: KEY }));
    // The request log re-renders each reply from the catalogue that request saw.
    expect(api.requests().map((entry) => entry.body())).toEqual([before.text, after.text, again.text]);
  });

  it('a numbering shows the new id at its new place, the old id nowhere, the rest kept', async ({ startStandin }) => {
    // The catalogue's tail: provisional objects, small and quick to serve.
    const base = createCatalogue({ seed: 4, size: 40_000 });
    const original = base.neoAt(39_990, { baseUrl: '', apiKey: KEY });
    const tail = baseIds(4, 40_000, 39_940);
    const script = [{ page: 1999, change: { kind: 'number', at: 39_990, to: 39_950 } as const }];
    const api = await startStandin((standin) =>
      standin.withSeed(4).withCatalogueSize(40_000).withCatalogueChanges({ script }),
    );
    const pages: Fetched[] = [];
    for (const page of [1999, 1997, 1998, 1999]) pages.push(await browse(api, page));
    const served = pages.slice(1).flatMap((fetched) => fetched.ids);

    expect(served).toEqual([...tail.slice(0, 10), '2900001', ...tail.slice(10, 50), ...tail.slice(51)]);
    expect(pages[0]!.ids).toEqual(served.slice(40));
    expect(api.catalogue().ids()).not.toContain(idOf(original));
    expect(api.catalogue().size).toBe(40_000);
    expect(api.catalogueChanges()).toEqual([
      { kind: 'number', id: '2900001', previousId: idOf(original), from: 39_990, to: 39_950, visibleFrom: 1 },
    ]);
    const numbered = pages[1]!.page.near_earth_objects[10] as Neo;
    expect(numbered).toMatchObject({ id: '2900001', neo_reference_id: '2900001', designation: '900001' });
    expect(numbered.name).toBe(`900001 ${original.name}`);
    expect(numbered.close_approach_data).toEqual(original.close_approach_data);
    expect(numbered.orbital_data).toEqual(original.orbital_data);
  });

  it('the inspection API matches every page served while random changes happen', async ({ startStandin }) => {
    const api = await startStandin((standin) =>
      standin
        .withSeed(5)
        .withCatalogueSize(40_000)
        .withCatalogueChanges({ random: { rate: 0.3, seed: 8 } }),
    );
    const texts: string[] = [];
    for (let request = 0; request < 45; request++) {
      const page = 1990 + ((request * 7) % 10);
      const fetched = await browse(api, page);
      texts.push(fetched.text);
      // Changes apply as a request arrives, so until the next one the catalogue is what this one saw.
      const now = api.catalogue();
      expect(fetched.page.page).toMatchObject({ total_elements: now.size, total_pages: Math.ceil(now.size / 20) });
      expect(fetched.ids).toEqual(now.ids(page * 20, page * 20 + 20));
    }
    const changes = api.catalogueChanges();
    expect(changes.length).toBeGreaterThan(3);
    expect(changes.every((change) => change.visibleFrom >= 1 && change.visibleFrom <= 45)).toBe(true);
    expect(api.requests().map((entry) => entry.body())).toEqual(texts);
  });

  it('a change between runs shows from the next request; with none set, none happen', async ({ startStandin }) => {
    const ids = baseIds(6, 50);
    const api = await startStandin((standin) => standin.withSeed(6).withCatalogueSize(50));
    for (let page = 0; page < 3; page++) await browse(api, page);
    expect(api.catalogueChanges()).toEqual([]);
    expect(api.catalogue().ids()).toEqual(ids);

    const removal = api.changeCatalogue({ kind: 'remove', at: 0 });
    expect(removal).toEqual({ kind: 'remove', id: ids[0], from: 0, to: null, visibleFrom: 4 });
    const next = await browse(api, 0);
    expect(next.ids).toEqual(ids.slice(1, 21));
    expect(next.page.page).toMatchObject({ total_elements: 49, total_pages: 3 });
    expect(() => api.changeCatalogue({ kind: 'remove', at: 49 })).toThrow(RangeError);
  });
});
