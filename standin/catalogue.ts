// The flat list of NEOs behind browse, re-paged for any page size. Generated records are made on demand
// from (seed, index); the real fixture pages sit at their true positions when the catalogue reaches them.
import type { Neo } from '../core/schema.ts';
import { fixtureId, loadFixturePages, withKey } from './fixtures.ts';
import { approachCountOf, generateNeo, idOf, type LinkContext } from './neo-generator.ts';

/** Turns a good record into a broken one (it may change the record in place: each is made afresh). */
export type RecordBreaker = (neo: Neo) => unknown;

export interface CatalogueOptions {
  readonly seed: number;
  /** Number of NEOs; ignored with `fixturesOnly`. */
  readonly size: number;
  /** Serve only the fixture records, in page order, as the whole catalogue. */
  readonly fixturesOnly?: boolean;
  readonly fixtureDir?: string;
  /** Records served broken, by catalogue index: for quarantine tests. */
  readonly broken?: ReadonlyMap<number, RecordBreaker>;
}

export interface Catalogue {
  readonly size: number;
  neoAt(index: number, links: LinkContext): Neo;
  /**
   * The record as served: neoAt(index), or its broken form where one is asked for. `edit` (a numbering, in
   * a changed catalogue) applies to the good record before it is broken.
   */
  recordAt(index: number, links: LinkContext, edit?: (neo: Neo) => Neo): unknown;
  /** Approaches of NEO `index`, without building it. */
  approachCount(index: number): number;
  /** The id of NEO `index` (`neo_reference_id` for the 2017 records, which lack `id`), without building it. */
  idAt(index: number): string;
}

export function createCatalogue(options: CatalogueOptions): Catalogue {
  const pages = loadFixturePages(options.fixtureDir);
  const fixtures = new Map<number, Neo>();
  if (options.fixturesOnly) {
    pages.flatMap((page) => page.neos).forEach((neo, index) => fixtures.set(index, neo));
  } else {
    for (const page of pages) {
      const first = page.number * page.size;
      if (first + page.neos.length > options.size) continue;
      page.neos.forEach((neo, k) => fixtures.set(first + k, neo));
    }
  }
  const size = options.fixturesOnly ? fixtures.size : options.size;
  const check = (index: number) => {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`no NEO at index ${index}`);
  };
  const neoAt = (index: number, links: LinkContext): Neo => {
    check(index);
    const fixture = fixtures.get(index);
    return fixture ? withKey(fixture, links.apiKey) : generateNeo(options.seed, index, links);
  };
  return {
    size,
    neoAt,
    recordAt(index, links, edit = (neo: Neo) => neo) {
      const breaker = options.broken?.get(index);
      const neo = edit(neoAt(index, links));
      return breaker === undefined ? neo : breaker(neo);
    },
    approachCount(index) {
      check(index);
      const fixture = fixtures.get(index);
      return fixture ? fixture.close_approach_data.length : approachCountOf(options.seed, index);
    },
    idAt(index) {
      check(index);
      const fixture = fixtures.get(index);
      return fixture ? fixtureId(fixture) : idOf(options.seed, index);
    },
  };
}
