import { describe, expect, it } from 'vitest';
import { NeoSchema, type BrowsePage, type Neo } from '../../core/schema.ts';
import { createCatalogue, type Catalogue } from '../../standin/catalogue.ts';
import { changingCatalogue, type CatalogueChange, type ChangingCatalogue } from '../../standin/catalogue-changes.ts';
import { browseReply } from '../../standin/protocol.ts';

const KEY = 'unit-test-key-c4a1';
const BASE = 'http://127.0.0.1:9';
const links = { baseUrl: BASE, apiKey: KEY };
const SEED = 6;

const idOf = (neo: Neo): string => neo.id ?? neo.neo_reference_id ?? '';
const body = (catalogue: Catalogue, page: number, size: number): string =>
  browseReply(catalogue, page, size, BASE, KEY).body;
const pageOf = (catalogue: Catalogue, page: number, size: number): BrowsePage =>
  JSON.parse(body(catalogue, page, size)) as BrowsePage;
const isNumberedId = (id: string): boolean => /^2\d{6}$/.test(id);

// 60 NEOs: generated ones (all numbered this early in the catalogue) around the 2017 page 1 at 20-39,
// whose records from 22 on are provisional and lack `id` and `designation`.
const small = createCatalogue({ seed: SEED, size: 60 });
const smallIds = Array.from({ length: small.size }, (_, i) => idOf(small.neoAt(i, links)));
const big = createCatalogue({ seed: SEED, size: 40_000 });

const applied = (catalogue: ChangingCatalogue, ...changes: CatalogueChange[]): ChangingCatalogue =>
  changes.reduce((current, change) => current.apply(change).catalogue, catalogue);

describe('a catalogue before any change', () => {
  it('serves byte for byte what its base serves, and lists the base ids in order', () => {
    for (const base of [small, createCatalogue({ seed: SEED, size: 10, fixturesOnly: true })]) {
      const catalogue = changingCatalogue(base, SEED);
      for (const size of [20, 7]) {
        for (let page = 0; page <= Math.ceil(base.size / size); page++) {
          expect(body(catalogue, page, size)).toBe(body(base, page, size));
        }
      }
    }
    const catalogue = changingCatalogue(small, SEED);
    expect(catalogue.ids()).toEqual(smallIds);
    expect(catalogue.ids(18, 23)).toEqual(smallIds.slice(18, 23));
    expect(smallIds.map((_, i) => catalogue.idAt(i))).toEqual(smallIds);
    expect(smallIds.map((_, i) => catalogue.approachCount(i))).toEqual(
      smallIds.map((_, i) => small.neoAt(i, links).close_approach_data.length),
    );
  });
});

describe('insertion', () => {
  it('places a new NEO at the position, moves the rest down one, and the page totals follow', () => {
    const { catalogue, effect } = changingCatalogue(small, SEED).apply({ kind: 'insert', at: 5 });
    const newId = catalogue.idAt(5);
    expect(smallIds).not.toContain(newId);
    expect(effect).toEqual({ kind: 'insert', id: newId, from: null, to: 5 });
    expect(catalogue.size).toBe(61);
    expect(catalogue.ids()).toEqual([...smallIds.slice(0, 5), newId, ...smallIds.slice(5)]);
    const discovered = catalogue.neoAt(5, links);
    expect(NeoSchema.safeParse(discovered).success).toBe(true);
    expect(idOf(discovered)).toBe(newId);
    expect(catalogue.approachCount(5)).toBe(discovered.close_approach_data.length);
    expect(catalogue.neoAt(6, links)).toEqual(small.neoAt(5, links));
    const last = pageOf(catalogue, 3, 20);
    expect(last.page).toEqual({ size: 20, total_elements: 61, total_pages: 4, number: 3 });
    expect(last.near_earth_objects).toEqual([small.neoAt(59, links)]);
  });

  it('gives every discovery an id of its own, at the start, the middle or the end', () => {
    const changes = Array.from({ length: 60 }, (_, k): CatalogueChange => ({
      kind: 'insert',
      at: [0, 30, 60 + k][k % 3]!,
    }));
    const catalogue = applied(changingCatalogue(small, SEED), ...changes);
    expect(catalogue.size).toBe(120);
    expect(new Set(catalogue.ids()).size).toBe(120);
    expect(catalogue.ids().filter((id) => smallIds.includes(id))).toHaveLength(60);
  });
});

describe('removal', () => {
  it('takes the NEO out, moves the rest up one, and the page totals follow', () => {
    const first = changingCatalogue(small, SEED).apply({ kind: 'remove', at: 0 });
    expect(first.effect).toEqual({ kind: 'remove', id: smallIds[0], from: 0, to: null });
    const catalogue = first.catalogue.apply({ kind: 'remove', at: 58 }).catalogue;
    expect(catalogue.ids()).toEqual(smallIds.slice(1, 59));
    const last = pageOf(catalogue, 2, 20);
    expect(last.page).toEqual({ size: 20, total_elements: 58, total_pages: 3, number: 2 });
    expect(last.near_earth_objects).toHaveLength(18);
    expect(catalogue.neoAt(0, links)).toEqual(small.neoAt(1, links));
  });
});

describe('numbering', () => {
  it('gives a provisional NEO a number and its id, moves it, and keeps its orbit and approaches', () => {
    const original = big.neoAt(20_000, links);
    expect(isNumberedId(idOf(original))).toBe(false);
    const { catalogue, effect } = changingCatalogue(big, SEED).apply({ kind: 'number', at: 20_000, to: 3 });
    expect(effect).toEqual({ kind: 'number', id: '2900001', previousId: original.id, from: 20_000, to: 3 });
    const self = (original['links'] as { self: string }).self;
    expect(catalogue.neoAt(3, links)).toEqual({
      ...original,
      links: { self: self.replace(`/neo/${original.id}?`, '/neo/2900001?') },
      id: '2900001',
      neo_reference_id: '2900001',
      name: `900001 ${original.name}`,
      designation: '900001',
      nasa_jpl_url: original.nasa_jpl_url!.replace(`sstr=${original.id}`, 'sstr=2900001'),
    });
    expect(catalogue.approachCount(3)).toBe(original.close_approach_data.length);
    expect(catalogue.size).toBe(40_000);
    expect(catalogue.ids(0, 5)).toEqual([big.idAt(0), big.idAt(1), big.idAt(2), '2900001', big.idAt(3)]);
    expect(catalogue.idAt(20_000)).toBe(big.idAt(19_999));
    expect(catalogue.idAt(20_001)).toBe(big.idAt(20_001));
    expect(catalogue.ids()).not.toContain(original.id);
  });

  it('numbers a 2017 record by its neo_reference_id, the only id it has', () => {
    const original = small.neoAt(25, links);
    expect(original).not.toHaveProperty('id');
    const catalogue = applied(changingCatalogue(small, SEED), { kind: 'number', at: 25, to: 50 });
    const numbered = catalogue.neoAt(50, links);
    expect(numbered).not.toHaveProperty('id');
    expect(numbered).not.toHaveProperty('designation');
    expect(numbered).toMatchObject({ neo_reference_id: '2900001', name: `900001 ${original.name}` });
    expect(numbered.nasa_jpl_url).toBe(original.nasa_jpl_url!.replace(original.neo_reference_id!, '2900001'));
    expect(numbered.close_approach_data).toEqual(original.close_approach_data);
    expect(catalogue.ids()).toEqual([
      ...smallIds.slice(0, 25),
      ...smallIds.slice(26, 51),
      '2900001',
      ...smallIds.slice(51),
    ]);
  });

  it('counts the numbers up and refuses a NEO that has one', () => {
    const catalogue = applied(
      changingCatalogue(small, SEED),
      { kind: 'number', at: 25, to: 25 },
      { kind: 'number', at: 26, to: 0 },
    );
    expect(catalogue.ids(0, 1)).toEqual(['2900002']);
    expect(catalogue.idAt(26)).toBe('2900001');
    expect(() => catalogue.apply({ kind: 'number', at: 26, to: 1 })).toThrow(RangeError);
    expect(() => catalogue.apply({ kind: 'number', at: 1, to: 2 })).toThrow(RangeError); // generated, numbered
    expect(() => catalogue.apply({ kind: 'number', at: 30, to: 60 })).toThrow(RangeError); // no position 60 then
  });

  it('numbers a record set up broken before breaking it', () => {
    const broken = createCatalogue({
      seed: SEED,
      size: 60,
      broken: new Map([[25, (neo: Neo) => ({ ...neo, name: '' })]]),
    });
    const catalogue = applied(changingCatalogue(broken, SEED), { kind: 'number', at: 25, to: 25 });
    expect(catalogue.recordAt(25, links)).toMatchObject({ neo_reference_id: '2900001', name: '' });
    expect(catalogue.neoAt(25, links).name).toBe(`900001 ${small.neoAt(25, links).name}`);
  });
});

describe('a changed catalogue', () => {
  it('leaves the catalogue it came from as it was', () => {
    const before = changingCatalogue(small, SEED);
    before.apply({ kind: 'insert', at: 0 });
    before.apply({ kind: 'number', at: 25, to: 0 });
    expect(before.ids()).toEqual(smallIds);
    expect(body(before, 1, 20)).toBe(body(small, 1, 20));
  });

  it('agrees with the same changes made to a plain list, after 300 of them on 40,000 NEOs', () => {
    let state = 777; // the test's own generator: nothing shared with the code under test
    const next = (below: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % below;
    };
    // The base's cheap ids are the ids of its records.
    for (const i of [0, 13_999, 14_000, 20_000, 39_999]) expect(big.idAt(i)).toBe(idOf(big.neoAt(i, links)));
    const model = Array.from({ length: big.size }, (_, i) => big.idAt(i));
    let catalogue = changingCatalogue(big, SEED);
    for (let step = 0; step < 300; step++) {
      const kind = (['insert', 'number', 'remove'] as const)[step % 3]!;
      const at = kind === 'insert' ? next(model.length + 1) : next(model.length);
      if (kind === 'number' && isNumberedId(model[at]!)) continue;
      const change: CatalogueChange = kind === 'number' ? { kind, at, to: next(model.length) } : { kind, at };
      const result = catalogue.apply(change);
      catalogue = result.catalogue;
      if (kind === 'remove') model.splice(at, 1);
      else {
        if (kind === 'number') expect(result.effect.previousId).toBe(model.splice(at, 1)[0]);
        expect(model).not.toContain(result.effect.id);
        model.splice(change.kind === 'number' ? change.to : at, 0, result.effect.id);
      }
    }
    expect(catalogue.ids()).toEqual(model);
    expect(new Set(model).size).toBe(model.length);
    for (const page of [0, 1, 999, Math.floor(model.length / 20)]) {
      expect(pageOf(catalogue, page, 20).near_earth_objects.map((neo) => idOf(neo as Neo))).toEqual(
        model.slice(page * 20, page * 20 + 20),
      );
    }
  });
});
