import { describe, expect, it } from 'vitest';
import { validatePage } from '../../ingest/validate/validate-page.ts';
import { type Json, approach, modernNeo, pageOf } from '../support/modern-neo.ts';

function without(record: Json, key: string): Json {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function validateOne(record: unknown) {
  const result = validatePage(pageOf([record]));
  expect(result.valid.length + result.quarantined.length).toBe(1);
  return result;
}

describe('validatePage', () => {
  it('accepts a complete modern NEO', () => {
    const { valid, quarantined } = validateOne(modernNeo());
    expect(quarantined).toEqual([]);
    expect(valid).toHaveLength(1);
  });

  it('accepts a NEO with only neo_reference_id (the 2017 shape)', () => {
    const { valid } = validateOne(without(modernNeo(), 'id'));
    expect(valid[0]?.neo_reference_id).toBe('3726710');
  });

  it('accepts a NEO with only id', () => {
    expect(validateOne(without(modernNeo(), 'neo_reference_id')).valid).toHaveLength(1);
  });

  it('accepts a NEO with no approaches and no optional fields', () => {
    const bare = { id: '1', name: 'bare', is_potentially_hazardous_asteroid: true, close_approach_data: [] };
    expect(validateOne(bare).valid).toHaveLength(1);
  });

  const approaches = (...entries: Json[]) => ({ close_approach_data: entries });
  const badMissDistance = (astronomical: unknown) =>
    approaches(approach(), approach(), approach({ miss_distance: { astronomical, kilometers: '1' } }));

  it.each<[string, Json, string]>([
    [
      'missing both ids',
      without(without(modernNeo(), 'id'), 'neo_reference_id'),
      'id: missing id and neo_reference_id',
    ],
    [
      'empty id',
      modernNeo({ id: '', neo_reference_id: '' }),
      'id: Too small: expected string to have >=1 characters; ' +
        'neo_reference_id: Too small: expected string to have >=1 characters',
    ],
    ['missing name', without(modernNeo(), 'name'), 'name: missing (expected string)'],
    [
      'missing PHA flag',
      without(modernNeo(), 'is_potentially_hazardous_asteroid'),
      'is_potentially_hazardous_asteroid: missing (expected boolean)',
    ],
    [
      'non-boolean PHA flag',
      modernNeo({ is_potentially_hazardous_asteroid: 'Y' }),
      'is_potentially_hazardous_asteroid: expected boolean, got string',
    ],
    [
      'close_approach_data not an array',
      modernNeo({ close_approach_data: { 0: approach() } }),
      'close_approach_data: expected array, got object',
    ],
    [
      'missing close_approach_data',
      without(modernNeo(), 'close_approach_data'),
      'close_approach_data: missing (expected array)',
    ],
    [
      'impossible date',
      modernNeo(approaches(approach({ close_approach_date: '2021-02-30' }))),
      'close_approach_data[0].close_approach_date: not a calendar date',
    ],
    [
      'date in another format',
      modernNeo(approaches(approach({ close_approach_date: '2021-Feb-03' }))),
      'close_approach_data[0].close_approach_date: not a YYYY-MM-DD date',
    ],
    [
      'missing astronomical distance',
      modernNeo(badMissDistance(undefined)),
      'close_approach_data[2].miss_distance.astronomical: missing (expected string)',
    ],
    [
      'non-decimal astronomical distance',
      modernNeo(badMissDistance('0.3 AU')),
      'close_approach_data[2].miss_distance.astronomical: not a decimal number',
    ],
    [
      'numeric astronomical distance',
      modernNeo(badMissDistance(0.3)),
      'close_approach_data[2].miss_distance.astronomical: expected string, got number',
    ],
    [
      'wrong-typed optional number',
      modernNeo({ absolute_magnitude_h: '24.3' }),
      'absolute_magnitude_h: expected number, got string',
    ],
    [
      'wrong-typed optional decimal',
      modernNeo({ orbital_data: { orbital_period: 'long' } }),
      'orbital_data.orbital_period: not a decimal number',
    ],
    [
      'non-integer observation count',
      modernNeo({ orbital_data: { observations_used: 12.5 } }),
      'orbital_data.observations_used: expected int, got number',
    ],
    [
      'observation count beyond Int32',
      modernNeo({ orbital_data: { observations_used: 2 ** 31 } }),
      'orbital_data.observations_used: Too big: expected number to be <=2147483647',
    ],
    [
      'wrong-typed optional date',
      modernNeo({ orbital_data: { first_observation_date: 20150906 } }),
      'orbital_data.first_observation_date: expected string, got number',
    ],
    [
      'fractional epoch',
      modernNeo(approaches(approach({ epoch_date_close_approach: 1.5 }))),
      'close_approach_data[0].epoch_date_close_approach: expected int, got number',
    ],
    ['null optional field', modernNeo({ designation: null }), 'designation: expected string, got null'],
    ['not an object', null as unknown as Json, 'record: expected object, got null'],
  ])('quarantines a record with %s', (_case, record, reason) => {
    const { valid, quarantined } = validateOne(record);
    expect(valid).toEqual([]);
    expect(quarantined).toEqual([{ index: 0, record, reason }]);
  });

  it('lists every issue of a record in one reason', () => {
    const record = without(modernNeo({ absolute_magnitude_h: 'x' }), 'name');
    expect(validateOne(record).quarantined[0]?.reason).toBe(
      'name: missing (expected string); absolute_magnitude_h: expected number, got string',
    );
  });

  it('keeps the quarantined record whole: the very value received', () => {
    const record = modernNeo({ is_potentially_hazardous_asteroid: 1, extra: { nested: [1, 2] } });
    expect(validateOne(record).quarantined[0]?.record).toBe(record);
  });

  it('quarantines the later of two records with the same id, whichever field carries it', () => {
    const first = modernNeo({ id: '42', name: 'first' });
    const second = without(modernNeo({ id: '42', name: 'second' }), 'id');
    const other = modernNeo({ id: '43' });
    const { valid, quarantined } = validatePage(pageOf([first, other, second]));
    expect(valid.map((neo) => neo.name)).toEqual(['first', '(2015 RC)']);
    expect(quarantined).toEqual([
      { index: 2, record: second, reason: 'id: duplicate id 42, first seen at record 0 of this page' },
    ]);
  });

  it('accounts for every record of a mixed page, in page order', () => {
    const records = [
      modernNeo({ id: '1' }),
      modernNeo({ id: '2', name: 7 }),
      null,
      modernNeo({ id: '3' }),
      modernNeo({ id: '1' }),
    ];
    const { valid, quarantined } = validatePage(pageOf(records));
    expect(valid.length + quarantined.length).toBe(records.length);
    expect(valid.map((neo) => neo.id)).toEqual(['1', '3']);
    expect(quarantined.map((q) => q.index)).toEqual([1, 2, 4]);
  });
});
