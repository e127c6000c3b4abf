// The run's page source for --from-landing: the landing zone instead of the API. The landed request
// time comes back as requestedAt, so rebuilt rows carry the same ingested_at as the originals.
import type { BatchFiles } from '../../core/layout.ts';
import { parseBrowsePage } from '../fetch/parse-page.ts';
import { LandingMissingError, readLanding } from '../land/landing-zone.ts';
import type { FetchedPage, PageSource } from '../types.ts';

export function landingSource(outputDir: string, filesOf: (batch: number) => BatchFiles): PageSource {
  return {
    mode: 'landing',
    async fetch(batch, page, size): Promise<FetchedPage> {
      const files = filesOf(batch);
      const { body, meta } = await readLanding(outputDir, files);
      if (meta.page !== page || meta.size !== size) {
        throw new LandingMissingError(
          `${files.landingMeta} holds page ${meta.page} at size ${meta.size}, not page ${page} at size ${size}`,
        );
      }
      // Landed bodies were redacted before landing: the problem text cannot hold the key.
      const parsed = parseBrowsePage(body);
      if ('problem' in parsed) {
        throw new LandingMissingError(
          `${files.landingBody}: ${parsed.problem}; run without --from-landing to fetch it again`,
        );
      }
      const { redactions, status, attempts } = meta;
      return { body, redactions, page: parsed.page, status, requestedAt: new Date(meta.requestedAt), attempts };
    },
    classify: (error) =>
      error instanceof LandingMissingError ? { kind: 'batch-failed', message: error.message, attempts: 0 } : null,
    stats: () => ({ requests: 0, retries: 0 }),
    close: () => {},
  };
}
