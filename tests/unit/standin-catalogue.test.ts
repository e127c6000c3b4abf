import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecimalString, NeoSchema, type BrowsePage, type Neo } from '../../core/schema.ts';
import { type RecordBreaker, createCatalogue } from '../../standin/catalogue.ts';
import { FIXTURE_DIR } from '../../standin/fixtures.ts';
import { browseReply } from '../../standin/protocol.ts';

const KEY = 'unit-test-key-5e3f';
const BASE = 'http://127.0.0.1:9';
const links = { baseUrl: BASE, apiKey: KEY };

/** A fixture page as the live API would send it to KEY, read straight from the file. */
function fixturePage(page: number): Neo[] {
  const text = readFileSync(path.join(FIXTURE_DIR, `browse-page-${String(page).padStart(4, '0')}.json`), 'utf8');
  return (JSON.parse(text.replaceAll('api_key=REDACTED', `api_key=${KEY}`)) as BrowsePage).near_earth_objects as Neo[];
}

function pageOf(catalogue: ReturnType<typeof createCatalogue>, page: number, size: number): BrowsePage {
  return JSON.parse(browseReply(catalogue, page, size, BASE, KEY).body) as BrowsePage;
}

describe('generated NEOs', () => {
  it('are a pure function of (seed, index), whatever the catalogue size', () => {
    const small = createCatalogue({ seed: 7, size: 50 });
    const large = createCatalogue({ seed: 7, size: 40_000 });
    const again = createCatalogue({ seed: 7, size: 50 });
    const other = createCatalogue({ seed: 8, size: 50 });
    for (const index of [0, 3, 49]) {
      expect(large.neoAt(index, links)).toEqual(small.neoAt(index, links));
      expect(JSON.stringify(again.neoAt(index, links))).toBe(JSON.stringify(small.neoAt(index, links)));
      expect(other.neoAt(index, links)).not.toEqual(small.neoAt(index, links));
    }
  });

  it('look like modern NeoWs records and pass the NEO schema', () => {
    const catalogue = createCatalogue({ seed: 3, size: 40_000 });
    const sample = Array.from({ length: 80 }, (_, k) => catalogue.neoAt(k * 499 + 40, links));
    const bodies = new Set<string>();
    let approaches = 0;
    let near = 0;
    for (const neo of sample) {
      expect(NeoSchema.safeParse(neo).success).toBe(true);
      expect(neo.id).toBe(neo.neo_reference_id);
      expect(neo.designation).toBeTruthy();
      expect((neo['links'] as { self: string }).self).toContain(`api_key=${KEY}`);
      const kmMin = neo.estimated_diameter?.kilometers?.estimated_diameter_min ?? Number.NaN;
      expect(neo.estimated_diameter?.meters?.estimated_diameter_min).toBeCloseTo(kmMin * 1000, 4);
      const orbital = neo.orbital_data as Record<string, unknown>;
      for (const field of ['eccentricity', 'semi_major_axis', 'inclination', 'orbital_period', 'mean_motion']) {
        expect(DecimalString.safeParse(orbital[field]).success).toBe(true);
      }
      expect(orbital['orbit_class']).toMatchObject({ orbit_class_type: expect.stringMatching(/^(AMO|APO|ATE|IEO)$/) });
      const first = orbital['first_observation_date'] as string;
      expect(first <= (orbital['last_observation_date'] as string)).toBe(true);
      let previous = Number.NEGATIVE_INFINITY;
      for (const approach of neo.close_approach_data) {
        const epoch = approach.epoch_date_close_approach!;
        expect(epoch).toBeGreaterThanOrEqual(previous);
        previous = epoch;
        expect(new Date(epoch).toISOString().slice(0, 10)).toBe(approach.close_approach_date);
        expect(approach.close_approach_date >= '1900-01-01' && approach.close_approach_date <= '2200-12-31').toBe(true);
        const au = Number(approach.miss_distance.astronomical);
        const km = Number(approach.miss_distance.kilometers);
        expect(km / au / 149_597_870.7).toBeCloseTo(1, 6);
        expect(Number(approach.miss_distance.lunar) / (km / 384_400)).toBeCloseTo(1, 6);
        expect(Number(approach.miss_distance.miles) / (km / 1.609344)).toBeCloseTo(1, 6);
        expect(
          Number(approach.relative_velocity?.kilometers_per_hour) /
            Number(approach.relative_velocity?.kilometers_per_second),
        ).toBeCloseTo(3600, 3);
        bodies.add(approach.orbiting_body!);
        approaches += 1;
        if (au < 0.2) near += 1;
      }
    }
    // Orbital elements below 1 are written with a bare leading dot, as the API does.
    expect(
      sample.some((neo) => String((neo.orbital_data as Record<string, unknown>)['eccentricity']).startsWith('.')),
    ).toBe(true);
    expect(sample.some((neo) => neo.name_limited !== undefined)).toBe(true);
    expect(sample.some((neo) => neo.name_limited === undefined)).toBe(true);
    expect([...bodies]).toEqual(expect.arrayContaining(['Earth', 'Moon', 'Mars', 'Venus', 'Merc']));
    expect(near / approaches).toBeGreaterThan(0.3);
    expect(near / approaches).toBeLessThan(0.7);
  });

  it('epoch_date_close_approach is negative before 1970 and matches close_approach_date_full', () => {
    const neo = createCatalogue({ seed: 1, size: 10 }).neoAt(0, links);
    const early = neo.close_approach_data.filter((a) => a.close_approach_date < '1970-01-01');
    expect(early.length).toBeGreaterThan(0);
    for (const approach of neo.close_approach_data) {
      if (approach.close_approach_date < '1970-01-01') expect(approach.epoch_date_close_approach).toBeLessThan(0);
      const at = new Date(approach.epoch_date_close_approach!);
      const month = at.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      const date = approach.close_approach_date;
      const expected = `${date.slice(0, 4)}-${month}-${date.slice(8)} ${at.toISOString().slice(11, 16)}`;
      expect(approach.close_approach_date_full).toBe(expected);
    }
  });

  it('gives every NEO of a catalogue (fixtures included) its own id', () => {
    const catalogue = createCatalogue({ seed: 5, size: 4_000 });
    // Every record up to past the fixtures, then a sample.
    const indices = [
      ...Array.from({ length: 700 }, (_, k) => k),
      ...Array.from({ length: 330 }, (_, k) => 700 + k * 10),
    ];
    const ids = new Set(
      indices.map((index) => {
        const neo = catalogue.neoAt(index, links);
        return neo.id ?? neo.neo_reference_id;
      }),
    );
    expect(ids.size).toBe(indices.length);
  });
});

describe('approach counts', () => {
  it('approachCount agrees with the records', () => {
    const catalogue = createCatalogue({ seed: 2, size: 40_000 });
    for (const index of [0, 25, 1_000, 20_000, 39_999]) {
      expect(catalogue.approachCount(index)).toBe(catalogue.neoAt(index, links).close_approach_data.length);
    }
  });

  it('early big objects carry hundreds, late small ones a handful, a few none; the mean is about 100', () => {
    const catalogue = createCatalogue({ seed: 1, size: 40_000 });
    const counts = Array.from({ length: catalogue.size }, (_, index) => catalogue.approachCount(index));
    const total = counts.reduce((sum, n) => sum + n, 0);
    // Generated heads of the catalogue (the fixture records sit at 20-39).
    expect(
      counts
        .slice(0, 20)
        .filter((n) => n > 0)
        .every((n) => n >= 200 && n <= 620),
    ).toBe(true);
    expect(
      counts
        .slice(-500)
        .filter((n) => n > 0)
        .every((n) => n >= 1 && n <= 10),
    ).toBe(true);
    const none = counts.filter((n) => n === 0).length;
    expect(none).toBeGreaterThan(0);
    expect(none / counts.length).toBeLessThan(0.03);
    expect(total).toBeGreaterThanOrEqual(4_000_000);
    expect(total / counts.length).toBeLessThan(110);
  });
});

describe('fixture pages', () => {
  it('sit at their true positions, unchanged except for the key in their links', () => {
    const catalogue = createCatalogue({ seed: 9, size: 700 });
    expect(pageOf(catalogue, 1, 20).near_earth_objects).toEqual(fixturePage(1));
    expect(pageOf(catalogue, 29, 20).near_earth_objects).toEqual(fixturePage(29));
    expect(pageOf(catalogue, 30, 20).near_earth_objects).toEqual(fixturePage(30));
    expect(JSON.stringify(pageOf(catalogue, 1, 20))).not.toContain('REDACTED');
  });

  it('are only spliced in when the whole page fits', () => {
    const catalogue = createCatalogue({ seed: 9, size: 600 });
    expect(catalogue.neoAt(599, links)).toEqual(fixturePage(29)[19]);
    expect(catalogue.neoAt(25, links)).toEqual(fixturePage(1)[5]);
    const tooSmall = createCatalogue({ seed: 9, size: 39 });
    expect(tooSmall.neoAt(20, links).id).toBeDefined(); // generated: the 2017 records have no `id`
  });

  it('can be the whole catalogue', () => {
    const catalogue = createCatalogue({ seed: 9, size: 5_000, fixturesOnly: true });
    expect(catalogue.size).toBe(60);
    const all = Array.from({ length: 3 }, (_, page) => pageOf(catalogue, page, 20).near_earth_objects).flat();
    expect(all).toEqual([...fixturePage(1), ...fixturePage(29), ...fixturePage(30)]);
  });
});

describe('browse pages', () => {
  const catalogue = createCatalogue({ seed: 4, size: 130 });

  it('re-page the same list for any size', () => {
    const bySize = (size: number) => {
      const first = pageOf(catalogue, 0, size);
      return Array.from(
        { length: first.page.total_pages },
        (_, page) => pageOf(catalogue, page, size).near_earth_objects,
      ).flat();
    };
    const twenties = bySize(20);
    expect(twenties).toHaveLength(130);
    expect(bySize(7)).toEqual(twenties);
  });

  it('carry the envelope and links with the key, like the live API', () => {
    const page = pageOf(catalogue, 2, 7);
    expect(page.page).toEqual({ size: 7, total_elements: 130, total_pages: 19, number: 2 });
    expect(page.links).toEqual({
      next: `${BASE}/neo/rest/v1/neo/browse?page=3&size=7&api_key=${KEY}`,
      prev: `${BASE}/neo/rest/v1/neo/browse?page=1&size=7&api_key=${KEY}`,
      self: `${BASE}/neo/rest/v1/neo/browse?page=2&size=7&api_key=${KEY}`,
    });
    expect(pageOf(catalogue, 0, 7).links).not.toHaveProperty('prev');
    const last = pageOf(catalogue, 18, 7);
    expect(last.links).not.toHaveProperty('next');
    expect(last.near_earth_objects).toHaveLength(130 - 18 * 7);
    expect(pageOf(catalogue, 19, 7).near_earth_objects).toEqual([]);
  });
});

describe('broken records', () => {
  it('are served in place of the records asked for, each made afresh; the others untouched', () => {
    const plain = createCatalogue({ seed: 3, size: 10 });
    const broken = createCatalogue({
      seed: 3,
      size: 10,
      broken: new Map<number, RecordBreaker>([
        [2, (neo) => ({ ...neo, name: '' })],
        [4, () => null],
      ]),
    });
    const page = pageOf(broken, 0, 10).near_earth_objects as Array<Neo | null>;
    expect(page[2]).toEqual({ ...plain.neoAt(2, links), name: '' });
    expect(page[4]).toBeNull();
    expect(page.filter((_, i) => i !== 2 && i !== 4)).toEqual(
      pageOf(plain, 0, 10).near_earth_objects.filter((_, i) => i !== 2 && i !== 4),
    );
    // neoAt stays the good record: tests compute expectations from it.
    expect(broken.neoAt(2, links)).toEqual(plain.neoAt(2, links));
  });
});
