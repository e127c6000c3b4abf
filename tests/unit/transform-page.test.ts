import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toRows } from '../../ingest/explode/row-view.ts';
import { transformPage } from '../../ingest/explode/transform-page.ts';
import { BrowsePageSchema } from '../../core/schema.ts';
import { lineage, nulls, pick } from '../support/exploded-rows.ts';
import type { Json } from '../support/modern-neo.ts';
import { FIXTURE_DIR } from '../../standin/fixtures.ts';

describe('the 2017 fixture pages', () => {
  const files = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();

  it('are all there', () => {
    expect(files).toHaveLength(3);
  });

  it.each(files)(
    '%s: every NEO valid, one row per approach (at least one per NEO), missing modern fields null',
    (file) => {
      const json = JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as { near_earth_objects: Json[] };
      const result = transformPage(BrowsePageSchema.parse(json), lineage);
      const neos = json.near_earth_objects;
      expect(result.quarantined).toEqual([]);
      expect(result.validNeos).toBe(neos.length);
      expect(result.rows).toBe(
        neos.reduce((n, neo) => n + Math.max(1, (neo.close_approach_data as unknown[]).length), 0),
      );

      const rows = toRows(result.columns);
      expect(rows).toHaveLength(result.rows);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(neos.map((neo) => neo.neo_reference_id)));
      for (const row of rows) {
        expect(row.id).toBe(row.neo_reference_id);
        expect(
          pick(row, [
            'name_limited',
            'designation',
            'first_observation_date',
            'last_observation_date',
            'observations_used',
          ]),
        ).toEqual(
          nulls([
            'name_limited',
            'designation',
            'first_observation_date',
            'last_observation_date',
            'observations_used',
          ]),
        );
        expect(row.orbital_period).not.toBeNull();
      }
      const withApproaches = rows.filter((r) => r.approach_date !== null);
      expect(withApproaches).toHaveLength(
        neos.reduce((n, neo) => n + (neo.close_approach_data as unknown[]).length, 0),
      );
      for (const row of withApproaches) expect(row.approach_epoch_ms).not.toBeNull();
    },
  );
});
