// The catalogue's order as a piece table: runs of consecutive entry codes. The untouched catalogue is one
// run, and each change splits at most one run, so a 40,000-NEO listing with a few hundred changes stays a
// few hundred runs: positions resolve by binary search, and nothing is kept per NEO.
// Listings are immutable values, so a reply logged earlier can be re-rendered from the listing it saw.

interface Run {
  readonly first: number;
  readonly length: number;
}

export interface Listing {
  readonly size: number;
  readonly runs: readonly Run[];
  /** Position of each run's first entry. */
  readonly starts: readonly number[];
}

function fromRuns(runs: readonly Run[]): Listing {
  const starts: number[] = [];
  let size = 0;
  for (const run of runs) {
    starts.push(size);
    size += run.length;
  }
  return { size, runs, starts };
}

/** Entries 0..size-1 in order: the catalogue before any change. */
export const listingOf = (size: number): Listing => fromRuns(size > 0 ? [{ first: 0, length: size }] : []);

/** Index of the run holding `position` (0 <= position < size). */
function runIndex(listing: Listing, position: number): number {
  let low = 0;
  let high = listing.runs.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (listing.starts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

function check(listing: Listing, position: number, end: number): void {
  if (!Number.isSafeInteger(position) || position < 0 || position >= end) {
    throw new RangeError(`position ${position} is outside the listing (0..${end - 1})`);
  }
}

export function codeAt(listing: Listing, position: number): number {
  check(listing, position, listing.size);
  const index = runIndex(listing, position);
  return listing.runs[index]!.first + position - listing.starts[index]!;
}

/** The codes at positions [start, end), walking runs instead of searching for each. */
export function codesIn(listing: Listing, start: number, end: number): number[] {
  const codes: number[] = [];
  const stop = Math.min(end, listing.size);
  if (start >= stop) return codes;
  let index = runIndex(listing, start);
  for (let position = start; position < stop; index++) {
    const run = listing.runs[index]!;
    const from = position - listing.starts[index]!;
    const to = Math.min(run.length, stop - listing.starts[index]!);
    for (let k = from; k < to; k++) codes.push(run.first + k);
    position = listing.starts[index]! + to;
  }
  return codes;
}

/** The runs before `position` and from `position` on, the run across it cut in two. */
function splitAt(listing: Listing, position: number): [Run[], Run[]] {
  if (position === listing.size) return [[...listing.runs], []];
  const index = runIndex(listing, position);
  const run = listing.runs[index]!;
  const cut = position - listing.starts[index]!;
  const head = cut > 0 ? [{ first: run.first, length: cut }] : [];
  const tail = [{ first: run.first + cut, length: run.length - cut }];
  return [
    [...listing.runs.slice(0, index), ...head],
    [...tail, ...listing.runs.slice(index + 1)],
  ];
}

/** `code` placed at `position` (0..size), later entries moving down one. */
export function withInserted(listing: Listing, position: number, code: number): Listing {
  check(listing, position, listing.size + 1);
  const [before, after] = splitAt(listing, position);
  return fromRuns([...before, { first: code, length: 1 }, ...after]);
}

/** The entry at `position` taken out, later entries moving up one. */
export function withRemoved(listing: Listing, position: number): Listing {
  check(listing, position, listing.size);
  const [before, after] = splitAt(listing, position);
  const [first, ...rest] = after;
  const shortened = first!.length > 1 ? [{ first: first!.first + 1, length: first!.length - 1 }] : [];
  return fromRuns([...before, ...shortened, ...rest]);
}
