// The result table the Spark job prints (spark-job/report/report.ts).
import { describe, expect, it } from 'vitest';
import { formatResultTable } from '../../spark-job/report/report.ts';

describe('result table', () => {
  it('aligns metric names left and values right', () => {
    expect(
      formatResultTable([
        { metric: 'neos', value: 180 },
        { metric: 'close_approaches_total', value: 37458 },
      ]),
    ).toBe(
      [
        'metric                  value',
        '----------------------  -----',
        'neos                      180',
        'close_approaches_total  37458',
        '',
      ].join('\n'),
    );
  });
});
