import { describe, expect, it } from 'vitest';
import { IsoDate } from '../../core/schema.ts';

// Oracle: the day exists if Date, given the same fields, lands on the same fields (no roll-over).
function exists(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('IsoDate', () => {
  it('accepts exactly the calendar days that exist, leap years included', () => {
    const years = [0, 4, 100, 1600, 1899, 1900, 1904, 1970, 2000, 2023, 2024, 2100, 2200, 2400, 9999];
    for (const year of years) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(IsoDate.safeParse(iso).success, iso).toBe(month >= 1 && month <= 12 && exists(year, month, day));
        }
      }
    }
  });

  it.each(['2021-2-03', '20210203', '2021-02-03T00:00:00Z', ' 2021-02-03', '2021-02-0a', ''])(
    'rejects %j as not YYYY-MM-DD',
    (text) => {
      expect(IsoDate.safeParse(text).error?.issues.map((i) => i.message)).toEqual(['not a YYYY-MM-DD date']);
    },
  );
});
