// When the catalogue changes: scripted rules ("as request 3 arrives, insert a NEO at 5", "when page 4 is
// first asked for, number the NEO at 30 and move it to 3") and random changes at a seeded rate per request.
// The plan only decides which changes are due; catalogue-timeline.ts applies them.
import { CHANGE_KINDS, type CatalogueChange, type ChangeKind, type ListedCatalogue } from './catalogue-changes.ts';
import { isProvisionalId } from './numbering.ts';
import { rngFor, type Rng } from './random.ts';

export type ChangeRule =
  /** Applied as the n-th request (1-based, counted as fault rules count) arrives, before it is answered. */
  | { readonly request: number; readonly change: CatalogueChange }
  /** Applied the first time `page` is asked for, before that request is answered. */
  | { readonly page: number; readonly change: CatalogueChange };

export interface RandomChanges {
  /** Chance (0..1) that a request brings one change. */
  readonly rate: number;
  readonly seed?: number;
  /** Default: all of CHANGE_KINDS. */
  readonly kinds?: readonly ChangeKind[];
}

export interface ChangePlan {
  readonly script?: readonly ChangeRule[];
  readonly random?: RandomChanges;
}

export interface ChangeScheduler {
  /** Scripted changes due as request `request` for `page` (null: not a browse query) arrives. */
  scripted(request: number, page: number | null): CatalogueChange[];
  /** The random change request `request` brings to `catalogue`, if any. */
  random(request: number, catalogue: ListedCatalogue): CatalogueChange | undefined;
}

// Random faults draw from stream (seed, request); changes from another lane of it, so that with one seed
// the two are independent.
const CHANGE_LANE = 1;

// Random numberings look for a provisional NEO by drawing positions: cheap where they are common (65% of
// the modern catalogue), where scanning for one from a numbered stretch meant thousands of lookups.
const NUMBERING_TRIES = 64;

/** A provisional NEO's position, drawn at random; undefined if none turned up. */
function provisionalAt(rng: Rng, catalogue: ListedCatalogue): number | undefined {
  for (let k = 0; k < NUMBERING_TRIES; k++) {
    const position = rng.int(0, catalogue.size - 1);
    if (isProvisionalId(catalogue.idAt(position))) return position;
  }
  return undefined;
}

function randomChange(rng: Rng, kind: ChangeKind, catalogue: ListedCatalogue): CatalogueChange | undefined {
  const { size } = catalogue;
  if (kind === 'insert') return { kind, at: rng.int(0, size) };
  if (size === 0) return undefined;
  if (kind === 'remove') return { kind, at: rng.int(0, size - 1) };
  const at = provisionalAt(rng, catalogue);
  return at === undefined ? undefined : { kind, at, to: rng.int(0, size - 1) };
}

export function createChangeScheduler(plan: ChangePlan = {}): ChangeScheduler {
  const script = plan.script ?? [];
  const { rate = 0, seed = 0, kinds = CHANGE_KINDS } = plan.random ?? {};
  const pagesAsked = new Set<number>();
  return {
    scripted(request, page) {
      const firstAsk = page !== null && !pagesAsked.has(page);
      if (page !== null) pagesAsked.add(page);
      return script
        .filter((rule) => ('request' in rule ? rule.request === request : firstAsk && rule.page === page))
        .map((rule) => rule.change);
    },
    random(request, catalogue) {
      if (!(rate > 0)) return undefined;
      // Drawn per request number, so the same request order always meets the same changes.
      const rng = rngFor(seed, request, CHANGE_LANE);
      return rng.chance(rate) ? randomChange(rng, rng.pick(kinds), catalogue) : undefined;
    },
  };
}

/** Parses the CLI form `request:3=insert@5,page:4=number@30to3,request:9=remove@0`. */
export function parseChangeRules(spec: string): ChangeRule[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(request|page):(\d+)=([a-z]+)@(\d+)(?:to(\d+))?$/.exec(part);
      if (!match) throw new Error(`bad change rule "${part}" (expected request:N=KIND@POS or page:N=KIND@POS)`);
      const [, target, number, kind, at, to] = match;
      const change = parseChange(parseChangeKind(kind!), Number(at), to === undefined ? undefined : Number(to), part);
      return target === 'request' ? { request: Number(number), change } : { page: Number(number), change };
    });
}

function parseChange(kind: ChangeKind, at: number, to: number | undefined, part: string): CatalogueChange {
  if (kind === 'number') {
    if (to === undefined) throw new Error(`"${part}": a numbering says where the NEO moves: number@POStoPOS`);
    return { kind, at, to };
  }
  if (to !== undefined) throw new Error(`"${part}": toPOS only applies to number`);
  return { kind, at };
}

function parseChangeKind(text: string): ChangeKind {
  const kind = CHANGE_KINDS.find((k) => k === text);
  if (!kind) throw new Error(`unknown change kind "${text}" (one of ${CHANGE_KINDS.join(', ')})`);
  return kind;
}

/** Parses a comma-separated list of kinds, e.g. `insert,remove`. */
export function parseChangeKinds(spec: string): ChangeKind[] {
  return spec.split(',').map((text) => parseChangeKind(text.trim()));
}
