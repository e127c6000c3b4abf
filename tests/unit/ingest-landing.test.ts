import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { landingSource } from '../../ingest/land/landing-source.ts';
import { type LandingMeta, landPage, sha256Text } from '../../ingest/land/landing-zone.ts';
import { batchFiles } from '../../core/layout.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ingest-landing-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const filesOf = (batch: number) => batchFiles(batch, 20);
const body = '{"links":{"self":"http://x/browse?page=4&size=20&api_key=REDACTED"},"near_earth_objects":[]}';
const meta = (overrides: Partial<LandingMeta> = {}): LandingMeta => ({
  batch: 5,
  page: 4,
  size: 20,
  status: 200,
  requestedAt: '2025-01-02T03:04:05.678Z',
  attempts: 2,
  apiUrl: 'http://127.0.0.1:1',
  bytes: Buffer.byteLength(body),
  sha256: sha256Text(body),
  redacted: true,
  redactions: 1,
  ...overrides,
});

describe('landing zone as a page source (--from-landing)', () => {
  it('gives back the landed body with the original request time and attempts', async () => {
    await landPage(dir, filesOf(5), body, meta());
    expect(await readFile(join(dir, 'landing/batch-000005.json'), 'utf8')).toBe(body);
    const page = await landingSource(dir, filesOf).fetch(5, 4, 20);
    expect(page).toEqual({ body, redactions: 1, status: 200, requestedAt: new Date('2025-01-02T03:04:05.678Z'), attempts: 2 });
  });

  it('fails just the batch, saying what to do, when its landing is missing, altered or of another size', async () => {
    const source = landingSource(dir, filesOf);
    const failure = async (batch: number, size = 20) => {
      const error = await source.fetch(batch, batch - 1, size).then(
        () => null,
        (e: unknown) => e,
      );
      return source.classify(error);
    };
    expect(await failure(7)).toMatchObject({ kind: 'batch-failed', message: expect.stringMatching(/batch-000007.meta.json is missing; run without --from-landing/) });

    await landPage(dir, filesOf(5), body, meta());
    expect(await failure(5, 10)).toMatchObject({ kind: 'batch-failed', message: expect.stringMatching(/not page 4 at size 10/) });

    await writeFile(join(dir, 'landing/batch-000005.json'), body.replace('[]', '[{}]'));
    expect(await failure(5)).toMatchObject({ kind: 'batch-failed', message: expect.stringMatching(/does not match the checksum/) });

    await writeFile(join(dir, 'landing/batch-000005.meta.json'), '{ not json');
    expect(await failure(5)).toMatchObject({ kind: 'batch-failed', message: expect.stringMatching(/not a landing meta file/) });
    expect(source.classify(new Error('disk on fire'))).toBeNull();
  });
});
