// Reads the Spark standalone master's and workers' JSON status pages (/json/), the same data their web
// UIs show: which workers are alive and which applications ran where. Also the bounded wait for workers.
import { fetchJson } from './http.ts';
import { pollUntil } from './poll.ts';

/** The cluster is not there to take a job: containers missing or stopped, or no ALIVE worker in time. */
export class ClusterDown extends Error {
  override readonly name = 'ClusterDown';
}

export interface MasterApp {
  id: string;
  name: string;
  state: string;
  cores: number;
  duration: number;
}

export interface MasterStatus {
  url: string;
  aliveworkers: number;
  workers: { id: string; host: string; state: string; cores: number; memory: number; webuiaddress: string }[];
  activeapps: MasterApp[];
  completedapps: MasterApp[];
}

export interface WorkerStatus {
  id: string;
  executors: { id: number; appid: string }[];
  finishedexecutors: { id: number; appid: string }[];
}

export const masterStatus = (masterUiUrl: string) => fetchJson<MasterStatus>(`${masterUiUrl}/json/`);
export const workerStatus = (workerUiUrl: string) => fetchJson<WorkerStatus>(`${workerUiUrl}/json/`);

export const aliveWorkers = (status: MasterStatus) => status.workers.filter((w) => w.state === 'ALIVE');

const POLL_MS = 1_000;

/** Polls the master until `count` workers are ALIVE; a ClusterDown with what it last saw after timeoutMs. */
export async function waitForAliveWorkers(
  masterUiUrl: string,
  count: number,
  timeoutMs: number,
): Promise<MasterStatus> {
  let last = 'no answer yet';
  const status = await pollUntil(
    async () => {
      try {
        const seen = await masterStatus(masterUiUrl);
        if (aliveWorkers(seen).length >= count) return seen;
        last = `${aliveWorkers(seen).length} of ${count} workers ALIVE`;
      } catch (error) {
        last = (error as Error).message;
      }
      return undefined;
    },
    { timeoutMs, intervalMs: POLL_MS },
  );
  if (status === null)
    throw new ClusterDown(
      `the Spark master at ${masterUiUrl} did not show ${count} ALIVE worker(s) within ${timeoutMs / 1000} s ` +
        `(last: ${last})`,
    );
  return status;
}
