import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.ts';
import { BatchProblem, checkPageNumber, checkReachable } from '../../ingest/run/page-checks.ts';

const received = (number: number) => ({
  page: { size: 20, total_elements: 50, total_pages: 3, number },
  near_earth_objects: [],
});

describe('checks on a received page', () => {
  it('fails the batch when the API answers another page than asked for', () => {
    expect(() => checkPageNumber(4, received(4))).not.toThrow();
    expect(() => checkPageNumber(4, received(0))).toThrow(BatchProblem);
    expect(() => checkPageNumber(4, received(0))).toThrow('page 4: the API answered page 0 instead');
  });

  it('refuses a --total beyond the catalogue as bad usage, naming the most it can be', () => {
    expect(() => checkReachable({ total: 50 }, 50)).not.toThrow();
    expect(() => checkReachable({ total: 51 }, 50)).toThrow(UsageError);
    expect(() => checkReachable({ total: 51 }, 50)).toThrow(
      '--total 51 is more than the catalogue holds (50 NEOs); use --total 50 or less',
    );
  });
});
