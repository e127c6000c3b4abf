import { describe, expect, it } from 'vitest';
import { day } from '../../ingest/explode/encodings.ts';
import { explode } from '../support/exploded-rows.ts';
import { approach, modernNeo } from '../support/modern-neo.ts';

// Values go through explode's encodings and back out of the row view: exact at the ends of each range.
describe('encodings', () => {
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
});
