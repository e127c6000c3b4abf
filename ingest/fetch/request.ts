// One GET of a browse page over axios. The body is taken as text, exactly as received. Failures below
// HTTP (timeouts, resets, bodies cut short) become RetryableFaults; axios errors never leave this file,
// since their config carries the URL with the key.
import type { AxiosInstance } from 'axios';
import { RetryableFault, type FaultReason } from './errors.ts';
import type { RateLimitInfo } from './quota.ts';

export const BROWSE_PATH = '/neo/rest/v1/neo/browse';

export interface PageRequest {
  readonly page: number;
  readonly size: number;
  readonly apiKey: string;
  /** Deadline for the whole response, headers and body. */
  readonly timeoutMs: number;
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly rateLimit: RateLimitInfo;
}

const NETWORK_REASONS: Readonly<Record<string, FaultReason>> = {
  ECONNABORTED: 'timeout',
  ETIMEDOUT: 'timeout',
  ERR_CANCELED: 'timeout', // our overall deadline fired
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  ERR_BAD_RESPONSE: 'truncated', // axios: "stream has been aborted" part-way through the body
};

function headerNumber(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : null;
}

/** Only the error code is read; message and config (which hold the URL) are dropped. */
function faultFromError(error: unknown, timeoutMs: number): RetryableFault {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
  const reason = NETWORK_REASONS[code] ?? 'network';
  const what = {
    timeout: `no complete response within ${timeoutMs} ms`,
    'connection-reset': 'connection reset',
    truncated: 'body cut short before Content-Length',
    network: 'network error',
  }[reason as 'timeout' | 'connection-reset' | 'truncated' | 'network'];
  return new RetryableFault(reason, `${what} (${code})`);
}

export async function getBrowsePage(http: AxiosInstance, request: PageRequest): Promise<RawResponse> {
  try {
    const response = await http.get<string>(BROWSE_PATH, {
      params: { page: request.page, size: request.size, api_key: request.apiKey },
      responseType: 'text',
      transformResponse: (data: string) => data,
      validateStatus: () => true,
      // axios' own timeout only bounds silence on the socket; the signal bounds the whole response.
      timeout: request.timeoutMs,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    return {
      status: response.status,
      body: response.data,
      rateLimit: {
        limit: headerNumber(response.headers['x-ratelimit-limit']),
        remaining: headerNumber(response.headers['x-ratelimit-remaining']),
      },
    };
  } catch (error) {
    throw faultFromError(error, request.timeoutMs);
  }
}
