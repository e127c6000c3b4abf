// Splits a browse page into valid NEOs and quarantined records. Nothing is dropped silently:
// valid.length + quarantined.length === page.near_earth_objects.length, always.
import { type BrowsePage, type Neo, NeoSchema } from '../schema.ts';
import { describeIssues } from './issue-reason.ts';
import { neoId } from './neo-id.ts';

export interface QuarantinedRecord {
  /** Position in the page's near_earth_objects. */
  readonly index: number;
  /** The record exactly as received (it may hold the API key in `links`: redact before writing it out). */
  readonly record: unknown;
  readonly reason: string;
}

export interface ValidatedPage {
  readonly valid: Neo[];
  readonly quarantined: QuarantinedRecord[];
}

export function validatePage(page: Pick<BrowsePage, 'near_earth_objects'>): ValidatedPage {
  const valid: Neo[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const firstIndexOfId = new Map<string, number>();
  page.near_earth_objects.forEach((record, index) => {
    const parsed = NeoSchema.safeParse(record);
    if (!parsed.success) {
      quarantined.push({ index, record, reason: describeIssues(parsed.error.issues) });
      return;
    }
    const id = neoId(parsed.data);
    const first = firstIndexOfId.get(id);
    if (first !== undefined) {
      // The later copy goes: keeping the first is what a reader scanning the page would do.
      quarantined.push({ index, record, reason: `id: duplicate id ${id}, first seen at record ${first} of this page` });
      return;
    }
    firstIndexOfId.set(id, index);
    valid.push(parsed.data);
  });
  return { valid, quarantined };
}
