// The change layer: the catalogue as it stands after insertions, numberings and removals. The base
// catalogue stays as made (lazy, seeded); a listing of entry codes orders it, where code c < base.size is
// base NEO c and code base.size + k is the k-th NEO discovered since. Numbered entries get their new
// number from a small map. Each change yields a new immutable catalogue.
import type { Neo } from '../core/schema.ts';
import type { Catalogue } from './catalogue.ts';
import { codeAt, codesIn, listingOf, withInserted, withRemoved, type Listing } from './listing.ts';
import { approachCountOf, generateNeo, idOf, type LinkContext } from './neo-generator.ts';
import { FIRST_NEW_NUMBER, isProvisionalId, numberedId, numberedRecord } from './numbering.ts';

export const CHANGE_KINDS = ['insert', 'number', 'remove'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One change, by listing positions at the moment it is applied. */
export type CatalogueChange =
  /** A newly discovered NEO placed at `at` (0..size). */
  | { readonly kind: 'insert'; readonly at: number }
  /** The provisional NEO at `at` gets a number: a new id, and it moves to `to` (its position afterwards). */
  | { readonly kind: 'number'; readonly at: number; readonly to: number }
  /** The NEO at `at` taken out. */
  | { readonly kind: 'remove'; readonly at: number };

/** What a change did to which NEO. */
export interface ChangeEffect {
  readonly kind: ChangeKind;
  /** The NEO's id; for a numbering, its new one. */
  readonly id: string;
  /** A numbered NEO's id before. */
  readonly previousId?: string;
  /** Its position before the change; null for an insertion. */
  readonly from: number | null;
  /** Its position after the change; null for a removal. */
  readonly to: number | null;
}

/** A catalogue that can also list its ids in order. Positions are listing positions. */
export interface ListedCatalogue extends Catalogue {
  /** Ids in listing order at positions [start, end). */
  ids(start?: number, end?: number): string[];
}

export interface ChangingCatalogue extends ListedCatalogue {
  /** The catalogue after `change`, and what it did. Throws a RangeError when the change does not fit. */
  apply(change: CatalogueChange): { readonly catalogue: ChangingCatalogue; readonly effect: ChangeEffect };
}

// Discoveries are generated at indexes past any base catalogue, so their ids (54,000,000 + 50 x index
// and up) differ from every base NEO's, and they look like what is found today: small, few approaches.
const FIRST_DISCOVERY_INDEX = 100_000;

interface State {
  readonly base: Catalogue;
  readonly seed: number;
  readonly listing: Listing;
  /** Number given to each numbered entry, by code; it only grows, so its size counts numberings. */
  readonly numbers: ReadonlyMap<number, number>;
  readonly discovered: number;
}

/** `base` before any change: served exactly as `base` serves itself. */
export function changingCatalogue(base: Catalogue, seed: number): ChangingCatalogue {
  return catalogueOf({ base, seed, listing: listingOf(base.size), numbers: new Map(), discovered: 0 });
}

function catalogueOf(state: State): ChangingCatalogue {
  const { base, seed, listing, numbers } = state;
  const generatorIndex = (code: number): number => Math.max(base.size, FIRST_DISCOVERY_INDEX) + code - base.size;
  const isBase = (code: number): boolean => code < base.size;
  const originalId = (code: number): string => (isBase(code) ? base.idAt(code) : idOf(seed, generatorIndex(code)));
  const idOfCode = (code: number): string => {
    const number = numbers.get(code);
    return number === undefined ? originalId(code) : numberedId(number);
  };
  const edit =
    (code: number) =>
    (neo: Neo): Neo => {
      const number = numbers.get(code);
      return number === undefined ? neo : numberedRecord(neo, originalId(code), number);
    };
  const discovery = (code: number, links: LinkContext): Neo =>
    edit(code)(generateNeo(seed, generatorIndex(code), links));

  return {
    size: listing.size,
    neoAt(position, links) {
      const code = codeAt(listing, position);
      return isBase(code) ? edit(code)(base.neoAt(code, links)) : discovery(code, links);
    },
    recordAt(position, links) {
      const code = codeAt(listing, position);
      return isBase(code) ? base.recordAt(code, links, edit(code)) : discovery(code, links);
    },
    approachCount(position) {
      const code = codeAt(listing, position);
      return isBase(code) ? base.approachCount(code) : approachCountOf(seed, generatorIndex(code));
    },
    idAt: (position) => idOfCode(codeAt(listing, position)),
    ids: (start = 0, end = listing.size) => codesIn(listing, start, end).map(idOfCode),
    apply(change) {
      const { catalogue, effect } = applied(state, change, idOfCode);
      return { catalogue: catalogueOf(catalogue), effect };
    },
  };
}

type Applied = { readonly catalogue: State; readonly effect: ChangeEffect };

function applied(state: State, change: CatalogueChange, idOfCode: (code: number) => string): Applied {
  const { listing } = state;
  switch (change.kind) {
    case 'insert': {
      const code = state.base.size + state.discovered;
      const catalogue = { ...state, listing: withInserted(listing, change.at, code), discovered: state.discovered + 1 };
      return { catalogue, effect: { kind: 'insert', id: idOfCode(code), from: null, to: change.at } };
    }
    case 'remove': {
      const code = codeAt(listing, change.at);
      const catalogue = { ...state, listing: withRemoved(listing, change.at) };
      return { catalogue, effect: { kind: 'remove', id: idOfCode(code), from: change.at, to: null } };
    }
    case 'number': {
      const code = codeAt(listing, change.at);
      const previousId = idOfCode(code);
      if (!isProvisionalId(previousId)) throw new RangeError(`the NEO at ${change.at} (${previousId}) has a number`);
      const number = FIRST_NEW_NUMBER + state.numbers.size;
      const catalogue = {
        ...state,
        listing: withInserted(withRemoved(listing, change.at), change.to, code),
        numbers: new Map(state.numbers).set(code, number),
      };
      return {
        catalogue,
        effect: { kind: 'number', id: numberedId(number), previousId, from: change.at, to: change.to },
      };
    }
  }
}
