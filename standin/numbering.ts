// A provisional object that gets a number: JPL gives it a new SPK-ID (2,000,000 + its number), its name
// gains the number and its designation becomes it. Orbit and close approaches stay as they were.
import type { Neo } from '../core/schema.ts';

/**
 * Numbers the stand-in gives out, counted up from here: above every number in the generated catalogue
 * (at most 421,029) and in the 2017 records (454,266), as real new numbers are above all older ones. That
 * leaves 99,999 numberings inside the 7-digit 2xxxxxx ids, far more than any run makes.
 */
export const FIRST_NEW_NUMBER = 900_001;

export const numberedId = (number: number): string => String(2_000_000 + number);

/** Numbered asteroids are SPK-ID 2xxxxxx; provisional ones 3xxxxxx or 5xxxxxxx. */
export const isProvisionalId = (id: string): boolean => !/^2\d{6}$/.test(id);

/** `neo` after numbering; fields the record lacks (the 2017 records have no `id` or `designation`) stay absent. */
export function numberedRecord(neo: Neo, oldId: string, number: number): Neo {
  const id = numberedId(number);
  // Only the id as a whole path segment or query value: a port or key may contain the same digits.
  const relink = (url: string): string => url.replace(new RegExp(`(?<=[/=])${oldId}(?![0-9])`, 'g'), id);
  const links = neo['links'] as Record<string, string> | undefined;
  return {
    ...neo,
    ...(links ? { links: Object.fromEntries(Object.entries(links).map(([name, url]) => [name, relink(url)])) } : {}),
    ...(neo.id !== undefined ? { id } : {}),
    neo_reference_id: id,
    name: `${number} ${neo.name}`,
    ...(neo.designation !== undefined ? { designation: String(number) } : {}),
    ...(neo.nasa_jpl_url !== undefined ? { nasa_jpl_url: relink(neo.nasa_jpl_url) } : {}),
  };
}
