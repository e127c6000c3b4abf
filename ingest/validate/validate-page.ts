// Splits a browse page into valid NEOs and quarantined records. Nothing is dropped silently:
// valid.length + quarantined.length === page.near_earth_objects.length, always.
import { type BrowsePage, type Neo, NeoSchema } from '../../core/schema.ts';
import { describeIssues } from './issue-reason.ts';
import { neoId } from './neo-id.ts';
import { compileQuickCheck } from './quick-check.ts';

// Valid records skip zod's copying parse; zod still judges (and explains) every other record.
const isCertainlyValidNeo = compileQuickCheck(NeoSchema);

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
    const checked = checkNeo(record);
    if (!('neo' in checked)) {
      quarantined.push({ index, record, reason: checked.reason });
      return;
    }
    const id = neoId(checked.neo);
    const first = firstIndexOfId.get(id);
    if (first !== undefined) {
      // The later copy goes: keeping the first is what a reader scanning the page would do.
      quarantined.push({ index, record, reason: `id: duplicate id ${id}, first seen at record ${first} of this page` });
      return;
    }
    firstIndexOfId.set(id, index);
    valid.push(checked.neo);
  });
  return { valid, quarantined };
}

function checkNeo(record: unknown): { readonly neo: Neo } | { readonly reason: string } {
  if (isCertainlyValidNeo(record)) return { neo: record as Neo };
  const parsed = NeoSchema.safeParse(record);
  return parsed.success ? { neo: parsed.data } : { reason: describeIssues(parsed.error.issues) };
}
