// The page-level step the run calls: a parsed browse page in, raw columns and quarantined records out.
import type { BrowsePage } from '../../core/schema.ts';
import { type QuarantinedRecord, validatePage } from '../validate/validate-page.ts';
import { type Lineage, explodeNeos } from './explode.ts';
import type { RawColumns } from './raw-columns.ts';

export interface TransformedPage {
  readonly columns: RawColumns;
  /** Exploded rows: the sum over valid NEOs of max(1, approaches). */
  readonly rows: number;
  readonly validNeos: number;
  readonly quarantined: QuarantinedRecord[];
}

export function transformPage(page: Pick<BrowsePage, 'near_earth_objects'>, lineage: Lineage): TransformedPage {
  const { valid, quarantined } = validatePage(page);
  const columns = explodeNeos(valid, lineage);
  return { columns, rows: columns.rows, validNeos: valid.length, quarantined };
}
