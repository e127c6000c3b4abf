import { describe, expect, it } from 'vitest';
import { codeAt, codesIn, listingOf, withInserted, withRemoved, type Listing } from '../../standin/listing.ts';

/** Every position looked up one by one, the slow way. */
const allCodes = (listing: Listing): number[] => Array.from({ length: listing.size }, (_, p) => codeAt(listing, p));

describe('the listing (piece table)', () => {
  it('starts as 0..size-1 and an empty one holds nothing', () => {
    expect(allCodes(listingOf(7))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(listingOf(0).size).toBe(0);
    expect(codesIn(listingOf(0), 0, 10)).toEqual([]);
    expect(allCodes(withInserted(listingOf(0), 0, 42))).toEqual([42]);
  });

  it('follows a plain array through a few hundred inserts and removals, with a run per change at most', () => {
    // A small linear congruential generator: the test's own, so the model does not share code with the layer.
    let state = 12345;
    const next = (below: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % below;
    };
    const size = 1_000;
    const model = Array.from({ length: size }, (_, k) => k);
    let listing = listingOf(size);
    let newCode = size;
    for (let step = 0; step < 300; step++) {
      if (next(3) === 0 && model.length > 0) {
        const at = next(model.length);
        model.splice(at, 1);
        listing = withRemoved(listing, at);
      } else {
        const at = next(model.length + 1);
        model.splice(at, 0, newCode);
        listing = withInserted(listing, at, newCode++);
      }
      expect(listing.size).toBe(model.length);
    }
    expect(allCodes(listing)).toEqual(model);
    expect(codesIn(listing, 0, listing.size)).toEqual(model);
    expect(codesIn(listing, 137, 161)).toEqual(model.slice(137, 161));
    expect(codesIn(listing, listing.size - 5, listing.size + 20)).toEqual(model.slice(-5));
    expect(listing.runs.length).toBeLessThanOrEqual(1 + 2 * 300);
  });

  it('moves an entry (remove, then insert) and leaves the listing it came from as it was', () => {
    const before = listingOf(6);
    const after = withInserted(withRemoved(before, 4), 1, 4);
    expect(allCodes(after)).toEqual([0, 4, 1, 2, 3, 5]);
    expect(allCodes(before)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses positions outside it', () => {
    const listing = listingOf(3);
    expect(() => codeAt(listing, 3)).toThrow(RangeError);
    expect(() => codeAt(listing, -1)).toThrow(RangeError);
    expect(() => withRemoved(listing, 3)).toThrow(RangeError);
    expect(() => withInserted(listing, 4, 9)).toThrow(RangeError);
    expect(allCodes(withInserted(listing, 3, 9))).toEqual([0, 1, 2, 9]);
  });
});
