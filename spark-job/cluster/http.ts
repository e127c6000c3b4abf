// GETs and form POSTs to the Spark web UIs, each with a bound that really fires. Node 20's fetch never
// settles when a socket is closed without a reply (docker-proxy does that while a container's port is
// not listening yet), and AbortSignal.timeout's timer is unreferenced: the process would exit 13 with the
// request pending. A referenced timer aborts the request, body included, and says why.

/** Longest wait for one reply, whole body included. */
export const REQUEST_TIMEOUT_MS = 5_000;

export interface Reply {
  readonly status: number;
  readonly body: string;
}

export async function request(url: string, init: RequestInit = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Reply> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no reply from ${url} within ${timeoutMs / 1000} s`)),
    timeoutMs,
  );
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    // fetch's own message is just "fetch failed": say which server and why (refused, closed, reset).
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`no reply from ${url}: ${cause}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

export async function fetchJson<T>(url: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
  const reply = await request(url, {}, timeoutMs);
  if (reply.status >= 400) throw new Error(`${url} answered HTTP ${reply.status}`);
  return JSON.parse(reply.body) as T;
}
