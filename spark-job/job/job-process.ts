// Runs the docker command that runs the Spark job, and reads what run_sql.py reports on stdout: the one
// line `RESULT_JSON [...]`, and `PROGRESS_JSON {...}` lines as it goes. The driver's other output is kept
// only as a tail, for the error message.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { type JobProgress, JobProgressSchema } from '../report/driver-progress.ts';

const RESULT_PREFIX = 'RESULT_JSON ';
const TIMING_PREFIX = 'TIMING_JSON ';
const PROGRESS_PREFIX = 'PROGRESS_JSON ';
const LOG_TAIL_LINES = 25;
/** ENOSPC as the JVM and Python word it. */
const NO_SPACE = 'No space left on device';

const MetricRowsSchema = z.array(z.object({ metric: z.string(), value: z.number().int() }));
export type MetricRow = z.infer<typeof MetricRowsSchema>[number];

export interface JobExit {
  /** docker's exit code (spark-submit's, passed through); null when killed by a signal. */
  readonly exitCode: number | null;
  /** Rows of the RESULT_JSON line; null when there was none or it did not parse. */
  readonly rows: MetricRow[] | null;
  /** Last lines of the driver's output: Spark's log and any Python traceback. */
  readonly logTail: string[];
  /** Some write failed for want of space (the cause may be far above the tail). */
  readonly diskFull: boolean;
}

/** What a `<prefix>{json}` line holds if `schema` accepts it; null for any other line or a malformed one. */
function taggedJson<T>(prefix: string, schema: z.ZodType<T>, line: string): T | null {
  if (!line.startsWith(prefix)) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(line.slice(prefix.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const parseResultLine = (line: string) => taggedJson(RESULT_PREFIX, MetricRowsSchema, line);
export const parseProgressLine = (line: string) => taggedJson(PROGRESS_PREFIX, JobProgressSchema, line);

export function runJobProcess(
  dockerArgs: readonly string[],
  onProgress: (progress: JobProgress) => void = () => {},
): Promise<JobExit> {
  const child = spawn('docker', [...dockerArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let rows: MetricRow[] | null = null;
  const logTail: string[] = [];
  let diskFull = false;
  const log = (line: string) => {
    diskFull ||= line.includes(NO_SPACE);
    logTail.push(line);
    if (logTail.length > LOG_TAIL_LINES) logTail.shift();
  };
  // spark-submit runs the Python driver with its stderr merged into stdout: a Python traceback (pyarrow
  // failing to write a result, say) arrives there, beside RESULT_JSON.
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = parseResultLine(line);
    const progress = parseProgressLine(line);
    if (parsed !== null) rows = parsed;
    else if (progress !== null) onProgress(progress);
    else if (!line.startsWith(TIMING_PREFIX)) log(line);
  });
  createInterface({ input: child.stderr }).on('line', log);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' comes after both streams have ended, so every line has been seen.
    child.once('close', (exitCode) => resolve({ exitCode, rows, logTail, diskFull }));
  });
}
