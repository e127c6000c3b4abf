// The API echoes `api_key=<key>` in every `links` URL. Everything that leaves the process (landing files,
// quarantine files, manifest errors, log lines) goes through a redactor first, replacing the key the way
// NASA's own 2017 fixtures were redacted: `api_key=REDACTED`.
import type { Redactor } from '../types.ts';

export const REDACTED = 'REDACTED';

const API_KEY_PARAM = /(api_key=)([^&"'\s<>#]*)/g;

export function makeRedactor(key: string): Redactor {
  // The literal key too (an error message may quote it outside a URL), raw and percent-encoded.
  const literals = [...new Set([key, encodeURIComponent(key)])].filter((s) => s.length > 0);
  return (text) => {
    let count = 0;
    let out = text.replace(API_KEY_PARAM, (_match, prefix: string, value: string) => {
      if (value !== REDACTED) count += 1;
      return `${prefix}${REDACTED}`;
    });
    for (const literal of literals) {
      const parts = out.split(literal);
      count += parts.length - 1;
      out = parts.join(REDACTED);
    }
    return { text: out, count };
  };
}
