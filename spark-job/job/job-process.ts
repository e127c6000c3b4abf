// Runs the docker command that runs the Spark job, and reads what run_sql.py reports: the one stdout line
// `RESULT_JSON [...]`. The driver's other output is kept only as a tail, for the error message.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';

const RESULT_PREFIX = 'RESULT_JSON ';
const TIMING_PREFIX = 'TIMING_JSON ';
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

/** The rows of a RESULT_JSON line, or null for any other line or a malformed one. */
export function parseResultLine(line: string): MetricRow[] | null {
  if (!line.startsWith(RESULT_PREFIX)) return null;
  try {
    const parsed = MetricRowsSchema.safeParse(JSON.parse(line.slice(RESULT_PREFIX.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function runJobProcess(dockerArgs: readonly string[]): Promise<JobExit> {
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
    if (parsed !== null) rows = parsed;
    else if (!line.startsWith(TIMING_PREFIX)) log(line);
  });
  createInterface({ input: child.stderr }).on('line', log);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' comes after both streams have ended, so every line has been seen.
    child.once('close', (exitCode) => resolve({ exitCode, rows, logTail, diskFull }));
  });
}
