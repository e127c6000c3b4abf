// What an HTTP response means for a browse fetch: a page, a fault worth retrying, or a stop.
import { BrowsePageSchema, type BrowsePage } from '../../core/schema.ts';
import { ApiKeyRejectedError, RetryableFault, UnexpectedResponseError } from './errors.ts';
import type { Redactor } from '../land/redact.ts';
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
    throw new RetryableFault('malformed', `HTTP ${status} body is not a browse page (${safe(where)})`, status);
  }
  return parsed.data;
}
