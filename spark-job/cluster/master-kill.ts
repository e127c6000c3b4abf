// Kills an application through the standalone master's web UI, as its (kill) link does. A driver in the
// submit container outlives the `docker exec` client that started it, so Ctrl-C must go this way.
// Spark 4 guards the kill form with a CSRF token, read from the master's page beside the application.
import { masterStatus } from './cluster-status.ts';
import { request } from './http.ts';
import { pollUntil } from './poll.ts';

/** The token of the kill form for `appId` on the master's HTML page, or null when it has none. */
export function killFormToken(masterPage: string, appId: string): string | null {
  const escaped = appId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`name="id" value="${escaped}"[\\s\\S]*?name="csrfToken" value="([^"]+)"`).exec(masterPage);
  return match?.[1] ?? null;
}

/**
 * Waits (up to `waitMs`) for the application named `appName` to register, then kills it. Returns
 * whether a kill was sent; false when it had finished already or never showed up.
 */
export async function killApplication(
  masterUiUrl: string,
  appName: string,
  waitMs: number,
  pollMs = 1_000,
): Promise<boolean> {
  const app = await pollUntil(
    async () => {
      const status = await masterStatus(masterUiUrl).catch(() => null);
      // Finished already: nothing to kill, stop looking.
      if (status?.completedapps.some((done) => done.name === appName)) return null;
      return status?.activeapps.find((candidate) => candidate.name === appName);
    },
    { timeoutMs: waitMs, intervalMs: pollMs },
  );
  if (app === null) return false;
  const page = await request(`${masterUiUrl}/`);
  const body = new URLSearchParams({
    id: app.id,
    terminate: 'true',
    csrfToken: killFormToken(page.body, app.id) ?? '',
  });
  const answer = await request(`${masterUiUrl}/app/kill/`, { method: 'POST', body, redirect: 'manual' });
  return answer.status < 400;
}
