// The progress line shown while a Spark job runs (spark-job/report/progress-display.ts).
import { expect, it } from 'vitest';
import { progressLine } from '../../spark-job/report/progress-display.ts';
import { STAGES } from '../support/spark-stages.ts';

it('says so while the driver is not up yet, then shows the application and its stages', () => {
  expect(progressLine(null, 2_400)).toBe('waiting for the Spark driver (2 s)');
  expect(progressLine({ appId: 'app-1', stages: STAGES }, 12_000)).toBe(
    'app-1: stages 2/5 done, running 1 2; tasks 44/113 done, 3 running, 1 failed (12 s)',
  );
});
