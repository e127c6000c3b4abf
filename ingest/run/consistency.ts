// Whether a dataset is one snapshot of the catalogue. Pages are offsets into a listing that changes, so
// batches fetched at different times can overlap (an id in two batches) or leave gaps (a NEO in none). The
// gaps cannot be seen in the data, only inferred: batches fetched when total_elements differed from the
// latest fetch may miss NEOs added or moved into their positions since. Entries of older manifests (no
// ids or total_elements) are left out of both checks.
import { batchRange, describeBatches } from '../../core/layout.ts';
import type { DoneEntry, Manifest } from '../../core/manifest.ts';
import type { Consistency } from '../types.ts';

export const REFRESH_HINT = 'run `npm run ingest -- --refresh` to re-fetch the range as one snapshot';

function doneEntries(manifest: Manifest, planned: number): DoneEntry[] {
  return batchRange(1, planned)
    .map((batch) => manifest.batches.get(batch))
    .filter((entry): entry is DoneEntry => entry?.status === 'done');
}

export function checkConsistency(manifest: Manifest, planned: number, batchSize: number): Consistency {
  const entries = doneEntries(manifest, planned);
  const batchesOf = new Map<string, number[]>();
  for (const entry of entries) {
    for (const id of entry.ids ?? []) batchesOf.set(id, [...(batchesOf.get(id) ?? []), entry.batch]);
  }
  const duplicates = [...batchesOf]
    .filter(([, batches]) => batches.length > 1)
    .map(([id, batches]) => ({ id, batches }));

  const sized = entries.filter((entry) => entry.totalElements !== undefined);
  const latest = sized.reduce<DoneEntry | null>(
    (last, entry) => (last === null || entry.ingestedAt > last.ingestedAt ? entry : last),
    null,
  );
  const to = latest?.totalElements ?? 0;
  const bySize = new Map<number, number[]>();
  for (const entry of sized) {
    if (entry.totalElements === to) continue;
    const from = entry.totalElements as number;
    bySize.set(from, [...(bySize.get(from) ?? []), entry.batch]);
  }
  const moves = [...bySize].map(([from, batches]) => ({ batches, from, to }));

  const messages = [
    ...duplicates.map(
      ({ id, batches }) => `NEO ${id} is in batches ${batches.join(' and ')}: pages fetched at different times overlap`,
    ),
    ...moves.map(({ batches, from }) => {
      const first = (batches[0] as number) - 1;
      const last = batches[batches.length - 1] as number;
      const by = to - from;
      return (
        `the catalogue moved by ${by > 0 ? '+' : ''}${by} (${from} -> ${to} NEOs) since batches ` +
        `${describeBatches(batches)} were fetched: NEOs added to or moved into positions ` +
        `${first * batchSize + 1}-${last * batchSize} since then may be missing`
      );
    }),
  ];
  const consistent = messages.length === 0;
  return { consistent, duplicates, moves, messages: consistent ? [] : [...messages, REFRESH_HINT] };
}
