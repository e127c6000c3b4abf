// Fault injection: scripted rules ("request #3 gets 503", "page 4 is truncated twice") and random faults
// at a seeded rate. The injector only decides which fault a request gets; the server acts it out.
import { rngFor } from './random.ts';

export const FAULT_KINDS = ['429', '500', '502', '503', '403', 'slow', 'truncated', 'malformed', 'reset'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A bad-key 403 ends a client's run, so random faults leave it out unless asked for. */
export const DEFAULT_RANDOM_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((kind) => kind !== '403');

export type FaultRule =
  /** The n-th request the server receives (1-based). */
  | { readonly request: number; readonly kind: FaultKind }
  /** The first `times` (default 1) requests for a page. */
  | { readonly page: number; readonly kind: FaultKind; readonly times?: number };

export interface FaultPlan {
  readonly rules?: readonly FaultRule[];
  /** Share of requests (0..1) not hit by a rule that get a random fault. */
  readonly rate?: number;
  readonly kinds?: readonly FaultKind[];
  readonly seed?: number;
  /** How long a `slow` reply is held back; longer than the client's timeout. */
  readonly slowMs?: number;
}

export const DEFAULT_SLOW_MS = 60_000;

export interface FaultInjector {
  /** The fault for request number `request` (1-based) asking for `page`, if any. */
  faultFor(request: number, page: number | null): FaultKind | undefined;
  readonly slowMs: number;
}

export function createFaultInjector(plan: FaultPlan = {}): FaultInjector {
  const rules = plan.rules ?? [];
  const kinds = plan.kinds ?? DEFAULT_RANDOM_KINDS;
  const rate = plan.rate ?? 0;
  const seed = plan.seed ?? 0;
  const pageHits = new Map<number, number>();
  return {
    slowMs: plan.slowMs ?? DEFAULT_SLOW_MS,
    faultFor(request, page) {
      if (page !== null) pageHits.set(page, (pageHits.get(page) ?? 0) + 1);
      const hit = rules.find((rule) =>
        'request' in rule
          ? rule.request === request
          : rule.page === page && (pageHits.get(page) ?? 0) <= (rule.times ?? 1),
      );
      if (hit) return hit.kind;
      // Drawn per request number, so the same request order always meets the same faults.
      const rng = rngFor(seed, request);
      return rate > 0 && rng.chance(rate) ? rng.pick(kinds) : undefined;
    },
  };
}

function parseKind(text: string): FaultKind {
  const kind = FAULT_KINDS.find((k) => k === text);
  if (!kind) throw new Error(`unknown fault kind "${text}" (one of ${FAULT_KINDS.join(', ')})`);
  return kind;
}

/** Parses the CLI form `request:3=503,page:4=truncated*2`. */
export function parseFaultRules(spec: string): FaultRule[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(request|page):(\d+)=([a-z0-9]+)(?:\*(\d+))?$/.exec(part);
      if (!match) throw new Error(`bad fault rule "${part}" (expected request:N=KIND or page:N=KIND[*TIMES])`);
      const [, target, number, kind, times] = match;
      if (target === 'request') {
        if (times !== undefined) throw new Error(`"${part}": *TIMES only applies to page rules`);
        return { request: Number(number), kind: parseKind(kind!) };
      }
      return { page: Number(number), kind: parseKind(kind!), ...(times !== undefined ? { times: Number(times) } : {}) };
    });
}

/** Parses a comma-separated list of kinds, e.g. `503,reset,truncated`. */
export function parseFaultKinds(spec: string): FaultKind[] {
  return spec.split(',').map((text) => parseKind(text.trim()));
}
