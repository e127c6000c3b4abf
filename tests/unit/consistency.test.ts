// Whether a dataset's batches are one snapshot: an id in two batches, batches fetched at another
// catalogue size than the latest fetch; entries of older manifests (no ids, no total) are left out.
import { describe, expect, it } from 'vitest';
import { type DoneEntry, emptyManifest } from '../../core/manifest.ts';
import { checkConsistency } from '../../ingest/run/consistency.ts';

const entry = (batch: number, ingestedAt: string, extra: Partial<DoneEntry> = {}) =>
  ({ batch, status: 'done', ingestedAt, ...extra }) as DoneEntry;

describe('consistency', () => {
  it('names an overlap and the batches fetched at an older catalogue size', () => {
    const manifest = emptyManifest({ batchSize: 2, partitionSize: 20, apiUrl: 'http://x' });
    manifest.batches.set(1, entry(1, '2025-01-01T00:00:00Z', { ids: ['a', 'b'], totalElements: 10 }));
    manifest.batches.set(2, entry(2, '2025-01-01T00:00:01Z', { ids: ['c', 'd'], totalElements: 10 }));
    manifest.batches.set(3, entry(3, '2025-01-02T00:00:00Z', { ids: ['d', 'e'], totalElements: 11 }));
    const result = checkConsistency(manifest, 3, 2);
    expect(result.consistent).toBe(false);
    expect(result.duplicates).toEqual([{ id: 'd', batches: [2, 3] }]);
    expect(result.moves).toEqual([{ batches: [1, 2], from: 10, to: 11 }]);
    expect(result.messages[1]).toBe(
      'the catalogue moved by +1 (10 -> 11 NEOs) since batches 1-2 were fetched: NEOs added to or moved ' +
        'into positions 1-4 since then may be missing',
    );
    expect(result.messages.at(-1)).toMatch(/--refresh/);
  });

  it('leaves out entries of older manifests and batches beyond the plan', () => {
    const manifest = emptyManifest({ batchSize: 2, partitionSize: 20, apiUrl: 'http://x' });
    manifest.batches.set(1, entry(1, '2025-01-01T00:00:00Z'));
    manifest.batches.set(2, entry(2, '2025-01-02T00:00:00Z', { ids: ['c', 'd'], totalElements: 10 }));
    manifest.batches.set(3, entry(3, '2025-01-03T00:00:00Z', { ids: ['d'], totalElements: 12 }));
    expect(checkConsistency(manifest, 2, 2)).toEqual({ consistent: true, duplicates: [], moves: [], messages: [] });
  });
});
