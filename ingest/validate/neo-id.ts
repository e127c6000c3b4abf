// A NEO's identity: modern responses carry `id`, older ones (the 2017 fixtures) only `neo_reference_id`;
// where both exist they are equal. Validation guarantees one of them.
import type { Neo } from '../../core/schema.ts';

export function neoId(neo: Pick<Neo, 'id' | 'neo_reference_id'>): string {
  const id = neo.id ?? neo.neo_reference_id;
  if (id === undefined) throw new Error('NEO without id or neo_reference_id passed validation');
  return id;
}
