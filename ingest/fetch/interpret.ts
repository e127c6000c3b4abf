// What an HTTP response means for a browse fetch: a page, a fault worth retrying, or a stop.
import { BrowsePageSchema, type BrowsePage } from '../schema.ts';
import { ApiKeyRejectedError, RetryableFault, UnexpectedResponseError } from './errors.ts';
import { redact } from './redact.ts';
import type { RawResponse } from './request.ts';

function apiErrorCode(body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : 'no error code';
  } catch {
    return 'no error code';
  }
}

/** The parsed page of a 2xx, or throws. Texts from the response are redacted with `apiKey`. */
export function interpretResponse(page: number, response: RawResponse, apiKey: string): BrowsePage {
  const { status, body } = response;
  if (status === 403) throw new ApiKeyRejectedError(page, redact(apiErrorCode(body), apiKey));
  if (status === 429) throw new RetryableFault('rate-limited', `HTTP 429 ${redact(apiErrorCode(body), apiKey)}`, status);
  if (status >= 500) throw new RetryableFault('server-error', `HTTP ${status}`, status);
  if (status < 200 || status >= 300) {
    throw new UnexpectedResponseError(page, status, redact(body, apiKey).slice(0, 200));
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // The parser's message quotes the body, possibly a piece of the key in a link: leave it out.
    throw new RetryableFault('malformed', `HTTP ${status} body is not valid JSON (${body.length} chars)`, status);
  }
  const parsed = BrowsePageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid';
    throw new RetryableFault('malformed', `HTTP ${status} body is not a browse page (${redact(where, apiKey)})`, status);
  }
  return parsed.data;
}
