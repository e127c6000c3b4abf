import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REDACTED, makeRedactor } from '../../ingest/fetch/redact.ts';
import { FIXTURE_DIR } from '../../standin/fixtures.ts';

const KEY = 'SECRET-KEY-12345';

describe('key redaction', () => {
  it('replaces api_key values in links the way the 2017 fixtures were redacted', async () => {
    const fixture = await readFile(`${FIXTURE_DIR}browse-page-0001.json`, 'utf8');
    // Put a key back where NASA's gateway echoed it, then redact again: we get the fixture back.
    const withKey = fixture.replaceAll(`api_key=${REDACTED}`, `api_key=${KEY}`);
    const echoed = fixture.split(`api_key=${REDACTED}`).length - 1;
    expect(echoed).toBeGreaterThan(20);
    const { text, count } = makeRedactor(KEY)(withKey);
    expect(text).toBe(fixture);
    expect(count).toBe(echoed);
  });

  it('leaves a body without the key byte for byte unchanged', () => {
    const body = '{"links":{"self":"http://x/neo/browse?page=1&size=20"},"name":"433 Eros (A898 PA)"}';
    expect(makeRedactor(KEY)(body)).toEqual({ text: body, count: 0 });
  });

  it('redacts any api_key parameter, the literal key and its percent-encoded form', () => {
    const key = 'abc+def/ghi';
    const redact = makeRedactor(key);
    const { text, count } = redact(
      `GET /browse?api_key=${encodeURIComponent(key)}&page=2 failed; key ${key} was rejected; api_key=OTHER`,
    );
    expect(text).toBe(
      `GET /browse?api_key=${REDACTED}&page=2 failed; key ${REDACTED} was rejected; api_key=${REDACTED}`,
    );
    expect(text).not.toContain(key);
    expect(count).toBe(3);
  });

  it('does not count keys that were already redacted', () => {
    expect(makeRedactor(KEY)(`?api_key=${REDACTED}`).count).toBe(0);
  });
});
