// Job progress from the driver's REST API (the data behind its web UI on port 4040): the application
// with our app name, and its stages' task counts. Nothing here prints; progress-display.ts does.
import { fetchJson } from '../cluster/http.ts';

interface ApplicationJson {
  id: string;
  name: string;
}

export interface StageJson {
  stageId: number;
  attemptId: number;
  status: 'ACTIVE' | 'COMPLETE' | 'PENDING' | 'SKIPPED' | 'FAILED';
  numTasks: number;
  numActiveTasks: number;
  numCompleteTasks: number;
  numFailedTasks: number;
}

export interface JobProgress {
  readonly appId: string;
  readonly stages: readonly StageJson[];
}

const POLL_TIMEOUT_MS = 2_000;

/**
 * The progress of application `appName` on the driver UI at `driverUiUrl`, or null while that UI is
 * not up or shows another application (a second driver in the same container gets the next port).
 */
export async function readJobProgress(driverUiUrl: string, appName: string): Promise<JobProgress | null> {
  try {
    const apps = await fetchJson<ApplicationJson[]>(`${driverUiUrl}/api/v1/applications`, POLL_TIMEOUT_MS);
    const app = apps.find((candidate) => candidate.name === appName);
    if (app === undefined) return null;
    const stages = await fetchJson<StageJson[]>(`${driverUiUrl}/api/v1/applications/${app.id}/stages`, POLL_TIMEOUT_MS);
    return { appId: app.id, stages };
  } catch {
    return null;
  }
}

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
