// Stages as the Spark driver's REST API lists them (/api/v1/applications/<id>/stages), for the progress tests.
import type { StageJson } from '../../spark-job/report/driver-progress.ts';

const stage = (
  stageId: number,
  status: StageJson['status'],
  numTasks: number,
  done: number,
  active = 0,
  failed = 0,
): StageJson => ({
  stageId,
  attemptId: 0,
  status,
  numTasks,
  numCompleteTasks: done,
  numActiveTasks: active,
  numFailedTasks: failed,
});

/** One of each status, listed out of id order as the driver may: 2 done (one skipped), 2 active, 1 pending. */
export const STAGES = [
  stage(0, 'COMPLETE', 1, 1),
  stage(2, 'ACTIVE', 100, 40, 2, 1),
  stage(1, 'ACTIVE', 8, 3, 1),
  stage(3, 'SKIPPED', 4, 0),
  stage(4, 'PENDING', 4, 0),
];
