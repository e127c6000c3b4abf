// Kills an application through the standalone master's web UI, as its (kill) link does. A driver in the
// submit container outlives the `docker exec` client that started it, so Ctrl-C must go this way.
// Spark 4 guards the kill form with a CSRF token, read from the master's page beside the application.
import { masterStatus } from './cluster-status.ts';

const REQUEST_TIMEOUT_MS = 5_000;

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
export async function killApplication(masterUiUrl: string, appName: string, waitMs: number, pollMs = 1_000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const status = await masterStatus(masterUiUrl).catch(() => null);
    if (status?.completedapps.some((app) => app.name === appName)) return false;
    const app = status?.activeapps.find((candidate) => candidate.name === appName);
    if (app !== undefined) {
      const page = await fetch(`${masterUiUrl}/`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then((r) => r.text());
      const body = new URLSearchParams({ id: app.id, terminate: 'true', csrfToken: killFormToken(page, app.id) ?? '' });
      const answer = await fetch(`${masterUiUrl}/app/kill/`, { method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      return answer.status < 400;
    }
    await new Promise((done) => setTimeout(done, pollMs));
  }
  return false;
}
