// What the run checks on a page the source parsed: that it is the page asked for, and (on the run's
// first page) that the catalogue holds the NEOs --total asks for.
import { UsageError } from '../../core/errors.ts';
import type { BrowsePage } from '../../core/schema.ts';
import type { IngestConfig } from '../types.ts';

/** A page that arrived but cannot be used: the batch fails, the run goes on. */
export class BatchProblem extends Error {
  override readonly name = 'BatchProblem';
}

export function checkPageNumber(requested: number, received: BrowsePage): void {
  if (received.page.number === requested) return;
  throw new BatchProblem(`page ${requested}: the API answered page ${received.page.number} instead`);
}

/** A --total beyond the catalogue can never finish: bad usage, not a failed batch. */
export function checkReachable(config: Pick<IngestConfig, 'total'>, catalogue: number): void {
  if (config.total <= catalogue) return;
  throw new UsageError(
    `--total ${config.total} is more than the catalogue holds (${catalogue} NEOs); use --total ${catalogue} or less`,
  );
}
