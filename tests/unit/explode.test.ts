import { describe, expect, it } from 'vitest';
import { RAW_COLUMNS, type RawRow } from '../../core/schema.ts';
import { CLOSEST_COLUMNS, explode, lineage, nulls, pick } from '../support/exploded-rows.ts';
import { type Json, approach, modernNeo } from '../support/modern-neo.ts';

const APPROACH_COLUMNS = [
  'approach_date',
  'approach_epoch_ms',
  'miss_distance_au',
  'miss_distance_km',
  'miss_distance_lunar',
  'relative_velocity_km_per_sec',
  'orbiting_body',
] as const satisfies readonly (keyof RawRow)[];

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
