// Reads the Spark standalone master's and workers' JSON status pages (/json/), the same data their web
// UIs show: which workers are alive and which applications ran where.

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

export async function fetchJson<T>(url: string, timeoutMs = 5_000): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return (await response.json()) as T;
}

export const masterStatus = (masterUiUrl: string) => fetchJson<MasterStatus>(`${masterUiUrl}/json/`);
export const workerStatus = (workerUiUrl: string) => fetchJson<WorkerStatus>(`${workerUiUrl}/json/`);

export const aliveWorkers = (status: MasterStatus) => status.workers.filter((w) => w.state === 'ALIVE');

/** Polls the master until `count` workers are ALIVE; throws with what it last saw. */
export async function waitForAliveWorkers(masterUiUrl: string, count: number, timeoutMs: number): Promise<MasterStatus> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const status = await masterStatus(masterUiUrl);
      if (aliveWorkers(status).length >= count) return status;
      last = `${aliveWorkers(status).length} of ${count} workers alive`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((done) => setTimeout(done, 1_000));
  }
  throw new Error(`Spark master at ${masterUiUrl} did not show ${count} ALIVE workers within ${timeoutMs / 1000} s (${last})`);
}
