// A body to a browse page, or the reason it is not one. The API's responses and the landed bodies of a
// --from-landing run are parsed by this one function; each caller decides what a bad body means.
import { BrowsePageSchema, type BrowsePage } from '../../core/schema.ts';

export type ParsedPage = { readonly page: BrowsePage } | { readonly problem: string };

/** The problem text may quote the body (zod's path and message): redact it before it leaves. */
export function parseBrowsePage(body: string): ParsedPage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // The parser's message quotes the body, possibly a piece of the key in a link: leave it out.
    return { problem: `body is not valid JSON (${body.length} chars)` };
  }
  const parsed = BrowsePageSchema.safeParse(json);
  if (parsed.success) return { page: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid';
  return { problem: `body is not a browse page (${where})` };
}
