// A NEO's identity: modern responses carry `id`, older ones (the 2017 fixtures) only `neo_reference_id`;
// where both exist they are equal. Validation guarantees one of them.
import type { Neo } from '../../core/schema.ts';

export function neoId(neo: Pick<Neo, 'id' | 'neo_reference_id'>): string {
  const id = neo.id ?? neo.neo_reference_id;
  if (id === undefined) throw new Error('NEO without id or neo_reference_id passed validation');
  return id;
}

/** The id of a record as the API sent it, valid or not; null when it has none (it is quarantined). */
export function recordId(record: unknown): string | null {
  if (typeof record !== 'object' || record === null) return null;
  const { id, neo_reference_id: reference } = record as Record<string, unknown>;
  if (typeof id === 'string') return id;
  return typeof reference === 'string' ? reference : null;
}

/**
 * The distinct ids of a page's records in page order, those without one left out: a page repeating an id
 * (its second copy is quarantined) still holds that NEO once.
 */
export function recordIds(records: readonly unknown[]): string[] {
  return [...new Set(records.map(recordId).filter((id): id is string => id !== null))];
}
