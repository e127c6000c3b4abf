// Shows job progress on stderr: a live cli-progress line (tasks bar plus stages) on a terminal; otherwise
// plain lines, one when the stages change and a heartbeat now and then, so logs stay short.
import { Presets, SingleBar } from 'cli-progress';
import type { JobProgress } from './driver-progress.ts';
import { summarizeProgress } from './driver-progress.ts';

const HEARTBEAT_MS = 15_000;

export interface ProgressDisplay {
  show(progress: JobProgress | null, elapsedMs: number): void;
  /** Ends the live line, if any. */
  finish(): void;
}

export function progressLine(progress: JobProgress | null, elapsedMs: number): string {
  const elapsed = `${Math.round(elapsedMs / 1000)} s`;
  if (progress === null) return `waiting for the Spark driver (${elapsed})`;
  const s = summarizeProgress(progress.stages);
  const running = s.activeStageIds.length > 0 ? `, running ${s.activeStageIds.join(' ')}` : '';
  const failed = s.tasksFailed > 0 ? `, ${s.tasksFailed} failed` : '';
  const tasks = `tasks ${s.tasksDone}/${s.tasksKnown} done, ${s.tasksRunning} running${failed}`;
  return `${progress.appId}: stages ${s.stagesDone}/${s.stagesKnown} done${running}; ${tasks} (${elapsed})`;
}

/** What a plain-line log reports a change of: not every task, only stages and failures. */
function milestone(progress: JobProgress | null): string {
  if (progress === null) return 'waiting';
  const s = summarizeProgress(progress.stages);
  return `${progress.appId} ${s.stagesDone}/${s.stagesKnown} ${s.activeStageIds.join(',')} ${s.tasksFailed}`;
}

export function progressDisplay(stream: NodeJS.WriteStream, { quiet }: { quiet: boolean }): ProgressDisplay {
  if (quiet) return { show() {}, finish() {} };
  if (stream.isTTY) {
    const bar = new SingleBar(
      { stream, format: ' {bar} {value}/{total} tasks | {status}', hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    let started = false;
    return {
      show(progress, elapsedMs) {
        const s = progress === null ? null : summarizeProgress(progress.stages);
        const payload = { status: progressLine(progress, elapsedMs) };
        if (!started) bar.start(Math.max(1, s?.tasksKnown ?? 1), s?.tasksDone ?? 0, payload);
        else {
          bar.setTotal(Math.max(1, s?.tasksKnown ?? 1));
          bar.update(s?.tasksDone ?? 0, payload);
        }
        started = true;
      },
      finish() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastMilestone = '';
  let lastPrintedMs = -Infinity;
  return {
    show(progress, elapsedMs) {
      const now = milestone(progress);
      if (now === lastMilestone && elapsedMs - lastPrintedMs < HEARTBEAT_MS) return;
      stream.write(`${progressLine(progress, elapsedMs)}\n`);
      lastMilestone = now;
      lastPrintedMs = elapsedMs;
    },
    finish() {},
  };
}
