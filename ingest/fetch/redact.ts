// The API key travels in URLs (ours and the API's own links), so any text that may have seen one is
// scrubbed before it reaches an error, an event or a log line.

export const REDACTED = '[REDACTED]';

/** `text` with every occurrence of `secret` (raw or URL-encoded) replaced. */
export function redact(text: string, secret: string): string {
  if (secret === '') return text;
  return text.replaceAll(secret, REDACTED).replaceAll(encodeURIComponent(secret), REDACTED);
}
