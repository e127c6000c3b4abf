import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { day } from '../../ingest/explode/encodings.ts';
import { toRows } from '../../ingest/explode/row-view.ts';
import { transformPage } from '../../ingest/explode/transform-page.ts';
import { BrowsePageSchema, RAW_COLUMNS, type RawRow } from '../../core/schema.ts';
import { type Json, approach, modernNeo, pageOf } from '../support/modern-neo.ts';
import { FIXTURE_DIR } from '../../standin/fixtures.ts';

const lineage = { batchNumber: 7, ingestedAt: new Date('2026-01-02T03:04:05.678Z') };

const APPROACH_COLUMNS = [
  'approach_date',
  'approach_epoch_ms',
  'miss_distance_au',
  'miss_distance_km',
  'miss_distance_lunar',
  'relative_velocity_km_per_sec',
  'orbiting_body',
] as const satisfies readonly (keyof RawRow)[];
const CLOSEST_COLUMNS = [
  'closest_approach_miss_distance_km',
  'closest_approach_date',
  'closest_approach_relative_velocity_km_per_sec',
  'closest_approach_orbiting_body',
] as const satisfies readonly (keyof RawRow)[];

function explode(records: readonly unknown[]): RawRow[] {
  const result = transformPage(pageOf(records), lineage);
  expect(result.quarantined).toEqual([]);
  return toRows(result.columns);
}

function pick<K extends keyof RawRow>(row: RawRow | undefined, keys: readonly K[]): Pick<RawRow, K> {
  if (row === undefined) throw new Error('no such row');
  return Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<RawRow, K>;
}

const nulls = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, null]));

describe('explode-outer', () => {
  it('gives a NEO without approaches exactly one row, its approach and closest columns null', () => {
    const rows = explode([modernNeo({ close_approach_data: [] })]);
    expect(rows).toHaveLength(1);
    expect(pick(rows[0], [...APPROACH_COLUMNS, ...CLOSEST_COLUMNS])).toEqual(
      nulls([...APPROACH_COLUMNS, ...CLOSEST_COLUMNS]),
    );
    expect(rows[0]).toMatchObject({
      id: '3726710',
      name: '(2015 RC)',
      orbital_period: 1335.38199981732,
      batch_number: 7,
    });
  });

  it('gives one row per approach, in page and approach order, NEO attributes repeated', () => {
    const dates = ['1950-01-01', '2000-06-15', '2100-12-31'];
    const records = [
      modernNeo({ id: '1', close_approach_data: [] }),
      modernNeo({ id: '2', close_approach_data: [approach()] }),
      modernNeo({
        id: '3',
        name: 'three',
        close_approach_data: dates.map((d) => approach({ close_approach_date: d })),
      }),
    ];
    const rows = explode(records);
    const expected = records.reduce((n, r) => n + Math.max(1, (r.close_approach_data as unknown[]).length), 0);
    expect(rows).toHaveLength(expected);
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3', '3', '3']);
    expect(rows.slice(2).map((r) => [r.name, r.approach_date])).toEqual(dates.map((d) => ['three', d]));
  });

  it('maps every field of a modern NEO and its approach', () => {
    const [row] = explode([modernNeo()]);
    expect(row).toEqual({
      id: '3726710',
      neo_reference_id: '3726710',
      name: '(2015 RC)',
      name_limited: null,
      designation: '2015 RC',
      nasa_jpl_url: 'http://ssd.jpl.nasa.gov/sbdb.cgi?sstr=3726710',
      absolute_magnitude_h: 24.3,
      is_potentially_hazardous_asteroid: false,
      minimum_estimated_diameter_meters: 36.6906137531,
      maximum_estimated_diameter_meters: 82.0427064882,
      closest_approach_miss_distance_km: 4027962.697099799,
      closest_approach_date: '2015-09-08',
      closest_approach_relative_velocity_km_per_sec: 19.486643553,
      closest_approach_orbiting_body: 'Earth',
      first_observation_date: '2015-09-06',
      last_observation_date: '2015-09-12',
      observations_used: 122,
      orbital_period: 1335.38199981732,
      approach_date: '2015-09-08',
      approach_epoch_ms: 1441705500000n,
      miss_distance_au: 0.0269252677,
      miss_distance_km: 4027962.697099799,
      miss_distance_lunar: 10.4739291353,
      relative_velocity_km_per_sec: 19.486643553,
      orbiting_body: 'Earth',
      batch_number: 7,
      ingested_at: lineage.ingestedAt,
    } satisfies RawRow);
  });

  it('takes id from neo_reference_id when id is absent, and leaves neo_reference_id null when it is', () => {
    const onlyReference = modernNeo({ id: undefined, neo_reference_id: '2000433' });
    delete onlyReference.id;
    const onlyId = modernNeo({ id: '54000001' });
    delete onlyId.neo_reference_id;
    const rows = explode([onlyReference, onlyId]);
    expect(rows.map((r) => [r.id, r.neo_reference_id])).toEqual([
      ['2000433', '2000433'],
      ['54000001', null],
    ]);
  });

  it('writes null, never 0 or "", for every absent optional field', () => {
    const bare: Json = {
      id: '9',
      name: 'bare',
      is_potentially_hazardous_asteroid: true,
      close_approach_data: [{ close_approach_date: '2001-01-01', miss_distance: { astronomical: '0.1' } }],
    };
    const [row] = explode([bare]);
    const required = new Set([
      'id',
      'name',
      'is_potentially_hazardous_asteroid',
      'batch_number',
      'ingested_at',
      'approach_date',
      'miss_distance_au',
      'closest_approach_date',
    ]);
    const optional = RAW_COLUMNS.map((c) => c.name).filter((name) => !required.has(name));
    expect(pick(row, optional)).toEqual(nulls(optional));
    expect(pick(row, ['approach_date', 'miss_distance_au', 'closest_approach_date'])).toEqual({
      approach_date: '2001-01-01',
      miss_distance_au: 0.1,
      closest_approach_date: '2001-01-01',
    });
  });

  it('keeps real zeros and empty strings as values, not nulls', () => {
    const neo = modernNeo({
      absolute_magnitude_h: 0,
      designation: '',
      orbital_data: { observations_used: 0, orbital_period: '0' },
      close_approach_data: [
        approach({ epoch_date_close_approach: 0, miss_distance: { astronomical: '0', kilometers: '0.0' } }),
      ],
    });
    const [row] = explode([neo]);
    expect(
      pick(row, [
        'absolute_magnitude_h',
        'designation',
        'observations_used',
        'orbital_period',
        'approach_epoch_ms',
        'miss_distance_au',
        'miss_distance_km',
      ]),
    ).toEqual({
      absolute_magnitude_h: 0,
      designation: '',
      observations_used: 0,
      orbital_period: 0,
      approach_epoch_ms: 0n,
      miss_distance_au: 0,
      miss_distance_km: 0,
    });
  });

  it('keeps epochs before 1970 and after 2038 exact', () => {
    const epochs = [-2208988800000, -1, 1441705500000, 7258118400000];
    const rows = explode([
      modernNeo({ close_approach_data: epochs.map((e) => approach({ epoch_date_close_approach: e })) }),
    ]);
    expect(rows.map((r) => r.approach_epoch_ms)).toEqual(epochs.map((e) => BigInt(e)));
  });

  it('parses decimal strings, bare leading dot included, to the nearest double', () => {
    // Fewer than 16 significant digits: integer / power of ten is one correctly rounded IEEE division,
    // which is the nearest double to the decimal -- an independent check of the parse.
    const decimals = ['.5075712266276072', '0.0269252677', '1335.38199981732', '.0294156', '4502011.5', '7.', '12'];
    const rows = explode([
      modernNeo({ close_approach_data: decimals.map((au) => approach({ miss_distance: { astronomical: au } })) }),
    ]);
    const expected = decimals.map((s) => {
      const [whole = '', fraction = ''] = s.split('.');
      return Number(`${whole}${fraction}`) / 10 ** fraction.length;
    });
    expect(rows.map((r) => r.miss_distance_au)).toEqual(expected);
    expect(explode([modernNeo({ orbital_data: { orbital_period: '.5075712266276072' } })])[0]?.orbital_period).toBe(
      5075712266276072 / 1e16,
    );
  });

  it('stores dates as their calendar day, before and after 1970', () => {
    const dates = ['1900-01-01', '1969-12-31', '1970-01-01', '2000-02-29', '2024-12-31', '2200-12-31', '0001-01-01'];
    for (const iso of dates) expect(day(iso)).toBe(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    const rows = explode([modernNeo({ close_approach_data: dates.map((d) => approach({ close_approach_date: d })) })]);
    expect(rows.map((r) => r.approach_date)).toEqual(dates);
  });

  it('stamps lineage on every row', () => {
    const rows = explode([
      modernNeo({ id: '1', close_approach_data: [] }),
      modernNeo({ id: '2', close_approach_data: [approach(), approach()] }),
    ]);
    expect(rows.map((r) => [r.batch_number, r.ingested_at.toISOString()])).toEqual(
      rows.map(() => [7, '2026-01-02T03:04:05.678Z']),
    );
  });
});

describe('closest approach', () => {
  const at = (au: string, overrides: Json = {}) =>
    approach({ miss_distance: { astronomical: au, kilometers: `${au}e8` }, ...overrides });

  function closest(approaches: Json[]) {
    const rows = explode([modernNeo({ close_approach_data: approaches })]);
    const values = rows.map((r) => pick(r, CLOSEST_COLUMNS));
    expect(new Set(values.map((v) => JSON.stringify(v))).size).toBe(1); // the same on every row of the NEO
    return values[0];
  }

  it('is the least astronomical distance to any body, not just Earth', () => {
    expect(
      closest([at('0.3'), at('0.05', { orbiting_body: 'Moon', close_approach_date: '1990-01-01' }), at('0.2')]),
    ).toEqual({
      closest_approach_miss_distance_km: 0.05e8,
      closest_approach_date: '1990-01-01',
      closest_approach_relative_velocity_km_per_sec: 19.486643553,
      closest_approach_orbiting_body: 'Moon',
    });
  });

  it('compares distances as numbers, not strings', () => {
    expect(closest([at('.09', { orbiting_body: 'Mars' }), at('0.1'), at('10.0')])?.closest_approach_orbiting_body).toBe(
      'Mars',
    );
  });

  it('breaks ties by the earliest epoch, whatever the listed order', () => {
    const late = at('0.1', {
      close_approach_date: '2001-01-01',
      epoch_date_close_approach: Date.UTC(2001, 0, 1),
      orbiting_body: 'Venus',
    });
    const early = at('0.1', {
      close_approach_date: '1999-01-01',
      epoch_date_close_approach: Date.UTC(1999, 0, 1),
      orbiting_body: 'Merc',
    });
    expect(closest([late, early])?.closest_approach_orbiting_body).toBe('Merc');
    expect(closest([early, late])?.closest_approach_orbiting_body).toBe('Merc');
  });

  it('breaks ties by the date when epochs are absent, then by the first listed', () => {
    const noEpoch = (date: string, body: string) => {
      const a = at('0.1', { close_approach_date: date, orbiting_body: body });
      delete a.epoch_date_close_approach;
      return a;
    };
    expect(
      closest([noEpoch('2001-01-01', 'Venus'), noEpoch('1999-01-01', 'Merc')])?.closest_approach_orbiting_body,
    ).toBe('Merc');
    expect(
      closest([noEpoch('1999-01-01', 'Juptr'), noEpoch('1999-01-01', 'Merc')])?.closest_approach_orbiting_body,
    ).toBe('Juptr');
  });
});

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
