import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { type LandingMeta, landPage } from '../../ingest/land/landing-zone.ts';
import { landingSource } from '../../ingest/run/landing-source.ts';
import { sha256Hex } from '../../core/hashing.ts';
import { batchFiles } from '../../core/layout.ts';
import { it } from '../support/fixtures.ts';

const filesOf = (batch: number) => batchFiles(batch, 20);
const envelope = {
  links: { self: 'http://x/browse?page=4&size=20&api_key=REDACTED' },
  page: { size: 20, total_elements: 100, total_pages: 5, number: 4 },
  near_earth_objects: [{ id: '2000433', extra: 'kept as landed' }],
};
const body = JSON.stringify(envelope);
const meta = (overrides: Partial<LandingMeta> = {}): LandingMeta => ({
  batch: 5,
  page: 4,
  size: 20,
  status: 200,
  requestedAt: '2025-01-02T03:04:05.678Z',
  attempts: 2,
  apiUrl: 'http://127.0.0.1:1',
  bytes: Buffer.byteLength(body),
  sha256: sha256Hex(body),
  redacted: true,
  redactions: 1,
  ...overrides,
});

describe('landing zone as a page source (--from-landing)', () => {
  it('gives back the landed body with the original request time and attempts', async ({ tempDir: dir }) => {
    await landPage(dir, filesOf(5), body, meta());
    expect(await readFile(join(dir, 'landing/batch-000005.json'), 'utf8')).toBe(body);
    const page = await landingSource(dir, filesOf).fetch(5, 4, 20);
    expect(page).toEqual({
      body,
      redactions: 1,
      page: envelope,
      status: 200,
      requestedAt: new Date('2025-01-02T03:04:05.678Z'),
      attempts: 2,
    });
  });

  it('fails just the batch, saying what to do, when its landing is missing, altered or of another size', async ({
    tempDir: dir,
  }) => {
    const source = landingSource(dir, filesOf);
    const failure = async (batch: number, size = 20) => {
      const error = await source.fetch(batch, batch - 1, size).then(
        () => null,
        (e: unknown) => e,
      );
      return source.classify(error);
    };
    expect(await failure(7)).toMatchObject({
      kind: 'batch-failed',
      message: expect.stringMatching(/batch-000007.meta.json is missing; run without --from-landing/),
    });

    await landPage(dir, filesOf(5), body, meta());
    expect(await failure(5, 10)).toMatchObject({
      kind: 'batch-failed',
      message: expect.stringMatching(/not page 4 at size 10/),
    });

    await writeFile(join(dir, 'landing/batch-000005.json'), body.replace('2000433', '2000434'));
    expect(await failure(5)).toMatchObject({
      kind: 'batch-failed',
      message: expect.stringMatching(/does not match the checksum/),
    });

    const notAPage = '{"near_earth_objects":[]}';
    await landPage(dir, filesOf(5), notAPage, meta({ bytes: notAPage.length, sha256: sha256Hex(notAPage) }));
    expect(await failure(5)).toMatchObject({
      kind: 'batch-failed',
      message: expect.stringMatching(
        /batch-000005.json: body is not a browse page \(page: .*\); run without --from-landing/,
      ),
    });

    await writeFile(join(dir, 'landing/batch-000005.meta.json'), '{ not json');
    expect(await failure(5)).toMatchObject({
      kind: 'batch-failed',
      message: expect.stringMatching(/not a landing meta file/),
    });
    expect(source.classify(new Error('disk on fire'))).toBeNull();
  });
});
