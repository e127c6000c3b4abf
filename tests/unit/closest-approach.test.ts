import { describe, expect, it } from 'vitest';
import { CLOSEST_COLUMNS, explode, pick } from '../support/exploded-rows.ts';
import { type Json, approach, modernNeo } from '../support/modern-neo.ts';

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
