// A page source that reads the landing zone instead of calling the API (--from-landing). The landed
// request time comes back as requestedAt, so rebuilt rows carry the same ingested_at as the originals.
import { type FetchedPage, type PageSource } from '../run/page-source.ts';
import type { BatchFiles } from '../../core/layout.ts';
import { LandingMissingError, readLanding } from './landing-zone.ts';

export function landingSource(outputDir: string, filesOf: (batch: number) => BatchFiles): PageSource {
  return {
    mode: 'landing',
    async fetch(batch, page, size): Promise<FetchedPage> {
      const files = filesOf(batch);
      const { body, meta } = await readLanding(outputDir, files);
      if (meta.page !== page || meta.size !== size)
        throw new LandingMissingError(`${files.landingMeta} holds page ${meta.page} at size ${meta.size}, not page ${page} at size ${size}`);
      return { body, redactions: meta.redactions, status: meta.status, requestedAt: new Date(meta.requestedAt), attempts: meta.attempts };
    },
    classify: (error) =>
      error instanceof LandingMissingError ? { kind: 'batch-failed', message: error.message, attempts: 0 } : null,
    stats: () => ({ requests: 0, retries: 0 }),
    close: () => {},
  };
}
