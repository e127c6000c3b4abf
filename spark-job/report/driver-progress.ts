// Job progress as the driver reports it: run_sql.py (--progress-s) prints its status tracker's stages as
// `PROGRESS_JSON {...}` lines (job-process.ts reads them), in the shape of the driver UI's REST API
// (/api/v1/applications/<id>/stages). Asked in-process, it costs the driver nothing; polling that REST API
// cost about 2 s of a 20 s job here. Nothing here prints; progress-display.ts does.
import { z } from 'zod';

const StageSchema = z.object({
  stageId: z.number().int(),
  attemptId: z.number().int(),
  status: z.enum(['ACTIVE', 'COMPLETE', 'PENDING', 'SKIPPED', 'FAILED']),
  numTasks: z.number().int(),
  numActiveTasks: z.number().int(),
  numCompleteTasks: z.number().int(),
  numFailedTasks: z.number().int(),
});
export const JobProgressSchema = z.object({ appId: z.string(), stages: z.array(StageSchema) });

export type StageJson = z.infer<typeof StageSchema>;
export type JobProgress = z.infer<typeof JobProgressSchema>;

export interface ProgressSummary {
  readonly stagesDone: number;
  readonly stagesKnown: number;
  readonly activeStageIds: readonly number[];
  readonly tasksDone: number;
  readonly tasksKnown: number;
  readonly tasksRunning: number;
  readonly tasksFailed: number;
}

/** Totals over the stages planned so far; skipped stages (reused shuffle output) count as done, without tasks. */
export function summarizeProgress(stages: readonly StageJson[]): ProgressSummary {
  const counted = stages.filter((stage) => stage.status !== 'SKIPPED');
  const sum = (pick: (stage: StageJson) => number) => counted.reduce((total, stage) => total + pick(stage), 0);
  return {
    stagesDone: stages.filter((stage) => stage.status === 'COMPLETE' || stage.status === 'SKIPPED').length,
    stagesKnown: stages.length,
    activeStageIds: stages
      .filter((stage) => stage.status === 'ACTIVE')
      .map((stage) => stage.stageId)
      .sort((a, b) => a - b),
    tasksDone: sum((stage) => stage.numCompleteTasks),
    tasksKnown: sum((stage) => stage.numTasks),
    tasksRunning: sum((stage) => stage.numActiveTasks),
    tasksFailed: sum((stage) => stage.numFailedTasks),
  };
}
