// Metric names and the threshold label inside them.
import { describe, expect, it } from 'vitest';
import { thresholdLabel, totalUnderMetric, yearMetric, yearUnderMetric } from '../../spark-job/report/metric-names.ts';

describe('threshold label', () => {
  it.each([
    [0.2, '02'],
    [0.05, '005'],
    [0.1, '01'],
    [0.25, '025'],
    [1.5, '15'],
    [1, '1'],
    [9.999999, '9999999'],
    [0.000001, '0000001'],
  ])('%s AU -> %s', (threshold, label) => {
    expect(thresholdLabel(threshold)).toBe(label);
  });

  it('gives different thresholds different labels (units digit first, so no collisions)', () => {
    const thresholds = [0.015, 0.15, 1.5, 0.0015, 0.105, 1.05, 0.2, 0.02, 2, 0.002];
    const labels = thresholds.map(thresholdLabel);
    expect(new Set(labels).size).toBe(thresholds.length);
  });

  it.each([0, -0.1, 10, 12.5, 0.0000001, Number.NaN])('refuses %s', (threshold) => {
    expect(() => thresholdLabel(threshold)).toThrow(RangeError);
  });
});

describe('metric names', () => {
  it("spells the issue's names for 0.2 and relabels them for 0.05", () => {
    expect(totalUnderMetric(thresholdLabel(0.2))).toBe('total_close_approaches_under_02_au');
    expect(yearMetric(2025)).toBe('close_approaches_year_2025');
    expect(yearUnderMetric(thresholdLabel(0.2), 1999)).toBe('close_approaches_under_02_au_year_1999');
    expect(totalUnderMetric(thresholdLabel(0.05))).toBe('total_close_approaches_under_005_au');
    expect(yearUnderMetric(thresholdLabel(0.05), 2100)).toBe('close_approaches_under_005_au_year_2100');
  });
});
