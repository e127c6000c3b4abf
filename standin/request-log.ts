// What the stand-in received and sent, for tests and benchmarks to check against. Bodies are not kept:
// each entry re-creates its body on demand from the deterministic catalogue, byte for byte as served,
// so a 2,000-page run costs no memory.
import type { Neo } from '../core/schema.ts';
import type { FaultKind } from './faults.ts';

export interface LoggedRequest {
  /** 1-based arrival order. */
  readonly seq: number;
  /** Arrival time, epoch ms with sub-ms resolution. */
  readonly at: number;
  /** Page and size asked for; null when the query was not a valid browse query. */
  readonly page: number | null;
  readonly size: number | null;
  /** Status sent; null when nothing was sent (connection reset, or the client left before a slow reply). */
  readonly status: number | null;
  readonly fault: FaultKind | null;
  /** The text sent: the whole body, the part before the cut when truncated, null when nothing was sent. */
  body(): string | null;
}

interface BrowseBody {
  near_earth_objects: Neo[];
}

/**
 * The NEOs delivered whole, in catalogue order: from every complete 200 browse body (truncated and
 * malformed ones do not parse), the latest copy of each catalogue position. Positions are those the pages
 * had when served: with catalogue changes (catalogue-changes.ts) they no longer name one NEO.
 */
export function servedNeos(log: readonly LoggedRequest[]): Neo[] {
  const byIndex = new Map<number, Neo>();
  for (const entry of log) {
    if (entry.status !== 200 || entry.page === null || entry.size === null) continue;
    let parsed: BrowseBody;
    try {
      parsed = JSON.parse(entry.body() ?? '') as BrowseBody;
    } catch {
      continue;
    }
    const first = entry.page * entry.size;
    parsed.near_earth_objects.forEach((neo, k) => byIndex.set(first + k, neo));
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, neo]) => neo);
}
