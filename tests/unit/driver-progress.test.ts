// Progress from the driver's stage list (spark-job/report/driver-progress.ts).
import { expect, it } from 'vitest';
import { summarizeProgress } from '../../spark-job/report/driver-progress.ts';
import { STAGES } from '../support/spark-stages.ts';

it('sums tasks over the stages planned so far; skipped stages count as done without tasks', () => {
  expect(summarizeProgress(STAGES)).toEqual({
    stagesDone: 2,
    stagesKnown: 5,
    activeStageIds: [1, 2],
    tasksDone: 44,
    tasksKnown: 113,
    tasksRunning: 3,
    tasksFailed: 1,
  });
});
