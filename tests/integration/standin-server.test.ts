// The stand-in over real HTTP on 127.0.0.1: protocol, gateway behaviour, faults as they look on the wire,
// and the request log against what a client actually received.
import http from 'node:http';
import { describe, expect } from 'vitest';
import type { BrowsePage } from '../../core/schema.ts';
import type { RunningStandin } from '../../standin/server.ts';
import { it } from '../support/fixtures.ts';

const KEY = 'standin-it-key-31b9';

interface RawReply {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body: string;
  /** The whole announced body arrived. */
  complete: boolean;
  error?: string;
}

/** A GET on a fresh connection, reporting what really arrived, cut-off bodies included. */
function rawGet(url: string): Promise<RawReply> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => {});
      response.on('close', () =>
        resolve({
          status: response.statusCode,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
          complete: response.complete,
        }),
      );
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ body: '', complete: false, error: error.code ?? error.message }),
    );
  });
}

const browse = (api: RunningStandin, query: string) => rawGet(`${api.url}/neo/rest/v1/neo/browse?${query}`);

describe('stand-in protocol', () => {
  it('serves browse pages that echo the key, with rate-limit headers, and logs exactly what it sent', async ({
    startStandin,
  }) => {
    const api = await startStandin((standin) => standin.withSeed(3).withCatalogueSize(45));
    const reply = await browse(api, `page=1&size=20&api_key=${KEY}`);
    expect(reply.status).toBe(200);
    expect(reply.headers?.['x-ratelimit-limit']).toBe('1000');
    expect(reply.headers?.['x-ratelimit-remaining']).toBe('999');
    const page = JSON.parse(reply.body) as BrowsePage;
    expect(page.page).toEqual({ size: 20, total_elements: 45, total_pages: 3, number: 1 });
    expect(page.links?.['self']).toBe(`${api.url}/neo/rest/v1/neo/browse?page=1&size=20&api_key=${KEY}`);
    for (const neo of page.near_earth_objects as { links: { self: string } }[])
      expect(neo.links.self).toContain(`api_key=${KEY}`);

    const [entry] = api.requests();
    expect(entry).toMatchObject({ seq: 1, page: 1, size: 20, status: 200, fault: null });
    expect(entry?.body()).toBe(reply.body);
    expect(api.servedNeos()).toEqual(page.near_earth_objects);
  });

  it('answers bad queries, unknown paths and bad keys like the real API', async ({ startStandin }) => {
    const api = await startStandin((standin) => standin.withCatalogueSize(45).withRejectedKeys(['BAD_KEY', 'REVOKED']));
    for (const query of ['size=0', 'size=21', 'page=-1', 'page=abc']) {
      const reply = await browse(api, `${query}&api_key=${KEY}`);
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ code: 400, http_error: 'BAD_REQUEST' });
    }
    expect((await rawGet(`${api.url}/neo/rest/v1/feed?api_key=${KEY}`)).status).toBe(404);
    for (const key of ['BAD_KEY', 'REVOKED']) {
      const reply = await browse(api, `page=0&api_key=${key}`);
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'API_KEY_INVALID' } });
      expect(reply.headers?.['x-ratelimit-limit']).toBeDefined();
    }
    const missing = await browse(api, 'page=0');
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'API_KEY_MISSING' } });
  });

  it('refuses a key past its quota with 429 OVER_RATE_LIMIT until the window frees a slot', async ({
    startStandin,
  }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(45).withRateLimit({ limit: 2, windowMs: 60_000 }),
    );
    const remaining = [];
    for (let k = 0; k < 3; k++)
      remaining.push((await browse(api, `page=${k}&size=1&api_key=${KEY}`)).headers?.['x-ratelimit-remaining']);
    expect(remaining).toEqual(['1', '0', '0']);
    const refused = await browse(api, `page=0&size=1&api_key=${KEY}`);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'OVER_RATE_LIMIT' } });
    expect((await browse(api, `page=0&size=1&api_key=other-key`)).status).toBe(200);
    expect(api.requests().map((r) => r.status)).toEqual([200, 200, 429, 429, 200]);
  });
});

describe('stand-in faults on the wire', () => {
  it('acts out each scripted fault kind', async ({ startStandin }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(45).withFaults({
        rules: [
          { request: 1, kind: '503' },
          { request: 2, kind: 'truncated' },
          { request: 3, kind: 'malformed' },
          { request: 4, kind: 'reset' },
          { request: 5, kind: '429' },
          { request: 6, kind: '403' },
          { request: 7, kind: '502' },
        ],
      }),
    );
    const get = () => browse(api!, `page=0&size=3&api_key=${KEY}`);

    const unavailable = await get();
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers?.['content-type']).toMatch(/text\/html/);

    const truncated = await get();
    expect(truncated.status).toBe(200);
    expect(truncated.complete).toBe(false);
    expect(Number(truncated.headers?.['content-length'])).toBeGreaterThan(Buffer.byteLength(truncated.body));

    const malformed = await get();
    expect(malformed.status).toBe(200);
    expect(malformed.complete).toBe(true);
    expect(() => JSON.parse(malformed.body)).toThrow();

    const reset = await get();
    expect(reset.status).toBeUndefined();
    expect(reset.error).toBe('ECONNRESET');

    const throttled = await get();
    expect(throttled.status).toBe(429);
    // A spurious throttle, not a used-up quota.
    expect(Number(throttled.headers?.['x-ratelimit-remaining'])).toBeGreaterThan(0);

    expect((await get()).status).toBe(403);
    expect((await get()).status).toBe(502);
    const clean = await get();
    expect(clean.status).toBe(200);

    const log = api.requests();
    expect(log.map((r) => r.fault)).toEqual(['503', 'truncated', 'malformed', 'reset', '429', '403', '502', null]);
    expect(log.map((r) => r.status)).toEqual([503, 200, 200, null, 429, 403, 502, 200]);
    // The log holds what was sent: the part before the cut, the broken text, nothing for a reset.
    expect(log[1]?.body()).toBe(truncated.body);
    expect(log[2]?.body()).toBe(malformed.body);
    expect(log[3]?.body()).toBeNull();
    expect(log[7]?.body()).toBe(clean.body);
    expect(truncated.body.length).toBeGreaterThan(0);
    expect(clean.body.startsWith(truncated.body)).toBe(true);
    // Only the clean page counts as served.
    expect(api.servedNeos()).toEqual((JSON.parse(clean.body) as BrowsePage).near_earth_objects);
  });

  it('holds a slow reply back, logs it unsent when the client gives up, and stops promptly with one pending', async ({
    startStandin,
  }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(45).withFaults({ rules: [{ page: 0, kind: 'slow', times: 3 }], slowMs: 300 }),
    );
    const waited = await browse(api, `page=0&size=2&api_key=${KEY}`);
    expect(waited.status).toBe(200);
    expect(api.requests()[0]).toMatchObject({ status: 200, fault: 'slow' });

    const impatient = http.get(`${api.url}/neo/rest/v1/neo/browse?page=0&size=2&api_key=${KEY}`, { agent: false });
    impatient.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    impatient.destroy();
    await new Promise((resolve) => setTimeout(resolve, 600)); // past slowMs: the held reply found its client gone
    expect(api.requests()[1]).toMatchObject({ status: null, fault: 'slow' });
    expect(api.requests()[1]?.body()).toBeNull();

    const pending = browse(api, `page=0&size=2&api_key=${KEY}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await api.stop();
    expect((await pending).status).toBeUndefined();
  });

  it('injects random faults at the seeded rate, reproducibly', async ({ startStandin }) => {
    const run = async () => {
      const standin = await startStandin((api) =>
        api.withCatalogueSize(45).withFaults({ rate: 0.5, seed: 5, kinds: ['500', 'malformed'] }),
      );
      for (let k = 0; k < 40; k++) await browse(standin, `page=0&size=1&api_key=${KEY}`);
      return standin.requests().map((r) => r.fault);
    };
    const faults = await run();
    expect(await run()).toEqual(faults);
    expect(new Set(faults)).toEqual(new Set([null, '500', 'malformed']));
  });

  it('setFaults replaces the plan mid-run', async ({ startStandin }) => {
    const api = await startStandin((standin) => standin.withCatalogueSize(45));
    await browse(api, `page=0&size=1&api_key=${KEY}`);
    api.setFaults({ rules: [{ page: 0, kind: '500' }] });
    await browse(api, `page=0&size=1&api_key=${KEY}`);
    await browse(api, `page=0&size=1&api_key=${KEY}`);
    expect(api.requests().map((r) => r.status)).toEqual([200, 500, 200]);
  });
});
