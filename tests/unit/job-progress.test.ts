// Progress read from the driver's REST API, the lines shown for it, the result table, and the kill form.
import { describe, expect, it } from 'vitest';
import { type StageJson, summarizeProgress } from '../../spark-job/report/driver-progress.ts';
import { killFormToken } from '../../spark-job/cluster/master-kill.ts';
import { progressLine } from '../../spark-job/report/progress-display.ts';
import { formatResultTable } from '../../spark-job/report/report.ts';

const stage = (stageId: number, status: StageJson['status'], numTasks: number, done: number, active = 0, failed = 0): StageJson => ({
  stageId, attemptId: 0, status, numTasks, numCompleteTasks: done, numActiveTasks: active, numFailedTasks: failed,
});

describe('progress', () => {
  const stages = [stage(0, 'COMPLETE', 1, 1), stage(2, 'ACTIVE', 100, 40, 2, 1), stage(1, 'ACTIVE', 8, 3, 1), stage(3, 'SKIPPED', 4, 0), stage(4, 'PENDING', 4, 0)];

  it('sums tasks over the stages planned so far; skipped stages count as done without tasks', () => {
    expect(summarizeProgress(stages)).toEqual({
      stagesDone: 2, stagesKnown: 5, activeStageIds: [1, 2], tasksDone: 44, tasksKnown: 113, tasksRunning: 3, tasksFailed: 1,
    });
  });

  it('says so while the driver is not up yet, then shows the application and its stages', () => {
    expect(progressLine(null, 2_400)).toBe('waiting for the Spark driver (2 s)');
    expect(progressLine({ appId: 'app-1', stages }, 12_000)).toBe(
      'app-1: stages 2/5 done, running 1 2; tasks 44/113 done, 3 running, 1 failed (12 s)',
    );
  });
});

describe('result table', () => {
  it('aligns metric names left and values right', () => {
    expect(formatResultTable([{ metric: 'neos', value: 180 }, { metric: 'close_approaches_total', value: 37458 }])).toBe(
      ['metric                  value', '----------------------  -----', 'neos                      180', 'close_approaches_total  37458', ''].join('\n'),
    );
  });
});

describe('kill form token', () => {
  // As the Spark 4.3 master page renders an active application.
  const page = `
    <a href="app/?appId=app-20261125111759-0006">app-20261125111759-0006</a>
    <form action="app/kill/" method="POST" class="d-inline">
    <input type="hidden" name="id" value="app-20261125111759-0006"/>
    <input type="hidden" name="terminate" value="true"/>
    <input type="hidden" name="csrfToken" value="aaaa"/>
    </form>
    <form action="app/kill/" method="POST" class="d-inline">
    <input type="hidden" name="id" value="app-20261125111759-0007"/>
    <input type="hidden" name="terminate" value="true"/>
    <input type="hidden" name="csrfToken" value="9b4a49061aa3d9c66e9d4eed906e0e64"/>
    </form>`;

  it('takes the token of the form for that application', () => {
    expect(killFormToken(page, 'app-20261125111759-0007')).toBe('9b4a49061aa3d9c66e9d4eed906e0e64');
    expect(killFormToken(page, 'app-20261125111759-0006')).toBe('aaaa');
    expect(killFormToken(page, 'app-1')).toBeNull();
  });
});
