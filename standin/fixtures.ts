// The real 2017 browse pages kept in ./fixtures (captured with size 20, keys replaced by REDACTED).
// Their records are served unchanged except for the key in their links.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { BrowsePageSchema, type Neo } from '../core/schema.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FIXTURE_FILE = /^browse-page-(\d+)\.json$/;
const PLACEHOLDER_KEY = 'REDACTED';

export interface FixturePage {
  /** 0-based page number the page was captured at. */
  readonly number: number;
  readonly size: number;
  readonly neos: readonly Neo[];
}

/** Fixture pages in page order. */
export function loadFixturePages(dir: string = FIXTURE_DIR): FixturePage[] {
  return readdirSync(dir)
    .flatMap((file) => {
      const match = FIXTURE_FILE.exec(file);
      if (!match) return [];
      const page = BrowsePageSchema.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
      if (Number(match[1]) !== page.page.number) throw new Error(`${file} holds page ${page.page.number}`);
      return [{ number: page.page.number, size: page.page.size, neos: page.near_earth_objects as Neo[] }];
    })
    .sort((x, y) => x.number - y.number);
}

/** A copy of a fixture record whose links carry `apiKey`, as the live API echoes the caller's key. */
export function withKey(neo: Neo, apiKey: string): Neo {
  const copy = structuredClone(neo);
  const links = copy['links'] as Record<string, string> | undefined;
  if (links) {
    for (const [name, url] of Object.entries(links)) {
      links[name] = url.replace(`api_key=${PLACEHOLDER_KEY}`, `api_key=${encodeURIComponent(apiKey)}`);
    }
  }
  return copy;
}

/** The id a record goes by: `id`, or `neo_reference_id` in the 2017 records, which lack `id`. */
export function fixtureId(neo: Neo): string {
  const id = neo.id ?? neo.neo_reference_id;
  if (id === undefined) throw new Error(`fixture record "${neo.name}" has no id`);
  return id;
}
