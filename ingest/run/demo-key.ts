// DEMO_KEY works without signing up, but its gateway limits are tight: say so before a run spends them.
import { DEMO_KEY } from '../config.ts';
import type { IngestConfig } from '../types.ts';

/** DEMO_KEY's gateway limits, per IP. */
export const DEMO_KEY_LIMITS = { hourly: 30, daily: 50 } as const;

/** The warnings for a run that will send `requests` requests; none with a key of one's own. */
export function demoKeyWarnings(
  config: Pick<IngestConfig, 'apiKey' | 'keySource' | 'onQuota'>,
  requests: number,
): string[] {
  if (config.apiKey !== DEMO_KEY) return [];
  const { hourly, daily } = DEMO_KEY_LIMITS;
  const why = config.keySource === 'default' ? 'no NASA_API_KEY set' : 'NASA_API_KEY is DEMO_KEY';
  const warnings = [
    `using ${DEMO_KEY} (${why}): limited to ${hourly} requests/hour and ${daily}/day per IP. ` +
      'Get a free key at https://api.nasa.gov and set NASA_API_KEY (environment or .env).',
  ];
  if (requests > hourly) {
    const expect =
      config.onQuota === 'stop'
        ? 'expect it to stop at the quota (exit 5) and resume on a later run'
        : 'expect it to wait for the quota, up to an hour at a time';
    warnings.push(`this run needs ${requests} requests, more than ${DEMO_KEY} allows per hour: ${expect}`);
  }
  return warnings;
}
