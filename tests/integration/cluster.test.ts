// The Spark standalone cluster from docker-compose-cluster.yml, for real: two workers register, a Spark SQL
// job submitted from the submit container computes a known sum, the master lists it as completed, both
// workers ran executors for it, and the history server shows it, stages included, from its event log.
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { aliveWorkers, masterStatus, workerStatus } from '../../spark-job/cluster/cluster-status.ts';
import { pollUntil } from '../../spark-job/cluster/poll.ts';
import { it } from '../support/fixtures.ts';
import { runPythonJson } from '../support/python.ts';
import { SparkTestCluster, type StartedSparkCluster } from '../support/spark-cluster.ts';

const PORT_BASE = 22000;
const HISTORY_URL = `http://127.0.0.1:${PORT_BASE + 90}/api/v1/applications`;

interface HistoryApp {
  id: string;
  name: string;
  attempts: { completed: boolean }[];
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

describe('Spark standalone cluster', () => {
  let cluster: StartedSparkCluster;

  it.beforeAll(async ({ startSparkCluster }) => {
    // Ports base+NN (history server base+90): clear of a developer's cluster on 8080, 18080 and so on.
    cluster = await startSparkCluster(new SparkTestCluster().withName('neo-test-cluster').withPortBase(PORT_BASE));
  });

  it('shows two ALIVE workers with one core each on the master', async () => {
    const status = await masterStatus(cluster.masterUiUrl);
    const workers = aliveWorkers(status);
    expect(workers.map((w) => w.host).sort()).toEqual(['spark-worker-1', 'spark-worker-2']);
    expect(workers.every((w) => w.cores === 1 && w.memory === 1024)).toBe(true);
    for (const url of cluster.workerUiUrls) expect((await workerStatus(url)).id).toMatch(/^worker-/);
  });

  it('runs a Spark SQL job submitted to spark://spark-master:7077 on executors of both workers', async () => {
    const rows = 2_000_003 + Math.floor(Math.random() * 1000);
    const appName = `neo-smoke-${Date.now()}`;
    const output = join(cluster.outputDir, 'smoke');
    const { exitCode, output: log } = await cluster.exec([
      'spark-submit',
      '--master',
      'spark://spark-master:7077',
      '/opt/neo/spark-job/job/run_sql.py',
      '--params',
      JSON.stringify({ rows }),
      '--result',
      '/opt/neo/spark-job/job/smoke.sql=/opt/neo/output/smoke',
      '--app-name',
      appName,
    ]);
    expect(exitCode, log).toBe(0);

    // The sum of 0..rows-1, from the driver and from the Parquet it wrote, read back by DuckDB.
    const expected = { row_count: rows, id_sum: (rows * (rows - 1)) / 2 };
    const printed = JSON.parse(/^RESULT_JSON (.*)$/m.exec(log)?.[1] ?? 'null');
    expect(printed).toEqual([expected]);
    const [written] = runPythonJson<{ row_count: number; id_sum: string }[]>('duckdb_query.py', [
      `SELECT row_count, id_sum::VARCHAR AS id_sum FROM read_parquet('${output}/part-*.parquet')`,
    ]);
    expect({ row_count: written?.row_count, id_sum: Number(written?.id_sum) }).toEqual(expected);

    const app = (await masterStatus(cluster.masterUiUrl)).completedapps.find((a) => a.name === appName);
    expect(app?.state).toBe('FINISHED');
    for (const url of cluster.workerUiUrls) {
      const worker = await workerStatus(url);
      expect(worker.finishedexecutors.map((e) => e.appid)).toContain(app?.id);
    }

    // The history server re-reads spark-events/ every 2 s: the application appears completed within seconds.
    const completed = await pollUntil(
      async () => {
        const apps = await getJson<HistoryApp[]>(`${HISTORY_URL}?status=completed`);
        return apps.find((a) => a.id === app?.id);
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(completed?.name).toBe(appName);
    expect(completed?.attempts.every((attempt) => attempt.completed)).toBe(true);
    const stages = await getJson<{ status: string; numCompleteTasks: number }[]>(`${HISTORY_URL}/${app?.id}/stages`);
    expect(stages.length).toBeGreaterThan(0);
    // The range(0, rows, 1, 8) scan ran as a stage of 8 tasks; no stage failed (AQE may skip one).
    expect(stages.every((stage) => ['COMPLETE', 'SKIPPED'].includes(stage.status))).toBe(true);
    expect(stages.filter((stage) => stage.status === 'COMPLETE').map((stage) => stage.numCompleteTasks)).toContain(8);
  });
});
