// The Browse protocol as the stand-in speaks it: query parsing, the page envelope, and the gateway's
// error bodies. Replies are plain values so the server can both send them and re-create them for its log.
import type { BrowsePage } from '../core/schema.ts';
import type { Catalogue } from './catalogue.ts';

export const BROWSE_PATH = '/neo/rest/v1/neo/browse';
export const MAX_PAGE_SIZE = 20;
const DEFAULT_PAGE_SIZE = 20;

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type BrowseQuery =
  { readonly ok: true; readonly page: number; readonly size: number } | { readonly ok: false; readonly reason: string };

function nonNegativeInteger(text: string | null, fallback: number): number {
  if (text === null) return fallback;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

export function parseBrowseQuery(params: URLSearchParams): BrowseQuery {
  const page = nonNegativeInteger(params.get('page'), 0);
  const size = nonNegativeInteger(params.get('size'), DEFAULT_PAGE_SIZE);
  if (!Number.isSafeInteger(page)) return { ok: false, reason: 'page must be a non-negative integer' };
  if (!(size >= 1 && size <= MAX_PAGE_SIZE))
    return { ok: false, reason: `size must be between 1 and ${MAX_PAGE_SIZE}` };
  return { ok: true, page, size };
}

const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: 'application/json;charset=UTF-8',
  body: JSON.stringify(value),
});

/** The api.data.gov gateway's error shape (403, 429). */
export const gatewayError = (status: number, code: string, message: string): Reply =>
  json(status, { error: { code, message } });

/** The NeoWs application's own error shape (400, 404). */
export const applicationError = (status: number, httpError: string, message: string): Reply =>
  json(status, { code: status, http_error: httpError, error_message: message });

const REASONS: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
};

/** What a proxy in front of the API sends when the backend fails. */
export function htmlError(status: number): Reply {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return {
    status,
    contentType: 'text/html',
    body:
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
      `<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
  };
}

export function browseReply(catalogue: Catalogue, page: number, size: number, baseUrl: string, apiKey: string): Reply {
  const totalPages = Math.ceil(catalogue.size / size);
  const pageUrl = (number: number) =>
    `${baseUrl}${BROWSE_PATH}?page=${number}&size=${size}&api_key=${encodeURIComponent(apiKey)}`;
  const first = page * size;
  const last = Math.min(first + size, catalogue.size);
  const envelope: BrowsePage = {
    links: {
      ...(page + 1 < totalPages ? { next: pageUrl(page + 1) } : {}),
      ...(page > 0 ? { prev: pageUrl(page - 1) } : {}),
      self: pageUrl(page),
    },
    page: { size, total_elements: catalogue.size, total_pages: totalPages, number: page },
    near_earth_objects: Array.from({ length: Math.max(0, last - first) }, (_, k) =>
      catalogue.recordAt(first + k, { baseUrl, apiKey }),
    ),
  };
  return json(200, envelope);
}
