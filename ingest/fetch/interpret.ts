// What an HTTP response means for a browse fetch: a page, a fault worth retrying, or a stop.
import type { BrowsePage } from '../../core/schema.ts';
import type { Redactor } from '../types.ts';
import { ApiKeyRejectedError, RetryableFault, UnexpectedResponseError } from './errors.ts';
import { parseBrowsePage } from './parse-page.ts';
import type { RawResponse } from './request.ts';

function apiErrorCode(body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : 'no error code';
  } catch {
    return 'no error code';
  }
}

/** The parsed page of a 2xx, or throws. Texts quoted from the response go through `redact`. */
export function interpretResponse(page: number, response: RawResponse, redact: Redactor): BrowsePage {
  const safe = (text: string) => redact(text).text;
  const { status, body } = response;
  if (status === 403) throw new ApiKeyRejectedError(page, safe(apiErrorCode(body)));
  if (status === 429) throw new RetryableFault('rate-limited', `HTTP 429 ${safe(apiErrorCode(body))}`, status);
  if (status >= 500) throw new RetryableFault('server-error', `HTTP ${status}`, status);
  if (status < 200 || status >= 300) {
    throw new UnexpectedResponseError(page, status, safe(body).slice(0, 200));
  }
  const parsed = parseBrowsePage(body);
  if ('problem' in parsed) throw new RetryableFault('malformed', `HTTP ${status} ${safe(parsed.problem)}`, status);
  return parsed.page;
}
